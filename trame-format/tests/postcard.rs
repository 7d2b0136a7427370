//! postcard (facet-postcard's parser, not self-describing: the walk hints
//! every value's type): values written by facet-postcard's serializer read
//! back, compared with the expected value and with what facet-format's
//! `FormatDeserializer` builds.
//!
//! Field names do not reach the wire, so `rename`, `rename_all`, `alias`
//! and `deny_unknown_fields` do not apply; neither do the representations
//! of tagged enums (a variant is its index).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use facet::Facet;

use common::types::*;
use common::{Format, Postcard, both, ours_reject, roundtrip, roundtrip_ours};

#[test]
fn structs_and_defaults() {
    roundtrip::<Postcard, _>(&Renamed {
        name: "Ada".into(),
        age: 36,
    });
    roundtrip::<Postcard, _>(&Defaults {
        a: 1,
        b: 2,
        c: 3,
        d: Some(4),
        list: vec![5],
    });
    roundtrip::<Postcard, _>(&Defaults {
        a: 1,
        b: 0,
        c: 7,
        d: None,
        list: vec![],
    });
    roundtrip::<Postcard, _>(&Nested {
        inner: Inner {
            x: 1,
            y: "a".into(),
        },
        list: vec![Inner {
            x: 2,
            y: "b".into(),
        }],
    });
}

#[test]
fn enums() {
    // FormatDeserializer and trame-format agree on postcard enums (the
    // variant index, then the payload).
    for e in [
        External::Unit,
        External::Newtype(1),
        External::Tuple(2, "b".into()),
        External::Struct { x: -1, y: Some(3) },
        External::Renamed,
    ] {
        roundtrip::<Postcard, _>(&e);
    }
    // FormatDeserializer looks for an internal or adjacent tag with the
    // parser's save/restore, which facet-postcard does not implement (it
    // panics); trame-format reads the variant index, as the serializer
    // wrote it.
    roundtrip_ours::<Postcard, _>(&vec![Internal::Circle { r: 1.0 }, Internal::Empty]);
    roundtrip_ours::<Postcard, _>(&vec![Adjacent::Pair(1, 2), Adjacent::Nothing]);
    let r: Result<u32, String> = Err("no".into());
    roundtrip::<Postcard, _>(&r);
}

#[test]
fn untagged_is_a_variant_index() {
    // facet-postcard writes an untagged enum's variant index too, so no
    // look-ahead is needed.
    for e in [
        Untagged::Int(3),
        Untagged::Text("t".into()),
        Untagged::Point { x: 1, y: 2 },
        Untagged::List(vec![4]),
    ] {
        roundtrip_ours::<Postcard, _>(&e);
    }
}

#[test]
fn collections_and_scalars() {
    roundtrip::<Postcard, _>(&Collections {
        v: vec![1, 2],
        m: BTreeMap::from([("a".into(), 1), ("b".into(), 2)]),
        h: HashMap::from([(7, true)]),
        s: BTreeSet::from(["x".into(), "y".into()]),
        a: [1, 2, 3],
        t: (4, "t".into(), false),
        o: Some(Box::new(Inner {
            x: 1,
            y: "z".into(),
        })),
    });
    roundtrip::<Postcard, _>(&Scalars {
        b: true,
        u8: 255,
        i16: -2,
        u64: u64::MAX,
        i64: i64::MIN,
        f32: 1.5,
        f64: -0.25,
        c: 'x',
        s: "é".into(),
    });
    roundtrip::<Postcard, _>(&HasNewtype {
        n: Newtype(3),
        b: "s".into(),
    });
    roundtrip::<Postcard, _>(&vec![Some(1u16), None]);
    let b = Postcard::write(&Borrowed {
        s: "lent",
        c: "too".into(),
    });
    let v: Borrowed<'_> = common::same::<Postcard, _>(&b);
    assert_eq!(v.s, "lent");
}

#[test]
fn flatten_and_skip() {
    roundtrip_ours::<Postcard, _>(&Flat {
        id: 1,
        inner: Inner {
            x: 2,
            y: "y".into(),
        },
    });
}

#[test]
fn errors() {
    let bytes = Postcard::write(&Lenient { a: 300 });
    let msg = ours_reject::<Postcard, Vec<u8>>(&bytes);
    assert!(
        msg.starts_with("invalid input") || msg.contains("$"),
        "{msg}"
    );
    // Truncated input.
    let bytes = Postcard::write(&Nested {
        inner: Inner {
            x: 1,
            y: "abc".into(),
        },
        list: vec![],
    });
    let msg = ours_reject::<Postcard, Nested>(&bytes[..3]);
    assert!(
        msg.starts_with("invalid input: ") && msg.contains("at $.inner.y"),
        "{msg}"
    );
    // A bad variant index.
    let msg = ours_reject::<Postcard, External>(&[9]);
    assert!(
        msg.starts_with(r##"unknown variant "#9" of External at $"##),
        "{msg}"
    );
    let _ = both::<Postcard, u8>;
}

#[derive(Facet, Debug, PartialEq)]
struct Marker;

#[derive(Facet, Debug, PartialEq)]
#[facet(transparent)]
struct Meters(u32);

#[derive(Facet, Debug, PartialEq)]
struct Pair(u8, String);

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum Shape {
    Dot,
    Line(f64, f64),
    Named(String),
    Rect { w: u16, h: u16 },
}

#[derive(Facet, Debug, PartialEq)]
struct Positional {
    marker: Marker,
    unit: (),
    meters: Meters,
    pair: Pair,
    point: (f64, f64),
    triple: [u32; 3],
    mixed: (u8, String, bool),
    boxed: Box<str>,
    inner: Box<Pair>,
    maybe: Option<Option<u8>>,
    result: Result<u8, String>,
    map: BTreeMap<u8, Vec<String>>,
    shapes: Vec<Shape>,
    letter: char,
    wide: i128,
}

/// Every positional form the walk hints: unit structs and `()` (no
/// fields), transparent and tuple structs, pairs and arrays read whole,
/// pointers, an option of an option, `Result` and enums by index with
/// every kind of payload, maps as pairs.
// t[verify walk.positional]
#[test]
fn every_positional_form() {
    let value = Positional {
        marker: Marker,
        unit: (),
        meters: Meters(7),
        pair: Pair(1, "one".into()),
        point: (0.5, -2.0),
        triple: [1, 2, 3],
        mixed: (9, "nine".into(), true),
        boxed: "boxed".into(),
        inner: Box::new(Pair(2, "two".into())),
        maybe: Some(None),
        result: Err("bad".into()),
        map: BTreeMap::from([(1, vec!["a".into()]), (2, vec![])]),
        shapes: vec![
            Shape::Dot,
            Shape::Line(1.0, 2.0),
            Shape::Named("n".into()),
            Shape::Rect { w: 3, h: 4 },
        ],
        letter: 'é',
        wide: -(1i128 << 100),
    };
    roundtrip::<Postcard, _>(&value);
    roundtrip::<Postcard, _>(&Positional {
        maybe: Some(Some(5)),
        result: Ok(3),
        map: BTreeMap::new(),
        shapes: vec![],
        ..value
    });
}

/// A variant index past the enum's variants, and input that ends inside a
/// tuple struct, are errors that name the place.
#[test]
fn positional_errors() {
    let msg = ours_reject::<Postcard, Vec<Shape>>(&[1, 4]);
    assert!(msg.contains("unknown variant \"#4\""), "{msg}");
    assert!(msg.contains("$[0]"), "{msg}");
    let bytes = Postcard::write(&Pair(1, "one".into()));
    let msg = ours_reject::<Postcard, Positional>(&bytes);
    assert!(msg.contains("end of input at $.pair[1]"), "{msg}");
}

/// A dynamic value is written with its own tags (facet-postcard's
/// dynamic encoding) and read back whole: as a field, an element, an
/// option's value and the root, nested, with every kind of value in it;
/// FormatDeserializer builds the same.
// t[verify walk.positional]
#[test]
fn dynamic_values() {
    use facet_value::{VBytes, Value};
    #[derive(Facet, Debug, PartialEq)]
    struct Doc {
        n: u8,
        any: Value,
        list: Vec<Value>,
        maybe: Option<Value>,
        after: String,
    }
    let json = |s: &str| -> Value { facet_json::from_str(s).expect("valid JSON") };
    let mut nested =
        json(r#"{"a": 1, "b": [true, null, "x", 2.5, -7], "c": {"d": {"e": []}}, "f": {}}"#);
    nested
        .as_object_mut()
        .expect("an object")
        .insert("bytes", Value::from(VBytes::new(&[0, 1, 255])));
    let doc = Doc {
        n: 3,
        any: nested.clone(),
        list: vec![json("1"), json(r#""two""#), json("[3, [4]]"), json("{}")],
        maybe: Some(json(r#"{"k": null}"#)),
        after: "end".into(),
    };
    roundtrip::<Postcard, _>(&doc);
    roundtrip::<Postcard, _>(&Doc {
        maybe: None,
        list: vec![],
        any: json("null"),
        ..doc
    });
    roundtrip::<Postcard, _>(&nested);
    roundtrip::<Postcard, _>(&vec![json("18446744073709551615"), json("-1")]);
    // A tag no dynamic value has is an error where it is.
    let msg = ours_reject::<Postcard, Doc>(&[1, 42]);
    assert!(
        msg.contains("invalid dynamic value tag: 42 at $.any (offset 1)"),
        "{msg}"
    );
}
