//! The live runtime: real shapes (`&'static facet::Shape`), real memory
//! ([`LHeap`]), a growable node arena ([`LArena`]).

mod arena;
mod drop;
mod dynamic;
mod heap;
mod hooks;
mod materialize;
mod shape;

pub use arena::LArena;
pub(crate) use drop::drop_value;
pub use heap::LHeap;
pub use shape::LProxy;

use crate::imm::RawImm;
use crate::runtime::IRuntime;

/// The production runtime.
#[derive(Clone, Copy, Debug, Default)]
pub struct LRuntime;

// SAFETY: `&'static Shape` values reach the core only through
// `Trame::new::<T: Facet>` (the shape of a real type) or the `unsafe`
// `Trame::from_shape`, whose caller vouches for the shape; facet's derive
// describes real layouts, so the shape facts are consistent. `LHeap`
// performs each operation soundly under the contract stated on `IHeap`
// (see the SAFETY comments in `heap.rs`).
unsafe impl IRuntime for LRuntime {
    type Shape = &'static facet::Shape;
    type Heap = LHeap;
    type Arena<T> = LArena<T>;

    #[inline]
    fn imm_from_live(_heap: &mut LHeap, imm: RawImm) -> Result<RawImm, RawImm> {
        Ok(imm)
    }
}
