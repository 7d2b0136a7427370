//! Cleanup: dropping what nodes own and freeing nodes and allocations,
//! exactly once, in an order that stays correct if a user `Drop` panics.
//!
//! Every drop is preceded by erasing the record of what is dropped, so an
//! unwinding panic can never lead to a second drop of the same value: a
//! later cleanup (the Trame's own `Drop`) finds only what is still owned.
//!
//! Nothing here recurses per tree level: a tree may be as deep as the input
//! made it (a million staged levels of a recursive type), so cleanup walks
//! it with an explicit work stack ([`Work`]) and parent links. The order of
//! drops is that of a depth-first walk: a node drops its initialized slots
//! in index order, then empties each staged child's subtree completely,
//! unlinks and frees that child, and only then moves on to the next one.

use smallvec::SmallVec;

use crate::runtime::{IArena, IHeap, IRuntime, IShape, PtrOf};

use super::Trame;
use super::node::{NodeId, NodeState};

/// One step of [`Trame::release_contents`]'s work stack. Each stands for
/// the rest of what a recursive cleanup would do after a call returns; a
/// node id is enough, the slot a child stands for being its parent link.
#[derive(Clone, Copy)]
enum Work {
    /// Drop everything node `id` owns (the start of `release_contents`).
    Release(NodeId),
    /// Empty the next staged child of slotted or container node `id`, if
    /// any (and come back for the one after).
    NextChild(NodeId),
    /// The staged child `id` was emptied: erase its parent's record of it
    /// and free the node.
    Unlink(NodeId),
    /// The variant node `id` was emptied: free it and erase the enum's
    /// selection (its discriminant too).
    VariantDone(NodeId),
    /// Wrapper node `id`'s slot was emptied: free its inner allocation.
    WrapperDone(NodeId),
    /// Container node `id`'s elements were dropped: free its chunks.
    ContainerDone(NodeId),
}

/// The work stack of [`Trame::release_contents`].
type WorkStack = SmallVec<[Work; 16]>;

impl<'facet, R: IRuntime> Trame<'facet, R> {
    // t[impl state.machine.cleanup-no-double-free]
    // t[impl resource.depth.no-recursion]
    /// Drops everything node `id` owns: its initialized value or slots, and
    /// the whole subtree of every staged child (those nodes are freed). The
    /// node itself stays, empty. Iterative: the work stack grows with the
    /// tree, the call stack does not.
    pub(super) fn release_contents(&mut self, id: NodeId) {
        // Inline room for a shallow subtree: most cleanups allocate nothing.
        let mut work: WorkStack = SmallVec::new();
        work.push(Work::Release(id));
        while let Some(step) = work.pop() {
            match step {
                Work::Release(id) => self.release_step(id, &mut work),
                Work::NextChild(id) => {
                    let next = (self.nodes.get(id).state.slots()).and_then(|s| s.children().next());
                    if let Some((_, child)) = next {
                        // Empty the child first while it is still linked, so
                        // a panic leaves it reachable for the next cleanup.
                        work.push(Work::NextChild(id));
                        work.push(Work::Unlink(child));
                        work.push(Work::Release(child));
                    }
                }
                Work::Unlink(child) => self.unlink(child),
                Work::VariantDone(child) => {
                    let (parent, _) = self.link(child);
                    self.nodes.free(child);
                    self.unselect(parent);
                }
                Work::WrapperDone(id) => self.free_wrapper_inner(id),
                Work::ContainerDone(id) => self.free_container_chunks(id),
            }
        }
    }

    /// The start of emptying node `id`: drops what can be dropped at once
    /// and pushes the rest (staged children, then the node's allocations)
    /// onto `work`.
    fn release_step(&mut self, id: NodeId, work: &mut WorkStack) {
        let node = self.nodes.get(id);
        let (shape, data, view) = (node.shape, node.data, node.view);
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
        match &mut self.nodes.get_mut(id).state {
            NodeState::Enum(e) => match e.child {
                // The variant's subtree first, then the selection.
                Some(child) => {
                    work.push(Work::VariantDone(child));
                    work.push(Work::Release(child));
                }
                None => self.unselect(id),
            },
            NodeState::Wrapper(w) => {
                if w.whole() {
                    w.set_whole(false);
                    // SAFETY: wrapper invariant 2: the data held a complete
                    // wrapper value owned by the node; its record was just
                    // erased.
                    unsafe { self.heap.drop_in_place(data, shape) };
                    return;
                }
                // Slot 0's value or staged subtree first, then the
                // allocation.
                work.push(Work::WrapperDone(id));
                self.clear_slot_deferring(id, 0, work);
            }
            NodeState::Container(c) => {
                if c.is_closed() {
                    c.status = super::container::Status::Empty;
                    // SAFETY: container invariant 1: the data held a
                    // complete container value owned by the node; its
                    // record was just erased.
                    unsafe { self.heap.drop_in_place(data, shape) };
                    return;
                }
                // Every element, then the chunks.
                work.push(Work::ContainerDone(id));
                self.drop_init_slots(id);
                work.push(Work::NextChild(id));
            }
            // A partial value (or a map entry, which has no shape of its
            // own): drop initialized slots one by one, then each staged
            // child's subtree.
            _ => {
                self.drop_init_slots(id);
                work.push(Work::NextChild(id));
            }
        }
    }

    /// The parent link of node `id`, which is not the root.
    fn link(&self, id: NodeId) -> (NodeId, usize) {
        self.nodes
            .get(id)
            .parent()
            .expect("a staged node has a parent (node invariant 2)")
    }

    /// Erases the record of the emptied staged node `child` in its parent
    /// and frees it.
    fn unlink(&mut self, child: NodeId) {
        let (parent, slot) = self.link(child);
        if let Some(s) = self.nodes.get_mut(parent).state.slots_mut() {
            s.detach(slot);
        }
        self.nodes.free(child);
    }

    /// Erases the selection of enum node `id`, whose variant node is gone
    /// (or never was), and clears its discriminant.
    pub(super) fn unselect(&mut self, id: NodeId) {
        let node = self.nodes.get_mut(id);
        let shape = node.shape;
        let NodeState::Enum(e) = &mut node.state else {
            return;
        };
        let variant = e.variant;
        *e = super::enums::EMPTY;
        if variant.is_some() && shape.variant_payload_in_place() {
            let data = node.data;
            // SAFETY: the payload was just dropped (or was never written).
            unsafe { self.heap.clear_variant(data, shape) };
        }
    }

    /// Drops node `id`'s initialized slots one by one, in index order.
    /// Slots stay (uninitialized).
    fn drop_init_slots(&mut self, id: NodeId) {
        let mut from = 0;
        loop {
            let next = (self.nodes.get(id).state.slots()).and_then(|s| s.next_init(from));
            let Some(i) = next else { break };
            self.drop_init_slot(id, i);
            from = i + 1;
        }
    }

    /// Whether the bytes of node `id` hold a complete value: the node is
    /// complete, or each of its missing parts is staged by a child whose own
    /// subtree is complete. Iterative (a conjunction over the subtree).
    fn subtree_complete(&self, id: NodeId) -> bool {
        let mut pending: SmallVec<[NodeId; 8]> = SmallVec::new();
        pending.push(id);
        while let Some(id) = pending.pop() {
            let mut staged = |child: Option<NodeId>| match child {
                Some(c) => {
                    pending.push(c);
                    true
                }
                None => false,
            };
            let complete = match &self.nodes.get(id).state {
                NodeState::Leaf { init } => *init,
                NodeState::Enum(e) => e.init || staged(e.child),
                NodeState::Slots(s) => s.missing().all(|i| staged(s.child(i))),
                // A wrapper's or container's own bytes hold a value only
                // once made; an entry is never dropped whole.
                NodeState::Wrapper(w) => w.whole(),
                NodeState::Container(c) => c.is_closed(),
                NodeState::Entry(_) => false,
            };
            if !complete {
                return false;
            }
        }
        true
    }

    /// Frees every node staged below node `id` without dropping anything:
    /// the caller drops `id`'s whole value, which covers their bytes.
    /// `id`'s records of its children are erased first.
    fn forget_staged_children(&mut self, id: NodeId) {
        let mut pending: Vec<NodeId> = Vec::new();
        while let Some(&(slot, child)) = self.nodes.get(id).state.children().first() {
            match &mut self.nodes.get_mut(id).state {
                NodeState::Enum(e) => e.child = None,
                state => {
                    if let Some(s) = state.slots_mut() {
                        s.detach(slot);
                    }
                }
            }
            pending.push(child);
        }
        // Nothing below is referenced any more: free node after node.
        while let Some(n) = pending.pop() {
            let node = self.nodes.remove(n);
            pending.extend(node.state.children().into_iter().map(|(_, c)| c));
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
                if let (Some(p), Some(inner)) = (w.inner(), node.wrapper_inner()) {
                    out.push((p, inner));
                }
            }
            NodeState::Container(_) => {
                if let Some(at) = self.element_ptr(id, i) {
                    out = self.element_parts(id, at);
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
        debug_assert_eq!(self.nodes.get(child).parent(), Some((id, i)));
        // Empty the child first while it is still linked, so a panic
        // leaves it reachable for the next cleanup.
        self.release_contents(child);
        self.unlink(child);
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

    /// [`Self::clear_slot`] inside [`Self::release_contents`]: a staged
    /// child's subtree is pushed onto `work` instead of emptied at once.
    fn clear_slot_deferring(&mut self, id: NodeId, i: usize, work: &mut WorkStack) {
        let Some(s) = self.nodes.get(id).state.slots() else {
            return;
        };
        let (child, init) = (s.child(i), s.is_init(i));
        if let Some(child) = child {
            work.push(Work::Unlink(child));
            work.push(Work::Release(child));
        } else if init {
            self.drop_init_slot(id, i);
        }
    }

    /// Cleans up the whole tree: every owned value is dropped, every node
    /// freed, and the root allocation released. Idempotent: a second call
    /// finds an empty arena.
    pub(super) fn cleanup_all(&mut self) {
        /// Finishes the cleanup while unwinding from a panic in a user
        /// `Drop`: every record is erased before its value is dropped, and
        /// a staged child stays linked until it is empty, so a second pass
        /// from the root finds exactly what is still owned, drops it once
        /// and frees the root allocation (a second panic aborts, as in the
        /// standard library's own drop glue).
        struct OnUnwind<'t, 'facet, R: IRuntime>(&'t mut Trame<'facet, R>);
        impl<R: IRuntime> Drop for OnUnwind<'_, '_, R> {
            fn drop(&mut self) {
                self.0.release_tree();
            }
        }
        let guard = OnUnwind(self);
        guard.0.release_tree();
        core::mem::forget(guard);
    }

    /// One pass of [`Trame::cleanup_all`].
    fn release_tree(&mut self) {
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
