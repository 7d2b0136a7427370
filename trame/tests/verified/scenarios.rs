//! The spec's scenarios on the verified runtime: every outcome is checked
//! on the built bytes and on the checked heap (no violation; nothing left
//! after build + drop, poison, or drop of an unfinished Trame).

use trame::{Op, PathSegment, RtSource, Trame, TrameError};

use super::support::{Shapes, VTrame, assert_clean, assert_empty, built_bytes, f, set_imm};
use trame::verified::VHeap;

const ROOT: PathSegment = PathSegment::Root;

#[test]
fn scalar_imm_builds_the_moved_bytes() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.u32));
    set_imm(&mut t, &mut heap, &[], s.shape(s.u32), 42).unwrap();
    let v = t.build().unwrap();
    assert_eq!(built_bytes(&heap, &v), vec![42; 4]);
    assert_clean(&heap);
    drop(v);
    assert_empty(&heap);
}

#[test]
fn scalar_default_builds_the_default_bytes() {
    let s = Shapes::new();
    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.u32));
    t.apply_set(&[], RtSource::Default).unwrap();
    let v = t.build().unwrap();
    assert_eq!(built_bytes(&heap, &v), vec![0xDF; 4]);
    drop(v);
    assert_empty(&heap);
}

#[test]
fn pair_field_by_field() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.pair));
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
    // t[verify state.machine.build-finalization]
    let mut incomplete = VTrame::new_verified(heap.clone(), s.shape(s.pair));
    set_imm(&mut incomplete, &mut heap, &f(1), s.shape(s.u32), 9).unwrap();
    let err = incomplete.build().unwrap_err();
    assert!(matches!(&err, TrameError::Incomplete { missing, .. } if missing == &["a"]));
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 2).unwrap();
    let v = t.build().unwrap();
    assert_eq!(built_bytes(&heap, &v), vec![1, 1, 1, 1, 2, 2, 2, 2]);
    drop(v);
    assert_empty(&heap);
}

// t[verify state.machine.strict-end]
#[test]
fn nested_strict_end_folds_a_complete_child() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
    t.apply_set(&f(0), RtSource::Stage(None)).unwrap();
    assert_eq!(t.depth(), 1);
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 2).unwrap();
    t.apply_end().unwrap();
    assert_eq!(t.depth(), 0);
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 9).unwrap();
    let v = t.build().unwrap();
    assert_eq!(
        built_bytes(&heap, &v),
        vec![1, 1, 1, 1, 2, 2, 2, 2, 9, 9, 9, 9]
    );
    drop(v);
    assert_empty(&heap);
}

// t[verify state.machine.strict-end]
// t[verify state.machine.poison-cleanup]
#[test]
fn nested_strict_end_on_incomplete_child_poisons_and_cleans_up() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 9).unwrap();
    t.apply_set(&f(0), RtSource::Stage(None)).unwrap();
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
    let err = t.apply_end().unwrap_err();
    assert_eq!(err.to_string(), "missing field b in Pair at $.inner");
    assert!(t.is_poisoned());
    // Cleanup already happened, before the Trame is dropped.
    assert_empty(&heap);
    let again = set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 3).unwrap_err();
    assert!(again.is_poisoned());
    assert!(t.apply_end().unwrap_err().is_poisoned());
    // The rejected value was dropped with the op.
    assert_empty(&heap);
    drop(t);
    assert_empty(&heap);
}

// t[verify state.machine.overwrite]
#[test]
fn overwrite_drops_the_old_value_first() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.pair));
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 7).unwrap();
    assert_eq!(heap.dropped_values(), 1);
    t.apply_set(&f(0), RtSource::Default).unwrap();
    assert_eq!(heap.dropped_values(), 2);
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 2).unwrap();
    assert_clean(&heap);
    let v = t.build().unwrap();
    assert_eq!(
        built_bytes(&heap, &v),
        vec![0xDF, 0xDF, 0xDF, 0xDF, 2, 2, 2, 2]
    );
    drop(v);
    assert_empty(&heap);
}

// t[verify state.machine.overwrite]
// t[verify api.path.empty]
#[test]
fn whole_imm_over_a_partial_node_drops_its_parts() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
    t.apply_set(&f(0), RtSource::Stage(None)).unwrap();
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
    set_imm(&mut t, &mut heap, &[], s.shape(s.pair), 5).unwrap();
    assert_eq!(heap.dropped_values(), 1);
    assert_eq!(t.depth(), 1, "empty path keeps the cursor");
    t.apply_end().unwrap();
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 9).unwrap();
    let v = t.build().unwrap();
    assert_eq!(
        built_bytes(&heap, &v),
        vec![5, 5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9]
    );
    drop(v);
    assert_empty(&heap);
}

#[test]
fn restaging_a_complete_field_hands_its_value_down() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.pair), 3).unwrap();
    t.apply_set(&f(0), RtSource::Stage(None)).unwrap();
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 4).unwrap();
    assert_eq!(
        heap.dropped_values(),
        1,
        "only the overwritten field is dropped"
    );
    t.apply_end().unwrap();
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 9).unwrap();
    let v = t.build().unwrap();
    assert_eq!(
        built_bytes(&heap, &v),
        vec![3, 3, 3, 3, 4, 4, 4, 4, 9, 9, 9, 9]
    );
    drop(v);
    assert_empty(&heap);
}

// t[verify api.path.root-first]
// t[verify api.build.climbs-from-cursor]
#[test]
fn root_climbs_and_build_climbs_from_the_cursor() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
    set_imm(
        &mut t,
        &mut heap,
        &[PathSegment::Field(0), PathSegment::Field(0)],
        s.shape(s.u32),
        1,
    )
    .unwrap();
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 2).unwrap();
    assert_eq!(
        t.depth(),
        1,
        "Imm leaves the cursor on the parent of the slot"
    );
    set_imm(
        &mut t,
        &mut heap,
        &[ROOT, PathSegment::Field(1)],
        s.shape(s.u32),
        9,
    )
    .unwrap();
    assert_eq!(t.depth(), 0);
    t.apply_set(
        &[PathSegment::Field(0), PathSegment::Field(1)],
        RtSource::Stage(None),
    )
    .unwrap();
    assert_eq!(t.depth(), 2);
    set_imm(&mut t, &mut heap, &[], s.shape(s.u32), 6).unwrap();
    let v = t.build().unwrap();
    assert_eq!(
        built_bytes(&heap, &v),
        vec![1, 1, 1, 1, 6, 6, 6, 6, 9, 9, 9, 9]
    );
    drop(v);
    assert_empty(&heap);
}

#[test]
fn arrays_and_tuples_by_index() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.array));
    for i in 0..3 {
        set_imm(&mut t, &mut heap, &f(i), s.shape(s.u32), i as u8 + 1).unwrap();
    }
    let v = t.build().unwrap();
    assert_eq!(
        built_bytes(&heap, &v),
        vec![1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
    );
    drop(v);

    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.tuple));
    set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 7).unwrap();
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u8), 8).unwrap();
    let v = t.build().unwrap();
    assert_eq!(heap.read(v.ptr(), 1), Some(vec![8]));
    drop(v);
    assert_empty(&heap);
}

/// Every error kind reachable on slotted shapes poisons the Trame and
/// leaves the heap empty, including the value the failing op carried.
#[test]
fn every_error_poisons_and_cleans_up() {
    let s = Shapes::new();
    type Case = for<'s> fn(&'s Shapes, &mut VTrame<'s>, &mut VHeap<'s>) -> TrameError;
    let cases: &[(&str, Case)] = &[
        ("end at root", |_, t, _| t.apply_end().unwrap_err()),
        ("field out of range", |s, t, h| {
            set_imm(t, h, &f(2), s.shape(s.u32), 1).unwrap_err()
        }),
        ("root not first", |s, t, h| {
            set_imm(t, h, &[PathSegment::Field(0), ROOT], s.shape(s.u32), 1).unwrap_err()
        }),
        ("shape mismatch", |s, t, h| {
            set_imm(t, h, &f(1), s.shape(s.u8), 1).unwrap_err()
        }),
        ("append on a struct", |_, t, _| {
            t.apply_set(&[PathSegment::Append], RtSource::Stage(None))
                .unwrap_err()
        }),
        ("navigate into a scalar", |_, t, _| {
            t.apply_set(
                &[PathSegment::Field(1), PathSegment::Field(0)],
                RtSource::Stage(None),
            )
            .unwrap_err()
        }),
    ];
    for (name, case) in cases {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
        set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 5).unwrap();
        let err = case(&s, &mut t, &mut heap);
        assert!(
            !err.is_poisoned(),
            "{name}: the first error names its cause: {err}"
        );
        assert!(t.is_poisoned(), "{name}");
        assert_empty(&heap);
        drop(t);
        assert_empty(&heap);
    }
}

#[test]
fn root_climb_through_an_incomplete_node_poisons() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
    set_imm(
        &mut t,
        &mut heap,
        &[PathSegment::Field(0), PathSegment::Field(0)],
        s.shape(s.u32),
        1,
    )
    .unwrap();
    let err = set_imm(
        &mut t,
        &mut heap,
        &[ROOT, PathSegment::Field(1)],
        s.shape(s.u32),
        2,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "missing field b in Pair at $.inner");
    assert!(t.is_poisoned());
    assert_empty(&heap);
}

#[test]
fn default_without_a_default_poisons() {
    let s = Shapes::new();
    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.nodefault));
    let err = t.apply_set(&[], RtSource::Default).unwrap_err();
    assert!(matches!(err, TrameError::NoDefault { .. }), "{err}");
    assert!(t.is_poisoned());
    assert_empty(&heap);
}

#[test]
fn live_imm_is_rejected_on_the_verified_runtime() {
    let s = Shapes::new();
    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.u32));
    let err = t.apply(Op::set().imm(1u32)).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err}");
    assert!(t.is_poisoned());
    assert_empty(&heap);
}

#[test]
fn dropping_an_unfinished_trame_cleans_up_at_any_depth() {
    let s = Shapes::new();
    for depth in 0..3 {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), s.shape(s.outer));
        set_imm(&mut t, &mut heap, &f(1), s.shape(s.u32), 9).unwrap();
        if depth >= 1 {
            t.apply_set(&f(0), RtSource::Stage(None)).unwrap();
            set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
        }
        if depth >= 2 {
            t.apply_set(&f(1), RtSource::Stage(None)).unwrap();
        }
        assert_eq!(t.depth(), depth);
        assert_clean(&heap);
        drop(t);
        assert_empty(&heap);
    }
}

#[test]
fn display_renders_the_tree() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t: VTrame<'_> = Trame::new_verified(heap.clone(), s.shape(s.outer));
    t.apply_set(&f(0), RtSource::Stage(None)).unwrap();
    set_imm(&mut t, &mut heap, &f(0), s.shape(s.u32), 1).unwrap();
    let expected =
        "  ⟨Root: Outer⟩\n▶ ├─ inner → ⟨Child: Pair⟩\n  │   ├─ a ●\n  │   └─ b ○\n  └─ c ○\n";
    assert_eq!(t.to_string(), expected);
}
