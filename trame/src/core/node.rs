//! Nodes of the construction tree and their per-slot state.
//!
//! A node stands for one value under construction: its shape, where its
//! bytes live, its parent link, and which of its parts are initialized.

use smallvec::SmallVec;

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

// t[impl resource.alloc.no-unpaid]
// t[impl resource.index.no-truncation]
/// Per-slot state of a struct, tuple or array node.
///
/// # Invariants
///
/// 1. Each slot `i < count` is in exactly one state: uninitialized (bit
///    clear, no child entry), initialized (bit set, no child entry), or
///    staged (bit clear, exactly one entry `(i, child)` in `children`).
/// 2. `init_count` equals the number of set bits.
/// 3. Bits at positions `>= count` are clear.
/// 4. Slot `i`'s bit is bit `i % 64` of word `i / 64`. Word 0 is `low`;
///    word `w >= 1` is explicit when `high` holds it
///    ([`Window`]), and otherwise implicit: all clear, or (the window's
///    `rest_set`) every bit below `count` set. The window grows only to hold a word
///    whose bit changes, so it spans the slot indices actually written,
///    never the slot count: a node of a huge array costs nothing until
///    written, and writing one slot far out costs one word. (Most nodes
///    have at most 64 slots and never allocate; `high` is boxed so that a
///    node stays small enough to move cheaply.)
/// 5. `rest_set` is only ever true for slots that never grow by
///    [`Slots::push`] (containers never fill their slots).
pub(crate) struct Slots {
    count: usize,
    init_count: usize,
    low: u64,
    // Boxed on purpose: 8 bytes instead of a window's 32 keeps every node
    // small; the extra indirection is paid only past 64 slots.
    high: Option<Box<Window>>,
    // One inline entry: in strict mode a node has at most one staged
    // child at a time (the cursor's path); a deferred node with more
    // spills to the heap.
    children: SmallVec<[(usize, NodeId); 1]>,
}

/// The words of a [`Slots`] past `low`: explicit words `base ..
/// base + words.len()` (`base >= 1`), and the value of the others.
struct Window {
    base: usize,
    words: Vec<u64>,
    /// The implicit words are set (below `count`), not clear.
    rest_set: bool,
}

impl Slots {
    /// `count` uninitialized slots. Allocates nothing, whatever `count`.
    #[inline]
    pub(crate) fn new(count: usize) -> Slots {
        Slots {
            count,
            init_count: 0,
            low: 0,
            high: None,
            children: SmallVec::new(),
        }
    }

    /// Number of slots.
    #[inline]
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The bits of word `w` that stand for slots below `count`.
    #[inline]
    fn mask(&self, w: usize) -> u64 {
        word_mask(self.count, w)
    }

    /// The value of word `w` when it is implicit (invariant 4).
    #[inline]
    fn implicit(&self, w: usize) -> u64 {
        if self.rest_set() { self.mask(w) } else { 0 }
    }

    /// Whether the implicit words are set (invariant 4).
    #[inline]
    fn rest_set(&self) -> bool {
        self.high.as_deref().is_some_and(|w| w.rest_set)
    }

    /// Word `w >= 1` if explicit (invariant 4).
    #[inline(always)]
    fn explicit(&self, w: usize) -> Option<&u64> {
        let win = self.high.as_deref()?;
        win.words.get(w.checked_sub(win.base)?)
    }

    /// Word `w` (invariant 4).
    #[inline(always)]
    fn word_at(&self, w: usize) -> u64 {
        match w {
            0 => self.low,
            w => match self.explicit(w) {
                Some(word) => *word,
                None => self.implicit(w),
            },
        }
    }

    /// The word holding slot `i`'s bit (invariant 4).
    #[inline(always)]
    fn word(&self, i: usize) -> u64 {
        self.word_at(i / 64)
    }

    /// The word holding slot `i`'s bit, mutably: an implicit word is made
    /// explicit first (invariant 4).
    #[inline(always)]
    fn word_mut(&mut self, i: usize) -> &mut u64 {
        let w = i / 64;
        if w == 0 {
            return &mut self.low;
        }
        if self.explicit(w).is_none() {
            self.materialize(w);
        }
        let win = self.high.as_deref_mut().expect("word materialized");
        &mut win.words[w - win.base]
    }

    /// Widens the window to hold word `w >= 1` (the words between keep
    /// their implicit value).
    #[cold]
    fn materialize(&mut self, w: usize) {
        // The implicit value is read before the window is taken out.
        let (rest, count) = (self.rest_set(), self.count);
        let implicit = |v: usize| if rest { word_mask(count, v) } else { 0 };
        let mut win = self.high.take().unwrap_or_else(|| {
            Box::new(Window {
                base: w,
                words: Vec::new(),
                rest_set: false,
            })
        });
        if win.words.is_empty() {
            win.base = w;
        }
        if w < win.base {
            let fill: Vec<u64> = (w..win.base).map(implicit).collect();
            win.words.splice(0..0, fill);
            win.base = w;
        }
        while win.base + win.words.len() <= w {
            let next = win.base + win.words.len();
            win.words.push(implicit(next));
        }
        self.high = Some(win);
    }

    /// Marks every slot initialized. Only for a fresh or emptied node.
    /// Constant time: the words past `low` become implicit and set.
    pub(crate) fn fill(&mut self) {
        debug_assert!(self.children.is_empty());
        self.low = self.mask(0);
        // Past 64 slots, the implicit words become set: a window with no
        // explicit word says so.
        self.high = (self.count > 64).then(|| {
            Box::new(Window {
                base: 1,
                words: Vec::new(),
                rest_set: true,
            })
        });
        self.init_count = self.count;
    }

    /// Whether slot `i` holds a complete value owned by this node.
    #[inline(always)]
    pub(crate) fn is_init(&self, i: usize) -> bool {
        if i < 64 {
            return self.low & (1 << i) != 0;
        }
        self.word(i) & (1 << (i % 64)) != 0
    }

    /// Marks slot `i` initialized. It must be uninitialized and not staged.
    #[inline(always)]
    pub(crate) fn set_init(&mut self, i: usize) {
        debug_assert!(i < self.count && !self.is_init(i) && self.child(i).is_none());
        if i < 64 {
            self.low |= 1 << i;
        } else {
            self.set_high(i);
        }
        self.init_count += 1;
    }

    /// [`Slots::set_init`] past the first word.
    #[inline(never)]
    fn set_high(&mut self, i: usize) {
        *self.word_mut(i) |= 1 << (i % 64);
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
        self.children.iter().find(|(s, _)| *s == i).map(|(_, c)| *c)
    }

    /// Records `child` as the owner of slot `i`, which must be
    /// uninitialized and not staged.
    #[inline]
    pub(crate) fn attach(&mut self, i: usize, child: NodeId) {
        debug_assert!(!self.is_init(i) && self.child(i).is_none());
        self.children.push((i, child));
    }

    /// Forgets the child staged at slot `i` (the slot becomes
    /// uninitialized). Returns the child's id.
    #[inline]
    pub(crate) fn detach(&mut self, i: usize) -> Option<NodeId> {
        let pos = self.children.iter().position(|(s, _)| *s == i)?;
        Some(self.children.swap_remove(pos).1)
    }

    /// Every staged child.
    pub(crate) fn children(&self) -> impl Iterator<Item = (usize, NodeId)> + '_ {
        self.children.iter().copied()
    }

    /// Whether every slot is initialized (which implies no staged child).
    #[inline]
    pub(crate) fn is_complete(&self) -> bool {
        self.init_count == self.count
    }

    /// Number of slots neither initialized nor staged (constant time).
    pub(crate) fn unset_count(&self) -> usize {
        self.count - self.init_count - self.children.len()
    }

    /// Indices of slots that are not initialized, in order. Each step
    /// skips whole words, and an implicit tail in one step, so taking the
    /// first few costs nothing like the slot count.
    pub(crate) fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.next_missing(0);
        core::iter::from_fn(move || {
            let i = next?;
            next = self.next_missing(i + 1);
            Some(i)
        })
    }

    /// The first slot at or after `from` that is not initialized.
    fn next_missing(&self, from: usize) -> Option<usize> {
        self.next_where(from, false)
    }

    /// The first initialized slot at or after `from`, scanning whole words
    /// (so that emptying `n` slots in order costs `O(n)`).
    pub(crate) fn next_init(&self, from: usize) -> Option<usize> {
        self.next_where(from, true)
    }

    /// The first slot at or after `from` whose bit is `set`. Scans whole
    /// words, and skips a run of implicit words in one step.
    fn next_where(&self, from: usize, set: bool) -> Option<usize> {
        if from >= self.count {
            return None;
        }
        let words = self.count.div_ceil(64);
        let mut w = from / 64;
        let mut word = u64::MAX << (from % 64);
        loop {
            let bits = if set {
                self.word_at(w)
            } else {
                !self.word_at(w) & self.mask(w)
            };
            word &= bits;
            if word != 0 {
                return Some(w * 64 + index(word.trailing_zeros()));
            }
            // Every implicit word of a run is alike (but the last word's
            // mask is narrower): a run without a match is skipped whole.
            w = match self.high.as_deref() {
                Some(win) if w > 0 && w < win.base => win.base,
                Some(win) if w > 0 && w >= win.base + win.words.len() => words,
                None if w > 0 => words,
                _ => w + 1,
            };
            if w >= words {
                return None;
            }
            word = u64::MAX;
        }
    }

    /// Adds an uninitialized slot at index `count`; returns its index.
    pub(crate) fn push(&mut self) -> usize {
        // Invariant 5: the new slot's implicit bit is clear.
        debug_assert!(!self.rest_set());
        let i = self.count;
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

/// The bits of word `w` that stand for slots below `count`.
#[inline]
fn word_mask(count: usize, w: usize) -> u64 {
    match count.saturating_sub(w.saturating_mul(64)) {
        0 => 0,
        remaining if remaining >= 64 => u64::MAX,
        remaining => (1u64 << remaining) - 1,
    }
}

/// A bit position within a word, as an index.
#[inline(always)]
fn index(bit: u32) -> usize {
    // A bit position is below 64: widening to `usize` loses nothing.
    bit as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    // t[verify resource.index.no-truncation]
    /// A slot index past `u32::MAX` is recorded as itself: attach, child,
    /// children and detach see it, and it never aliases the slot its low
    /// 32 bits would name.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn slot_index_above_u32_max_round_trips() {
        let big = (1usize << 32) + 3;
        let mut s = Slots::new(big + 10);
        s.attach(big, 7);
        s.attach(3, 8);
        assert_eq!(s.child(big), Some(7));
        assert_eq!(s.child(3), Some(8));
        let mut children: Vec<_> = s.children().collect();
        children.sort_unstable();
        assert_eq!(children, [(3, 8), (big, 7)]);
        assert_eq!(s.detach(big), Some(7));
        assert_eq!(s.child(big), None);
        assert_eq!(s.child(3), Some(8));
        // Its bit is its own too, and costs one word, not `big / 64`.
        s.set_init(big);
        assert!(s.is_init(big) && !s.is_init(3) && !s.is_init(big - 1));
        assert_eq!(s.high.as_deref().map(|w| w.words.len()), Some(1));
        assert_eq!(s.next_init(0), Some(big));
        assert_eq!(s.missing().take(3).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(s.unset_count(), big + 10 - 2);
    }

    // t[verify resource.alloc.no-unpaid]
    /// A huge slot count allocates nothing; filling it is constant time,
    /// and the missing and initialized slots are found without a scan of
    /// the whole count.
    #[test]
    fn slots_grow_with_the_indices_written() {
        let n = 1usize << 40;
        let mut s = Slots::new(n);
        assert!(s.high.is_none());
        assert_eq!(s.missing().take(2).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(s.next_init(0), None);
        s.set_init(n - 1);
        assert_eq!(s.high.as_deref().map(|w| w.words.len()), Some(1));
        assert_eq!(s.next_init(0), Some(n - 1));
        s.set_init(n - 1 - 64 * 3);
        assert_eq!(s.high.as_deref().map(|w| w.words.len()), Some(4));
        assert_eq!(s.next_init(0), Some(n - 1 - 64 * 3));
        assert_eq!(s.next_init(n - 64 * 3), Some(n - 1));
        assert_eq!(s.next_init(n - 1), Some(n - 1));
        assert_eq!(s.missing().nth(5), Some(5));
        let mut s = Slots::new(n);
        s.fill();
        assert!(s.is_complete());
        assert_eq!(s.high.as_deref().map(|w| w.words.len()), Some(0));
        assert_eq!(s.missing().next(), None);
        assert_eq!(s.next_init(n - 2), Some(n - 2));
        s.clear_init(n - 100);
        assert_eq!(s.missing().collect::<Vec<_>>(), [n - 100]);
        assert_eq!(s.next_init(n - 101), Some(n - 101));
        assert_eq!(s.next_init(n - 100), Some(n - 99));
        assert!(!s.is_complete());
        assert_eq!(s.unset_count(), 1);
        // Growing the window downwards keeps the words in between implicit.
        s.clear_init(n - 100 - 64 * 2);
        assert_eq!(s.missing().collect::<Vec<_>>(), [n - 100 - 64 * 2, n - 100]);
        assert!(s.is_init(n - 100 - 64) && s.is_init(n - 1) && s.is_init(64));
    }

    /// The word-skipping searches agree with a slot-by-slot scan.
    #[test]
    fn searches_agree_with_a_plain_scan() {
        for count in [0, 1, 63, 64, 65, 130, 300] {
            for fill in [false, true] {
                let mut s = Slots::new(count);
                if fill {
                    s.fill();
                }
                for i in (0..count).filter(|i| i % 7 == 3 || i % 64 == 63) {
                    if fill { s.clear_init(i) } else { s.set_init(i) }
                }
                let plain: Vec<usize> = (0..count).filter(|&i| !s.is_init(i)).collect();
                assert_eq!(s.missing().collect::<Vec<_>>(), plain, "{count} {fill}");
                for from in 0..=count {
                    let want = (from..count).find(|&i| s.is_init(i));
                    assert_eq!(s.next_init(from), want, "{count} {fill} {from}");
                }
            }
        }
    }
}
