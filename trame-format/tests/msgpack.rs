//! MessagePack (facet-msgpack's parser, self-describing): values written
//! by facet-msgpack's serializer read back, for every attribute that
//! applies, compared with the expected value and with what facet-format's
//! `FormatDeserializer` builds.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use facet::Facet;

use common::types::*;
use common::{Format, MsgPack, both, both_reject, ours, ours_reject, roundtrip, roundtrip_ours};

/// Writes a value of another type (the same data under other names).
fn bytes<'a, T: Facet<'a>>(v: &T) -> Vec<u8> {
    MsgPack::write(v)
}

#[test]
fn structs_rename_alias() {
    roundtrip::<MsgPack, _>(&Renamed {
        name: "Ada".into(),
        age: 36,
    });
    roundtrip::<MsgPack, _>(&Kebab {
        first_name: "A".into(),
        last_name: "L".into(),
    });
    #[derive(Facet)]
    struct Colour {
        colour: String,
    }
    both::<MsgPack, _>(
        &bytes(&Colour {
            colour: "red".into(),
        }),
        Aliased {
            color: "red".into(),
        },
    );
}

#[test]
fn defaults_skip_deny() {
    both::<MsgPack, _>(
        &bytes(&Lenient { a: 1 }),
        Defaults {
            a: 1,
            b: 0,
            c: 7,
            d: None,
            list: vec![],
        },
    );
    roundtrip::<MsgPack, _>(&Defaults {
        a: 1,
        b: 2,
        c: 3,
        d: Some(4),
        list: vec![5],
    });
    #[derive(Facet)]
    struct Two {
        a: u32,
        b: u32,
    }
    both::<MsgPack, _>(
        &bytes(&Lenient { a: 1 }),
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
    let msg = both_reject::<MsgPack, Strict>(&bytes(&Two { a: 1, b: 2 }));
    assert!(
        msg.starts_with(r#"unknown field "b" in Strict at $ (offset "#),
        "{msg}"
    );
    both::<MsgPack, _>(&bytes(&Two { a: 1, b: 2 }), Lenient { a: 1 });
    // Missing fields of a `#[facet(default)]` struct: their types' defaults.
    both::<MsgPack, _>(
        &bytes(&Lenient { a: 5 }),
        ContainerDefault {
            a: 5,
            name: String::new(),
            list: vec![],
        },
    );
}

#[test]
fn flatten() {
    #[derive(Facet)]
    struct Wire {
        y: String,
        id: u32,
        x: u32,
    }
    // FormatDeserializer looks ahead with the parser's own save/restore,
    // which facet-msgpack does not implement (it panics); trame-format
    // records events itself.
    ours::<MsgPack, _>(
        &bytes(&Wire {
            y: "y".into(),
            id: 1,
            x: 2,
        }),
        Flat {
            id: 1,
            inner: Inner {
                x: 2,
                y: "y".into(),
            },
        },
    );
}

#[test]
fn enums() {
    for e in [
        External::Unit,
        External::Newtype(1),
        External::Tuple(2, "b".into()),
        External::Struct { x: -1, y: Some(3) },
        External::Renamed,
    ] {
        roundtrip::<MsgPack, _>(&e);
    }
    // Internally, adjacently tagged and untagged enums need look-ahead:
    // trame-format only (see `flatten`).
    for e in [Internal::Circle { r: 1.0 }, Internal::Empty] {
        roundtrip_ours::<MsgPack, _>(&e);
    }
    for e in [
        Adjacent::Num(1),
        Adjacent::Pair(1, 2),
        Adjacent::Named { a: "x".into() },
    ] {
        roundtrip_ours::<MsgPack, _>(&e);
    }
    for e in [
        Untagged::Int(-1),
        Untagged::Text("t".into()),
        Untagged::Point { x: 1, y: 2 },
        Untagged::List(vec![1]),
    ] {
        roundtrip_ours::<MsgPack, _>(&e);
    }
}

#[test]
fn collections_and_scalars() {
    roundtrip::<MsgPack, _>(&Collections {
        v: vec![1, 2],
        m: BTreeMap::from([("a".into(), 1)]),
        h: HashMap::new(),
        s: BTreeSet::from(["x".into()]),
        a: [1, 2, 3],
        t: (4, "t".into(), false),
        o: Some(Box::new(Inner {
            x: 1,
            y: "z".into(),
        })),
    });
    roundtrip::<MsgPack, _>(&Scalars {
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
    roundtrip::<MsgPack, _>(&HasNewtype {
        n: Newtype(3),
        b: "s".into(),
    });
    roundtrip::<MsgPack, _>(&vec![1u8, 2, 3]);
}

#[test]
fn errors() {
    #[derive(Facet)]
    struct WrongX {
        x: String,
        y: String,
    }
    #[derive(Facet)]
    struct WrongNested {
        inner: WrongX,
        list: Vec<u8>,
    }
    let input = bytes(&WrongNested {
        inner: WrongX {
            x: "one".into(),
            y: "a".into(),
        },
        list: vec![],
    });
    let msg = both_reject::<MsgPack, Nested>(&input);
    assert!(
        msg.starts_with(r#"expected u32, found string "one" at $.inner.x (offset "#),
        "{msg}"
    );
    let msg = both_reject::<MsgPack, Nested>(&bytes(&Lenient { a: 1 }));
    assert!(
        msg.starts_with("missing fields inner, list in Nested at $"),
        "{msg}"
    );
    let msg = ours_reject::<MsgPack, Nested>(&[0x82, 0xa5]);
    assert!(msg.starts_with("invalid input"), "{msg}");
}

#[test]
fn result() {
    roundtrip::<MsgPack, Result<u32, String>>(&Ok(3));
    roundtrip::<MsgPack, Result<u32, String>>(&Err("no".into()));
}
