//! A parser that replays a script of events: what trame-format does with
//! events no format crate here emits (variant tags), and with look-ahead
//! over a parser that cannot look ahead itself (every copy of the walk's
//! source shares the parser and a buffer of the events read ahead),
//! compared with facet-format's `FormatDeserializer` on the same script.

use std::borrow::Cow;

use facet::Facet;
use facet_format::{
    ContainerKind, FieldKey, FieldLocationHint, FormatDeserializer, ParseEventKind, ScalarValue,
};

mod common;
use common::script::Script;

fn map() -> ParseEventKind<'static> {
    ParseEventKind::StructStart(ContainerKind::Object)
}
fn end_map() -> ParseEventKind<'static> {
    ParseEventKind::StructEnd
}
fn seq() -> ParseEventKind<'static> {
    ParseEventKind::SequenceStart(ContainerKind::Array)
}
fn end_seq() -> ParseEventKind<'static> {
    ParseEventKind::SequenceEnd
}
fn key(name: &'static str) -> ParseEventKind<'static> {
    ParseEventKind::FieldKey(FieldKey::new(name, FieldLocationHint::KeyValue))
}
fn int(n: i64) -> ParseEventKind<'static> {
    ParseEventKind::Scalar(ScalarValue::I64(n))
}
fn text(s: &'static str) -> ParseEventKind<'static> {
    ParseEventKind::Scalar(ScalarValue::Str(Cow::Borrowed(s)))
}
fn boolean(b: bool) -> ParseEventKind<'static> {
    ParseEventKind::Scalar(ScalarValue::Bool(b))
}

/// trame-format builds `expected` from `events`.
#[track_caller]
fn ours<T>(events: Vec<ParseEventKind<'static>>, expected: T)
where
    T: Facet<'static> + PartialEq + std::fmt::Debug,
{
    let ours: T = trame_format::from_parser(Script::new(events))
        .unwrap_or_else(|e| panic!("trame-format: {e}"));
    assert_eq!(ours, expected, "trame-format");
}

/// Both readers build `expected` from `events`.
#[track_caller]
fn both<T>(events: Vec<ParseEventKind<'static>>, expected: T)
where
    T: Facet<'static> + PartialEq + std::fmt::Debug,
{
    let ours: T = trame_format::from_parser(Script::new(events.clone()))
        .unwrap_or_else(|e| panic!("trame-format: {e}"));
    assert_eq!(ours, expected, "trame-format");
    let mut p = Script::new(events);
    let theirs: T = FormatDeserializer::new(&mut p)
        .deserialize()
        .unwrap_or_else(|e| panic!("FormatDeserializer: {e}"));
    assert_eq!(theirs, expected, "FormatDeserializer");
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Figure {
    Circle(f64),
    Dot,
    Rect { w: u32, h: u32 },
}

#[test]
fn variant_tags_select_the_variant() {
    both(
        vec![
            ParseEventKind::VariantTag(Some("Circle")),
            ParseEventKind::Scalar(ScalarValue::F64(2.5)),
        ],
        Figure::Circle(2.5),
    );
    both(
        vec![
            ParseEventKind::VariantTag(Some("Rect")),
            map(),
            key("h"),
            int(2),
            key("w"),
            int(3),
            end_map(),
        ],
        Figure::Rect { w: 3, h: 2 },
    );
    let err = trame_format::from_parser::<Figure, _>(Script::new(vec![
        ParseEventKind::VariantTag(Some("Square")),
        int(1),
    ]))
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(r#"unknown variant "Square" of Figure at $ "#),
        "{err}"
    );
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum Either {
    A { x: u32, y: String },
    B { x: u32, z: bool },
    L(Vec<Either>),
}

#[test]
// t[verify walk.tokens.position]
fn look_ahead_replays_what_it_read() {
    // `B` is found after `A` fails at its last key: everything `A` read is
    // read again, from the shared buffer, by `B` and then by the building
    // walk. (FormatDeserializer is not run on these scripts: it looks
    // ahead with the parser's own save and restore, which this script
    // parser does not model faithfully enough; `untagged.rs` compares the
    // two on JSON.)
    ours(
        vec![map(), key("x"), int(1), key("z"), boolean(true), end_map()],
        Either::B { x: 1, z: true },
    );
    // Untagged values inside untagged values, each looked at once.
    ours(
        vec![
            seq(),
            map(),
            key("x"),
            int(1),
            key("y"),
            text("a"),
            end_map(),
            seq(),
            map(),
            key("z"),
            boolean(false),
            key("x"),
            int(2),
            end_map(),
            end_seq(),
            end_seq(),
        ],
        Either::L(vec![
            Either::A {
                x: 1,
                y: "a".into(),
            },
            Either::L(vec![Either::B { x: 2, z: false }]),
        ]),
    );
}

#[test]
fn the_end_of_the_script_is_the_end_of_the_input() {
    let err =
        trame_format::from_parser::<Either, _>(Script::new(vec![map(), key("x")])).unwrap_err();
    assert!(
        matches!(err.kind(), trame_format::ErrorKind::NoVariantMatched { .. }),
        "{err}"
    );
    let err = trame_format::from_parser::<u32, _>(Script::new(vec![int(1), int(2)])).unwrap_err();
    assert!(
        matches!(err.kind(), trame_format::ErrorKind::TrailingData),
        "{err}"
    );
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Setting {
    Off,
    #[facet(other)]
    Custom {
        #[facet(tag)]
        name: Option<String>,
        #[facet(content)]
        value: u32,
    },
}

/// A variant tag no variant has goes to the `#[facet(other)]` variant:
/// the tag's name into its `#[facet(tag)]` field, the payload into its
/// `#[facet(content)]` field.
// t[verify walk.enum.forms]
#[test]
fn unknown_variant_tags_are_captured_by_the_other_variant() {
    both(
        vec![
            ParseEventKind::VariantTag(Some("Off")),
            ParseEventKind::Scalar(ScalarValue::Unit),
        ],
        Setting::Off,
    );
    both(
        vec![ParseEventKind::VariantTag(Some("volume")), int(7)],
        Setting::Custom {
            name: Some("volume".into()),
            value: 7,
        },
    );
}
