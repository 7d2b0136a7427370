//! `#[facet(default)]` on a struct, in every self-describing format, as
//! facet's builder reads it: an object that sets none of the fields is the
//! struct's own `Default`; in one that sets some, each missing field takes
//! its own default (`#[facet(default = …)]`) or else its type's; fields
//! present are read as anywhere else (lists and maps included), and a
//! TOML table entered again later keeps what its first part set. Each case
//! is compared with the expected value and with `FormatDeserializer`.

mod common;

use facet::Facet;

use common::{Format, Json, MsgPack, Toml, Yaml, both, ours, ours_reject};

fn five() -> u16 {
    5
}

/// A `Default` that differs from the fields' types' defaults, so that
/// where each missing value comes from shows.
#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(default)]
struct Server {
    name: String,
    #[facet(default = five())]
    port: u16,
    tags: Vec<String>,
    items: Vec<Item>,
    limit: Option<u32>,
}

impl Default for Server {
    fn default() -> Self {
        Server {
            name: "default".into(),
            port: 100,
            tags: vec!["t".into()],
            items: vec![Item { a: 100 }],
            limit: Some(100),
        }
    }
}

#[derive(Facet, Debug, PartialEq, Clone)]
struct Item {
    a: u32,
}

/// A field whose type has no `Default`.
#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(default)]
struct NeedsItem {
    n: u32,
    item: Item,
}

impl Default for NeedsItem {
    fn default() -> Self {
        NeedsItem {
            n: 1,
            item: Item { a: 1 },
        }
    }
}

#[derive(Facet, Debug, PartialEq, Clone)]
struct Root {
    server: Server,
    other: Item,
}

fn partial() -> Server {
    Server {
        name: "x".into(),
        port: 5,
        tags: vec![],
        items: vec![],
        limit: None,
    }
}

fn with_lists() -> Server {
    Server {
        name: String::new(),
        port: 5,
        tags: vec!["a".into(), "b".into()],
        items: vec![Item { a: 1 }],
        limit: None,
    }
}

// t[verify walk.container-default]
fn container_default<F: Format>(empty: &[u8], name_only: &[u8], lists: &[u8]) {
    both::<F, _>(empty, Server::default());
    both::<F, _>(name_only, partial());
    both::<F, _>(lists, with_lists());
}

#[test]
fn json() {
    container_default::<Json>(
        b"{}",
        br#"{"name": "x"}"#,
        br#"{"tags": ["a", "b"], "items": [{"a": 1}]}"#,
    );
}

#[test]
fn yaml() {
    container_default::<Yaml>(b"{}", b"name: x\n", b"tags: [a, b]\nitems:\n  - a: 1\n");
}

#[test]
fn toml() {
    // The root table is read once: empty, it is the `Default`.
    container_default::<Toml>(
        b"",
        b"name = \"x\"\n",
        b"tags = [\"a\", \"b\"]\n[[items]]\na = 1\n",
    );
}

#[test]
fn msgpack() {
    #[derive(Facet)]
    struct Empty {}
    #[derive(Facet)]
    struct NameOnly {
        name: String,
    }
    #[derive(Facet)]
    struct Lists {
        tags: Vec<String>,
        items: Vec<Item>,
    }
    container_default::<MsgPack>(
        &MsgPack::write(&Empty {}),
        &MsgPack::write(&NameOnly { name: "x".into() }),
        &MsgPack::write(&Lists {
            tags: vec!["a".into(), "b".into()],
            items: vec![Item { a: 1 }],
        }),
    );
}

/// A TOML table entered again after another keeps what its first part
/// set, and takes the rest (an array of tables too) from the later part.
#[test]
fn toml_tables_entered_again() {
    let doc = b"[server]\nname = \"x\"\n[other]\na = 1\n[[server.items]]\na = 2\n";
    both::<Toml, _>(
        doc,
        Root {
            server: Server {
                items: vec![Item { a: 2 }],
                ..partial()
            },
            other: Item { a: 1 },
        },
    );
    let doc = b"[server]\nname = \"x\"\n[other]\na = 1\n[server.extra]\n";
    both::<Toml, _>(
        doc,
        Root {
            server: partial(),
            other: Item { a: 1 },
        },
    );
}

/// An empty TOML table may be entered again later, so its fields are
/// filled one by one (each its own default, else its type's), where
/// FormatDeserializer, which fills at the end of the document, writes the
/// struct's `Default` (the README says so).
#[test]
fn toml_empty_table() {
    let doc = b"[server]\n[other]\na = 1\n";
    ours::<Toml, _>(
        doc,
        Root {
            server: Server {
                name: String::new(),
                ..partial()
            },
            other: Item { a: 1 },
        },
    );
    let theirs = Toml::theirs::<Root>(doc).unwrap();
    assert_eq!(theirs.server, Server::default());
}

/// A missing field whose type has no `Default` is missing, named as the
/// input names it.
#[test]
fn a_field_without_any_default_is_missing() {
    fn check<F: Format>(input: &[u8]) {
        let msg = common::both_reject::<F, NeedsItem>(input);
        assert!(
            msg.starts_with("missing field item in NeedsItem at $"),
            "{}: {msg}",
            F::NAME
        );
    }
    check::<Json>(br#"{"n": 2}"#);
    check::<Yaml>(b"n: 2\n");
    // In TOML, trame's validation at the end of the document names it.
    let msg = ours_reject::<Toml, NeedsItem>(b"n = 2\n");
    assert!(msg.contains("item"), "{msg}");
    assert!(Toml::theirs::<NeedsItem>(b"n = 2\n").is_err());
    // Set whole when nothing is given.
    both::<Json, _>(b"{}", NeedsItem::default());
}

#[derive(Facet, Debug, PartialEq)]
#[facet(default)]
struct Flat {
    a: u32,
    #[facet(flatten)]
    inner: FlatInner,
}

impl Default for Flat {
    fn default() -> Self {
        Flat {
            a: 100,
            inner: FlatInner { b: 100, c: 100 },
        }
    }
}

#[derive(Facet, Debug, PartialEq, Default)]
#[facet(default)]
struct FlatInner {
    b: u32,
    #[facet(default = 7)]
    c: u32,
}

/// With flattened fields, every field is filled one by one, each its own
/// default or its type's, whatever keys came; a flattened struct's fields
/// by its own attributes (FormatDeserializer refuses these: its solver
/// finds no configuration).
#[test]
fn flattened_fields_are_filled_one_by_one() {
    let expected = |a, b| Flat {
        a,
        inner: FlatInner { b, c: 7 },
    };
    ours::<Json, _>(b"{}", expected(0, 0));
    ours::<Json, _>(br#"{"b": 2}"#, expected(0, 2));
    ours::<Yaml, _>(b"a: 1\n", expected(1, 0));
    assert!(Json::theirs::<Flat>(br#"{"b": 2}"#).is_err());
    // A flattened struct without the attribute needs its fields.
    let msg = ours_reject::<Json, Strictly>(br#"{"a": 1}"#);
    assert_eq!(msg, "missing field b in Strictly at $ (line 1, column 8)");
}

#[derive(Facet, Debug, PartialEq, Default)]
#[facet(default)]
struct Strictly {
    a: u32,
    #[facet(flatten)]
    inner: Item2,
}

#[derive(Facet, Debug, PartialEq, Default)]
struct Item2 {
    b: u32,
}
