//! Parsers that do not keep to the rules: arbitrary scripts of events
//! (keys outside maps, ends with no start, scalars of every kind, variant
//! tags and presence markers anywhere), read as types that take every path
//! of the walk (flatten, tagged and untagged enums, options, maps, tuples,
//! dynamic values, borrowed strings), by a self-describing parser and by
//! one that is not. Each script gives a value or an error, never a panic.

// The types are built and dropped, never read: what is tested is that
// building them from any script does not panic.
#![allow(dead_code)]

mod common;

use std::borrow::Cow;
use std::collections::BTreeMap;

use facet::Facet;
use facet_format::{ContainerKind, FieldKey, FieldLocationHint, ParseEventKind, ScalarValue};
use proptest::prelude::*;

use common::script::Script;

#[derive(Facet, Debug)]
#[facet(tag = "t")]
#[repr(u8)]
enum Internal {
    A { x: u8 },
    B,
}

#[derive(Facet, Debug)]
#[facet(untagged)]
#[repr(u8)]
enum Untagged {
    N(i64),
    S(String),
    L(Vec<Untagged>),
    M { x: u8 },
}

#[derive(Facet, Debug)]
#[repr(u8)]
enum External {
    Unit,
    New(u8),
    Pair(u8, String),
    Named { x: u8 },
}

#[derive(Facet, Debug)]
struct Extra {
    x: Option<u8>,
    #[facet(default)]
    y: String,
}

#[derive(Facet, Debug)]
struct Rich<'a> {
    id: u32,
    name: Cow<'a, str>,
    tags: Vec<&'a str>,
    #[facet(flatten)]
    extra: Extra,
    kind: Internal,
    any: facet_value::Value,
    map: BTreeMap<String, i64>,
    u: Untagged,
    pair: (u8, bool),
    ext: Option<External>,
}

fn name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "id", "name", "tags", "x", "y", "kind", "t", "A", "B", "any", "map", "u", "pair", "ext",
        "Unit", "New", "Pair", "Named", "M", "zz", "",
    ])
}

fn event() -> impl Strategy<Value = ParseEventKind<'static>> {
    prop_oneof![
        Just(ParseEventKind::StructStart(ContainerKind::Object)),
        Just(ParseEventKind::StructEnd),
        Just(ParseEventKind::SequenceStart(ContainerKind::Array)),
        Just(ParseEventKind::SequenceEnd),
        Just(ParseEventKind::OrderedField),
        Just(ParseEventKind::OptionSome),
        name()
            .prop_map(|n| ParseEventKind::FieldKey(FieldKey::new(n, FieldLocationHint::KeyValue))),
        proptest::option::of(name()).prop_map(ParseEventKind::VariantTag),
        prop_oneof![
            Just(ScalarValue::Null),
            Just(ScalarValue::Unit),
            any::<bool>().prop_map(ScalarValue::Bool),
            any::<char>().prop_map(ScalarValue::Char),
            any::<i64>().prop_map(ScalarValue::I64),
            any::<u64>().prop_map(ScalarValue::U64),
            any::<i128>().prop_map(ScalarValue::I128),
            any::<u128>().prop_map(ScalarValue::U128),
            any::<f64>().prop_map(ScalarValue::F64),
            name().prop_map(|s| ScalarValue::Str(Cow::Borrowed(s))),
            "[a-z0-9]{0,3}".prop_map(|s| ScalarValue::Str(Cow::Owned(s))),
            proptest::collection::vec(any::<u8>(), 0..3).prop_map(|b| ScalarValue::Bytes(b.into())),
        ]
        .prop_map(ParseEventKind::Scalar),
    ]
}

/// A script that starts as a well-formed value would, then anything.
fn script() -> impl Strategy<Value = Vec<ParseEventKind<'static>>> {
    (proptest::collection::vec(event(), 0..48), any::<bool>()).prop_map(|(mut events, open)| {
        if open {
            events.insert(0, ParseEventKind::StructStart(ContainerKind::Object));
        }
        events
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_scripts_never_panic(events in script(), described in any::<bool>()) {
        let mut p = Script::new(events.clone());
        p.described = described;
        let _ = trame_format::from_parser::<Rich<'_>, _>(p);
        let mut p = Script::new(events.clone());
        p.described = described;
        let _ = trame_format::from_parser::<Vec<Untagged>, _>(p);
        let mut p = Script::new(events);
        p.described = described;
        let _ = trame_format::from_parser::<facet_value::Value, _>(p);
    }
}
