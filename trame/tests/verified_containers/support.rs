//! Shared helpers: the hand-built shapes, op helpers, heap checks.

#![allow(dead_code)]

pub use proptest::prelude::*;
pub use proptest::test_runner::TestCaseError;

pub use trame::verified::{GeneratedShape, ShapeId, ShapeStore, VHeap, VShape, VValue};
pub use trame::{IShape, PathSegment, RtSource, ShapeKind, TrameError};

/// The verified suite's helpers, shared rather than repeated here.
#[allow(dead_code)]
#[path = "../verified/support.rs"]
mod heap_checks;
pub use heap_checks::{VTrame, assert_clean as clean, assert_empty as empty, set_imm as imm};

pub use PathSegment::{Append, Field};

pub struct Shapes {
    pub store: ShapeStore,
    pub u32: ShapeId,
    pub pair: ShapeId,
    pub vec_pair: ShapeId,
    pub vec_vec: ShapeId,
    pub set_u32: ShapeId,
    pub map_u32_pair: ShapeId,
    pub box_pair: ShapeId,
    pub opt_pair: ShapeId,
    pub tree: ShapeId,
}

impl Shapes {
    pub fn new() -> Shapes {
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
    pub fn shape(&self, id: ShapeId) -> VShape<'_> {
        self.store.shape(id)
    }
}

pub fn stage(
    t: &mut VTrame<'_>,
    path: &[PathSegment],
    hint: Option<usize>,
) -> Result<(), TrameError> {
    t.apply_set(path, RtSource::Stage(hint))
}

pub fn u(tag: u8) -> VValue {
    VValue::Bytes(vec![tag; 4])
}

pub fn pair(a: u8, b: u8) -> VValue {
    VValue::Fields(vec![u(a), u(b)])
}

/// Builds `Vec<Pair>` of `n` elements `(i, i+1)` with `hint`; returns the
/// built value.
pub fn vec_of_pairs(s: &Shapes, n: u8, hint: Option<usize>) -> VValue {
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
