//! Shared test types: the spec's example structs, and drop-counting types
//! whose counter is created per test, so tests running in parallel never
//! share state.

#![allow(dead_code)]

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use trame::{Facet, HeapValue, Op, Trame, TrameError};

/// The spec's `Pair`.
#[derive(Facet, Debug, PartialEq, Clone, Default)]
pub struct Pair {
    pub a: u32,
    pub b: u32,
}

/// The spec's `Outer`.
#[derive(Facet, Debug, PartialEq, Clone, Default)]
pub struct Outer {
    pub inner: Pair,
    pub c: u32,
}

/// A struct without a `Default` impl.
#[derive(Facet, Debug, PartialEq)]
pub struct NoDefault {
    pub x: u32,
}

/// Counts creations and drops of the [`Tracker`]s made from it, and runs of
/// [`Guarded`]'s own `Drop`. Each test makes its own.
#[derive(Debug, Default)]
pub struct Counter {
    created: AtomicUsize,
    dropped: AtomicUsize,
    guard_drops: AtomicUsize,
}

impl Counter {
    /// A fresh counter.
    pub fn new() -> Arc<Counter> {
        Arc::new(Counter::default())
    }

    /// Trackers created so far.
    pub fn created(&self) -> usize {
        self.created.load(Ordering::SeqCst)
    }

    /// Trackers dropped so far.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }

    /// Runs of `Guarded`'s own `Drop` impl so far.
    pub fn guard_drops(&self) -> usize {
        self.guard_drops.load(Ordering::SeqCst)
    }

    /// Asserts the exact number of trackers created and dropped.
    #[track_caller]
    pub fn assert(&self, created: usize, dropped: usize) {
        assert_eq!(
            (self.created(), self.dropped()),
            (created, dropped),
            "(created, dropped) trackers"
        );
    }

    /// Asserts that exactly `created` trackers were made and every one of
    /// them was dropped exactly once.
    #[track_caller]
    pub fn assert_all_dropped(&self, created: usize) {
        self.assert(created, created);
    }
}

/// An opaque value that records its creation and its drop in a
/// [`Counter`]. Dropping it twice would count two drops, so exact counts
/// catch double drops as well as leaks.
pub struct Tracker {
    counter: Arc<Counter>,
    tag: u32,
}

// An opaque leaf written by hand rather than derived with
// `#[facet(opaque)]`, so that its shape can say it has no lifetimes (the
// derive cannot know, and `Imm::new` refuses opaque types that might have
// type parameters: see `trame::lifetimes`).
//
// SAFETY: the shape is built for `Tracker` by facet's builder (layout, and
// a drop that runs `Tracker`'s own), and `Tracker` has no lifetime or type
// parameter, as the builder's default variance (bivariant) says.
unsafe impl Facet<'_> for Tracker {
    const SHAPE: &'static trame::Shape = &const {
        facet::ShapeBuilder::for_sized::<Tracker>("Tracker")
            .ty(facet::Type::User(facet::UserType::Opaque))
            .def(facet::Def::Scalar)
            .type_ops_direct(&const { facet::type_ops_direct!(Tracker =>) })
            .build()
    };
}

impl Tracker {
    /// A new tracker, counted as created.
    pub fn new(counter: &Arc<Counter>) -> Tracker {
        Tracker::tagged(counter, 0)
    }

    /// A new tracker carrying `tag` (compared by `PartialEq`).
    pub fn tagged(counter: &Arc<Counter>, tag: u32) -> Tracker {
        counter.created.fetch_add(1, Ordering::SeqCst);
        Tracker {
            counter: Arc::clone(counter),
            tag,
        }
    }

    /// The tag given at creation.
    pub fn tag(&self) -> u32 {
        self.tag
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        self.counter.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

impl PartialEq for Tracker {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.counter, &other.counter) && self.tag == other.tag
    }
}

impl fmt::Debug for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tracker({})", self.tag)
    }
}

/// A struct with a counted field.
#[derive(Facet, Debug, PartialEq)]
pub struct Counted {
    pub id: u32,
    pub tracker: Tracker,
}

impl Counted {
    /// A `Counted` with a fresh tracker tagged `id`.
    pub fn new(id: u32, counter: &Arc<Counter>) -> Counted {
        Counted {
            id,
            tracker: Tracker::tagged(counter, id),
        }
    }
}

/// Two counted structs, for nested staging.
#[derive(Facet, Debug, PartialEq)]
pub struct CountedPair {
    pub left: Counted,
    pub right: Counted,
}

/// A struct with its own `Drop` impl, which counts into the tracker's
/// counter as a guard drop.
#[derive(Facet, Debug, PartialEq)]
pub struct Guarded {
    pub tracker: Tracker,
    pub id: u32,
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.tracker
            .counter
            .guard_drops
            .fetch_add(1, Ordering::SeqCst);
    }
}

/// A `Guarded` inside another struct.
#[derive(Facet, Debug, PartialEq)]
pub struct HoldsGuarded {
    pub guarded: Guarded,
    pub extra: Tracker,
}

/// Too big for an `Imm`'s inline storage: moved in through a heap box.
#[derive(Facet, Debug, PartialEq)]
pub struct Big {
    pub tracker: Tracker,
    pub pad: [u64; 8],
}

/// Over-aligned for an `Imm`'s inline storage.
#[derive(Facet, Debug, PartialEq)]
#[repr(C, align(32))]
pub struct Aligned {
    pub tracker: Tracker,
    pub x: u8,
}

/// Applies `op`, panicking with the error and the tree on failure.
#[track_caller]
pub fn ok<'f>(t: &mut Trame<'f>, op: Op<'f>) {
    if let Err(e) = t.apply(op) {
        panic!("op failed: {e}\ntree:\n{t}");
    }
}

/// Builds and materializes a `T`, panicking on error.
#[track_caller]
pub fn finish<'f, T: Facet<'f>>(t: Trame<'f>) -> T {
    let hv: HeapValue<'f> = t.build().unwrap_or_else(|e| panic!("build failed: {e}"));
    hv.materialize::<T>()
        .unwrap_or_else(|e| panic!("materialize failed: {e}"))
}

/// Applies `op`, which must fail; returns the error after checking that
/// the Trame is poisoned and rejects further ops.
#[track_caller]
pub fn fails<'f>(t: &mut Trame<'f>, op: Op<'f>) -> TrameError {
    let err = match t.apply(op) {
        Ok(()) => panic!("op unexpectedly succeeded; tree:\n{t}"),
        Err(e) => e,
    };
    assert!(
        !err.is_poisoned(),
        "first error should be specific, got {err:?}"
    );
    assert!(t.is_poisoned(), "an error must poison the Trame");
    assert_eq!(t.depth(), 0);
    assert!(matches!(t.apply(Op::end()), Err(TrameError::Poisoned)));
    err
}
