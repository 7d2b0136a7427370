//! `Result` on the verified runtime: the payload staged in an allocation of
//! its own and moved into a result handle by `result_init`, checked byte by
//! byte, with every level abandoned or poisoned; and the checked heap's own
//! result model.

use trame::verified::{ShapeId, ShapeStore, VHeap, VValue, ViolationKind};
use trame::{IHeap, IShape, PathSegment, RtSource, ShapeKind};

use super::support::{VTrame, assert_clean, assert_empty, set_imm};

const F0: PathSegment = PathSegment::Field(0);
const F1: PathSegment = PathSegment::Field(1);
const ROOT: PathSegment = PathSegment::Root;
const APPEND: PathSegment = PathSegment::Append;

/// The shapes of these tests.
struct S {
    st: ShapeStore,
    u32: ShapeId,
    u8: ShapeId,
    /// `Result<u32, u8>`.
    r: ShapeId,
    /// `Result<Pair, Vec<u32>>`.
    rp: ShapeId,
    /// `Holder { r: Result<Pair, Vec<u32>>, n: u32 }`.
    holder: ShapeId,
    /// `Vec<Result<u32, u8>>`.
    vec_r: ShapeId,
    /// `Option<Result<u32, u8>>`.
    opt_r: ShapeId,
    /// `Result<Result<u32, u8>, u8>`.
    rr: ShapeId,
}

fn shapes() -> S {
    let mut st = ShapeStore::new();
    let u32 = st.scalar("u32", 4, 4, true).unwrap();
    let u8 = st.scalar("u8", 1, 1, true).unwrap();
    let pair = st
        .structure("Pair", &[("a", u32), ("b", u32)], false)
        .unwrap();
    let list = st.list(u32).unwrap();
    let r = st.result(u32, u8).unwrap();
    let rp = st.result(pair, list).unwrap();
    let holder = st
        .structure("Holder", &[("r", rp), ("n", u32)], false)
        .unwrap();
    let vec_r = st.list(r).unwrap();
    let opt_r = st.option(r).unwrap();
    let rr = st.result(r, u8).unwrap();
    S {
        st,
        u32,
        u8,
        r,
        rp,
        holder,
        vec_r,
        opt_r,
        rr,
    }
}

fn u32v(t: u8) -> VValue {
    VValue::Bytes(vec![t; 4])
}

fn ok(v: VValue) -> VValue {
    VValue::Variant(0, vec![v])
}

fn err(v: VValue) -> VValue {
    VValue::Variant(1, vec![v])
}

fn pair(a: u8, b: u8) -> VValue {
    VValue::Fields(vec![u32v(a), u32v(b)])
}

/// Builds `t`, checks the built value, drops it and checks the heap is
/// empty.
fn built_is<'s>(t: VTrame<'s>, heap: &VHeap<'s>, expected: VValue) {
    let v = t.build().unwrap();
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    assert_clean(heap);
    drop(v);
    assert_empty(heap);
}

#[test]
fn a_result_shape_is_an_enum_whose_payloads_are_not_in_place() {
    let s = shapes();
    let r = s.st.shape(s.r);
    assert_eq!(r.kind(), ShapeKind::Enum);
    assert_eq!(r.name(), "Result<u32, u8>");
    assert_eq!((r.size(), r.align()), (8, 4));
    assert!(!r.variant_payload_in_place());
    assert_eq!(r.variant_count(), 2);
    assert_eq!(r.variant_field_count(1), 1);
    assert_eq!(r.variant_field(1, 0).unwrap().shape, s.st.shape(s.u8));
    assert!(r.variant_field(0, 1).is_none() && r.variant_field(2, 0).is_none());
    assert!(!r.has_default());
    // A result may not contain itself, even behind its other variant.
    let mut st = ShapeStore::new();
    let me = st.reserve("Me").unwrap();
    let u8 = st.scalar("u8", 1, 1, true).unwrap();
    let res = st.result(me, u8).unwrap();
    let def = st.struct_def("", &[("r", res)], &[0], false).unwrap();
    assert!(st.define(me, def).is_err());
}

#[test]
fn ok_and_err_by_staging_and_by_imm() {
    let s = shapes();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.r));
    set_imm(&mut t, &mut heap, &[F0, F0], s.st.shape(s.u32), 3).unwrap();
    assert_eq!(t.depth(), 1);
    built_is(t, &heap, ok(u32v(3)));

    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.r));
    t.apply_set(&[F1], RtSource::Stage(None)).unwrap();
    t.apply_set(&[F0], RtSource::Stage(None)).unwrap();
    set_imm(&mut t, &mut heap, &[], s.st.shape(s.u8), 5).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    built_is(t, &heap, err(VValue::Bytes(vec![5])));

    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.r));
    t.apply_set(&[F1, F0], RtSource::Default).unwrap();
    built_is(t, &heap, err(VValue::Bytes(vec![0xDF])));

    // Whole values: an even tag makes `Ok`, an odd one `Err`.
    for (tag, expected) in [(4, ok(u32v(4))), (5, err(VValue::Bytes(vec![5])))] {
        let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.r));
        set_imm(&mut t, &mut heap, &[], s.st.shape(s.r), tag).unwrap();
        built_is(t, &heap, expected);
    }
    // A result has no default.
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.r));
    assert!(t.apply_set(&[], RtSource::Default).is_err());
    assert_empty(&heap);
}

#[test]
fn struct_and_list_payloads_are_built_piece_by_piece() {
    let s = shapes();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rp));
    set_imm(&mut t, &mut heap, &[F0, F0, F1], s.st.shape(s.u32), 2).unwrap();
    set_imm(&mut t, &mut heap, &[F0], s.st.shape(s.u32), 1).unwrap();
    built_is(t, &heap, ok(pair(1, 2)));

    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rp));
    t.apply_set(&[F1, F0], RtSource::Stage(None)).unwrap();
    for tag in [7, 8] {
        t.apply_set(&[APPEND], RtSource::Stage(None)).unwrap();
        set_imm(&mut t, &mut heap, &[], s.st.shape(s.u32), tag).unwrap();
        t.apply_end().unwrap();
    }
    built_is(t, &heap, err(VValue::List(vec![u32v(7), u32v(8)])));
}

// t[verify state.machine.enum-switch-drops-previous]
// t[verify state.machine.enum-direct-then-switch]
#[test]
fn switching_drops_the_old_payload_or_value_first() {
    let s = shapes();
    let mut heap = VHeap::new();
    // A partial `Ok` payload kept by deferred `End`s, then `Err`.
    let mut t = VTrame::new_verified_deferred(heap.clone(), s.st.shape(s.rp));
    set_imm(&mut t, &mut heap, &[F0, F0, F0], s.st.shape(s.u32), 1).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    t.apply_set(&[F1, F0], RtSource::Default).unwrap();
    assert_eq!(heap.dropped_values(), 1);
    built_is(t, &heap, err(VValue::List(Vec::new())));

    // A closed `Ok`, then `Err`.
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.r));
    set_imm(&mut t, &mut heap, &[F0, F0], s.st.shape(s.u32), 1).unwrap();
    t.apply_end().unwrap();
    set_imm(&mut t, &mut heap, &[F1, F0], s.st.shape(s.u8), 2).unwrap();
    assert_eq!(heap.dropped_values(), 1, "the whole Ok(1)");
    built_is(t, &heap, err(VValue::Bytes(vec![2])));

    // A whole value set by `Imm`, then the other variant.
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rp));
    set_imm(&mut t, &mut heap, &[], s.st.shape(s.rp), 2).unwrap(); // Ok
    set_imm(&mut t, &mut heap, &[F1, F0], s.st.shape(s.vec_r), 1).unwrap_err();
    assert_empty(&heap);
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rp));
    set_imm(&mut t, &mut heap, &[], s.st.shape(s.rp), 2).unwrap(); // Ok
    t.apply_set(&[F1, F0], RtSource::Default).unwrap();
    assert_eq!(heap.dropped_values(), 1);
    built_is(t, &heap, err(VValue::List(Vec::new())));
}

#[test]
fn re_selecting_the_variant_of_a_whole_result_restarts_its_payload() {
    let s = shapes();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rp));
    set_imm(&mut t, &mut heap, &[], s.st.shape(s.rp), 6).unwrap(); // Ok
    t.apply_set(&[F0], RtSource::Stage(None)).unwrap();
    t.apply_end().unwrap();
    assert_eq!(heap.dropped_values(), 0, "selecting keeps the value");
    set_imm(&mut t, &mut heap, &[F0, F0, F1], s.st.shape(s.u32), 9).unwrap();
    assert_eq!(heap.dropped_values(), 1, "staging drops it");
    set_imm(&mut t, &mut heap, &[F0], s.st.shape(s.u32), 8).unwrap();
    built_is(t, &heap, ok(pair(8, 9)));
}

#[test]
fn abandoned_and_poisoned_results_leave_nothing() {
    let s = shapes();
    type Script = for<'s> fn(&mut VTrame<'s>, &mut VHeap<'s>, &'s S);
    let scripts: &[Script] = &[
        |t, _, _| t.apply_set(&[F0], RtSource::Stage(None)).unwrap(),
        |t, _, _| t.apply_set(&[F0, F0], RtSource::Stage(None)).unwrap(),
        |t, h, s| set_imm(t, h, &[F0, F0, F0], s.st.shape(s.u32), 1).unwrap(),
        |t, h, s| {
            set_imm(t, h, &[F0, F0, F0], s.st.shape(s.u32), 1).unwrap();
            set_imm(t, h, &[F1], s.st.shape(s.u32), 2).unwrap();
            t.apply_end().unwrap();
        },
        |t, h, s| {
            set_imm(t, h, &[F0, F0, F0], s.st.shape(s.u32), 1).unwrap();
            set_imm(t, h, &[F1], s.st.shape(s.u32), 2).unwrap();
            t.apply_end().unwrap();
            t.apply_end().unwrap();
        },
        |t, _, _| {
            t.apply_set(&[F1, F0], RtSource::Stage(None)).unwrap();
            t.apply_set(&[APPEND], RtSource::Stage(None)).unwrap();
        },
        |t, h, s| set_imm(t, h, &[F1, F0], s.st.shape(s.list()), 3).unwrap(),
        |t, h, s| set_imm(t, h, &[], s.st.shape(s.rp), 3).unwrap(),
        |t, h, s| {
            set_imm(t, h, &[], s.st.shape(s.rp), 3).unwrap();
            t.apply_set(&[F1], RtSource::Stage(None)).unwrap();
        },
        |t, h, s| {
            set_imm(t, h, &[], s.st.shape(s.rp), 4).unwrap();
            set_imm(t, h, &[F0, F0, F0], s.st.shape(s.u32), 1).unwrap();
        },
    ];
    for (i, script) in scripts.iter().enumerate() {
        for poison in [false, true] {
            let mut heap = VHeap::new();
            let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rp));
            script(&mut t, &mut heap, &s);
            assert_clean(&heap);
            if poison {
                let bad = [PathSegment::Field(7)];
                assert!(t.apply_set(&bad, RtSource::Stage(None)).is_err(), "{i}");
                assert!(t.is_poisoned());
                assert_empty(&heap);
            }
            drop(t);
            assert_empty(&heap);
        }
    }
}

impl S {
    /// `Vec<u32>`, the `Err` payload of `rp`.
    fn list(&self) -> ShapeId {
        self.st
            .shape(self.rp)
            .variant_field(1, 0)
            .unwrap()
            .shape
            .id()
    }
}

#[test]
fn results_nested_in_structs_lists_options_and_results() {
    let s = shapes();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.holder));
    set_imm(&mut t, &mut heap, &[F0, F0, F0, F1], s.st.shape(s.u32), 2).unwrap();
    set_imm(&mut t, &mut heap, &[F0], s.st.shape(s.u32), 1).unwrap();
    set_imm(&mut t, &mut heap, &[ROOT, F1], s.st.shape(s.u32), 5).unwrap();
    built_is(t, &heap, VValue::Fields(vec![ok(pair(1, 2)), u32v(5)]));

    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.vec_r));
    set_imm(&mut t, &mut heap, &[APPEND, F1, F0], s.st.shape(s.u8), 4).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    set_imm(&mut t, &mut heap, &[APPEND, F0, F0], s.st.shape(s.u32), 3).unwrap();
    let expected = VValue::List(vec![err(VValue::Bytes(vec![4])), ok(u32v(3))]);
    built_is(t, &heap, expected);

    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.opt_r));
    set_imm(&mut t, &mut heap, &[F0, F1, F0], s.st.shape(s.u8), 6).unwrap();
    let expected = VValue::Option(Some(Box::new(err(VValue::Bytes(vec![6])))));
    built_is(t, &heap, expected);

    let mut t = VTrame::new_verified(heap.clone(), s.st.shape(s.rr));
    set_imm(&mut t, &mut heap, &[F0, F0, F0, F0], s.st.shape(s.u32), 7).unwrap();
    built_is(t, &heap, ok(ok(u32v(7))));
}

/// The heap model itself: `result_init` checks its destination and
/// variant, and `active_variant` reads the handle's flag.
#[test]
fn the_heap_checks_result_init() {
    let s = shapes();
    let (r, u32) = (s.st.shape(s.r), s.st.shape(s.u32));
    let mut heap = VHeap::new();
    let dst = heap.alloc(r).unwrap();
    let src = heap.alloc(u32).unwrap();
    let imm = heap.new_imm(u32, 1).unwrap();
    heap.imm_move_into(imm, src);
    // SAFETY: the verified heap checks every contract and touches no real
    // memory.
    unsafe { heap.result_init(dst, r, 0, src).unwrap() };
    assert_clean(&heap);
    // SAFETY: as above.
    assert_eq!(unsafe { heap.active_variant(dst, r) }, Some(0));
    heap.dealloc(src, u32);
    assert_eq!(heap.value(dst, r), Some(ok(u32v(1))));
    // Over an initialized result: init over init.
    let src = heap.alloc(u32).unwrap();
    let imm = heap.new_imm(u32, 2).unwrap();
    heap.imm_move_into(imm, src);
    // SAFETY: as above; this breaks the contract on purpose.
    unsafe { heap.result_init(dst, r, 0, src).unwrap() };
    let kinds: Vec<_> = heap.violations().iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::InitOverInit]);
    // A variant a result does not have.
    let mut heap = VHeap::new();
    let dst = heap.alloc(r).unwrap();
    // SAFETY: as above.
    unsafe { heap.result_init(dst, r, 2, dst).unwrap() };
    let kinds: Vec<_> = heap.violations().iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::WrongAllocationKind]);
}
