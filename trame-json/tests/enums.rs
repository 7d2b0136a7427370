//! Enums in every representation facet exposes: externally tagged (the
//! default), internally tagged (`tag`), adjacently tagged (`tag` +
//! `content`) and untagged.

use std::fmt::Debug;

use facet::Facet;
use serde::Deserialize;

#[path = "common/compare.rs"]
mod compare;
use compare::{both_reject, same};

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
enum External {
    Unit,
    Newtype(u32),
    Tuple(u8, String),
    Struct {
        x: i32,
        y: Option<i32>,
    },
    #[facet(rename = "renamed")]
    #[serde(rename = "renamed")]
    Renamed,
    Nested(Box<External>),
    List(Vec<External>),
}

#[test]
fn externally_tagged() {
    assert_eq!(same::<External>(r#""Unit""#), External::Unit);
    assert_eq!(same::<External>(r#"{"Unit": null}"#), External::Unit);
    assert_eq!(same::<External>(r#"{"Newtype": 5}"#), External::Newtype(5));
    assert_eq!(
        same::<External>(r#"{"Tuple": [1, "a"]}"#),
        External::Tuple(1, "a".into())
    );
    assert_eq!(
        same::<External>(r#"{"Struct": {"y": 2, "x": 1}}"#),
        External::Struct { x: 1, y: Some(2) }
    );
    assert_eq!(
        same::<External>(r#"{"Struct": {"x": 1}}"#),
        External::Struct { x: 1, y: None }
    );
    assert_eq!(same::<External>(r#""renamed""#), External::Renamed);
    same::<External>(r#"{"Nested": {"List": ["Unit", {"Newtype": 1}, {"Nested": "Unit"}]}}"#);
    same::<Vec<External>>(r#"["Unit", {"Newtype": 2}]"#);

    assert_eq!(
        both_reject::<External>(r#""Nope""#),
        r#"unknown variant "Nope" of External at $ (line 1, column 1)"#
    );
    assert_eq!(
        both_reject::<External>(r#"{"Struct": {"x": 1, "z": 2, "x": 3}}"#),
        "duplicate field x in External::Struct at $.Struct (line 1, column 29)"
    );
    assert_eq!(
        both_reject::<External>(r#"{"Struct": {"y": 1}}"#),
        "missing field x in External::Struct at $.Struct (line 1, column 19)"
    );
    assert_eq!(
        both_reject::<External>(r#"{"Newtype": "5"}"#),
        "expected u32, found string at $.Newtype (line 1, column 13)"
    );
    both_reject::<External>(r#""Newtype""#);
    both_reject::<External>(r#"{"Unit": null, "Newtype": 1}"#);
    both_reject::<External>(r#"{}"#);
    both_reject::<External>(r#"{"Tuple": [1]}"#);
    both_reject::<External>("3");
    both_reject::<External>("renamed");
    both_reject::<External>(r#""Renamed""#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(C)]
#[facet(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
enum Cased {
    FirstOne,
    SecondOne { inner_value: u8 },
}

#[test]
fn rename_all_on_variants() {
    assert_eq!(same::<Cased>(r#""first_one""#), Cased::FirstOne);
    same::<Cased>(r#"{"second_one": {"inner_value": 1}}"#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Payload {
    id: u32,
    name: String,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
#[facet(tag = "type")]
#[serde(tag = "type")]
enum Internal {
    Ping,
    Message { text: String, to: Option<String> },
    Wrapped(Payload),
}

#[test]
fn internally_tagged() {
    assert_eq!(same::<Internal>(r#"{"type": "Ping"}"#), Internal::Ping);
    assert_eq!(
        same::<Internal>(r#"{"type": "Message", "text": "hi"}"#),
        Internal::Message {
            text: "hi".into(),
            to: None
        }
    );
    // The tag need not come first.
    same::<Internal>(r#"{"text": "hi", "to": "you", "type": "Message"}"#);
    same::<Internal>(r#"{"id": 1, "type": "Wrapped", "name": "n"}"#);
    same::<Vec<Internal>>(r#"[{"type": "Ping"}, {"name": "n", "id": 2, "type": "Wrapped"}]"#);

    assert_eq!(
        both_reject::<Internal>(r#"{"text": "hi"}"#),
        r#"missing tag "type" of Internal at $ (line 1, column 1)"#
    );
    assert_eq!(
        both_reject::<Internal>(r#"{"type": "Gone"}"#),
        r#"unknown variant "Gone" of Internal at $ (line 1, column 10)"#
    );
    assert_eq!(
        both_reject::<Internal>(r#"{"type": "Message"}"#),
        "missing field text in Internal::Message at $.Message (line 1, column 19)"
    );
    both_reject::<Internal>(r#"{"type": 1}"#);
    both_reject::<Internal>(r#""Ping""#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
#[facet(tag = "t", content = "c")]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    Unit,
    Newtype(u32),
    Tuple(u8, u8),
    Struct { a: bool },
}

#[test]
fn adjacently_tagged() {
    assert_eq!(same::<Adjacent>(r#"{"t": "Unit"}"#), Adjacent::Unit);
    assert_eq!(
        same::<Adjacent>(r#"{"t": "Unit", "c": null}"#),
        Adjacent::Unit
    );
    assert_eq!(
        same::<Adjacent>(r#"{"t": "Newtype", "c": 3}"#),
        Adjacent::Newtype(3)
    );
    // Content before tag.
    assert_eq!(
        same::<Adjacent>(r#"{"c": [1, 2], "t": "Tuple"}"#),
        Adjacent::Tuple(1, 2)
    );
    assert_eq!(
        same::<Adjacent>(r#"{"t": "Struct", "c": {"a": true}}"#),
        Adjacent::Struct { a: true }
    );
    assert_eq!(
        both_reject::<Adjacent>(r#"{"t": "Newtype"}"#),
        "missing field c in Adjacent at $ (line 1, column 16)"
    );
    assert_eq!(
        both_reject::<Adjacent>(r#"{"t": "Newtype", "c": "x"}"#),
        "expected u32, found string at $.c.Newtype (line 1, column 23)"
    );
    both_reject::<Adjacent>(r#"{"c": 1}"#);
    both_reject::<Adjacent>(r#"{"t": "Newtype", "c": 1, "c": 2}"#);
    // Other keys, before and after both, are skipped.
    assert_eq!(
        same::<Adjacent>(r#"{"x": [1, {"y": 2}], "t": "Newtype", "c": 3, "z": "w"}"#),
        Adjacent::Newtype(3)
    );
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
#[serde(untagged)]
enum Untagged {
    Nothing,
    Number(u8),
    Wide(u64),
    Text(String),
    Pair(u8, u8),
    Point { x: f64, y: f64 },
    Named(Payload),
    List(Vec<Untagged>),
}

#[test]
fn untagged() {
    assert_eq!(same::<Untagged>("null"), Untagged::Nothing);
    assert_eq!(same::<Untagged>("7"), Untagged::Number(7));
    // Too big for u8: the first variant that fits.
    assert_eq!(same::<Untagged>("300"), Untagged::Wide(300));
    assert_eq!(same::<Untagged>(r#""s""#), Untagged::Text("s".into()));
    assert_eq!(same::<Untagged>("[1, 2]"), Untagged::Pair(1, 2));
    assert_eq!(
        same::<Untagged>(r#"{"x": 1, "y": 2}"#),
        Untagged::Point { x: 1.0, y: 2.0 }
    );
    same::<Untagged>(r#"{"id": 1, "name": "n"}"#);
    same::<Untagged>(r#"[1, 2, 3]"#);
    same::<Untagged>(r#"[[1, 2], "a", null, [[]]]"#);
    assert_eq!(
        both_reject::<Untagged>(r#"{"x": 1}"#),
        "data did not match any variant of untagged enum Untagged at $ (line 1, column 1)"
    );
    both_reject::<Untagged>("true");
    both_reject::<Untagged>("-1.5");
}
