//! `#[facet(flatten)]` of a map: the catch-all that takes every key no
//! other field names, in JSON, YAML, TOML and MessagePack, compared with
//! the expected value and (where it can read the input) with facet-format's
//! `FormatDeserializer`.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::types::{Body, Inner, Listing, Message, Paging};
use common::{Format, Json, MsgPack, Toml, Yaml, both, both_reject, ours, ours_reject};
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

/// Flatten of an untagged enum: the variant whose fields the owner's keys
/// are, in any order.
#[derive(Facet, Debug, PartialEq)]
struct Located {
    name: String,
    #[facet(flatten)]
    place: Place,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(untagged)]
#[repr(u8)]
enum Place {
    Point {
        x: i32,
        y: i32,
    },
    Address {
        street: String,
        #[facet(default)]
        number: u32,
    },
    Nowhere,
}

#[test]
// t[verify walk.flatten.variants]
fn flattened_untagged_enum() {
    let located = |place| Located {
        name: "n".into(),
        place,
    };
    both::<Json, _>(
        br#"{"x": 1, "name": "n", "y": -2}"#,
        located(Place::Point { x: 1, y: -2 }),
    );
    both::<Json, _>(
        br#"{"name": "n", "street": "Main"}"#,
        located(Place::Address {
            street: "Main".into(),
            number: 0,
        }),
    );
    // No key of a variant with fields: the unit variant (as serde reads
    // it); facet's deserializer reports the field missing.
    let input: &[u8] = br#"{"name": "n"}"#;
    assert!(Json::theirs::<Located>(input).is_err());
    ours::<Json, _>(input, located(Place::Nowhere));
    both::<Yaml, _>(
        b"street: Elm\nnumber: 4\nname: \"n\"\n",
        located(Place::Address {
            street: "Elm".into(),
            number: 4,
        }),
    );
    both::<Toml, _>(
        b"y = 3\nname = \"n\"\nx = 2\n",
        located(Place::Point { x: 2, y: 3 }),
    );
    let bytes = rmp_map(&[("name", "n"), ("street", "Oak")]);
    ours::<MsgPack, _>(
        &bytes,
        located(Place::Address {
            street: "Oak".into(),
            number: 0,
        }),
    );
    // A variant's field of the wrong type is an error at the owner's level.
    let msg = ours_reject::<Json, Located>(br#"{"name": "n", "x": true, "y": 2}"#);
    assert!(msg.contains("at $.x"), "{msg}");
}

/// Flatten of an adjacently tagged enum: its tag and content keys among
/// the owner's (serde's reading). facet's deserializer finds every variant
/// possible there and gives up (`Ambiguous`): a documented difference.
#[derive(Facet, Debug, PartialEq)]
struct Event {
    id: u32,
    #[facet(flatten)]
    body: Payload,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(tag = "t", content = "c")]
#[repr(u8)]
enum Payload {
    Count(u32),
    Move { dx: i8, dy: i8 },
    Quit,
}

#[test]
// t[verify walk.flatten.variants]
fn flattened_adjacently_tagged_enum() {
    let event = |body| Event { id: 1, body };
    let input: &[u8] = br#"{"c": 5, "id": 1, "t": "Count"}"#;
    assert!(Json::theirs::<Event>(input).is_err());
    ours::<Json, _>(input, event(Payload::Count(5)));
    ours::<Json, _>(
        br#"{"id": 1, "t": "Move", "c": {"dy": -1, "dx": 2}}"#,
        event(Payload::Move { dx: 2, dy: -1 }),
    );
    ours::<Json, _>(br#"{"t": "Quit", "id": 1}"#, event(Payload::Quit));
    ours::<Yaml, _>(b"id: 1\nt: Count\nc: 7\n", event(Payload::Count(7)));
    ours::<Toml, _>(
        b"id = 1\nt = \"Move\"\nc = { dx = 1, dy = 1 }\n",
        event(Payload::Move { dx: 1, dy: 1 }),
    );
    let msg = ours_reject::<Json, Event>(br#"{"id": 1, "t": "Count"}"#);
    assert!(msg.starts_with("missing field c in Event"), "{msg}");
    let msg = ours_reject::<Json, Event>(br#"{"id": 1, "t": "Jump", "c": 1}"#);
    assert!(
        msg.starts_with("unknown variant \"Jump\" of Payload"),
        "{msg}"
    );
    let msg = ours_reject::<Json, Event>(br#"{"id": 1, "t": "Count", "c": 1, "c": 2}"#);
    assert!(msg.starts_with("duplicate field"), "{msg}");
}

/// Flattened tagged enums and flatten inside a struct variant, from
/// MessagePack documents written by facet-msgpack from plain structs with
/// the same keys (trame-format only: FormatDeserializer's look-ahead calls
/// facet-msgpack's unimplemented `save`).
#[test]
fn msgpack_flattened_enums() {
    #[derive(Facet)]
    struct AdjacentWire {
        c: u32,
        id: u32,
        t: &'static str,
    }
    let bytes = facet_msgpack::to_vec(&AdjacentWire {
        c: 9,
        id: 1,
        t: "Count",
    })
    .unwrap();
    ours::<MsgPack, _>(
        &bytes,
        Event {
            id: 1,
            body: Payload::Count(9),
        },
    );

    #[derive(Facet)]
    struct InternalWire {
        w: u32,
        name: &'static str,
        #[facet(rename = "type")]
        kind: &'static str,
        h: u32,
    }
    let wire = InternalWire {
        w: 3,
        name: "d",
        kind: "Rect",
        h: 4,
    };
    let bytes = facet_msgpack::to_vec(&wire).unwrap();
    ours::<MsgPack, _>(
        &bytes,
        Drawing {
            name: "d".into(),
            shape: Figure::Rect { w: 3, h: 4 },
        },
    );

    #[derive(Facet)]
    struct RunWire {
        verbose: bool,
        name: &'static str,
    }
    #[derive(Facet)]
    #[allow(non_snake_case)]
    struct CmdWire {
        Run: RunWire,
    }
    let wire = CmdWire {
        Run: RunWire {
            verbose: true,
            name: "x",
        },
    };
    let bytes = facet_msgpack::to_vec(&wire).unwrap();
    ours::<MsgPack, _>(
        &bytes,
        Cmd::Run {
            name: "x".into(),
            opts: Opts {
                verbose: true,
                level: 0,
            },
        },
    );
}

/// A MessagePack map of string keys and string values.
fn rmp_map(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut out = vec![0x80 | entries.len() as u8];
    for s in entries.iter().flat_map(|(k, v)| [k, v]) {
        out.push(0xa0 | s.len() as u8);
        out.extend_from_slice(s.as_bytes());
    }
    out
}
