//! Validation, as strict `End`, the exit from a deferred subtree and
//! `build` perform it: children first (each complete child folds into its
//! parent), then defaults for missing struct and payload fields (field
//! defaults, and `None` for `Option` fields), then wrappers and containers
//! whose parts are complete make their value (`Some`, a pointer, a
//! `Result` variant; a list, set or map from its staged elements), and a
//! report of every missing part of the subtree.

use trame::verified::ShapeStore;

use super::MError;
use super::facts::{self, node_kind};
use super::tree::{Elements, EnumSlot, ModelNode, NodeState, Slot};
use super::value::{self, AValue, Leaf};

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
    for i in node.staged() {
        let child_path = format!("{path}{}", facts::step_name(shape, node.part, i as usize));
        let child = node.child_mut(i).expect("staged child");
        finalize_node(store, child, &child_path, missing);
        if child.is_complete() {
            node.fold(i);
        }
    }
    let tys = facts::slots(shape, node.part);
    match &mut node.state {
        NodeState::Leaf(None) | NodeState::Enum(EnumSlot::Empty) => missing.push(path.to_owned()),
        // Defaults: `defaulted` is set only for struct and payload fields
        // (a struct's own `Default` is never used for its fields).
        NodeState::Slots(slots) => {
            for (i, (ty, slot)) in tys.iter().zip(slots.iter_mut()).enumerate() {
                if !matches!(slot, Slot::Uninit) {
                    continue;
                }
                if ty.defaulted {
                    *slot = Slot::Init(value::fill(ty.shape, ty.part, Leaf::Default, 0));
                } else {
                    missing.push(format!("{path}{}", facts::step_name(shape, node.part, i)));
                }
            }
        }
        // A complete inner value goes into the wrapper value.
        NodeState::Wrapper { whole, slot } => match slot {
            Slot::Init(v) => {
                *whole = Some(value::wrap(shape, node.part, v.clone()));
                *slot = Slot::Uninit;
            }
            Slot::Uninit => missing.push(path.to_owned()),
            Slot::Staged(_) => {}
        },
        NodeState::Container(Elements::Empty) => missing.push(path.to_owned()),
        // Complete elements are materialized into the container.
        NodeState::Container(c @ Elements::Staging(_)) => {
            let Elements::Staging(slots) = c else {
                unreachable!()
            };
            let elems: Option<Vec<AValue>> = slots
                .iter()
                .map(|s| match s {
                    Slot::Init(v) => Some(v.clone()),
                    _ => None,
                })
                .collect();
            if let Some(elems) = elems {
                *c = Elements::Closed(value::collect(shape, elems));
            }
        }
        _ => {}
    }
    debug_assert!(!matches!(
        node_kind(shape, node.part),
        facts::NodeKind::Unmodeled(_)
    ));
}
