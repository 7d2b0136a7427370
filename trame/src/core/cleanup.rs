//! Cleanup: dropping what nodes own and freeing nodes and allocations,
//! exactly once, in an order that stays correct if a user `Drop` panics.
//!
//! Every drop is preceded by erasing the record of what is dropped, so an
//! unwinding panic can never lead to a second drop of the same value: a
//! later cleanup (the Trame's own `Drop`) finds only what is still owned.

use crate::runtime::{IArena, IHeap, IRuntime, PtrOf};

use super::Trame;
use super::node::{NodeId, NodeState};

impl<'facet, R: IRuntime> Trame<'facet, R> {
    // t[impl state.machine.cleanup-no-double-free]
    /// Drops everything node `id` owns: its initialized value or slots, and
    /// the whole subtree of every staged child (those nodes are freed). The
    /// node itself stays, empty.
    pub(super) fn release_contents(&mut self, id: NodeId) {
        let node = self.nodes.get(id);
        let (shape, data, view) = (node.shape, node.data, node.view);
        let _ = node;
        // A complete value is dropped whole, which runs the type's own
        // `Drop` (fields are not dropped one by one: `drop_in_place` of the
        // whole value already covers them). That includes a value that is
        // complete only through staged children whose subtrees are complete
        // (a complete value that was re-entered): staging into it moved
        // ownership down, but its bytes still form one whole value. For a
        // variant or payload node, complete means the enum (discriminant
        // written, payload complete) is complete, so the enum is dropped
        // whole.
        if self.subtree_complete(id) {
            // Erase every record of those bytes first: the staged nodes are
            // freed without dropping anything, and the node is emptied.
            self.forget_staged_children(id);
            self.nodes.get_mut(id).state = NodeState::new(shape, view, false);
            // SAFETY: every part of the node's value is initialized, owned
            // by the node or by a staged child whose subtree is complete
            // (node invariants 1 and 3: a child's bytes are its slot's
            // bytes), so `data` holds a complete value of `shape`. All
            // records of it were just erased, so nothing drops it again.
            unsafe { self.heap.drop_in_place(data, shape) };
            return;
        }
        match self.nodes.get(id).state {
            NodeState::Enum(_) => self.drop_variant(id),
            // A wrapper frees its payload allocation, a container its
            // chunks, after dropping what they hold.
            NodeState::Wrapper(_) => self.release_wrapper(id),
            NodeState::Container(_) => self.release_container(id),
            // A partial value (or a map entry, which has no shape of its
            // own): drop initialized slots one by one, then each staged
            // child's subtree.
            _ => self.release_slots(id),
        }
    }

    /// Drops node `id`'s initialized slots one by one, then each staged
    /// child's subtree. Slots stay (uninitialized).
    pub(super) fn release_slots(&mut self, id: NodeId) {
        let mut from = 0;
        loop {
            let next = self
                .nodes
                .get(id)
                .state
                .slots()
                .and_then(|s| s.next_init(from));
            let Some(i) = next else { break };
            self.drop_init_slot(id, i);
            from = i + 1;
        }
        loop {
            let next = self
                .nodes
                .get(id)
                .state
                .slots()
                .and_then(|s| s.children().next());
            let Some((slot, child)) = next else { break };
            self.drop_staged_child(id, slot, child);
        }
    }

    /// Whether the bytes of node `id` hold a complete value: the node is
    /// complete, or each of its missing parts is staged by a child whose own
    /// subtree is complete.
    fn subtree_complete(&self, id: NodeId) -> bool {
        match &self.nodes.get(id).state {
            NodeState::Leaf { init } => *init,
            NodeState::Enum(e) => e.init || e.child.is_some_and(|c| self.subtree_complete(c)),
            NodeState::Slots(s) => s
                .missing()
                .all(|i| s.child(i).is_some_and(|child| self.subtree_complete(child))),
            // A wrapper's or container's own bytes hold a value only once
            // made; an entry is never dropped whole.
            NodeState::Wrapper(w) => w.whole,
            NodeState::Container(c) => c.is_closed(),
            NodeState::Entry(_) => false,
        }
    }

    /// Frees every node staged below node `id` without dropping anything:
    /// the caller drops `id`'s whole value, which covers their bytes.
    fn forget_staged_children(&mut self, id: NodeId) {
        while let Some(&(slot, child)) = self.nodes.get(id).state.children().first() {
            self.forget_staged_children(child);
            match &mut self.nodes.get_mut(id).state {
                NodeState::Enum(e) => e.child = None,
                state => {
                    if let Some(s) = state.slots_mut() {
                        s.detach(slot);
                    }
                }
            }
            self.nodes.free(child);
        }
    }
    /// The values stored in slot `i` of node `id`: one value, or a map
    /// entry's key and value. Empty when the slot has no memory yet.
    fn slot_values(&self, id: NodeId, i: usize) -> smallvec::SmallVec<[(PtrOf<R>, R::Shape); 2]> {
        let mut out = smallvec::SmallVec::new();
        let node = self.nodes.get(id);
        match &node.state {
            NodeState::Leaf { .. } | NodeState::Enum(_) => {}
            NodeState::Slots(_) => {
                if let Some(info) = node.slot(i) {
                    out.push((self.heap.offset(node.data, info.offset), info.shape));
                }
            }
            NodeState::Entry(_) => {
                if let Some(v) = super::apply::entry_slot(&self.heap, node.shape, node.data, i) {
                    out.push(v);
                }
            }
            NodeState::Wrapper(w) => {
                if let (Some(p), Some(inner)) = (w.inner, node.wrapper_inner()) {
                    out.push((p, inner));
                }
            }
            NodeState::Container(_) => {
                if let Some(at) = self.element_ptr(id, i) {
                    out = self.element_parts(node.shape, at);
                }
            }
        }
        out
    }

    /// Drops the value in initialized slot `i` of node `id`.
    fn drop_init_slot(&mut self, id: NodeId, i: usize) {
        let values = self.slot_values(id, i);
        if let Some(s) = self.nodes.get_mut(id).state.slots_mut() {
            s.clear_init(i);
        }
        for (ptr, shape) in values {
            // SAFETY: slot `i` held a complete value owned by this node
            // (slots invariant 1); its bit was just cleared.
            unsafe { self.heap.drop_in_place(ptr, shape) };
        }
    }

    /// Drops the subtree of `child`, staged at slot `i` of node `id`, and
    /// frees its nodes.
    fn drop_staged_child(&mut self, id: NodeId, i: usize, child: NodeId) {
        // Empty the child first while it is still linked, so a panic
        // leaves it reachable for the next cleanup.
        self.release_contents(child);
        if let Some(s) = self.nodes.get_mut(id).state.slots_mut() {
            s.detach(i);
        }
        self.nodes.free(child);
    }

    /// Empties slot `i` of node `id`: drops its value or its staged
    /// child's subtree. The slot is uninitialized afterwards.
    pub(super) fn clear_slot(&mut self, id: NodeId, i: usize) {
        let Some(s) = self.nodes.get(id).state.slots() else {
            return;
        };
        let (child, init) = (s.child(i), s.is_init(i));
        if let Some(child) = child {
            self.drop_staged_child(id, i, child);
        } else if init {
            self.drop_init_slot(id, i);
        }
    }

    /// Cleans up the whole tree: every owned value is dropped, every node
    /// freed, and the root allocation released. Idempotent: a second call
    /// finds an empty arena.
    pub(super) fn cleanup_all(&mut self) {
        if self.nodes.is_empty() {
            return;
        }
        let root = self.root;
        self.release_contents(root);
        let node = self.nodes.remove(root);
        // Trame invariant 2: a poisoned (or dropped) Trame keeps no node.
        debug_assert!(self.nodes.is_empty(), "cleanup left nodes in the arena");
        // SAFETY: the root data is the allocation made for `root_shape`
        // (Trame invariant 1) and `release_contents` left it holding no
        // value.
        unsafe { self.heap.dealloc(node.data, self.root_shape) };
    }
}
