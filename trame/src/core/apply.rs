//! `Set`: path resolution (`Field`, `Append`, `Root`, multi-segment paths
//! that stage every intermediate node) and writes (`Imm`, `Default`) with
//! overwrite semantics.

use crate::error::TrameError;
use crate::path::PathSegment;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, ImmOf, PtrOf, ShapeKind, SlotInfo};

use super::node::{Node, NodeId, NodeState, Slots, View};
use super::{RtSource, Trame};

/// Whether a value of `shape` can be staged as a node in this version:
/// slotted kinds, scalars (a staged scalar is a leaf node set by
/// `Imm`/`Default`), and enums with a known discriminant layout.
fn is_stageable<S: IShape>(shape: S) -> bool {
    match shape.kind() {
        ShapeKind::Scalar | ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array => true,
        ShapeKind::Enum => shape.variant_count() > 0,
        _ => false,
    }
}

/// Whether `kind` is a list, set or map.
fn is_container(kind: ShapeKind) -> bool {
    matches!(kind, ShapeKind::List | ShapeKind::Set | ShapeKind::Map)
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// Applies `Set { dst: path, src }`. Takes the `Imm` out of `src` only
    /// when it is moved into place; anything left is dropped by the caller.
    pub(super) fn set_at(
        &mut self,
        path: &[PathSegment],
        src: &mut Option<RtSource<ImmOf<R>>>,
    ) -> Result<(), TrameError> {
        // `Root` is legal only first: reject the path before any effect.
        if let Some(pos) = path.iter().skip(1).position(|s| *s == PathSegment::Root) {
            return Err(TrameError::RootNotFirst { position: pos + 1 });
        }
        let mut segments = path;
        if let [PathSegment::Root, rest @ ..] = segments {
            self.climb_to_root()?;
            segments = rest;
        }
        let Some((last, prefix)) = segments.split_last() else {
            return self.set_here(src);
        };
        // t[impl api.path.relative]
        // Resolution starts at the cursor; every segment but the last opens
        // (or re-enters) its node, which stays open afterwards.
        for seg in prefix {
            self.enter(*seg, false)?;
        }
        match src {
            Some(RtSource::Stage(_)) => self.enter(*last, false),
            Some(RtSource::StageDeferred(_)) => self.enter(*last, true),
            _ => self.write_slot(*last, src),
        }
    }

    /// Resolves `Field(n)` at node `id` to a slot index and its layout, or
    /// the error for that node's kind.
    fn slot_of(&self, id: NodeId, n: u32) -> Result<(usize, SlotInfo<R::Shape>), TrameError> {
        let node = self.nodes.get(id);
        let kind = node.shape.kind();
        if node.view == View::Value && !kind.has_slots() && kind != ShapeKind::Scalar {
            return Err(TrameError::Unsupported {
                path: self.path_of(id),
                shape: node.name(),
                what: "navigating into this kind of value",
            });
        }
        let i = n as usize;
        match node.slot(i) {
            Some(info) => Ok((i, info)),
            None => Err(TrameError::FieldOutOfRange {
                path: self.path_of(id),
                shape: node.name(),
                index: n,
                count: node.slot_count(),
            }),
        }
    }

    /// The error for `Append` at node `id` with a non-staging source, or
    /// at a node that is not a container.
    fn append_error(&self, id: NodeId, staging: bool) -> TrameError {
        let node = self.nodes.get(id);
        let path = self.path_of(id);
        let shape = node.name();
        if !is_container(node.shape.kind()) {
            TrameError::NotAContainer { path, shape }
        } else if staging {
            TrameError::Unsupported {
                path,
                shape,
                what: "staging container elements",
            }
        } else {
            // t[impl state.machine.container-append-stage-only]
            TrameError::AppendRequiresStage { path, shape }
        }
    }

    // t[impl api.path.cursor-after-stage]
    /// Moves the cursor into the child that `seg` names, creating it if
    /// needed (staging). A new child created with `defer` roots a deferred
    /// subtree unless it is already inside one.
    pub(super) fn enter(&mut self, seg: PathSegment, defer: bool) -> Result<(), TrameError> {
        let cur = self.cursor;
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return Err(self.append_error(cur, true)),
            PathSegment::Root => return Err(TrameError::RootNotFirst { position: 0 }),
        };
        if let NodeState::Enum(_) = self.nodes.get(cur).state {
            return self.enter_variant(cur, n, defer);
        }
        let (i, info) = self.slot_of(cur, n)?;
        let (data, complete) = {
            let node = self.nodes.get(cur);
            let slots = slots_of(node);
            if let Some(child) = slots.child(i) {
                // Re-entering a staged slot resumes its node.
                self.cursor = child;
                return Ok(());
            }
            (self.heap.offset(node.data, info.offset), slots.is_init(i))
        };
        let view = self.nodes.get(cur).child_view();
        if view == View::Value && !is_stageable(info.shape) {
            return Err(TrameError::Unsupported {
                path: self.path_of_slot(cur, i),
                shape: super::render::shape_name(info.shape),
                what: "staging (building piece by piece)",
            });
        }
        // A complete slot hands its value down: the child starts complete
        // and owns those bytes (node invariant 3).
        let parent_deferred = self.nodes.get(cur).deferred;
        let child = Node {
            shape: info.shape,
            view,
            data,
            parent: Some((cur, i as u32)),
            state: NodeState::new(info.shape, view, complete),
            deferred: parent_deferred || defer,
            deferred_root: defer && !parent_deferred,
        };
        let id = self
            .nodes
            .insert(child)
            .map_err(|e| TrameError::OutOfCapacity { what: e.what })?;
        let slots = slots_of_mut(self.nodes.get_mut(cur));
        if complete {
            slots.clear_init(i);
        }
        slots.attach(i, id);
        self.cursor = id;
        Ok(())
    }

    /// Checks that `src` can be written to a location of `shape` at `path`,
    /// before anything is dropped.
    fn check_write(
        &self,
        src: &Option<RtSource<ImmOf<R>>>,
        shape: R::Shape,
        path: impl FnOnce() -> String,
    ) -> Result<(), TrameError> {
        match src {
            Some(RtSource::Imm(imm)) => {
                let found = self.heap.imm_shape(imm);
                if found != shape {
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
            _ => {}
        }
        Ok(())
    }

    /// Writes `src` (an `Imm` or `Default`) into uninitialized memory at
    /// `dst` of `shape`, whose fitness `check_write` established.
    ///
    /// # Safety
    /// `dst` is valid for writes of `shape`, aligned, and holds no value.
    unsafe fn write_value(
        &mut self,
        dst: PtrOf<R>,
        shape: R::Shape,
        src: &mut Option<RtSource<ImmOf<R>>>,
        path: impl FnOnce(&Self) -> String,
    ) -> Result<(), TrameError> {
        match src.take() {
            Some(RtSource::Imm(imm)) => {
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
            other => {
                *src = other;
                Ok(())
            }
        }
    }

    // t[impl api.path.cursor-after-write]
    /// `Imm`/`Default` at the last segment `seg`: overwrite that slot. The
    /// cursor stays on the slot's parent node.
    fn write_slot(
        &mut self,
        seg: PathSegment,
        src: &mut Option<RtSource<ImmOf<R>>>,
    ) -> Result<(), TrameError> {
        let cur = self.cursor;
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return Err(self.append_error(cur, false)),
            PathSegment::Root => return Err(TrameError::RootNotFirst { position: 0 }),
        };
        let node = self.nodes.get(cur);
        if matches!(node.state, NodeState::Enum(_)) || matches!(node.view, View::Variant(_)) {
            return Err(self.staged_only(cur));
        }
        let (i, info) = self.slot_of(cur, n)?;
        self.check_write(src, info.shape, || self.path_of_slot(cur, i))?;
        // t[impl state.machine.overwrite]
        self.clear_slot(cur, i);
        let dst = self.heap.offset(self.nodes.get(cur).data, info.offset);
        // SAFETY: node invariant 1 makes the parent's data valid for its
        // shape, and the runtime contract puts the slot inside it, aligned;
        // `clear_slot` just left the slot empty.
        unsafe { self.write_value(dst, info.shape, src, |t| t.path_of_slot(cur, i))? };
        slots_of_mut(self.nodes.get_mut(cur)).set_init(i);
        Ok(())
    }

    // t[impl api.path.empty]
    /// The empty path: `Imm`/`Default` overwrite the current node whole;
    /// `Stage` keeps the cursor where it is.
    fn set_here(&mut self, src: &mut Option<RtSource<ImmOf<R>>>) -> Result<(), TrameError> {
        let cur = self.cursor;
        let (shape, data, view) = {
            let node = self.nodes.get(cur);
            (node.shape, node.data, node.view)
        };
        if let Some(RtSource::Stage(_) | RtSource::StageDeferred(_)) = src {
            if view == View::Value && !is_stageable(shape) {
                return Err(TrameError::Unsupported {
                    path: self.path_of(cur),
                    shape: super::render::shape_name(shape),
                    what: "staging (building piece by piece)",
                });
            }
            // `StageDeferred` makes the current node the root of a deferred
            // subtree (unless it is already deferred).
            let node = self.nodes.get_mut(cur);
            if matches!(src, Some(RtSource::StageDeferred(_))) && !node.deferred {
                node.deferred = true;
                node.deferred_root = true;
            }
            return Ok(());
        }
        if view != View::Value {
            return Err(self.staged_only(cur));
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

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// The error for `Imm`/`Default` at a variant or its payload as a
    /// whole: variants are selected and payloads staged, field by field.
    fn staged_only(&self, id: NodeId) -> TrameError {
        TrameError::Unsupported {
            path: self.path_of(id),
            shape: self.nodes.get(id).name(),
            what: "Imm/Default of a variant or payload as a whole (select the variant, then set the payload's fields)",
        }
    }
}

/// The slots of a node that `slot_of` resolved, which is slotted (a leaf
/// has no slot, so `slot_of` fails on it).
pub(super) fn slots_of<R: IRuntime>(node: &Node<R>) -> &Slots {
    match &node.state {
        NodeState::Slots(s) => s,
        _ => unreachable!("slot access on a node without slots"),
    }
}

/// The slots of a node, mutably. Only called on nodes that `slot_of`
/// resolved, which are slotted.
pub(super) fn slots_of_mut<R: IRuntime>(node: &mut Node<R>) -> &mut Slots {
    match &mut node.state {
        NodeState::Slots(s) => s,
        _ => unreachable!("slot access on a node without slots"),
    }
}
