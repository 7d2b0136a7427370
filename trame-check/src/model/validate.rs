//! Validation, as strict `End`, the exit from a deferred subtree and
//! `build` perform it: children first (each complete child folds into its
//! parent), then field defaults for missing struct and payload fields, and
//! a report of every missing part of the subtree.

use trame::verified::ShapeStore;

use super::MError;
use super::facts::{self, node_kind};
use super::tree::{EnumSlot, ModelNode, NodeState, Slot};
use super::value::{self, Leaf};

/// Validates the subtree rooted at `node`, whose path is `path`. On
/// success the node is complete.
pub(super) fn finalize(store: &ShapeStore, node: &mut ModelNode, path: &str) -> Result<(), MError> {
    let mut missing = Vec::new();
    finalize_node(store, node, path, &mut missing);
    if missing.is_empty() {
        Ok(())
    } else {
        missing.sort();
        Err(MError::Incomplete { all: missing })
    }
}

fn finalize_node(store: &ShapeStore, node: &mut ModelNode, path: &str, missing: &mut Vec<String>) {
    if node.is_complete() {
        return;
    }
    let shape = store.shape(node.shape);
    let staged: Vec<u32> = match &node.state {
        NodeState::Slots(slots) => (0..slots.len() as u32)
            .filter(|&i| matches!(slots[i as usize], Slot::Staged(_)))
            .collect(),
        NodeState::Enum(EnumSlot::Selected { variant, .. }) => vec![*variant],
        _ => Vec::new(),
    };
    for i in staged {
        let child_path = format!("{path}{}", facts::step_name(shape, node.part, i as usize));
        let child = node.child_mut(i).expect("staged child");
        finalize_node(store, child, &child_path, missing);
        if child.is_complete() {
            node.fold(i);
        }
    }
    // Field defaults: `defaulted` is set only for struct and payload
    // fields (a struct's own `Default` is never used for its fields).
    let tys = facts::slots(shape, node.part);
    match &mut node.state {
        NodeState::Leaf(None) | NodeState::Enum(EnumSlot::Empty) => missing.push(path.to_owned()),
        NodeState::Slots(slots) => {
            for (i, (ty, slot)) in tys.iter().zip(slots.iter_mut()).enumerate() {
                if !matches!(slot, Slot::Uninit) {
                    continue;
                }
                if ty.defaulted {
                    *slot = Slot::Init(value::fill(ty.shape, ty.part, Leaf::Default));
                } else {
                    missing.push(format!("{path}{}", facts::step_name(shape, node.part, i)));
                }
            }
        }
        _ => {}
    }
    debug_assert!(!matches!(
        node_kind(shape, node.part),
        facts::NodeKind::Unmodeled(_)
    ));
}
