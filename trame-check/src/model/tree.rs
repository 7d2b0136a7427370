//! The model's tree: a plain recursive structure, each node owning its
//! children. A node stands for a part of a value of its shape and records,
//! per slot, whether it is uninitialized, holds a complete value, or is
//! being built by a staged child node. Wrappers (options, pointers, a
//! `Result`'s variant) have one slot held apart from their own bytes;
//! containers (lists, sets, maps) one slot per staged element or entry.

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
    /// A dynamic value staged as an object (its elements are entries).
    pub object: bool,
}

/// What a node holds, by [`NodeKind`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeState {
    /// A value set only whole: `Some` once set.
    Leaf(Option<AValue>),
    /// One entry per slot.
    Slots(Vec<Slot>),
    /// An enum value.
    Enum(EnumSlot),
    /// An option, a pointer, or a `Result`'s selected variant: a whole
    /// value, or (never both) its one inner slot, which lives in an
    /// allocation of its own until the wrapper closes.
    Wrapper {
        /// The whole value, when the node holds one.
        whole: Option<AValue>,
        /// The inner value (`Field(0)`).
        slot: Slot,
    },
    /// A list, set or map.
    Container(Elements),
}

/// Where a container node is in its life.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Elements {
    /// Neither opened (by `Stage` or `Append`) nor set whole.
    Empty,
    /// Opened: the staged elements (entries), each complete or staged.
    Staging(Vec<Slot>),
    /// Closed: a whole value (set whole, or materialized).
    Closed(AValue),
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
    /// Variant `variant` selected (its discriminant written, for an enum
    /// built in place); `child` is its variant node.
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
            (NodeKind::Wrapper, whole) => NodeState::Wrapper {
                whole,
                slot: Slot::Uninit,
            },
            (NodeKind::Container, None) => NodeState::Container(Elements::Empty),
            (NodeKind::Container, Some(v)) => NodeState::Container(Elements::Closed(v)),
            (NodeKind::Unmodeled(kind), _) => panic!("ModelNode::new: {kind:?} is not modeled"),
        };
        ModelNode {
            shape,
            part,
            state,
            deferred: false,
            deferred_root: false,
            object: false,
        }
    }

    /// What an element of this container node is: a whole value of the
    /// element shape, or an entry (a map's, a dynamic object's).
    pub fn element<'s>(&self, store: &'s ShapeStore) -> Option<super::facts::SlotTy<'s>> {
        let shape = store.shape(self.shape);
        match super::dynamic::is_dynamic(shape) {
            true => Some(super::dynamic::element(shape, self.object)),
            false => super::facts::element(shape),
        }
    }

    /// Whether every part of the node is initialized and owned by the node
    /// itself (a staged child, even complete, does not count; a wrapper or
    /// container is complete only once it holds its whole value).
    pub fn is_complete(&self) -> bool {
        match &self.state {
            NodeState::Leaf(v) => v.is_some(),
            NodeState::Enum(e) => matches!(e, EnumSlot::Whole(_)),
            NodeState::Slots(slots) => slots.iter().all(|s| matches!(s, Slot::Init(_))),
            NodeState::Wrapper { whole, .. } => whole.is_some(),
            NodeState::Container(c) => matches!(c, Elements::Closed(_)),
        }
    }

    /// The complete value of the node, or `None` when it is not complete.
    pub fn value(&self) -> Option<AValue> {
        match &self.state {
            NodeState::Leaf(v) | NodeState::Wrapper { whole: v, .. } => v.clone(),
            NodeState::Enum(EnumSlot::Whole(v)) | NodeState::Container(Elements::Closed(v)) => {
                Some(v.clone())
            }
            NodeState::Enum(_) | NodeState::Container(_) => None,
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

    /// The slots of the node, if it has any: fields, a wrapper's inner
    /// slot, a container's staged elements.
    pub fn slots(&self) -> Option<&[Slot]> {
        match &self.state {
            NodeState::Slots(slots) | NodeState::Container(Elements::Staging(slots)) => Some(slots),
            NodeState::Wrapper { slot, .. } => Some(core::slice::from_ref(slot)),
            _ => None,
        }
    }

    /// The slots of the node, mutably.
    pub fn slots_mut(&mut self) -> Option<&mut [Slot]> {
        match &mut self.state {
            NodeState::Slots(slots) | NodeState::Container(Elements::Staging(slots)) => Some(slots),
            NodeState::Wrapper { slot, .. } => Some(core::slice::from_mut(slot)),
            _ => None,
        }
    }

    /// The staged child at slot (or variant) `i`.
    pub fn child(&self, i: u32) -> Option<&ModelNode> {
        match &self.state {
            NodeState::Enum(EnumSlot::Selected { variant, child }) if *variant == i => Some(child),
            _ => match self.slots()?.get(i as usize) {
                Some(Slot::Staged(c)) => Some(c),
                _ => None,
            },
        }
    }

    /// The staged child at slot (or variant) `i`, mutably.
    pub fn child_mut(&mut self, i: u32) -> Option<&mut ModelNode> {
        let slot = match &mut self.state {
            NodeState::Enum(EnumSlot::Selected { variant, child }) if *variant == i => {
                return Some(child);
            }
            NodeState::Slots(slots) | NodeState::Container(Elements::Staging(slots)) => {
                slots.get_mut(i as usize)
            }
            NodeState::Wrapper { slot, .. } if i == 0 => Some(slot),
            _ => None,
        };
        match slot {
            Some(Slot::Staged(c)) => Some(c),
            _ => None,
        }
    }

    /// Indices of the staged children (slots, or the selected variant).
    pub fn staged(&self) -> Vec<u32> {
        match &self.state {
            NodeState::Enum(EnumSlot::Selected { variant, .. }) => vec![*variant],
            _ => self.slots().map_or_else(Vec::new, |slots| {
                (0..slots.len() as u32)
                    .filter(|&i| matches!(slots[i as usize], Slot::Staged(_)))
                    .collect()
            }),
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
        1 + self
            .staged()
            .into_iter()
            .map(|i| self.child(i).map_or(0, ModelNode::count))
            .sum::<usize>()
    }

    /// Forgets which `Imm` wrote each leaf of the subtree (see
    /// [`Model::fingerprint`](super::Model::fingerprint)).
    pub fn erase_tags(&mut self) {
        let erase_slots = |slots: &mut [Slot]| {
            for s in slots {
                match s {
                    Slot::Uninit => {}
                    Slot::Init(v) => v.erase_tags(),
                    Slot::Staged(c) => c.erase_tags(),
                }
            }
        };
        match &mut self.state {
            NodeState::Leaf(v) | NodeState::Wrapper { whole: v, .. } => {
                v.iter_mut().for_each(AValue::erase_tags)
            }
            NodeState::Enum(EnumSlot::Whole(v)) | NodeState::Container(Elements::Closed(v)) => {
                v.erase_tags()
            }
            NodeState::Enum(EnumSlot::Selected { child, .. }) => child.erase_tags(),
            NodeState::Enum(EnumSlot::Empty) | NodeState::Container(Elements::Empty) => {}
            NodeState::Slots(_) | NodeState::Container(Elements::Staging(_)) => {}
        }
        if let Some(slots) = self.slots_mut() {
            erase_slots(slots);
        }
    }

    /// Replaces the staged child at `i` by its complete value (a fold).
    pub fn fold(&mut self, i: u32) {
        if let NodeState::Enum(e) = &mut self.state {
            let value = match e {
                EnumSlot::Selected { child, .. } => {
                    child.value().expect("fold of a complete child")
                }
                _ => panic!("fold of an enum with no variant node"),
            };
            *e = EnumSlot::Whole(value);
            return;
        }
        let slot = &mut self.slots_mut().expect("fold into a slotted node")[i as usize];
        let value = match slot {
            Slot::Staged(c) => c.value().expect("fold of a complete child"),
            _ => panic!("fold of a slot that is not staged"),
        };
        *slot = Slot::Init(value);
    }
}

/// The slots of a slotted node, holding the parts of `value` if given.
fn split(store: &ShapeStore, shape: ShapeId, part: Part, value: Option<AValue>) -> Vec<Slot> {
    let count = slots(store.shape(shape), part).len();
    match value {
        None => vec![Slot::Uninit; count],
        Some(AValue::Fields(vs)) => vs.into_iter().map(Slot::Init).collect(),
        Some(AValue::Enum { payload, .. }) => vec![Slot::Init(AValue::Fields(payload))],
        Some(other) => panic!("split: {other} for a slotted node"),
    }
}
