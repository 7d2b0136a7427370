//! Drop accounting: every value moved in, and every value trame holds, is
//! dropped exactly once, whatever happens: unfinished Trames dropped at any
//! depth, unmaterialized `HeapValue`s, ops never applied or rejected, and
//! types with their own `Drop`.

use core::mem::ManuallyDrop;

use trame::{Facet, Imm, Op, Path, Source, Trame, TrameError};

use crate::support::{
    Aligned, Big, Counted, CountedPair, Counter, Guarded, HoldsGuarded, Tracker, fails, finish, ok,
};

/// Three levels of counted values, to drop unfinished at each depth.
#[derive(Facet, Debug, PartialEq)]
struct Layers {
    first: Tracker,
    pairs: [CountedPair; 2],
    last: (Tracker, Counted),
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn unfinished_trame_dropped_at_the_root() {
    let c = Counter::new();
    let t = Trame::new::<Layers>();
    drop(t);
    c.assert(0, 0);

    let mut t = Trame::new::<Layers>();
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    ok(
        &mut t,
        Op::set().at(2).imm((Tracker::new(&c), Counted::new(1, &c))),
    );
    assert_eq!(t.depth(), 0);
    drop(t);
    c.assert_all_dropped(3);
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn unfinished_trame_dropped_at_depth_one() {
    let c = Counter::new();
    let mut t = Trame::new::<Layers>();
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    ok(&mut t, Op::set().at(2).at(0).imm(Tracker::new(&c)));
    assert_eq!(t.depth(), 1);
    drop(t);
    c.assert_all_dropped(2);
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn unfinished_trame_dropped_at_depth_two_and_three() {
    let c = Counter::new();
    let mut t = Trame::new::<Layers>();
    ok(
        &mut t,
        Op::set().at(1).at(0).imm(CountedPair {
            left: Counted::new(1, &c),
            right: Counted::new(2, &c),
        }),
    );
    ok(&mut t, Op::set().at(1).at(0).imm(Counted::new(3, &c)));
    assert_eq!(t.depth(), 2);
    drop(t);
    c.assert_all_dropped(3);

    let c = Counter::new();
    let mut t = Trame::new::<Layers>();
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    ok(
        &mut t,
        Op::set().at(1).at(1).at(1).at(1).imm(Tracker::new(&c)),
    );
    assert_eq!(t.depth(), 3);
    ok(&mut t, Op::set().at(1).stage()); // a complete leaf, re-entered
    assert_eq!(t.depth(), 4);
    drop(t);
    c.assert_all_dropped(2);
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn unfinished_trame_with_reentered_complete_subtrees() {
    let c = Counter::new();
    let mut t = Trame::new::<Layers>();
    ok(
        &mut t,
        Op::set().imm(Layers {
            first: Tracker::new(&c),
            pairs: [
                CountedPair {
                    left: Counted::new(1, &c),
                    right: Counted::new(2, &c),
                },
                CountedPair {
                    left: Counted::new(3, &c),
                    right: Counted::new(4, &c),
                },
            ],
            last: (Tracker::new(&c), Counted::new(5, &c)),
        }),
    );
    ok(&mut t, Op::set().at(1).at(1).at(0).stage());
    assert_eq!(t.depth(), 3);
    c.assert(7, 0);
    drop(t);
    c.assert_all_dropped(7);
}

#[test]
fn unmaterialized_heap_value_drops_the_value() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().at(1).imm(Counted::new(2, &c)));
    let hv = t.build().unwrap();
    c.assert(2, 0);
    drop(hv);
    c.assert_all_dropped(2);
}

// t[verify api.materialize.shape-check]
#[test]
fn materialize_mismatch_drops_the_value_once() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    ok(&mut t, Op::set().imm(Counted::new(1, &c)));
    let hv = t.build().unwrap();
    let err = hv.materialize::<Tracker>().unwrap_err();
    assert!(matches!(err, TrameError::MaterializeMismatch { .. }));
    c.assert_all_dropped(1);
}

// t[verify api.imm.dropped-once]
#[test]
fn ops_never_applied_drop_their_values() {
    let c = Counter::new();
    let op = Op::set().at(0).imm(Counted::new(1, &c));
    let big = Op::set().imm(Big {
        tracker: Tracker::new(&c),
        pad: [0; 8],
    });
    let aligned = Op::set().imm(Aligned {
        tracker: Tracker::new(&c),
        x: 1,
    });
    let src = Source::imm(Tracker::new(&c));
    let imm = Imm::new(Tracker::new(&c));
    assert_eq!(imm.shape(), Tracker::SHAPE);
    c.assert(5, 0);
    drop((op, big, aligned, src, imm));
    c.assert_all_dropped(5);
}

// t[verify api.imm.dropped-once]
#[test]
fn ops_applied_to_a_poisoned_trame_drop_their_values() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    let _ = fails(&mut t, Op::end());
    assert_eq!(
        t.apply(Op::set().at(1).imm(Tracker::new(&c))),
        Err(TrameError::Poisoned)
    );
    assert_eq!(
        t.apply(Op::set().imm(Big {
            tracker: Tracker::new(&c),
            pad: [1; 8]
        })),
        Err(TrameError::Poisoned)
    );
    assert_eq!(
        t.apply(Op::set().imm(Aligned {
            tracker: Tracker::new(&c),
            x: 2
        })),
        Err(TrameError::Poisoned)
    );
    c.assert_all_dropped(3);
}

// t[verify api.imm.dropped-once]
#[test]
fn ops_whose_application_fails_drop_their_values() {
    let c = Counter::new();
    // Shape mismatch.
    let mut t = Trame::new::<Counted>();
    let _ = fails(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    c.assert_all_dropped(1);
    // Field out of range, at the end of a path and in the middle of one.
    let mut t = Trame::new::<CountedPair>();
    let _ = fails(&mut t, Op::set().at(0).at(7).imm(Tracker::new(&c)));
    let mut t = Trame::new::<CountedPair>();
    let _ = fails(&mut t, Op::set().at(7).at(0).imm(Tracker::new(&c)));
    c.assert_all_dropped(3);
    // Root not first.
    let mut t = Trame::new::<Counted>();
    let _ = fails(&mut t, Op::set().at(1).root().imm(Tracker::new(&c)));
    c.assert_all_dropped(4);
    // Append with Imm, on a container and on a non-container.
    let mut t = Trame::new::<Vec<Tracker>>();
    let _ = fails(&mut t, Op::set().append().imm(Tracker::new(&c)));
    let mut t = Trame::new::<Counted>();
    let _ = fails(&mut t, Op::set().append().imm(Tracker::new(&c)));
    c.assert_all_dropped(6);
    // Climbing through an incomplete node.
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).stage());
    let _ = fails(&mut t, Op::set().root().at(1).imm(Counted::new(1, &c)));
    c.assert_all_dropped(7);
    // A path through an option to a slot it does not have.
    let mut t = Trame::new::<(Option<Tracker>, u8)>();
    let _ = fails(&mut t, Op::set().at(0).at(1).imm(Tracker::new(&c)));
    c.assert_all_dropped(8);
    // Boxed and over-aligned storage.
    let mut t = Trame::new::<Counted>();
    let _ = fails(
        &mut t,
        Op::set().imm(Big {
            tracker: Tracker::new(&c),
            pad: [0; 8],
        }),
    );
    let mut t = Trame::new::<Counted>();
    let _ = fails(
        &mut t,
        Op::set().imm(Aligned {
            tracker: Tracker::new(&c),
            x: 0,
        }),
    );
    c.assert_all_dropped(10);
}

// t[verify api.imm.dropped-once]
#[test]
fn boxed_and_aligned_imms_move_in_and_drop_once() {
    let c = Counter::new();
    let mut t = Trame::new::<(Big, Aligned)>();
    ok(
        &mut t,
        Op::set().at(0).imm(Big {
            tracker: Tracker::tagged(&c, 1),
            pad: [3; 8],
        }),
    );
    ok(
        &mut t,
        Op::set().at(0).imm(Big {
            tracker: Tracker::tagged(&c, 2),
            pad: [4; 8],
        }),
    );
    ok(
        &mut t,
        Op::set().at(1).imm(Aligned {
            tracker: Tracker::tagged(&c, 3),
            x: 5,
        }),
    );
    ok(
        &mut t,
        Op::set().at(1).imm(Aligned {
            tracker: Tracker::tagged(&c, 4),
            x: 6,
        }),
    );
    c.assert(4, 2);
    let (big, aligned) = finish::<(Big, Aligned)>(t);
    assert_eq!((big.tracker.tag(), big.pad), (2, [4; 8]));
    assert_eq!((aligned.tracker.tag(), aligned.x), (4, 6));
    assert_eq!((&aligned as *const Aligned as usize) % 32, 0);
    drop((big, aligned));
    c.assert_all_dropped(4);

    let mut t = Trame::new::<Aligned>();
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    drop(t);
    c.assert_all_dropped(5);
}

// t[verify api.imm.dropped-once]
#[test]
fn imm_from_raw_applied_and_not_applied() {
    let c = Counter::new();
    let mut slot = ManuallyDrop::new(Counted::new(1, &c));
    let ptr = (&mut *slot as *mut Counted).cast::<u8>();
    // SAFETY: `ptr` points to an initialized `Counted` that is given up
    // here (`slot` is never dropped or used again) and stays valid until
    // the op is applied.
    let imm = unsafe { Imm::from_raw(ptr, Counted::SHAPE) };
    assert_eq!(imm.shape(), Counted::SHAPE);
    let mut t = Trame::new::<CountedPair>();
    ok(
        &mut t,
        Op::Set {
            dst: Path::field(0),
            src: Source::Imm(imm),
        },
    );
    c.assert(1, 0);

    let mut other = ManuallyDrop::new(Counted::new(2, &c));
    let ptr = (&mut *other as *mut Counted).cast::<u8>();
    // SAFETY: as above; the op is dropped unapplied, which drops the value
    // in place and leaves the memory (a local) alone.
    let imm = unsafe { Imm::from_raw(ptr, Counted::SHAPE) };
    drop(Op::Set {
        dst: Path::field(1),
        src: Source::Imm(imm),
    });
    c.assert(2, 1);

    ok(&mut t, Op::set().at(1).imm(Counted::new(3, &c)));
    let v = finish::<CountedPair>(t);
    assert_eq!((v.left.id, v.right.id), (1, 3));
    drop(v);
    c.assert_all_dropped(3);
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn complete_drop_type_is_dropped_whole() {
    let c = Counter::new();
    let mut t = Trame::new::<Guarded>();
    ok(&mut t, Op::set().at(1).imm(1u32));
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    drop(t); // complete, though never built: dropped as a `Guarded`
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(1);

    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end()); // folded: the parent now owns a whole `Guarded`
    drop(t);
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(1);
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn partial_drop_type_drops_only_its_initialized_fields() {
    let c = Counter::new();
    let mut t = Trame::new::<Guarded>();
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    drop(t);
    assert_eq!(c.guard_drops(), 0);
    c.assert_all_dropped(1);

    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(&mut t, Op::set().at(1).imm(Tracker::new(&c)));
    ok(&mut t, Op::set().at(0).at(0).imm(Tracker::new(&c)));
    let _ = fails(&mut t, Op::end());
    assert_eq!(c.guard_drops(), 0);
    c.assert_all_dropped(2);
}

#[test]
fn built_drop_type_runs_its_drop_once() {
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(&mut t, Op::set().at(0).at(1).imm(7u32));
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    ok(&mut t, Op::set().root().at(1).imm(Tracker::new(&c)));
    let hv = t.build().unwrap();
    assert_eq!(c.guard_drops(), 0);
    drop(hv);
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(2);

    let c = Counter::new();
    let mut t = Trame::new::<Guarded>();
    ok(
        &mut t,
        Op::set().imm(Guarded {
            tracker: Tracker::new(&c),
            id: 3,
        }),
    );
    let g = finish::<Guarded>(t);
    assert_eq!(g.id, 3);
    assert_eq!(c.guard_drops(), 0);
    drop(g);
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(1);
}

#[test]
fn partial_arrays_and_tuples_drop_only_set_elements() {
    let c = Counter::new();
    let mut t = Trame::new::<[Counted; 4]>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(0, &c)));
    ok(&mut t, Op::set().at(3).imm(Counted::new(3, &c)));
    ok(&mut t, Op::set().at(2).at(1).imm(Tracker::new(&c)));
    drop(t);
    c.assert_all_dropped(3);

    let c = Counter::new();
    let mut t = Trame::new::<(Tracker, u8, Tracker)>();
    ok(&mut t, Op::set().at(2).imm(Tracker::new(&c)));
    drop(t);
    c.assert_all_dropped(1);

    let c = Counter::new();
    let mut t = Trame::new::<[Tracker; 70]>();
    for i in (0..70u32).step_by(3) {
        ok(&mut t, Op::set().at(i).imm(Tracker::tagged(&c, i)));
    }
    drop(t);
    c.assert_all_dropped(24);
}

#[test]
fn full_build_of_counted_array() {
    let c = Counter::new();
    let mut t = Trame::new::<[Tracker; 70]>();
    for i in 0..70u32 {
        ok(&mut t, Op::set().at(i).imm(Tracker::tagged(&c, i)));
    }
    let arr = finish::<[Tracker; 70]>(t);
    assert!(arr.iter().enumerate().all(|(i, tr)| tr.tag() == i as u32));
    c.assert(70, 0);
    drop(arr);
    c.assert_all_dropped(70);
}

// t[verify state.machine.cleanup-no-double-free]
#[test]
fn complete_drop_type_reentered_down_to_a_field_is_dropped_whole() {
    // Staging into a complete value only navigates: the value is still
    // whole, so cleanup must still run its own `Drop` (once), not just
    // drop its fields.
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(&mut t, Op::set().at(1).imm(Tracker::new(&c)));
    ok(
        &mut t,
        Op::set().at(0).imm(Guarded {
            tracker: Tracker::new(&c),
            id: 1,
        }),
    );
    ok(&mut t, Op::set().at(0).at(0).stage());
    assert_eq!(t.depth(), 2);
    drop(t);
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(2);

    // The same on poisoning, with the whole root re-entered.
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(
        &mut t,
        Op::set().imm(HoldsGuarded {
            guarded: Guarded {
                tracker: Tracker::new(&c),
                id: 1,
            },
            extra: Tracker::new(&c),
        }),
    );
    ok(&mut t, Op::set().at(0).at(0).stage());
    let _ = fails(&mut t, Op::set().imm(1u32));
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(2);

    // A partial `Guarded` whose missing field is staged but incomplete is
    // not whole: its `Drop` must not run.
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(&mut t, Op::set().at(0).at(1).imm(1u32));
    ok(&mut t, Op::set().at(0).stage());
    drop(t);
    assert_eq!(c.guard_drops(), 0);
    c.assert_all_dropped(0);
}
