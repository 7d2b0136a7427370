//! Validation, as strict `End`, the exit from a deferred subtree and
//! `build` perform it: children first (each complete child folds into its
//! parent), then defaults for missing struct and payload fields (field
//! defaults, and `None` for `Option` fields), then wrappers and containers
//! whose parts are complete make their value (`Some`, a pointer, a
//! `Result` variant; a list, set or map from its staged elements), and a
//! report of every missing part of the subtree. A complete child whose
//! shape declares invariants is checked before it folds; the first that
//! fails (in depth-first order) ends validation with its error, whatever
//! was found missing before.

use trame::verified::ShapeStore;

use super::MError;
use super::facts::{self, Part, node_kind};
use super::tree::{Elements, EnumSlot, ModelNode, NodeState, Slot};
use super::value::{self, AValue, Leaf};

/// Validates the subtree rooted at `node`, whose path is `path`. On
/// success the node is complete; returns how many proxy values were
/// converted.
pub(super) fn finalize(
    store: &ShapeStore,
    node: &mut ModelNode,
    path: &str,
) -> Result<u64, MError> {
    let mut missing = Vec::new();
    let mut broken = Vec::new();
    let mut converted = 0;
    finalize_node(store, node, path, &mut missing, &mut broken, &mut converted);
    if !broken.is_empty() {
        return Err(first_failure(broken));
    }
    if missing.is_empty() {
        Ok(converted)
    } else {
        missing.sort();
        Err(MError::Incomplete { all: missing })
    }
}

/// The error validation reports when `broken` (not empty) failed: the one
/// failure, or any of them (see [`MError::AnyOf`]).
fn first_failure(mut broken: Vec<MError>) -> MError {
    broken.sort_by_key(|e| format!("{e:?}"));
    if broken.len() == 1 {
        return broken.pop().expect("one");
    }
    let invariants: Option<Vec<(String, String)>> = broken
        .iter()
        .map(|e| match e {
            MError::InvariantViolated { path, shape } => Some((path.clone(), shape.clone())),
            _ => None,
        })
        .collect();
    match invariants {
        Some(mut any) => {
            any.sort();
            MError::InvariantViolatedAny(any)
        }
        None => MError::AnyOf(broken),
    }
}

/// The error for complete node `node` (at `path`) if it breaks its
/// shape's invariants and is checked.
pub(super) fn check_invariants(
    store: &ShapeStore,
    node: &ModelNode,
    path: &str,
) -> Result<(), MError> {
    let shape = store.shape(node.shape);
    let value = node
        .value()
        .expect("invariants are checked on complete nodes");
    match super::ops::checks_invariants(store, node)
        && super::hooks::breaks_invariants(shape, node.part.as_value(), &value)
    {
        true => Err(MError::InvariantViolated {
            path: path.to_owned(),
            shape: shape.name().to_owned(),
        }),
        false => Ok(()),
    }
}

/// Finishes `node` (at `path`) and its subtree, recording missing parts
/// in `missing` and, in `broken`, the complete descendants that break
/// their invariants and have no broken descendant themselves (a node is
/// checked after its children, and validation stops at the first failure,
/// so such a node's parents are never checked). Returns whether the
/// subtree below `node` holds a broken node.
fn finalize_node(
    store: &ShapeStore,
    node: &mut ModelNode,
    path: &str,
    missing: &mut Vec<String>,
    broken: &mut Vec<MError>,
    converted: &mut u64,
) -> bool {
    if node.is_complete() {
        return false;
    }
    let shape = store.shape(node.shape);
    let mut below = false;
    for i in node.staged() {
        let child_path = format!("{path}{}", facts::step_name(shape, node.part, i as usize));
        let child = node.child_mut(i).expect("staged child");
        let child_below = finalize_node(store, child, &child_path, missing, broken, converted);
        below |= child_below;
        if child.is_complete() {
            if !child_below && let Err(e) = check_invariants(store, child, &child_path) {
                broken.push(e);
                below = true;
            }
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
        // A complete proxy value is converted (and gone, either way).
        NodeState::Wrapper { whole, slot } if matches!(node.part, Part::Proxy(_)) => match slot {
            Slot::Init(v) if !below => {
                let Part::Proxy(p) = node.part else {
                    unreachable!()
                };
                match super::proxy::convert(shape, store.shape(p), v, path) {
                    Ok(made) => {
                        *whole = Some(made);
                        *converted += 1;
                    }
                    Err(e) => {
                        broken.push(e);
                        below = true;
                    }
                }
                *slot = Slot::Uninit;
            }
            Slot::Uninit => missing.push(path.to_owned()),
            _ => {}
        },
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
                *c = Elements::Closed(match super::dynamic::is_dynamic(shape) {
                    true => super::dynamic::collect(shape, node.object, elems),
                    false => value::collect(shape, elems),
                });
            }
        }
        _ => {}
    }
    debug_assert!(!matches!(
        node_kind(shape, node.part),
        facts::NodeKind::Unmodeled(_)
    ));
    below
}
