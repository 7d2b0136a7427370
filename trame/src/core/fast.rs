//! The most common op, `Set { dst: [Field(n)], src: Imm }`, without the
//! general machinery.
//!
//! A format crate spends most of its ops writing scalar fields into a struct
//! (or payload, tuple, array) it has just staged. [`Trame::set_field_imm`]
//! does exactly what the general path (`Trame::set_general`) does for that
//! op when its preconditions hold (the cursor is a slotted node that is not
//! a variant, slot `n` exists and is empty, the value's shape is the slot's)
//! and hands the op to the general path unchanged otherwise, so every error
//! and every overwrite keeps one implementation. [`Trame::apply`] (on the
//! live runtime) and [`Trame::apply_set`] (on every runtime) route every
//! such op here: the verified runtime's tests, oracle and explorer run this
//! path too.

use crate::error::TrameError;
use crate::path::PathSegment;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, ImmOf};

use super::node::NodeState;
use super::{RtSource, State, Trame};

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// `Set { dst: [Field(n)], src: Imm(imm) }` (see the module docs).
    #[inline]
    pub(super) fn set_field_imm(&mut self, n: u32, imm: ImmOf<R>) -> Result<(), TrameError> {
        if self.state == State::Active
            && let Some((slots, info, dst)) = self.plain_slot(self.cursor, n)
        {
            let i = n as usize;
            if !slots.is_init(i)
                && slots.child(i).is_none()
                && self.heap.imm_shape(&imm).same_as(info.shape)
            {
                // SAFETY: node invariant 1 makes the node's memory valid for
                // its shape and the runtime contract puts slot `i` inside it
                // at `dst`, aligned for `info.shape`, which is the imm's
                // shape (just checked); the slot is neither initialized nor
                // staged (slots invariant 1), so it holds no value.
                unsafe { self.heap.imm_move_into(imm, dst) };
                if let NodeState::Slots(slots) = &mut self.nodes.get_mut(self.cursor).state {
                    slots.set_init(i);
                }
                return Ok(());
            }
        }
        self.set_general(&[PathSegment::Field(n)], RtSource::Imm(imm))
    }
}
