//! Property tests: generated values of a family of types, serialized by
//! serde_json, parse back equal with trame-json; generated malformed inputs
//! are rejected (never a panic), exactly when serde_json rejects them.

use std::collections::BTreeMap;

use facet::Facet;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Facet, Serialize, Deserialize, Debug, PartialEq, Clone)]
#[repr(u8)]
enum Kind {
    Plain,
    Count(u32),
    Point { x: f64, label: Option<String> },
    Pair(u8, i16),
}

#[derive(Facet, Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Inner {
    text: Option<String>,
    bytes: Vec<u8>,
    kind: Kind,
}

#[derive(Facet, Serialize, Deserialize, Debug, PartialEq, Clone)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
struct Record {
    id: u64,
    small_signed: i8,
    wide: u128,
    wide_signed: i128,
    ratio: f64,
    single: f32,
    flag: bool,
    name: String,
    letter: char,
    tags: Vec<String>,
    scores: BTreeMap<String, i32>,
    by_id: BTreeMap<u32, bool>,
    pair: (u16, String),
    triple: [i64; 3],
    maybe: Option<Inner>,
    nested: Vec<Inner>,
    boxed: Box<Kind>,
    #[facet(default)]
    #[serde(default)]
    defaulted: Vec<u16>,
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |f| f.is_finite())
}

fn finite_f32() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("finite", |f| f.is_finite())
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Plain),
        any::<u32>().prop_map(Kind::Count),
        (finite_f64(), any::<Option<String>>()).prop_map(|(x, label)| Kind::Point { x, label }),
        (any::<u8>(), any::<i16>()).prop_map(|(a, b)| Kind::Pair(a, b)),
    ]
}

fn inner() -> impl Strategy<Value = Inner> {
    (
        any::<Option<String>>(),
        prop::collection::vec(any::<u8>(), 0..4),
        kind(),
    )
        .prop_map(|(text, bytes, kind)| Inner { text, bytes, kind })
}

fn record() -> impl Strategy<Value = Record> {
    (
        (
            any::<u64>(),
            any::<i8>(),
            any::<u128>(),
            any::<i128>(),
            finite_f64(),
            finite_f32(),
            any::<bool>(),
            any::<String>(),
            any::<char>(),
        ),
        (
            prop::collection::vec(any::<String>(), 0..4),
            prop::collection::btree_map(any::<String>(), any::<i32>(), 0..4),
            prop::collection::btree_map(any::<u32>(), any::<bool>(), 0..4),
            (any::<u16>(), any::<String>()),
            any::<[i64; 3]>(),
            prop::option::of(inner()),
            prop::collection::vec(inner(), 0..3),
            kind(),
            prop::collection::vec(any::<u16>(), 0..3),
        ),
    )
        .prop_map(
            |(
                (id, small_signed, wide, wide_signed, ratio, single, flag, name, letter),
                (tags, scores, by_id, pair, triple, maybe, nested, boxed, defaulted),
            )| Record {
                id,
                small_signed,
                wide,
                wide_signed,
                ratio,
                single,
                flag,
                name,
                letter,
                tags,
                scores,
                by_id,
                pair,
                triple,
                maybe,
                nested,
                boxed: Box::new(boxed),
                defaulted,
            },
        )
}

/// A way to break a document.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte =
        prop::sample::select(b"{}[]:,\"\\ 0123456789-+.eEtrufalsn\x00\x1f\xff\xc3x".to_vec());
    let pos = any::<prop::sample::Index>();
    prop_oneof![
        pos.clone()
            .prop_map(|i| Mutation::Truncate(i.index(1 << 20))),
        pos.clone().prop_map(|i| Mutation::Delete(i.index(1 << 20))),
        (pos.clone(), byte.clone()).prop_map(|(i, b)| Mutation::Insert(i.index(1 << 20), b)),
        (pos, byte).prop_map(|(i, b)| Mutation::Replace(i.index(1 << 20), b)),
    ]
}

fn apply(json: &[u8], m: &Mutation) -> Vec<u8> {
    let mut v = json.to_vec();
    let at = |i: usize| i % (v.len() + 1);
    match *m {
        Mutation::Truncate(i) => v.truncate(at(i)),
        Mutation::Delete(i) => {
            if !v.is_empty() {
                let i = i % v.len();
                v.remove(i);
            }
        }
        Mutation::Insert(i, b) => {
            let i = at(i);
            v.insert(i, b);
        }
        Mutation::Replace(i, b) => {
            if !v.is_empty() {
                let i = i % v.len();
                v[i] = b;
            }
        }
    }
    v
}

/// 512 cases; under Miri (slow, and isolated from the file system where
/// failures are persisted) 2, with no persistence.
fn config() -> ProptestConfig {
    if cfg!(miri) {
        ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::with_cases(2)
        }
    } else {
        ProptestConfig::with_cases(512)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn serde_json_output_parses_back_equal(r in record()) {
        let json = serde_json::to_string(&r).unwrap();
        let ours: Record = trame_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        prop_assert_eq!(&ours, &r);
        let pretty = serde_json::to_string_pretty(&r).unwrap();
        let ours: Record = trame_json::from_str(&pretty)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{pretty}")))?;
        prop_assert_eq!(ours, r);
    }

    #[test]
    fn malformed_inputs_are_errors_when_serde_json_says_so(
        r in record(),
        ms in prop::collection::vec(mutation(), 1..4),
    ) {
        let json = serde_json::to_vec(&r).unwrap();
        let mut broken = json.clone();
        for m in &ms {
            broken = apply(&broken, m);
        }
        let theirs = serde_json::from_slice::<Record>(&broken);
        let ours = trame_json::from_slice::<Record>(&broken);
        match (theirs, ours) {
            (Ok(t), Ok(o)) => prop_assert_eq!(o, t),
            (Err(_), Err(_)) => {}
            (Err(e), Ok(_)) => {
                return Err(TestCaseError::fail(format!(
                    "accepted what serde_json rejects ({e}): {}",
                    String::from_utf8_lossy(&broken)
                )));
            }
            (Ok(_), Err(e)) => {
                // The documented differences: an f32 beyond its range is
                // infinite to serde_json and an error here; invalid UTF-8
                // in a skipped value passes serde_json's `from_slice`, but
                // trame-json checks the whole input.
                let known = match e.kind() {
                    trame_json::ErrorKind::OutOfRange { ty, .. } => ty == "f32",
                    trame_json::ErrorKind::InvalidUtf8 => true,
                    _ => false,
                };
                prop_assert!(
                    known,
                    "rejected what serde_json accepts ({}): {}",
                    e,
                    String::from_utf8_lossy(&broken)
                );
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = trame_json::from_slice::<Record>(&bytes);
        let _ = trame_json::from_slice::<Vec<Kind>>(&bytes);
        let _ = trame_json::from_slice::<BTreeMap<u8, Option<f32>>>(&bytes);
    }
}
