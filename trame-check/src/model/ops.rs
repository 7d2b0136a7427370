//! The model's transitions, part one: the [`Builder`] (the active tree and
//! cursor borrowed for one op), `Set` at the empty path, `End` (strict and
//! deferred), climbing with `Root`, and `build`. Entering and writing
//! slots, variants and elements is in [`super::enter`].

use trame::verified::{ShapeId, ShapeStore, VShape};
use trame::{IShape, PathSegment};

use super::facts::{self, NodeKind, Part, node_kind};
use super::tree::{Elements, ModelNode, NodeState};
use super::value::{self, AValue, Leaf};
use super::{MError, NODE_CAPACITY, Src};

/// The active tree and cursor of a model, borrowed for one op. Errors are
/// returned as they are; the caller poisons.
pub(super) struct Builder<'a, 's> {
    pub(super) store: &'s ShapeStore,
    pub(super) root: &'a mut ModelNode,
    pub(super) cursor: &'a mut Vec<u32>,
    /// The format whose proxies apply.
    pub(super) format: Option<&'static str>,
    /// Proxy values converted by this op.
    pub(super) converted: u64,
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
            format: None,
            converted: 0,
        }
    }

    pub(super) fn shape(&self, id: ShapeId) -> VShape<'s> {
        self.store.shape(id)
    }

    pub(super) fn cur(&self) -> &ModelNode {
        self.root.descendant(self.cursor)
    }

    pub(super) fn cur_mut(&mut self) -> &mut ModelNode {
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
    pub(super) fn here(&self) -> String {
        self.path_of(self.cursor)
    }

    /// The path of slot `i` of the cursor node.
    pub(super) fn here_slot(&self, i: u32) -> String {
        let node = self.cur();
        self.here() + &facts::step_name(self.shape(node.shape), node.part, i as usize)
    }

    pub(super) fn out_of_range(&self, index: u32, count: usize) -> MError {
        MError::FieldOutOfRange {
            path: self.here(),
            index,
            count,
        }
    }

    pub(super) fn check_capacity(&self) -> Result<(), MError> {
        match self.root.count() >= NODE_CAPACITY {
            true => Err(MError::OutOfCapacity),
            false => Ok(()),
        }
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
            Src::StageProxy => self.enter_proxy(*last),
            Src::StageObject | Src::StageObjectDeferred => {
                self.enter(*last, src == Src::StageObjectDeferred)?;
                self.make_object()
            }
            _ => self.write_slot(*last, src),
        }
    }

    /// Checks that `src` fits a location of `shape` at `path`; the value
    /// it writes.
    pub(super) fn check_write(
        &self,
        src: Src,
        shape: VShape<'_>,
        path: String,
    ) -> Result<AValue, MError> {
        match src {
            Src::Imm { shape: found, tag } if found == shape.id() => {
                Ok(value::fill(shape, Part::Value, Leaf::Imm(tag), 0))
            }
            Src::Imm { shape: found, tag } => {
                match super::dynamic::from_scalar(shape, self.shape(found), tag, &path) {
                    Some(made) => made,
                    None => Err(MError::ShapeMismatch { path }),
                }
            }
            Src::Default if shape.has_default() => {
                Ok(value::fill(shape, Part::Value, Leaf::Default, 0))
            }
            Src::Default => Err(MError::NoDefault { path }),
            Src::Parse(_) | Src::ParseBytes(_) | Src::Convert { .. } => {
                super::hooks::made(shape, src, path)
            }
            Src::Stage
            | Src::StageDeferred
            | Src::StageProxy
            | Src::StageObject
            | Src::StageObjectDeferred => unreachable!("staging is not a write"),
        }
    }

    /// The error for `Imm`/`Default` at an enum's variant or at a variant's
    /// payload as a whole.
    pub(super) fn staged_only(&self) -> MError {
        MError::Unsupported { path: self.here() }
    }

    /// The empty path: `Imm`/`Default` overwrite the cursor node whole
    /// (closing a container); `Stage` opens a container (an error when it
    /// is closed) and does nothing else; `StageDeferred` also makes the
    /// node the root of a deferred subtree unless it is deferred already.
    fn set_here(&mut self, src: Src) -> Result<(), MError> {
        if src == Src::StageProxy {
            return self.proxy_here();
        }
        let node = self.cur();
        let shape = self.shape(node.shape);
        let object = matches!(src, Src::StageObject | Src::StageObjectDeferred);
        if matches!(src, Src::Stage | Src::StageDeferred) || object {
            if node.part.is_value() && !facts::is_stageable(shape) {
                return Err(MError::Unsupported { path: self.here() });
            }
            let closed = MError::ContainerClosed { path: self.here() };
            let node = self.cur_mut();
            let deferred = matches!(src, Src::StageDeferred | Src::StageObjectDeferred);
            if deferred && !node.deferred {
                node.deferred = true;
                node.deferred_root = true;
            }
            open(node).map_err(|()| closed)?;
            return match object {
                true => self.make_object(),
                false => Ok(()),
            };
        }
        match node.part {
            Part::Value | Part::Proxy(_) => {}
            Part::Entry => return Err(MError::Unsupported { path: self.here() }),
            Part::Variant(_) | Part::Payload(_) => return Err(self.staged_only()),
        }
        let value = self.check_write(src, shape, self.here())?;
        // A proxy node written whole becomes a plain node of its shape.
        let fresh = ModelNode::new(self.store, shape.id(), Part::Value, Some(value));
        let node = self.cur_mut();
        node.state = fresh.state;
        node.part = Part::Value;
        // A dynamic value written whole forgets the form it was staged in.
        node.object = false;
        Ok(())
    }

    /// `StageObject` at the cursor node, opened already.
    fn make_object(&mut self) -> Result<(), MError> {
        let here = self.here();
        let shape = self.shape(self.cur().shape);
        super::dynamic::make_object(shape, self.cur_mut(), here)
    }

    /// `End` at the cursor.
    pub(super) fn end(&mut self) -> Result<(), MError> {
        let Some((&slot, parent)) = self.cursor.split_last() else {
            return Err(MError::EndAtRoot);
        };
        let parent = parent.to_vec();
        let node = self.cur();
        if node.deferred && !node.deferred_root {
            // Deferred: a complete node folds, an incomplete one stays; so
            // does a complete one whose invariants are to be checked (at
            // validation, so that it may be corrected before).
            if node.is_complete() && !checks_invariants(self.store, node) {
                self.root.descendant_mut(&parent).fold(slot);
            }
            self.cursor.pop();
            return Ok(());
        }
        // Strict node or deferred root: validate the whole subtree, then
        // check the node's own invariants.
        let here = self.here();
        let store = self.store;
        self.converted += super::validate::finalize(store, self.cur_mut(), &here)?;
        super::validate::check_invariants(store, self.cur(), &here)?;
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
        self.converted += super::validate::finalize(store, self.root, "$")?;
        // The root is checked however its value was made.
        super::validate::check_invariants(store, self.root, "$")?;
        Ok(self.root.value().expect("a validated root is complete"))
    }
}

/// Opens `node` if it is a container: an empty one starts staging; a
/// closed one is an error. Other nodes are left as they are.
pub(super) fn open(node: &mut ModelNode) -> Result<(), ()> {
    match &mut node.state {
        NodeState::Container(Elements::Closed(_)) => Err(()),
        NodeState::Container(c @ Elements::Empty) => {
            *c = Elements::Staging(Vec::new());
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Whether `node` is checked against its shape's invariants when it
/// becomes complete: a whole value (not a variant, payload or map entry)
/// of a shape that declares them.
pub(super) fn checks_invariants(store: &ShapeStore, node: &ModelNode) -> bool {
    node.part.is_value() && super::hooks::hooks(store.shape(node.shape)).invariants
}

/// Whether a node of this kind takes `Field(n)` as a slot index (not a
/// variant, not an error by kind alone).
pub(super) fn has_slots(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Slots | NodeKind::Wrapper | NodeKind::Container
    )
}

/// The kind of the node `node` is.
pub(super) fn kind_of(store: &ShapeStore, node: &ModelNode) -> NodeKind {
    node_kind(store.shape(node.shape), node.part)
}
