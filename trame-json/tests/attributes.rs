//! The facet attributes users rely on, each against serde's equivalent.

use std::fmt::Debug;

use facet::Facet;
use serde::Deserialize;

#[path = "common/compare.rs"]
mod compare;
#[path = "common/facet_json.rs"]
mod facet_json;
use compare::{both_reject, same};

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Renamed {
    #[facet(rename = "Type")]
    #[serde(rename = "Type")]
    kind: String,
    plain: u8,
}

#[test]
fn rename() {
    same::<Renamed>(r#"{"Type": "x", "plain": 1}"#);
    // The Rust name is not a key any more: unknown, skipped; Type missing.
    assert_eq!(
        both_reject::<Renamed>(r#"{"kind": "x", "plain": 1}"#),
        "missing field Type in Renamed at $ (line 1, column 25)"
    );
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
struct Camel {
    first_name: String,
    last_name_here: String,
    #[facet(rename = "ID")]
    #[serde(rename = "ID")]
    user_id: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct Screaming {
    max_size: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
struct Kebab {
    max_size: u32,
}

#[test]
fn rename_all() {
    same::<Camel>(r#"{"firstName": "a", "lastNameHere": "b", "ID": 3}"#);
    same::<Screaming>(r#"{"MAX_SIZE": 1}"#);
    same::<Kebab>(r#"{"max-size": 1}"#);
    both_reject::<Camel>(r#"{"first_name": "a", "lastNameHere": "b", "ID": 3}"#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Aliased {
    #[facet(alias = "colour")]
    #[serde(alias = "colour")]
    color: String,
}

#[test]
fn alias() {
    same::<Aliased>(r#"{"color": "red"}"#);
    same::<Aliased>(r#"{"colour": "red"}"#);
    // Name and alias are the same field: both is a duplicate.
    assert_eq!(
        both_reject::<Aliased>(r#"{"color": "red", "colour": "blue"}"#),
        "duplicate field color in Aliased at $ (line 1, column 18)"
    );
}

fn seven() -> u32 {
    7
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct FieldDefaults {
    required: u8,
    #[facet(default)]
    #[serde(default)]
    list: Vec<u32>,
    #[facet(default = seven())]
    #[serde(default = "seven")]
    custom: u32,
    optional: Option<String>,
}

#[test]
fn field_default() {
    let v = same::<FieldDefaults>(r#"{"required": 1}"#);
    assert_eq!(v.custom, 7);
    assert_eq!(v.list, Vec::<u32>::new());
    assert_eq!(v.optional, None);
    let v = same::<FieldDefaults>(r#"{"custom": 1, "list": [2], "optional": "o", "required": 1}"#);
    assert_eq!(v.custom, 1);
    assert_eq!(
        both_reject::<FieldDefaults>(r#"{"custom": 1}"#),
        "missing field required in FieldDefaults at $ (line 1, column 13)"
    );
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(default)]
#[serde(default)]
struct ContainerDefault {
    a: u32,
    b: String,
    list: Vec<u8>,
    opt: Option<u8>,
    inner: Inner,
}

impl Default for ContainerDefault {
    fn default() -> Self {
        ContainerDefault {
            a: 1,
            b: "b".into(),
            list: vec![9, 9],
            opt: Some(5),
            inner: Inner { x: 3, y: 4 },
        }
    }
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Inner {
    x: u32,
    y: u32,
}

#[test]
fn container_default() {
    // An object that sets none of the fields is the struct's own Default.
    let v = same::<ContainerDefault>("{}");
    assert_eq!(v, ContainerDefault::default());
    // One that sets some: each missing field takes its type's default, as
    // facet's deserializer fills it (serde_json takes them from the
    // struct's Default: the README's conformance table says so).
    let json = r#"{"b": "x", "list": [1], "opt": null, "inner": {"x": 1, "y": 2}}"#;
    let v = facet_json::both::<ContainerDefault>(json);
    assert_eq!(
        v,
        ContainerDefault {
            a: 0,
            b: "x".into(),
            list: vec![1],
            opt: None,
            inner: Inner { x: 1, y: 2 },
        }
    );
    let serde: ContainerDefault = serde_json::from_str(json).unwrap();
    assert_eq!(serde.a, 1);
    // A missing field whose type has no Default is missing (facet-json
    // agrees; serde_json takes it from the struct's Default).
    let err = trame_json::from_str::<ContainerDefault>(r#"{"b": "x"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field inner in ContainerDefault at $ (line 1, column 10)"
    );
    assert!(::facet_json::from_str::<ContainerDefault>(r#"{"b": "x"}"#).is_err());
    let v = same::<ContainerDefault>(
        r#"{"a": 2, "b": "c", "list": [], "opt": 6, "inner": {"x": 0, "y": 0}}"#,
    );
    assert_eq!(v.list, Vec::<u8>::new());
    assert_eq!(v.inner, Inner { x: 0, y: 0 });
    // A present nested object is not completed from the default.
    both_reject::<ContainerDefault>(r#"{"inner": {"x": 0}}"#);
    both_reject::<ContainerDefault>(r#"{"a": 1, "a": 2}"#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Skips {
    kept: u32,
    #[facet(skip)]
    #[serde(skip)]
    skipped: u32,
    #[facet(skip_deserializing)]
    #[serde(skip_deserializing)]
    not_read: String,
    #[facet(skip, default = seven())]
    #[serde(skip, default = "seven")]
    skipped_custom: u32,
}

#[test]
fn skip_and_skip_deserializing() {
    let v = same::<Skips>(r#"{"kept": 1}"#);
    assert_eq!(v.skipped_custom, 7);
    // Their keys are unknown keys: skipped.
    let v = same::<Skips>(r#"{"kept": 1, "skipped": 5, "not_read": "x", "skipped_custom": 1}"#);
    assert_eq!(
        (v.skipped, v.not_read.as_str(), v.skipped_custom),
        (0, "", 7)
    );
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
struct Strict {
    a: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Lenient {
    a: u32,
}

#[test]
fn unknown_fields() {
    let v = same::<Lenient>(r#"{"x": {"deep": [1, {"y": null}]}, "a": 1, "z": "s"}"#);
    assert_eq!(v.a, 1);
    assert_eq!(
        both_reject::<Strict>(r#"{"a": 1, "x": 2}"#),
        r#"unknown field "x" in Strict at $ (line 1, column 10)"#
    );
    // Skipped values must still be valid JSON.
    both_reject::<Lenient>(r#"{"x": [1,, 2], "a": 1}"#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Pagination {
    page: u32,
    per_page: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Meta {
    total: u64,
    #[facet(flatten)]
    #[serde(flatten)]
    pagination: Pagination,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Response {
    id: String,
    #[facet(flatten)]
    #[serde(flatten)]
    meta: Meta,
    items: Vec<u8>,
}

#[test]
fn flatten_any_order_interleaved_two_levels() {
    let keys = [
        r#""id": "r""#,
        r#""total": 10"#,
        r#""page": 2"#,
        r#""per_page": 5"#,
        r#""items": [1, 2]"#,
    ];
    let expected = Response {
        id: "r".into(),
        meta: Meta {
            total: 10,
            pagination: Pagination {
                page: 2,
                per_page: 5,
            },
        },
        items: vec![1, 2],
    };
    // Every permutation of the five keys.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let mut count = 0;
    permute(&mut order, 0, &mut |o| {
        let json = format!(
            "{{{}}}",
            o.iter().map(|&i| keys[i]).collect::<Vec<_>>().join(", ")
        );
        assert_eq!(same::<Response>(&json), expected, "{json}");
        count += 1;
    });
    assert_eq!(count, 120);
}

fn permute(v: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
    if k == v.len() {
        f(v);
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permute(v, k + 1, f);
        v.swap(k, i);
    }
}

#[test]
fn flatten_errors() {
    assert_eq!(
        both_reject::<Response>(r#"{"id": "r", "total": 1, "page": 1, "items": []}"#),
        "missing field per_page in Response at $ (line 1, column 47)"
    );
    assert_eq!(
        both_reject::<Response>(
            r#"{"id": "r", "total": 1, "page": 1, "per_page": 1, "items": [], "page": 2}"#
        ),
        "duplicate field page in Response at $ (line 1, column 64)"
    );
    assert_eq!(
        both_reject::<Response>(
            r#"{"id": "r", "total": 1, "page": "1", "per_page": 1, "items": []}"#
        ),
        "expected u32, found string at $.page (line 1, column 33)"
    );
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct OptionalParts {
    a: Option<u32>,
    b: Option<String>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct WithOptionalFlatten {
    x: u8,
    #[facet(flatten)]
    #[serde(flatten)]
    parts: OptionalParts,
}

#[test]
fn flatten_of_all_optional_fields_may_be_absent() {
    let v = same::<WithOptionalFlatten>(r#"{"x": 1}"#);
    assert_eq!(v.parts, OptionalParts { a: None, b: None });
    let v = same::<WithOptionalFlatten>(r#"{"b": "s", "x": 1}"#);
    assert_eq!(v.parts.b.as_deref(), Some("s"));
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Pair {
    a: u32,
    b: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Outer {
    inner: Pair,
}

#[test]
fn duplicate_and_missing_fields() {
    assert_eq!(
        both_reject::<Outer>(r#"{"inner": {"a": 1}}"#),
        "missing field b in Pair at $.inner (line 1, column 18)"
    );
    assert_eq!(
        both_reject::<Pair>("{}"),
        "missing fields a, b in Pair at $ (line 1, column 2)"
    );
    assert_eq!(
        both_reject::<Outer>(r#"{"inner": {"a": 1, "b": 2, "b": 3}}"#),
        "duplicate field b in Pair at $.inner (line 1, column 28)"
    );
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct HoldsNothing {
    a: u8,
    marker: std::marker::PhantomData<String>,
    unit: (),
}

/// Fields that hold nothing: read as a unit struct (`null`; `{}` as facet
/// writes them); missing, they take their default as facet's deserializer
/// fills them, where serde_json wants them.
#[test]
fn fields_that_hold_nothing() {
    let expected = HoldsNothing {
        a: 1,
        marker: std::marker::PhantomData,
        unit: (),
    };
    assert_eq!(
        same::<HoldsNothing>(r#"{"a": 1, "marker": null, "unit": null}"#),
        expected
    );
    let v = trame_json::from_str::<HoldsNothing>(r#"{"a": 1, "marker": {}, "unit": null}"#);
    assert_eq!(v.unwrap(), expected);
    let json = r#"{"a": 1}"#;
    assert_eq!(facet_json::both::<HoldsNothing>(json), expected);
    assert!(serde_json::from_str::<HoldsNothing>(json).is_err());
}
