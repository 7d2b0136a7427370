//! Pointers, options and containers on the verified runtime: hand-built
//! dynamic shapes for each kind, then generated shapes (including recursive
//! ones) driven by generated op sequences. The checked heap is inspected
//! after every op; after teardown nothing may be left.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use trame::verified::{GeneratedShape, ShapeId, ShapeStore, VHeap, VShape, VValue};
use trame::{IShape, PathSegment, RtSource, ShapeKind, Trame, TrameError, VRuntime};

type VTrame<'s> = Trame<'static, VRuntime<'s>>;

use PathSegment::{Append, Field};

struct Shapes {
    store: ShapeStore,
    u32: ShapeId,
    pair: ShapeId,
    vec_pair: ShapeId,
    vec_vec: ShapeId,
    set_u32: ShapeId,
    map_u32_pair: ShapeId,
    box_pair: ShapeId,
    opt_pair: ShapeId,
    tree: ShapeId,
}

impl Shapes {
    fn new() -> Shapes {
        let mut store = ShapeStore::new();
        let u32 = store.scalar("u32", 4, 4, true).unwrap();
        let pair = store
            .structure("Pair", &[("a", u32), ("b", u32)], false)
            .unwrap();
        let vec_pair = store.list(pair).unwrap();
        let vec_u32 = store.list(u32).unwrap();
        let vec_vec = store.list(vec_u32).unwrap();
        let set_u32 = store.set(u32).unwrap();
        let map_u32_pair = store.map(u32, pair).unwrap();
        let box_pair = store.pointer(pair).unwrap();
        let opt_pair = store.option(pair).unwrap();
        // Tree { v: u32, kids: Vec<Tree> }
        let tree = store.reserve("Tree").unwrap();
        let kids = store.list(tree).unwrap();
        let def = store
            .struct_def("", &[("v", u32), ("kids", kids)], &[0, 1], false)
            .unwrap();
        store.define(tree, def).unwrap();
        Shapes {
            store,
            u32,
            pair,
            vec_pair,
            vec_vec,
            set_u32,
            map_u32_pair,
            box_pair,
            opt_pair,
            tree,
        }
    }
    fn shape(&self, id: ShapeId) -> VShape<'_> {
        self.store.shape(id)
    }
}

fn imm<'s>(
    t: &mut VTrame<'s>,
    heap: &mut VHeap<'s>,
    path: &[PathSegment],
    shape: VShape<'s>,
    tag: u8,
) -> Result<(), TrameError> {
    let v = heap.new_imm(shape, tag).expect("heap capacity");
    t.apply_set(path, RtSource::Imm(v))
}

fn stage(t: &mut VTrame<'_>, path: &[PathSegment], hint: Option<usize>) -> Result<(), TrameError> {
    t.apply_set(path, RtSource::Stage(hint))
}

fn clean(heap: &VHeap<'_>) {
    let v = heap.violations();
    assert!(v.is_empty(), "heap violations: {v:#?}");
}

fn empty(heap: &VHeap<'_>) {
    let r = heap.teardown_report();
    assert!(r.is_empty(), "not empty at teardown: {r:#?}");
}

fn u(tag: u8) -> VValue {
    VValue::Bytes(vec![tag; 4])
}

fn pair(a: u8, b: u8) -> VValue {
    VValue::Fields(vec![u(a), u(b)])
}

/// Builds `Vec<Pair>` of `n` elements `(i, i+1)` with `hint`; returns the
/// built value.
fn vec_of_pairs(s: &Shapes, n: u8, hint: Option<usize>) -> VValue {
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
    stage(&mut t, &[], hint).unwrap();
    for i in 0..n {
        stage(&mut t, &[Append], None).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), i + 1).unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), i).unwrap();
        t.apply_end().unwrap();
        clean(&heap);
    }
    let v = t.build().unwrap();
    assert_eq!(
        heap.live_chunks(),
        0,
        "materialization consumed every chunk"
    );
    let value = heap.value(v.ptr(), v.runtime_shape()).expect("complete");
    drop(v);
    clean(&heap);
    empty(&heap);
    value
}

// t[verify state.machine.container-capacity-hint]
// t[verify state.machine.container-stable-staging]
#[test]
fn lists_build_identically_whatever_the_hint() {
    let s = Shapes::new();
    let n = 70;
    let expected = VValue::List((0..n).map(|i| pair(i, i + 1)).collect());
    for hint in [
        None,
        Some(0),
        Some(1),
        Some(n as usize),
        Some(5),
        Some(1 << 40),
    ] {
        assert_eq!(vec_of_pairs(&s, n, hint), expected, "hint {hint:?}");
    }
}

#[test]
fn chunks_grow_and_addresses_stay_valid() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
    stage(&mut t, &[], Some(1)).unwrap();
    for i in 0..20u8 {
        stage(&mut t, &[Append], None).unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), i).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), i).unwrap();
        t.apply_end().unwrap();
    }
    assert!(heap.total_chunks() >= 5, "hint 1 grows 1, 1, 2, 4, 8, …");
    // Re-enter the first element (first chunk) and change it.
    imm(&mut t, &mut heap, &[Field(0), Field(1)], s.shape(s.u32), 99).unwrap();
    t.apply_end().unwrap();
    let text = t.to_string();
    assert!(
        text.starts_with("▶ ⟨Root: Vec<Pair>⟩ 📦0 📦1 📦2 📦3 📦4"),
        "{text}"
    );
    assert!(text.contains("└─ 0..=19 ●"), "{text}");
    let v = t.build().unwrap();
    let VValue::List(items) = heap.value(v.ptr(), v.runtime_shape()).unwrap() else {
        panic!()
    };
    assert_eq!(items[0], pair(0, 99));
    assert_eq!(items[19], pair(19, 19));
    drop(v);
    clean(&heap);
    empty(&heap);
}

// t[verify state.machine.set-uniqueness]
#[test]
fn sets_collapse_equal_bytes() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.set_u32));
    for tag in [3, 1, 3, 2, 1, 3] {
        stage(&mut t, &[Append], None).unwrap();
        imm(&mut t, &mut heap, &[], s.shape(s.u32), tag).unwrap();
        t.apply_end().unwrap();
    }
    let dropped = heap.dropped_values();
    let v = t.build().unwrap();
    assert_eq!(
        heap.dropped_values() - dropped,
        3,
        "three duplicates dropped"
    );
    assert_eq!(
        heap.value(v.ptr(), v.runtime_shape()),
        Some(VValue::Set(vec![u(3), u(1), u(2)]))
    );
    drop(v);
    clean(&heap);
    empty(&heap);
}

// t[verify state.machine.map-last-wins]
#[test]
fn maps_keep_the_last_value() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.map_u32_pair));
    for (k, a) in [(1u8, 10u8), (2, 20), (1, 11)] {
        stage(&mut t, &[Append], None).unwrap();
        assert!(t.cursor_is_map_entry());
        stage(&mut t, &[Field(1)], None).unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), a).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), a).unwrap();
        t.apply_end().unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), k).unwrap();
        t.apply_end().unwrap();
    }
    let dropped = heap.dropped_values();
    let v = t.build().unwrap();
    assert_eq!(heap.dropped_values() - dropped, 2, "losing key and value");
    let expected = VValue::Map(vec![(u(1), pair(11, 11)), (u(2), pair(20, 20))]);
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    drop(v);
    clean(&heap);
    empty(&heap);
}

#[test]
fn pointers_and_options_from_staged_inner_values() {
    let s = Shapes::new();
    for (root, wrap) in [(s.box_pair, true), (s.opt_pair, false)] {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), s.shape(root));
        imm(&mut t, &mut heap, &[Field(0), Field(0)], s.shape(s.u32), 1).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), 2).unwrap();
        t.apply_end().unwrap();
        let v = t.build().unwrap();
        let inner = Box::new(pair(1, 2));
        let expected = if wrap {
            VValue::Pointer(inner)
        } else {
            VValue::Option(Some(inner))
        };
        assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
        drop(v);
        clean(&heap);
        empty(&heap);
    }
    // Default is None; a staged payload is dropped and freed by it.
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.opt_pair));
    imm(&mut t, &mut heap, &[Field(0)], s.shape(s.pair), 4).unwrap();
    t.apply_set(&[], RtSource::Default).unwrap();
    let v = t.build().unwrap();
    assert_eq!(
        heap.value(v.ptr(), v.runtime_shape()),
        Some(VValue::Option(None))
    );
    drop(v);
    clean(&heap);
    empty(&heap);
}

#[test]
fn nested_and_recursive_containers() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_vec));
    for n in 0..4u8 {
        stage(&mut t, &[Append], Some(n as usize)).unwrap();
        for k in 0..n {
            stage(&mut t, &[Append], None).unwrap();
            imm(&mut t, &mut heap, &[], s.shape(s.u32), k).unwrap();
            t.apply_end().unwrap();
        }
        t.apply_end().unwrap();
    }
    let v = t.build().unwrap();
    let expected = VValue::List(
        (0..4)
            .map(|n| VValue::List((0..n).map(u).collect()))
            .collect(),
    );
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    drop(v);
    clean(&heap);
    empty(&heap);

    // Tree { v: 1, kids: [Tree { v: 2, kids: [] }, Tree { v: 3, kids: [Tree { v: 4 }] }] }
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.tree));
    let u32s = s.shape(s.u32);
    imm(&mut t, &mut heap, &[Field(0)], u32s, 1).unwrap();
    imm(&mut t, &mut heap, &[Field(1), Append, Field(0)], u32s, 2).unwrap();
    stage(&mut t, &[Field(1)], None).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    imm(&mut t, &mut heap, &[Append, Field(0)], u32s, 3).unwrap();
    imm(&mut t, &mut heap, &[Field(1), Append, Field(0)], u32s, 4).unwrap();
    stage(&mut t, &[Field(1)], None).unwrap();
    let v = t.build().unwrap();
    let leaf = |v| VValue::Fields(vec![u(v), VValue::List(vec![])]);
    let expected = VValue::Fields(vec![
        u(1),
        VValue::List(vec![
            leaf(2),
            VValue::Fields(vec![u(3), VValue::List(vec![leaf(4)])]),
        ]),
    ]);
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    drop(v);
    clean(&heap);
    empty(&heap);
}

// t[verify state.machine.container-append-stage-only]
// t[verify state.machine.container-no-live-partial]
#[test]
fn closed_containers_and_append_errors_clean_up() {
    let s = Shapes::new();
    let cases: [(&[PathSegment], bool); 4] = [
        (&[Append], true),
        (&[Field(0)], true),
        (&[], true),
        (&[Append], false),
    ];
    for (path, staging) in cases {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
        imm(&mut t, &mut heap, &[], s.shape(s.vec_pair), 1).unwrap();
        let e = if staging {
            stage(&mut t, path, None).unwrap_err()
        } else {
            imm(&mut t, &mut heap, path, s.shape(s.pair), 1).unwrap_err()
        };
        let expected_closed = staging;
        assert_eq!(
            matches!(e, TrameError::ContainerClosed { .. }),
            expected_closed,
            "{e}"
        );
        assert_eq!(
            matches!(e, TrameError::AppendRequiresStage { .. }),
            !expected_closed,
            "{e}"
        );
        assert!(t.is_poisoned());
        clean(&heap);
        empty(&heap);
    }
    // While staging, the container's own bytes stay uninitialized.
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
    stage(&mut t, &[Append], None).unwrap();
    imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), 1).unwrap();
    assert_eq!(
        heap.read(
            trame::verified::VPtr {
                alloc: 0,
                offset: 0
            },
            8
        ),
        None
    );
    // Incomplete element at End: poison, and every chunk freed.
    assert!(matches!(t.apply_end(), Err(TrameError::Incomplete { .. })));
    clean(&heap);
    empty(&heap);
}

// ---- generated shapes × generated ops -----------------------------------

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
