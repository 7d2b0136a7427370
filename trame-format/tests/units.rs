//! Unit structs: read from a map with no fields, as facet's serializers
//! write them (JSON `{}`, YAML `{}`, TOML an empty table, MessagePack an
//! empty map), keys in it being unknown fields; and from null, as serde
//! writes them (FormatDeserializer wants the map). `PhantomData` (which
//! trame sets whole) is read from the same forms, and a missing field that
//! holds nothing takes its default, as FormatDeserializer fills it.

mod common;

use facet::Facet;

use common::{
    Format, Json, MsgPack, Postcard, Toml, Yaml, both, both_reject, ours, roundtrip, roundtrip_ours,
};

#[derive(Facet, Debug, PartialEq)]
struct Marker;

#[derive(Facet, Debug, PartialEq)]
#[facet(deny_unknown_fields)]
struct Strict;

#[derive(Facet, Debug, PartialEq)]
struct Holder {
    m: Marker,
    n: u8,
}

fn holder() -> Holder {
    Holder { m: Marker, n: 7 }
}

fn units<F: Format>() {
    roundtrip::<F, _>(&holder());
}

#[test]
fn json_unit_structs() {
    units::<Json>();
    both::<Json, _>(b"{}", Marker);
    both::<Json, _>(br#"{"m": {"x": [1, {"y": 2}]}, "n": 7}"#, holder());
    both::<Json, _>(b"{}", Strict);
    let msg = both_reject::<Json, Strict>(br#"{"x": 1}"#);
    assert!(msg.contains("unknown field \"x\" in Strict at $"), "{msg}");
    both_reject::<Json, Marker>(b"[]");
    // serde's form.
    ours::<Json, _>(b"null", Marker);
    ours::<Json, _>(br#"{"m": null, "n": 7}"#, holder());
}

#[test]
fn yaml_unit_structs() {
    units::<Yaml>();
    both::<Yaml, _>(b"m: {x: 1}\nn: 7\n", holder());
    both_reject::<Yaml, Strict>(b"x: 1\n");
}

#[test]
fn toml_unit_structs() {
    units::<Toml>();
    both::<Toml, _>(b"", Marker);
    both::<Toml, _>(b"n = 7\n[m]\nx = 1\n", holder());
    both_reject::<Toml, Strict>(b"x = 1\n");
}

#[test]
fn msgpack_unit_structs() {
    units::<MsgPack>();
    // {"m": {}, "n": 7}, written by hand.
    let bytes = [0x82, 0xa1, b'm', 0x80, 0xa1, b'n', 0x07];
    both::<MsgPack, _>(&bytes, holder());
}

#[derive(Facet, Debug, PartialEq, Default)]
struct Marked {
    a: u8,
    marker: std::marker::PhantomData<String>,
    unit: (),
    m: MarkerWithDefault,
}

#[derive(Facet, Debug, PartialEq, Default)]
struct MarkerWithDefault;

fn marked() -> Marked {
    Marked {
        a: 3,
        ..Marked::default()
    }
}

// t[verify walk.empty-scalar]
#[test]
fn phantom_data_in_every_format() {
    // Written by each format's serializer (`{}` where the format describes
    // its values) and read back; FormatDeserializer wants a scalar there
    // (the README says so).
    roundtrip_ours::<Json, _>(&marked());
    roundtrip_ours::<Yaml, _>(&marked());
    // (facet-toml writes no `()`: the document is written here.)
    ours::<Toml, _>(b"a = 3\nmarker = {}\n[m]\n", marked());
    roundtrip_ours::<MsgPack, _>(&marked());
    roundtrip_ours::<Postcard, _>(&marked());
    assert!(Json::theirs::<Marked>(&Json::write(&marked())).is_err());
    assert!(Postcard::theirs::<Marked>(&Postcard::write(&marked())).is_err());
    both::<Json, _>(
        br#"{"a": 3, "marker": null, "unit": null, "m": {}}"#,
        marked(),
    );
    ours::<Json, _>(br#"{"a": 3, "marker": {"x": 1}, "m": null}"#, marked());
    both_reject::<Json, Marked>(br#"{"a": 3, "marker": 1}"#);
}

/// A missing field that holds nothing and has a `Default` is filled.
#[test]
fn missing_fields_that_hold_nothing() {
    both::<Json, _>(br#"{"a": 3}"#, marked());
    both::<Yaml, _>(b"a: 3\n", marked());
    // FormatDeserializer's deferred mode reports the field missing.
    ours::<Toml, _>(b"a = 3\n", marked());
    // A unit struct without a `Default` is still needed.
    let msg = both_reject::<Json, Holder>(br#"{"n": 7}"#);
    assert_eq!(msg, "missing field m in Holder at $ (line 1, column 8)");
}
