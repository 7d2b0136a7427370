//! The construction core: the node tree, the cursor, and the public
//! [`Trame`] API. Generic over [`IRuntime`], never duplicated per runtime.
//!
//! # Ownership, stated once
//!
//! Every byte trame tracks has exactly one owner at any time: the node whose
//! state says it is initialized ([`node::Node`] invariant 3). A slot is
//! uninitialized, initialized (owned by its node), or staged (owned by the
//! child node that stands for it), never two of these
//! ([`node::Slots`] invariant 1).
//!
//! - Writing a slot (`Imm`, `Default`) first drops whatever the slot owned
//!   (an initialized value, or a staged child's whole subtree), then writes.
//! - Staging an initialized slot moves ownership of its value down into the
//!   new child node, which starts complete.
//! - Strict `End` folds a complete child: ownership moves back up to the
//!   parent's slot and the child node is freed.
//! - `build` hands the root allocation, complete, to a [`HeapValue`].
//! - Cleanup (poison, drop of an unfinished Trame) walks owners only: a node
//!   drops its initialized slots and then each staged child's subtree,
//!   never bytes a parent's whole-value drop already covers. The walk uses
//!   an explicit work stack (as does validation): a tree may be as deep as
//!   the input made it.
//!
//! Wrappers and containers own allocations besides values:
//!
//! - A wrapper node (`Option`, `Box`/`Arc`/`Rc`) owns the allocation of its
//!   payload/pointee slot ([`wrapper::Wrapper`]); the *value* in it belongs to
//!   whoever the slot's state names (the wrapper, or a staged child). Closing
//!   the wrapper moves the value into `Some(..)` or a new pointer written at
//!   the wrapper's own bytes (now owned by the wrapper, whole) and frees the
//!   allocation. Setting the wrapper whole, or cleanup, drops the slot's
//!   value or subtree first, then frees the allocation.
//! - A container node owns the chunks of its rope ([`rope::Rope`]); each
//!   staged element's bytes belong to the container's per-element record or
//!   to the element node staged there. Closing the container first erases
//!   every record, then hands all elements and chunks to the heap's
//!   materialization, which moves each element into the real container (or
//!   drops it: a set duplicate, a map entry's losing key and value) and frees
//!   or adopts each chunk; the container's bytes then hold a whole value
//!   owned by the node. Cleanup drops each initialized element, each staged
//!   element subtree, then frees each chunk. A closed container is dropped
//!   as a whole value.
//! - A map entry node has no shape of its own: it is dropped key and value
//!   separately, never whole.
//! - A dynamic value staged as an array or an object is a container node
//!   whose elements (entries) are dynamic values (a `String` key and a
//!   dynamic value), owned as a list's or a map's are ([`dynamic`]).
//!
//! # Trame invariants
//!
//! 1. While `state` is `Active`, `root` and `cursor` are live nodes, every
//!    node between them is live, and the root node's data is an allocation
//!    of `root_shape` made by `heap`, owned by the Trame.
//! 2. While `state` is `Poisoned`, the arena is empty and the root
//!    allocation has been freed or handed to a `HeapValue` (or was never
//!    made).
//! 3. Every node in the arena is reachable from `root` through child links.

mod apply;
mod cleanup;
mod container;
mod dynamic;
mod end;
mod enums;
mod fast;
pub(crate) mod node;
mod proxy;
mod render;
mod rope;
mod slots;
mod wrapper;
mod write;

use core::marker::PhantomData;

use facet::{Facet, Shape};

use crate::error::TrameError;
use crate::heap_value::HeapValue;
use crate::imm::RawImm;
use crate::ops::{Op, OpBatch, Source};
use crate::path::PathSegment;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, ImmOf, LRuntime};

pub use node::View;
use node::{Node, NodeId, NodeState};

/// Where the value of a runtime-level `Set` comes from: [`Source`] with the
/// runtime's own `Imm` type. [`Trame::apply`] converts a [`Source`] into
/// this; the verified runtime's harnesses build it directly.
#[derive(Debug)]
pub enum RtSource<'t, I> {
    /// Move a value in.
    Imm(I),
    /// Build the value from text through the shape's parse hook.
    Parse(&'t str),
    /// Build the value from bytes through the shape's bytes-parse hook.
    ParseBytes(&'t [u8]),
    /// Build the value from a value of another shape through the shape's
    /// conversion hook.
    Convert(I),
    /// Push a node (capacity hint for containers).
    Stage(Option<usize>),
    /// Push a node whose subtree is deferred.
    StageDeferred(Option<usize>),
    /// Push a node that builds the value through the proxy its slot
    /// declares.
    StageProxy,
    /// Push a node for a dynamic value staged as an object.
    StageObject(Option<usize>),
    /// [`RtSource::StageObject`], the node's subtree deferred.
    StageObjectDeferred(Option<usize>),
    /// Write the default value in place.
    Default,
}

/// Lifecycle of a Trame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Ops may be applied.
    Active,
    /// An error happened; everything was cleaned up.
    Poisoned,
}

/// A value under construction. `'facet` is the one lifetime the built value
/// may borrow from. `R` is the runtime; it defaults to the live runtime.
///
/// A Trame is driven by [`Op`]s: `Set { dst, src }` writes or stages at a
/// path relative to the cursor, `End` leaves the current node. Any error
/// poisons the Trame: everything initialized is dropped and everything
/// allocated is freed, exactly once, and every later call returns
/// [`TrameError::Poisoned`]. Dropping an unfinished Trame cleans up the same
/// way.
pub struct Trame<'facet, R: IRuntime = LRuntime> {
    heap: R::Heap,
    nodes: R::Arena<Node<R>>,
    root: NodeId,
    cursor: NodeId,
    root_shape: R::Shape,
    state: State,
    /// The format whose proxies apply (`#[facet(json::proxy = P)]` for
    /// `"json"`), before the format-agnostic ones.
    format: Option<&'static str>,
    /// Errors name fields and variants as the input does
    /// ([`Trame::with_input_names`]).
    input_names: bool,
    /// Why the Trame could not even start, reported by the first call
    /// (boxed: it is rare, and a small Trame is cheap to move).
    start_error: Option<Box<TrameError>>,
    _facet: PhantomData<fn(&'facet ()) -> &'facet ()>,
}

impl<'facet> Trame<'facet> {
    /// Starts building a `T`, strict mode everywhere (deferred only where a
    /// subtree is staged with `StageDeferred`).
    pub fn new<T: Facet<'facet>>() -> Self {
        Self::with_root(crate::LHeap, T::SHAPE)
    }

    /// Starts building a `T` with the whole tree in deferred mode: `End`
    /// never validates; `build()` validates everything.
    pub fn new_deferred<T: Facet<'facet>>() -> Self {
        let mut t = Self::new::<T>();
        t.defer_root();
        t
    }

    /// Starts building a value of `shape`.
    ///
    /// # Safety
    /// `shape` must be a shape that a `Facet<'facet>` impl produced (untrusted
    /// or hand-made shapes can cause UB).
    pub unsafe fn from_shape(shape: &'static Shape) -> Self {
        Self::with_root(crate::LHeap, shape)
    }
}

impl<'facet, 's> Trame<'facet, crate::VRuntime<'s>> {
    /// Starts building a value of the dynamic `shape` in the checked heap
    /// `heap`. Safe: the verified runtime touches no real memory, and checks
    /// every operation against its model instead.
    pub fn new_verified(
        heap: crate::verified::VHeap<'s>,
        shape: crate::verified::VShape<'s>,
    ) -> Self {
        Self::with_root(heap, shape)
    }

    /// Like [`Trame::new_verified`], with the whole tree in deferred mode.
    pub fn new_verified_deferred(
        heap: crate::verified::VHeap<'s>,
        shape: crate::verified::VShape<'s>,
    ) -> Self {
        let mut t = Self::with_root(heap, shape);
        t.defer_root();
        t
    }
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// Starts building a value of `shape` in `heap`. Callers vouch for
    /// `shape` through the runtime's [`IRuntime`] contract.
    pub(crate) fn with_root(heap: R::Heap, shape: R::Shape) -> Self {
        let mut t = Trame {
            heap,
            nodes: R::Arena::<Node<R>>::new(),
            root: 0,
            cursor: 0,
            root_shape: shape,
            state: State::Poisoned,
            format: None,
            input_names: false,
            start_error: None,
            _facet: PhantomData,
        };
        match t.start() {
            Ok(root) => {
                t.root = root;
                t.cursor = root;
                t.state = State::Active;
            }
            Err(e) => t.start_error = Some(Box::new(e)),
        }
        t
    }

    /// Allocates the root value and creates the root node.
    fn start(&mut self) -> Result<NodeId, TrameError> {
        let shape = self.root_shape;
        if shape.kind() == crate::ShapeKind::Unsupported {
            return Err(TrameError::Unsupported {
                path: "$".into(),
                shape: render::shape_name(shape),
                what: "building a value of this shape",
            });
        }
        let data = (self.heap.alloc(shape)).map_err(|e| alloc_error(e, shape, shape.size()))?;
        let node = Node::new(
            shape,
            node::View::Value,
            data,
            None,
            NodeState::new(shape, node::View::Value, false),
            false,
            false,
        );
        self.nodes.insert(node).map_err(|e| {
            // SAFETY: `data` was just allocated for `shape` and holds nothing.
            unsafe { self.heap.dealloc(data, shape) };
            TrameError::OutOfCapacity { what: e.what }
        })
    }

    /// Applies one op.
    // Inlined into the caller on purpose: there the op was just built, so
    // the compiler sees its path and source, and a `Set [Field(n)] ← Imm`
    // (the most common op) goes straight to its fast path without the op,
    // its path or its value being moved around first.
    #[inline(always)]
    pub fn apply(&mut self, op: Op<'facet>) -> Result<(), TrameError> {
        match op {
            Op::End => self.apply_end(),
            // Each arm takes the source whole, so that no drop of a
            // partly matched `Source` is left for after the match.
            Op::Set { dst, src } => match src {
                Source::Imm(imm) => match dst.segments() {
                    &[PathSegment::Field(n)] => match imm.into_checked_raw() {
                        Ok(raw) => self.apply_field_imm(n, raw),
                        Err(raw) => self.reject_unchecked_imm(raw),
                    },
                    path => self.apply_source(path, Source::Imm(imm)),
                },
                Source::Stage(hint) => {
                    // `Stage` owns nothing: forgetting it spares a call to
                    // `Source`'s drop glue, which the compiler keeps for the
                    // binding of a `Copy` field does not move the source.
                    core::mem::forget(src);
                    match dst.segments() {
                        &[PathSegment::Append] => self.append_stage(hint),
                        path => self.apply_source(path, Source::Stage(hint)),
                    }
                }
                src => self.apply_source(dst.segments(), src),
            },
        }
    }

    /// `Set [Field(n)] ← Imm` from [`Trame::apply`].
    fn apply_field_imm(&mut self, n: u32, raw: RawImm) -> Result<(), TrameError> {
        match R::imm_from_live(&mut self.heap, raw) {
            Ok(imm) => self.set_field_imm(n, imm),
            Err(raw) => {
                self.check_usable()?;
                self.reject_live_imm(raw)
            }
        }
    }

    /// Every other `Set` from [`Trame::apply`].
    fn apply_source(
        &mut self,
        path: &[PathSegment],
        src: Source<'facet>,
    ) -> Result<(), TrameError> {
        self.check_usable()?;
        let src = match src {
            Source::Imm(imm) => match imm.into_checked_raw() {
                Err(raw) => return self.reject_unchecked_imm(raw),
                Ok(raw) => match R::imm_from_live(&mut self.heap, raw) {
                    Ok(imm) => RtSource::Imm(imm),
                    Err(raw) => return self.reject_live_imm(raw),
                },
            },
            Source::Convert(imm) => match (*imm).into_checked_raw() {
                Err(raw) => return self.reject_unchecked_imm(raw),
                Ok(raw) => match R::imm_from_live(&mut self.heap, raw) {
                    Ok(imm) => RtSource::Convert(imm),
                    Err(raw) => return self.reject_live_imm(raw),
                },
            },
            Source::Parse(text) => return self.set_general(path, RtSource::Parse(&text)),
            Source::ParseBytes(bytes) => {
                return self.set_general(path, RtSource::ParseBytes(&bytes));
            }
            Source::Stage(h) => RtSource::Stage(h),
            Source::StageDeferred(h) => RtSource::StageDeferred(h),
            Source::StageProxy => RtSource::StageProxy,
            Source::StageObject(h) => RtSource::StageObject(h),
            Source::StageObjectDeferred(h) => RtSource::StageObjectDeferred(h),
            Source::Default => RtSource::Default,
        };
        self.set_general(path, src)
    }

    /// Applies ops from the front of the batch until one fails or the batch
    /// is empty. Applied ops are removed (including the one that failed,
    /// whose value trame dropped); unapplied ones stay in the batch and own
    /// their values (dropped normally with the batch).
    pub fn apply_batch(&mut self, batch: &mut OpBatch<'facet>) -> Result<(), TrameError> {
        while let Some(op) = batch.pop_front() {
            self.apply(op)?;
        }
        Ok(())
    }

    /// Applies `Set { dst: path, src }` with a runtime-level source.
    #[inline]
    pub fn apply_set(
        &mut self,
        path: &[PathSegment],
        src: RtSource<'_, ImmOf<R>>,
    ) -> Result<(), TrameError> {
        match (path, src) {
            (&[PathSegment::Field(n)], RtSource::Imm(imm)) => self.set_field_imm(n, imm),
            (&[PathSegment::Append], RtSource::Stage(hint)) => self.append_stage(hint),
            (path, src) => self.set_general(path, src),
        }
    }

    /// `Set` by the general path: every path form and source, every error.
    fn set_general(
        &mut self,
        path: &[PathSegment],
        src: RtSource<'_, ImmOf<R>>,
    ) -> Result<(), TrameError> {
        let mut src = Some(src);
        let result = match self.check_usable() {
            Ok(()) => self.set_at(path, &mut src),
            Err(e) => Err(e),
        };
        // t[impl api.imm.dropped-once]
        if let Some(RtSource::Imm(imm) | RtSource::Convert(imm)) = src {
            // The value was not moved into place: it is dropped here, once.
            self.heap.imm_drop(imm);
        }
        result.map_err(|e| self.poison(e))
    }

    /// Applies `End`.
    pub fn apply_end(&mut self) -> Result<(), TrameError> {
        self.check_usable()?;
        self.end_current().map_err(|e| self.poison(e))
    }

    /// Climbs to the root with `End` semantics, validates, returns the value.
    pub fn build(mut self) -> Result<HeapValue<'facet, R>, TrameError> {
        self.check_usable()?;
        if let Err(e) = self.finish() {
            return Err(self.poison(e));
        }
        // The root is complete: its value moves, whole, into the HeapValue.
        let root = self.nodes.remove(self.root);
        self.state = State::Poisoned;
        let shape = self.root_shape;
        Ok(HeapValue::new(self.take_heap(), root.data, shape))
    }

    // t[impl proxy.choice]
    /// Builds for `format` (`"json"`, `"yaml"`, …): where a type or a field
    /// declares a proxy for that format (`#[facet(json::proxy = P)]`),
    /// [`Source::StageProxy`] uses it instead of the format-agnostic one.
    pub fn with_format(mut self, format: &'static str) -> Self {
        self.format = Some(format);
        self
    }

    // t[impl error.input-names]
    /// Errors name fields and variants as the input does, for a front end
    /// that reports them to the author of the input: by the names facet's
    /// attributes give them (`#[facet(rename = "max-conn")]`,
    /// `rename_all`), not their Rust names. Paths (`$.server.max-conn`)
    /// and the missing fields of [`TrameError::Incomplete`] both.
    ///
    /// ```
    /// use facet::Facet;
    /// use trame::{Trame, TrameError};
    ///
    /// #[derive(Facet, Debug)]
    /// #[facet(rename_all = "kebab-case")]
    /// struct Limits {
    ///     max_conn: u32,
    /// }
    ///
    /// let t = Trame::new::<Limits>().with_input_names();
    /// match t.build() {
    ///     Err(TrameError::Incomplete { missing, .. }) => assert_eq!(missing, ["max-conn"]),
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn with_input_names(mut self) -> Self {
        self.input_names = true;
        self
    }

    /// The format given to [`Trame::with_format`], if any.
    pub fn format(&self) -> Option<&'static str> {
        self.format
    }

    /// Whether an error has poisoned this Trame.
    pub fn is_poisoned(&self) -> bool {
        self.state == State::Poisoned
    }

    /// Number of open nodes between the root and the cursor (root = 0).
    pub fn depth(&self) -> usize {
        if self.state != State::Active {
            return 0;
        }
        let mut depth = 0;
        let mut id = self.cursor;
        while let Some((parent, _)) = self.nodes.get(id).parent() {
            depth += 1;
            id = parent;
        }
        depth
    }

    /// The shape of the node under the cursor (`None` once poisoned). A
    /// front-end uses it to decide what to do next.
    pub fn cursor_shape(&self) -> Option<R::Shape> {
        (self.state == State::Active).then(|| self.nodes.get(self.cursor).shape)
    }

    /// Which part of its shape the node under the cursor stands for: the
    /// whole value, or an enum's selected variant or its payload (`None`
    /// once poisoned).
    pub fn cursor_view(&self) -> Option<View> {
        (self.state == State::Active).then(|| self.nodes.get(self.cursor).view)
    }

    /// Whether the cursor is on a staged map entry, or an entry of a dynamic
    /// value staged as an object (whose `Field(0)` is the key and
    /// `Field(1)` the value; [`Trame::cursor_shape`] then returns the map's
    /// or the dynamic value's shape).
    pub fn cursor_is_map_entry(&self) -> bool {
        self.state == State::Active
            && matches!(self.nodes.get(self.cursor).state, NodeState::Entry(_))
    }

    /// The shape being built.
    pub fn root_shape(&self) -> R::Shape {
        self.root_shape
    }

    /// The runtime's heap (for the verified runtime: to inspect it).
    pub fn heap(&self) -> &R::Heap {
        &self.heap
    }

    /// Errors unless ops may be applied.
    #[inline]
    fn check_usable(&mut self) -> Result<(), TrameError> {
        match self.state {
            State::Active => Ok(()),
            State::Poisoned => Err(self.start_error.take().map_or(TrameError::Poisoned, |e| *e)),
        }
    }

    /// Puts the whole tree in deferred mode (the root roots the deferred
    /// subtree).
    pub(crate) fn defer_root(&mut self) {
        if self.state == State::Active {
            let root = self.nodes.get_mut(self.root);
            root.deferred = true;
            root.deferred_root = true;
        }
    }

    /// A live `Imm` offered to a runtime that cannot hold live values.
    fn reject_live_imm(&mut self, raw: RawImm) -> Result<(), TrameError> {
        let shape = raw.shape().to_string();
        drop(raw);
        let err = TrameError::Unsupported {
            path: self.path_of(self.cursor),
            shape,
            what: "a live Imm value on this runtime",
        };
        Err(self.poison(err))
    }

    // t[impl api.lifetimes.checked]
    /// An `Imm` whose lifetimes the safe API cannot check: its value is
    /// dropped, and the Trame poisoned.
    fn reject_unchecked_imm(&mut self, raw: RawImm) -> Result<(), TrameError> {
        self.check_usable()?;
        let shape = raw.shape().to_string();
        drop(raw);
        let err = TrameError::UncheckedLifetimes {
            path: Some(self.path_of(self.cursor)),
            shape,
        };
        Err(self.poison(err))
    }

    // t[impl state.machine.poison-cleanup]
    /// Poisons the Trame: cleans up every tracked value and allocation
    /// (once: a poisoned Trame has an empty tree) and returns `error`.
    fn poison(&mut self, error: TrameError) -> TrameError {
        if self.state == State::Active {
            // Poisoned first: if a user `Drop` panics during cleanup, the
            // Trame is already unusable when the panic is caught.
            self.state = State::Poisoned;
            self.cleanup_all();
        }
        error
    }

    /// The heap of a Trame that is done (its tree is empty and its state
    /// poisoned): a handle to it, then the Trame drops as usual, every field
    /// by its own `Drop` (the Trame's finds nothing left to clean up).
    fn take_heap(self) -> R::Heap {
        assert!(
            self.state == State::Poisoned && self.nodes.is_empty(),
            "take_heap on a Trame that still owns nodes"
        );
        self.heap.clone()
    }
}

// t[impl resource.alloc.failure-is-error]
/// The error for an allocation of `size` bytes for `shape` that the heap
/// refused: [`TrameError::AllocationFailed`] when the allocator refused,
/// [`TrameError::OutOfCapacity`] for a bounded runtime's own limits.
pub(crate) fn alloc_error<S: IShape>(
    e: crate::runtime::OutOfCapacity,
    shape: S,
    size: usize,
) -> TrameError {
    if e == crate::runtime::OutOfCapacity::ALLOCATOR {
        TrameError::AllocationFailed {
            shape: render::shape_name(shape),
            size,
        }
    } else {
        TrameError::OutOfCapacity { what: e.what }
    }
}

impl<R: IRuntime> Drop for Trame<'_, R> {
    fn drop(&mut self) {
        if self.state == State::Active {
            self.state = State::Poisoned;
            self.cleanup_all();
        }
    }
}
