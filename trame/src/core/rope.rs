//! [`Rope`]: the stable staging storage of a list, set or map node.
//!
//! A rope is a list of fixed-size chunks. Staged element `i` lives in the
//! chunk whose range covers `i`, at `(i - start) * stride` bytes into it.
//! Chunks are never moved or resized: when the staged elements fill every
//! chunk, a new chunk is added. So the address of a staged element never
//! changes while it is staged (the stable-staging rule),
//! and the element nodes that point into chunks stay valid however many
//! elements arrive after them.
//!
//! Sizing: the capacity hint sizes the first chunk; later chunks grow
//! geometrically (each as large as all the previous ones together), so `n`
//! elements use `O(log n)` chunks. Every chunk is capped at the heap's
//! `max_chunk_bytes` (but holds at least one element). Sizing never changes
//! which elements are staged or their order, only where they live (the
//! capacity-hint rule).

/// Elements in the first chunk when no hint was given, as long as they fit
/// in [`DEFAULT_FIRST_CHUNK_BYTES`].
const DEFAULT_FIRST_CHUNK_ELEMS: usize = 4;
/// Bytes the first chunk may take without a hint.
const DEFAULT_FIRST_CHUNK_BYTES: usize = 1024;

/// One chunk of a rope.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chunk<P> {
    /// The allocation, from `IHeap::alloc_chunk(shape, cap)`.
    pub(crate) ptr: P,
    /// Index of the chunk's first element in the container.
    pub(crate) start: usize,
    /// Number of elements the chunk was allocated for (at least 1).
    pub(crate) cap: usize,
}

// t[impl state.machine.container-stable-staging]
/// The staging chunks of one container node.
///
/// # Invariants
///
/// 1. Chunks are in order and contiguous: chunk 0 starts at 0 and chunk
///    `k + 1` starts at `start + cap` of chunk `k`.
/// 2. `len` is at most the total capacity, and every chunk holds at least
///    one staged element position (`start < len`): a chunk is added only
///    when an element is appended to a full rope.
/// 3. The rope owns its chunk allocations (never their elements: the
///    container node's slots say which elements are initialized).
pub(crate) struct Rope<P> {
    chunks: Vec<Chunk<P>>,
    len: usize,
    /// The capacity hint last given (elements expected in total).
    hint: Option<usize>,
}

impl<P: Copy> Rope<P> {
    /// An empty rope with no chunk.
    pub(crate) fn new() -> Rope<P> {
        Rope {
            chunks: Vec::new(),
            len: 0,
            hint: None,
        }
    }

    /// The chunks.
    pub(crate) fn chunks(&self) -> &[Chunk<P>] {
        &self.chunks
    }

    /// Total capacity of all chunks.
    fn capacity(&self) -> usize {
        self.chunks.last().map_or(0, |c| c.start + c.cap)
    }

    /// Records a capacity hint (total elements expected).
    pub(crate) fn set_hint(&mut self, hint: usize) {
        self.hint = Some(hint);
    }

    /// Whether appending needs a new chunk first.
    pub(crate) fn is_full(&self) -> bool {
        self.len == self.capacity()
    }

    // t[impl state.machine.container-capacity-hint]
    // t[impl resource.alloc.no-unpaid]
    /// The capacity of the next chunk for elements of `stride` bytes, with
    /// chunks capped at `max_bytes`.
    pub(crate) fn next_chunk_cap(&self, stride: usize, max_bytes: usize) -> usize {
        let max_elems = max_bytes
            .checked_div(stride)
            .map_or(usize::MAX / 2, |n| n.max(1));
        let total = self.capacity();
        let wanted = match (self.chunks.is_empty(), self.hint) {
            (true, Some(h)) => h,
            (true, None) if stride == 0 => max_elems,
            (true, None) => {
                DEFAULT_FIRST_CHUNK_ELEMS.max(DEFAULT_FIRST_CHUNK_BYTES / stride.max(1))
            }
            (false, hint) => total.max(hint.unwrap_or(0).saturating_sub(total)),
        };
        wanted.clamp(1, max_elems)
    }

    /// Adds a chunk of `cap` elements (from `alloc_chunk`) after the last.
    pub(crate) fn push_chunk(&mut self, ptr: P, cap: usize) {
        let start = self.capacity();
        self.chunks.push(Chunk { ptr, start, cap });
    }

    /// Claims the next element position (the rope must not be full);
    /// returns its index, the chunk holding it and its position in that
    /// chunk (always the last chunk: invariant 2).
    pub(crate) fn push_elem(&mut self) -> (usize, P, usize) {
        debug_assert!(!self.is_full());
        let i = self.len;
        self.len += 1;
        let last = self
            .chunks
            .last()
            .expect("a rope that is not full has a chunk");
        (i, last.ptr, i - last.start)
    }

    /// The chunk holding element `i` and `i`'s position in it.
    pub(crate) fn locate(&self, i: usize) -> Option<(P, usize)> {
        if i >= self.len {
            return None;
        }
        let k = self
            .chunks
            .partition_point(|c| c.start <= i)
            .checked_sub(1)?;
        let c = self.chunks.get(k)?;
        Some((c.ptr, i - c.start))
    }

    /// Removes and returns every chunk with the number of staged elements
    /// in it; the rope is empty afterwards.
    pub(crate) fn take(&mut self) -> Vec<(Chunk<P>, usize)> {
        let len = self.len;
        self.len = 0;
        core::mem::take(&mut self.chunks)
            .into_iter()
            .map(|c| {
                let n = len.saturating_sub(c.start).min(c.cap);
                (c, n)
            })
            .collect()
    }

    /// Removes and returns the last chunk (for cleanup one chunk at a time).
    pub(crate) fn pop_chunk(&mut self) -> Option<Chunk<P>> {
        let c = self.chunks.pop()?;
        self.len = self.len.min(c.start);
        Some(c)
    }
}
