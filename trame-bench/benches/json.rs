//! Criterion benchmarks of JSON: trame-json, serde_json and facet-json
//! parsing the same corpus into the same type, in one group per corpus
//! (the corpora are the repository's `data/json/`).

// `criterion_group!` defines an undocumented `pub fn`.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use trame_bench::measures::json::corpus::{self, Canada, CitmCatalog, Twitter};

/// One group: the three parsers on corpus file `file`, as `T`. facet-json
/// is left out of a group when it rejects the document (it does twitter's).
fn corpus_group<T>(c: &mut Criterion, name: &str, file: &str)
where
    T: for<'de> facet::Facet<'de> + for<'de> serde::Deserialize<'de>,
{
    let json = corpus::corpus(file);
    let mut g = c.benchmark_group(format!("json_{name}"));
    g.sample_size(20);
    g.bench_function("trame-json", |b| {
        b.iter(|| trame_json::from_str::<T>(black_box(&json)).expect("trame-json parses"))
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_str::<T>(black_box(&json)).expect("serde_json parses"))
    });
    if facet_json::from_str::<T>(&json).is_ok() {
        g.bench_function("facet-json", |b| {
            b.iter(|| facet_json::from_str::<T>(black_box(&json)).expect("facet-json parses"))
        });
    }
    g.finish();
}

fn json(c: &mut Criterion) {
    corpus_group::<CitmCatalog>(c, "citm_catalog", "citm_catalog.json");
    corpus_group::<Twitter>(c, "twitter", "twitter.json");
    corpus_group::<Canada>(c, "canada", "canada.json");
}

criterion_group!(benches, json);
criterion_main!(benches);
