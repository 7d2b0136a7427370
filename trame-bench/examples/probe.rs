//! A workload runner for instruction counting: runs one measure's trame
//! side (or serde_json's parse) a given number of times, nothing else, so
//! that `valgrind --tool=callgrind` counts can be compared between two
//! sizes and divided by the difference (which cancels start-up costs).
//!
//! ```sh
//! cargo build --release -p trame-bench --example probe
//! valgrind --tool=callgrind target/release/examples/probe vec 10000
//! valgrind --tool=callgrind target/release/examples/probe vec 30000
//! # (Ir(30000) - Ir(10000)) / 20000 = instructions per Vec<Pair> element
//! ```
//!
//! Workloads: `wide N` (N `Wide` values, 8 `Set`s each), `vec N` (one
//! `Vec<Pair>` of N elements, with a hint), `vec-no-hint N` (the same
//! without one), `json FILE N` (N trame-json
//! parses of a corpus file, e.g. `citm_catalog.json`), `serde FILE N` (the
//! same with serde_json), `format FMT FILE N` (N trame-format parses of a
//! corpus file written by format `FMT`'s own serializer: `json`, `yaml` or
//! `msgpack`), `theirs FMT FILE N` (the same with facet-format's
//! `FormatDeserializer`), `events FMT FILE N` (the parser alone, every
//! event read and discarded, to subtract).

use std::hint::black_box;

use trame_bench::measures::format::{self, Format, Json, MsgPack, Yaml};
use trame_bench::measures::json::corpus::{self, Canada, CitmCatalog, Twitter};
use trame_bench::measures::{core, vec};

/// Corpus `file` written by format `F`; then `n` reads of it, by
/// trame-format or (`events`) by the parser alone.
fn format_runs<F: Format>(file: &str, n: usize, reader: &str) {
    fn run<F: Format, T: for<'de> facet::Facet<'de>>(file: &str, n: usize, reader: &str) {
        let json = corpus::corpus(file);
        let doc = format::doc::<F, T>(file, &json).unwrap_or_else(|e| panic!("{file}: {e}"));
        for _ in 0..n {
            match reader {
                "events" => {
                    black_box(format::events::<F>(&doc.bytes));
                }
                "theirs" => assert!(F::theirs::<T>(&doc.bytes), "FormatDeserializer reads it"),
                _ => format::ours::<F, T>(&doc.bytes),
            }
        }
    }
    match file {
        "citm_catalog.json" => run::<F, CitmCatalog>(file, n, reader),
        "twitter.json" => run::<F, Twitter>(file, n, reader),
        "canada.json" => run::<F, Canada>(file, n, reader),
        _ => panic!("unknown corpus file {file}"),
    }
}

fn parse<T>(json: &str, serde: bool)
where
    T: for<'de> facet::Facet<'de> + for<'de> serde::Deserialize<'de>,
{
    if serde {
        black_box(serde_json::from_str::<T>(json).expect("serde_json parses the corpus"));
    } else {
        black_box(trame_json::from_str::<T>(json).expect("trame-json parses the corpus"));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: probe wide N | vec N | vec-no-hint N | json FILE N | serde FILE N \
                 | format FMT FILE N | theirs FMT FILE N | events FMT FILE N";
    let num = |s: Option<&String>| -> usize {
        s.and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{usage}"))
    };
    match args.first().map(String::as_str) {
        Some("wide") => {
            black_box(core::build_wide_trame(num(args.get(1))));
        }
        Some("vec") => {
            let n = num(args.get(1));
            black_box(vec::build_vec_trame(n, Some(n)));
        }
        Some("vec-no-hint") => {
            black_box(vec::build_vec_trame(num(args.get(1)), None));
        }
        Some(which @ ("json" | "serde")) => {
            let file = args.get(1).unwrap_or_else(|| panic!("{usage}"));
            let n = num(args.get(2));
            let json = corpus::corpus(file);
            let serde = which == "serde";
            for _ in 0..n {
                match file.as_str() {
                    "citm_catalog.json" => parse::<CitmCatalog>(&json, serde),
                    "twitter.json" => parse::<Twitter>(&json, serde),
                    "canada.json" => parse::<Canada>(&json, serde),
                    _ => panic!("unknown corpus file {file}"),
                }
            }
        }
        Some(which @ ("format" | "theirs" | "events")) => {
            let (fmt, file) = match (args.get(1), args.get(2)) {
                (Some(fmt), Some(file)) => (fmt.as_str(), file.as_str()),
                _ => panic!("{usage}"),
            };
            let n = num(args.get(3));
            match fmt {
                "json" => format_runs::<Json>(file, n, which),
                "yaml" => format_runs::<Yaml>(file, n, which),
                "msgpack" => format_runs::<MsgPack>(file, n, which),
                _ => panic!("{usage}"),
            }
        }
        _ => panic!("{usage}"),
    }
}
