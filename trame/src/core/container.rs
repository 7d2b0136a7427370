//! Container nodes: lists (and slice pointers), sets and maps.
//!
//! `Append` + `Stage` claims the next element position in the node's
//! [`Rope`] and creates an element node there (for a map: an entry node
//! whose `Field(0)` is the key and `Field(1)` the value). Elements are
//! re-entered with `Field(i)`. Nothing is put in the live container while
//! staging: the container's
//! own bytes stay uninitialized until it closes, and then hold a complete
//! value. Closing ([`Trame::close_container`]: strict `End` of the
//! container, `build`, deferred exit) hands every staged element to the
//! heap's materialization operation in one go.
//!
//! A container set whole (`Imm`/`Default`) is closed: `Append`, staging it,
//! and re-entering its elements fail with `ContainerClosed`; `Imm`/`Default`
//! still overwrite it whole.

use crate::error::TrameError;
use crate::runtime::{
    IArena, IHeap, IRuntime, IShape, PtrOf, ShapeKind, StagedChunk, StagingLayout,
};

use super::Trame;
use super::node::{NodeId, NodeState, Slots, Target, is_stageable};
use super::rope::Rope;

/// Where a container node is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Nothing yet: not opened by `Stage` or `Append`, not set whole.
    Empty,
    /// Opened: elements are staged in the rope.
    Staging,
    /// Holds a complete container value (set whole, or materialized).
    Closed,
}

// t[impl state.machine.container-no-live-partial]
/// The state of a container node.
///
/// # Invariants
///
/// 1. `Closed` ⇔ the node's data holds a complete container value owned by
///    the node; `slots` then has no slot and `rope` no chunk.
/// 2. `Empty`: the data is uninitialized; no slot, no chunk.
/// 3. `Staging`: the data is uninitialized; `slots.count() == rope.len()`;
///    element `i` lives at `rope.locate(i)`, and slot `i`'s state says who
///    owns its bytes (the node, a child element node, or nobody).
/// 4. The node owns every chunk of `rope` (the allocations).
pub(crate) struct Container<P, S> {
    pub(crate) status: Status,
    pub(crate) slots: Slots,
    pub(crate) rope: Rope<P>,
    /// The shape's staging layout, computed once (`None` only for a shape
    /// that is not a container, which never gets a container node).
    pub(crate) layout: Option<StagingLayout>,
    /// What every element is, computed once (`None` when the shape names
    /// no element: `Append` then fails).
    pub(crate) element: Option<Element<S>>,
}

/// What every element of a container is: facts of the container's shape
/// that `Append` needs for each element, found once when the node is made.
#[derive(Clone, Copy)]
pub(crate) struct Element<S> {
    /// The element (or, for a map, the entry).
    pub(crate) target: Target<S>,
    /// Whether the element can be staged (an entry always can).
    pub(crate) stageable: bool,
    /// For an element that is a struct, tuple or array: its slot count, so
    /// that a new element's state needs no look at its shape.
    pub(crate) slots: Option<usize>,
}

impl<S: IShape> Element<S> {
    /// The element facts of container `shape`.
    fn of(shape: S) -> Option<Element<S>> {
        if shape.kind() == ShapeKind::Map {
            return Some(Element {
                target: Target::Entry(shape),
                stageable: true,
                slots: None,
            });
        }
        let s = shape.inner()?;
        Some(Element {
            target: Target::Value(s),
            stageable: is_stageable(s),
            slots: s.kind().has_slots().then(|| s.slot_count()),
        })
    }
}

impl<P: Copy, S: IShape> Container<P, S> {
    /// A fresh container of `shape`: closed (holding a whole value) or
    /// empty.
    pub(crate) fn new(closed: bool, shape: S) -> Container<P, S> {
        Container {
            status: if closed {
                Status::Closed
            } else {
                Status::Empty
            },
            slots: Slots::new(0),
            rope: Rope::new(),
            layout: shape.staging_layout(),
            element: Element::of(shape),
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.status == Status::Closed
    }
}

fn container_mut<P, S: IShape>(s: &mut NodeState<P, S>) -> Option<&mut Container<P, S>> {
    match s {
        NodeState::Container(c) => Some(c),
        _ => None,
    }
}

fn container<P, S: IShape>(s: &NodeState<P, S>) -> Option<&Container<P, S>> {
    match s {
        NodeState::Container(c) => Some(c),
        _ => None,
    }
}

/// How many missing element names an `Incomplete` error lists.
const MAX_MISSING_LISTED: usize = 8;

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// Opens container node `id` for staging (with an optional capacity
    /// hint). Errors when it is closed.
    pub(super) fn container_open(
        &mut self,
        id: NodeId,
        hint: Option<usize>,
    ) -> Result<(), TrameError> {
        let Some(c) = container_mut(&mut self.nodes.get_mut(id).state) else {
            return Ok(());
        };
        match c.status {
            Status::Closed => return Err(self.closed_error(id)),
            Status::Empty => c.status = Status::Staging,
            Status::Staging => {}
        }
        if let Some(h) = hint {
            c.rope.set_hint(h);
        }
        Ok(())
    }

    /// `ContainerClosed` for node `id`.
    pub(super) fn closed_error(&self, id: NodeId) -> TrameError {
        TrameError::ContainerClosed {
            path: self.path_of(id),
            shape: super::render::shape_name(self.nodes.get(id).shape),
        }
    }

    /// `Append` at container node `id`: claims the next element position
    /// (adding a chunk when the rope is full) and returns its index and
    /// address. The new slot is uninitialized.
    #[inline(always)]
    pub(super) fn container_append(&mut self, id: NodeId) -> Result<(usize, PtrOf<R>), TrameError> {
        self.container_open(id, None)?;
        let shape = self.nodes.get(id).shape;
        let max = self.heap.max_chunk_bytes();
        let Some(c) = container(&self.nodes.get(id).state) else {
            return Err(self.append_error(id, true));
        };
        let stride = c.layout.map_or(0, |l| l.stride);
        if c.rope.is_full() {
            let cap = c.rope.next_chunk_cap(stride, max);
            let ptr = (self.heap.alloc_chunk(shape, cap))
                .map_err(|e| super::alloc_error(e, shape, stride.saturating_mul(cap)))?;
            if let Some(c) = container_mut(&mut self.nodes.get_mut(id).state) {
                c.rope.push_chunk(ptr, cap);
            }
        }
        let Some(c) = container_mut(&mut self.nodes.get_mut(id).state) else {
            return Err(self.append_error(id, true));
        };
        let j = c.slots.push();
        let (i, chunk, k) = c.rope.push_elem();
        debug_assert_eq!(i, j);
        Ok((i, self.heap.offset(chunk, k * stride)))
    }

    /// The address of staged element (entry) `i` of container node `id`.
    pub(super) fn element_ptr(&self, id: NodeId, i: usize) -> Option<PtrOf<R>> {
        let node = self.nodes.get(id);
        let c = container(&node.state)?;
        let (chunk, k) = c.rope.locate(i)?;
        Some(self.heap.offset(chunk, k * c.layout?.stride))
    }

    // t[impl state.machine.container-materialize-on-close]
    /// Closes container node `id`: every staged element must be complete;
    /// they are then materialized into the real container at the node's
    /// data, in staging order (sets collapse duplicates, maps keep the last
    /// value for equal keys), and the chunks are consumed. Idempotent for a
    /// closed container. Deferred exit calls this too.
    pub(super) fn close_container(&mut self, id: NodeId) -> Result<(), TrameError> {
        let (shape, data) = {
            let n = self.nodes.get(id);
            (n.shape, n.data)
        };
        let Some(c) = container(&self.nodes.get(id).state) else {
            return Ok(());
        };
        match c.status {
            Status::Closed => return Ok(()),
            Status::Empty => {
                return Err(TrameError::Incomplete {
                    path: self.path_of(id),
                    shape: super::render::shape_name(shape),
                    missing: Vec::new(),
                    all: vec![self.path_of(id)],
                });
            }
            Status::Staging => {}
        }
        if !c.slots.is_complete() {
            let mut missing: Vec<String> = c
                .slots
                .missing()
                .take(MAX_MISSING_LISTED)
                .map(|i| format!("[{i}]"))
                .collect();
            if c.slots.missing().nth(MAX_MISSING_LISTED).is_some() {
                missing.push("…".into());
            }
            return Err(TrameError::Incomplete {
                path: self.path_of(id),
                shape: super::render::shape_name(shape),
                missing,
                all: vec![self.path_of(id)],
            });
        }
        // Erase the records before handing the elements over, so that a
        // panic in user code (hash, comparison, drop of a duplicate) leaks
        // rather than drops anything twice.
        let Some(c) = container_mut(&mut self.nodes.get_mut(id).state) else {
            return Ok(());
        };
        let chunks: Vec<StagedChunk<PtrOf<R>>> = c
            .rope
            .take()
            .into_iter()
            .map(|(ch, len)| StagedChunk {
                ptr: ch.ptr,
                cap: ch.cap,
                len,
            })
            .collect();
        c.slots.reset();
        c.status = Status::Empty;
        // SAFETY: container invariants 3 and 4: each chunk came from
        // `alloc_chunk(shape, cap)`, is owned by the node and holds complete
        // elements exactly at its first `len` positions (every slot was
        // initialized, none staged); `data` is valid, aligned and
        // uninitialized for `shape` (node invariant 1, status `Staging`)
        // and lies outside every chunk.
        let made = match shape.kind() {
            // SAFETY: as above (a dynamic value in the form its elements
            // were staged for).
            ShapeKind::Dynamic => unsafe { self.dynamic_from_chunks(id, data, shape, &chunks) },
            // SAFETY: as above.
            _ => unsafe { self.heap.container_from_chunks(data, shape, &chunks) },
        };
        if let Err(e) = made {
            // Nothing was consumed: drop the elements and free the chunks
            // here (the node no longer records them).
            for ch in &chunks {
                self.drop_staged_elements(id, shape, ch);
            }
            return Err(TrameError::OutOfCapacity { what: e.what });
        }
        if let Some(c) = container_mut(&mut self.nodes.get_mut(id).state) {
            c.status = Status::Closed;
        }
        Ok(())
    }

    /// Drops the `len` complete elements of `ch`, a chunk of container
    /// node `id`, and frees it.
    fn drop_staged_elements(&mut self, id: NodeId, shape: R::Shape, ch: &StagedChunk<PtrOf<R>>) {
        let Some(sl) = shape.staging_layout() else {
            return;
        };
        for k in 0..ch.len {
            let at = self.heap.offset(ch.ptr, k * sl.stride);
            for (p, s) in self.element_parts(id, at) {
                // SAFETY: the element at `at` is complete and no longer
                // recorded anywhere else.
                unsafe { self.heap.drop_in_place(p, s) };
            }
        }
        // SAFETY: the chunk came from `alloc_chunk(shape, cap)` and its
        // elements were just dropped.
        unsafe { self.heap.dealloc_chunk(ch.ptr, shape, ch.cap) };
    }

    /// The values making up an element at `at` of container node `id`: the
    /// element, or an entry's key and value (a map's, a dynamic object's),
    /// as the node's element facts say.
    pub(super) fn element_parts(
        &self,
        id: NodeId,
        at: PtrOf<R>,
    ) -> smallvec::SmallVec<[(PtrOf<R>, R::Shape); 2]> {
        let mut out = smallvec::SmallVec::new();
        let element = container(&self.nodes.get(id).state).and_then(|c| c.element);
        match element.map(|e| e.target) {
            Some(Target::Entry(shape)) => {
                for i in 0..2 {
                    out.extend(super::apply::entry_slot(&self.heap, shape, at, i));
                }
            }
            Some(Target::Value(e)) => out.push((at, e)),
            None => {}
        }
        out
    }

    /// The end of emptying container node `id` (see
    /// `Trame::release_contents`), once every staged element and element
    /// subtree was dropped: frees every chunk. The container is empty
    /// afterwards.
    pub(super) fn free_container_chunks(&mut self, id: NodeId) {
        let shape = self.nodes.get(id).shape;
        // One chunk at a time (each record erased before its free).
        loop {
            let popped =
                container_mut(&mut self.nodes.get_mut(id).state).and_then(|c| c.rope.pop_chunk());
            let Some(ch) = popped else { break };
            // SAFETY: invariant 4: the chunk came from `alloc_chunk(shape,
            // cap)`; every element in it was dropped before this step.
            unsafe { self.heap.dealloc_chunk(ch.ptr, shape, ch.cap) };
        }
        if let Some(c) = container_mut(&mut self.nodes.get_mut(id).state) {
            c.slots.reset();
            c.status = Status::Empty;
        }
    }
}
