//! `apply_batch`: ops applied from the front until one fails; applied ops
//! (and the failing one) leave the batch, the rest stay and keep their
//! values; equivalent to a loop of `apply`.

use std::sync::Arc;

use trame::{Op, OpBatch, Trame, TrameError};

use crate::support::{Counted, CountedPair, Counter, Outer, Pair, Tracker, finish, ok};

/// The ops of the spec's nested example.
fn outer_ops() -> Vec<Op<'static>> {
    vec![
        Op::set().at(0).stage(),
        Op::set().at(0).imm(1u32),
        Op::set().at(1).imm(2u32),
        Op::end(),
        Op::set().at(1).imm(9u32),
    ]
}

#[test]
fn whole_batch_applied() {
    let mut batch: OpBatch<'_> = outer_ops().into_iter().collect();
    assert_eq!(batch.len(), 5);
    assert!(!batch.is_empty());
    let mut t = Trame::new::<Outer>();
    t.apply_batch(&mut batch).unwrap();
    assert!(batch.is_empty());
    assert_eq!(batch.len(), 0);
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 9
        }
    );
}

#[test]
fn empty_batch_is_ok() {
    let mut t = Trame::new::<u32>();
    let mut batch = OpBatch::new();
    t.apply_batch(&mut batch).unwrap();
    assert!(!t.is_poisoned());
    let mut batch = OpBatch::with_capacity(4);
    assert!(batch.is_empty());
    t.apply_batch(&mut batch).unwrap();
}

#[test]
fn batches_can_be_split() {
    let mut ops = outer_ops().into_iter();
    let mut t = Trame::new::<Outer>();
    let mut batch = OpBatch::new();
    batch.extend(ops.by_ref().take(2));
    t.apply_batch(&mut batch).unwrap();
    assert_eq!(t.depth(), 1);
    batch.extend(ops);
    assert_eq!(batch.len(), 3);
    t.apply_batch(&mut batch).unwrap();
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 9
        }
    );
}

/// A batch of four trackers' worth of ops whose third op fails.
fn failing_batch(c: &Arc<Counter>) -> OpBatch<'static> {
    let mut batch = OpBatch::new();
    batch.push(Op::set().at(0).imm(Counted::new(1, c))); // ok
    batch.push(Op::set().at(1).at(0).imm(2u32)); // ok: cursor on `right`
    batch.push(Op::set().at(0).imm(Tracker::new(c))); // shape mismatch
    batch.push(Op::set().at(1).imm(Tracker::new(c))); // never applied
    batch.push(Op::end()); // never applied
    batch
}

// t[verify api.imm.dropped-once]
#[test]
fn failure_removes_applied_and_failed_ops_and_keeps_the_rest() {
    let c = Counter::new();
    let mut batch = failing_batch(&c);
    let mut t = Trame::new::<CountedPair>();
    let err = t.apply_batch(&mut batch).unwrap_err();
    assert!(matches!(err, TrameError::ShapeMismatch { .. }), "{err:?}");
    assert_eq!(err.to_string(), "expected u32, found Tracker at $.right.id");
    assert!(t.is_poisoned());
    assert_eq!(batch.len(), 2);
    // The applied value and the failed op's value are gone; the one left in
    // the batch is still alive.
    c.assert(3, 2);
    drop(batch);
    c.assert_all_dropped(3);
}

#[test]
fn leftover_ops_can_be_applied_elsewhere() {
    let c = Counter::new();
    let mut batch = failing_batch(&c);
    let mut t = Trame::new::<CountedPair>();
    assert!(t.apply_batch(&mut batch).is_err());
    // The rest still owns its values and can go to another Trame.
    let mut other = Trame::new::<Counted>();
    ok(&mut other, Op::set().at(0).imm(5u32));
    let err = other.apply_batch(&mut batch).unwrap_err();
    assert_eq!(err, TrameError::EndAtRoot);
    assert!(batch.is_empty());
    c.assert_all_dropped(3);
}

#[test]
fn batch_on_a_poisoned_trame_removes_one_op() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    assert!(t.apply(Op::end()).is_err());
    let mut batch = failing_batch(&c);
    assert_eq!(t.apply_batch(&mut batch), Err(TrameError::Poisoned));
    assert_eq!(batch.len(), 4);
    c.assert(3, 1); // the first op was taken and dropped with its value
    drop(batch);
    c.assert_all_dropped(3);
}

/// Applies `ops` one by one, stopping at the first error; returns the
/// outcome, the Trame's rendering and the number of ops applied.
fn by_loop(ops: Vec<Op<'static>>) -> (Result<(), TrameError>, String, usize) {
    let mut t = Trame::new::<CountedPair>();
    let mut applied = 0;
    let mut result = Ok(());
    for op in ops {
        applied += 1;
        if let Err(e) = t.apply(op) {
            result = Err(e);
            break;
        }
    }
    (result, t.to_string(), applied)
}

/// Applies `ops` as one batch; same outputs as [`by_loop`].
fn by_batch(ops: Vec<Op<'static>>) -> (Result<(), TrameError>, String, usize) {
    let n = ops.len();
    let mut batch: OpBatch<'_> = ops.into_iter().collect();
    let mut t = Trame::new::<CountedPair>();
    let result = t.apply_batch(&mut batch);
    (result, t.to_string(), n - batch.len())
}

/// Makes a list of ops whose values count into the given counter.
type Script = fn(&Arc<Counter>) -> Vec<Op<'static>>;

#[test]
fn batch_is_equivalent_to_a_loop_of_apply() {
    let scripts: Vec<Script> = vec![
        |c| {
            vec![
                Op::set().at(0).at(1).imm(Tracker::new(c)),
                Op::set().at(0).imm(1u32),
                Op::set().root().at(1).imm(Counted::new(2, c)),
            ]
        },
        |c| {
            vec![
                Op::set().at(1).stage(),
                Op::set().at(1).imm(Tracker::new(c)),
                Op::end(), // incomplete: `id` is missing
                Op::set().at(0).imm(Counted::new(1, c)),
            ]
        },
        |c| {
            vec![
                Op::set().imm(CountedPair {
                    left: Counted::new(1, c),
                    right: Counted::new(2, c),
                }),
                Op::set().at(0).stage(),
                Op::set().at(2).imm(Tracker::new(c)), // out of range
                Op::end(),
            ]
        },
        |c| {
            vec![
                Op::set().at(0).imm(Counted::new(1, c)),
                Op::end(), // at the root
                Op::set().at(1).imm(Counted::new(2, c)),
            ]
        },
        |_| vec![],
    ];
    for script in scripts {
        let c1 = Counter::new();
        let c2 = Counter::new();
        let looped = by_loop(script(&c1));
        let batched = by_batch(script(&c2));
        assert_eq!(looped, batched);
        assert_eq!(c1.created(), c2.created());
        c1.assert_all_dropped(c1.created());
        c2.assert_all_dropped(c2.created());
    }
}
