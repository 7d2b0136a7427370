//! Enums that are not tagged by name: `#[facet(is_numeric)]` (the
//! discriminant as a number), `#[facet(cow)]` (the payload's value, read
//! into the `Owned` variant) and untagged enums with unit variants (a
//! string naming one), internally tagged enums nested in one map, and the
//! `#[facet(other)]` variant that takes unknown names, in
//! JSON, YAML, TOML, MessagePack and postcard,
//! compared with the expected value and with facet-format's
//! `FormatDeserializer`.

mod common;

use common::types::{Event, Op, ShapeEvent};
use common::{
    Format, Json, MsgPack, Postcard, Toml, Yaml, both, both_reject, ours, ours_reject,
    same_facet_format,
};
use facet::Facet;

#[derive(Facet, Debug, PartialEq, Clone, Copy)]
#[facet(is_numeric)]
#[repr(i16)]
enum Level {
    Below = -1,
    Low = 1,
    High = 10,
}

#[derive(Facet, Debug, PartialEq)]
struct Alarm {
    level: Level,
    name: String,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(cow)]
#[repr(u8)]
enum Text<'a> {
    Borrowed(&'a str),
    Owned(String),
}

#[derive(Facet, Debug, PartialEq)]
struct Note<'a> {
    text: Text<'a>,
    n: u32,
}

fn alarm(level: Level) -> Alarm {
    Alarm {
        level,
        name: "a".into(),
    }
}

fn note(text: &str) -> Note<'static> {
    Note {
        text: Text::Owned(text.into()),
        n: 1,
    }
}

#[test]
fn numeric_enums_read_their_discriminant() {
    both::<Json, _>(br#"10"#, Level::High);
    both::<Json, _>(br#"-1"#, Level::Below);
    both::<Json, _>(br#"{"level": 1, "name": "a"}"#, alarm(Level::Low));
    both::<Yaml, _>(b"level: 10\nname: a\n", alarm(Level::High));
    both::<Toml, _>(b"level = -1\nname = \"a\"\n", alarm(Level::Below));
    let bytes = facet_msgpack::to_vec(&alarm(Level::High)).unwrap();
    both::<MsgPack, _>(&bytes, alarm(Level::High));
    // postcard writes the variant's index, not its discriminant, which
    // FormatDeserializer does not take back (it wants an integer).
    let bytes = facet_postcard::to_vec(&alarm(Level::High)).unwrap();
    assert_eq!(bytes[0], 2);
    assert!(Postcard::theirs::<Alarm>(&bytes).is_err());
    ours::<Postcard, _>(&bytes, alarm(Level::High));
    // A discriminant no variant has, and a name, are refused.
    let msg = both_reject::<Json, Level>(b"2");
    assert_eq!(
        msg,
        r#"unknown variant "2" of Level at $ (line 1, column 1)"#
    );
    let msg = both_reject::<Json, Alarm>(br#"{"level": "High", "name": "a"}"#);
    assert!(msg.contains("$.level"), "{msg}");
}

#[test]
fn cow_enums_are_their_payload_owned() {
    both::<Json, _>(br#""hi""#, Text::Owned("hi".into()));
    both::<Json, _>(br#"{"text": "hi", "n": 1}"#, note("hi"));
    both::<Yaml, _>(b"text: hi\nn: 1\n", note("hi"));
    both::<Toml, _>(b"text = \"hi\"\nn = 1\n", note("hi"));
    let bytes = facet_msgpack::to_vec(&note("hi")).unwrap();
    both::<MsgPack, _>(&bytes, note("hi"));
    let bytes = facet_postcard::to_vec(&note("hi")).unwrap();
    both::<Postcard, _>(&bytes, note("hi"));
    // A number into the `String` payload as its text, by both.
    assert_eq!(
        same_facet_format::<Json, Note<'_>>(br#"{"text": 5, "n": 1}"#),
        note("5")
    );
    // What is no text is refused where it is.
    let msg = both_reject::<Json, Note<'_>>(br#"{"text": [5], "n": 1}"#);
    assert!(msg.contains("$.text"), "{msg}");
}

#[derive(Facet, Debug, PartialEq, Clone, Copy)]
#[facet(untagged)]
#[repr(u8)]
enum Color {
    Red,
    #[facet(rename = "blue")]
    Blue,
}

#[derive(Facet, Debug, PartialEq, Clone, Copy)]
#[facet(untagged)]
#[repr(u8)]
enum Size {
    Auto,
    Fixed(u32),
}

#[derive(Facet, Debug, PartialEq, Clone, Copy)]
struct Style {
    color: Color,
    size: Size,
}

#[test]
fn untagged_unit_variants_are_read_by_name() {
    both::<Json, _>(br#""Red""#, Color::Red);
    both::<Json, _>(br#""blue""#, Color::Blue);
    let style = Style {
        color: Color::Blue,
        size: Size::Auto,
    };
    both::<Json, _>(br#"{"color": "blue", "size": "Auto"}"#, style);
    both::<Json, _>(
        br#"{"color": "Red", "size": 3}"#,
        Style {
            color: Color::Red,
            size: Size::Fixed(3),
        },
    );
    both::<Yaml, _>(b"color: blue\nsize: Auto\n", style);
    both::<Toml, _>(b"color = \"blue\"\nsize = \"Auto\"\n", style);
    let bytes = facet_msgpack::to_vec(&style).unwrap();
    ours::<MsgPack, _>(&bytes, style);
    let msg = ours_reject::<Json, Color>(br#""Green""#);
    assert_eq!(
        msg,
        "data did not match any variant of untagged enum Color at $ (line 1, column 1)"
    );
}

#[test]
fn nested_internal_tags() {
    let circle = Event::Shape(ShapeEvent::Circle { r: 2 });
    both::<Json, _>(br#"{"kind": "Shape", "shape": "Circle", "r": 2}"#, circle);
    both::<Json, _>(
        br#"{"side": 3, "shape": "Square", "kind": "Shape"}"#,
        Event::Shape(ShapeEvent::Square { side: 3 }),
    );
    both::<Yaml, _>(b"kind: Quit\n", Event::Quit);
    both::<Yaml, _>(
        b"r: 4\nkind: Shape\nshape: Circle\n",
        Event::Shape(ShapeEvent::Circle { r: 4 }),
    );
    both::<Toml, _>(
        b"kind = \"Shape\"\nshape = \"Circle\"\nr = 2\n",
        Event::Shape(ShapeEvent::Circle { r: 2 }),
    );
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Mood {
    Happy,
    #[facet(other)]
    Other,
}

#[test]
// t[verify walk.enum.forms]
fn other_variant_takes_unknown_names() {
    both::<Json, _>(br#""Stop""#, Op::Stop);
    both::<Json, _>(br#"{"Add": 2}"#, Op::Add(2));
    both::<Json, _>(br#""Jump""#, Op::Unknown("Jump".into()));
    // The fallback's own name is not a name it answers to.
    both::<Json, _>(br#""Unknown""#, Op::Unknown("Unknown".into()));
    both::<Yaml, _>(b"Jump", Op::Unknown("Jump".into()));
    // A unit fallback: FormatDeserializer panics here (`TypePlan must
    // have enum variant field node`: it reads the name into a field the
    // variant does not have); trame-format selects the variant.
    ours::<Json, _>(br#""Sad""#, Mood::Other);
    // The map form: the payload is the fallback variant's own.
    both::<Json, _>(br#"{"Jump": "far"}"#, Op::Unknown("far".into()));
}

/// An `#[facet(other)]` variant with `#[facet(tag)]` and
/// `#[facet(content)]` fields takes every value that is not another
/// variant's: the value as its content (the tag is a variant tag's name,
/// which these formats do not write: its default).
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Setting {
    Off,
    Level(u8),
    #[facet(other)]
    Custom {
        #[facet(tag)]
        name: Option<String>,
        #[facet(content)]
        value: facet_value::Value,
    },
}

#[test]
// t[verify walk.enum.forms]
fn other_variant_captures_what_is_not_a_variant() {
    let custom = |json: &str| Setting::Custom {
        name: None,
        value: facet_json::from_str(json).unwrap(),
    };
    both::<Json, _>(br#""Off""#, Setting::Off);
    both::<Json, _>(br#"{"Level": 3}"#, Setting::Level(3));
    both::<Json, _>(br#""loud""#, custom(r#""loud""#));
    both::<Json, _>(br#"[1, 2]"#, custom("[1, 2]"));
    both::<Json, _>(br#"{"volume": 7}"#, custom(r#"{"volume": 7}"#));
    both::<Json, _>(br#"{}"#, custom("{}"));
    both::<Json, _>(br#"12"#, custom("12"));
    both::<Yaml, _>(b"volume: 7\n", custom(r#"{"volume": 7}"#));
    #[derive(Facet, Debug, PartialEq)]
    struct Doc {
        setting: Setting,
    }
    both::<Toml, _>(
        b"[setting]\nvolume = 7\n",
        Doc {
            setting: custom(r#"{"volume": 7}"#),
        },
    );
    both::<Toml, _>(
        b"setting = \"Off\"\n",
        Doc {
            setting: Setting::Off,
        },
    );
    #[derive(Facet)]
    struct Wire {
        volume: u32,
    }
    let bytes = facet_msgpack::to_vec(&Wire { volume: 7 }).unwrap();
    // FormatDeserializer looks ahead with facet-msgpack's `save`, which
    // panics: trame-format only.
    ours::<MsgPack, _>(&bytes, custom(r#"{"volume": 7}"#));
}
