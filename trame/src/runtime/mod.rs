//! The runtime abstraction: what the construction core needs from a type
//! system ([`IShape`]), from memory ([`IHeap`]) and from node storage
//! ([`IArena`]), bundled by [`IRuntime`].
//!
//! The core in [`crate::Trame`] is written once, generic over [`IRuntime`].
//! Two runtimes implement it:
//!
//! - [`LRuntime`]: `&'static facet::Shape`, real allocation,
//!   real drop and default through facet's vtables.
//! - [`VRuntime`](crate::VRuntime): dynamic shapes held in an owned
//!   [`ShapeStore`](crate::verified::ShapeStore), a checked heap that models
//!   every byte's initialization state and reports every illegal transition,
//!   and a fixed-capacity arena.
//!
//! Swapping one for the other is a compile-time choice: a program that only
//! uses `LRuntime` never instantiates the verified code.

mod hooks;
mod kind;
pub mod live;
pub mod verified;

mod shape;

pub use hooks::{HookError, Hooks};
pub use kind::ShapeKind;
pub use live::LRuntime;
pub use shape::{FieldRef, IShape, SlotDefault, SlotInfo, VariantStyle};

use core::fmt;

/// Layout of one staged element or map entry in a staging chunk (see
/// [`IShape::staging_layout`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StagingLayout {
    /// Distance in bytes between consecutive elements/entries (a multiple of
    /// `align`).
    pub stride: usize,
    /// Alignment of every element/entry.
    pub align: usize,
    /// Offset of the value inside a map entry (the key is at offset 0); 0
    /// for lists and sets.
    pub value_offset: usize,
}

/// A staging chunk handed to a materialization operation
/// ([`IHeap::container_from_chunks`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StagedChunk<P> {
    /// The chunk, as returned by [`IHeap::alloc_chunk`] for `cap` elements.
    pub ptr: P,
    /// The number of elements/entries the chunk was allocated for.
    pub cap: usize,
    /// The number of leading elements/entries that hold complete values
    /// (`len <= cap`); the rest are uninitialized.
    pub len: usize,
}

/// Error returned when a runtime cannot provide memory or node storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfCapacity {
    /// What ran out (`"heap allocations"`, `"arena nodes"`).
    pub what: &'static str,
}

impl OutOfCapacity {
    /// The global allocator refused an allocation (it returned null). The
    /// core reports it as [`TrameError::AllocationFailed`](crate::TrameError::AllocationFailed)
    /// with the shape and size it asked for.
    pub const ALLOCATOR: OutOfCapacity = OutOfCapacity {
        what: "memory: the allocator refused",
    };
}

/// The memory operations construction uses.
///
/// Every operation that touches memory is `unsafe` to call; its contract is
/// stated on the method. The core calls them only while its node invariants
/// (documented in `core`) guarantee those contracts. The verified heap checks
/// each contract at run time and records a violation instead of misbehaving;
/// the live heap relies on them.
pub trait IHeap<S: IShape> {
    /// A pointer into memory managed by this heap.
    type Ptr: Copy + PartialEq + fmt::Debug;
    /// A value moved in by the user (the payload of `Source::Imm`), owned
    /// until it is moved into place or dropped.
    type Imm;

    /// Allocates uninitialized memory for one value of `shape`.
    fn alloc(&mut self, shape: S) -> Result<Self::Ptr, OutOfCapacity>;

    /// Frees memory returned by [`IHeap::alloc`] for `shape`.
    ///
    /// # Safety
    /// `ptr` came from `alloc(shape)` on this heap, was not freed since, and
    /// holds no initialized bytes that still own resources.
    unsafe fn dealloc(&mut self, ptr: Self::Ptr, shape: S);

    /// The pointer `bytes` bytes past `ptr`. Pure arithmetic: never
    /// dereferences.
    fn offset(&self, ptr: Self::Ptr, bytes: usize) -> Self::Ptr;

    /// The shape of the value an `Imm` carries.
    fn imm_shape(&self, imm: &Self::Imm) -> S;

    /// Moves the value carried by `imm` to `dst`, consuming `imm`.
    ///
    /// # Safety
    /// `dst` is valid for writes of `imm_shape(imm)`, aligned for it, and
    /// uninitialized (holds no value that still needs dropping).
    unsafe fn imm_move_into(&mut self, imm: Self::Imm, dst: Self::Ptr);

    /// Drops the value carried by `imm` (it was not applied).
    fn imm_drop(&mut self, imm: Self::Imm);

    /// Writes the default value of `shape` at `dst`. Returns `false`, having
    /// written nothing, when `shape` has no default.
    ///
    /// # Safety
    /// `dst` is valid for writes of `shape`, aligned, and uninitialized.
    unsafe fn default_in_place(&mut self, dst: Self::Ptr, shape: S) -> bool;

    /// Writes the default of `field` of `parent` (as
    /// [`IShape::field_default`] describes it) at `dst`. Returns `false`,
    /// having written nothing, when the field has no default.
    ///
    /// # Safety
    /// `dst` is valid for writes of the field's shape, aligned, and
    /// uninitialized.
    unsafe fn default_field(&mut self, dst: Self::Ptr, parent: S, field: FieldRef) -> bool;

    /// Makes variant `v` of the enum `shape` at `ptr` active by writing its
    /// discriminant. The payload bytes are untouched (uninitialized). Only
    /// for enums whose payloads are built in place
    /// ([`IShape::variant_payload_in_place`]).
    ///
    /// # Safety
    /// `ptr` is valid for writes of `shape` and aligned; the enum holds no
    /// initialized payload (any old payload was dropped first).
    unsafe fn select_variant(&mut self, ptr: Self::Ptr, shape: S, v: usize);

    /// Forgets the discriminant written by `select_variant` (the enum is
    /// being abandoned, its payload already dropped). Idempotent.
    ///
    /// # Safety
    /// `ptr` is valid for `shape`, and no payload byte is initialized.
    unsafe fn clear_variant(&mut self, ptr: Self::Ptr, shape: S);

    /// The active variant of the complete enum value at `ptr`, read from
    /// its discriminant (for a `Result`: 0 if it is `Ok`, 1 if `Err`).
    ///
    /// # Safety
    /// `ptr` holds a complete value of the enum `shape`.
    unsafe fn active_variant(&self, ptr: Self::Ptr, shape: S) -> Option<usize>;

    /// Drops the value of `shape` at `ptr`, leaving the bytes uninitialized.
    ///
    /// # Safety
    /// `ptr` holds a fully initialized value of `shape` that nothing else
    /// will drop or use afterwards.
    unsafe fn drop_in_place(&mut self, ptr: Self::Ptr, shape: S);

    /// Moves the value of `shape` from `src` to `dst` (a bytewise copy after
    /// which `src` is logically uninitialized and must not be dropped).
    ///
    /// # Safety
    /// `src` holds a fully initialized value of `shape` owned by the caller;
    /// `dst` is valid for writes of `shape`, aligned, uninitialized, and does
    /// not overlap `src`.
    unsafe fn move_value(&mut self, dst: Self::Ptr, src: Self::Ptr, shape: S);

    // ---- hooks: parse, conversion, invariants ------------------------------

    /// Builds at `dst` a value of `shape` from `text`, through the shape's
    /// parse hook. On error nothing is initialized at `dst`.
    ///
    /// # Safety
    /// `shape.hooks().parse`; `dst` is valid for writes of `shape`, aligned
    /// and uninitialized.
    unsafe fn parse_into(&mut self, dst: Self::Ptr, shape: S, text: &str) -> Result<(), HookError>;

    /// Builds at `dst` a value of `shape` from `bytes`, through the shape's
    /// bytes-parse hook. On error nothing is initialized at `dst`.
    ///
    /// # Safety
    /// `shape.hooks().parse_bytes`; `dst` is valid for writes of `shape`,
    /// aligned and uninitialized.
    unsafe fn parse_bytes_into(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        bytes: &[u8],
    ) -> Result<(), HookError>;

    /// Builds at `dst` a value of `shape` from the value `imm` carries,
    /// through the shape's conversion hook. `imm` is consumed whatever the
    /// outcome: its value is moved into the hook or dropped, exactly once.
    /// On error nothing is initialized at `dst`.
    ///
    /// # Safety
    /// `shape.hooks().try_from`; `dst` is valid for writes of `shape`,
    /// aligned and uninitialized.
    unsafe fn convert_into(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        imm: Self::Imm,
    ) -> Result<(), HookError>;

    /// Builds at `dst` a value of `shape` from the proxy value at `src`,
    /// through `proxy`'s conversion. The proxy value is consumed whatever
    /// the outcome (the conversion takes it); the caller frees `src`'s
    /// allocation without dropping. On error nothing is initialized at
    /// `dst`.
    ///
    /// # Safety
    /// `proxy` is a proxy `shape` declares (or one of its fields declares
    /// for values of `shape`); `src` holds a complete value of
    /// `S::proxy_shape(proxy)` owned by the caller, disjoint from `dst`;
    /// `dst` is valid for writes of `shape`, aligned and uninitialized.
    unsafe fn proxy_convert_in(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        proxy: S::Proxy,
        src: Self::Ptr,
    ) -> Result<(), HookError>;

    /// Runs the invariants hook of `shape` on the value at `ptr`.
    ///
    /// # Safety
    /// `shape.hooks().invariants`; `ptr` holds a complete value of `shape`.
    unsafe fn check_invariants(&mut self, ptr: Self::Ptr, shape: S) -> Result<(), HookError>;

    /// For heaps that track initialization: whether every value byte of
    /// `shape` at `ptr` is initialized. `None` when the heap does not know
    /// (the live heap). Used only by checks, never to decide behaviour.
    fn is_init(&self, ptr: Self::Ptr, shape: S) -> Option<bool>;

    // ---- wrappers: `Option<T>` and pointers --------------------------------

    /// Writes `Some(payload)` at `dst`, moving the payload out of `src`.
    /// On success `src` is logically uninitialized (the caller frees its
    /// allocation without dropping); on error nothing changed.
    ///
    /// # Safety
    /// `shape` is of kind [`ShapeKind::Option`]; `src` holds a complete
    /// value of `shape.inner()` owned by the caller, not overlapping `dst`;
    /// `dst` is valid for writes of `shape`, aligned and uninitialized.
    unsafe fn option_init_some(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        src: Self::Ptr,
    ) -> Result<(), OutOfCapacity>;

    /// Writes at `dst` a new pointer of `shape` (`Box`, `Arc`, `Rc`) owning
    /// the pointee moved out of `src`. On success `src` is logically
    /// uninitialized (the caller frees its allocation without dropping); on
    /// error nothing changed.
    ///
    /// # Safety
    /// `shape` is of kind [`ShapeKind::Pointer`]; `src` holds a complete
    /// value of `shape.inner()` owned by the caller, not overlapping `dst`;
    /// `dst` is valid for writes of `shape`, aligned and uninitialized.
    unsafe fn pointer_from_pointee(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        src: Self::Ptr,
    ) -> Result<(), OutOfCapacity>;

    /// Writes at `dst` variant `v` of the `Result` `shape` (`Ok` for 0,
    /// `Err` for 1) holding the payload moved out of `src`. On success `src`
    /// is logically uninitialized (the caller frees its allocation without
    /// dropping); on error nothing changed.
    ///
    /// # Safety
    /// `shape` is an enum whose payloads are not built in place
    /// ([`IShape::variant_payload_in_place`] is `false`) and `v` one of its
    /// variants; `src` holds a complete value of the shape of
    /// `shape.variant_field(v, 0)`, owned by the caller, not overlapping
    /// `dst`; `dst` is valid for writes of `shape`, aligned and
    /// uninitialized.
    unsafe fn result_init(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        v: usize,
        src: Self::Ptr,
    ) -> Result<(), OutOfCapacity>;

    // ---- containers: staging chunks and materialization ------------------

    /// Allocates an uninitialized staging chunk for `n` elements (or map
    /// entries) of the container `shape`, laid out per
    /// [`IShape::staging_layout`]. For elements of a list this is exactly the
    /// layout of `[T; n]`, allocated the way `Vec<T>` allocates, so a list
    /// may adopt the chunk as its buffer.
    fn alloc_chunk(&mut self, shape: S, n: usize) -> Result<Self::Ptr, OutOfCapacity>;

    /// Frees a staging chunk.
    ///
    /// # Safety
    /// `ptr` came from `alloc_chunk(shape, n)` on this heap, was not freed or
    /// handed to a container since, and holds no initialized element.
    unsafe fn dealloc_chunk(&mut self, ptr: Self::Ptr, shape: S, n: usize);

    /// The largest staging chunk this heap wants, in bytes. The core never
    /// asks for more (except for one element larger than this), whatever
    /// the capacity hint.
    fn max_chunk_bytes(&self) -> usize {
        1 << 24
    }

    /// Writes at `dst` the container `shape` made of the staged elements of
    /// `chunks`, in order (chunk by chunk, each chunk's first `len`
    /// elements):
    ///
    /// - a list (or slice pointer) holds them in that order;
    /// - a set inserts them in that order; an element equal to one already
    ///   inserted is dropped (once);
    /// - a map's chunks hold `(key, value)` entries, inserted in that order;
    ///   for an entry whose key equals one already inserted the later value
    ///   wins, and the losing key and the losing value are each dropped once.
    ///
    /// On success the chunks are consumed: every element was moved into the
    /// container, and every chunk was freed or adopted by it; the caller
    /// must not touch them again. On error nothing changed.
    ///
    /// # Safety
    /// `shape` is of kind [`ShapeKind::List`], [`ShapeKind::Set`] or
    /// [`ShapeKind::Map`]; each chunk came from `alloc_chunk(shape,
    /// chunk.cap)`, is owned by the caller, and holds complete elements
    /// (map: complete entries) exactly at its first `len` positions; `dst`
    /// is valid for writes of `shape`, aligned, uninitialized and outside
    /// every chunk.
    unsafe fn container_from_chunks(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        chunks: &[StagedChunk<Self::Ptr>],
    ) -> Result<(), OutOfCapacity>;

    // ---- dynamic values ---------------------------------------------------

    /// Whether a dynamic value of `shape` ([`ShapeKind::Dynamic`]) can be
    /// made from the value `imm` carries, whose shape is not `shape`: a
    /// scalar the shape's setters take (null, a boolean, a number, a string,
    /// bytes). Looks at shapes only.
    fn dynamic_accepts(&self, shape: S, imm: &Self::Imm) -> bool;

    /// Makes at `dst` a dynamic value of `shape` from the scalar `imm`
    /// carries, through the shape's setters. `imm` is consumed whatever the
    /// outcome: the setters read it, then it is dropped, exactly once. On
    /// error (a setter refused the value) nothing is initialized at `dst`.
    ///
    /// # Safety
    /// `dynamic_accepts(shape, &imm)`; `dst` is valid for writes of `shape`,
    /// aligned and uninitialized.
    unsafe fn dynamic_from_imm(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        imm: Self::Imm,
    ) -> Result<(), HookError>;

    /// Writes at `dst` the dynamic value of `shape` made of the staged
    /// elements of `chunks`, in order (chunk by chunk, each chunk's first
    /// `len` elements), laid out per [`IShape::staging_layout`]:
    ///
    /// - an array (`object == false`): each element is a dynamic value at
    ///   offset 0 of its position, pushed in that order;
    /// - an object: each position is a `(key, value)` entry, inserted in
    ///   that order (a later entry with an equal key replaces the value of
    ///   the earlier, as the shape's insert does); every key is dropped
    ///   once, after its entry was inserted.
    ///
    /// On success the chunks are consumed: every element moved into the
    /// value or dropped, every chunk freed; the caller must not touch them
    /// again. On error nothing changed.
    ///
    /// # Safety
    /// `shape` is of kind [`ShapeKind::Dynamic`]; each chunk came from
    /// `alloc_chunk(shape, chunk.cap)`, is owned by the caller, and holds
    /// complete elements (entries) exactly at its first `len` positions;
    /// `dst` is valid for writes of `shape`, aligned, uninitialized and
    /// outside every chunk.
    unsafe fn dynamic_from_chunks(
        &mut self,
        dst: Self::Ptr,
        shape: S,
        object: bool,
        chunks: &[StagedChunk<Self::Ptr>],
    ) -> Result<(), OutOfCapacity>;
}

/// Storage for the nodes of the construction tree.
pub trait IArena<T> {
    /// An empty arena.
    fn new() -> Self;
    /// Stores `value` and returns its index, never `u32::MAX` (the core
    /// uses it for "no node").
    fn insert(&mut self, value: T) -> Result<u32, OutOfCapacity>;
    /// The value at `id`. Panics if `id` is not occupied (a core bug).
    fn get(&self, id: u32) -> &T;
    /// The value at `id`, mutably. Panics if `id` is not occupied.
    fn get_mut(&mut self, id: u32) -> &mut T;
    /// Removes and returns the value at `id`. Panics if `id` is not occupied.
    fn remove(&mut self, id: u32) -> T;
    /// Removes and drops the value at `id`, in place. Panics if `id` is
    /// not occupied.
    #[inline]
    fn free(&mut self, id: u32) {
        drop(self.remove(id));
    }
    /// Number of occupied entries.
    fn len(&self) -> usize;
    /// Whether no entry is occupied.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A runtime: a shape representation, a heap and an arena that fit together.
///
/// # Safety
///
/// Implementors promise that for every value of `Self::Shape` the core can
/// obtain, the shape's facts (size, alignment, slots, kind, default) describe
/// real, consistent layouts, and that `Self::Heap` performs each operation
/// soundly whenever the operation's documented contract holds. The core's
/// soundness argument is built on exactly these two promises.
pub unsafe trait IRuntime: Sized {
    /// The shape representation.
    type Shape: IShape;
    /// The memory model. A clone is a handle to the same memory (the live
    /// heap is stateless, the checked heap shares its state).
    type Heap: IHeap<Self::Shape> + Clone;
    /// Node storage.
    type Arena<T>: IArena<T>;

    /// Converts a value moved in through the public [`crate::Imm`] into this
    /// runtime's `Imm`, or gives it back when this runtime cannot hold live
    /// values (the verified runtime).
    fn imm_from_live(
        heap: &mut Self::Heap,
        imm: crate::imm::RawImm,
    ) -> Result<<Self::Heap as IHeap<Self::Shape>>::Imm, crate::imm::RawImm>;
}

/// The pointer type of runtime `R`'s heap.
pub type PtrOf<R> = <<R as IRuntime>::Heap as IHeap<<R as IRuntime>::Shape>>::Ptr;
/// The `Imm` type of runtime `R`'s heap.
pub type ImmOf<R> = <<R as IRuntime>::Heap as IHeap<<R as IRuntime>::Shape>>::Imm;
