//! Shared test support: each format as a [`Format`] (trame-format's reader,
//! facet-format's `FormatDeserializer` on the same parser, and the format's
//! own serializer), and differential helpers over them.

#![allow(dead_code)]

use std::fmt::Debug;

use facet::Facet;
use facet_format::{DeserializeError, FormatDeserializer};

pub mod script;
pub mod types;

/// A format under test.
pub trait Format {
    /// Named in assertion messages.
    const NAME: &'static str;
    /// Reads with trame-format.
    fn ours<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, trame_format::Error>;
    /// Reads with facet-format's `FormatDeserializer`, same parser.
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, DeserializeError>;
    /// Writes with the format crate's serializer.
    fn write<'a, T: Facet<'a>>(value: &T) -> Vec<u8>;
}

fn text(input: &[u8]) -> &str {
    std::str::from_utf8(input).expect("text formats take UTF-8")
}

/// JSON, through `facet_json::JsonParser`.
pub struct Json;
impl Format for Json {
    const NAME: &'static str = "json";
    fn ours<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, trame_format::Error> {
        trame_format::from_parser(facet_json::JsonParser::<false>::new(input))
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, DeserializeError> {
        let mut p = facet_json::JsonParser::<false>::new(input);
        FormatDeserializer::new(&mut p).deserialize::<T>()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Vec<u8> {
        facet_json::to_vec(value).expect("serializes")
    }
}

/// YAML, through `facet_yaml::YamlParser`.
pub struct Yaml;
impl Format for Yaml {
    const NAME: &'static str = "yaml";
    fn ours<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, trame_format::Error> {
        trame_format::from_parser(facet_yaml::YamlParser::new(text(input)))
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, DeserializeError> {
        let mut p = facet_yaml::YamlParser::new(text(input));
        FormatDeserializer::new(&mut p).deserialize::<T>()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Vec<u8> {
        facet_yaml::to_string(value)
            .expect("serializes")
            .into_bytes()
    }
}

/// TOML, through `facet_toml::TomlParser` (deferred mode on both sides, as
/// `facet_toml::from_str` does).
pub struct Toml;
impl Format for Toml {
    const NAME: &'static str = "toml";
    fn ours<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, trame_format::Error> {
        trame_format::from_parser(facet_toml::TomlParser::new(text(input))?)
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, DeserializeError> {
        let mut p = facet_toml::TomlParser::new(text(input))?;
        FormatDeserializer::new(&mut p).deserialize_deferred::<T>()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Vec<u8> {
        facet_toml::to_string(value)
            .expect("serializes")
            .into_bytes()
    }
}

/// MessagePack, through `facet_msgpack::MsgPackParser`.
pub struct MsgPack;
impl Format for MsgPack {
    const NAME: &'static str = "msgpack";
    fn ours<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, trame_format::Error> {
        trame_format::from_parser(facet_msgpack::MsgPackParser::new(input))
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, DeserializeError> {
        let mut p = facet_msgpack::MsgPackParser::new(input);
        FormatDeserializer::new(&mut p).deserialize::<T>()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Vec<u8> {
        facet_msgpack::to_vec(value).expect("serializes")
    }
}

/// postcard, through `facet_postcard::PostcardParser`.
pub struct Postcard;
impl Format for Postcard {
    const NAME: &'static str = "postcard";
    fn ours<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, trame_format::Error> {
        trame_format::from_parser(facet_postcard::PostcardParser::new(input))
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T, DeserializeError> {
        let mut p = facet_postcard::PostcardParser::new(input);
        FormatDeserializer::new(&mut p).deserialize::<T>()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Vec<u8> {
        facet_postcard::to_vec(value).expect("serializes")
    }
}

/// For JSON, trame-json (the same walk over jiter's tokens) builds
/// `value` from `input` too.
#[track_caller]
// t[verify walk.shared]
fn direct_json_builds<'de, F: Format, T: Facet<'de> + PartialEq + Debug>(
    input: &'de [u8],
    value: &T,
) {
    if F::NAME != Json::NAME {
        return;
    }
    match trame_json::from_slice::<T>(input) {
        Ok(v) => assert_eq!(&v, value, "trame-json and trame-format differ"),
        Err(e) => panic!(
            "trame-json rejected {:?}, which trame-format reads: {e}",
            String::from_utf8_lossy(input)
        ),
    }
}

/// For JSON, trame-json rejects `input` too.
#[track_caller]
fn direct_json_rejects<'de, F: Format, T: Facet<'de> + Debug>(input: &'de [u8]) {
    if F::NAME != Json::NAME {
        return;
    }
    if let Ok(v) = trame_json::from_slice::<T>(input) {
        panic!(
            "trame-json accepted {:?}, which trame-format rejects: {v:?}",
            String::from_utf8_lossy(input)
        );
    }
}

/// Both readers accept `input` and build the same value, which is returned
/// (and for JSON, trame-json builds it too).
#[track_caller]
pub fn same<'de, F: Format, T: Facet<'de> + PartialEq + Debug>(input: &'de [u8]) -> T {
    let v = same_facet_format::<F, T>(input);
    direct_json_builds::<F, T>(input, &v);
    v
}

/// [`same`], without trame-json: for what trame-json reads otherwise on
/// purpose (it follows serde_json where facet-format coerces: numeric
/// strings into numbers, one-field tuple structs as a sequence of one)
/// or does not read (facet-json's `RawJson`, whose shape only facet-json's
/// parser names). trame-json's README lists these.
#[track_caller]
pub fn same_facet_format<'de, F: Format, T: Facet<'de> + PartialEq + Debug>(input: &'de [u8]) -> T {
    let ours = F::ours::<T>(input);
    let theirs = F::theirs::<T>(input);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                a,
                b,
                "{}: trame-format and FormatDeserializer differ",
                F::NAME
            );
            a
        }
        (a, b) => panic!(
            "{}: expected both to accept {:?}\n  trame-format: {a:?}\n  FormatDeserializer: {:?}",
            F::NAME,
            String::from_utf8_lossy(input),
            b.map_err(|e| e.to_string())
        ),
    }
}

/// Both accept and build `expected`.
#[track_caller]
pub fn both<'de, F: Format, T: Facet<'de> + PartialEq + Debug>(input: &'de [u8], expected: T) {
    assert_eq!(same::<F, T>(input), expected, "{}", F::NAME);
}

/// trame-format accepts and builds `expected` (whatever the other does).
#[track_caller]
pub fn ours<'de, F: Format, T: Facet<'de> + PartialEq + Debug>(input: &'de [u8], expected: T) {
    match F::ours::<T>(input) {
        Ok(v) => {
            assert_eq!(v, expected, "{}", F::NAME);
            direct_json_builds::<F, T>(input, &v);
        }
        Err(e) => panic!(
            "{}: trame-format rejected {:?}: {e}",
            F::NAME,
            String::from_utf8_lossy(input)
        ),
    }
}

/// Both reject `input`; trame-format's message is returned.
#[track_caller]
pub fn both_reject<'de, F: Format, T: Facet<'de> + Debug>(input: &'de [u8]) -> String {
    let theirs = F::theirs::<T>(input);
    assert!(
        theirs.is_err(),
        "{}: FormatDeserializer accepted {:?}: {:?}",
        F::NAME,
        String::from_utf8_lossy(input),
        theirs.ok()
    );
    ours_reject::<F, T>(input)
}

/// trame-format rejects `input`; its message is returned.
#[track_caller]
pub fn ours_reject<'de, F: Format, T: Facet<'de> + Debug>(input: &'de [u8]) -> String {
    match F::ours::<T>(input) {
        Ok(v) => panic!(
            "{}: trame-format accepted {:?}: {v:?}",
            F::NAME,
            String::from_utf8_lossy(input)
        ),
        Err(e) => {
            direct_json_rejects::<F, T>(input);
            e.to_string()
        }
    }
}

/// `value` written by the format's serializer reads back, by both, as
/// itself.
#[track_caller]
pub fn roundtrip<F: Format, T>(value: &T)
where
    T: for<'de> Facet<'de> + PartialEq + Debug,
{
    let bytes = F::write(value);
    let back = same::<F, T>(&bytes);
    assert_eq!(&back, value, "{}", F::NAME);
}

/// trame-format reads `value` back from the format's serializer.
#[track_caller]
pub fn roundtrip_ours<F: Format, T>(value: &T)
where
    T: for<'de> Facet<'de> + PartialEq + Debug,
{
    let bytes = F::write(value);
    match F::ours::<T>(&bytes) {
        Ok(back) => assert_eq!(&back, value, "{}", F::NAME),
        Err(e) => panic!(
            "{}: trame-format rejected its own serializer's output: {e}",
            F::NAME
        ),
    }
}
