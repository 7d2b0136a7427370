//! The model's tree: a plain recursive structure, each node owning its
//! children. A node stands for a part of a value of its shape and records,
//! per slot, whether it is uninitialized, holds a complete value, or is
//! being built by a staged child node.

use trame::verified::{ShapeId, ShapeStore};

use super::facts::{NodeKind, Part, node_kind, slots};
use super::value::AValue;

/// A node under construction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModelNode {
    /// The node's shape.
    pub shape: ShapeId,
    /// Which part of a value of `shape` the node stands for.
    pub part: Part,
    /// What the node holds.
    pub state: NodeState,
    /// In a deferred subtree: `End` keeps the node if it is incomplete.
    pub deferred: bool,
    /// Roots a deferred subtree: `End` validates the whole subtree.
    pub deferred_root: bool,
}

/// What a node holds. Extension point: a container kind adds its own state
/// here (elements staged so far, closed or not).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeState {
    /// A value set only whole: `Some` once set.
    Leaf(Option<AValue>),
    /// One entry per slot.
    Slots(Vec<Slot>),
    /// An enum value.
    Enum(EnumSlot),
}

/// One slot of a slotted node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Nothing written.
    Uninit,
    /// A complete value, owned by the node.
    Init(AValue),
    /// Under construction in a child node, which owns its bytes.
    Staged(Box<ModelNode>),
}

/// The state of an enum node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EnumSlot {
    /// Nothing selected, nothing written.
    Empty,
    /// A complete value (set whole, or a variant that was finished).
    Whole(AValue),
    /// Variant `variant` selected (its discriminant written); `child` is
    /// its variant node.
    Selected {
        /// The selected variant.
        variant: u32,
        /// The variant node.
        child: Box<ModelNode>,
    },
}

impl ModelNode {
    /// A new node of `shape`/`part`: empty, or holding `value` (a complete
    /// value handed down by its parent). A unit variant starts complete.
    pub fn new(store: &ShapeStore, shape: ShapeId, part: Part, value: Option<AValue>) -> Self {
        let s = store.shape(shape);
        let state = match (node_kind(s, part), value) {
            (NodeKind::Leaf, value) => NodeState::Leaf(value),
            (NodeKind::Enum, None) => NodeState::Enum(EnumSlot::Empty),
            (NodeKind::Enum, Some(v)) => NodeState::Enum(EnumSlot::Whole(v)),
            (NodeKind::Slots, value) => NodeState::Slots(split(store, shape, part, value)),
            (NodeKind::Unmodeled(kind), _) => panic!("ModelNode::new: {kind:?} is not modeled"),
        };
        ModelNode {
            shape,
            part,
            state,
            deferred: false,
            deferred_root: false,
        }
    }

    /// Whether every part of the node is initialized and owned by the node
    /// itself (a staged child, even complete, does not count).
    pub fn is_complete(&self) -> bool {
        match &self.state {
            NodeState::Leaf(v) => v.is_some(),
            NodeState::Enum(e) => matches!(e, EnumSlot::Whole(_)),
            NodeState::Slots(slots) => slots.iter().all(|s| matches!(s, Slot::Init(_))),
        }
    }

    /// The complete value of the node, or `None` when it is not complete.
    pub fn value(&self) -> Option<AValue> {
        match &self.state {
            NodeState::Leaf(v) => v.clone(),
            NodeState::Enum(EnumSlot::Whole(v)) => Some(v.clone()),
            NodeState::Enum(_) => None,
            NodeState::Slots(slots) => {
                let mut vs = Vec::with_capacity(slots.len());
                for s in slots {
                    match s {
                        Slot::Init(v) => vs.push(v.clone()),
                        _ => return None,
                    }
                }
                Some(match (self.part, vs.pop()) {
                    (Part::Variant(variant), Some(AValue::Fields(payload))) => {
                        AValue::Enum { variant, payload }
                    }
                    (_, last) => {
                        vs.extend(last);
                        AValue::Fields(vs)
                    }
                })
            }
        }
    }

    /// The staged child at slot (or variant) `i`.
    pub fn child(&self, i: u32) -> Option<&ModelNode> {
        match &self.state {
            NodeState::Slots(slots) => match slots.get(i as usize) {
                Some(Slot::Staged(c)) => Some(c),
                _ => None,
            },
            NodeState::Enum(EnumSlot::Selected { variant, child }) if *variant == i => Some(child),
            _ => None,
        }
    }

    /// The staged child at slot (or variant) `i`, mutably.
    pub fn child_mut(&mut self, i: u32) -> Option<&mut ModelNode> {
        match &mut self.state {
            NodeState::Slots(slots) => match slots.get_mut(i as usize) {
                Some(Slot::Staged(c)) => Some(c),
                _ => None,
            },
            NodeState::Enum(EnumSlot::Selected { variant, child }) if *variant == i => Some(child),
            _ => None,
        }
    }

    /// The node reached by following `path` (child indices) from here.
    pub fn descendant(&self, path: &[u32]) -> &ModelNode {
        path.iter().fold(self, |n, &i| {
            n.child(i).expect("model cursor names a staged child")
        })
    }

    /// The node reached by following `path`, mutably.
    pub fn descendant_mut(&mut self, path: &[u32]) -> &mut ModelNode {
        let mut n = self;
        for &i in path {
            n = n.child_mut(i).expect("model cursor names a staged child");
        }
        n
    }

    /// Number of nodes in this subtree.
    pub fn count(&self) -> usize {
        1 + match &self.state {
            NodeState::Slots(slots) => slots
                .iter()
                .map(|s| match s {
                    Slot::Staged(c) => c.count(),
                    _ => 0,
                })
                .sum(),
            NodeState::Enum(EnumSlot::Selected { child, .. }) => child.count(),
            _ => 0,
        }
    }

    /// Forgets which `Imm` wrote each leaf of the subtree (see
    /// [`Model::fingerprint`](super::Model::fingerprint)).
    pub fn erase_tags(&mut self) {
        match &mut self.state {
            NodeState::Leaf(v) => v.iter_mut().for_each(AValue::erase_tags),
            NodeState::Enum(EnumSlot::Whole(v)) => v.erase_tags(),
            NodeState::Enum(EnumSlot::Selected { child, .. }) => child.erase_tags(),
            NodeState::Enum(EnumSlot::Empty) => {}
            NodeState::Slots(slots) => {
                for s in slots {
                    match s {
                        Slot::Uninit => {}
                        Slot::Init(v) => v.erase_tags(),
                        Slot::Staged(c) => c.erase_tags(),
                    }
                }
            }
        }
    }

    /// Replaces the staged child at `i` by its complete value (a fold).
    pub fn fold(&mut self, i: u32) {
        match &mut self.state {
            NodeState::Slots(slots) => {
                let value = match &slots[i as usize] {
                    Slot::Staged(c) => c.value().expect("fold of a complete child"),
                    _ => panic!("fold of a slot that is not staged"),
                };
                slots[i as usize] = Slot::Init(value);
            }
            NodeState::Enum(e) => {
                let value = match e {
                    EnumSlot::Selected { child, .. } => {
                        child.value().expect("fold of a complete child")
                    }
                    _ => panic!("fold of an enum with no variant node"),
                };
                *e = EnumSlot::Whole(value);
            }
            NodeState::Leaf(_) => panic!("fold into a leaf"),
        }
    }
}

/// The slots of a slotted node, holding the parts of `value` if given.
fn split(store: &ShapeStore, shape: ShapeId, part: Part, value: Option<AValue>) -> Vec<Slot> {
    let count = slots(store.shape(shape), part).len();
    match value {
        None => vec![Slot::Uninit; count],
        Some(AValue::Fields(vs)) => vs.into_iter().map(Slot::Init).collect(),
        Some(AValue::Enum { payload, .. }) => vec![Slot::Init(AValue::Fields(payload))],
        Some(AValue::Scalar(_)) => panic!("split: a scalar value for a slotted node"),
    }
}
