//! Error messages: what, where in the value, where in the text.

use facet::Facet;

#[derive(Facet, Debug)]
struct Item {
    id: u32,
    name: String,
}

#[derive(Facet, Debug)]
struct Doc {
    items: Vec<Item>,
}

#[derive(Facet, Debug)]
#[facet(deny_unknown_fields)]
struct Strict {
    a: u8,
}

#[derive(Facet, Debug)]
struct Borrows<'a> {
    s: &'a str,
}

fn err<T: for<'a> Facet<'a> + std::fmt::Debug>(json: &str) -> String {
    trame_json::from_str::<T>(json).unwrap_err().to_string()
}

#[test]
fn wrong_type_deep_in_a_document() {
    let json = "{\n  \"items\": [\n    {\"id\": 1, \"name\": \"a\"},\n    {\"id\": 2, \"name\": \"b\"},\n    {\"id\": 3, \"name\": \"c\"},\n    {\"name\": \"d\",\n      \"id\": \"4\"}\n  ]\n}";
    let e = trame_json::from_str::<Doc>(json).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected u32, found string at $.items[3].id (line 7, column 13)"
    );
    assert_eq!(e.path(), "$.items[3].id");
    assert_eq!((e.line(), e.column()), (7, 13));
    assert!(matches!(
        e.kind(),
        trame_json::ErrorKind::WrongType {
            found: "string",
            ..
        }
    ));
}

#[test]
fn representative_messages() {
    let cases: &[(&str, String)] = &[
        // wrong types
        (r#"{"items": {}}"#, err::<Doc>(r#"{"items": {}}"#)),
        (r#"{"items": [1]}"#, err::<Doc>(r#"{"items": [1]}"#)),
        (
            r#"{"items": [{"id": null, "name": "x"}]}"#,
            err::<Doc>(r#"{"items": [{"id": null, "name": "x"}]}"#),
        ),
        (
            r#"{"items": [{"id": 1, "name": true}]}"#,
            err::<Doc>(r#"{"items": [{"id": 1, "name": true}]}"#),
        ),
        // overflow
        (
            r#"{"items": [{"id": 4294967296, "name": "x"}]}"#,
            err::<Doc>(r#"{"items": [{"id": 4294967296, "name": "x"}]}"#),
        ),
        // missing, duplicate and unknown fields
        (
            r#"{"items": [{"id": 1}]}"#,
            err::<Doc>(r#"{"items": [{"id": 1}]}"#),
        ),
        (
            r#"{"items": [{"id": 1, "name": "x", "id": 2}]}"#,
            err::<Doc>(r#"{"items": [{"id": 1, "name": "x", "id": 2}]}"#),
        ),
        (r#"{"a": 1, "b": 2}"#, err::<Strict>(r#"{"a": 1, "b": 2}"#)),
        // malformed JSON
        (r#"{"items": [}"#, err::<Doc>(r#"{"items": [}"#)),
        (
            r#"{"items": [{"id": 1, "name": "x"},]}"#,
            err::<Doc>(r#"{"items": [{"id": 1, "name": "x"},]}"#),
        ),
        (r#"{"items" []}"#, err::<Doc>(r#"{"items" []}"#)),
        (r#"{"items": ["#, err::<Doc>(r#"{"items": ["#)),
        (
            r#"{"items": [{"id": 1, "name": "x}]}"#,
            err::<Doc>(r#"{"items": [{"id": 1, "name": "x}]}"#),
        ),
        (
            r#"{"items": [{"id": 01, "name": "x"}]}"#,
            err::<Doc>(r#"{"items": [{"id": 01, "name": "x"}]}"#),
        ),
        (r#"{items: []}"#, err::<Doc>(r#"{items: []}"#)),
        (r#"{"items": [], }"#, err::<Doc>(r#"{"items": [], }"#)),
        (r#"{"items": tru}"#, err::<Doc>(r#"{"items": tru}"#)),
        // trailing characters
        (r#"{"items": []} {}"#, err::<Doc>(r#"{"items": []} {}"#)),
        // escaped string into a borrowed &str
        (
            r#"{"s": "a\nb"}"#,
            trame_json::from_str::<Borrows>(r#"{"s": "a\nb"}"#)
                .unwrap_err()
                .to_string(),
        ),
    ];
    let expected = [
        "expected Vec<Item>, found object at $.items (line 1, column 11)",
        "expected Item, found number at $.items[0] (line 1, column 12)",
        "expected u32, found null at $.items[0].id (line 1, column 19)",
        "expected String, found boolean at $.items[0].name (line 1, column 30)",
        "number 4294967296 out of range for u32 at $.items[0].id (line 1, column 19)",
        "missing field name in Item at $.items[0] (line 1, column 20)",
        "duplicate field id in Item at $.items[0] (line 1, column 35)",
        r#"unknown field "b" in Strict at $ (line 1, column 10)"#,
        "expected value at $.items[0] (line 1, column 12)",
        "trailing comma at $.items (line 1, column 35)",
        "expected `:` at $ (line 1, column 10)",
        "EOF while parsing a list at $.items (line 1, column 12)",
        "EOF while parsing a string at $.items[0].name (line 1, column 35)",
        "invalid number at $.items[0].id (line 1, column 20)",
        "key must be a string at $ (line 1, column 2)",
        "trailing comma at $ (line 1, column 15)",
        "expected ident at $.items (line 1, column 14)",
        "trailing characters at $ (line 1, column 15)",
        "expected a string without escapes (a &str can only borrow from the input), found an escaped string at $.s (line 1, column 7)",
    ];
    let mut failures = Vec::new();
    for ((json, got), want) in cases.iter().zip(expected) {
        if got != want {
            failures.push(format!("{json}\n  got:  {got}\n  want: {want}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn errors_name_json_keys_and_map_entries() {
    #[derive(Facet, Debug)]
    #[facet(rename_all = "camelCase")]
    struct Renamed {
        user_id: u8,
        tags: std::collections::BTreeMap<String, Vec<u8>>,
    }
    assert_eq!(
        err::<Renamed>(r#"{"userId": 1, "tags": {"a": [1], "b\"c": [2, -3]}}"#),
        r#"number -3 out of range for u8 at $.tags["b\"c"][1] (line 1, column 46)"#
    );
    assert_eq!(
        err::<Renamed>(r#"{"userId": 1, "tags": {"a": [1]}"#),
        "EOF while parsing an object at $ (line 1, column 33)"
    );
}
