//! Core measures: ops on the live runtime against direct construction.

use std::hint::black_box;

use facet::Facet;
use trame::{Op, Trame};

use crate::runner::{Budget, Goal, Line, interleaved};

/// Eight scalar fields: one `Trame` per value, one `Set` per field.
#[derive(Facet, Debug, PartialEq)]
pub struct Wide {
    a: u32,
    b: u32,
    c: u32,
    d: u32,
    e: u32,
    f: u32,
    g: u32,
    h: u32,
}

/// Builds `n` `Wide` values through trame, 8 strict `Set`s each.
pub fn build_wide_trame(n: usize) -> u64 {
    let mut acc = 0u64;
    for i in 0..n {
        let v = black_box(i as u32);
        let mut t = Trame::new::<Wide>();
        for k in 0..8 {
            t.apply(Op::set().at(k).imm(v)).expect("set");
        }
        let w = t
            .build()
            .expect("build")
            .materialize::<Wide>()
            .expect("materialize");
        acc = acc.wrapping_add(u64::from(w.h));
    }
    acc
}

/// Builds `n` `Wide` values directly.
pub fn build_wide_direct(n: usize) -> u64 {
    let mut acc = 0u64;
    for i in 0..n {
        let v = black_box(i as u32);
        let w = black_box(Wide {
            a: v,
            b: v,
            c: v,
            d: v,
            e: v,
            f: v,
            g: v,
            h: v,
        });
        acc = acc.wrapping_add(u64::from(w.h));
    }
    acc
}

/// `core/set_scalar`: nanoseconds per strict `Set` of a scalar field,
/// including the amortized cost of starting and building the value.
pub fn set_scalar(budget: Budget) -> Line {
    let n = budget.scaled(200_000);
    let (a, b) = interleaved(
        budget.rounds,
        || {
            black_box(build_wide_trame(n));
        },
        || {
            black_box(build_wide_direct(n));
        },
    );
    let per_op = |t: f64| t / (n as f64 * 8.0);
    Line {
        name: "core/set_scalar".into(),
        a: ("trame".into(), per_op(a)),
        b: Some(("direct".into(), per_op(b))),
        goal: Goal::MaxNs(4.0),
    }
}
