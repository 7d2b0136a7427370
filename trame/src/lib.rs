#![doc = include_str!("../../README.md")]
#![deny(missing_docs)]
// No index or count may narrow silently: every narrowing conversion goes
// through `try_from`, its failure handled (an error where input can cause
// it, a panic with a message where it cannot happen).
#![deny(clippy::cast_possible_truncation)]

mod core;
mod error;
pub mod flatten;
mod heap_value;
mod imm;
pub mod lifetimes;
mod ops;
mod path;
pub mod runtime;

pub use facet::{Facet, Shape};

pub use crate::core::{RtSource, Trame, View};
pub use error::TrameError;
pub use heap_value::HeapValue;
pub use imm::{Imm, RawImm};
pub use ops::{Op, OpBatch, SetBuilder, Source};
pub use path::{Path, PathSegment};
pub use runtime::live::{LArena, LHeap, LProxy, LRuntime};
pub use runtime::verified::{self, VRuntime};
pub use runtime::{
    FieldRef, HookError, Hooks, IArena, IHeap, IRuntime, IShape, OutOfCapacity, ShapeKind,
    SlotDefault, SlotInfo, StagedChunk, StagingLayout, VariantStyle,
};
