//! The three standard corpora, deserialized by trame-json and by serde_json
//! (with `float_roundtrip`) into the same types: the values are equal.
//!
//! Ignored under Miri: the files are megabytes, far too slow to interpret.

mod common;

use common::corpus::{Canada, CitmCatalog, Twitter, corpus};

fn both<'de, T>(json: &'de str) -> (T, T)
where
    T: facet::Facet<'de> + serde::Deserialize<'de> + std::fmt::Debug + PartialEq,
{
    let ours: T = trame_json::from_str(json).unwrap_or_else(|e| panic!("trame-json: {e}"));
    let theirs: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("serde_json: {e}"));
    (ours, theirs)
}

#[test]
#[cfg_attr(miri, ignore)]
fn citm_catalog_equals_serde_json() {
    let json = corpus("citm_catalog.json");
    let (ours, theirs) = both::<CitmCatalog>(&json);
    assert_eq!(ours.performances.len(), 243);
    assert_eq!(ours.events.len(), 184);
    assert_eq!(ours, theirs);
}

#[test]
#[cfg_attr(miri, ignore)]
fn twitter_equals_serde_json() {
    let json = corpus("twitter.json");
    let (ours, theirs) = both::<Twitter>(&json);
    assert_eq!(ours.statuses.len(), 100);
    assert_eq!(
        ours.statuses
            .iter()
            .filter(|s| s.retweeted_status.is_some())
            .count(),
        73
    );
    assert_eq!(ours, theirs);
}

#[test]
#[cfg_attr(miri, ignore)]
fn canada_equals_serde_json() {
    let json = corpus("canada.json");
    let (ours, theirs) = both::<Canada>(&json);
    let points: usize = ours
        .features
        .iter()
        .flat_map(|f| &f.geometry.coordinates)
        .map(Vec::len)
        .sum();
    assert_eq!(points, 55_563);
    // Bit-for-bit: equal floats, not merely close ones.
    assert_eq!(ours, theirs);
}
