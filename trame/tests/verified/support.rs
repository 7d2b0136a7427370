//! Helpers for driving a Trame on the verified runtime.

use trame::verified::{ShapeId, ShapeStore, VHeap, VShape};
use trame::{IShape, PathSegment, RtSource, Trame, TrameError, VRuntime};

/// A `Trame` on the verified runtime.
pub type VTrame<'s> = Trame<'static, VRuntime<'s>>;

/// The shapes of the spec's examples: `u32`, `Pair { a, b }`,
/// `Outer { inner: Pair, c }`, `(u8, u32)`, `[u32; 3]`.
pub struct Shapes {
    pub store: ShapeStore,
    pub u32: ShapeId,
    pub u8: ShapeId,
    pub pair: ShapeId,
    pub outer: ShapeId,
    pub tuple: ShapeId,
    pub array: ShapeId,
    pub nodefault: ShapeId,
}

impl Shapes {
    pub fn new() -> Shapes {
        let mut store = ShapeStore::new();
        let u32 = store.scalar("u32", 4, 4, true).unwrap();
        let u8 = store.scalar("u8", 1, 1, true).unwrap();
        let pair = store
            .structure("Pair", &[("a", u32), ("b", u32)], false)
            .unwrap();
        let outer = store
            .structure("Outer", &[("inner", pair), ("c", u32)], false)
            .unwrap();
        let tuple = store.tuple(&[u8, u32]).unwrap();
        let array = store.array(u32, 3).unwrap();
        let nodefault = store.scalar("NoDefault", 8, 8, false).unwrap();
        Shapes {
            store,
            u32,
            u8,
            pair,
            outer,
            tuple,
            array,
            nodefault,
        }
    }

    pub fn shape(&self, id: ShapeId) -> VShape<'_> {
        self.store.shape(id)
    }
}

/// Applies `Set { dst: path, src: Imm }` with a fresh value of `shape`
/// tagged `tag`.
pub fn set_imm<'s>(
    t: &mut VTrame<'s>,
    heap: &mut VHeap<'s>,
    path: &[PathSegment],
    shape: VShape<'s>,
    tag: u8,
) -> Result<(), TrameError> {
    let imm = heap.new_imm(shape, tag).expect("heap capacity");
    t.apply_set(path, RtSource::Imm(imm))
}

/// Asserts the heap recorded no violation.
pub fn assert_clean(heap: &VHeap<'_>) {
    let v = heap.violations();
    assert!(v.is_empty(), "heap violations: {v:#?}");
}

/// Asserts the heap holds nothing: no violation and no live allocation.
/// Exactly-once drops are checked at byte level by the heap itself: a
/// second drop is a `DropUninit` violation and a missed one leaves
/// initialized bytes at dealloc (`DeallocInitialized`) or a leak.
pub fn assert_empty(heap: &VHeap<'_>) {
    let report = heap.teardown_report();
    assert!(report.is_empty(), "heap not empty at teardown: {report:#?}");
    assert_eq!(heap.live_allocations(), 0);
}

/// `Field(n)` as a one-segment path.
pub fn f(n: u32) -> [PathSegment; 1] {
    [PathSegment::Field(n)]
}

/// The value bytes of a built value, read from the heap.
pub fn built_bytes(heap: &VHeap<'_>, v: &trame::HeapValue<'static, VRuntime<'_>>) -> Vec<u8> {
    heap.read(v.ptr(), v.runtime_shape().size())
        .expect("built value fully initialized")
}
