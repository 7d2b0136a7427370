//! Writes of a `Set`: whether a source fits the location it names
//! (`check_write`), writing it there (`Imm`, `Default`, the hook sources),
//! and the overwrite semantics of a slot or of the node under the cursor.

use crate::error::TrameError;
use crate::path::PathSegment;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, ImmOf, PtrOf};

use super::node::{NodeId, NodeState, Target, View, is_stageable};
use super::{RtSource, Trame};

/// The error for a source that needs hook `hook`, which `shape` lacks.
fn no_hook<S: IShape>(shape: S, hook: &'static str, path: String) -> TrameError {
    TrameError::NoHook {
        path,
        shape: super::render::shape_name(shape),
        hook,
    }
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// Checks that `src` can be written to a location of `shape` at `path`,
    /// before anything is dropped.
    pub(super) fn check_write(
        &self,
        src: &Option<RtSource<'_, ImmOf<R>>>,
        shape: R::Shape,
        path: impl FnOnce() -> String,
    ) -> Result<(), TrameError> {
        match src {
            Some(RtSource::Imm(imm)) => {
                let found = self.heap.imm_shape(imm);
                if !found.same_as(shape) && !self.dynamic_accepts(shape, imm) {
                    return Err(TrameError::ShapeMismatch {
                        path: path(),
                        expected: super::render::shape_name(shape),
                        found: super::render::shape_name(found),
                    });
                }
            }
            Some(RtSource::Default) if !shape.has_default() => {
                return Err(TrameError::NoDefault {
                    path: path(),
                    shape: super::render::shape_name(shape),
                });
            }
            // t[impl hook.missing]
            Some(RtSource::Parse(_)) if !shape.hooks().parse => {
                return Err(no_hook(shape, "parse", path()));
            }
            Some(RtSource::ParseBytes(_)) if !shape.hooks().parse_bytes => {
                return Err(no_hook(shape, "parse_bytes", path()));
            }
            // A value of the destination's own shape is moved in without
            // the hook (`hook.convert.identity`).
            Some(RtSource::Convert(imm))
                if !shape.hooks().try_from && !self.heap.imm_shape(imm).same_as(shape) =>
            {
                return Err(no_hook(shape, "try_from", path()));
            }
            _ => {}
        }
        Ok(())
    }

    /// Writes `src` (an `Imm` or `Default`) into uninitialized memory at
    /// `dst` of `shape`, whose fitness `check_write` established.
    ///
    /// # Safety
    /// `dst` is valid for writes of `shape`, aligned, and holds no value.
    pub(super) unsafe fn write_value(
        &mut self,
        dst: PtrOf<R>,
        shape: R::Shape,
        src: &mut Option<RtSource<'_, ImmOf<R>>>,
        path: impl FnOnce(&Self) -> String,
    ) -> Result<(), TrameError> {
        match src.take() {
            Some(RtSource::Imm(imm)) => {
                if !self.heap.imm_shape(&imm).same_as(shape) {
                    // `check_write` let a scalar through for a dynamic value.
                    // SAFETY: the caller's guarantee on `dst`.
                    return unsafe { self.write_dynamic_scalar(dst, shape, imm, path) };
                }
                // SAFETY: the caller guarantees `dst` is writable, aligned
                // and empty for `shape`, and `check_write` established that
                // the imm's shape is `shape`.
                unsafe { self.heap.imm_move_into(imm, dst) };
                Ok(())
            }
            Some(RtSource::Default) => {
                // SAFETY: the caller guarantees `dst` is writable, aligned
                // and empty for `shape`.
                if unsafe { self.heap.default_in_place(dst, shape) } {
                    Ok(())
                } else {
                    Err(TrameError::NoDefault {
                        path: path(self),
                        shape: super::render::shape_name(shape),
                    })
                }
            }
            Some(RtSource::Parse(text)) => {
                // SAFETY: as for `Imm`; `check_write` established that the
                // shape has a parse hook.
                let r = unsafe { self.heap.parse_into(dst, shape, text) };
                r.map_err(|e| TrameError::ParseFailed {
                    path: path(self),
                    shape: super::render::shape_name(shape),
                    message: e.message,
                })
            }
            Some(RtSource::ParseBytes(bytes)) => {
                // SAFETY: as for `Imm`; `check_write` established that the
                // shape has a bytes-parse hook.
                let r = unsafe { self.heap.parse_bytes_into(dst, shape, bytes) };
                r.map_err(|e| TrameError::ParseFailed {
                    path: path(self),
                    shape: super::render::shape_name(shape),
                    message: e.message,
                })
            }
            // t[impl hook.convert.identity]
            Some(RtSource::Convert(imm)) if self.heap.imm_shape(&imm).same_as(shape) => {
                // SAFETY: as for `Imm`: the imm's shape is `shape`.
                unsafe { self.heap.imm_move_into(imm, dst) };
                Ok(())
            }
            Some(RtSource::Convert(imm)) => {
                let from = super::render::shape_name(self.heap.imm_shape(&imm));
                // SAFETY: as for `Imm`; `check_write` established that the
                // shape has a conversion hook. The imm is consumed either way.
                let r = unsafe { self.heap.convert_into(dst, shape, imm) };
                r.map_err(|e| TrameError::ConversionFailed {
                    path: path(self),
                    shape: super::render::shape_name(shape),
                    from,
                    message: e.message,
                })
            }
            other => {
                *src = other;
                Ok(())
            }
        }
    }
    /// The error for writing a map entry whole.
    pub(super) fn entry_write_error(&self, path: String) -> TrameError {
        TrameError::Unsupported {
            path,
            shape: self.nodes.get(self.cursor).name(),
            what: "setting a map entry whole (set its key and value)",
        }
    }

    /// The error for `Imm`/`Default` at a variant or its payload as a
    /// whole: variants are selected and payloads staged, field by field.
    pub(super) fn staged_only(&self, id: NodeId) -> TrameError {
        TrameError::Unsupported {
            path: self.path_of(id),
            shape: self.nodes.get(id).name(),
            what: "Imm/Default of a variant or payload as a whole (select the variant, then set the payload's fields)",
        }
    }

    // t[impl api.path.cursor-after-write]
    /// `Imm`/`Default` at the last segment `seg`: overwrite that slot. The
    /// cursor stays on the slot's parent node.
    pub(super) fn write_slot(
        &mut self,
        seg: PathSegment,
        src: &mut Option<RtSource<'_, ImmOf<R>>>,
    ) -> Result<(), TrameError> {
        let cur = self.cursor;
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return Err(self.append_error(cur, false)),
            PathSegment::Root => return Err(TrameError::RootNotFirst { position: 0 }),
        };
        // The common case first, resolved with one lookup of the node and
        // one of the slot: a field or element of a struct, tuple, array or
        // payload node.
        if let Some((slots, info, dst)) = self.plain_slot(cur, n) {
            let i = n as usize;
            let occupied = slots.is_init(i) || slots.child(i).is_some();
            self.check_write(src, info.shape, || self.path_of_slot(cur, i))?;
            // t[impl state.machine.overwrite]
            if occupied {
                self.clear_slot(cur, i);
            }
            // SAFETY: node invariant 1 makes the node's memory valid for its
            // shape and the runtime contract puts slot `i` inside it at
            // `info.offset`, aligned for `info.shape`; the slot was empty or
            // `clear_slot` just emptied it.
            unsafe { self.write_value(dst, info.shape, src, |t| t.path_of_slot(cur, i))? };
            if let NodeState::Slots(slots) = &mut self.nodes.get_mut(cur).state {
                slots.set_init(i);
            }
            return Ok(());
        }
        // A variant's payload is staged, except a `Result`'s: its variant
        // node is a wrapper whose slot holds a whole value.
        let node = self.nodes.get(cur);
        let staged_payload =
            matches!(node.view, View::Variant(_)) && !matches!(node.state, NodeState::Wrapper(_));
        if matches!(node.state, NodeState::Enum(_)) || staged_payload {
            return Err(self.staged_only(cur));
        }
        let (i, target) = self.resolve_field(cur, n)?;
        let shape = match target {
            Target::Value(s) => s,
            Target::Entry(_) => return Err(self.entry_write_error(self.path_of_slot(cur, i))),
        };
        self.check_write(src, shape, || self.path_of_slot(cur, i))?;
        if matches!(self.nodes.get(cur).state, NodeState::Wrapper(_)) {
            self.wrapper_prepare(cur)?;
        }
        // t[impl state.machine.overwrite]
        self.clear_slot(cur, i);
        let Some(dst) = self.slot_ptr(cur, i) else {
            return Err(self.append_error(cur, false));
        };
        // SAFETY: node invariant 1 makes the parent's memory valid for its
        // shape and the runtime contract puts the slot inside it, aligned
        // (for wrappers and containers: the slot's own allocation, sized
        // and aligned for the slot's shape); `clear_slot` just left the
        // slot empty.
        unsafe { self.write_value(dst, shape, src, |t| t.path_of_slot(cur, i))? };
        if let Some(slots) = self.nodes.get_mut(cur).state.slots_mut() {
            slots.set_init(i);
        }
        Ok(())
    }
    // t[impl api.path.empty]
    /// The empty path: `Imm`/`Default` overwrite the current node whole;
    /// `Stage` keeps the cursor where it is (opening a container).
    pub(super) fn set_here(
        &mut self,
        src: &mut Option<RtSource<'_, ImmOf<R>>>,
    ) -> Result<(), TrameError> {
        let cur = self.cursor;
        let (shape, data, view) = {
            let node = self.nodes.get(cur);
            (node.shape, node.data, node.view)
        };
        let is_entry = matches!(self.nodes.get(cur).state, NodeState::Entry(_));
        if let Some(RtSource::StageProxy) = src {
            return self.proxy_here();
        }
        if let Some(
            RtSource::Stage(hint)
            | RtSource::StageDeferred(hint)
            | RtSource::StageObject(hint)
            | RtSource::StageObjectDeferred(hint),
        ) = src
        {
            let hint = *hint;
            if view == View::Value && !is_entry && !is_stageable(shape) {
                return Err(TrameError::Unsupported {
                    path: self.path_of(cur),
                    shape: super::render::shape_name(shape),
                    what: "staging (building piece by piece)",
                });
            }
            // `StageDeferred` makes the current node the root of a deferred
            // subtree (unless it is already deferred).
            let deferred = matches!(
                src,
                Some(RtSource::StageDeferred(_) | RtSource::StageObjectDeferred(_))
            );
            let node = self.nodes.get_mut(cur);
            if deferred && !node.deferred {
                node.deferred = true;
                node.deferred_root = true;
            }
            self.container_open(cur, hint)?;
            if let Some(RtSource::StageObject(_) | RtSource::StageObjectDeferred(_)) = src {
                return self.make_object(cur);
            }
            return Ok(());
        }
        if view != View::Value {
            return Err(self.staged_only(cur));
        }
        if is_entry {
            return Err(self.entry_write_error(self.path_of(cur)));
        }
        self.check_write(src, shape, || self.path_of(cur))?;
        // t[impl state.machine.overwrite]
        self.release_contents(cur);
        // SAFETY: node invariant 1 makes `data` valid and aligned for
        // `shape`; `release_contents` just dropped everything it held.
        unsafe { self.write_value(data, shape, src, |t| t.path_of(cur))? };
        self.nodes.get_mut(cur).state = NodeState::new(shape, View::Value, true);
        Ok(())
    }
}
