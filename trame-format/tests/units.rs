//! Unit structs: read from a map with no fields, as facet's serializers
//! write them (JSON `{}`, YAML `{}`, TOML an empty table, MessagePack an
//! empty map), keys in it being unknown fields; and from null, as serde
//! writes them (FormatDeserializer wants the map).

mod common;

use facet::Facet;

use common::{Format, Json, MsgPack, Toml, Yaml, both, both_reject, ours, roundtrip};

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
