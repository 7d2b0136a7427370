//! `&'de str` borrows from the input (zero-copy); `Cow<'de, str>` borrows
//! when it can and owns when the string had escapes.

use std::borrow::Cow;

use facet::Facet;

#[derive(Facet, Debug, PartialEq)]
struct Borrowed<'a> {
    name: &'a str,
    tags: Vec<&'a str>,
    maybe: Option<&'a str>,
    cow: Cow<'a, str>,
}

/// Whether `s` lies inside `input`.
fn within(input: &str, s: &str) -> bool {
    let range = input.as_bytes().as_ptr_range();
    range.contains(&s.as_ptr()) && s.as_ptr() as usize + s.len() <= range.end as usize
}

#[test]
fn str_fields_point_into_the_input() {
    let input = String::from(r#"{"name": "héllo", "tags": ["a", "b"], "maybe": "m", "cow": "c"}"#);
    let v: Borrowed = trame_json::from_str(&input).unwrap();
    assert_eq!(v.name, "héllo");
    for s in [v.name, v.tags[0], v.tags[1], v.maybe.unwrap()] {
        assert!(within(&input, s), "{s:?} was copied");
    }
    assert!(matches!(v.cow, Cow::Borrowed(s) if within(&input, s)));
}

#[test]
fn cow_owns_what_had_escapes() {
    let input = r#"{"name": "", "tags": [], "cow": "tab\there"}"#;
    let v: Borrowed = trame_json::from_str(input).unwrap();
    assert_eq!(v.name, "");
    assert!(matches!(&v.cow, Cow::Owned(s) if s == "tab\there"));
}

#[test]
fn an_escaped_string_cannot_be_borrowed() {
    let input = r#"{"name": "a\"b", "tags": [], "cow": ""}"#;
    let err = trame_json::from_str::<Borrowed>(input).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected a string without escapes (a &str can only borrow from the input), \
         found an escaped string at $.name (line 1, column 10)"
    );
    let input = r#"{"name": "a", "tags": ["\u0041"], "cow": ""}"#;
    let err = trame_json::from_str::<Borrowed>(input).unwrap_err();
    assert_eq!(err.path(), "$.tags[0]");
    // Map keys borrow the same way.
    let v: std::collections::HashMap<&str, u8> = trame_json::from_str(r#"{"k": 1}"#).unwrap();
    assert_eq!(v["k"], 1);
    let err = trame_json::from_str::<std::collections::HashMap<&str, u8>>(r#"{"\n": 1}"#);
    assert!(err.is_err());
}

#[test]
fn from_slice_borrows_too() {
    let input = br#"["x", "y"]"#.to_vec();
    let v: Vec<&str> = trame_json::from_slice(&input).unwrap();
    assert_eq!(v, ["x", "y"]);
    let s = std::str::from_utf8(&input).unwrap();
    assert!(within(s, v[0]) && within(s, v[1]));
}
