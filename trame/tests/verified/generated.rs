//! Generated shapes × generated op sequences on the verified runtime.
//!
//! After every op the checked heap must report no violation; after an
//! error the Trame is poisoned and the heap already empty; while active,
//! the only live allocation is the root; after build the built value is
//! fully initialized and, once dropped, nothing is left. Case count:
//! `TRAME_PROPTEST_CASES` (default 512).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use trame::verified::{GeneratedShape, ShapeId, VHeap, VShape};
use trame::{IShape, PathSegment, RtSource, ShapeKind, View};

use super::support::VTrame;

#[derive(Clone, Debug)]
enum GenSrc {
    Imm { matching: bool },
    Default,
    Stage,
    StageDeferred,
}

fn segment() -> impl Strategy<Value = PathSegment> {
    prop_oneof![
        12 => (0u32..5).prop_map(PathSegment::Field),
        1 => Just(PathSegment::Append),
        2 => Just(PathSegment::Root),
    ]
}

fn source() -> impl Strategy<Value = GenSrc> {
    prop_oneof![
        40 => Just(GenSrc::Imm { matching: true }),
        1 => Just(GenSrc::Imm { matching: false }),
        10 => Just(GenSrc::Default),
        30 => Just(GenSrc::Stage),
        1 => Just(GenSrc::StageDeferred),
    ]
}

/// An op, either raw (any segments: mostly errors) or guided: resolved
/// against the shape under the cursor when applied, so that it names real
/// slots and the sequence gets deep instead of failing at once.
#[derive(Clone, Debug)]
enum GenOp {
    /// Raw segments.
    Raw(Vec<PathSegment>, GenSrc),
    /// `picks.len()` segments, each `Field(pick % slot_count)` of the shape
    /// reached so far; `root` prefixes `Root`.
    Guided {
        root: bool,
        picks: Vec<u8>,
        src: GenSrc,
    },
    /// `End` below the root; nothing at the root.
    End,
    /// `End` wherever the cursor is (an error at the root).
    RawEnd,
}

fn op() -> impl Strategy<Value = GenOp> {
    let picks = prop::collection::vec(any::<u8>(), 0..=2);
    prop_oneof![
        1 => (prop::collection::vec(segment(), 0..=3), source())
            .prop_map(|(path, src)| GenOp::Raw(path, src)),
        10 => (prop::bool::weighted(0.1), picks, source())
            .prop_map(|(root, picks, src)| GenOp::Guided { root, picks, src }),
        4 => Just(GenOp::End),
        1 => Just(GenOp::RawEnd),
    ]
}

/// The path a guided op names in the Trame's current state: each pick
/// chooses among the slots of the node reached so far, walking enums
/// through their three levels (variant, payload, field; a `Result`'s
/// payload is a whole value of the `Ok`/`Err` shape).
fn guided_path(t: &VTrame<'_>, root: bool, picks: &[u8]) -> Vec<PathSegment> {
    let mut path = Vec::new();
    let (mut shape, mut view) = match (root, t.cursor_shape(), t.cursor_view()) {
        (true, _, _) => {
            path.push(PathSegment::Root);
            (t.root_shape(), View::Value)
        }
        (false, Some(s), Some(v)) => (s, v),
        _ => return path,
    };
    for pick in picks {
        let pick = *pick as usize;
        let (seg, next) = match view {
            View::Value if shape.kind() == ShapeKind::Enum && shape.variant_count() > 0 => {
                let v = pick % shape.variant_count();
                (v, (shape, View::Variant(v as u32)))
            }
            View::Variant(v) if shape.variant_payload_in_place() => (0, (shape, View::Payload(v))),
            // A `Result`'s payload is a whole value of its own shape.
            View::Variant(v) => match shape.variant_field(v as usize, 0) {
                Some(p) => (0, (p.shape, View::Value)),
                None => break,
            },
            View::Payload(v) => match shape.variant_field_count(v as usize) {
                0 => break,
                n => {
                    let i = pick % n;
                    (
                        i,
                        (
                            shape.variant_field(v as usize, i).expect("in range").shape,
                            View::Value,
                        ),
                    )
                }
            },
            View::Value => match shape.slot_count() {
                0 => break,
                n => {
                    let i = pick % n;
                    (i, (shape.slot(i).expect("in range").shape, View::Value))
                }
            },
        };
        path.push(PathSegment::Field(seg as u32));
        (shape, view) = next;
    }
    path
}

fn cases() -> u32 {
    std::env::var("TRAME_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

/// The shape of the value a path names, starting at the cursor (or the
/// root after a leading `Root`), if it names a whole value.
fn dest_shape<'s>(t: &VTrame<'s>, path: &[PathSegment]) -> Option<VShape<'s>> {
    let (mut shape, mut view, rest) = match path {
        [PathSegment::Root, rest @ ..] => (t.root_shape(), View::Value, rest),
        _ => (t.cursor_shape()?, t.cursor_view()?, path),
    };
    for seg in rest {
        let PathSegment::Field(n) = seg else {
            return None;
        };
        let n = *n as usize;
        (shape, view) = match view {
            View::Value if shape.kind() == ShapeKind::Enum => (shape, View::Variant(n as u32)),
            View::Variant(v) if shape.variant_payload_in_place() => (shape, View::Payload(v)),
            View::Variant(v) => (shape.variant_field(v as usize, n)?.shape, View::Value),
            View::Payload(v) => (shape.variant_field(v as usize, n)?.shape, View::Value),
            View::Value => (shape.slot(n)?.shape, View::Value),
        };
    }
    (view == View::Value).then_some(shape)
}

/// Applies `Set { dst: path, src }`, making the `Imm` value if needed.
fn apply_gen<'s>(
    t: &mut VTrame<'s>,
    heap: &mut VHeap<'s>,
    store: &'s trame::verified::ShapeStore,
    path: &[PathSegment],
    src: &GenSrc,
    i: usize,
) -> Result<(), trame::TrameError> {
    let src = match src {
        GenSrc::Imm { matching } => {
            let shape = match dest_shape(t, path) {
                Some(s) if *matching => s,
                _ => store.shape(ShapeId((i % store.len()) as u16)),
            };
            RtSource::Imm(heap.new_imm(shape, i as u8).expect("heap capacity"))
        }
        GenSrc::Default => RtSource::Default,
        GenSrc::Stage => RtSource::Stage(None),
        GenSrc::StageDeferred => RtSource::StageDeferred(None),
    };
    t.apply_set(path, src)
}

fn check_heap(heap: &VHeap<'_>, when: &str) -> Result<(), TestCaseError> {
    let v = heap.violations();
    prop_assert!(v.is_empty(), "{}: heap violations {:#?}", when, v);
    Ok(())
}

fn run(
    g: &GeneratedShape,
    ops: &[GenOp],
    build: bool,
    deferred: bool,
) -> Result<(), TestCaseError> {
    let store = &g.store;
    let mut heap = VHeap::new();
    let mut t = match deferred {
        true => VTrame::new_verified_deferred(heap.clone(), g.shape()),
        false => VTrame::new_verified(heap.clone(), g.shape()),
    };
    for (i, op) in ops.iter().enumerate() {
        let result = match op {
            GenOp::End if t.depth() == 0 => continue,
            GenOp::End | GenOp::RawEnd => t.apply_end(),
            GenOp::Raw(path, src) => apply_gen(&mut t, &mut heap, store, path, src, i),
            GenOp::Guided { root, picks, src } => {
                let path = guided_path(&t, *root, picks);
                apply_gen(&mut t, &mut heap, store, &path, src, i)
            }
        };
        check_heap(&heap, &format!("after op {i} {op:?}"))?;
        match result {
            Err(_) => {
                prop_assert!(t.is_poisoned());
                prop_assert_eq!(heap.live_allocations(), 0, "poison cleaned up everything");
            }
            // Besides the root: wrapper payloads, staging chunks, and what
            // handle values own.
            Ok(()) => prop_assert!(heap.live_allocations() >= 1, "the root is allocated"),
        }
    }
    if build {
        if let Ok(v) = t.build() {
            for &(start, end) in v.runtime_shape().value_ranges() {
                let ptr = trame::verified::VPtr {
                    offset: v.ptr().offset + start as u32,
                    ..v.ptr()
                };
                prop_assert!(
                    heap.read(ptr, end - start).is_some(),
                    "built bytes {start}..{end} init"
                );
            }
            prop_assert!(heap.live_allocations() >= 1);
            drop(v);
        }
    } else {
        drop(t);
    }
    check_heap(&heap, "at teardown")?;
    let report = heap.teardown_report();
    prop_assert!(report.is_empty(), "teardown: {:#?}", report);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    // t[verify state.machine.poison-cleanup]
    // t[verify state.machine.cleanup-no-double-free]
    // t[verify state.init.byte-tracking]
    // t[verify state.machine.deferred-end]
    #[test]
    fn generated_ops_never_violate_the_heap(
        g in any::<GeneratedShape>(),
        ops in prop::collection::vec(op(), 0..32),
        build in any::<bool>(),
        deferred in any::<bool>(),
    ) {
        run(&g, &ops, build, deferred)?;
    }
}

/// A generated op list that fills every slot reaches a successful build:
/// the property above is not vacuous.
#[test]
fn filling_every_slot_builds() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut built = 0;
    for _ in 0..64 {
        let g = any::<GeneratedShape>()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), g.shape());
        fill(&mut t, &mut heap, g.shape()).unwrap();
        let v = t.build().unwrap();
        built += 1;
        drop(v);
        assert!(heap.teardown_report().is_empty());
    }
    assert_eq!(built, 64);
}

/// Fills the node under the cursor slot by slot, staging slotted children.
fn fill<'s>(
    t: &mut VTrame<'s>,
    heap: &mut VHeap<'s>,
    shape: VShape<'s>,
) -> Result<(), trame::TrameError> {
    if shape.slot_count() == 0 || !shape.kind().has_slots() {
        let imm = heap.new_imm(shape, 7).unwrap();
        return t.apply_set(&[], RtSource::Imm(imm));
    }
    for i in 0..shape.slot_count() {
        let slot = shape.slot(i).unwrap();
        t.apply_set(&[PathSegment::Field(i as u32)], RtSource::Stage(None))?;
        fill(t, heap, slot.shape)?;
        t.apply_end()?;
    }
    Ok(())
}
