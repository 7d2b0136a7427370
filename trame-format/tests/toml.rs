//! TOML (facet-toml's parser): every attribute that applies, reopened
//! tables and interleaved arrays of tables (trame's deferred mode),
//! compared with the expected value and with what facet-format's
//! `FormatDeserializer` builds (in deferred mode, as `facet_toml` does).

mod common;

use std::collections::BTreeMap;

use facet::Facet;

use common::types::*;
use common::{Format, Toml, both, both_reject, ours, ours_reject, roundtrip};

#[test]
fn rename_alias_rename_all() {
    both::<Toml, _>(
        b"full-name = \"Ada\"\nage = 36\n",
        Renamed {
            name: "Ada".into(),
            age: 36,
        },
    );
    both::<Toml, _>(
        b"first-name = \"Ada\"\nlast-name = \"L\"\n",
        Kebab {
            first_name: "Ada".into(),
            last_name: "L".into(),
        },
    );
    both::<Toml, _>(
        b"colour = \"red\"\n",
        Aliased {
            color: "red".into(),
        },
    );
}

#[test]
fn defaults_and_skip() {
    both::<Toml, _>(
        b"a = 1\n",
        Defaults {
            a: 1,
            b: 0,
            c: 7,
            d: None,
            list: vec![],
        },
    );
    // Missing fields of a `#[facet(default)]` struct: their types' defaults.
    both::<Toml, _>(
        b"name = \"m\"\n",
        ContainerDefault {
            a: 0,
            name: "m".into(),
            list: vec![],
        },
    );
    // FormatDeserializer's deferred mode does not fill skipped fields.
    ours::<Toml, _>(
        b"a = 1\n",
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
    assert!(Toml::theirs::<Skipped>(b"a = 1\n").is_err());
}

#[test]
fn deny_unknown_fields() {
    both::<Toml, _>(b"a = 1\n", Strict { a: 1 });
    let msg = both_reject::<Toml, Strict>(b"a = 1\nb = 2\n");
    assert!(
        msg.starts_with(r#"unknown field "b" in Strict at $"#),
        "{msg}"
    );
    both::<Toml, _>(b"a = 1\n[b]\nc = [1, {d = 2}]\n", Lenient { a: 1 });
}

#[test]
fn flatten() {
    both::<Toml, _>(
        b"x = 2\nid = 1\ny = \"y\"\n",
        Flat {
            id: 1,
            inner: Inner {
                x: 2,
                y: "y".into(),
            },
        },
    );
    both_reject::<Toml, Flat>(b"x = 2\nid = 1\n");
}

#[derive(Facet, Debug, PartialEq)]
struct Server {
    name: String,
    port: Option<u16>,
}

#[derive(Facet, Debug, PartialEq)]
struct Section {
    x: u32,
    y: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Reopened {
    a: Section,
    b: Section,
    servers: Vec<Server>,
    deps: BTreeMap<String, Section>,
}

#[test]
fn reopened_tables_and_arrays_of_tables() {
    let input = b"[a]\nx = 1\n[b]\nx = 3\ny = 4\n[[servers]]\nname = \"alpha\"\n[a]\ny = 2\n[[servers]]\nname = \"beta\"\nport = 80\n[deps.p]\nx = 5\ny = 6\n";
    let expected = Reopened {
        a: Section { x: 1, y: 2 },
        b: Section { x: 3, y: 4 },
        servers: vec![
            Server {
                name: "alpha".into(),
                port: None,
            },
            Server {
                name: "beta".into(),
                port: Some(80),
            },
        ],
        deps: BTreeMap::from([("p".into(), Section { x: 5, y: 6 })]),
    };
    both::<Toml, _>(input, expected);
    // A table left incomplete is reported when the document ends.
    let msg =
        both_reject::<Toml, Reopened>(b"servers = []\n[a]\nx = 1\n[b]\nx = 3\ny = 4\n[deps]\n");
    assert!(
        msg.starts_with("missing field y in Section at $.a"),
        "{msg}"
    );
}

#[test]
fn servers_interleaved_with_other_tables() {
    #[derive(Facet, Debug, PartialEq)]
    struct Doc {
        servers: Vec<Server>,
        db: Section,
    }
    both::<Toml, _>(
        b"[[servers]]\nname = \"a\"\n[db]\nx = 1\ny = 2\n[[servers]]\nname = \"b\"\n",
        Doc {
            servers: vec![
                Server {
                    name: "a".into(),
                    port: None,
                },
                Server {
                    name: "b".into(),
                    port: None,
                },
            ],
            db: Section { x: 1, y: 2 },
        },
    );
}

#[test]
fn enums() {
    #[derive(Facet, Debug, PartialEq)]
    struct Holder {
        e: External,
        i: Internal,
        a: Adjacent,
        u: Vec<Untagged>,
    }
    both::<Toml, _>(
        b"e = \"Unit\"\nu = [1, \"t\", {x = 1, y = 2}]\n[i]\ntype = \"Circle\"\nr = 1.5\n[a]\nt = \"Num\"\nc = 3\n",
        Holder {
            e: External::Unit,
            i: Internal::Circle { r: 1.5 },
            a: Adjacent::Num(3),
            u: vec![Untagged::Int(1), Untagged::Text("t".into()), Untagged::Point { x: 1, y: 2 }],
        },
    );
    #[derive(Facet, Debug, PartialEq)]
    struct One {
        e: External,
    }
    both::<Toml, _>(
        b"[e.Struct]\nx = 1\n",
        One {
            e: External::Struct { x: 1, y: None },
        },
    );
    both::<Toml, _>(
        b"e = { Tuple = [1, \"a\"] }\n",
        One {
            e: External::Tuple(1, "a".into()),
        },
    );
}

#[test]
fn collections_roundtrip() {
    #[derive(Facet, Debug, PartialEq)]
    struct C {
        v: Vec<u32>,
        m: BTreeMap<String, u32>,
        t: (u32, String),
        a: [u8; 2],
    }
    let c = C {
        v: vec![1, 2],
        m: BTreeMap::from([("k".into(), 1)]),
        t: (1, "s".into()),
        a: [3, 4],
    };
    roundtrip::<Toml, _>(&c);
}

#[test]
#[ignore = "facet-toml 0.50.0-rc.7 writes an array of inline tables without commas"]
fn array_of_inline_tables_roundtrip() {
    #[derive(Facet, Debug, PartialEq)]
    struct N {
        nested: Vec<Inner>,
    }
    roundtrip::<Toml, _>(&N {
        nested: vec![
            Inner {
                x: 1,
                y: "a".into(),
            },
            Inner {
                x: 2,
                y: "b".into(),
            },
        ],
    });
}

#[test]
fn errors() {
    let input = b"list = []\n[inner]\nx = \"one\"\ny = \"a\"\n";
    let msg = both_reject::<Toml, Nested>(input);
    assert!(
        msg.starts_with(r#"expected u32, found string "one" at $.inner.x (offset "#),
        "{msg}"
    );
    let err = Toml::ours::<Nested>(input).unwrap_err().with_input(input);
    assert_eq!(
        err.to_string(),
        r#"expected u32, found string "one" at $.inner.x (line 3, column 5)"#
    );
    let err = Toml::ours::<Nested>(b"x = = 1\n").unwrap_err();
    assert!(err.to_string().starts_with("invalid input"), "{err}");
    let msg = ours_reject::<Toml, Lenient>(b"a = 1.5\n");
    assert!(
        msg.starts_with("expected u32, found float 1.5 at $.a"),
        "{msg}"
    );
}

#[test]
fn pointers_newtypes_sets_result() {
    both::<Toml, _>(
        b"n = [3]\nb = \"s\"\n",
        HasNewtype {
            n: Newtype(3),
            b: "s".into(),
        },
    );
    #[derive(Facet, Debug, PartialEq)]
    struct P {
        o: Option<Box<Inner>>,
        s: std::collections::BTreeSet<String>,
        r: Result<u32, String>,
    }
    // FormatDeserializer's deferred mode leaves the `Result` uninitialized
    // (it rejects this input); trame-format builds it.
    let input = b"s = [\"b\", \"a\", \"b\"]\nr = { Ok = 1 }\n[o]\nx = 1\ny = \"z\"\n";
    assert!(Toml::theirs::<P>(input).is_err());
    ours::<Toml, _>(
        b"s = [\"b\", \"a\", \"b\"]\nr = { Ok = 1 }\n[o]\nx = 1\ny = \"z\"\n",
        P {
            o: Some(Box::new(Inner {
                x: 1,
                y: "z".into(),
            })),
            s: ["a".to_string(), "b".to_string()].into(),
            r: Ok(1),
        },
    );
}

/// A parser that names its format (or not), around facet-toml's.
struct Named<P>(P, Option<&'static str>);

impl<'de, P: facet_format::FormatParser<'de>> facet_format::FormatParser<'de> for Named<P> {
    fn next_event(
        &mut self,
    ) -> Result<Option<facet_format::ParseEvent<'de>>, facet_format::ParseError> {
        self.0.next_event()
    }
    fn peek_event(
        &mut self,
    ) -> Result<Option<facet_format::ParseEvent<'de>>, facet_format::ParseError> {
        self.0.peek_event()
    }
    fn skip_value(&mut self) -> Result<(), facet_format::ParseError> {
        self.0.skip_value()
    }
    fn save(&mut self) -> facet_format::SavePoint {
        self.0.save()
    }
    fn restore(&mut self, save_point: facet_format::SavePoint) {
        self.0.restore(save_point)
    }
    fn format_namespace(&self) -> Option<&'static str> {
        self.1
    }
}

#[test]
fn tables_reopen_where_the_parser_names_toml() {
    // facet-toml's parser names no format in this version: it is known by
    // its type. Any other parser that names "toml" reopens tables too; one
    // that names no format does not.
    let input = "[a]\nx = 1\n[b]\nx = 3\ny = 4\n[a]\ny = 2\n";
    #[derive(Facet, Debug, PartialEq)]
    struct Two {
        a: Section,
        b: Section,
    }
    let expected = Two {
        a: Section { x: 1, y: 2 },
        b: Section { x: 3, y: 4 },
    };
    let parser = || facet_toml::TomlParser::new(input).unwrap();
    assert_eq!(
        trame_format::from_parser::<Two, _>(parser()).unwrap(),
        expected
    );
    let named = trame_format::from_parser::<Two, _>(Named(parser(), Some("toml")));
    assert_eq!(named.unwrap(), expected);
    let err = trame_format::from_parser::<Two, _>(Named(parser(), None)).unwrap_err();
    assert!(err.to_string().contains("$.a"), "{err}");
}

/// A table left incomplete when the document ends names the missing key
/// as the document writes it (`rename_all`), not as Rust does.
#[test]
fn missing_keys_are_named_as_the_document_names_them() {
    #[derive(Facet, Debug, PartialEq)]
    #[facet(rename_all = "kebab-case")]
    struct Pool {
        max_conn: u32,
        idle_secs: u32,
    }
    #[derive(Facet, Debug, PartialEq)]
    #[facet(rename_all = "kebab-case")]
    struct Doc {
        db_pool: Pool,
        cache_pool: Pool,
    }
    let msg = ours_reject::<Toml, Doc>(
        b"[db-pool]\nmax-conn = 1\n[cache-pool]\nmax-conn = 2\nidle-secs = 3\n",
    );
    assert!(
        msg.starts_with("missing field idle-secs in Pool at $.db-pool"),
        "{msg}"
    );
}

/// Basic strings without escapes and literal strings are lent by the
/// parser: a `&str` borrows them; a `Cow` borrows where it can.
#[test]
fn borrowed_strings() {
    let input = b"s = \"plain\"\nc = 'literal'\n";
    let b: Borrowed<'_> = common::same::<Toml, _>(input);
    assert_eq!(b.s, "plain");
    assert_eq!(b.c, "literal");
    let text = core::str::from_utf8(input).unwrap();
    let range = text.as_ptr() as usize..text.as_ptr() as usize + text.len();
    assert!(
        range.contains(&(b.s.as_ptr() as usize)),
        "borrowed from the input"
    );
}
