//! `#[facet(flatten)]` of a map: the catch-all that takes every key no
//! other field names, in JSON, YAML, TOML and MessagePack, compared with
//! the expected value and (where it can read the input) with facet-format's
//! `FormatDeserializer`.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::types::{Body, Inner, Listing, Message, Paging};
use common::{Json, MsgPack, Toml, Yaml, both, both_reject, ours, ours_reject};
use facet::Facet;
use facet_value::Value;

/// Known fields, and the rest in a map of numbers.
#[derive(Facet, Debug, PartialEq)]
struct Open {
    id: u32,
    #[facet(flatten)]
    rest: HashMap<String, u32>,
}

/// The rest as dynamic values.
#[derive(Facet, Debug, PartialEq)]
struct OpenValues {
    name: String,
    #[facet(flatten)]
    rest: BTreeMap<String, Value>,
}

/// `deny_unknown_fields` with a catch-all: no key is unknown.
#[derive(Facet, Debug, PartialEq)]
#[facet(deny_unknown_fields)]
struct OpenStrict {
    id: u32,
    #[facet(flatten)]
    rest: BTreeMap<String, u32>,
}

/// A flattened struct takes its keys first; the map takes the others.
#[derive(Facet, Debug, PartialEq)]
struct Layered {
    id: u32,
    #[facet(flatten)]
    inner: Inner,
    #[facet(flatten)]
    rest: BTreeMap<String, String>,
}

fn open(id: u32, rest: &[(&str, u32)]) -> Open {
    Open {
        id,
        rest: rest.iter().map(|&(k, v)| (k.to_owned(), v)).collect(),
    }
}

fn layered(rest: &[(&str, &str)]) -> Layered {
    Layered {
        id: 1,
        inner: Inner {
            x: 2,
            y: "y".into(),
        },
        rest: rest
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    }
}

#[test]
// t[verify walk.flatten.catch-all]
fn json_catch_all_takes_unknown_keys_in_any_order() {
    both::<Json, _>(
        br#"{"id": 1, "a": 2, "b": 3}"#,
        open(1, &[("a", 2), ("b", 3)]),
    );
    both::<Json, _>(br#"{"a": 2, "id": 1}"#, open(1, &[("a", 2)]));
    both::<Json, _>(br#"{"id": 1}"#, open(1, &[]));
    both::<Json, _>(
        br#"{"id": 1, "z": 9}"#,
        OpenStrict {
            id: 1,
            rest: [("z".to_owned(), 9)].into(),
        },
    );
    both::<Json, _>(
        br#"{"q": "1", "x": 2, "id": 1, "y": "y", "r": "2"}"#,
        layered(&[("q", "1"), ("r", "2")]),
    );
    let mut rest = BTreeMap::new();
    rest.insert("n".to_owned(), Value::from(1i64));
    rest.insert("list".to_owned(), facet_json::from_str("[true]").unwrap());
    both::<Json, _>(
        br#"{"n": 1, "name": "a", "list": [true]}"#,
        OpenValues {
            name: "a".into(),
            rest,
        },
    );
}

#[test]
fn json_catch_all_errors_name_the_key() {
    let msg = both_reject::<Json, Open>(br#"{"id": 1, "extra": "x"}"#);
    assert_eq!(
        msg,
        r#"expected u32, found string "x" at $.extra (line 1, column 20)"#
    );
    let msg = both_reject::<Json, Open>(br#"{"a": 2}"#);
    assert!(msg.contains("missing") && msg.contains("id"), "{msg}");
}

#[test]
fn yaml_catch_all() {
    both::<Yaml, _>(b"a: 2\nid: 1\nb: 3\n", open(1, &[("a", 2), ("b", 3)]));
    both::<Yaml, _>(b"q: '1'\nx: 2\nid: 1\ny: 'y'\n", layered(&[("q", "1")]));
}

#[test]
fn toml_catch_all() {
    both::<Toml, _>(b"a = 2\nid = 1\nb = 3\n", open(1, &[("a", 2), ("b", 3)]));
    both::<Toml, _>(
        b"q = \"1\"\nx = 2\nid = 1\ny = \"y\"\n",
        layered(&[("q", "1")]),
    );
}

#[test]
fn msgpack_catch_all() {
    /// The same keys as `Open` with two extra, written as a plain struct.
    #[derive(Facet)]
    struct Wire {
        a: u32,
        id: u32,
        b: u32,
    }
    let bytes = facet_msgpack::to_vec(&Wire { a: 2, id: 1, b: 3 }).unwrap();
    // FormatDeserializer looks ahead for flatten with the parser's own
    // save/restore, which facet-msgpack does not implement: trame-format
    // only.
    ours::<MsgPack, _>(&bytes, open(1, &[("a", 2), ("b", 3)]));
}

fn listing(paging: Option<(u32, u32)>) -> Listing {
    Listing {
        id: 1,
        paging: paging.map(|(page, per_page)| Paging { page, per_page }),
    }
}

#[test]
fn flattened_option_is_some_when_one_of_its_keys_comes() {
    both::<Json, _>(br#"{"id": 1}"#, listing(None));
    both::<Json, _>(
        br#"{"page": 2, "id": 1, "per_page": 5}"#,
        listing(Some((2, 5))),
    );
    both::<Json, _>(br#"{"id": 1, "page": 3}"#, listing(Some((3, 20))));
    both::<Yaml, _>(b"page: 2\nid: 1\n", listing(Some((2, 20))));
    both::<Toml, _>(b"id = 1\n", listing(None));
    both::<Toml, _>(b"per_page = 4\nid = 1\npage = 9\n", listing(Some((9, 4))));
    // One of its keys without the others it needs: the struct is missing
    // a field.
    let msg = both_reject::<Json, Listing>(br#"{"id": 1, "per_page": 5}"#);
    assert_eq!(
        msg,
        "missing field page in Listing at $ (line 1, column 24)"
    );
}

#[test]
fn flattened_enum_is_chosen_by_a_key_naming_a_variant() {
    let msg = |body| Message { id: 7, body };
    both::<Json, _>(
        br#"{"id": 7, "Text": {"text": "hi"}}"#,
        msg(Body::Text { text: "hi".into() }),
    );
    both::<Json, _>(br#"{"Code": 3, "id": 7}"#, msg(Body::Code(3)));
    // A unit variant's key with null: FormatDeserializer refuses it (it
    // expects no value after the key); trame-format reads the unit.
    ours::<Json, _>(br#"{"id": 7, "Ping": null}"#, msg(Body::Ping));
    both::<Yaml, _>(b"Code: 3\nid: 7\n", msg(Body::Code(3)));
    both::<Toml, _>(
        b"id = 7\n[Text]\ntext = \"hi\"\n",
        msg(Body::Text { text: "hi".into() }),
    );
    // No variant key: the enum is missing.
    let err = both_reject::<Json, Message>(br#"{"id": 7}"#);
    assert!(err.starts_with("missing field body"), "{err}");
    // Two variant keys.
    let err = ours_reject::<Json, Message>(br#"{"id": 7, "Code": 3, "Code": 4}"#);
    assert!(err.starts_with("duplicate field body"), "{err}");
}

/// Flatten of an internally tagged enum: its tag and its variant's fields
/// among the owner's keys.
#[derive(Facet, Debug, PartialEq)]
struct Drawing {
    name: String,
    #[facet(flatten)]
    shape: Figure,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(tag = "type")]
#[repr(u8)]
enum Figure {
    Circle { r: u32 },
    Rect { w: u32, h: u32 },
    Dot,
}

#[test]
// t[verify walk.flatten.variants]
fn flattened_internally_tagged_enum() {
    let drawing = |shape| Drawing {
        name: "d".into(),
        shape,
    };
    both::<Json, _>(
        br#"{"name": "d", "type": "Circle", "r": 2}"#,
        drawing(Figure::Circle { r: 2 }),
    );
    both::<Json, _>(
        br#"{"w": 3, "name": "d", "h": 4, "type": "Rect"}"#,
        drawing(Figure::Rect { w: 3, h: 4 }),
    );
    both::<Json, _>(br#"{"type": "Dot", "name": "d"}"#, drawing(Figure::Dot));
    both::<Yaml, _>(
        b"r: 5\ntype: Circle\nname: d\n",
        drawing(Figure::Circle { r: 5 }),
    );
    both::<Toml, _>(
        b"name = \"d\"\ntype = \"Rect\"\nw = 1\nh = 2\n",
        drawing(Figure::Rect { w: 1, h: 2 }),
    );
    let msg = both_reject::<Json, Drawing>(br#"{"name": "d", "type": "Rect", "w": 3}"#);
    assert_eq!(msg, "missing field h in Drawing at $ (line 1, column 37)");
    // Named at the start of the map that lacks it.
    let msg = both_reject::<Json, Drawing>(br#"{"name": "d", "r": 3}"#);
    assert_eq!(
        msg,
        r#"missing tag "type" of Figure at $ (line 1, column 1)"#
    );
}

/// Flatten inside a struct variant, externally and internally tagged.
#[derive(Facet, Debug, PartialEq)]
struct Opts {
    verbose: bool,
    #[facet(default)]
    level: u8,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Cmd {
    Run {
        name: String,
        #[facet(flatten)]
        opts: Opts,
    },
    Stop,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(tag = "cmd")]
#[repr(u8)]
enum Tagged {
    Run {
        name: String,
        #[facet(flatten)]
        opts: Opts,
        #[facet(flatten)]
        rest: BTreeMap<String, u32>,
    },
}

#[test]
fn flatten_inside_enum_variants() {
    let run = |verbose, level| Cmd::Run {
        name: "x".into(),
        opts: Opts { verbose, level },
    };
    both::<Json, _>(br#"{"Run": {"verbose": true, "name": "x"}}"#, run(true, 0));
    both::<Json, _>(
        br#"{"Run": {"name": "x", "level": 3, "verbose": false}}"#,
        run(false, 3),
    );
    both::<Yaml, _>(b"Run:\n  verbose: true\n  name: x\n", run(true, 0));
    both::<Toml, _>(b"[Run]\nverbose = true\nname = \"x\"\n", run(true, 0));
    let msg = both_reject::<Json, Cmd>(br#"{"Run": {"name": "x"}}"#);
    assert_eq!(
        msg,
        "missing field verbose in Cmd::Run at $.Run (line 1, column 21)"
    );
    let tagged = Tagged::Run {
        name: "x".into(),
        opts: Opts {
            verbose: true,
            level: 0,
        },
        rest: [("extra".to_owned(), 5)].into(),
    };
    // FormatDeserializer reports the catch-all missing here
    // (`missing field rest`): trame-format's reading only.
    ours::<Json, _>(
        br#"{"extra": 5, "cmd": "Run", "verbose": true, "name": "x"}"#,
        tagged,
    );
}
