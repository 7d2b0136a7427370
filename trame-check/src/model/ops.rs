//! The model's transitions: `Set` (path resolution, staging, writes),
//! `End` (strict and deferred), and `build`.

use trame::verified::{ShapeId, ShapeStore, VShape};
use trame::{IShape, PathSegment};

use super::facts::{self, NodeKind, Part, SlotTy, node_kind};
use super::tree::{EnumSlot, ModelNode, NodeState, Slot};
use super::value::{self, AValue, Leaf};
use super::{MError, NODE_CAPACITY, Src};

/// The active tree and cursor of a model, borrowed for one op. Errors are
/// returned as they are; the caller poisons.
pub(super) struct Builder<'a, 's> {
    pub(super) store: &'s ShapeStore,
    pub(super) root: &'a mut ModelNode,
    pub(super) cursor: &'a mut Vec<u32>,
}

impl<'a, 's> Builder<'a, 's> {
    pub(super) fn new(
        store: &'s ShapeStore,
        root: &'a mut ModelNode,
        cursor: &'a mut Vec<u32>,
    ) -> Self {
        Builder {
            store,
            root,
            cursor,
        }
    }

    fn shape(&self, id: ShapeId) -> VShape<'s> {
        self.store.shape(id)
    }

    fn cur(&self) -> &ModelNode {
        self.root.descendant(self.cursor)
    }

    fn cur_mut(&mut self) -> &mut ModelNode {
        self.root.descendant_mut(self.cursor)
    }

    /// The `$…` path of the node at `path` (child indices from the root).
    pub(super) fn path_of(&self, path: &[u32]) -> String {
        let mut out = String::from("$");
        let mut node: &ModelNode = self.root;
        for &i in path {
            out.push_str(&facts::step_name(
                self.shape(node.shape),
                node.part,
                i as usize,
            ));
            node = node.child(i).expect("path names staged nodes");
        }
        out
    }

    /// The path of the cursor node.
    fn here(&self) -> String {
        self.path_of(self.cursor)
    }

    /// The path of slot `i` of the cursor node.
    fn here_slot(&self, i: u32) -> String {
        let node = self.cur();
        self.here() + &facts::step_name(self.shape(node.shape), node.part, i as usize)
    }

    /// `Set { dst: path, src }`.
    pub(super) fn set(&mut self, path: &[PathSegment], src: Src) -> Result<(), MError> {
        if let Some(pos) = path.iter().skip(1).position(|s| *s == PathSegment::Root) {
            return Err(MError::RootNotFirst { position: pos + 1 });
        }
        let mut segments = path;
        if let [PathSegment::Root, rest @ ..] = segments {
            self.climb_to_root()?;
            segments = rest;
        }
        let Some((last, prefix)) = segments.split_last() else {
            return self.set_here(src);
        };
        for seg in prefix {
            self.enter(*seg, false)?;
        }
        match src {
            Src::Stage => self.enter(*last, false),
            Src::StageDeferred => self.enter(*last, true),
            Src::Imm { .. } | Src::Default => self.write_slot(*last, src),
        }
    }

    /// The error for `Append` here.
    fn append_error(&self, _staging: bool) -> MError {
        // Extension point: containers accept `Append` with a staging source
        // and reject `Imm`/`Default` with `AppendRequiresStage`.
        MError::NotAContainer { path: self.here() }
    }

    /// Moves the cursor into the child `seg` names, staging it if needed.
    fn enter(&mut self, seg: PathSegment, defer: bool) -> Result<(), MError> {
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return Err(self.append_error(true)),
            PathSegment::Root => return Err(MError::RootNotFirst { position: 0 }),
        };
        let node = self.cur();
        let shape = self.shape(node.shape);
        match node_kind(shape, node.part) {
            NodeKind::Enum => return self.enter_variant(n, defer),
            NodeKind::Leaf => return Err(self.out_of_range(n, 0)),
            NodeKind::Unmodeled(k) => return Err(MError::Other(format!("{k:?} not modeled"))),
            NodeKind::Slots => {}
        }
        let tys = facts::slots(shape, node.part);
        let Some(ty) = tys.get(n as usize).copied() else {
            return Err(self.out_of_range(n, tys.len()));
        };
        let NodeState::Slots(slots) = &node.state else {
            unreachable!("slotted kind without slots");
        };
        let value = match &slots[n as usize] {
            Slot::Staged(_) => {
                self.cursor.push(n);
                return Ok(());
            }
            Slot::Init(v) => Some(v.clone()),
            Slot::Uninit => None,
        };
        if ty.part == Part::Value && !facts::is_stageable(ty.shape) {
            return Err(MError::Unsupported {
                path: self.here_slot(n),
            });
        }
        self.check_capacity()?;
        let child = self.new_child(ty, value, defer);
        let NodeState::Slots(slots) = &mut self.cur_mut().state else {
            unreachable!();
        };
        slots[n as usize] = Slot::Staged(Box::new(child));
        self.cursor.push(n);
        Ok(())
    }

    /// A child node for slot `ty` of the cursor node, complete with
    /// `value` if the slot held one.
    fn new_child(&self, ty: SlotTy<'_>, value: Option<AValue>, defer: bool) -> ModelNode {
        let parent_deferred = self.cur().deferred;
        let mut child = ModelNode::new(self.store, ty.shape.id(), ty.part, value);
        child.deferred = parent_deferred || defer;
        child.deferred_root = defer && !parent_deferred;
        child
    }

    fn out_of_range(&self, index: u32, count: usize) -> MError {
        MError::FieldOutOfRange {
            path: self.here(),
            index,
            count,
        }
    }

    fn check_capacity(&self) -> Result<(), MError> {
        match self.root.count() >= NODE_CAPACITY {
            true => Err(MError::OutOfCapacity),
            false => Ok(()),
        }
    }

    /// `Field(n)` at an enum node: select variant `n` (resume it if it is
    /// the active one), then move to its variant node.
    fn enter_variant(&mut self, n: u32, defer: bool) -> Result<(), MError> {
        let node = self.cur();
        let shape = self.shape(node.shape);
        let count = shape.variant_count();
        if n as usize >= count {
            return Err(self.out_of_range(n, count));
        }
        let NodeState::Enum(e) = &node.state else {
            unreachable!("enum kind without enum state");
        };
        let resumed = match e {
            EnumSlot::Selected { variant, .. } if *variant == n => {
                self.cursor.push(n);
                return Ok(());
            }
            // The active variant of a whole value resumes with its payload.
            EnumSlot::Whole(AValue::Enum { variant, payload }) if *variant == n => {
                Some(AValue::Enum {
                    variant: n,
                    payload: payload.clone(),
                })
            }
            // Another variant: the old payload or whole value is dropped.
            _ => None,
        };
        if let NodeState::Enum(e) = &mut self.cur_mut().state {
            *e = EnumSlot::Empty;
        }
        self.check_capacity()?;
        let unit = shape.variant_field_count(n as usize) == 0;
        let value = match (resumed, unit) {
            (Some(v), _) => Some(v),
            (None, true) => Some(value::fill(shape, Part::Variant(n), Leaf::Default)),
            (None, false) => None,
        };
        let ty = SlotTy {
            shape,
            part: Part::Variant(n),
            offset: 0,
            defaulted: false,
        };
        let child = self.new_child(ty, value, defer);
        if let NodeState::Enum(e) = &mut self.cur_mut().state {
            *e = EnumSlot::Selected {
                variant: n,
                child: Box::new(child),
            };
        }
        self.cursor.push(n);
        Ok(())
    }

    /// Checks that `src` fits a location of `shape` at `path`.
    fn check_write(&self, src: Src, shape: VShape<'_>, path: String) -> Result<AValue, MError> {
        match src {
            Src::Imm { shape: found, tag } if found == shape.id() => {
                Ok(value::fill(shape, Part::Value, Leaf::Imm(tag)))
            }
            Src::Imm { .. } => Err(MError::ShapeMismatch { path }),
            Src::Default if shape.has_default() => {
                Ok(value::fill(shape, Part::Value, Leaf::Default))
            }
            Src::Default => Err(MError::NoDefault { path }),
            Src::Stage | Src::StageDeferred => unreachable!("staging is not a write"),
        }
    }

    /// The error for `Imm`/`Default` at an enum's variant or at a variant's
    /// payload as a whole.
    fn staged_only(&self) -> MError {
        MError::Unsupported { path: self.here() }
    }

    /// `Imm`/`Default` at the last segment: overwrite that slot.
    fn write_slot(&mut self, seg: PathSegment, src: Src) -> Result<(), MError> {
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return Err(self.append_error(false)),
            PathSegment::Root => return Err(MError::RootNotFirst { position: 0 }),
        };
        let node = self.cur();
        let shape = self.shape(node.shape);
        match (node_kind(shape, node.part), node.part) {
            (NodeKind::Enum, _) | (_, Part::Variant(_)) => return Err(self.staged_only()),
            (NodeKind::Leaf, _) => return Err(self.out_of_range(n, 0)),
            (NodeKind::Unmodeled(k), _) => return Err(MError::Other(format!("{k:?} not modeled"))),
            (NodeKind::Slots, _) => {}
        }
        let tys = facts::slots(shape, node.part);
        let Some(ty) = tys.get(n as usize).copied() else {
            return Err(self.out_of_range(n, tys.len()));
        };
        let value = self.check_write(src, ty.shape, self.here_slot(n))?;
        // Overwrite: whatever the slot held (value or staged subtree) goes.
        if let NodeState::Slots(slots) = &mut self.cur_mut().state {
            slots[n as usize] = Slot::Init(value);
        }
        Ok(())
    }

    /// The empty path: `Imm`/`Default` overwrite the cursor node whole;
    /// `Stage` does nothing; `StageDeferred` makes the node the root of a
    /// deferred subtree unless it is deferred already.
    fn set_here(&mut self, src: Src) -> Result<(), MError> {
        let node = self.cur();
        let shape = self.shape(node.shape);
        if matches!(src, Src::Stage | Src::StageDeferred) {
            if node.part == Part::Value && !facts::is_stageable(shape) {
                return Err(MError::Unsupported { path: self.here() });
            }
            let node = self.cur_mut();
            if src == Src::StageDeferred && !node.deferred {
                node.deferred = true;
                node.deferred_root = true;
            }
            return Ok(());
        }
        if node.part != Part::Value {
            return Err(self.staged_only());
        }
        let value = self.check_write(src, shape, self.here())?;
        let fresh = ModelNode::new(self.store, shape.id(), Part::Value, Some(value));
        self.cur_mut().state = fresh.state;
        Ok(())
    }

    /// `End` at the cursor.
    pub(super) fn end(&mut self) -> Result<(), MError> {
        let Some((&slot, parent)) = self.cursor.split_last() else {
            return Err(MError::EndAtRoot);
        };
        let parent = parent.to_vec();
        let node = self.cur();
        if node.deferred && !node.deferred_root {
            // Deferred: a complete node folds, an incomplete one stays.
            if node.is_complete() {
                self.root.descendant_mut(&parent).fold(slot);
            }
            self.cursor.pop();
            return Ok(());
        }
        // Strict node or deferred root: validate the whole subtree.
        let here = self.here();
        let store = self.store;
        super::validate::finalize(store, self.cur_mut(), &here)?;
        self.root.descendant_mut(&parent).fold(slot);
        self.cursor.pop();
        Ok(())
    }

    /// Applies `End` until the cursor is on the root.
    fn climb_to_root(&mut self) -> Result<(), MError> {
        while !self.cursor.is_empty() {
            self.end()?;
        }
        Ok(())
    }

    /// What `build` does: climb, validate the root, hand out its value.
    pub(super) fn finish(&mut self) -> Result<AValue, MError> {
        self.climb_to_root()?;
        let store = self.store;
        super::validate::finalize(store, self.root, "$")?;
        Ok(self.root.value().expect("a validated root is complete"))
    }
}
