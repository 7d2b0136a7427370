//! Cleanup: dropping what nodes own and freeing nodes and allocations,
//! exactly once, in an order that stays correct if a user `Drop` panics.
//!
//! Every drop is preceded by erasing the record of what is dropped, so an
//! unwinding panic can never lead to a second drop of the same value: a
//! later cleanup (the Trame's own `Drop`) finds only what is still owned.

use crate::runtime::{IArena, IHeap, IRuntime};

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
        if let NodeState::Enum(_) = self.nodes.get(id).state {
            self.drop_variant(id);
            return;
        }
        // A partial value: drop initialized slots one by one, then each
        // staged child's subtree.
        loop {
            let next = match &self.nodes.get(id).state {
                NodeState::Slots(s) => s.initialized().next(),
                _ => None,
            };
            let Some(i) = next else { break };
            self.drop_init_slot(id, i);
        }
        loop {
            let next = match &self.nodes.get(id).state {
                NodeState::Slots(s) => s.children().next(),
                _ => None,
            };
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
        }
    }

    /// Frees every node staged below node `id` without dropping anything:
    /// the caller drops `id`'s whole value, which covers their bytes.
    fn forget_staged_children(&mut self, id: NodeId) {
        while let Some(&(slot, child)) = self.nodes.get(id).state.children().first() {
            self.forget_staged_children(child);
            match &mut self.nodes.get_mut(id).state {
                NodeState::Slots(s) => {
                    s.detach(slot);
                }
                NodeState::Enum(e) => e.child = None,
                NodeState::Leaf { .. } => {}
            }
            let _ = self.nodes.remove(child);
        }
    }

    /// Drops the value in initialized slot `i` of node `id`.
    fn drop_init_slot(&mut self, id: NodeId, i: usize) {
        let node = self.nodes.get_mut(id);
        let (data, info) = (node.data, node.slot(i));
        if let NodeState::Slots(s) = &mut node.state {
            s.clear_init(i);
        }
        if let Some(info) = info {
            let ptr = self.heap.offset(data, info.offset);
            // SAFETY: slot `i` held a complete value owned by this node
            // (slots invariant 1); its bit was just cleared.
            unsafe { self.heap.drop_in_place(ptr, info.shape) };
        }
    }

    /// Drops the subtree of `child`, staged at slot `i` of node `id`, and
    /// frees its nodes.
    fn drop_staged_child(&mut self, id: NodeId, i: usize, child: NodeId) {
        // Empty the child first while it is still linked, so a panic
        // leaves it reachable for the next cleanup.
        self.release_contents(child);
        if let NodeState::Slots(s) = &mut self.nodes.get_mut(id).state {
            s.detach(i);
        }
        let _ = self.nodes.remove(child);
    }

    /// Empties slot `i` of node `id`: drops its value or its staged
    /// child's subtree. The slot is uninitialized afterwards.
    pub(super) fn clear_slot(&mut self, id: NodeId, i: usize) {
        let (child, init) = match &self.nodes.get(id).state {
            NodeState::Slots(s) => (s.child(i), s.is_init(i)),
            _ => return,
        };
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
        // SAFETY: the root data is the allocation made for `root_shape`
        // (Trame invariant 1) and `release_contents` left it holding no
        // value.
        unsafe { self.heap.dealloc(node.data, self.root_shape) };
    }
}
