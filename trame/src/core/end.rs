//! `End` (validate and fold in strict mode), climbing to the root, and the
//! validation `build` performs.

use crate::error::TrameError;
use crate::runtime::{IArena, IRuntime, IShape};

use super::Trame;
use super::apply::slots_of_mut;
use super::node::{NodeId, NodeState};

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// `End` at the cursor: errors at the root; otherwise validates the
    /// current node and folds it into its parent.
    pub(super) fn end_current(&mut self) -> Result<(), TrameError> {
        let cur = self.cursor;
        // t[impl api.end.root-is-error]
        let Some((parent, slot)) = self.nodes.get(cur).parent else {
            return Err(TrameError::EndAtRoot);
        };
        // t[impl state.machine.strict-end]
        self.validate(cur)?;
        self.fold(cur, parent, slot as usize);
        self.cursor = parent;
        Ok(())
    }

    /// Folds the complete node `child` into slot `slot` of `parent`: the
    /// parent's slot becomes initialized (taking ownership of the bytes)
    /// and the child node is freed.
    fn fold(&mut self, child: NodeId, parent: NodeId, slot: usize) {
        let _ = self.nodes.remove(child);
        let slots = slots_of_mut(self.nodes.get_mut(parent));
        slots.detach(slot);
        slots.set_init(slot);
    }

    // t[impl state.init.byte-tracking]
    /// Errors unless node `id` is complete: every slot initialized by a
    /// value, a default, or a folded child.
    pub(super) fn validate(&self, id: NodeId) -> Result<(), TrameError> {
        let node = self.nodes.get(id);
        if node.state.is_complete() {
            return Ok(());
        }
        let missing = match &node.state {
            NodeState::Leaf { .. } => Vec::new(),
            NodeState::Slots(s) => s
                .missing()
                .map(|i| {
                    let mut name = String::new();
                    let _ = node.shape.write_slot_name(i, &mut name);
                    name
                })
                .collect(),
        };
        Err(TrameError::Incomplete {
            path: self.path_of(id),
            shape: super::render::shape_name(node.shape),
            missing,
        })
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
    /// cursor with `End` semantics, then validate the root.
    pub(super) fn finish(&mut self) -> Result<(), TrameError> {
        self.climb_to_root()?;
        self.validate(self.root)
    }
}
