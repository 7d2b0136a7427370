//! The two most common ops without the general machinery:
//! `Set { dst: [Field(n)], src: Imm }` and `Set { dst: [Append], src: Stage }`.
//!
//! A format crate spends most of its ops writing scalar fields into a struct
//! (or payload, tuple, array) it has just staged, and appending elements to
//! a container. [`Trame::set_field_imm`] does exactly what the general path
//! (`Trame::set_general`) does for the first op when its preconditions hold
//! (the cursor is a slotted node that is not a variant, slot `n` exists and
//! is empty, the value's shape is the slot's) and hands the op to the
//! general path unchanged otherwise, so every error and every overwrite
//! keeps one implementation. [`Trame::append_stage`] goes straight to the
//! step the general path ends in for the second op (staging an appended
//! element), skipping only the wrapping of the source and the scan of the
//! path. [`Trame::apply`] (on the live runtime) and [`Trame::apply_set`]
//! (on every runtime) route every such op here: the verified runtime's
//! tests, oracle and explorer run these paths too.

use crate::error::TrameError;
use crate::path::PathSegment;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, ImmOf};

use super::node::NodeState;
use super::{RtSource, State, Trame};

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// `Set { dst: [Field(n)], src: Imm(imm) }` (see the module docs).
    #[inline]
    pub(super) fn set_field_imm(&mut self, n: u32, imm: ImmOf<R>) -> Result<(), TrameError> {
        if self.state == State::Active {
            // One lookup of the node, read and then updated in place.
            let node = self.nodes.get_mut(self.cursor);
            let i = n as usize;
            if let Some(info) = node.plain_slot(i)
                && let NodeState::Slots(slots) = &mut node.state
                && !slots.is_init(i)
                && slots.child(i).is_none()
                && self.heap.imm_shape(&imm).same_as(info.shape)
            {
                let dst = self.heap.offset(node.data, info.offset);
                // SAFETY: node invariant 1 makes the node's memory valid for
                // its shape and the runtime contract puts slot `i` inside it
                // at `dst`, aligned for `info.shape`, which is the imm's
                // shape (just checked); the slot is neither initialized nor
                // staged (slots invariant 1), so it holds no value.
                unsafe { self.heap.imm_move_into(imm, dst) };
                slots.set_init(i);
                return Ok(());
            }
        }
        self.set_general(&[PathSegment::Field(n)], RtSource::Imm(imm))
    }

    /// `Set { dst: [Append], src: Stage(hint) }`: what the general path
    /// does for it (claim an element, stage its node), without wrapping
    /// the source or scanning the path first.
    pub(super) fn append_stage(&mut self, hint: Option<usize>) -> Result<(), TrameError> {
        self.check_usable()?;
        self.enter_appended(self.cursor, hint, false)
            .map_err(|e| self.poison(e))
    }
}
