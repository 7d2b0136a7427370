//! Nodes of the construction tree and their per-slot state.
//!
//! A node stands for one value under construction: its shape, where its
//! bytes live, its parent link, and which of its parts are initialized.

use smallvec::SmallVec;

use crate::runtime::{IRuntime, IShape, PtrOf};

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
    pub(crate) data: PtrOf<R>,
    pub(crate) parent: Option<(NodeId, u32)>,
    pub(crate) state: NodeState,
    /// In a deferred subtree: `End` keeps the node if it is incomplete.
    pub(crate) deferred: bool,
    /// Roots a deferred subtree: `End` validates the whole subtree.
    pub(crate) deferred_root: bool,
}

/// What a node knows about its bytes.
pub(crate) enum NodeState {
    /// A value set only as a whole (scalars, and every kind trame cannot yet
    /// build piece by piece). `init` is true when `data` holds a complete
    /// value owned by this node.
    Leaf { init: bool },
    /// A struct, tuple or array: one slot per field/element.
    Slots(Slots),
}

impl NodeState {
    /// The initial state of a fresh node of `shape`, uninitialized or
    /// (`complete == true`) holding a complete value.
    pub(crate) fn new<S: IShape>(shape: S, complete: bool) -> NodeState {
        if shape.kind().has_slots() {
            let mut slots = Slots::new(shape.slot_count());
            if complete {
                slots.fill();
            }
            NodeState::Slots(slots)
        } else {
            NodeState::Leaf { init: complete }
        }
    }

    /// Whether the node's value is complete: every slot initialized and no
    /// staged child left.
    pub(crate) fn is_complete(&self) -> bool {
        match self {
            NodeState::Leaf { init } => *init,
            NodeState::Slots(s) => s.is_complete(),
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
pub(crate) struct Slots {
    count: usize,
    init_count: usize,
    bits: SmallVec<[u64; 1]>,
    children: SmallVec<[(u32, NodeId); 2]>,
}

impl Slots {
    fn new(count: usize) -> Slots {
        let words = count.div_ceil(64);
        Slots {
            count,
            init_count: 0,
            bits: SmallVec::from_elem(0, words),
            children: SmallVec::new(),
        }
    }

    /// Number of slots.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// Marks every slot initialized. Only for a fresh or emptied node.
    pub(crate) fn fill(&mut self) {
        debug_assert!(self.children.is_empty());
        for (w, word) in self.bits.iter_mut().enumerate() {
            let remaining = self.count - w * 64;
            *word = if remaining >= 64 {
                u64::MAX
            } else {
                (1u64 << remaining) - 1
            };
        }
        self.init_count = self.count;
    }

    /// Whether slot `i` holds a complete value owned by this node.
    #[inline]
    pub(crate) fn is_init(&self, i: usize) -> bool {
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Marks slot `i` initialized. It must be uninitialized and not staged.
    #[inline]
    pub(crate) fn set_init(&mut self, i: usize) {
        debug_assert!(!self.is_init(i) && self.child(i).is_none());
        self.bits[i / 64] |= 1 << (i % 64);
        self.init_count += 1;
    }

    /// Marks slot `i` uninitialized. It must be initialized.
    #[inline]
    pub(crate) fn clear_init(&mut self, i: usize) {
        debug_assert!(self.is_init(i));
        self.bits[i / 64] &= !(1 << (i % 64));
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
        (0..self.count).filter(|&i| !self.is_init(i))
    }

    /// Indices of initialized slots.
    pub(crate) fn initialized(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.count).filter(|&i| self.is_init(i))
    }
}
