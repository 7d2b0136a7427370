//! Comparison with serde_json, shared by the test binaries.

// Not every test binary uses both helpers.
#![allow(dead_code)]

use std::fmt::Debug;

use facet::Facet;
use serde::Deserialize;

/// Parses `json` with both deserializers; both must succeed and agree.
#[track_caller]
pub fn same<T>(json: &str) -> T
where
    T: for<'de> Facet<'de> + for<'de> Deserialize<'de> + Debug + PartialEq,
{
    let theirs: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("serde_json: {e}"));
    let ours: T = trame_json::from_str(json).unwrap_or_else(|e| panic!("trame-json: {e}"));
    assert_eq!(ours, theirs, "{json}");
    ours
}

/// Both deserializers reject `json`; returns our message.
#[track_caller]
pub fn both_reject<T>(json: &str) -> String
where
    T: for<'de> Facet<'de> + for<'de> Deserialize<'de> + Debug,
{
    assert!(
        serde_json::from_str::<T>(json).is_err(),
        "serde_json accepts {json}"
    );
    match trame_json::from_str::<T>(json) {
        Ok(v) => panic!("trame-json accepts {json}: {v:?}"),
        Err(e) => e.to_string(),
    }
}
