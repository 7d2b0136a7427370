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
