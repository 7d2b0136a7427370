//! Enums: `Field(n)` at an enum node selects variant `n`, writing its
//! discriminant at once; re-selecting the active variant resumes it;
//! selecting another drops the old payload (or the whole old value) first.
//!
//! Three levels of nodes stand for an enum under construction: the enum
//! node (state [`EnumState`]), the variant node (one slot: the payload) and
//! the payload node (the variant's fields, at offsets from the enum start).
//!
//! A `Result` (an enum whose payloads are not built in place, see
//! [`IShape::variant_payload_in_place`]) has the same three levels, but its
//! variant node is a wrapper node (see [`super::wrapper`]): the payload is a
//! whole value of the `Ok`/`Err` shape in an allocation of its own, moved
//! in by [`IHeap::result_init`] when the variant node closes. Nothing is
//! written at selection, so the selection takes effect then. Re-selecting
//! the variant a whole `Result` already has gives a variant node holding
//! that whole value (like an `Option` set whole): staging or writing its
//! payload drops the whole value and starts the payload afresh, since a
//! payload cannot be moved back out of a `Result`.

use crate::error::TrameError;
use crate::runtime::{IArena, IHeap, IRuntime, IShape};

use super::Trame;
use super::node::{EnumState, Node, NodeId, NodeState, View};

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// `Field(n)` at enum node `cur`: makes variant `n` active and moves
    /// the cursor to its variant node.
    pub(super) fn enter_variant(
        &mut self,
        cur: NodeId,
        n: u32,
        defer: bool,
    ) -> Result<(), TrameError> {
        let node = self.nodes.get(cur);
        let (shape, data, deferred) = (node.shape, node.data, node.deferred);
        let count = shape.variant_count();
        if n as usize >= count {
            return Err(TrameError::FieldOutOfRange {
                path: self.path_of(cur),
                shape: node.name(),
                index: n,
                count,
            });
        }
        let state = enum_state(node);
        if let (Some(active), Some(child)) = (state.variant, state.child) {
            if active == n {
                self.cursor = child;
                return Ok(());
            }
            // t[impl state.machine.enum-switch-drops-previous]
            self.drop_variant(cur);
        }
        let mut resume_whole = false;
        if state.init {
            // SAFETY: `init` means the enum holds a complete value
            // (`EnumState` invariant 1).
            let active = unsafe { self.heap.active_variant(data, shape) };
            if active == Some(n as usize) {
                resume_whole = true;
            } else {
                // t[impl state.machine.enum-direct-then-switch]
                *enum_state_mut(self.nodes.get_mut(cur)) = EMPTY;
                // SAFETY: the enum held a complete value owned by this node;
                // its record was just erased, so it is dropped once.
                unsafe { self.heap.drop_in_place(data, shape) };
            }
        }
        let in_place = shape.variant_payload_in_place();
        let unit = in_place && shape.variant_field_count(n as usize) == 0;
        let variant = Node::new(
            shape,
            View::Variant(n),
            data,
            Some((cur, n as usize)),
            NodeState::new(shape, View::Variant(n), resume_whole || unit),
            deferred || defer,
            defer && !deferred,
        );
        let id = self
            .nodes
            .insert(variant)
            .map_err(|e| TrameError::OutOfCapacity { what: e.what })?;
        if !resume_whole && in_place {
            // t[impl state.machine.enum-select-writes-discriminant]
            // SAFETY: node invariant 1 makes `data` valid for the enum; it
            // holds no payload (never written, or dropped just above).
            unsafe { self.heap.select_variant(data, shape, n as usize) };
        }
        // A resumed whole value hands its ownership down to the variant.
        *enum_state_mut(self.nodes.get_mut(cur)) = EnumState {
            init: false,
            variant: Some(n),
            child: Some(id),
        };
        self.cursor = id;
        Ok(())
    }

    /// Drops the selected variant of enum node `id`: its variant node's
    /// whole subtree (for a `Result`: the staged payload and its
    /// allocation), then the discriminant. The enum is empty afterwards.
    pub(super) fn drop_variant(&mut self, id: NodeId) {
        if let Some(child) = enum_state(self.nodes.get(id)).child {
            // Empty the variant while it is still linked (panic safety).
            self.release_contents(child);
            self.nodes.free(child);
        }
        self.unselect(id);
    }
}

/// An enum with nothing selected and nothing initialized.
pub(super) const EMPTY: EnumState = EnumState {
    init: false,
    variant: None,
    child: None,
};

/// The state of a node known to be an enum node.
pub(super) fn enum_state<R: IRuntime>(node: &Node<R>) -> EnumState {
    match &node.state {
        NodeState::Enum(s) => *s,
        _ => unreachable!("enum access on a non-enum node"),
    }
}

/// The state of a node known to be an enum node, mutably.
pub(super) fn enum_state_mut<R: IRuntime>(node: &mut Node<R>) -> &mut EnumState {
    match &mut node.state {
        NodeState::Enum(s) => s,
        _ => unreachable!("enum access on a non-enum node"),
    }
}
