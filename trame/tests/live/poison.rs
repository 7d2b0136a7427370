//! Poisoning: every error poisons the Trame, cleans up everything it
//! tracked exactly once, and makes every later call fail with `Poisoned`.

use std::sync::Arc;

use trame::{Facet, Op, OpBatch, Trame, TrameError};

use crate::support::{Counted, CountedPair, Counter, Tracker, ok};

/// A struct with counted values in slots of every kind trame handles now:
/// a whole struct, a whole `Vec`, an `Option`, and an array of structs to
/// stage.
#[derive(Facet, Debug)]
struct Tree {
    done: Counted,
    list: Vec<Tracker>,
    maybe: Option<Tracker>,
    staged: [CountedPair; 2],
}

/// Puts the Trame in a state that owns 6 trackers, three nodes deep:
/// `done` (1), `list` (1), `staged[0]` (2), `staged[1].right` (1) and
/// `staged[1].left.tracker` (1), with the cursor on `staged[1].left`.
fn populated(c: &Arc<Counter>) -> Trame<'static> {
    let mut t = Trame::new::<Tree>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(1, c)));
    ok(&mut t, Op::set().at(1).imm(vec![Tracker::new(c)]));
    ok(
        &mut t,
        Op::set().at(3).at(0).imm(CountedPair {
            left: Counted::new(2, c),
            right: Counted::new(3, c),
        }),
    );
    ok(&mut t, Op::set().at(1).at(1).imm(Counted::new(4, c)));
    ok(&mut t, Op::set().at(0).at(1).imm(Tracker::new(c)));
    assert_eq!(t.depth(), 3);
    c.assert(6, 0);
    t
}

/// Checks the poisoned state: every call fails with `Poisoned` and drops
/// what it was given, and the tree renders as gone.
#[track_caller]
fn assert_poisoned(mut t: Trame<'_>, c: &Arc<Counter>) {
    assert!(t.is_poisoned());
    assert_eq!(t.depth(), 0);
    assert_eq!(t.to_string(), "∅  (Trame poisoned; no tree remains)\n");
    let before = c.created();
    assert_eq!(
        t.apply(Op::set().at(0).imm(Counted::new(9, c))),
        Err(TrameError::Poisoned)
    );
    assert_eq!(t.apply(Op::set().at(0).stage()), Err(TrameError::Poisoned));
    assert_eq!(t.apply(Op::set().default()), Err(TrameError::Poisoned));
    assert_eq!(t.apply(Op::end()), Err(TrameError::Poisoned));
    let mut batch = OpBatch::new();
    batch.push(Op::set().at(2).imm(Some(Tracker::new(c))));
    batch.push(Op::set().at(2).imm(Some(Tracker::new(c))));
    assert_eq!(t.apply_batch(&mut batch), Err(TrameError::Poisoned));
    assert_eq!(batch.len(), 1);
    drop(batch);
    assert_eq!(c.created(), before + 3);
    assert!(TrameError::Poisoned.is_poisoned());
    assert!(matches!(t.build(), Err(TrameError::Poisoned)));
    c.assert_all_dropped(before + 3);
}

// t[verify state.machine.poison-cleanup]
// t[verify state.machine.strict-end]
#[test]
fn poison_by_incomplete_end() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field id in Counted at $.staged[1].left"
    );
    c.assert_all_dropped(6);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_shape_mismatch() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t
        .apply(Op::set().at(1).imm(Counted::new(3, &c)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected Tracker, found Counted at $.staged[1].left.tracker"
    );
    c.assert_all_dropped(7);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_field_out_of_range() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t.apply(Op::set().at(2).imm(Tracker::new(&c))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "field index 2 out of range for Counted (2 fields) at $.staged[1].left"
    );
    c.assert_all_dropped(7);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_not_a_container() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t.apply(Op::set().append().stage()).unwrap_err();
    assert_eq!(
        err,
        TrameError::NotAContainer {
            path: "$.staged[1].left".into(),
            shape: "Counted".into()
        }
    );
    c.assert_all_dropped(6);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
// t[verify state.machine.container-append-stage-only]
#[test]
fn poison_by_append_with_imm() {
    let c = Counter::new();
    let mut t = Trame::new::<Vec<Tracker>>();
    ok(&mut t, Op::set().imm(vec![Tracker::new(&c)]));
    let err = t
        .apply(Op::set().append().imm(Tracker::new(&c)))
        .unwrap_err();
    assert_eq!(
        err,
        TrameError::AppendRequiresStage {
            path: "$".into(),
            shape: "Vec<Tracker>".into()
        }
    );
    c.assert_all_dropped(2);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_climbing_through_an_incomplete_node() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t
        .apply(Op::set().root().at(2).imm(Some(Tracker::new(&c))))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field id in Counted at $.staged[1].left"
    );
    c.assert_all_dropped(7);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_root_not_first() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t
        .apply(Op::set().at(1).root().imm(Tracker::new(&c)))
        .unwrap_err();
    assert_eq!(err, TrameError::RootNotFirst { position: 1 });
    c.assert_all_dropped(7);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
// t[verify api.end.root-is-error]
#[test]
fn poison_by_end_at_root() {
    let c = Counter::new();
    let mut t = Trame::new::<Tree>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().at(2).imm(Some(Tracker::new(&c))));
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(err, TrameError::EndAtRoot);
    c.assert_all_dropped(2);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_no_default() {
    let c = Counter::new();
    let mut t = populated(&c);
    let err = t.apply(Op::set().at(1).default()).unwrap_err();
    assert_eq!(
        err,
        TrameError::NoDefault {
            path: "$.staged[1].left.tracker".into(),
            shape: "Tracker".into()
        }
    );
    c.assert_all_dropped(6);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn poison_by_bad_path_through_an_option() {
    let c = Counter::new();
    let mut t = Trame::new::<Tree>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().at(1).imm(vec![Tracker::new(&c)]));
    let err = t
        .apply(Op::set().at(2).at(1).imm(Tracker::new(&c)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "field index 1 out of range for Option<Tracker> (1 fields) at $.maybe"
    );
    c.assert_all_dropped(3);
    assert_poisoned(t, &c);

    let c = Counter::new();
    let mut t = populated(&c);
    let err = t.apply(Op::set().root().at(1).stage());
    assert!(matches!(err, Err(TrameError::Incomplete { .. })));
    c.assert_all_dropped(6);
    assert_poisoned(t, &c);
}

// t[verify state.machine.poison-cleanup]
// t[verify state.machine.build-finalization]
#[test]
fn poison_by_build() {
    let c = Counter::new();
    let t = populated(&c);
    let err = t.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field id in Counted at $.staged[1].left"
    );
    c.assert_all_dropped(6);
}

// t[verify state.machine.poison-cleanup]
// t[verify state.machine.cleanup-no-double-free]
#[test]
fn poison_with_reentered_complete_children_open() {
    // Re-entered complete children own their bytes; cleanup must drop them
    // through the child, never also through the parent.
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(
        &mut t,
        Op::set().imm(CountedPair {
            left: Counted::new(1, &c),
            right: Counted::new(2, &c),
        }),
    );
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().at(1).stage());
    assert_eq!(t.depth(), 2);
    let err = t.apply(Op::set().imm(5u32)).unwrap_err();
    assert!(matches!(err, TrameError::ShapeMismatch { .. }));
    c.assert_all_dropped(2);
    assert_poisoned(t, &c);
}

#[test]
fn errors_are_std_errors() {
    fn takes_error(_: &dyn std::error::Error) {}
    takes_error(&TrameError::EndAtRoot);
    assert!(!TrameError::EndAtRoot.is_poisoned());
    assert_eq!(
        TrameError::Poisoned.to_string(),
        "the Trame is poisoned by an earlier error; its value was cleaned up"
    );
}
