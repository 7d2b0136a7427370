//! Times building a `Vec<Pair>` of 1,000,000 elements through trame (with
//! and without a capacity hint) against building it directly.
//!
//! `cargo run --release -p trame --example vec_million`

use std::time::Instant;

use trame::{Facet, Op, Trame};

#[derive(Facet, Debug, PartialEq)]
struct Pair {
    a: u32,
    b: u32,
}

const N: u32 = 1_000_000;

fn build(hint: Option<usize>) -> Vec<Pair> {
    let mut t = Trame::new::<Vec<Pair>>();
    let open = match hint {
        Some(h) => Op::set().stage_with_capacity(h),
        None => Op::set().stage(),
    };
    t.apply(open).expect("stage");
    for i in 0..N {
        t.apply(Op::set().append().stage()).expect("append");
        t.apply(Op::set().at(0).imm(i)).expect("a");
        t.apply(Op::set().at(1).imm(i + 1)).expect("b");
        t.apply(Op::end()).expect("end");
    }
    t.build()
        .expect("build")
        .materialize::<Vec<Pair>>()
        .expect("materialize")
}

fn main() {
    let start = Instant::now();
    let direct: Vec<Pair> = (0..N).map(|i| Pair { a: i, b: i + 1 }).collect();
    println!("direct:               {:?}", start.elapsed());
    for hint in [None, Some(N as usize)] {
        let start = Instant::now();
        let v = build(hint);
        println!("trame, hint {:>9?}: {:?}", hint, start.elapsed());
        assert!(v == direct);
    }
}
