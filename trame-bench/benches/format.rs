//! Criterion benchmarks of trame-format: trame-format, facet-format's
//! `FormatDeserializer` over the same parser, and the parser alone, on the
//! JSON corpora, on the citm_catalog and twitter values written as YAML
//! and MessagePack by each format's serializer, and on a generated
//! configuration written as TOML and YAML.

// `criterion_group!` defines an undocumented `pub fn`.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use facet::Facet;
use std::hint::black_box;

use trame_bench::measures::format::{self, Format, Json, MsgPack, Toml, Yaml};
use trame_bench::measures::json::corpus::{self, Canada, CitmCatalog, Twitter};

/// One group per document: the three readers of format `F` on corpus
/// `name` as `T` (FormatDeserializer left out when it rejects it).
fn group<F: Format, T: for<'de> Facet<'de>>(c: &mut Criterion, name: &str, json: &str) {
    let d = match format::doc::<F, T>(name, json) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("format/{}/{name}: skipped ({e})", F::NAME);
            return;
        }
    };
    bench::<F, T>(c, name, &d);
}

fn bench<F: Format, T: for<'de> Facet<'de>>(c: &mut Criterion, name: &str, d: &format::Doc) {
    let input = &d.bytes[..];
    let mut g = c.benchmark_group(format!("format_{}_{name}", F::NAME));
    g.sample_size(10);
    g.bench_function("trame-format", |b| {
        b.iter(|| format::ours::<F, T>(black_box(input)))
    });
    if d.theirs_ok {
        g.bench_function("FormatDeserializer", |b| {
            b.iter(|| F::theirs::<T>(black_box(input)))
        });
    }
    g.bench_function("parser-alone", |b| {
        b.iter(|| format::events::<F>(black_box(input)))
    });
    g.finish();
}

/// [`group`] on the generated configuration.
fn config_group<F: Format>(c: &mut Criterion, value: &format::Config) {
    let d = match format::config_doc::<F>(value) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("format/{}/config: skipped ({e})", F::NAME);
            return;
        }
    };
    bench::<F, format::Config>(c, "config", &d);
}

fn formats(c: &mut Criterion) {
    let citm = corpus::corpus("citm_catalog.json");
    let twitter = corpus::corpus("twitter.json");
    let canada = corpus::corpus("canada.json");
    group::<Json, CitmCatalog>(c, "citm_catalog", &citm);
    group::<Json, Twitter>(c, "twitter", &twitter);
    group::<Json, Canada>(c, "canada", &canada);
    group::<Yaml, CitmCatalog>(c, "citm_catalog", &citm);
    group::<Yaml, Twitter>(c, "twitter", &twitter);
    let config = format::config(format::SERVERS);
    config_group::<Toml>(c, &config);
    config_group::<Yaml>(c, &config);
    group::<MsgPack, CitmCatalog>(c, "citm_catalog", &citm);
    group::<MsgPack, Twitter>(c, "twitter", &twitter);
}

criterion_group!(benches, formats);
criterion_main!(benches);
