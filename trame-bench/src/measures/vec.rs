//! `Vec<Pair>` built element by element through ops, against pushing the
//! same values into a `Vec` directly.

use std::hint::black_box;

use facet::Facet;
use trame::{Op, Trame};

use crate::runner::{Budget, Goal, Line, interleaved};

/// The element of the list measures.
#[derive(Facet, Debug, PartialEq, Clone, Copy)]
pub struct Pair {
    /// First field.
    pub a: u32,
    /// Second field.
    pub b: u32,
}

/// Builds a `Vec<Pair>` of `n` elements through ops: per element,
/// `Append`+`Stage`, two `Set`s and `End`; the list node gets `hint`.
pub fn build_vec_trame(n: usize, hint: Option<usize>) -> Vec<Pair> {
    let mut t = Trame::new::<Vec<Pair>>();
    let stage = match hint {
        Some(h) => Op::set().stage_with_capacity(h),
        None => Op::set().stage(),
    };
    t.apply(stage).expect("stage");
    for i in 0..n {
        let v = black_box(i as u32);
        t.apply(Op::set().append().stage()).expect("append");
        t.apply(Op::set().at(0).imm(v)).expect("a");
        t.apply(Op::set().at(1).imm(v)).expect("b");
        t.apply(Op::end()).expect("end");
    }
    t.build()
        .expect("build")
        .materialize::<Vec<Pair>>()
        .expect("materialize")
}

/// Builds the same `Vec<Pair>` directly.
pub fn build_vec_direct(n: usize, hint: Option<usize>) -> Vec<Pair> {
    let mut v = Vec::with_capacity(hint.unwrap_or(0));
    for i in 0..n {
        let x = black_box(i as u32);
        v.push(Pair { a: x, b: x });
    }
    v
}

fn vec_line(budget: Budget, hint: bool, goal_ns: f64) -> Line {
    let n = budget.scaled(1_000_000);
    let h = hint.then_some(n);
    let (a, b) = interleaved(
        budget.rounds.min(7),
        || drop(black_box(build_vec_trame(n, h))),
        || drop(black_box(build_vec_direct(n, h))),
    );
    let name = if hint {
        "vec_pair/1M_hint"
    } else {
        "vec_pair/1M_no_hint"
    };
    Line {
        name: name.into(),
        a: ("trame".into(), a / n as f64),
        b: Some(("direct".into(), b / n as f64)),
        goal: Goal::MaxNs(goal_ns),
    }
}

/// `vec_pair/1M_hint`: ns per element with an exact capacity hint.
pub fn with_hint(budget: Budget) -> Line {
    vec_line(budget, true, 15.0)
}

/// `vec_pair/1M_no_hint`: ns per element without a hint.
pub fn without_hint(budget: Budget) -> Line {
    vec_line(budget, false, 25.0)
}

/// `vec_pair/allocs_per_elem`: heap allocations per element while building
/// `Vec<Pair>` through ops (with a hint), counted by the global allocator.
pub fn allocations(budget: Budget) -> Line {
    let n = budget.scaled(1_000_000);
    let before = crate::alloc::allocations();
    drop(black_box(build_vec_trame(n, Some(n))));
    let per = (crate::alloc::allocations() - before) as f64 / n as f64;
    let before = crate::alloc::allocations();
    drop(black_box(build_vec_direct(n, Some(n))));
    let direct = (crate::alloc::allocations() - before) as f64 / n as f64;
    Line {
        name: "vec_pair/allocs_per_elem".into(),
        a: ("trame".into(), per),
        b: Some(("direct".into(), direct)),
        goal: Goal::MaxCount(0.01),
    }
}
