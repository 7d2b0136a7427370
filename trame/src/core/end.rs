//! `End` (strict: validate and fold; deferred: keep an incomplete node for
//! re-entry), climbing to the root, and the validation every exit from a
//! strict node or a deferred subtree performs: defaults for missing fields,
//! folding of complete children, and a report of every missing path.

use smallvec::SmallVec;

use crate::error::TrameError;
use crate::runtime::{FieldRef, IArena, IHeap, IRuntime, IShape, ShapeKind, SlotDefault};

use super::Trame;
use super::container::Status;
use super::node::{EnumState, NodeId, NodeState, View};

/// A missing part found by validation, rendered while the tree still
/// exists.
pub(super) struct Missing {
    /// Path of the node that lacks the part.
    node_path: String,
    /// Shape of that node.
    shape: String,
    /// The missing field's name; `None` when the node itself (a leaf) was
    /// never set.
    field: Option<String>,
    /// Full path of the missing part.
    full: String,
}

// t[impl resource.missing.bounded]
/// How many missing parts a validation error lists; the others are
/// counted, never rendered, so that validating a huge array with nothing
/// set costs no more than this.
pub(super) const MAX_MISSING_REPORTED: usize = 64;

/// The missing parts found by a validation: the first
/// [`MAX_MISSING_REPORTED`] rendered, the rest counted.
#[derive(Default)]
pub(super) struct MissingList {
    items: Vec<Missing>,
    /// The node of the first item.
    first: Option<NodeId>,
    /// Missing parts not listed.
    more: usize,
    /// Of those, the parts of the first item's node.
    first_more: usize,
}

impl MissingList {
    /// Records the `count` missing parts of node `node` that `parts`
    /// yields (in order), rendering each with `render` while there is
    /// room and counting the rest.
    fn push_each(
        &mut self,
        node: NodeId,
        count: usize,
        parts: impl Iterator<Item = usize>,
        mut render: impl FnMut(usize) -> Missing,
    ) {
        let room = MAX_MISSING_REPORTED.saturating_sub(self.items.len());
        let before = self.items.len();
        self.items.extend(parts.take(room).map(&mut render));
        if before == 0 && !self.items.is_empty() {
            self.first = Some(node);
        }
        let listed = self.items.len() - before;
        let rest = count.saturating_sub(listed);
        self.more += rest;
        if self.first == Some(node) {
            self.first_more += rest;
        }
    }

    /// Records one missing part of node `node` (`count` 1), or several
    /// rendered as one.
    fn push(&mut self, node: NodeId, count: usize, render: impl FnOnce() -> Missing) {
        let mut render = Some(render);
        self.push_each(node, count, core::iter::once(0), |_| {
            (render.take().expect("rendered once"))()
        });
    }
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// `End` at the cursor. Errors at the root. A deferred node below its
    /// deferred root is kept if incomplete; any other node is validated
    /// (with its whole subtree) and folded into its parent.
    pub(super) fn end_current(&mut self) -> Result<(), TrameError> {
        let cur = self.cursor;
        let node = self.nodes.get(cur);
        // t[impl api.end.root-is-error]
        let Some((parent, slot)) = node.parent() else {
            return Err(TrameError::EndAtRoot);
        };
        if node.deferred && !node.deferred_root {
            // t[impl state.machine.deferred-end]
            // Validation waits for the deferred root; a complete node folds
            // now (re-staging its slot later hands the value back down),
            // unless its invariants are to be checked: that waits for
            // validation too, so the node stays.
            if node.state.is_complete() && !self.checks_invariants(cur) {
                self.fold(cur, parent, slot)?;
            }
            self.cursor = parent;
            return Ok(());
        }
        // t[impl state.machine.strict-end]
        // (For wrappers and containers, finalizing also makes their value:
        // the payload goes into `Some`/the pointer, staged elements are
        // materialized into the container.)
        let check = node.shape.has_invariants();
        if !node.state.is_complete() {
            self.finalize_subtree(cur)?;
        }
        if check {
            self.check_node_invariants(cur)?;
        }
        self.fold_unchecked(cur, parent, slot);
        self.cursor = parent;
        Ok(())
    }
    /// Folds the complete node `child` into slot `slot` of `parent`: the
    /// parent's slot becomes initialized (taking ownership of the bytes)
    /// and the child node is freed. For a container parent this records the
    /// element as complete in the container's per-element state; nothing
    /// enters the live container until it closes.
    ///
    /// A node whose shape declares invariants is checked first: if they
    /// fail, nothing is folded and the error names the node.
    fn fold(&mut self, child: NodeId, parent: NodeId, slot: usize) -> Result<(), TrameError> {
        if self.nodes.get(child).shape.has_invariants() {
            self.check_node_invariants(child)?;
        }
        self.fold_unchecked(child, parent, slot);
        Ok(())
    }

    /// [`Self::fold`] for a node whose invariants the caller checked.
    fn fold_unchecked(&mut self, child: NodeId, parent: NodeId, slot: usize) {
        self.nodes.free(child);
        let parent = self.nodes.get_mut(parent);
        if let NodeState::Enum(e) = &mut parent.state {
            // The complete variant makes the enum complete.
            e.child = None;
            e.init = true;
            return;
        }
        if let Some(slots) = parent.state.slots_mut() {
            slots.detach(slot);
            slots.set_init(slot);
        }
    }

    /// Whether node `id` stands for a whole value whose shape declares
    /// invariants (a variant, a payload or a map entry does not: the
    /// enum's or map's own node does).
    fn checks_invariants(&self, id: NodeId) -> bool {
        let node = self.nodes.get(id);
        node.view == View::Value
            && !matches!(node.state, NodeState::Entry(_))
            && node.shape.has_invariants()
    }

    // t[impl hook.invariants.when]
    /// Runs the invariants of complete node `id`, if its shape has any.
    #[cold]
    #[inline(never)]
    pub(super) fn check_node_invariants(&mut self, id: NodeId) -> Result<(), TrameError> {
        if !self.checks_invariants(id) {
            return Ok(());
        }
        let node = self.nodes.get(id);
        let (data, shape) = (node.data, node.shape);
        // SAFETY: the node is complete (callers fold or build only complete
        // nodes), so its data holds a whole value of its shape (node
        // invariant 3), which the shape's invariants hook may read.
        let r = unsafe { self.heap.check_invariants(data, shape) };
        r.map_err(|e| TrameError::InvariantViolated {
            path: self.path_of(id),
            shape: super::render::shape_name(shape),
            message: e.message,
        })
    }

    // t[impl state.init.byte-tracking]
    // t[impl resource.depth.no-recursion]
    /// Validates the subtree rooted at `id`: children first (each complete
    /// child is folded), then defaults for missing fields. Errors with the
    /// missing paths in the subtree (the first [`MAX_MISSING_REPORTED`],
    /// then how many more).
    ///
    /// Iterative: a work stack holds, per node, a visit (descend into its
    /// staged children) and then its finish (`finalize_node`), so the
    /// order is that of a depth-first walk in which each child is
    /// finalized, and folded if complete, before its next sibling.
    pub(super) fn finalize_subtree(&mut self, id: NodeId) -> Result<(), TrameError> {
        if self.nodes.get(id).state.is_complete() {
            return Ok(());
        }
        let mut missing = MissingList::default();
        // `(node, finish)`: `false` visits the node, `true` finishes it.
        // Inline room for a shallow subtree: most validations allocate
        // nothing.
        let mut work: SmallVec<[(NodeId, bool); 16]> = SmallVec::new();
        work.push((id, false));
        while let Some((n, finish)) = work.pop() {
            if !finish {
                if !self.nodes.get(n).state.is_complete() {
                    work.push((n, true));
                    let children = self.nodes.get(n).state.children();
                    // Reversed: the first child is visited first.
                    work.extend(children.into_iter().rev().map(|(_, c)| (c, false)));
                    continue;
                }
            } else {
                self.finalize_node(n, &mut missing)?;
            }
            // A complete child folds into its parent; the subtree's root
            // is folded (or not) by the caller.
            if n != id && self.nodes.get(n).state.is_complete() {
                let (parent, slot) = (self.nodes.get(n).parent())
                    .expect("a staged node has a parent (node invariant 2)");
                self.fold(n, parent, slot)?;
            }
        }
        match missing.items.is_empty() {
            true => Ok(()),
            false => Err(incomplete(missing)),
        }
    }

    /// Finishes node `id`, whose staged children were finalized (and folded
    /// where complete) already: defaults for missing fields, the value of
    /// a wrapper or container whose parts are complete, and a record of
    /// every missing part in `missing`. Errors only when making a
    /// wrapper's or container's value fails (capacity of a bounded
    /// runtime).
    fn finalize_node(&mut self, id: NodeId, missing: &mut MissingList) -> Result<(), TrameError> {
        self.apply_defaults(id);
        // A wrapper or container whose parts are all complete makes its
        // value now (t[impl state.machine.container-materialize-on-close]).
        match &self.nodes.get(id).state {
            NodeState::Wrapper(w) if w.slots.is_complete() && w.inner().is_some() => {
                return self.close_wrapper(id);
            }
            NodeState::Container(c) if c.status == Status::Staging && c.slots.is_complete() => {
                return self.close_container(id);
            }
            _ => {}
        }
        let node = self.nodes.get(id);
        let whole = |t: &Self| Missing {
            node_path: t.path_of(id),
            shape: node.name(),
            field: None,
            full: t.path_of(id),
        };
        match &node.state {
            NodeState::Leaf { init: false }
            | NodeState::Enum(EnumState {
                init: false,
                child: None,
                ..
            }) => missing.push(id, 1, || whole(self)),
            NodeState::Slots(s) | NodeState::Entry(s) if !s.is_complete() => {
                let entry = matches!(node.state, NodeState::Entry(_));
                // Rendered only if a part is listed (a path costs the depth).
                let node_path = core::cell::OnceCell::new();
                let unset = s.missing().filter(|&i| s.child(i).is_none());
                missing.push_each(id, s.unset_count(), unset, |i| {
                    let mut field = String::new();
                    let shape = if entry {
                        field.push_str(super::render::entry_slot_name(i));
                        format!("entry of {}", node.name())
                    } else {
                        let _ = node.write_slot_name(i, self.input_names, &mut field);
                        node.name()
                    };
                    Missing {
                        node_path: node_path.get_or_init(|| self.path_of(id)).clone(),
                        shape,
                        field: Some(field),
                        full: self.path_of_slot(id, i),
                    }
                });
            }
            // A `Result` variant with no payload: named like an enum's.
            NodeState::Wrapper(w) if w.slots.child(0).is_none() && node.view != View::Value => {
                missing.push(id, 1, || Missing {
                    node_path: self.path_of(id),
                    shape: node.name(),
                    field: Some("payload".to_owned()),
                    full: self.path_of_slot(id, 0),
                })
            }
            // A wrapper with no payload, or a container never opened: the
            // value itself is missing.
            NodeState::Wrapper(w) if w.slots.child(0).is_none() => {
                missing.push(id, 1, || whole(self))
            }
            NodeState::Container(c) if c.status == Status::Empty => {
                missing.push(id, 1, || whole(self))
            }
            NodeState::Container(c) if c.status == Status::Staging => {
                // Rendered only if a part is listed (a path costs the depth).
                let node_path = core::cell::OnceCell::new();
                let unset = c.slots.missing().filter(|&i| c.slots.child(i).is_none());
                missing.push_each(id, c.slots.unset_count(), unset, |i| Missing {
                    node_path: node_path.get_or_init(|| self.path_of(id)).clone(),
                    shape: node.name(),
                    field: Some(format!("[{i}]")),
                    full: self.path_of_slot(id, i),
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// Fills missing (not initialized, not staged) fields of a struct or a
    /// variant payload that have a default: `#[facet(default)]`,
    /// `#[facet(default = …)]`, or an `Option` field (`None`). A struct's
    /// own `Default` is never used.
    fn apply_defaults(&mut self, id: NodeId) {
        let node = self.nodes.get(id);
        match node.view {
            View::Value if node.shape.kind() == ShapeKind::Struct => {
                self.fill_defaults(id, FieldRef::Struct)
            }
            View::Payload(v) => self.fill_defaults(id, |i| FieldRef::Variant(v as usize, i)),
            _ => {}
        }
    }

    /// Writes defaults into the missing, unstaged slots of node `id`, slot
    /// `i` being `field(i)` of the node's shape.
    fn fill_defaults(&mut self, id: NodeId, field: impl Fn(usize) -> FieldRef) {
        let node = self.nodes.get(id);
        let (shape, data) = (node.shape, node.data);
        let NodeState::Slots(slots) = &node.state else {
            return;
        };
        let candidates: SmallVec<[usize; 8]> = slots
            .missing()
            .filter(|&i| slots.child(i).is_none())
            .collect();
        for i in candidates {
            let Some(info) = self.nodes.get(id).slot(i) else {
                continue;
            };
            let dst = self.heap.offset(data, info.offset);
            let written = match shape.field_default(field(i)) {
                // SAFETY: `dst` is slot `i` of this node's value (node
                // invariant 1), uninitialized and not staged (just checked,
                // slots invariant 1).
                SlotDefault::FieldType | SlotDefault::Custom => unsafe {
                    self.heap.default_field(dst, shape, field(i))
                },
                // SAFETY: as above; an `Option`'s default is `None`.
                SlotDefault::None if info.shape.kind() == ShapeKind::Option => unsafe {
                    self.heap.default_in_place(dst, info.shape)
                },
                SlotDefault::None => false,
            };
            if written && let Some(slots) = self.nodes.get_mut(id).state.slots_mut() {
                slots.set_init(i);
            }
        }
    }

    // t[impl api.path.root-first]
    /// Climbs to the root, applying `End` at every node on the way.
    pub(super) fn climb_to_root(&mut self) -> Result<(), TrameError> {
        while self.cursor != self.root {
            self.end_current()?;
        }
        Ok(())
    }

    // t[impl api.build.climbs-from-cursor]
    // t[impl state.machine.build-finalization]
    /// What `build` does before handing the value out: climb from the
    /// cursor with `End` semantics, then validate the whole tree.
    pub(super) fn finish(&mut self) -> Result<(), TrameError> {
        self.climb_to_root()?;
        self.finalize_subtree(self.root)?;
        if self.root_shape.has_invariants() {
            self.check_node_invariants(self.root)?;
        }
        Ok(())
    }
}

/// The error for a validation that found `missing` parts (not empty): it
/// names the first incomplete node and its missing fields, and lists the
/// missing paths (the parts left unlisted are counted in a last entry,
/// `… and K more`).
fn incomplete(missing: MissingList) -> TrameError {
    let first = &missing.items[0];
    let (path, shape) = (first.node_path.clone(), first.shape.clone());
    let mut fields: Vec<String> = missing
        .items
        .iter()
        .filter(|m| m.node_path == path)
        .filter_map(|m| m.field.clone())
        .collect();
    if missing.first_more > 0 && !fields.is_empty() {
        fields.push(format!("… and {} more", missing.first_more));
    }
    let mut all: Vec<String> = missing.items.into_iter().map(|m| m.full).collect();
    if missing.more > 0 {
        all.push(format!("… and {} more", missing.more));
    }
    TrameError::Incomplete {
        path,
        shape,
        missing: fields,
        all,
    }
}
