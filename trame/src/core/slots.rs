//! [`Slots`]: which parts of a struct, tuple, array, entry, wrapper or
//! container node are initialized, uninitialized or staged, in a bitset that
//! grows with the slot indices written, never with the slot count.

use smallvec::SmallVec;

use super::node::NodeId;

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
