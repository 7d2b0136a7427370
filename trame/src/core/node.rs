//! Nodes of the construction tree and their per-slot state.
//!
//! A node stands for one value under construction: its shape, where its
//! bytes live, its parent link, and which of its parts are initialized.

pub(crate) use super::slots::Slots;

use core::fmt;

use crate::runtime::{IRuntime, IShape, PtrOf, ShapeKind, SlotInfo, VariantStyle};

/// Index of a node in the arena.
pub(crate) type NodeId = u32;

/// The parent id of the root. No node has this id: an arena of `u32` ids
/// never hands out `u32::MAX` (`IArena::insert`).
const NO_PARENT: NodeId = NodeId::MAX;

/// A node of the construction tree.
///
/// # Invariants
///
/// 1. `data` is valid for reads and writes of `shape.size()` bytes and
///    aligned for `shape`: the root's data is the Trame's own allocation of
///    the root shape; a child's data is its parent's data plus the offset of
///    the slot it stands for (`parent.1`).
/// 2. `parent()` is `None` exactly for the root. A child's parent is live,
///    and the parent's state records this node as the owner of slot
///    `parent().1`.
/// 3. The node owns the initialized bytes its `state` says are initialized,
///    and nothing else; a staged slot's bytes are owned by the child node.
/// 4. `deferred_root` implies `deferred`; a child of a deferred node is
///    deferred. Only deferred nodes stay in the tree, incomplete, after the
///    cursor leaves them.
pub(crate) struct Node<R: IRuntime> {
    pub(crate) shape: R::Shape,
    /// Which part of a value of `shape` the node stands for.
    pub(crate) view: View,
    pub(crate) data: PtrOf<R>,
    /// The parent node, [`NO_PARENT`] for the root (see [`Node::parent`]).
    up: NodeId,
    /// The parent's slot this node stands for (0 for the root).
    slot: usize,
    pub(crate) state: NodeState<PtrOf<R>, R::Shape>,
    /// In a deferred subtree: `End` keeps the node if it is incomplete.
    pub(crate) deferred: bool,
    /// Roots a deferred subtree: `End` validates the whole subtree.
    pub(crate) deferred_root: bool,
}

/// Which part of a value of its shape a node stands for. Enums are built
/// through three levels: the enum itself, the selected variant (one slot:
/// the payload), and the payload (the variant's fields). For an enum whose
/// payloads are not built in place (`Result`), the payload is a whole value
/// of its own shape, in an allocation of its own: its node has
/// [`View::Value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// The whole value.
    Value,
    /// Variant `v` of an enum value: slot 0 is the payload (a
    /// [`View::Payload`] node, or for a `Result` a value of the payload
    /// shape, the variant node then being a wrapper node).
    Variant(u32),
    /// The payload of variant `v`: one slot per field, at offsets counted
    /// from the start of the enum.
    Payload(u32),
}

/// What a slot holds.
#[derive(Clone, Copy)]
pub(crate) enum Target<S> {
    /// A value of this shape.
    Value(S),
    /// A map entry (key and value) of this map shape; never written whole.
    Entry(S),
}

/// Whether a value of `shape` can be staged as a node: every kind but
/// unsupported shapes and enums without a known discriminant layout. A
/// staged scalar is a leaf node set by `Imm`/`Default`.
pub(crate) fn is_stageable<S: IShape>(shape: S) -> bool {
    match shape.kind() {
        ShapeKind::Enum => shape.variant_count() > 0,
        ShapeKind::Unsupported => false,
        _ => true,
    }
}

/// How a slot of a node is named in a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// `.name`: a struct field or struct-like payload field.
    Named,
    /// `.0`: a tuple element or tuple-like payload field.
    Positional,
    /// `[3]`: an array element.
    Indexed,
    /// Nothing: a variant's payload (the variant already named it).
    Transparent,
}

impl<R: IRuntime> Node<R> {
    /// A node standing for slot `slot` of node `parent` (`None`: the
    /// root), in the given state. (The parent link is kept as two fields
    /// rather than an `Option` of a pair: that keeps a node as small as it
    /// must be to move cheaply.)
    pub(crate) fn new(
        shape: R::Shape,
        view: View,
        data: PtrOf<R>,
        parent: Option<(NodeId, usize)>,
        state: NodeState<PtrOf<R>, R::Shape>,
        deferred: bool,
        deferred_root: bool,
    ) -> Node<R> {
        let (up, slot) = parent.unwrap_or((NO_PARENT, 0));
        debug_assert!(parent.is_none_or(|(p, _)| p != NO_PARENT));
        Node {
            shape,
            view,
            data,
            up,
            slot,
            state,
            deferred,
            deferred_root,
        }
    }

    /// The parent node and the slot of it this node stands for; `None` for
    /// the root.
    #[inline(always)]
    pub(crate) fn parent(&self) -> Option<(NodeId, usize)> {
        (self.up != NO_PARENT).then_some((self.up, self.slot))
    }

    /// Slot `i` of this node (view-aware).
    pub(crate) fn slot(&self, i: usize) -> Option<SlotInfo<R::Shape>> {
        match self.view {
            View::Value => self.shape.slot(i),
            View::Variant(_) => (i == 0).then_some(SlotInfo {
                offset: 0,
                shape: self.shape,
            }),
            View::Payload(v) => self.shape.variant_field(v as usize, i),
        }
    }

    /// Slot `i` when this node is a struct, tuple, array or payload
    /// (slotted and not a variant, whose one slot is staged only): the
    /// slots a value is written into directly. `None` for every other node,
    /// and for `i` out of range.
    #[inline]
    pub(crate) fn plain_slot(&self, i: usize) -> Option<SlotInfo<R::Shape>> {
        if !matches!(self.state, NodeState::Slots(_)) || matches!(self.view, View::Variant(_)) {
            return None;
        }
        self.slot(i)
    }

    /// Number of slots of this node.
    pub(crate) fn slot_count(&self) -> usize {
        match self.view {
            View::Value => self.shape.slot_count(),
            View::Variant(_) => 1,
            View::Payload(v) => self.shape.variant_field_count(v as usize),
        }
    }

    /// The view of a child staged at one of this node's slots.
    pub(crate) fn child_view(&self) -> View {
        match self.view {
            View::Variant(v) if self.shape.variant_payload_in_place() => View::Payload(v),
            _ => View::Value,
        }
    }

    /// The shape of the value in slot 0 of a wrapper node: the payload of
    /// an `Option`, the pointee of a pointer, the payload of the selected
    /// variant of a `Result`.
    pub(crate) fn wrapper_inner(&self) -> Option<R::Shape> {
        if let NodeState::Wrapper(w) = &self.state
            && let Some(proxy) = w.proxy
        {
            return Some(<R::Shape as IShape>::proxy_shape(proxy));
        }
        match self.view {
            View::Variant(v) => self.shape.variant_field(v as usize, 0).map(|s| s.shape),
            _ => self.shape.inner(),
        }
    }

    /// How this node's slots appear in paths.
    pub(crate) fn step(&self) -> Step {
        match self.view {
            View::Value => match self.shape.kind() {
                ShapeKind::Array => Step::Indexed,
                ShapeKind::Struct => Step::Named,
                _ => Step::Positional,
            },
            View::Variant(_) => Step::Transparent,
            View::Payload(v) => match self.shape.variant_style(v as usize) {
                VariantStyle::Struct => Step::Named,
                _ => Step::Positional,
            },
        }
    }

    /// Writes the name of slot `i`: as the input names it when `input` is
    /// set ([`Trame::with_input_names`](crate::Trame::with_input_names)),
    /// else as Rust does.
    pub(crate) fn write_slot_name(
        &self,
        i: usize,
        input: bool,
        out: &mut dyn fmt::Write,
    ) -> fmt::Result {
        match (self.view, input) {
            (View::Value, false) => self.shape.write_slot_name(i, out),
            (View::Value, true) => self.shape.write_slot_key(i, out),
            (View::Variant(_), _) => out.write_str("payload"),
            (View::Payload(v), false) => self.shape.write_variant_field_name(v as usize, i, out),
            (View::Payload(v), true) => self.shape.write_variant_field_key(v as usize, i, out),
        }
    }

    /// The node's name: its shape's, or `E::Variant` for a variant or
    /// payload.
    pub(crate) fn name(&self) -> String {
        let mut out = String::new();
        let _ = self.shape.write_name(&mut out);
        if let View::Variant(v) | View::Payload(v) = self.view {
            out.push_str("::");
            let _ = self.shape.write_variant_name(v as usize, &mut out);
        }
        out
    }
}

/// The state of an enum node.
///
/// # Invariants
///
/// 1. `init` means the enum holds a complete value owned by this node; then
///    `child` is `None`.
/// 2. `child` is the variant node of the selected variant `variant`; it
///    owns the payload. For an enum whose payloads are built in place, the
///    discriminant of `variant` is written; for a `Result` nothing is
///    written until the variant node closes and moves its payload in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EnumState {
    pub(crate) init: bool,
    pub(crate) variant: Option<u32>,
    pub(crate) child: Option<NodeId>,
}

/// What a node knows about its bytes. `P` is the runtime's pointer type.
///
/// Every state except `Leaf` and `Enum` has [`Slots`] (see
/// [`NodeState::slots`]): the places where children stand. Where slot `i`
/// lives depends on the state: a field offset (`Slots`), the key/value
/// offset of a map entry (`Entry`), the wrapper's own inner allocation
/// (`Wrapper`), an element position in the rope (`Container`).
pub(crate) enum NodeState<P, S: IShape> {
    /// An enum that can be built variant by variant.
    Enum(EnumState),
    /// A value set only as a whole (scalars, and every kind trame cannot yet
    /// build piece by piece). `init` is true when `data` holds a complete
    /// value owned by this node.
    Leaf { init: bool },
    /// A struct, tuple or array: one slot per field/element.
    Slots(Slots),
    /// A staged map entry: slot 0 is the key, slot 1 the value, laid out
    /// per the map's staging layout. The node's shape is the map's shape;
    /// an entry is never dropped or written whole.
    Entry(Slots),
    /// An `Option`, a pointer, or the selected variant of a `Result` (see
    /// [`super::wrapper`]).
    Wrapper(super::wrapper::Wrapper<P, S::Proxy>),
    /// A list, set or map (see [`super::container`]).
    Container(Box<super::container::Container<P, S>>),
}

impl<P: Copy, S: IShape> NodeState<P, S> {
    /// The initial state of a fresh node of `shape` seen as `view`,
    /// uninitialized or (`complete == true`) holding a complete value.
    pub(crate) fn new(shape: S, view: View, complete: bool) -> NodeState<P, S> {
        let count = match view {
            View::Value => {
                let kind = shape.kind();
                if kind.has_slots() {
                    shape.slot_count()
                } else if kind.is_wrapper() {
                    return NodeState::Wrapper(super::wrapper::Wrapper::new(complete));
                } else if kind.is_container() {
                    return NodeState::Container(Box::new(super::container::Container::new(
                        complete, shape,
                    )));
                } else if kind == ShapeKind::Enum && shape.variant_count() > 0 {
                    return NodeState::Enum(EnumState {
                        init: complete,
                        variant: None,
                        child: None,
                    });
                } else {
                    return NodeState::Leaf { init: complete };
                }
            }
            View::Variant(_) if !shape.variant_payload_in_place() => {
                return NodeState::Wrapper(super::wrapper::Wrapper::new(complete));
            }
            View::Variant(_) => 1,
            View::Payload(v) => shape.variant_field_count(v as usize),
        };
        let mut slots = Slots::new(count);
        if complete {
            slots.fill();
        }
        NodeState::Slots(slots)
    }

    /// The staged children: `(slot, child)` for slotted nodes, `(variant,
    /// child)` for an enum node.
    pub(crate) fn children(&self) -> smallvec::SmallVec<[(usize, NodeId); 4]> {
        match self {
            NodeState::Slots(s) | NodeState::Entry(s) => s.children().collect(),
            NodeState::Wrapper(w) => w.slots.children().collect(),
            NodeState::Container(c) => c.slots.children().collect(),
            NodeState::Enum(e) => e
                .child
                .map(|c| (e.variant.unwrap_or(0) as usize, c))
                .into_iter()
                .collect(),
            NodeState::Leaf { .. } => smallvec::SmallVec::new(),
        }
    }

    /// Whether the node's value is complete as it stands: every slot
    /// initialized and no staged child left, or (wrappers, containers) a
    /// whole value in place. A wrapper or container with complete staged
    /// parts still has to be closed (materialized) to hold its value.
    pub(crate) fn is_complete(&self) -> bool {
        match self {
            NodeState::Leaf { init } => *init,
            NodeState::Enum(e) => e.init,
            NodeState::Slots(s) | NodeState::Entry(s) => s.is_complete(),
            NodeState::Wrapper(w) => w.whole(),
            NodeState::Container(c) => c.is_closed(),
        }
    }

    /// The slots of every state but `Leaf` and `Enum`.
    pub(crate) fn slots(&self) -> Option<&Slots> {
        match self {
            NodeState::Leaf { .. } | NodeState::Enum(_) => None,
            NodeState::Slots(s) | NodeState::Entry(s) => Some(s),
            NodeState::Wrapper(w) => Some(&w.slots),
            NodeState::Container(c) => Some(&c.slots),
        }
    }

    /// The slots of every state but `Leaf` and `Enum`, mutably.
    pub(crate) fn slots_mut(&mut self) -> Option<&mut Slots> {
        match self {
            NodeState::Leaf { .. } | NodeState::Enum(_) => None,
            NodeState::Slots(s) | NodeState::Entry(s) => Some(s),
            NodeState::Wrapper(w) => Some(&mut w.slots),
            NodeState::Container(c) => Some(&mut c.slots),
        }
    }
}
