//! Generated shapes (including recursive ones) driven by generated op
//! sequences; the heap is checked after every op.

use crate::support::*;

#[derive(Clone, Debug)]
enum GenSrc {
    Imm,
    Default,
    Stage(Option<usize>),
}

#[derive(Clone, Debug)]
enum GenOp {
    /// Segments chosen against the shape under the cursor as it goes.
    Guided {
        picks: Vec<u8>,
        src: GenSrc,
    },
    End,
}

fn gen_op() -> impl Strategy<Value = GenOp> {
    let src = prop_oneof![
        4 => Just(GenSrc::Imm),
        1 => Just(GenSrc::Default),
        4 => prop_oneof![Just(None), Just(Some(0)), Just(Some(1)), Just(Some(100))].prop_map(GenSrc::Stage),
    ];
    prop_oneof![
        6 => (prop::collection::vec(any::<u8>(), 0..=2), src).prop_map(|(picks, src)| GenOp::Guided { picks, src }),
        3 => Just(GenOp::End),
    ]
}

/// Where a guided path stands: a value of a shape, or a map entry.
#[derive(Clone, Copy)]
enum Pos<'s> {
    Value(VShape<'s>),
    Entry(VShape<'s>),
}

/// The segments a guided op names, and the shape of the last one.
fn guided<'s>(t: &VTrame<'s>, picks: &[u8]) -> (Vec<PathSegment>, Option<VShape<'s>>) {
    let Some(cur) = t.cursor_shape() else {
        return (Vec::new(), None);
    };
    let mut pos = if t.cursor_is_map_entry() {
        Pos::Entry(cur)
    } else {
        Pos::Value(cur)
    };
    let mut path = Vec::new();
    for &p in picks {
        let next = match pos {
            Pos::Entry(m) => {
                path.push(Field(u32::from(p % 2)));
                if p % 2 == 0 {
                    m.map_key()
                } else {
                    m.map_value()
                }
                .map(Pos::Value)
            }
            Pos::Value(s) if s.kind().has_slots() && s.slot_count() > 0 => {
                let i = p as usize % s.slot_count();
                path.push(Field(i as u32));
                s.slot(i).map(|x| Pos::Value(x.shape))
            }
            Pos::Value(s) if s.kind().is_wrapper() => {
                path.push(Field(0));
                s.inner().map(Pos::Value)
            }
            Pos::Value(s) if s.kind().is_container() => {
                if p % 4 == 0 {
                    path.push(Field(u32::from(p / 4 % 3)));
                } else {
                    path.push(Append);
                }
                if s.kind() == ShapeKind::Map {
                    Some(Pos::Entry(s))
                } else {
                    s.inner().map(Pos::Value)
                }
            }
            Pos::Value(_) => None,
        };
        match next {
            Some(n) => pos = n,
            None => break,
        }
    }
    let shape = match pos {
        Pos::Value(s) => Some(s),
        Pos::Entry(_) => None,
    };
    (path, shape)
}

/// Runs `ops`; returns whether the run ended in a successful build.
fn run(g: &GeneratedShape, ops: &[GenOp]) -> Result<bool, TestCaseError> {
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), g.shape());
    for (i, op) in ops.iter().enumerate() {
        let result = match op {
            GenOp::End if t.depth() == 0 => continue,
            GenOp::End => t.apply_end(),
            GenOp::Guided { picks, src } => {
                let (path, shape) = guided(&t, picks);
                let src = match (src, shape) {
                    (GenSrc::Imm, Some(s)) => match heap.new_imm(s, i as u8) {
                        Ok(v) => RtSource::Imm(v),
                        Err(_) => continue,
                    },
                    (GenSrc::Imm | GenSrc::Default, _) => RtSource::Default,
                    (GenSrc::Stage(h), _) => RtSource::Stage(*h),
                };
                t.apply_set(&path, src)
            }
        };
        let v = heap.violations();
        prop_assert!(v.is_empty(), "after op {} {:?}: {:#?}\n{}", i, op, v, t);
        if result.is_err() {
            prop_assert!(t.is_poisoned());
            prop_assert_eq!(heap.live_allocations(), 0, "poison cleaned up everything");
            return Ok(false);
        }
    }
    let built = match t.build() {
        Ok(v) => {
            prop_assert!(
                heap.value(v.ptr(), v.runtime_shape()).is_some(),
                "built value complete"
            );
            drop(v);
            true
        }
        Err(_) => false,
    };
    let report = heap.teardown_report();
    prop_assert!(report.is_empty(), "teardown: {:#?}", report);
    Ok(built)
}

/// Fills the node under the cursor, staging every part it can; returns the
/// number of ops applied.
fn fill<'s>(
    t: &mut VTrame<'s>,
    heap: &mut VHeap<'s>,
    shape: VShape<'s>,
    depth: usize,
) -> Result<(), TrameError> {
    let kind = shape.kind();
    let part = |t: &mut VTrame<'s>, heap: &mut VHeap<'s>, seg: PathSegment, s: VShape<'s>| {
        t.apply_set(&[seg], RtSource::Stage(None))?;
        fill(t, heap, s, depth + 1)?;
        t.apply_end()
    };
    if depth > 3 {
        let v = heap.new_imm(shape, 1).expect("capacity");
        return t.apply_set(&[], RtSource::Imm(v));
    }
    if kind.has_slots() && shape.slot_count() > 0 {
        for i in 0..shape.slot_count() {
            part(t, heap, Field(i as u32), shape.slot(i).expect("slot").shape)?;
        }
    } else if kind.is_wrapper() {
        part(t, heap, Field(0), shape.inner().expect("inner"))?;
    } else if kind == ShapeKind::Map {
        t.apply_set(&[], RtSource::Stage(Some(1)))?;
        for _ in 0..2 {
            t.apply_set(&[Append], RtSource::Stage(None))?;
            part(t, heap, Field(1), shape.map_value().expect("value"))?;
            part(t, heap, Field(0), shape.map_key().expect("key"))?;
            t.apply_end()?;
        }
    } else if kind.is_container() {
        t.apply_set(&[], RtSource::Stage(Some(1)))?;
        for _ in 0..2 {
            part(t, heap, Append, shape.inner().expect("elem"))?;
        }
    } else {
        let v = heap.new_imm(shape, 7).expect("capacity");
        t.apply_set(&[], RtSource::Imm(v))?;
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("TRAME_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    // t[verify state.machine.container-materialize-on-close]
    #[test]
    fn generated_container_ops_never_violate_the_heap(
        g in any::<GeneratedShape>(),
        ops in prop::collection::vec(gen_op(), 0..40),
    ) {
        run(&g, &ops)?;
    }

    #[test]
    fn filling_any_generated_shape_by_staging_builds_cleanly(g in any::<GeneratedShape>()) {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), g.shape());
        match fill(&mut t, &mut heap, g.shape(), 0) {
            Ok(()) => {
                let v = t.build().map_err(|e| TestCaseError::fail(format!("{e}")))?;
                prop_assert!(heap.value(v.ptr(), v.runtime_shape()).is_some());
                drop(v);
            }
            // Only the bounded model may refuse (arena or heap capacity).
            Err(e) => prop_assert!(matches!(e, TrameError::OutOfCapacity { .. }), "{}", e),
        }
        let v = heap.violations();
        prop_assert!(v.is_empty(), "{:#?}", v);
        prop_assert!(heap.teardown_report().is_empty(), "{:#?}", heap.teardown_report());
    }
}

/// The properties above are not vacuous: most generated shapes (many of
/// them with pointers, options and containers) build by staging, and
/// generated op sequences reach successful builds.
#[test]
fn generated_runs_reach_builds() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut built, mut with_containers) = (0, 0);
    for _ in 0..64 {
        let g = any::<GeneratedShape>()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let has =
            (0..g.store.len()).any(|i| g.store.shape(ShapeId(i as u16)).kind().is_container());
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), g.shape());
        if fill(&mut t, &mut heap, g.shape(), 0).is_ok() {
            drop(t.build().unwrap());
            built += 1;
            with_containers += usize::from(has);
        }
        assert!(heap.teardown_report().is_empty());
    }
    assert!(built >= 56, "built {built} of 64");
    assert!(with_containers >= 16, "{with_containers} with containers");
}

/// Generated op sequences often build successfully, many of them through
/// staged containers or wrappers.
#[test]
fn generated_op_runs_reach_builds() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let ops = prop::collection::vec(gen_op(), 0..40);
    let mut built = 0;
    for _ in 0..400 {
        let g = any::<GeneratedShape>()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let o = ops.new_tree(&mut runner).unwrap().current();
        built += usize::from(run(&g, &o).unwrap());
    }
    assert!(built >= 40, "{built} of 400 runs built");
}
