//! `facet_value::Value` (a dynamic value) anywhere a type can be: the root,
//! a field, a list element, a map value, inside `Option` and `Box`, nested
//! to any depth; each compared with what facet-json builds.

use std::collections::BTreeMap;

use facet::Facet;

#[path = "common/facet_json.rs"]
mod facet_json_compare;
use facet_json_compare::both;
use facet_value::Value;

const DOC: &str = r#"{"null": null, "t": true, "f": false, "neg": -3, "big": 18446744073709551615,
    "pi": 3.25, "s": "h\u00e9llo", "a": [1, "two", [3, {"four": 4}]], "o": {"k": {"nested": []}}}"#;

#[derive(Facet, Debug, PartialEq)]
struct Holder {
    id: u32,
    meta: Value,
    list: Vec<Value>,
    map: BTreeMap<String, Value>,
    maybe: Option<Value>,
    boxed: Box<Value>,
}

// t[verify json.dynamic]
#[test]
fn a_dynamic_root_holds_any_json() {
    let v: Value = both(DOC);
    let back = facet_json::to_string(&v).unwrap();
    let again: Value = trame_json::from_str(&back).unwrap();
    assert_eq!(again, v);
    for scalar in ["null", "true", "0", "-1", "1.5", "\"x\"", "[]", "{}"] {
        let _: Value = both(scalar);
    }
}

// t[verify json.dynamic]
#[test]
fn dynamic_values_in_fields_containers_options_and_boxes() {
    let json = format!(
        r#"{{"id": 1, "meta": {DOC}, "list": [1, null, {{"a": [true]}}], "map": {{"x": [], "y": "z"}}, "maybe": {{"m": 1}}, "boxed": [[[]]]}}"#
    );
    let h: Holder = both(&json);
    assert_eq!(h.id, 1);
    assert_eq!(h.list.len(), 3);
    let h: Holder =
        both(r#"{"id": 2, "meta": null, "list": [], "map": {}, "maybe": null, "boxed": 0}"#);
    assert_eq!(h.maybe, None);
}

#[test]
fn deep_dynamic_nesting_is_bounded() {
    let deep = "[".repeat(100) + &"]".repeat(100);
    let _: Value = both(&deep);
    let too_deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let err = trame_json::from_str::<Value>(&too_deep).unwrap_err();
    assert!(err.to_string().contains("recursion"), "{err}");
}

#[test]
fn malformed_dynamic_input_is_an_error() {
    for bad in [r#"{"a": }"#, "[1,", "nul", r#"{"a" 1}"#] {
        assert!(trame_json::from_str::<Value>(bad).is_err(), "{bad}");
    }
}
