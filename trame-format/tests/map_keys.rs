//! Map keys beyond strings and integers, read from their text as
//! facet-format's deserializer reads them: unit variants by name (and the
//! `#[facet(other)]` variant), pointers to `str`, types with a parse hook,
//! transparent wrappers, options, boxes and proxies; newtype keys too,
//! as serde reads them (FormatDeserializer refuses those).

mod common;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::sync::Arc;

use facet::Facet;

use common::{Format, Json, MsgPack, Toml, Yaml, both, ours, ours_reject, same};

#[derive(Facet, Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
#[repr(u8)]
#[facet(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

#[derive(Facet, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[repr(u8)]
enum Level {
    Low,
    #[facet(other)]
    Custom(String),
}

#[derive(Facet, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[facet(transparent)]
struct Tag(String);

/// Read through its proxy, a `String`.
#[derive(Facet, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[facet(proxy = String)]
struct Upper(String);

impl TryFrom<String> for Upper {
    type Error = String;
    fn try_from(s: String) -> Result<Upper, String> {
        Ok(Upper(s.to_uppercase()))
    }
}

impl TryFrom<&Upper> for String {
    type Error = String;
    fn try_from(u: &Upper) -> Result<String, String> {
        Ok(u.0.clone())
    }
}

#[derive(Facet, Debug, PartialEq)]
struct Keys {
    colors: BTreeMap<Color, u8>,
    tags: BTreeMap<Tag, u8>,
    upper: BTreeMap<Upper, u8>,
    ips: BTreeMap<Ipv4Addr, u8>,
    ids: BTreeMap<uuid::Uuid, u8>,
    boxed: BTreeMap<Box<str>, u8>,
    shared: BTreeMap<Arc<str>, u8>,
    maybe: BTreeMap<Option<u16>, u8>,
}

/// The same document with every key a string, for the formats'
/// serializers to write (facet's serializers write an enum key by its
/// type's name, which nothing reads back).
#[derive(Facet, Debug)]
struct KeysText {
    colors: BTreeMap<String, u8>,
    tags: BTreeMap<String, u8>,
    upper: BTreeMap<String, u8>,
    ips: BTreeMap<String, u8>,
    ids: BTreeMap<String, u8>,
    boxed: BTreeMap<String, u8>,
    shared: BTreeMap<String, u8>,
    maybe: BTreeMap<String, u8>,
}

fn text() -> KeysText {
    let one = |k: &str, v: u8| BTreeMap::from([(k.to_string(), v)]);
    KeysText {
        colors: BTreeMap::from([("red".into(), 1), ("green".into(), 2)]),
        tags: one("t", 5),
        upper: one("up", 6),
        ips: one("10.0.0.1", 7),
        ids: one("00000000-0000-0000-0000-000000000009", 8),
        boxed: one("b", 9),
        shared: one("s", 10),
        maybe: one("65535", 11),
    }
}

fn keys() -> Keys {
    Keys {
        colors: BTreeMap::from([(Color::Red, 1), (Color::Green, 2)]),
        tags: BTreeMap::from([(Tag("t".into()), 5)]),
        upper: BTreeMap::from([(Upper("UP".into()), 6)]),
        ips: BTreeMap::from([(Ipv4Addr::new(10, 0, 0, 1), 7)]),
        ids: BTreeMap::from([(uuid::Uuid::from_u128(9), 8)]),
        boxed: BTreeMap::from([("b".into(), 9)]),
        shared: BTreeMap::from([("s".into(), 10)]),
        maybe: BTreeMap::from([(Some(65535), 11)]),
    }
}

// t[verify walk.map-keys]
fn every_key<F: Format>() {
    both::<F, Keys>(&F::write(&text()), keys());
}

#[test]
fn json_keys() {
    every_key::<Json>();
}

#[test]
fn yaml_keys() {
    every_key::<Yaml>();
}

#[test]
fn toml_keys() {
    every_key::<Toml>();
}

#[test]
fn msgpack_keys() {
    every_key::<MsgPack>();
}

/// A key naming no variant of an enum without an `other` variant, or
/// that its parse hook refuses: an error at that key, from both.
#[test]
fn bad_keys_are_errors_at_the_key() {
    let msg = crate::common::both_reject::<Json, BTreeMap<Color, u8>>(br#"{"red":1,"blue":2}"#);
    assert!(msg.contains("blue") && msg.contains("$[\"blue\"]"), "{msg}");
    let msg = ours_reject::<Yaml, BTreeMap<Ipv4Addr, u8>>(b"10.0.0.1: 1\nnot-an-ip: 2\n");
    assert!(msg.contains("$[\"not-an-ip\"]"), "{msg}");
    // A variant with a payload is not a key.
    #[derive(Facet, Debug, PartialEq, Eq, PartialOrd, Ord)]
    #[repr(u8)]
    enum Shape {
        Dot,
        Circle(u8),
    }
    let msg = ours_reject::<Json, BTreeMap<Shape, u8>>(br#"{"Dot":1,"Circle":2}"#);
    assert!(msg.contains("Circle"), "{msg}");
    assert_eq!(
        same::<Json, BTreeMap<Shape, u8>>(br#"{"Dot":1}"#),
        BTreeMap::from([(Shape::Dot, 1)])
    );
}

/// A key naming no variant is the `#[facet(other)]` variant's, as a
/// value would be; FormatDeserializer looks for a variant of that name
/// only (a documented difference).
#[test]
fn other_variant_keys() {
    let input = br#"{"Low":1,"extreme":2}"#;
    assert!(Json::theirs::<BTreeMap<Level, u8>>(input).is_err());
    ours::<Json, _>(
        input,
        BTreeMap::from([(Level::Low, 1), (Level::Custom("extreme".into()), 2)]),
    );
}

/// A newtype key (a one-field tuple struct) or a boxed key is what it
/// holds, as serde reads it; FormatDeserializer refuses both (a
/// documented difference).
#[test]
fn newtype_keys_as_serde_reads_them() {
    #[derive(Facet, Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Name(String);
    let input = br#"{"ann":1,"bo":2}"#;
    assert!(Json::theirs::<BTreeMap<Name, u8>>(input).is_err());
    ours::<Json, _>(
        input,
        BTreeMap::from([(Name("ann".into()), 1), (Name("bo".into()), 2)]),
    );
    let input = br#"{"7":1}"#;
    assert!(Json::theirs::<BTreeMap<Box<u16>, u8>>(input).is_err());
    ours::<Json, _>(input, BTreeMap::from([(Box::new(7), 1)]));
}
