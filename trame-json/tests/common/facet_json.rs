//! Comparison with facet-json, shared by the test binaries whose types
//! serde cannot read (hooks, proxies, dynamic values).

use std::fmt::Debug;

use facet::Facet;

/// Builds `T` from `json` with trame-json and with facet-json, asserts
/// both agree, and returns the value.
#[track_caller]
pub fn both<T>(json: &str) -> T
where
    T: for<'a> Facet<'a> + PartialEq + Debug,
{
    let ours: T = trame_json::from_str(json).unwrap_or_else(|e| panic!("trame-json: {e}"));
    let theirs: T = facet_json::from_str(json).unwrap_or_else(|e| panic!("facet-json: {e}"));
    assert_eq!(ours, theirs, "trame-json and facet-json disagree on {json}");
    ours
}
