//! Overwriting: `Imm` and `Default` over initialized values, over folded
//! children and over partially built nodes drop the old contents first,
//! exactly once.

use std::cell::RefCell;

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{
    Counted, CountedPair, Counter, Guarded, HoldsGuarded, Tracker, fails, finish, ok,
};

// t[verify state.machine.overwrite]
// t[verify api.imm.dropped-once]
#[test]
fn imm_over_an_initialized_field_drops_the_old_value() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 1)));
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 2)));
    c.assert(2, 1);
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 3)));
    c.assert(3, 2);
    ok(&mut t, Op::set().at(0).imm(9u32));
    let v = finish::<Counted>(t);
    assert_eq!(v.tracker.tag(), 3);
    c.assert(3, 2);
    drop(v);
    c.assert_all_dropped(3);
}

// t[verify state.machine.overwrite]
#[test]
fn imm_over_a_whole_root_drops_it() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    ok(&mut t, Op::set().imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().imm(Counted::new(2, &c)));
    c.assert(2, 1);
    let v = finish::<Counted>(t);
    assert_eq!(
        v,
        Counted {
            id: 2,
            tracker: Tracker::tagged(&c, 2)
        }
    );
    drop(v);
    c.assert_all_dropped(3);
}

// t[verify state.machine.overwrite]
#[test]
fn default_over_an_initialized_field_drops_the_old_value() {
    let mut t = Trame::new::<(String, Vec<String>)>();
    ok(&mut t, Op::set().at(0).imm(String::from("old")));
    ok(
        &mut t,
        Op::set()
            .at(1)
            .imm(vec![String::from("a"), String::from("b")]),
    );
    ok(&mut t, Op::set().at(1).default());
    ok(&mut t, Op::set().at(0).default());
    assert_eq!(
        finish::<(String, Vec<String>)>(t),
        (String::new(), Vec::new())
    );
}

// t[verify state.machine.overwrite]
#[test]
fn imm_over_a_folded_child_drops_the_whole_child() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 1)));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(0).imm(Counted::new(2, &c)));
    c.assert(2, 1);
    ok(&mut t, Op::set().at(1).imm(Counted::new(3, &c)));
    let v = finish::<CountedPair>(t);
    assert_eq!(
        v.left,
        Counted {
            id: 2,
            tracker: Tracker::tagged(&c, 2)
        }
    );
    drop(v);
    c.assert_all_dropped(4);
}

// t[verify state.machine.overwrite]
#[test]
fn imm_over_a_partially_built_root_drops_only_what_was_set() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(1).imm(Counted::new(1, &c)));
    ok(
        &mut t,
        Op::set().imm(CountedPair {
            left: Counted::new(2, &c),
            right: Counted::new(3, &c),
        }),
    );
    c.assert(3, 1);
    drop(finish::<CountedPair>(t));
    c.assert_all_dropped(3);
}

// t[verify state.machine.overwrite]
#[test]
fn overwriting_a_complete_drop_type_runs_its_drop_once() {
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(
        &mut t,
        Op::set().at(0).imm(Guarded {
            tracker: Tracker::tagged(&c, 1),
            id: 1,
        }),
    );
    ok(
        &mut t,
        Op::set().at(0).imm(Guarded {
            tracker: Tracker::tagged(&c, 2),
            id: 2,
        }),
    );
    assert_eq!(c.guard_drops(), 1);
    c.assert(2, 1);
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 3)));
    let v = finish::<HoldsGuarded>(t);
    assert_eq!(v.guarded.id, 2);
    drop(v);
    assert_eq!(c.guard_drops(), 2);
    c.assert_all_dropped(3);
}

// t[verify state.machine.overwrite]
#[test]
fn overwriting_a_field_of_a_reentered_drop_type_keeps_its_drop_for_later() {
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(
        &mut t,
        Op::set().at(0).imm(Guarded {
            tracker: Tracker::tagged(&c, 1),
            id: 1,
        }),
    );
    ok(&mut t, Op::set().at(0).at(0).imm(Tracker::tagged(&c, 2)));
    // Only the field was replaced; the struct's own `Drop` did not run.
    assert_eq!(c.guard_drops(), 0);
    c.assert(2, 1);
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 3)));
    let v = finish::<HoldsGuarded>(t);
    assert_eq!(v.guarded.tracker.tag(), 2);
    drop(v);
    assert_eq!(c.guard_drops(), 1);
    c.assert_all_dropped(3);
}

// t[verify state.machine.overwrite]
// t[verify api.imm.dropped-once]
#[test]
fn failed_overwrite_keeps_the_old_value_until_cleanup() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 1)));
    // The shape check comes before any drop: the mismatch poisons, and
    // cleanup drops the old tracker once; the offered value is dropped once.
    let err = fails(&mut t, Op::set().at(1).imm(Counted::new(2, &c)));
    assert!(matches!(err, TrameError::ShapeMismatch { .. }));
    c.assert_all_dropped(2);
}

// t[verify state.machine.overwrite]
#[test]
fn imm_over_a_partially_built_tuple() {
    let mut t = Trame::new::<(String, String, u8)>();
    ok(&mut t, Op::set().at(0).imm(String::from("zero")));
    ok(&mut t, Op::set().at(2).imm(2u8));
    ok(
        &mut t,
        Op::set().imm((String::from("a"), String::from("b"), 1u8)),
    );
    ok(&mut t, Op::set().at(1).imm(String::from("bb")));
    assert_eq!(
        finish::<(String, String, u8)>(t),
        ("a".to_string(), "bb".to_string(), 1)
    );
}

// t[verify state.machine.overwrite]
#[test]
fn empty_path_imm_over_a_reentered_drop_type_runs_its_drop_once() {
    let c = Counter::new();
    let mut t = Trame::new::<HoldsGuarded>();
    ok(
        &mut t,
        Op::set().imm(HoldsGuarded {
            guarded: Guarded {
                tracker: Tracker::tagged(&c, 1),
                id: 1,
            },
            extra: Tracker::tagged(&c, 2),
        }),
    );
    ok(&mut t, Op::set().at(0).at(0).stage());
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 1);
    ok(
        &mut t,
        Op::set().imm(Guarded {
            tracker: Tracker::tagged(&c, 3),
            id: 3,
        }),
    );
    assert_eq!(c.guard_drops(), 1);
    c.assert(3, 1);
    let v = finish::<HoldsGuarded>(t);
    assert_eq!(
        (v.guarded.id, v.guarded.tracker.tag(), v.extra.tag()),
        (3, 3, 2)
    );
    drop(v);
    assert_eq!(c.guard_drops(), 2);
    c.assert_all_dropped(3);
}

thread_local! {
    /// The tags of the [`Logged`] values dropped on this thread, in order.
    static DROP_LOG: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// A value without a default that logs its drop.
#[derive(Facet, Debug)]
struct Logged(u32);

impl Drop for Logged {
    fn drop(&mut self) {
        DROP_LOG.with(|l| l.borrow_mut().push(self.0));
    }
}

/// A `Default` for a shape that has none is refused before the slot's old
/// value is dropped: the old value goes with the rest of the tree, in the
/// poison cleanup's order (the root, complete, is dropped whole: fields in
/// declaration order).
#[test]
fn refused_default_drops_nothing_before_the_cleanup() {
    DROP_LOG.with(|l| l.borrow_mut().clear());
    let mut t = Trame::new::<(Logged, Logged)>();
    ok(&mut t, Op::set().at(0).imm(Logged(1)));
    ok(&mut t, Op::set().at(1).imm(Logged(2)));
    let err = fails(&mut t, Op::set().at(1).default());
    assert_eq!(
        err,
        TrameError::NoDefault {
            path: "$.1".into(),
            shape: "Logged".into()
        }
    );
    assert_eq!(DROP_LOG.with(|l| l.borrow().clone()), [1, 2]);
}
