//! Resource bounds: trees as deep as the input makes them (cleanup,
//! poisoning and deferred validation never recurse per level), huge
//! declared lengths that the input did not pay for (no proportional
//! allocation or scan), and allocations the allocator refuses (an error,
//! never an abort).

use std::sync::Arc;
use std::time::Instant;

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Counter, Tracker, ok};

/// A linked list: each level is three nodes when staged (the `Option`, the
/// `Box`, the pointee), and carries a tracker.
#[derive(Facet)]
struct Link {
    tracker: Tracker,
    next: Option<Box<Link>>,
}

/// Levels of the deep tests. A million in a normal run; Miri is far
/// slower (2,000 levels take it minutes per test), so it checks the same
/// code paths on a smaller tree.
const DEPTH: usize = if cfg!(miri) { 200 } else { 1_000_000 };

/// Stages `depth` levels below the root `Link` (each level's tracker set,
/// then `next` staged down to the pointee), leaving the cursor on the
/// deepest `Link`, whose `next` is not set.
fn stage_chain(t: &mut Trame<'static>, counter: &Arc<Counter>, depth: usize) {
    for level in 0..depth {
        let tag = u32::try_from(level).unwrap();
        ok(t, Op::set().at(0).imm(Tracker::tagged(counter, tag)));
        ok(t, Op::set().at(1).at(0).at(0).stage());
    }
    let tag = u32::try_from(depth).unwrap();
    ok(t, Op::set().at(0).imm(Tracker::tagged(counter, tag)));
}

/// Drops a built chain one level at a time (the compiler's own drop glue
/// for `Link` recurses once per level); returns the number of levels and
/// checks that the tags run in order.
fn drop_chain(head: Link) -> usize {
    let mut levels = 0;
    let mut next = Some(Box::new(head));
    while let Some(mut link) = next {
        assert_eq!(link.tracker.tag(), u32::try_from(levels).unwrap());
        next = link.next.take();
        drop(link);
        levels += 1;
    }
    levels
}

// t[verify resource.depth.no-recursion]
// t[verify state.machine.poison-cleanup]
/// Dropping an unfinished Trame a million levels deep cleans up every
/// level (without exhausting the 2 MiB stack of a test thread).
#[test]
fn unfinished_trame_a_million_levels_deep_drops() {
    let c = Counter::new();
    let start = Instant::now();
    let mut t = Trame::new::<Link>();
    stage_chain(&mut t, &c, DEPTH);
    assert_eq!(t.depth(), 3 * DEPTH);
    drop(t);
    c.assert_all_dropped(DEPTH + 1);
    eprintln!(
        "{DEPTH} levels: staged and dropped in {:?}",
        start.elapsed()
    );
}

// t[verify resource.depth.no-recursion]
/// An error a million levels deep poisons the Trame: the error names the
/// deep location, and every value is dropped once.
#[test]
fn error_a_million_levels_deep_poisons() {
    let c = Counter::new();
    let start = Instant::now();
    let mut t = Trame::new::<Link>();
    stage_chain(&mut t, &c, DEPTH);
    let err = t.apply(Op::set().at(7).imm(1u32)).unwrap_err();
    let TrameError::FieldOutOfRange {
        path,
        shape,
        index,
        count,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((shape.as_str(), *index, *count), ("Link", 7, 2));
    assert_eq!(path.len(), 1 + ".next.some.*".len() * DEPTH);
    assert!(path.starts_with("$.next.some.*.next.some.*"));
    assert!(t.is_poisoned());
    c.assert_all_dropped(DEPTH + 1);
    assert!(t.apply(Op::end()).unwrap_err().is_poisoned());
    drop(t);
    c.assert_all_dropped(DEPTH + 1);
    eprintln!(
        "{DEPTH} levels: staged and poisoned in {:?}",
        start.elapsed()
    );
}

// t[verify resource.depth.no-recursion]
// t[verify state.machine.build-finalization]
/// A deferred Trame a million levels deep builds: `build` climbs and then
/// validates and closes every level (each `Option` and `Box` is made
/// there), and the value materializes with every level in order.
#[test]
fn deferred_build_a_million_levels_deep() {
    let c = Counter::new();
    let start = Instant::now();
    let mut t = Trame::new_deferred::<Link>();
    stage_chain(&mut t, &c, DEPTH);
    ok(&mut t, Op::set().at(1).default());
    let head = t.build().unwrap().materialize::<Link>().unwrap();
    c.assert(DEPTH + 1, 0);
    assert_eq!(drop_chain(head), DEPTH + 1);
    c.assert_all_dropped(DEPTH + 1);
    eprintln!(
        "{DEPTH} levels: staged, built and dropped in {:?}",
        start.elapsed()
    );
}

// t[verify resource.depth.no-recursion]
/// A deferred Trame a million levels deep whose deepest level is
/// incomplete fails to build, naming the missing field, and cleans up.
#[test]
fn deferred_build_a_million_levels_deep_reports_the_deepest_gap() {
    let c = Counter::new();
    let mut t = Trame::new_deferred::<Link>();
    let depth = DEPTH / 10;
    stage_chain(&mut t, &c, depth);
    // One more level whose tracker is never set.
    ok(&mut t, Op::set().at(1).at(0).at(0).stage());
    ok(&mut t, Op::set().at(1).default());
    let err = t.build().unwrap_err();
    let TrameError::Incomplete { path, missing, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path.len(), 1 + ".next.some.*".len() * (depth + 1));
    assert_eq!(missing, &["tracker"]);
    c.assert_all_dropped(depth + 1);
}

// t[verify resource.missing.bounded]
// t[verify resource.alloc.no-unpaid]
/// A root array of 2^40 units with nothing set: `build` fails at once with
/// the first missing elements listed and the rest counted, without a
/// bitset or a list proportional to the length.
// Lengths and sizes beyond a 32-bit address space.
#[cfg(target_pointer_width = "64")]
#[test]
fn huge_array_with_nothing_set_reports_missing_elements_quickly() {
    const N: usize = 1 << 40;
    let start = Instant::now();
    let t = Trame::new::<[(); N]>();
    let err = t.build().unwrap_err();
    let more = format!("… and {} more", N - 64);
    let TrameError::Incomplete {
        path,
        shape,
        missing,
        all,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        (path.as_str(), shape.as_str()),
        ("$", "[(); 1099511627776]")
    );
    assert_eq!(missing.len(), 65);
    assert_eq!((missing[0].as_str(), missing[63].as_str()), ("0", "63"));
    assert_eq!(missing[64], more);
    assert_eq!(all.len(), 65);
    assert_eq!((all[0].as_str(), all[63].as_str()), ("$[0]", "$[63]"));
    assert_eq!(all[64], more);
    assert!(err.to_string().starts_with("missing fields 0, 1, 2, "));
    assert!(
        err.to_string()
            .ends_with(&format!("62, 63, {more} in [(); 1099511627776] at $"))
    );
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

// t[verify resource.missing.bounded]
/// The same array set sparsely, then built: the few set elements cost a
/// few words; the error counts what is still missing; strict `End` of
/// such an array inside a struct fails the same way.
// Lengths and sizes beyond a 32-bit address space.
#[cfg(target_pointer_width = "64")]
#[test]
fn huge_array_set_sparsely_counts_what_is_missing() {
    const N: usize = 1 << 40;
    let mut t = Trame::new::<[(); N]>();
    for i in [0u32, 5, u32::MAX] {
        ok(&mut t, Op::set().at(i).imm(()));
    }
    let err = t.build().unwrap_err();
    let TrameError::Incomplete { missing, all, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(&missing[..6], ["1", "2", "3", "4", "6", "7"]);
    assert_eq!(missing[64], format!("… and {} more", N - 3 - 64));
    assert_eq!(all[64], format!("… and {} more", N - 3 - 64));

    #[derive(Facet)]
    struct Holder {
        a: u32,
        big: [(); N],
    }
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().at(3).imm(()));
    let err = t.apply(Op::end()).unwrap_err();
    let TrameError::Incomplete { path, missing, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path, "$.big");
    assert_eq!(&missing[..4], ["0", "1", "2", "4"]);
    assert_eq!(missing[64], format!("… and {} more", N - 1 - 64));
    assert!(t.is_poisoned());
}

// t[verify resource.alloc.no-unpaid]
/// A huge array set whole and re-entered starts complete without
/// materializing its bitset; overwriting one element and building works.
// Lengths and sizes beyond a 32-bit address space.
#[cfg(target_pointer_width = "64")]
#[test]
fn huge_array_set_whole_then_reentered() {
    const N: usize = 1 << 40;
    #[derive(Facet)]
    struct Holder {
        big: [(); N],
    }
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).imm([(); N]));
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(u32::MAX).imm(()));
    ok(&mut t, Op::end());
    let v = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!(v.big.len(), N);
}

// t[verify resource.alloc.failure-is-error]
/// A root too big for the allocator is an error (its shape and size), not
/// an abort; so is a pointee too big to stage. (Close to 2^47 bytes, the
/// largest type the compiler allows: the whole user address space of
/// x86-64, so the allocator refuses even where memory is overcommitted.
/// Not under Miri, whose allocator stops the program instead of refusing.)
// Lengths and sizes beyond a 32-bit address space.
#[cfg(target_pointer_width = "64")]
#[test]
#[cfg_attr(miri, ignore)]
fn refused_allocation_is_an_error() {
    const N: usize = (1 << 44) - 1;
    let size = N * 8;
    let mut t = Trame::new::<[u64; N]>();
    let err = t.apply(Op::set().at(0).imm(1u64)).unwrap_err();
    assert_eq!(
        err,
        TrameError::AllocationFailed {
            shape: format!("[u64; {N}]"),
            size,
        }
    );
    assert_eq!(
        err.to_string(),
        format!("allocation of {size} bytes for [u64; {N}] failed")
    );
    assert!(t.is_poisoned());
    assert!(t.apply(Op::end()).unwrap_err().is_poisoned());

    #[derive(Facet)]
    struct Holder {
        big: Option<Box<[u64; N]>>,
    }
    let mut t = Trame::new::<Holder>();
    let err = t.apply(Op::set().at(0).at(0).at(0).stage()).unwrap_err();
    assert_eq!(
        err,
        TrameError::AllocationFailed {
            shape: format!("[u64; {N}]"),
            size,
        }
    );
    assert!(t.is_poisoned());
}

// t[verify resource.alloc.no-unpaid]
// t[verify state.machine.container-capacity-hint]
/// Capacity hints nobody paid for (`usize::MAX`, 2^40) cost at most one
/// capped chunk: the values are built as without a hint.
// Lengths and sizes beyond a 32-bit address space.
#[cfg(target_pointer_width = "64")]
#[test]
fn huge_capacity_hints_are_capped() {
    for hint in [usize::MAX, 1 << 40, (1 << 40) + 1] {
        let mut t = Trame::new::<Vec<Vec<u64>>>();
        ok(&mut t, Op::set().stage_with_capacity(hint));
        for i in 0..3u64 {
            ok(&mut t, Op::set().append().stage_with_capacity(hint));
            ok(&mut t, Op::set().append().stage());
            ok(&mut t, Op::set().imm(i));
            ok(&mut t, Op::end());
            ok(&mut t, Op::end());
        }
        let v = t.build().unwrap().materialize::<Vec<Vec<u64>>>().unwrap();
        assert_eq!(v, [vec![0], vec![1], vec![2]]);
    }
}
