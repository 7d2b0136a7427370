//! Every supported type: the value trame-json builds equals serde_json's.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Debug;
use std::rc::Rc;
use std::sync::Arc;

use facet::Facet;
use serde::Deserialize;

#[path = "common/compare.rs"]
mod compare;
use compare::{both_reject, same};

#[test]
fn integers_of_every_width() {
    assert_eq!(same::<u8>("255"), 255);
    assert_eq!(same::<i8>("-128"), -128);
    assert_eq!(same::<u16>("65535"), 65535);
    assert_eq!(same::<i16>("-32768"), -32768);
    assert_eq!(same::<u32>("4294967295"), u32::MAX);
    assert_eq!(same::<i32>("-2147483648"), i32::MIN);
    assert_eq!(same::<u64>("18446744073709551615"), u64::MAX);
    assert_eq!(same::<i64>("-9223372036854775808"), i64::MIN);
    assert_eq!(same::<usize>("12345"), 12345);
    assert_eq!(same::<isize>("-12345"), -12345);
    assert_eq!(
        same::<u128>("340282366920938463463374607431768211455"),
        u128::MAX
    );
    assert_eq!(
        same::<i128>("-170141183460469231731687303715884105728"),
        i128::MIN
    );
    both_reject::<u32>("-0");
    both_reject::<i32>("-0");
    assert_eq!(same::<i64>(" 7 "), 7);
}

#[test]
fn integer_overflow_is_an_error() {
    assert_eq!(
        both_reject::<u8>("256"),
        "number 256 out of range for u8 at $ (line 1, column 1)"
    );
    both_reject::<i8>("-129");
    both_reject::<u16>("65536");
    both_reject::<i16>("32768");
    both_reject::<u32>("4294967296");
    both_reject::<i32>("2147483648");
    both_reject::<u64>("18446744073709551616");
    both_reject::<i64>("9223372036854775808");
    both_reject::<i64>("-9223372036854775809");
    both_reject::<u64>("-1");
    both_reject::<u128>("340282366920938463463374607431768211456");
    both_reject::<i128>("-170141183460469231731687303715884105729");
    assert_eq!(
        both_reject::<u32>("1.0"),
        "expected u32, found float at $ (line 1, column 1)"
    );
    both_reject::<u32>("1e3");
    both_reject::<u32>("\"1\"");
}

#[test]
fn floats_are_exactly_rusts() {
    for text in [
        "0",
        "-0",
        "0.1",
        "1.7976931348623157e308",
        "2.2250738585072014e-308",
        "5e-324",
        "4.9406564584124654e-324",
        "2.225073858507201136057409796709131975934819546351645648e-308",
        "0.30000000000000004",
        "123456789012345678901234567890",
        "1e22",
        "9007199254740993",
        "-1.5E+10",
    ] {
        let ours: f64 = same(text);
        assert_eq!(
            ours.to_bits(),
            text.parse::<f64>().unwrap().to_bits(),
            "{text}"
        );
        let rust = text.parse::<f32>().unwrap();
        match trame_json::from_str::<f32>(text) {
            Ok(ours) => assert_eq!(ours.to_bits(), rust.to_bits(), "{text}"),
            // serde_json makes an infinite f32 of this; trame-json refuses.
            Err(e) => assert!(rust.is_infinite(), "{text}: {e}"),
        }
    }
    assert_eq!(same::<f32>("3.4028235e38"), f32::MAX);
    both_reject::<f64>("1e400");
    both_reject::<f64>("NaN");
    both_reject::<f64>("Infinity");
    both_reject::<f64>("\"1.5\"");
    both_reject::<f64>("01");
    both_reject::<f64>("1.");
    both_reject::<f64>(".5");
}

#[test]
fn bool_char_string_unit() {
    assert!(same::<bool>("true"));
    assert!(!same::<bool>("false"));
    assert_eq!(same::<char>("\"x\""), 'x');
    assert_eq!(same::<char>("\"\\u00e9\""), 'é');
    assert_eq!(same::<char>("\"😀\""), '😀');
    both_reject::<char>("\"xy\"");
    both_reject::<char>("\"\"");
    assert_eq!(
        same::<String>(r#""a\"b\\c\/d\b\f\n\r\t\u0041\ud83d\ude00""#),
        "a\"b\\c/d\u{8}\u{c}\n\r\tA😀"
    );
    assert_eq!(same::<String>("\"日本語\""), "日本語");
    same::<()>("null");
    both_reject::<()>("0");
    both_reject::<bool>("1");
    both_reject::<String>("null");
    both_reject::<String>(r#""\ud800""#);
    both_reject::<String>("\"\u{1}\"");
}

#[test]
fn options() {
    assert_eq!(same::<Option<u32>>("null"), None);
    assert_eq!(same::<Option<u32>>("3"), Some(3));
    assert_eq!(same::<Option<String>>("\"a\""), Some("a".into()));
    assert_eq!(same::<Option<Vec<u8>>>("[1,2]"), Some(vec![1, 2]));
    assert_eq!(same::<Option<Option<u8>>>("null"), None);
    assert_eq!(same::<Option<Option<u8>>>("4"), Some(Some(4)));
    assert_eq!(
        same::<Vec<Option<bool>>>("[true,null]"),
        vec![Some(true), None]
    );
    assert_eq!(
        same::<Option<(u8, String)>>(r#"[1,"x"]"#),
        Some((1, "x".into()))
    );
}

#[test]
fn sequences_arrays_tuples() {
    assert_eq!(same::<Vec<u32>>("[]"), Vec::<u32>::new());
    assert_eq!(same::<Vec<u32>>("[1, 2, 3]"), vec![1, 2, 3]);
    assert_eq!(same::<Vec<String>>(r#"["a","b"]"#), vec!["a", "b"]);
    assert_eq!(
        same::<Vec<Vec<i8>>>("[[],[1],[2,3]]"),
        vec![vec![], vec![1], vec![2, 3]]
    );
    assert_eq!(same::<[u8; 3]>("[1,2,3]"), [1, 2, 3]);
    assert_eq!(same::<[String; 2]>(r#"["a","b"]"#), ["a", "b"]);
    assert_eq!(same::<[u8; 0]>("[]"), [0u8; 0]);
    assert_eq!(same::<(u8,)>("[1]"), (1,));
    assert_eq!(
        same::<(u8, String, bool)>(r#"[1,"a",true]"#),
        (1, "a".into(), true)
    );
    assert_eq!(same::<(f64, f64)>("[1.5, 2]"), (1.5, 2.0));
    assert_eq!(same::<Vec<[i64; 2]>>("[[1,2],[3,4]]"), vec![[1, 2], [3, 4]]);
    assert_eq!(
        both_reject::<[u8; 3]>("[1,2]"),
        "expected an array of 3 elements for [u8; 3] at $ (line 1, column 6)"
    );
    both_reject::<[u8; 3]>("[1,2,3,4]");
    both_reject::<(u8, u8)>("[1]");
    both_reject::<(u8, u8)>("[1,2,3]");
    both_reject::<(u8, String)>("[1,2]");
    both_reject::<Vec<u8>>("{}");
    both_reject::<Vec<u8>>("[1,]");
}

#[test]
fn sets() {
    assert_eq!(same::<HashSet<u32>>("[1,2,2,3]"), HashSet::from([1, 2, 3]));
    assert_eq!(
        same::<BTreeSet<String>>(r#"["b","a","b"]"#),
        BTreeSet::from(["a".into(), "b".into()])
    );
}

#[test]
fn maps_with_string_and_integer_keys() {
    let m = same::<HashMap<String, u32>>(r#"{"a":1,"b":2}"#);
    assert_eq!(m, HashMap::from([("a".into(), 1), ("b".into(), 2)]));
    // Duplicate keys: the last one wins, as with serde_json.
    let m = same::<BTreeMap<String, u32>>(r#"{"a":1,"b":2,"a":3}"#);
    assert_eq!(m["a"], 3);
    let m = same::<BTreeMap<u32, String>>(r#"{"1":"x","20":"y"}"#);
    assert_eq!(m[&20], "y");
    same::<BTreeMap<i8, bool>>(r#"{"-1":true,"0":false}"#);
    same::<BTreeMap<u64, u8>>(r#"{"18446744073709551615":1}"#);
    same::<HashMap<i128, u8>>(r#"{"-170141183460469231731687303715884105728":1}"#);
    same::<BTreeMap<bool, u8>>(r#"{"true":1,"false":0}"#);
    same::<BTreeMap<char, u8>>(r#"{"a":1}"#);
    same::<BTreeMap<String, Vec<BTreeMap<String, u8>>>>(r#"{"x":[{"y":1},{}]}"#);
    same::<BTreeMap<String, u8>>(r#"{"a\nb":1}"#);
    both_reject::<BTreeMap<u8, u8>>(r#"{"256":1}"#);
    both_reject::<BTreeMap<u8, u8>>(r#"{"x":1}"#);
    both_reject::<BTreeMap<u8, u8>>(r#"{"01":1}"#);
    both_reject::<BTreeMap<u8, u8>>(r#"{"1.0":1}"#);
    both_reject::<BTreeMap<u8, u8>>(r#"{" 1":1}"#);
    both_reject::<BTreeMap<i8, u8>>(r#"{"-0":1}"#);
    both_reject::<BTreeMap<String, u8>>(r#"{"a":"b"}"#);
    both_reject::<BTreeMap<String, u8>>("[]");
}

#[test]
fn pointers() {
    assert_eq!(*same::<Box<u32>>("5"), 5);
    assert_eq!(*same::<Arc<String>>("\"a\""), "a");
    assert_eq!(*same::<Rc<Vec<u8>>>("[1]"), vec![1]);
    assert_eq!(&*same::<Box<str>>("\"s\""), "s");
    assert_eq!(&*same::<Arc<str>>("\"s\""), "s");
    assert_eq!(&*same::<Rc<str>>("\"s\""), "s");
    assert_eq!(*same::<Box<[u8]>>("[1,2]"), [1, 2]);
    assert_eq!(
        same::<Vec<Box<Option<u8>>>>("[null,1]"),
        vec![Box::new(None), Box::new(Some(1))]
    );
}

#[test]
fn results() {
    assert_eq!(same::<Result<u32, String>>(r#"{"Ok":3}"#), Ok(3));
    assert_eq!(
        same::<Result<u32, String>>(r#"{"Err":"no"}"#),
        Err("no".into())
    );
    assert_eq!(
        same::<Vec<Result<Vec<u8>, bool>>>(r#"[{"Ok":[1]},{"Err":true}]"#),
        vec![Ok(vec![1]), Err(true)]
    );
    both_reject::<Result<u32, String>>(r#"{"Maybe":3}"#);
    both_reject::<Result<u32, String>>(r#"{"Ok":3,"Err":"x"}"#);
    both_reject::<Result<u32, String>>(r#"{}"#);
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Unit;

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Newtype(u32);

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Wrapper(Vec<Newtype>);

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct TupleStruct(u8, String);

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Inner {
    a: u32,
    b: Option<String>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
struct Nested {
    inner: Inner,
    list: Vec<Inner>,
    map: BTreeMap<String, Inner>,
    boxed: Box<Inner>,
    tuple: (Inner, u8),
    unit: Unit,
    newtype: Newtype,
    wrapper: Wrapper,
    tuple_struct: TupleStruct,
    cow: Cow<'static, str>,
}

#[test]
fn nested_structs() {
    let v = same::<Nested>(
        r#"{
            "inner": {"a": 1, "b": "x"},
            "list": [{"a": 2}, {"b": null, "a": 3}],
            "map": {"k": {"a": 4, "b": "y"}},
            "boxed": {"a": 5},
            "tuple": [{"a": 6}, 7],
            "unit": null,
            "newtype": 8,
            "wrapper": [9, 10],
            "tuple_struct": [11, "z"],
            "cow": "owned\n"
        }"#,
    );
    assert_eq!(v.list[1].a, 3);
    assert!(matches!(v.cow, Cow::Owned(_)));
    both_reject::<Nested>("{}");
    // A unit struct is also read from a map with no fields, as facet's
    // serializers write it (serde_json wants null only).
    assert_eq!(trame_json::from_str::<Unit>("{}").unwrap(), Unit);
    assert_eq!(trame_json::from_str::<Unit>(r#"{"x": [1]}"#).unwrap(), Unit);
    assert!(serde_json::from_str::<Unit>("{}").is_err());
    both_reject::<Unit>("[]");
    both_reject::<Newtype>("[1]");
    both_reject::<TupleStruct>("[1]");
}

#[test]
fn from_slice_reads_utf8() {
    let v: Vec<String> = trame_json::from_slice(br#"["a", "\u00e9"]"#).unwrap();
    assert_eq!(v, ["a", "é"]);
    let err = trame_json::from_slice::<String>(b"\"\xff\"").unwrap_err();
    assert_eq!(err.to_string(), "invalid UTF-8 at $ (line 1, column 2)");
}

#[test]
fn whitespace_and_trailing_characters() {
    assert_eq!(same::<Vec<u8>>(" \n\t\r[ 1 ,\n2 ] \n"), vec![1, 2]);
    assert_eq!(
        both_reject::<u8>("1 2"),
        "trailing characters at $ (line 1, column 3)"
    );
    both_reject::<Vec<u8>>("[1] ]");
    both_reject::<u8>("");
    both_reject::<u8>("   ");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let err = trame_json::from_str::<Vec<Vec<Vec<u8>>>>(&deep).unwrap_err();
    assert!(
        err.to_string().starts_with("recursion limit exceeded"),
        "{err}"
    );
    #[derive(Facet, Debug)]
    struct Tree {
        children: Vec<Tree>,
    }
    let deep = r#"{"children":["#.repeat(200) + &"]}".repeat(200);
    let err = trame_json::from_str::<Tree>(&deep).unwrap_err();
    assert!(
        err.to_string().starts_with("recursion limit exceeded"),
        "{err}"
    );
    // Each level is an object and an array: 60 levels nest 120 deep.
    let ok = r#"{"children":["#.repeat(60) + &"]}".repeat(60);
    trame_json::from_str::<Tree>(&ok).unwrap();
}
