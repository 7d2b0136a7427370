//! YAML (facet-yaml's parser): every attribute, compared with the expected
//! value and with what facet-format's `FormatDeserializer` builds.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::types::*;
use common::{Format, Yaml, both, both_reject, ours, ours_reject, roundtrip, same};

#[test]
fn rename_and_rename_all() {
    both::<Yaml, _>(
        b"full-name: Ada\nage: 36\n",
        Renamed {
            name: "Ada".into(),
            age: 36,
        },
    );
    both::<Yaml, _>(
        b"first-name: Ada\nlast-name: Lovelace\n",
        Kebab {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
        },
    );
    both_reject::<Yaml, Renamed>(b"name: Ada\nage: 36\n");
}

#[test]
fn alias() {
    both::<Yaml, _>(
        b"colour: red\n",
        Aliased {
            color: "red".into(),
        },
    );
}

#[test]
fn defaults() {
    both::<Yaml, _>(
        b"a: 1\n",
        Defaults {
            a: 1,
            b: 0,
            c: 7,
            d: None,
            list: vec![],
        },
    );
    both::<Yaml, _>(
        b"a: 1\nd: ~\nlist: [5]\n",
        Defaults {
            a: 1,
            b: 0,
            c: 7,
            d: None,
            list: vec![5],
        },
    );
    // Missing fields of a `#[facet(default)]` struct: their types' defaults.
    both::<Yaml, _>(
        b"name: m\n",
        ContainerDefault {
            a: 0,
            name: "m".into(),
            list: vec![],
        },
    );
    // An empty document is the type's `Default`, for both.
    both::<Yaml, _>(
        b"",
        ContainerDefault {
            a: 1,
            name: "default".into(),
            list: vec![9],
        },
    );
}

#[test]
fn skip() {
    both::<Yaml, _>(
        b"a: 1\n",
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
    ours::<Yaml, _>(
        b"a: 1\nb: 2\n",
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
    assert_eq!(Yaml::theirs::<Skipped>(b"a: 1\nb: 2\n").unwrap().b, 2);
}

#[test]
fn deny_unknown_fields() {
    both::<Yaml, _>(b"a: 1\n", Strict { a: 1 });
    let msg = both_reject::<Yaml, Strict>(b"a: 1\nb: 2\n");
    assert_eq!(msg, r#"unknown field "b" in Strict at $ (offset 5)"#);
    both::<Yaml, _>(b"a: 1\nb:\n  c: [1, {d: 2}]\n", Lenient { a: 1 });
}

#[test]
fn flatten() {
    both::<Yaml, _>(
        b"x: 2\nid: 1\ny: why\n",
        Flat {
            id: 1,
            inner: Inner {
                x: 2,
                y: "why".into(),
            },
        },
    );
    both_reject::<Yaml, Flat>(b"x: 2\nid: 1\n");
}

#[test]
fn enums() {
    both::<Yaml, _>(b"Unit", External::Unit);
    both::<Yaml, _>(b"Newtype: 5", External::Newtype(5));
    both::<Yaml, _>(b"Tuple: [1, a]", External::Tuple(1, "a".into()));
    both::<Yaml, _>(
        b"Struct:\n  x: 1\n  y: 2\n",
        External::Struct { x: 1, y: Some(2) },
    );
    both::<Yaml, _>(b"type: Circle\nr: 1.5\n", Internal::Circle { r: 1.5 });
    both::<Yaml, _>(b"r: 1.5\ntype: Circle\n", Internal::Circle { r: 1.5 });
    both::<Yaml, _>(b"c: [1, 2]\nt: Pair\n", Adjacent::Pair(1, 2));
    both::<Yaml, _>(b"t: Nothing\n", Adjacent::Nothing);
    both::<Yaml, _>(
        b"- 1\n- hi\n- {x: 1, y: 2}\n- [3]\n",
        vec![
            Untagged::Int(1),
            Untagged::Text("hi".into()),
            Untagged::Point { x: 1, y: 2 },
            Untagged::List(vec![3]),
        ],
    );
    for e in [
        External::Unit,
        External::Newtype(1),
        External::Tuple(2, "b".into()),
        External::Struct { x: -1, y: None },
    ] {
        roundtrip::<Yaml, _>(&e);
    }
}

#[test]
fn collections() {
    let v = same::<Yaml, Collections>(
        b"v: [1, 2]\nm:\n  a: 1\nh:\n  7: true\ns: [p, q, p]\na: [1, 2, 3]\nt: [4, t, false]\no:\n  x: 1\n  y: z\n",
    );
    assert_eq!(
        v,
        Collections {
            v: vec![1, 2],
            m: BTreeMap::from([("a".into(), 1)]),
            h: HashMap::from([(7, true)]),
            s: BTreeSet::from(["p".into(), "q".into()]),
            a: [1, 2, 3],
            t: (4, "t".into(), false),
            o: Some(Box::new(Inner {
                x: 1,
                y: "z".into()
            })),
        }
    );
    roundtrip::<Yaml, _>(&v);
}

#[test]
fn scalars_and_borrowing() {
    both::<Yaml, _>(
        b"b: true\nu8: 255\ni16: -2\nu64: 18446744073709551615\ni64: -9223372036854775808\nf32: 1.5\nf64: -0.25\nc: x\ns: \"\\u00e9\"\n",
        Scalars { b: true, u8: 255, i16: -2, u64: u64::MAX, i64: i64::MIN, f32: 1.5, f64: -0.25, c: 'x', s: "é".into() },
    );
    // facet-yaml's parser hands out owned strings only: a `&str` cannot
    // borrow, for either reader.
    let msg = both_reject::<Yaml, Borrowed<'_>>(b"s: plain\nc: also\n");
    assert!(
        msg.starts_with("expected a string borrowed from the input"),
        "{msg}"
    );
    both::<Yaml, _>(
        b"n: [3]\nb: s\n",
        HasNewtype {
            n: Newtype(3),
            b: "s".into(),
        },
    );
}

#[test]
fn errors_name_the_path_and_position() {
    let input = b"inner:\n  x: 1\n  y: a\nlist:\n  - x: 1\n    y: b\n  - x: nope\n    y: c\n";
    let msg = both_reject::<Yaml, Nested>(input);
    assert_eq!(
        msg,
        r#"expected u32, found string "nope" at $.list[1].x (offset 52)"#
    );
    // With the input, the line and column.
    let err = Yaml::ours::<Nested>(input).unwrap_err().with_input(input);
    assert_eq!(
        err.to_string(),
        r#"expected u32, found string "nope" at $.list[1].x (line 7, column 8)"#
    );
    // facet-yaml 0.50.0-rc.7 reports offsets in characters (facet's
    // `Span` says bytes): after non-ASCII text they are short of the byte
    // offset (the README says so).
    let input = "y: \"é€\"\nx: nope\n";
    let err = Yaml::ours::<Inner>(input.as_bytes()).unwrap_err();
    assert_eq!(
        err.offset(),
        Some(input.chars().position(|c| c == 'n').unwrap())
    );
    assert_ne!(err.offset(), input.find("nope"));
    let msg = both_reject::<Yaml, Nested>(b"inner:\n  x: 1\nlist: []\n");
    assert!(
        msg.starts_with("missing field y in Inner at $.inner"),
        "{msg}"
    );
    let msg = both_reject::<Yaml, Nested>(b"inner: {x: 1, y: a}\nlist: [\n");
    assert!(msg.starts_with("invalid input"), "{msg}");
    let msg = ours_reject::<Yaml, Lenient>(b"a: [1]\n");
    assert!(
        msg.starts_with("expected u32, found a sequence at $.a"),
        "{msg}"
    );
}

#[test]
fn result() {
    both::<Yaml, Result<u32, String>>(b"Ok: 3\n", Ok(3));
    both::<Yaml, Result<u32, String>>(b"Err: no way\n", Err("no way".into()));
}
