//! Times trame-json against serde_json on the three corpora (best of ten
//! rounds of five parses each), release mode recommended:
//!
//! ```sh
//! cargo run --release -p trame-json --example compare
//! ```

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::time::Instant;

use corpus::{Canada, CitmCatalog, Twitter, corpus};

fn best_ms(mut f: impl FnMut()) -> f64 {
    for _ in 0..3 {
        f();
    }
    let mut best = f64::MAX;
    for _ in 0..10 {
        let t = Instant::now();
        for _ in 0..5 {
            f();
        }
        best = best.min(t.elapsed().as_secs_f64() / 5.0);
    }
    best * 1e3
}

fn run<T>(name: &str)
where
    T: for<'de> facet::Facet<'de> + for<'de> serde::Deserialize<'de>,
{
    let json = corpus(name);
    let ours = best_ms(|| {
        let v: T = trame_json::from_str(&json).expect("trame-json");
        std::hint::black_box(v);
    });
    let theirs = best_ms(|| {
        let v: T = serde_json::from_str(&json).expect("serde_json");
        std::hint::black_box(v);
    });
    println!(
        "{name:18} trame-json {ours:7.3} ms   serde_json {theirs:7.3} ms   ratio {:.2}",
        ours / theirs
    );
}

fn main() {
    run::<CitmCatalog>("citm_catalog.json");
    run::<Twitter>("twitter.json");
    run::<Canada>("canada.json");
}
