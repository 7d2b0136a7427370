//! `apply_batch` is equivalent to applying the same ops one by one:
//! generated op lists (with drop-counted values) give the same accepted
//! prefix, the same first error, the same built value, and the same drops.

use proptest::prelude::*;
use trame::{Op, OpBatch, Path, PathSegment, Source, Trame};

use crate::support::{Counted, CountedPair, Counter, Tracker};

/// A description of an op, turned into a real `Op` (with fresh counted
/// values) once per run, so both runs get equal but distinct values.
#[derive(Clone, Debug)]
enum Desc {
    Set(Vec<PathSegment>, Src),
    End,
}

#[derive(Clone, Debug)]
enum Src {
    Id(u32),
    Tracker(u32),
    Counted(u32),
    Default,
    Stage,
    StageDeferred,
}

fn desc() -> impl Strategy<Value = Desc> {
    let seg = prop_oneof![
        8 => (0u32..3).prop_map(PathSegment::Field),
        1 => Just(PathSegment::Root),
        1 => Just(PathSegment::Append),
    ];
    let src = prop_oneof![
        3 => any::<u32>().prop_map(Src::Id),
        3 => any::<u32>().prop_map(Src::Tracker),
        2 => any::<u32>().prop_map(Src::Counted),
        1 => Just(Src::Default),
        3 => Just(Src::Stage),
        1 => Just(Src::StageDeferred),
    ];
    prop_oneof![
        5 => (prop::collection::vec(seg, 0..=2), src).prop_map(|(p, s)| Desc::Set(p, s)),
        2 => Just(Desc::End),
    ]
}

fn make(d: &Desc, c: &std::sync::Arc<Counter>) -> Op<'static> {
    match d {
        Desc::End => Op::End,
        Desc::Set(path, src) => Op::Set {
            dst: Path::from(path.as_slice()),
            src: match src {
                Src::Id(v) => Source::imm(*v),
                Src::Tracker(v) => Source::imm(Tracker::tagged(c, *v)),
                Src::Counted(v) => Source::imm(Counted::new(*v, c)),
                Src::Default => Source::Default,
                Src::Stage => Source::Stage(None),
                Src::StageDeferred => Source::StageDeferred(None),
            },
        },
    }
}

/// What a run observably did: the index and message of the first error
/// (if any), the built value's ids, and the tracker counts.
type Observed = (Option<(usize, String)>, Option<(u32, u32)>, (usize, usize));

fn by_loop(descs: &[Desc]) -> Observed {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    let mut first_error = None;
    for (i, d) in descs.iter().enumerate() {
        let op = make(d, &c);
        if first_error.is_some() {
            drop(op); // the batch keeps (then drops) what was not applied
            continue;
        }
        if let Err(e) = t.apply(op) {
            first_error = Some((i, e.to_string()));
        }
    }
    finish(t, first_error, &c)
}

fn by_batch(descs: &[Desc]) -> Observed {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    let mut batch: OpBatch<'static> = descs.iter().map(|d| make(d, &c)).collect();
    let first_error = t
        .apply_batch(&mut batch)
        .err()
        .map(|e| (descs.len() - batch.len() - 1, e.to_string()));
    if first_error.is_none() {
        assert!(batch.is_empty());
    }
    drop(batch);
    finish(t, first_error, &c)
}

fn finish(
    t: Trame<'static>,
    first_error: Option<(usize, String)>,
    c: &std::sync::Arc<Counter>,
) -> Observed {
    let built = match first_error {
        Some(_) => None,
        None => t
            .build()
            .ok()
            .map(|v| v.materialize::<CountedPair>().unwrap())
            .map(|v| (v.left.id, v.right.id)),
    };
    let counts = (c.created(), c.dropped());
    assert_eq!(
        counts.0, counts.1,
        "every created value dropped exactly once"
    );
    (first_error, built, counts)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 8 } else { 512 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn apply_batch_equals_an_apply_loop(descs in prop::collection::vec(desc(), 0..16)) {
        prop_assert_eq!(by_loop(&descs), by_batch(&descs));
    }
}
