//! Quick checks.
use facet::Facet;

#[derive(Facet, Debug, PartialEq)]
struct Pair {
    a: u32,
    b: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Outer<'a> {
    inner: Pair,
    name: &'a str,
    s: String,
    f: f64,
    t: (u8, i64),
    arr: [bool; 2],
    c: char,
    o: Option<u32>,
}

#[test]
fn smoke() {
    let j = r#"{"inner": {"a": 1, "b": 2}, "name": "x", "s": "a\nb", "f": 1.5, "t": [1, -2], "arr": [true, false], "c": "z"}"#;
    let v: Outer = trame_json::from_str(j).unwrap();
    assert_eq!(v.inner, Pair { a: 1, b: 2 });
    assert_eq!(v.s, "a\nb");
    assert_eq!(v.o, None);
    for bad in [
        r#"{"a": 1}"#,
        r#"{"a": "x", "b": 2}"#,
        r#"{"a": 1, "b": 2, "a": 3}"#,
        r#"{"a": 1, "b": 2} x"#,
        r#"{"a": 1.5, "b": 2}"#,
        r#"{"a": -1, "b": 2}"#,
        r#"{"a": 99999999999999999999999, "b": 2}"#,
    ] {
        println!("{}", trame_json::from_str::<Pair>(bad).unwrap_err());
    }
}
