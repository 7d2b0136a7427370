//! Dynamic values (facet's `Def::DynamicValue`, such as
//! `facet_value::Value`): values whose structure is chosen at run time.
//!
//! A dynamic value is written whole, or staged as a container
//! ([`super::container`]) in one of two forms:
//!
//! - **array**: `Stage` (or a first `Append`) opens it; `Append` + `Stage`
//!   adds an element, itself a dynamic value, re-entered by `Field(i)`;
//! - **object**: `StageObject` opens it (or turns an open array that has no
//!   element yet into an object); `Append` + `Stage` adds an entry whose
//!   `Field(0)` is the key (a `String` on the live runtime) and `Field(1)`
//!   the value, a dynamic value, as for a map.
//!
//! The form lives in the container node's element facts: an object's
//! element is an entry ([`Target::Entry`]) of the dynamic shape, an array's
//! a value of the dynamic shape. Both forms stage in the shape's one
//! staging layout (`IShape::staging_layout`: an array's element sits where
//! an object's key does), so chunks, cleanup and re-entry are the
//! container's own. Closing the node hands the elements to
//! `IHeap::dynamic_from_chunks` with the form.
//!
//! Written whole, a dynamic value takes an `Imm` of its own shape (moved
//! in), `Default` (null), or an `Imm` of a scalar its setters take (null
//! from `()`, a boolean, a number, a string, bytes), converted by
//! `IHeap::dynamic_from_imm`; the scalar is dropped once, after.

use crate::error::TrameError;
use crate::runtime::StagedChunk;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, ImmOf, OutOfCapacity, PtrOf, ShapeKind};

use super::Trame;
use super::container::{Element, Status};
use super::node::{NodeId, NodeState, Target};

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// Whether container node `id` stages entries (a map, or a dynamic
    /// value made an object) rather than elements.
    fn stages_entries(&self, id: NodeId) -> bool {
        match &self.nodes.get(id).state {
            NodeState::Container(c) => {
                matches!(c.element.map(|e| e.target), Some(Target::Entry(_)))
            }
            _ => false,
        }
    }

    /// The mark of node `id` in the tree display: ` []` for a dynamic value
    /// staged as an array, ` {}` for one staged as an object, nothing for
    /// every other node.
    pub(super) fn form_mark(&self, id: NodeId) -> &'static str {
        let node = self.nodes.get(id);
        match &node.state {
            NodeState::Container(c)
                if c.status == Status::Staging && node.shape.kind() == ShapeKind::Dynamic =>
            {
                match self.stages_entries(id) {
                    true => " {}",
                    false => " []",
                }
            }
            _ => "",
        }
    }

    // t[impl dynamic.form]
    /// `StageObject` at node `id`, opened already: a dynamic value staged
    /// as an object stays one; an open dynamic value with no element yet
    /// becomes one; anything else is an error.
    pub(super) fn make_object(&mut self, id: NodeId) -> Result<(), TrameError> {
        let node = self.nodes.get(id);
        let shape = node.shape;
        let what = match &node.state {
            NodeState::Container(c) if shape.kind() == ShapeKind::Dynamic => {
                match c.element.map(|e| e.target) {
                    Some(Target::Entry(_)) => return Ok(()),
                    _ if c.slots.count() == 0 => None,
                    _ => Some("staging as an object a dynamic array that has elements"),
                }
            }
            _ => Some("staging as an object (only a dynamic value is staged so)"),
        };
        if let Some(what) = what {
            return Err(TrameError::Unsupported {
                path: self.path_of(id),
                shape: super::render::shape_name(shape),
                what,
            });
        }
        if let NodeState::Container(c) = &mut self.nodes.get_mut(id).state {
            c.element = Some(Element {
                target: Target::Entry(shape),
                stageable: true,
                slots: None,
            });
        }
        Ok(())
    }

    /// Whether `imm`, whose shape is not `shape`, may still be written at a
    /// value of `shape`: a scalar for a dynamic value.
    pub(super) fn dynamic_accepts(&self, shape: R::Shape, imm: &ImmOf<R>) -> bool {
        shape.kind() == ShapeKind::Dynamic && self.heap.dynamic_accepts(shape, imm)
    }

    // t[impl dynamic.scalar]
    /// Makes a dynamic value of `shape` at `dst` from the scalar `imm`
    /// carries (which [`Self::dynamic_accepts`] let through).
    ///
    /// # Safety
    /// `dst` is valid for writes of `shape`, aligned, and holds no value.
    #[cold]
    #[inline(never)]
    pub(super) unsafe fn write_dynamic_scalar(
        &mut self,
        dst: PtrOf<R>,
        shape: R::Shape,
        imm: ImmOf<R>,
        path: impl FnOnce(&Self) -> String,
    ) -> Result<(), TrameError> {
        let from = super::render::shape_name(self.heap.imm_shape(&imm));
        if !self.heap.dynamic_accepts(shape, &imm) {
            self.heap.imm_drop(imm);
            return Err(TrameError::ShapeMismatch {
                path: path(self),
                expected: super::render::shape_name(shape),
                found: from,
            });
        }
        // SAFETY: the caller's guarantee on `dst`; the heap accepts the
        // scalar (just checked).
        let r = unsafe { self.heap.dynamic_from_imm(dst, shape, imm) };
        r.map_err(|e| TrameError::ConversionFailed {
            path: path(self),
            shape: super::render::shape_name(shape),
            from,
            message: e.message,
        })
    }

    /// Materializes the chunks of dynamic container node `id` at `data`, in
    /// the form its elements were staged for.
    ///
    /// # Safety
    /// As for `IHeap::dynamic_from_chunks`, the form aside.
    pub(super) unsafe fn dynamic_from_chunks(
        &mut self,
        id: NodeId,
        data: PtrOf<R>,
        shape: R::Shape,
        chunks: &[StagedChunk<PtrOf<R>>],
    ) -> Result<(), OutOfCapacity> {
        let object = self.stages_entries(id);
        // SAFETY: the caller's guarantee; the form is the one the node's
        // elements were staged in.
        unsafe { self.heap.dynamic_from_chunks(data, shape, object, chunks) }
    }
}
