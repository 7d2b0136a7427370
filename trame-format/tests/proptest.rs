//! Property tests, one per format: values of a small family of types
//! (structs with nested lists, options, enums, strings, integers, bools and
//! floats; dynamic values for postcard and MessagePack), written by the
//! format crate's own serializer, read back through trame-format as
//! themselves.

mod common;

use facet::Facet;
use proptest::prelude::*;

use common::{Format, Json, MsgPack, Postcard, Toml, Yaml};

#[derive(Facet, Debug, PartialEq, Clone)]
#[repr(u8)]
enum Kind {
    Plain,
    Count(u32),
    Pair(i16, bool),
    Named { label: String, weight: Option<i64> },
}

#[derive(Facet, Debug, PartialEq, Clone)]
struct Item {
    id: u32,
    name: String,
    tags: Vec<String>,
    score: Option<f64>,
    on: bool,
    small: i8,
    big: i64,
    kind: Kind,
}

#[derive(Facet, Debug, PartialEq, Clone)]
struct Doc {
    title: String,
    items: Vec<Item>,
    best: Option<Box<Item>>,
    counts: Vec<u64>,
}

/// TOML's family: tables, arrays of tables, scalars (no `None`, which
/// facet-toml refuses to write, and no enums).
#[derive(Facet, Debug, PartialEq, Clone)]
struct Section {
    name: String,
    size: u32,
    ratio: f64,
    on: bool,
}

#[derive(Facet, Debug, PartialEq, Clone)]
struct TomlDoc {
    title: String,
    note: String,
    counts: Vec<i64>,
    main: Section,
    extra: Vec<Section>,
}

/// The positional forms of a format that does not describe its values
/// (postcard): maps as pairs, tuples, `Result` and options of options.
#[derive(Facet, Debug, PartialEq, Clone)]
struct Positional {
    map: std::collections::BTreeMap<u8, Vec<String>>,
    pair: (u8, char),
    result: Result<u16, String>,
    maybe: Option<Option<u8>>,
    point: [i32; 2],
    kinds: Vec<Kind>,
}

fn positional() -> impl Strategy<Value = Positional> {
    (
        proptest::collection::btree_map(any::<u8>(), proptest::collection::vec(text(), 0..2), 0..3),
        (any::<u8>(), any::<char>()),
        prop_oneof![any::<u16>().prop_map(Ok), text().prop_map(Err)],
        any::<Option<Option<u8>>>(),
        any::<[i32; 2]>(),
        proptest::collection::vec(kind(), 0..3),
    )
        .prop_map(|(map, pair, result, maybe, point, kinds)| Positional {
            map,
            pair,
            result,
            maybe,
            point,
            kinds,
        })
}

fn text() -> impl Strategy<Value = String> {
    // Letters that no YAML reading turns into a bool, null or number.
    "[a-m]{1,6}( [a-m]{1,4})?".prop_map(|s| format!("s{s}"))
}

fn float() -> impl Strategy<Value = f64> {
    (-1_000_000i32..1_000_000, 0u8..4)
        .prop_map(|(n, scale)| f64::from(n) / f64::from(10u32.pow(u32::from(scale))))
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Plain),
        any::<u32>().prop_map(Kind::Count),
        (any::<i16>(), any::<bool>()).prop_map(|(a, b)| Kind::Pair(a, b)),
        (text(), proptest::option::of(any::<i64>()))
            .prop_map(|(label, weight)| Kind::Named { label, weight }),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    (
        any::<u32>(),
        text(),
        proptest::collection::vec(text(), 0..3),
        proptest::option::of(float()),
        any::<bool>(),
        any::<i8>(),
        any::<i64>(),
        kind(),
    )
        .prop_map(|(id, name, tags, score, on, small, big, kind)| Item {
            id,
            name,
            tags,
            score,
            on,
            small,
            big,
            kind,
        })
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        text(),
        proptest::collection::vec(item(), 0..4),
        proptest::option::of(item().prop_map(Box::new)),
        proptest::collection::vec(any::<u64>(), 0..4),
    )
        .prop_map(|(title, items, best, counts)| Doc {
            title,
            items,
            best,
            counts,
        })
}

fn section() -> impl Strategy<Value = Section> {
    (text(), any::<u32>(), float(), any::<bool>()).prop_map(|(name, size, ratio, on)| Section {
        name,
        size,
        ratio,
        on,
    })
}

fn toml_doc() -> impl Strategy<Value = TomlDoc> {
    (
        text(),
        text(),
        proptest::collection::vec(any::<i64>(), 0..4),
        section(),
        // At most one: facet-toml 0.50.0-rc.7 writes an array of two
        // inline tables without the comma between them.
        proptest::collection::vec(section(), 0..2),
    )
        .prop_map(|(title, note, counts, main, extra)| TomlDoc {
            title,
            note,
            counts,
            main,
            extra,
        })
}

/// Dynamic values (`facet_value::Value`) of every kind, nested: postcard
/// writes them with its own tags, MessagePack as its own values.
fn dynamic() -> impl Strategy<Value = facet_value::Value> {
    use facet_value::{VArray, VBytes, VObject, Value};
    let leaf = prop_oneof![
        Just(Value::NULL),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::from),
        proptest::collection::vec(any::<u8>(), 0..4).prop_map(|b| Value::from(VBytes::new(&b))),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| Value::from(v.into_iter().collect::<VArray>())),
            proptest::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| Value::from(m.into_iter().collect::<VObject>())),
        ]
    })
}

fn back<F: Format, T: for<'de> Facet<'de> + PartialEq + std::fmt::Debug>(
    v: &T,
) -> Result<(), TestCaseError> {
    let bytes = F::write(v);
    match F::ours::<T>(&bytes) {
        Ok(back) => prop_assert_eq!(&back, v),
        Err(e) => prop_assert!(
            false,
            "{}: {e}\n{}",
            F::NAME,
            String::from_utf8_lossy(&bytes)
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn json(d in doc()) {
        back::<Json, _>(&d)?;
    }

    #[test]
    fn yaml(d in doc()) {
        back::<Yaml, _>(&d)?;
    }

    #[test]
    fn toml(d in toml_doc()) {
        back::<Toml, _>(&d)?;
    }

    #[test]
    fn msgpack(d in doc()) {
        back::<MsgPack, _>(&d)?;
    }

    #[test]
    fn postcard(d in doc()) {
        back::<Postcard, _>(&d)?;
    }

    // t[verify walk.positional]
    #[test]
    fn postcard_dynamic_values(v in dynamic(), n in any::<u16>()) {
        back::<Postcard, _>(&v)?;
        // Inside positional forms too: what follows is read by position.
        back::<Postcard, _>(&(v, n))?;
    }

    #[test]
    fn msgpack_dynamic_values(v in dynamic()) {
        back::<MsgPack, _>(&v)?;
    }

    #[test]
    fn postcard_positional_forms(p in positional()) {
        back::<Postcard, _>(&p)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Bad input is an error, never a panic (and everything built so far
    /// is dropped by trame).
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = Json::ours::<Doc>(&bytes);
        let _ = MsgPack::ours::<Doc>(&bytes);
        let _ = Postcard::ours::<Doc>(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = Yaml::ours::<Doc>(text.as_bytes());
            let _ = Toml::ours::<TomlDoc>(text.as_bytes());
        }
    }

    /// Valid documents cut short or with a byte changed: errors, no panics.
    #[test]
    fn damaged_documents_never_panic(d in doc(), cut in any::<prop::sample::Index>(), flip in any::<u8>()) {
        for bytes in [Json::write(&d), MsgPack::write(&d), Postcard::write(&d)] {
            let i = cut.index(bytes.len().max(1));
            let short = &bytes[..i.min(bytes.len())];
            let _ = Json::ours::<Doc>(short);
            let _ = MsgPack::ours::<Doc>(short);
            let _ = Postcard::ours::<Doc>(short);
            let mut changed = bytes.clone();
            if let Some(b) = changed.get_mut(i) {
                *b ^= flip;
            }
            let _ = Json::ours::<Doc>(&changed);
            let _ = MsgPack::ours::<Doc>(&changed);
            let _ = Postcard::ours::<Doc>(&changed);
        }
    }
}
