//! Helpers shared by the directed model tests: actions, expected values,
//! and runs in lock step on the model and on a `Trame` (every step
//! compared, the heap checked after: no violation, nothing left).

#![allow(dead_code)] // each test file uses some of them

use trame::PathSegment;
use trame::verified::{ShapeId, ShapeStore};
use trame_check::driver::{Action, Harness, Outcome};
use trame_check::model::{AValue, Leaf, MError, Src};

/// `Set { path, src }`.
pub fn set(path: &[PathSegment], src: Src) -> Action {
    Action::Set {
        path: path.to_vec(),
        src,
    }
}

/// An `Imm` of `shape` made with `tag`.
pub fn imm(shape: ShapeId, tag: u8) -> Src {
    Src::Imm { shape, tag }
}

/// A scalar made from an `Imm` tagged `tag`.
pub fn tagged(tag: u8) -> AValue {
    AValue::Scalar(Leaf::Imm(tag))
}

/// Runs `actions`, each of which must be accepted.
fn accept_all(h: &mut Harness<'_>, actions: &[Action]) {
    for a in actions {
        let outcome = h.step(a).unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(outcome, Outcome::Accepted, "{a}");
    }
}

/// Runs `actions` (all accepted) on a Trame for `format`, then `build` on
/// both sides; returns what the model built (trame's agreed, byte by byte
/// and through its handles) or its error.
pub fn build(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    format: Option<&'static str>,
    actions: &[Action],
) -> Result<AValue, MError> {
    let mut h = Harness::with_format(store, root, deferred, format);
    accept_all(&mut h, actions);
    let value = h.model().clone().build();
    let outcome = h.step(&Action::Build).unwrap_or_else(|m| panic!("{m}"));
    assert_eq!(outcome, Outcome::Finished);
    h.finish().unwrap_or_else(|m| panic!("{m}"));
    value
}

/// [`build`] without a format, which must succeed.
pub fn build_after(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    actions: &[Action],
) -> AValue {
    build(store, root, deferred, None, actions).expect("buildable")
}

/// [`build`] without a format, which must fail with `error` on both sides.
pub fn build_fails(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    actions: &[Action],
    error: MError,
) {
    assert_eq!(build(store, root, deferred, None, actions), Err(error));
}

/// Runs `actions`; the last one's outcome (the rest accepted). A rejected
/// op must poison. The Trame is dropped after, and the heap must be empty.
pub fn last_outcome(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    actions: &[Action],
) -> Outcome {
    let mut h = Harness::new(store, root, deferred);
    let (last, init) = actions.split_last().expect("at least one action");
    accept_all(&mut h, init);
    let outcome = h.step(last).unwrap_or_else(|m| panic!("{m}"));
    if let Outcome::Rejected(_) = outcome {
        assert!(h.model().is_poisoned());
    }
    h.finish().unwrap_or_else(|m| panic!("{m}"));
    outcome
}

/// Runs `actions`; the last one must fail with `error` (and poison).
pub fn fails_with(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    actions: &[Action],
    error: MError,
) {
    assert_eq!(
        last_outcome(store, root, deferred, actions),
        Outcome::Rejected(error)
    );
}
