//! The verified runtime, [`VRuntime`]: the construction core run against a
//! model instead of real memory, so that its logic can be checked by
//! property tests and bounded exhaustive exploration.
//!
//! - Shapes are dynamic definitions held in an owned [`ShapeStore`] and seen
//!   through [`VShape`] handles, so tests can build (or generate) any shape
//!   instead of being limited to the types compiled into the program.
//! - The heap, [`VHeap`], keeps every allocation as a byte vector with a
//!   per-byte initialization map. Each operation checks the contract the
//!   [`IHeap`](crate::runtime::IHeap) trait states for it and records a
//!   [`Violation`] when it is broken, instead of misbehaving. After a run, a
//!   test inspects the heap: recorded violations, leaks
//!   ([`VHeap::teardown_report`]), and created versus dropped values.
//! - Node storage, [`VArena`], has a fixed capacity with explicit occupancy.
//!
//! Everything is bounded so that exploration stays tractable and byte maps
//! stay small: [`MAX_SHAPES`] shapes per store, [`MAX_FIELDS`] fields per
//! struct or tuple, [`MAX_ARRAY_LEN`] array elements, [`MAX_VALUE_SIZE`]
//! bytes per value, [`MAX_ALLOCATIONS`] heap allocations and
//! [`VARENA_CAPACITY`] arena nodes.
//!
//! Nothing here touches real memory: the module is safe Rust throughout.

mod arena;
mod def;
mod dynamic;
mod heap;
mod hooks;
mod layout;
mod proxy;
mod shape;
mod staging;
mod state;
mod store;
#[cfg(feature = "proptest")]
mod strategy;
mod values;
mod violation;

#[cfg(test)]
mod heap_tests;
#[cfg(test)]
mod store_tests;

use core::marker::PhantomData;

use crate::imm::RawImm;
use crate::runtime::IRuntime;

pub use arena::{VARENA_CAPACITY, VArena};
pub use def::{
    HANDLE_ALIGN, HANDLE_SIZE, MAX_ARRAY_LEN, MAX_FIELDS, MAX_SHAPES, MAX_VALUE_SIZE,
    NO_ALLOCATION, ShapeBody, ShapeDef, ShapeId, StoreError, VField, VVariant,
};
pub use dynamic::REFUSED_BYTE;
pub use heap::{
    MAX_ALLOCATIONS, MAX_CHUNK_BYTES, MAX_VALUE_DEPTH, VHeap, VImm, VPtr, VValue, Violation,
    ViolationKind,
};
pub use hooks::{BROKEN_BYTE, VHooks};
pub use layout::VariantSpec;
pub use proxy::{ProxyAt, VProxy};
pub use shape::VShape;
pub use store::ShapeStore;
#[cfg(feature = "proptest")]
pub use strategy::{GeneratedShape, arb_shape};

/// The verified runtime: [`VShape`] shapes borrowed from a [`ShapeStore`]
/// that lives for `'s`, the checked [`VHeap`] and the fixed-capacity
/// [`VArena`].
#[derive(Clone, Copy, Debug, Default)]
pub struct VRuntime<'s>(PhantomData<&'s ()>);

// SAFETY: no operation of this runtime touches real memory. Shapes are plain
// data whose layouts the store validates when they are defined (every slot in
// bounds, aligned, non-overlapping); heap "memory" is owned byte vectors
// indexed with bounds checks; and every heap contract is checked at run time,
// a violation being recorded rather than acted upon. There is no way for a
// broken contract to cause undefined behaviour.
unsafe impl<'s> IRuntime for VRuntime<'s> {
    type Shape = VShape<'s>;
    type Heap = VHeap<'s>;
    type Arena<T> = VArena<T>;

    fn imm_from_live(_heap: &mut VHeap<'s>, imm: RawImm) -> Result<VImm<'s>, RawImm> {
        Err(imm)
    }
}
