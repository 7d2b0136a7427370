//! JSON measures: trame-json against serde_json and facet-json on the
//! three standard corpora, same input, same target type.

use std::hint::black_box;

use crate::runner::{Budget, Goal, Line, interleaved};

/// The corpus types (deriving both `Facet` and `serde::Deserialize`),
/// shared with trame-json's own equality tests.
#[allow(missing_docs)]
#[path = "../../../trame-json/tests/common/corpus.rs"]
pub mod corpus;

use corpus::{Canada, CitmCatalog, Twitter};

/// Parses of one corpus per timed call, so that each call is long enough.
const PARSES: usize = 3;

fn lines<T>(budget: Budget, name: &str, file: &str) -> Vec<Line>
where
    T: for<'de> facet::Facet<'de> + for<'de> serde::Deserialize<'de>,
{
    let json = corpus::corpus(file);
    let trame = || {
        for _ in 0..PARSES {
            let v: T = trame_json::from_str(&json).expect("trame-json parses the corpus");
            black_box(v);
        }
    };
    let serde = || {
        for _ in 0..PARSES {
            let v: T = serde_json::from_str(&json).expect("serde_json parses the corpus");
            black_box(v);
        }
    };
    let facet = || {
        for _ in 0..PARSES {
            let v: Result<T, _> = facet_json::from_str(&json);
            let _ = black_box(v);
        }
    };
    let rounds = budget.rounds;
    let (t1, s) = interleaved(rounds, trame, serde);
    let (t2, f) = interleaved(rounds, trame, facet);
    let per = |t: f64| t / PARSES as f64;
    let mut out = vec![Line {
        name: format!("json/{name}"),
        a: ("trame-json".into(), per(t1)),
        b: Some(("serde_json".into(), per(s))),
        goal: Goal::MaxRatio(1.5),
    }];
    let facet_ok = facet_json::from_str::<T>(&json).is_ok();
    out.push(Line {
        name: format!("json/{name}_vs_facet"),
        a: ("trame-json".into(), per(t2)),
        b: Some((
            if facet_ok {
                "facet-json".into()
            } else {
                "facet-json(error)".into()
            },
            per(f),
        )),
        goal: Goal::MinSpeedup(4.0),
    });
    out
}

/// Every JSON line: each corpus against serde_json and against facet-json.
pub fn all(budget: Budget) -> Vec<Line> {
    let mut out = lines::<CitmCatalog>(budget, "citm_catalog", "citm_catalog.json");
    out.extend(lines::<Twitter>(budget, "twitter", "twitter.json"));
    out.extend(lines::<Canada>(budget, "canada", "canada.json"));
    out
}
