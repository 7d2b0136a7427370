//! Shared helpers: a per-thread drop counter reset by every test, the
//! element type, and op helpers.

#![allow(dead_code)]

use std::cell::Cell;

pub use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
pub use std::num::NonZeroU32;
pub use std::rc::Rc;
pub use std::sync::Arc;

pub use trame::{Facet, Op, Trame, TrameError};

thread_local! {
    static MADE: Cell<usize> = const { Cell::new(0) };
    static DROPPED: Cell<usize> = const { Cell::new(0) };
}

/// A value that counts its creations and drops (per thread).
#[derive(Facet, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tracked(pub u32);

impl Tracked {
    pub fn new(v: u32) -> Tracked {
        MADE.with(|m| m.set(m.get() + 1));
        Tracked(v)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

/// This test's drop counter.
pub struct Drops;

impl Drops {
    pub fn start() -> Drops {
        MADE.with(|m| m.set(0));
        DROPPED.with(|d| d.set(0));
        Drops
    }
    pub fn made(&self) -> usize {
        MADE.with(Cell::get)
    }
    pub fn dropped(&self) -> usize {
        DROPPED.with(Cell::get)
    }
    /// Every value made was dropped exactly once.
    pub fn assert_balanced(&self) {
        assert_eq!(
            self.dropped(),
            self.made(),
            "made {} dropped {}",
            self.made(),
            self.dropped()
        );
    }
}

#[derive(Facet, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pair {
    pub a: u32,
    pub b: Tracked,
}

pub fn pair(a: u32) -> Pair {
    Pair {
        a,
        b: Tracked::new(a * 10),
    }
}

/// Element count for the large tests.
pub const MANY: usize = if cfg!(miri) { 40 } else { 10_000 };

pub fn ok(t: &mut Trame<'static>, op: Op<'static>) {
    if let Err(e) = t.apply(op) {
        panic!("op failed: {e}\n{t}");
    }
}

pub fn built<T: Facet<'static>>(t: Trame<'static>) -> T {
    t.build()
        .expect("build")
        .materialize::<T>()
        .expect("materialize")
}

/// Appends one `Pair` element (a, a*10) to the list at the cursor.
pub fn push_pair(t: &mut Trame<'static>, a: u32) {
    ok(t, Op::set().append().stage());
    ok(t, Op::set().at(0).imm(a));
    ok(t, Op::set().at(1).imm(Tracked::new(a * 10)));
    ok(t, Op::end());
}
