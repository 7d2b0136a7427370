//! Nodes of the construction tree and their per-slot state.
//!
//! A node stands for one value under construction: its shape, where its
//! bytes live, its parent link, and which of its parts are initialized.

use smallvec::SmallVec;

use core::fmt;

use crate::runtime::{IRuntime, IShape, PtrOf, ShapeKind, SlotInfo, VariantStyle};

/// Index of a node in the arena.
pub(crate) type NodeId = u32;

/// A node of the construction tree.
///
/// # Invariants
///
/// 1. `data` is valid for reads and writes of `shape.size()` bytes and
///    aligned for `shape`: the root's data is the Trame's own allocation of
///    the root shape; a child's data is its parent's data plus the offset of
///    the slot it stands for (`parent.1`).
/// 2. `parent` is `None` exactly for the root. A child's parent is live, and
///    the parent's state records this node as the owner of slot `parent.1`.
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
    pub(crate) parent: Option<(NodeId, u32)>,
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

    /// Writes the name of slot `i`.
    pub(crate) fn write_slot_name(&self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match self.view {
            View::Value => self.shape.write_slot_name(i, out),
            View::Variant(_) => out.write_str("payload"),
            View::Payload(v) => self.shape.write_variant_field_name(v as usize, i, out),
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
pub(crate) enum NodeState<P, S> {
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
    Wrapper(super::wrapper::Wrapper<P>),
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
            NodeState::Wrapper(w) => w.whole,
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

/// Per-slot state of a struct, tuple or array node.
///
/// # Invariants
///
/// 1. Each slot `i < count` is in exactly one state: uninitialized (bit
///    clear, no child entry), initialized (bit set, no child entry), or
///    staged (bit clear, exactly one entry `(i, child)` in `children`).
/// 2. `init_count` equals the number of set bits.
/// 3. Bits at positions `>= count` are clear.
/// 4. Slot `i`'s bit is bit `i` of `low` for `i < 64`, else bit `i % 64`
///    of `high[i / 64 - 1]`; `high` has at least `count.div_ceil(64) - 1`
///    words. (Most nodes have at most 64 slots and never allocate; `high`
///    is boxed so that a node stays small enough to move cheaply.)
pub(crate) struct Slots {
    count: usize,
    init_count: usize,
    low: u64,
    // Boxed on purpose: 8 bytes instead of a `Vec`'s 24 keeps every node
    // small; the extra indirection is paid only past 64 slots.
    #[allow(clippy::box_collection)]
    high: Option<Box<Vec<u64>>>,
    children: SmallVec<[(u32, NodeId); 2]>,
}

impl Slots {
    /// `count` uninitialized slots.
    #[inline]
    pub(crate) fn new(count: usize) -> Slots {
        let words = count.div_ceil(64);
        Slots {
            count,
            init_count: 0,
            low: 0,
            high: (words > 1).then(|| Box::new(vec![0; words - 1])),
            children: SmallVec::new(),
        }
    }

    /// Number of slots.
    #[inline]
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The words of slots 64 and above.
    #[inline]
    fn high(&self) -> &[u64] {
        self.high.as_deref().map_or(&[], |v| v.as_slice())
    }

    /// The word holding slot `i`'s bit (invariant 4).
    #[inline(always)]
    fn word(&self, i: usize) -> u64 {
        match i / 64 {
            0 => self.low,
            w => self.high()[w - 1],
        }
    }

    /// The word holding slot `i`'s bit, mutably (invariant 4).
    #[inline(always)]
    fn word_mut(&mut self, i: usize) -> &mut u64 {
        match i / 64 {
            0 => &mut self.low,
            w => &mut self.high.as_deref_mut().expect("slot below count")[w - 1],
        }
    }

    /// Marks every slot initialized. Only for a fresh or emptied node.
    pub(crate) fn fill(&mut self) {
        debug_assert!(self.children.is_empty());
        let count = self.count();
        let mask = |w: usize| {
            let remaining = count - w * 64;
            if remaining >= 64 {
                u64::MAX
            } else {
                (1u64 << remaining) - 1
            }
        };
        if count > 0 {
            self.low = mask(0);
        }
        if let Some(high) = self.high.as_deref_mut() {
            for (w, word) in high.iter_mut().enumerate() {
                *word = mask(w + 1);
            }
        }
        self.init_count = self.count;
        // Invariants 2 and 3: exactly the `count` slots are marked.
        debug_assert_eq!(self.set_bits(), self.count());
    }

    /// Number of set bits (invariant 2: equals `init_count`).
    fn set_bits(&self) -> usize {
        let ones = |w: &u64| w.count_ones() as usize;
        ones(&self.low) + self.high().iter().map(ones).sum::<usize>()
    }

    /// Whether slot `i` holds a complete value owned by this node.
    #[inline]
    pub(crate) fn is_init(&self, i: usize) -> bool {
        self.word(i) & (1 << (i % 64)) != 0
    }

    /// Marks slot `i` initialized. It must be uninitialized and not staged.
    #[inline]
    pub(crate) fn set_init(&mut self, i: usize) {
        debug_assert!(!self.is_init(i) && self.child(i).is_none());
        *self.word_mut(i) |= 1 << (i % 64);
        self.init_count += 1;
    }

    /// Marks slot `i` uninitialized. It must be initialized.
    #[inline]
    pub(crate) fn clear_init(&mut self, i: usize) {
        debug_assert!(self.is_init(i));
        *self.word_mut(i) &= !(1 << (i % 64));
        self.init_count -= 1;
    }

    /// The child staged at slot `i`, if any.
    #[inline]
    pub(crate) fn child(&self, i: usize) -> Option<NodeId> {
        self.children
            .iter()
            .find(|(s, _)| *s as usize == i)
            .map(|(_, c)| *c)
    }

    /// Records `child` as the owner of slot `i`, which must be
    /// uninitialized and not staged.
    #[inline]
    pub(crate) fn attach(&mut self, i: usize, child: NodeId) {
        debug_assert!(!self.is_init(i) && self.child(i).is_none());
        self.children.push((i as u32, child));
    }

    /// Forgets the child staged at slot `i` (the slot becomes
    /// uninitialized). Returns the child's id.
    #[inline]
    pub(crate) fn detach(&mut self, i: usize) -> Option<NodeId> {
        let pos = self.children.iter().position(|(s, _)| *s as usize == i)?;
        Some(self.children.swap_remove(pos).1)
    }

    /// Every staged child.
    pub(crate) fn children(&self) -> impl Iterator<Item = (usize, NodeId)> + '_ {
        self.children.iter().map(|(s, c)| (*s as usize, *c))
    }

    /// Whether every slot is initialized (which implies no staged child).
    #[inline]
    pub(crate) fn is_complete(&self) -> bool {
        self.init_count == self.count
    }

    /// Indices of slots that are not initialized.
    pub(crate) fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.count()).filter(|&i| !self.is_init(i))
    }

    /// The first initialized slot at or after `from`, scanning whole words
    /// (so that emptying `n` slots in order costs `O(n)`).
    pub(crate) fn next_init(&self, from: usize) -> Option<usize> {
        if from >= self.count() {
            return None;
        }
        let mut w = from / 64;
        let mut word = self.word(from) & (u64::MAX << (from % 64));
        loop {
            if word != 0 {
                return Some(w * 64 + word.trailing_zeros() as usize);
            }
            w += 1;
            word = *self.high().get(w - 1)?;
        }
    }

    /// Adds an uninitialized slot at index `count`; returns its index.
    pub(crate) fn push(&mut self) -> usize {
        let i = self.count;
        if i >= 64 && i.is_multiple_of(64) {
            let high = self.high.get_or_insert_with(Box::default);
            if i / 64 > high.len() {
                high.push(0);
            }
        }
        self.count += 1;
        i
    }

    /// Forgets every slot (count 0). Only for slots that own nothing any
    /// more: no child, and initialized slots whose values were handed over
    /// (materialized).
    pub(crate) fn reset(&mut self) {
        debug_assert!(self.children.is_empty());
        *self = Slots::new(0);
    }
}
