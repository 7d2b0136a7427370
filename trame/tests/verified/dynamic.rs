//! Dynamic values on the verified runtime: the model's dynamic value
//! (`ShapeBody::Dynamic`: scalars copied by the model's setters, arrays and
//! objects materialized from staging chunks), driven through the same core
//! as the live runtime, with the checked heap inspected after each outcome
//! (every drop is checked there at byte level: a second drop or a missed
//! one is a violation or a leak at teardown).

use trame::verified::{REFUSED_BYTE, ShapeId, ShapeStore, VHeap, VPtr, VShape, VValue};
use trame::{IHeap, IShape, PathSegment, RtSource, StagedChunk, TrameError};

use super::support::{VTrame, assert_clean, assert_empty, set_imm};

const F0: PathSegment = PathSegment::Field(0);
const F1: PathSegment = PathSegment::Field(1);
const APPEND: PathSegment = PathSegment::Append;

/// `u8`, the model's `()` (a zero-size scalar), `Key` (the model's
/// `String`), `Value` (a dynamic value keyed by `Key`) and
/// `Doc { id: u8, data: Value }`.
struct Shapes {
    store: ShapeStore,
    u8: ShapeId,
    unit: ShapeId,
    key: ShapeId,
    value: ShapeId,
    doc: ShapeId,
}

fn shapes() -> Shapes {
    let mut store = ShapeStore::new();
    let u8 = store.scalar("u8", 1, 1, true).unwrap();
    let unit = store.scalar("()", 0, 1, true).unwrap();
    let key = store.scalar("Key", 8, 8, true).unwrap();
    let value = store.dynamic("Value", key).unwrap();
    let doc = store
        .structure("Doc", &[("id", u8), ("data", value)], false)
        .unwrap();
    Shapes {
        store,
        u8,
        unit,
        key,
        value,
        doc,
    }
}

impl Shapes {
    fn s(&self, id: ShapeId) -> VShape<'_> {
        self.store.shape(id)
    }
}

/// The value a built `Trame` holds, read back; the heap must be clean, and
/// empty once the value is dropped.
fn built<'s>(t: VTrame<'s>, heap: &VHeap<'s>) -> VValue {
    let v = t.build().unwrap();
    let read = heap.value(v.ptr(), v.runtime_shape()).unwrap();
    assert_clean(heap);
    drop(v);
    assert_empty(heap);
    read
}

fn stage(t: &mut VTrame<'_>, path: &[PathSegment]) {
    t.apply_set(path, RtSource::Stage(None)).unwrap();
}

fn end(t: &mut VTrame<'_>) {
    t.apply_end().unwrap();
}

/// Stages an entry of the object under the cursor with key `k` and a `u8`
/// value `v`.
fn entry<'s>(t: &mut VTrame<'s>, h: &mut VHeap<'s>, s: &'s Shapes, k: u8, v: u8) {
    stage(t, &[APPEND]);
    set_imm(t, h, &[F0], s.s(s.key), k).unwrap();
    set_imm(t, h, &[F1], s.s(s.u8), v).unwrap();
    end(t);
}

fn byte(b: u8) -> VValue {
    VValue::Bytes(vec![b])
}

fn key(b: u8) -> VValue {
    VValue::Bytes(vec![b; 8])
}

#[test]
fn the_model_reports_a_dynamic_value_as_dynamic() {
    let s = shapes();
    let v = s.s(s.value);
    assert_eq!(v.kind(), trame::ShapeKind::Dynamic);
    assert_eq!((v.inner(), v.map_value()), (Some(v), Some(v)));
    assert_eq!(v.map_key(), Some(s.s(s.key)));
    assert!(v.has_default());
    // A dynamic value's keys must be scalars.
    let mut store = ShapeStore::new();
    let u8 = store.scalar("u8", 1, 1, true).unwrap();
    let pair = store.tuple(&[u8, u8]).unwrap();
    assert!(store.dynamic("Value", pair).is_err());
}

// t[verify dynamic.scalar]
// t[verify dynamic.default]
#[test]
fn scalars_and_null_are_set_whole() {
    let s = shapes();
    for (shape, tag, expected) in [(s.u8, 7, byte(7)), (s.unit, 0, VValue::Null)] {
        let heap = VHeap::new();
        let mut h = heap.clone();
        let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
        set_imm(&mut t, &mut h, &[], s.s(shape), tag).unwrap();
        // The scalar was read, then dropped once.
        assert_eq!(heap.dropped_values(), 1);
        assert_eq!(built(t, &heap), expected);
    }
    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    t.apply_set(&[], RtSource::Default).unwrap();
    assert_eq!(built(t, &heap), VValue::Null);
    // A whole dynamic value moves in.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    set_imm(&mut t, &mut h, &[], s.s(s.value), 3).unwrap();
    assert_eq!(built(t, &heap), byte(3));
}

// t[verify dynamic.scalar]
#[test]
fn a_refused_scalar_is_an_error_and_is_dropped_once() {
    let s = shapes();
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.doc));
    set_imm(&mut t, &mut h, &[F0], s.s(s.u8), 1).unwrap();
    let err = set_imm(&mut t, &mut h, &[F1], s.s(s.u8), REFUSED_BYTE).unwrap_err();
    assert_eq!(
        err,
        TrameError::ConversionFailed {
            path: "$.data".into(),
            shape: "Value".into(),
            from: "u8".into(),
            message: "u8 refused".into(),
        }
    );
    assert!(t.is_poisoned());
    drop(t);
    assert_empty(&heap);
    // A shape that is no scalar is a mismatch.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    let err = set_imm(&mut t, &mut h, &[], s.s(s.doc), 1).unwrap_err();
    assert!(matches!(err, TrameError::ShapeMismatch { .. }), "{err:?}");
    drop(t);
    assert_empty(&heap);
}

// t[verify dynamic.array]
#[test]
fn arrays_over_several_chunks_keep_their_order() {
    let s = shapes();
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    stage(&mut t, &[]);
    for i in 0..40u8 {
        stage(&mut t, &[APPEND]);
        set_imm(&mut t, &mut h, &[], s.s(s.u8), i).unwrap();
        end(&mut t);
    }
    assert!(heap.live_chunks() > 1);
    let expected = VValue::List((0..40).map(byte).collect());
    assert_eq!(built(t, &heap), expected);
}

// t[verify dynamic.object]
// t[verify dynamic.form]
#[test]
fn objects_keep_the_last_value_of_a_key() {
    let s = shapes();
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    t.apply_set(&[], RtSource::StageObject(None)).unwrap();
    entry(&mut t, &mut h, &s, 1, 10);
    entry(&mut t, &mut h, &s, 2, 20);
    entry(&mut t, &mut h, &s, 1, 11);
    let expected = VValue::Map(vec![(key(1), byte(11)), (key(2), byte(20))]);
    assert_eq!(built(t, &heap), expected);
    // An array with an element does not become an object.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[], s.s(s.u8), 1).unwrap();
    end(&mut t);
    let err = t.apply_set(&[], RtSource::StageObject(None)).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err:?}");
    drop(t);
    assert_empty(&heap);
}

#[test]
fn nested_values_are_reentered_in_deferred_mode() {
    let s = shapes();
    let heap = VHeap::new();
    let mut h = heap.clone();
    // Doc { id, data: {k1: [x, {k2: y}]} }, left incomplete and re-entered.
    let mut t = VTrame::new_verified_deferred(heap.clone(), s.s(s.doc));
    t.apply_set(&[F1], RtSource::StageObjectDeferred(None))
        .unwrap();
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[F0], s.s(s.key), 1).unwrap();
    stage(&mut t, &[F1, APPEND]);
    end(&mut t); // element 0 of the array: an empty array for now
    t.apply_set(&[APPEND], RtSource::StageObject(None)).unwrap();
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[F0], s.s(s.key), 2).unwrap();
    t.apply_set(&[PathSegment::Root], RtSource::Stage(None))
        .unwrap();
    set_imm(&mut t, &mut h, &[F0], s.s(s.u8), 9).unwrap();
    // Entry 0 / value / element 1 / entry 0 / value.
    let deep = [F1, F0, F1, PathSegment::Field(1), F0, F1];
    set_imm(&mut t, &mut h, &deep, s.s(s.u8), 5).unwrap();
    // Entry 0 / value / element 0: replace the empty array by a scalar.
    t.apply_set(&[PathSegment::Root], RtSource::Stage(None))
        .unwrap();
    set_imm(&mut t, &mut h, &[F1, F0, F1, F0], s.s(s.u8), 4).unwrap();
    let inner = VValue::Map(vec![(key(2), byte(5))]);
    let expected = VValue::Fields(vec![
        byte(9),
        VValue::Map(vec![(key(1), VValue::List(vec![byte(4), inner]))]),
    ]);
    assert_eq!(built(t, &heap), expected);
}

// t[verify dynamic.dropped-once]
#[test]
fn poisoned_and_abandoned_trees_drop_everything_once() {
    let s = shapes();
    // Poisoned while an object holding an array is staged.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.doc));
    set_imm(&mut t, &mut h, &[F0], s.s(s.u8), 1).unwrap();
    t.apply_set(&[F1], RtSource::StageObject(None)).unwrap();
    entry(&mut t, &mut h, &s, 1, 10);
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[F0], s.s(s.key), 2).unwrap();
    stage(&mut t, &[F1, APPEND]);
    set_imm(&mut t, &mut h, &[], s.s(s.u8), 3).unwrap();
    end(&mut t);
    // An array with an element made an object: an error, which poisons.
    let err = t.apply_set(&[], RtSource::StageObject(None)).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err:?}");
    assert!(t.is_poisoned());
    drop(t);
    assert_empty(&heap);

    // Abandoned with incomplete entries in deferred mode.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified_deferred(heap.clone(), s.s(s.value));
    t.apply_set(&[], RtSource::StageObject(Some(3))).unwrap();
    entry(&mut t, &mut h, &s, 1, 10);
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[F0], s.s(s.key), 2).unwrap();
    end(&mut t);
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[F1], s.s(s.value), 7).unwrap();
    drop(t);
    assert_empty(&heap);

    // Overwritten whole while staged.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.s(s.value));
    stage(&mut t, &[APPEND]);
    set_imm(&mut t, &mut h, &[], s.s(s.u8), 1).unwrap();
    end(&mut t);
    set_imm(&mut t, &mut h, &[], s.s(s.u8), 2).unwrap();
    assert_eq!(built(t, &heap), byte(2));
}

/// A staging chunk of `shape` holding `n` fresh one-byte scalars made
/// dynamic values, at each position's offset 0.
fn chunk_of<'s>(heap: &mut VHeap<'s>, s: &'s Shapes, n: usize) -> StagedChunk<VPtr> {
    let value = s.s(s.value);
    let ptr = heap.alloc_chunk(value, n).unwrap();
    let stride = value.staging_layout().unwrap().stride;
    for k in 0..n {
        let imm = heap.new_imm(s.s(s.u8), k as u8).unwrap();
        let at = heap.offset(ptr, k * stride);
        // SAFETY: the checked heap touches no real memory.
        unsafe { heap.dynamic_from_imm(at, value, imm) }.unwrap();
    }
    StagedChunk {
        ptr,
        cap: n,
        len: n,
    }
}

// t[verify dynamic.model]
#[test]
fn the_checked_heap_reports_misuse_of_dynamic_values() {
    use trame::verified::ViolationKind as K;
    let s = shapes();
    let value = s.s(s.value);
    let kinds = |heap: &VHeap<'_>| -> Vec<K> { heap.violations().iter().map(|v| v.kind).collect() };

    // An element materialized twice: the second time it is uninitialized,
    // and the chunk was freed already.
    let mut heap = VHeap::new();
    let ch = chunk_of(&mut heap, &s, 1);
    let a = heap.alloc(value).unwrap();
    let b = heap.alloc(value).unwrap();
    // SAFETY: the checked heap touches no real memory.
    unsafe { heap.dynamic_from_chunks(a, value, false, &[ch]) }.unwrap();
    assert_clean(&heap);
    // SAFETY: as above.
    unsafe { heap.dynamic_from_chunks(b, value, false, &[ch]) }.unwrap();
    assert_eq!(kinds(&heap), vec![K::DoubleFree]);

    // An element made from uninitialized bytes: a position claimed but
    // never written.
    let mut heap = VHeap::new();
    let mut ch = chunk_of(&mut heap, &s, 1);
    let fresh = heap.alloc_chunk(value, 2).unwrap();
    ch.ptr = fresh;
    ch.cap = 2;
    let a = heap.alloc(value).unwrap();
    // SAFETY: as above.
    unsafe { heap.dynamic_from_chunks(a, value, true, &[ch]) }.unwrap();
    assert!(kinds(&heap).contains(&K::ReadUninit), "{:?}", kinds(&heap));

    // A value made over a value, and a value never dropped: a leak.
    let mut heap = VHeap::new();
    let a = heap.alloc(value).unwrap();
    for tag in [1, 2] {
        let imm = heap.new_imm(s.s(s.u8), tag).unwrap();
        // SAFETY: as above.
        unsafe { heap.dynamic_from_imm(a, value, imm) }.unwrap();
    }
    assert_eq!(kinds(&heap), vec![K::InitOverInit]);
    let report = heap.teardown_report();
    assert!(
        report.iter().filter(|v| v.kind == K::Leak).count() >= 2,
        "{report:#?}"
    );
}
