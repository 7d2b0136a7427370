//! JSON (facet-json's parser): every attribute, compared with the expected
//! value and with what facet-format's `FormatDeserializer` builds.

mod common;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::types::*;
use common::{Format, Json, both, both_reject, ours, ours_reject, same, same_facet_format};

#[test]
fn rename_and_rename_all() {
    both::<Json, _>(
        br#"{"full-name": "Ada", "age": 36}"#,
        Renamed {
            name: "Ada".into(),
            age: 36,
        },
    );
    both::<Json, _>(
        br#"{"first-name": "Ada", "last-name": "Lovelace"}"#,
        Kebab {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
        },
    );
    both_reject::<Json, Renamed>(br#"{"name": "Ada", "age": 36}"#);
}

#[test]
fn alias() {
    both::<Json, _>(
        br#"{"colour": "red"}"#,
        Aliased {
            color: "red".into(),
        },
    );
    both::<Json, _>(
        br#"{"color": "red"}"#,
        Aliased {
            color: "red".into(),
        },
    );
}

#[test]
fn defaults() {
    both::<Json, _>(
        br#"{"a": 1}"#,
        Defaults {
            a: 1,
            b: 0,
            c: 7,
            d: None,
            list: vec![],
        },
    );
    both::<Json, _>(
        br#"{"a": 1, "b": 2, "c": 3, "d": 4, "list": [5]}"#,
        Defaults {
            a: 1,
            b: 2,
            c: 3,
            d: Some(4),
            list: vec![5],
        },
    );
    both::<Json, _>(
        br#"{}"#,
        ContainerDefault {
            a: 1,
            name: "default".into(),
            list: vec![9],
        },
    );
    // An object that sets some fields: each missing one takes its type's
    // default (its own first), as facet's builder fills it; the
    // container's `Default` only for an object that sets none.
    both::<Json, _>(
        br#"{"name": "n"}"#,
        ContainerDefault {
            a: 0,
            name: "n".into(),
            list: vec![],
        },
    );
}

/// A list present in the input of a struct marked `#[facet(default)]` is
/// read as it is anywhere else.
// t[verify walk.container-default]
#[test]
fn container_default_with_a_list_in_the_input() {
    both::<Json, _>(
        br#"{"list": [1, 2]}"#,
        ContainerDefault {
            a: 0,
            name: String::new(),
            list: vec![1, 2],
        },
    );
}

#[test]
fn skip() {
    both::<Json, _>(
        br#"{"a": 1}"#,
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
    // A skipped field's key is an unknown key, ignored (FormatDeserializer
    // reads it into the field).
    ours::<Json, _>(
        br#"{"a": 1, "b": 5, "c": "x"}"#,
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
    assert_eq!(
        Json::theirs::<Skipped>(br#"{"a": 1, "b": 5, "c": "x"}"#).unwrap(),
        Skipped {
            a: 1,
            b: 5,
            c: "x".into()
        }
    );
}

#[test]
fn deny_unknown_fields() {
    both::<Json, _>(br#"{"a": 1}"#, Strict { a: 1 });
    let msg = both_reject::<Json, Strict>(br#"{"a": 1, "b": 2}"#);
    assert_eq!(
        msg,
        r#"unknown field "b" in Strict at $ (line 1, column 10)"#
    );
    both::<Json, _>(br#"{"a": 1, "b": {"c": [1, {}]}}"#, Lenient { a: 1 });
}

#[derive(facet::Facet, Debug, PartialEq)]
#[facet(deny_unknown_fields)]
#[repr(u8)]
enum StrictEnum {
    Move { x: i32 },
}

/// On an enum, `deny_unknown_fields` holds for its struct variants' fields
/// (as serde's does); FormatDeserializer passes unknown keys there over.
#[test]
fn deny_unknown_fields_on_an_enum() {
    both::<Json, _>(br#"{"Move": {"x": 1}}"#, StrictEnum::Move { x: 1 });
    let input = br#"{"Move": {"x": 1, "y": 2}}"#;
    let msg = ours_reject::<Json, StrictEnum>(input);
    assert!(
        msg.starts_with(r#"unknown field "y" in StrictEnum::Move at $.Move"#),
        "{msg}"
    );
    assert_eq!(
        Json::theirs::<StrictEnum>(input).ok(),
        Some(StrictEnum::Move { x: 1 })
    );
}

#[test]
fn flatten() {
    let flat = Flat {
        id: 1,
        inner: Inner {
            x: 2,
            y: "y".into(),
        },
    };
    both::<Json, _>(br#"{"id": 1, "x": 2, "y": "y"}"#, flat.clone());
    both::<Json, _>(br#"{"x": 2, "id": 1, "y": "y"}"#, flat);
    // Named by its key, where the document has it (beside `id`).
    let msg = both_reject::<Json, Flat>(br#"{"x": 2, "id": 1}"#);
    assert_eq!(msg, "missing field y in Flat at $ (line 1, column 17)");
}

#[test]
fn enums_external() {
    both::<Json, _>(br#""Unit""#, External::Unit);
    both::<Json, _>(br#"{"Newtype": 5}"#, External::Newtype(5));
    both::<Json, _>(br#"{"Tuple": [1, "a"]}"#, External::Tuple(1, "a".into()));
    both::<Json, _>(
        br#"{"Struct": {"x": 1}}"#,
        External::Struct { x: 1, y: None },
    );
    both::<Json, _>(br#""renamed""#, External::Renamed);
    let msg = both_reject::<Json, External>(br#""Nope""#);
    assert!(
        msg.starts_with(r#"unknown variant "Nope" of External at $"#),
        "{msg}"
    );
    let msg = both_reject::<Json, External>(br#"{"Struct": {"x": "one"}}"#);
    assert!(
        msg.starts_with(r#"expected i32, found string "one" at $.Struct.x"#),
        "{msg}"
    );
    // A numeric string is read as a number, by both (not by trame-json,
    // which follows serde_json).
    assert_eq!(
        same_facet_format::<Json, External>(br#"{"Struct": {"x": "1"}}"#),
        External::Struct { x: 1, y: None },
    );
}

#[test]
fn enums_internal() {
    both::<Json, _>(
        br#"{"type": "Circle", "r": 1.5}"#,
        Internal::Circle { r: 1.5 },
    );
    both::<Json, _>(
        br#"{"side": 2.0, "type": "Square"}"#,
        Internal::Square { side: 2.0 },
    );
    both::<Json, _>(br#"{"type": "Empty"}"#, Internal::Empty);
    let msg = both_reject::<Json, Internal>(br#"{"r": 1.5}"#);
    assert!(
        msg.starts_with(r#"missing tag "type" of Internal at $"#),
        "{msg}"
    );
}

#[test]
fn enums_adjacent() {
    both::<Json, _>(br#"{"t": "Num", "c": 3}"#, Adjacent::Num(3));
    both::<Json, _>(br#"{"c": [1, 2], "t": "Pair"}"#, Adjacent::Pair(1, 2));
    both::<Json, _>(
        br#"{"t": "Named", "c": {"a": "x"}}"#,
        Adjacent::Named { a: "x".into() },
    );
    both::<Json, _>(br#"{"t": "Nothing"}"#, Adjacent::Nothing);
}

#[test]
fn enums_untagged() {
    both::<Json, _>(b"-3", Untagged::Int(-3));
    both::<Json, _>(br#""hi""#, Untagged::Text("hi".into()));
    both::<Json, _>(br#"{"x": 1, "y": 2}"#, Untagged::Point { x: 1, y: 2 });
    both::<Json, _>(b"[1, 2]", Untagged::List(vec![1, 2]));
    both::<Json, _>(
        br#"[3, "a", {"y": 1, "x": 0}]"#,
        vec![
            Untagged::Int(3),
            Untagged::Text("a".into()),
            Untagged::Point { x: 0, y: 1 },
        ],
    );
    let msg = both_reject::<Json, Untagged>(b"true");
    assert!(
        msg.starts_with("data did not match any variant of untagged enum Untagged at $"),
        "{msg}"
    );
}

#[test]
fn collections_and_pointers() {
    let v = same::<Json, Collections>(
        br#"{"v": [1, 2], "m": {"a": 1}, "h": {"7": true}, "s": ["x", "y", "x"], "a": [1, 2, 3], "t": [4, "t", false], "o": {"x": 1, "y": "z"}}"#,
    );
    assert_eq!(
        v,
        Collections {
            v: vec![1, 2],
            m: BTreeMap::from([("a".into(), 1)]),
            h: HashMap::from([(7, true)]),
            s: BTreeSet::from(["x".into(), "y".into()]),
            a: [1, 2, 3],
            t: (4, "t".into(), false),
            o: Some(Box::new(Inner {
                x: 1,
                y: "z".into()
            })),
        }
    );
    let msg = both_reject::<Json, Collections>(
        br#"{"v": [], "m": {}, "h": {}, "s": [], "a": [1, 2], "t": [4, "t", false], "o": null}"#,
    );
    assert!(
        msg.starts_with("expected a sequence of 3 elements for [u8; 3] at $.a"),
        "{msg}"
    );
}

#[test]
fn newtypes_and_boxed_str() {
    // facet writes a one-field tuple struct as a sequence of one (which
    // trame-json, following serde_json, does not read).
    assert_eq!(
        same_facet_format::<Json, HasNewtype>(br#"{"n": [3], "b": "s"}"#),
        HasNewtype {
            n: Newtype(3),
            b: "s".into(),
        },
    );
    // The bare value (serde's form) is read too, where FormatDeserializer
    // wants the sequence.
    ours::<Json, _>(
        br#"{"n": 3, "b": "s"}"#,
        HasNewtype {
            n: Newtype(3),
            b: "s".into(),
        },
    );
    assert!(Json::theirs::<HasNewtype>(br#"{"n": 3, "b": "s"}"#).is_err());
}

#[test]
fn scalars() {
    both::<Json, _>(
        br#"{"b": true, "u8": 255, "i16": -2, "u64": 18446744073709551615, "i64": -9223372036854775808, "f32": 1.5, "f64": -0.25, "c": "x", "s": "\u00e9"}"#,
        Scalars { b: true, u8: 255, i16: -2, u64: u64::MAX, i64: i64::MIN, f32: 1.5, f64: -0.25, c: 'x', s: "é".into() },
    );
    let msg = both_reject::<Json, Scalars>(br#"{"b": true, "u8": 256}"#);
    assert!(
        msg.starts_with("number 256 out of range for u8 at $.u8"),
        "{msg}"
    );
}

#[test]
fn borrowed_strings() {
    let input = br#"{"s": "plain", "c": "also"}"#;
    let b: Borrowed<'_> = same::<Json, _>(input);
    assert_eq!(b.s, "plain");
    assert!(matches!(b.c, Cow::Borrowed("also")));
    // An escaped string cannot be lent.
    let input = br#"{"s": "a\nb", "c": "x"}"#;
    let msg = ours_reject::<Json, Borrowed<'_>>(input);
    assert!(msg.contains("borrowed") && msg.contains("$.s"), "{msg}");
    let b: Borrowed<'_> = same::<Json, _>(br#"{"s": "a", "c": "x\ny"}"#);
    assert!(matches!(b.c, Cow::Owned(_)));
}

#[test]
fn errors_name_the_path_and_position() {
    let msg = both_reject::<Json, Nested>(
        br#"{"inner": {"x": 1, "y": "a"}, "list": [{"x": 1, "y": "b"}, {"x": "no", "y": "c"}]}"#,
    );
    assert_eq!(
        msg,
        r#"expected u32, found string "no" at $.list[1].x (line 1, column 66)"#
    );
    let msg = both_reject::<Json, Nested>(br#"{"inner": {"x": 1}, "list": []}"#);
    assert!(
        msg.starts_with("missing field y in Inner at $.inner"),
        "{msg}"
    );
    let msg = both_reject::<Json, Nested>(br#"{"inner": {"x": 1, "y": "a"}, "list": [}"#);
    assert!(
        msg.starts_with("invalid input") && msg.contains("$.list"),
        "{msg}"
    );
    let msg = both_reject::<Json, Lenient>(br#"{"a": 1, "a": 2}"#);
    assert!(
        msg.starts_with("duplicate field a in Lenient at $"),
        "{msg}"
    );
}

#[test]
fn depth_is_limited() {
    let mut s = String::new();
    for _ in 0..200 {
        s.push_str(r#"{"next": "#);
    }
    s.push_str("null");
    for _ in 0..200 {
        s.push('}');
    }
    let msg = ours_reject::<Json, Deep>(s.as_bytes());
    assert!(
        msg.starts_with("recursion limit exceeded at $.next.next"),
        "{msg}"
    );
    let deep: Vec<u32> = Vec::new();
    let _ = deep;
    ours::<Json, Deep>(
        br#"{"next": {"next": null}}"#,
        Deep {
            next: Some(Box::new(Deep { next: None })),
        },
    );
}

#[test]
fn null_is_not_a_number() {
    // FormatDeserializer writes the type's default for a null; trame-format
    // reads null only into an `Option` (or `()`).
    let msg = ours_reject::<Json, Lenient>(br#"{"a": null}"#);
    assert_eq!(msg, "expected u32, found null at $.a (line 1, column 7)");
    assert_eq!(
        Json::theirs::<Lenient>(br#"{"a": null}"#).unwrap(),
        Lenient { a: 0 }
    );
}

#[test]
fn trailing_data_is_an_error() {
    // facet-json's parser stops after the first value; the input it shares
    // shows what follows (FormatDeserializer does not look).
    let msg = ours_reject::<Json, Lenient>(br#"{"a": 1} {"a": 2}"#);
    assert_eq!(
        msg,
        "trailing data after the value at $ (line 1, column 10)"
    );
    assert!(Json::theirs::<Lenient>(br#"{"a": 1} {"a": 2}"#).is_ok());
    ours::<Json, _>(b"{\"a\": 1} \n", Lenient { a: 1 });
}

#[test]
fn result() {
    both::<Json, Result<u32, String>>(br#"{"Ok": 3}"#, Ok(3));
    both::<Json, Result<u32, String>>(br#"{"Err": "no"}"#, Err("no".into()));
    let msg = both_reject::<Json, Result<u32, String>>(br#"{"Maybe": 3}"#);
    assert!(msg.starts_with(r#"unknown variant "Maybe""#), "{msg}");
}

#[derive(facet::Facet, Debug, PartialEq)]
struct Envelope<'a> {
    id: u32,
    data: facet_json::RawJson<'a>,
}

#[test]
fn raw_json_holds_the_value_text_borrowed() {
    let input = br#"{"id": 1, "data": {"nested": [1, 2, 3], "complex": true}}"#;
    let e: Envelope<'_> = same_facet_format::<Json, _>(input);
    assert_eq!(e.data.as_str(), r#"{"nested": [1, 2, 3], "complex": true}"#);
    assert!(matches!(e.data.0, Cow::Borrowed(_)));
    let e: Envelope<'_> = same_facet_format::<Json, _>(br#"{"data": [1, "two"], "id": 2}"#);
    assert_eq!(e.data.as_str(), r#"[1, "two"]"#);
    let e: Envelope<'_> = same_facet_format::<Json, _>(br#"{"id": 3, "data": 42.5}"#);
    assert_eq!(e.data.as_str(), "42.5");
    let root: facet_json::RawJson<'_> = same_facet_format::<Json, _>(br#" {"a": null} "#);
    assert_eq!(root.as_str(), r#"{"a": null}"#);
    ours_reject::<Json, Envelope<'_>>(br#"{"id": 3, "data": [1, }"#);
}
