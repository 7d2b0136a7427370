//! The construction hooks in the model: [`VHooks`], what a shape of a
//! [`ShapeStore`](super::ShapeStore) declares, and how the checked heap runs
//! each hook, checking its contract.
//!
//! The hooks are deterministic functions of their input, so a test (or the
//! explorer) can drive both outcomes:
//!
//! - **parse** accepts a text iff it is non-empty and all ASCII digits; the
//!   value it makes is the made value with tag = the first digit's value.
//! - **parse_bytes** accepts non-empty bytes; tag = the first byte.
//! - **try_from** converts from one source shape; it accepts a source whose
//!   first value byte is even (the tag of [`VHeap::new_imm`](super::VHeap::new_imm)),
//!   consuming it in both outcomes, and refuses every other shape without
//!   consuming it, as facet's `TryFromOutcome` says. The made value has the
//!   source's tag plus one.
//! - **invariants** hold iff the value's first value byte is not
//!   [`BROKEN_BYTE`] (a value with no value bytes always passes).
//!
//! Checked: a hook writing over initialized bytes (`InitOverInit`), a source
//! or a checked value with uninitialized bytes (`ReadUninit`).

use super::def::ShapeId;
use super::heap::{VImm, VPtr, ViolationKind};
use super::shape::VShape;
use super::state::HeapState;
use super::values::Fill;
use crate::runtime::HookError;

/// The first value byte that makes a value break its invariants.
pub const BROKEN_BYTE: u8 = 0xBB;

/// The hooks a shape of the model declares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VHooks {
    /// A parse hook (accepts non-empty ASCII digits).
    pub parse: bool,
    /// A bytes-parse hook (accepts non-empty bytes).
    pub parse_bytes: bool,
    /// A conversion hook from values of this shape (accepts an even first
    /// value byte).
    pub try_from: Option<ShapeId>,
    /// An invariants hook (fails when the first value byte is
    /// [`BROKEN_BYTE`]).
    pub invariants: bool,
}

impl<'s> HeapState<'s> {
    /// The first value byte of the value at `ptr` (`None` when it has none),
    /// recording `ReadUninit` if any value byte is uninitialized.
    pub(super) fn first_value_byte(
        &mut self,
        op: &str,
        ptr: VPtr,
        shape: VShape<'s>,
    ) -> Option<u8> {
        let (idx, base) = self.access(op, ptr, shape)?;
        let (init, total) = self.count_init(idx, base, shape);
        if init < total {
            let site = self.site(op, ptr, shape);
            self.record(
                ViolationKind::ReadUninit,
                format!("{site}: {init} of {total} byte(s) initialized"),
            );
        }
        let first = *self.value_bytes(idx, base, shape).first()?;
        Some(self.allocs[idx].bytes[first])
    }

    /// Makes a value of `shape` at `dst` with `tag`, as a hook that
    /// succeeded does; `false` when the model ran out of allocations.
    fn hook_writes(&mut self, op: &str, dst: VPtr, shape: VShape<'s>, tag: u8) -> bool {
        let Some((idx, base)) = self.access(op, dst, shape) else {
            return true;
        };
        if !self.has_room(self.allocs_needed(shape, Fill::Tag(tag), 0)) {
            return false;
        }
        self.check_uninit(op, dst, idx, base, shape);
        self.make_value(idx, base, shape, Fill::Tag(tag), 0);
        self.created += 1;
        true
    }

    // t[impl hook.parse]
    /// The model's parse hook.
    pub(super) fn parse_into(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        text: &str,
    ) -> Result<(), HookError> {
        if !shape.def_hooks().parse {
            return Err(HookError::new(format!(
                "{} has no parse hook",
                shape.name()
            )));
        }
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        if !digits {
            return Err(HookError::new(format!("{text:?} is not a number")));
        }
        let tag = text.as_bytes()[0] - b'0';
        self.made_or_full("parse_into", dst, shape, tag)
    }

    /// The model's bytes-parse hook.
    pub(super) fn parse_bytes_into(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        bytes: &[u8],
    ) -> Result<(), HookError> {
        if !shape.def_hooks().parse_bytes {
            return Err(HookError::new(format!(
                "{} has no bytes-parse hook",
                shape.name()
            )));
        }
        let Some(&tag) = bytes.first() else {
            return Err(HookError::new("no bytes"));
        };
        self.made_or_full("parse_bytes_into", dst, shape, tag)
    }

    fn made_or_full(
        &mut self,
        op: &str,
        dst: VPtr,
        shape: VShape<'s>,
        tag: u8,
    ) -> Result<(), HookError> {
        match self.hook_writes(op, dst, shape, tag) {
            true => Ok(()),
            false => Err(HookError::new("out of model allocations")),
        }
    }

    // t[impl hook.convert]
    /// The model's conversion hook; `imm` is consumed in every outcome.
    pub(super) fn convert_into(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        imm: VImm<'s>,
    ) -> Result<(), HookError> {
        let op = "convert_into";
        let from = shape.def_hooks().try_from;
        if from != Some(imm.shape.id()) || !core::ptr::eq(imm.shape.store(), shape.store()) {
            // Not supported: not consumed, so the caller's side drops it.
            self.drop_in_place(op, imm.ptr, imm.shape);
            self.dealloc(op, imm.ptr, imm.shape);
            return Err(HookError::new(format!(
                "{} cannot be converted from {}",
                shape.name(),
                imm.shape.name()
            )));
        }
        let first = self.first_value_byte(op, imm.ptr, imm.shape);
        // The hook takes the source (as `ptr::read` does) in both outcomes:
        // it is dropped as a value of its own, then its memory freed.
        self.drop_in_place(op, imm.ptr, imm.shape);
        self.dealloc(op, imm.ptr, imm.shape);
        match first {
            Some(b) if b % 2 == 1 => Err(HookError::new(format!("odd source {b}"))),
            b => self.made_or_full(op, dst, shape, b.unwrap_or(0).wrapping_add(1)),
        }
    }

    // t[impl hook.invariants]
    /// The model's invariants hook.
    pub(super) fn check_invariants(
        &mut self,
        ptr: VPtr,
        shape: VShape<'s>,
    ) -> Result<(), HookError> {
        if !shape.def_hooks().invariants {
            return Ok(());
        }
        match self.first_value_byte("check_invariants", ptr, shape) {
            Some(BROKEN_BYTE) => Err(HookError::new(format!(
                "{} broke its invariant",
                shape.name()
            ))),
            _ => Ok(()),
        }
    }
}
