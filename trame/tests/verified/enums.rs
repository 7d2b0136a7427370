//! Enums on the verified runtime: the core's transitions checked byte by
//! byte, and the checked heap's own enum model (it catches a payload
//! written before its discriminant and a stale payload across a switch).

use trame::verified::{ShapeStore, VHeap, ViolationKind};
use trame::{IHeap, PathSegment, RtSource, VariantStyle};

use super::support::{VTrame, assert_clean, assert_empty, set_imm};

const F0: PathSegment = PathSegment::Field(0);
const F1: PathSegment = PathSegment::Field(1);
const F2: PathSegment = PathSegment::Field(2);

/// `E { Unit, Pair(u32, u32), Named { x: u16, y: u32 } }` with a one-byte
/// discriminant.
fn store() -> (ShapeStore, [trame::verified::ShapeId; 3]) {
    let mut st = ShapeStore::new();
    let u32 = st.scalar("u32", 4, 4, true).unwrap();
    let u16 = st.scalar("u16", 2, 2, true).unwrap();
    let e = st
        .enumeration(
            "E",
            1,
            &[
                ("Unit", VariantStyle::Unit, &[]),
                ("Pair", VariantStyle::Tuple, &[("0", u32), ("1", u32)]),
                ("Named", VariantStyle::Struct, &[("x", u16), ("y", u32)]),
            ],
        )
        .unwrap();
    (st, [e, u32, u16])
}

// t[verify state.machine.enum-select-writes-discriminant]
#[test]
fn building_each_variant_is_clean() {
    let (st, [e, u32, u16]) = store();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), st.shape(e));
    t.apply_set(&[F0], RtSource::Stage(None)).unwrap();
    let v = t.build().unwrap();
    assert_eq!(heap.read(v.ptr(), 1), Some(vec![0]), "Unit's discriminant");
    drop(v);

    let mut t = VTrame::new_verified(heap.clone(), st.shape(e));
    set_imm(&mut t, &mut heap, &[F1, F0, F1], st.shape(u32), 2).unwrap();
    set_imm(&mut t, &mut heap, &[F0], st.shape(u32), 1).unwrap();
    let v = t.build().unwrap();
    assert_eq!(heap.read(v.ptr(), 1), Some(vec![1]));
    drop(v);

    let mut t = VTrame::new_verified(heap.clone(), st.shape(e));
    set_imm(&mut t, &mut heap, &[F2, F0, F0], st.shape(u16), 3).unwrap();
    set_imm(&mut t, &mut heap, &[F1], st.shape(u32), 4).unwrap();
    let v = t.build().unwrap();
    assert_eq!(heap.read(v.ptr(), 1), Some(vec![2]));
    drop(v);
    assert_empty(&heap);
}

// t[verify state.machine.enum-switch-drops-previous]
#[test]
fn switching_variants_leaves_no_stale_payload() {
    let (st, [e, u32, u16]) = store();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified_deferred(heap.clone(), st.shape(e));
    set_imm(&mut t, &mut heap, &[F1, F0, F0], st.shape(u32), 1).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    set_imm(&mut t, &mut heap, &[F2, F0, F1], st.shape(u32), 2).unwrap();
    assert_clean(&heap);
    set_imm(&mut t, &mut heap, &[F0], st.shape(u16), 3).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    t.apply_set(&[F0], RtSource::Stage(None)).unwrap(); // back to Unit
    let v = t.build().unwrap();
    assert_eq!(heap.read(v.ptr(), 1), Some(vec![0]));
    assert_clean(&heap);
    drop(v);
    assert_empty(&heap);
}

// t[verify state.machine.enum-direct-then-switch]
#[test]
fn a_whole_value_is_dropped_before_a_switch_and_resumed_otherwise() {
    let (st, [e, u32, _]) = store();
    let mut heap = VHeap::new();
    // Tag 5 → variant 5 % 3 = 2 (Named).
    let mut t = VTrame::new_verified(heap.clone(), st.shape(e));
    set_imm(&mut t, &mut heap, &[], st.shape(e), 5).unwrap();
    set_imm(&mut t, &mut heap, &[F2, F0, F1], st.shape(u32), 9).unwrap(); // resume
    assert_eq!(heap.dropped_values(), 1, "only the overwritten field");
    // Climbing folds the resumed payload; switching to Pair then drops the
    // whole Named value before writing Pair's discriminant.
    t.apply_set(&[PathSegment::Root, F1, F0, F0], RtSource::Stage(None))
        .unwrap();
    assert_clean(&heap);
    drop(t);
    assert_empty(&heap);

    let mut t = VTrame::new_verified(heap.clone(), st.shape(e));
    set_imm(&mut t, &mut heap, &[], st.shape(e), 5).unwrap();
    set_imm(&mut t, &mut heap, &[F1, F0, F0], st.shape(u32), 7).unwrap(); // switch
    set_imm(&mut t, &mut heap, &[F1], st.shape(u32), 8).unwrap();
    assert_clean(&heap);
    let v = t.build().unwrap();
    assert_eq!(heap.read(v.ptr(), 1), Some(vec![1]));
    drop(v);
    assert_empty(&heap);
}

#[test]
fn abandoning_a_partial_variant_clears_everything() {
    let (st, [e, u32, _]) = store();
    for depth in 1..=3 {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), st.shape(e));
        t.apply_set(&[F1], RtSource::Stage(None)).unwrap();
        if depth >= 2 {
            t.apply_set(&[F0], RtSource::Stage(None)).unwrap();
        }
        if depth >= 3 {
            set_imm(&mut t, &mut heap, &[F0], st.shape(u32), 1).unwrap();
        }
        assert_clean(&heap);
        drop(t);
        assert_empty(&heap);
    }
}

/// The heap model itself: a payload byte written before the discriminant
/// makes `select_variant` report a stale payload, and so does selecting
/// another variant while the old payload is still initialized.
#[test]
fn the_heap_catches_payload_before_discriminant_and_stale_payloads() {
    let (st, [e, u32, _]) = store();
    let mut heap = VHeap::new();
    let p = heap.alloc(st.shape(e)).unwrap();
    let imm = heap.new_imm(st.shape(u32), 1).unwrap();
    heap.imm_move_into(imm, heap.offset(p, 4)); // payload first …
    // SAFETY: the verified heap checks every contract (this breaks one on
    // purpose); it touches no real memory.
    unsafe { heap.select_variant(p, st.shape(e), 1) }; // … discriminant second
    let kinds: Vec<_> = heap.violations().iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::StalePayload]);

    let mut heap = VHeap::new();
    let p = heap.alloc(st.shape(e)).unwrap();
    // SAFETY: as above.
    unsafe { heap.select_variant(p, st.shape(e), 1) };
    let imm = heap.new_imm(st.shape(u32), 1).unwrap();
    heap.imm_move_into(imm, heap.offset(p, 4));
    // SAFETY: as above; switching without dropping the old payload.
    unsafe { heap.select_variant(p, st.shape(e), 2) };
    let kinds: Vec<_> = heap.violations().iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::StalePayload]);
}
