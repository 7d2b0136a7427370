//! The checked heap [`VHeap`]: allocations are byte vectors with a per-byte
//! initialization map, and every [`IHeap`] operation checks its contract,
//! recording a [`Violation`] instead of misbehaving. Also owns [`VPtr`],
//! [`VImm`] and the inspection API tests use after a run.

use core::fmt;
use std::cell::RefCell;
use std::rc::Rc;

use crate::runtime::{
    FieldRef, HookError, IHeap, IShape, OutOfCapacity, ShapeKind, SlotDefault, StagedChunk,
};

use super::shape::VShape;
use super::staging::Collect;
use super::state::{AllocKind, HeapState};
use super::values::Fill;
pub use super::violation::{Violation, ViolationKind};

/// Most allocations one heap hands out (live and freed together): freed
/// entries are kept to detect use after free, so this bounds the heap's
/// memory and keeps exhaustive exploration tractable. Pointers, options and
/// containers allocate per value and per staging chunk, hence room for a
/// few hundred of them.
pub const MAX_ALLOCATIONS: usize = 1024;

/// Largest staging chunk in bytes: small, so that a handful of staged
/// elements already spreads over several chunks and multi-chunk
/// materialization is exercised.
pub const MAX_CHUNK_BYTES: usize = 256;

/// How deep `new_imm` populates options and containers (one `Some`, one
/// element per level): recursive shapes (a struct holding a list of itself)
/// would otherwise make infinite values.
pub const MAX_VALUE_DEPTH: usize = 3;

/// A value read back from the heap ([`VHeap::value`]), for tests to compare
/// built values structurally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VValue {
    /// A scalar's value bytes.
    Bytes(Vec<u8>),
    /// The fields of a struct or tuple, the elements of an array.
    Fields(Vec<VValue>),
    /// A pointer's pointee.
    Pointer(Box<VValue>),
    /// An option.
    Option(Option<Box<VValue>>),
    /// A list's elements, in order.
    List(Vec<VValue>),
    /// A set's elements, in insertion order.
    Set(Vec<VValue>),
    /// A map's entries, in insertion order.
    Map(Vec<(VValue, VValue)>),
    /// An enum's active variant and its payload fields.
    Variant(usize, Vec<VValue>),
    /// A dynamic value that is null. (A dynamic scalar reads back as
    /// [`VValue::Bytes`], an array as [`VValue::List`], an object as
    /// [`VValue::Map`].)
    Null,
}

/// A pointer into a [`VHeap`]: an allocation index and a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VPtr {
    /// Index of the allocation.
    pub alloc: u32,
    /// Byte offset inside the allocation.
    pub offset: u32,
}

/// A value moved in by a test, owned until moved into place or dropped.
///
/// Created only by [`VHeap::new_imm`]; it lives in an allocation of its own.
#[derive(Debug)]
pub struct VImm<'s> {
    pub(super) ptr: VPtr,
    pub(super) shape: VShape<'s>,
}

impl<'s> VImm<'s> {
    /// Where the value lives.
    pub fn ptr(&self) -> VPtr {
        self.ptr
    }

    /// The value's shape.
    pub fn shape(&self) -> VShape<'s> {
        self.shape
    }
}

/// The checked heap: a cheaply clonable handle to shared state, so a test
/// can keep a clone and inspect the heap after the value under construction
/// (which owns another clone) is gone.
///
/// Inherent methods named like the `unsafe` [`IHeap`] methods are their safe,
/// checked forms: any contract violation is recorded, never undefined.
#[derive(Clone, Default)]
pub struct VHeap<'s> {
    state: Rc<RefCell<HeapState<'s>>>,
}

impl fmt::Debug for VHeap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.state.borrow();
        f.debug_struct("VHeap")
            .field("allocations", &st.allocs.len())
            .field("live", &st.live_allocations())
            .field("violations", &st.violations.len())
            .finish()
    }
}

fn offset_ptr(ptr: VPtr, bytes: usize) -> VPtr {
    let n = u32::try_from(bytes).unwrap_or(u32::MAX);
    VPtr {
        alloc: ptr.alloc,
        offset: ptr.offset.saturating_add(n),
    }
}

impl<'s> VHeap<'s> {
    /// An empty heap.
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates a value of `shape` in an allocation of its own, every value
    /// byte set to `tag` and initialized. Counts as a created value.
    pub fn new_imm(&mut self, shape: VShape<'s>, tag: u8) -> Result<VImm<'s>, OutOfCapacity> {
        let mut st = self.state.borrow_mut();
        if !st.has_room(1 + st.allocs_needed(shape, Fill::Tag(tag), 0)) {
            return Err(OutOfCapacity {
                what: "heap allocations",
            });
        }
        let ptr = st.alloc(shape)?;
        st.make_value(ptr.alloc as usize, 0, shape, Fill::Tag(tag), 0);
        st.created += 1;
        Ok(VImm { ptr, shape })
    }

    /// The complete value of `shape` at `ptr`, read back structurally;
    /// `None` if any part is uninitialized or malformed.
    pub fn value(&self, ptr: VPtr, shape: VShape<'s>) -> Option<VValue> {
        self.state
            .borrow()
            .inspect(ptr.alloc as usize, ptr.offset as usize, shape, 0)
    }

    /// Number of live staging chunks.
    pub fn live_chunks(&self) -> usize {
        let st = self.state.borrow();
        st.allocs
            .iter()
            .filter(|a| !a.freed && matches!(a.kind, AllocKind::Chunk { .. }))
            .count()
    }

    /// Number of staging chunks ever allocated.
    pub fn total_chunks(&self) -> usize {
        let st = self.state.borrow();
        st.allocs
            .iter()
            .filter(|a| matches!(a.kind, AllocKind::Chunk { .. }))
            .count()
    }

    /// Checked [`IHeap::dealloc`].
    pub fn dealloc(&mut self, ptr: VPtr, shape: VShape<'s>) {
        self.state.borrow_mut().dealloc("dealloc", ptr, shape);
    }

    /// Checked [`IHeap::imm_move_into`].
    pub fn imm_move_into(&mut self, imm: VImm<'s>, dst: VPtr) {
        self.state.borrow_mut().imm_move_into(imm, dst);
    }

    /// Checked [`IHeap::default_in_place`].
    pub fn default_in_place(&mut self, dst: VPtr, shape: VShape<'s>) -> bool {
        self.state.borrow_mut().default_in_place(dst, shape)
    }

    /// Checked [`IHeap::drop_in_place`].
    pub fn drop_in_place(&mut self, ptr: VPtr, shape: VShape<'s>) {
        self.state
            .borrow_mut()
            .drop_in_place("drop_in_place", ptr, shape);
    }

    /// Checked [`IHeap::move_value`].
    pub fn move_value(&mut self, dst: VPtr, src: VPtr, shape: VShape<'s>) {
        self.state
            .borrow_mut()
            .move_value("move_value", dst, src, shape);
    }

    /// Every violation recorded so far, in order.
    pub fn violations(&self) -> Vec<Violation> {
        self.state.borrow().violations.clone()
    }

    /// Whether no violation was recorded (leaks are reported only by
    /// [`VHeap::teardown_report`]).
    pub fn is_clean(&self) -> bool {
        self.state.borrow().violations.is_empty()
    }

    /// Number of allocations not freed yet.
    pub fn live_allocations(&self) -> usize {
        self.state.borrow().live_allocations()
    }

    /// Number of allocations ever made (live and freed).
    pub fn total_allocations(&self) -> usize {
        self.state.borrow().allocs.len()
    }

    /// Number of initialized bytes across live allocations.
    pub fn initialized_bytes(&self) -> usize {
        let st = self.state.borrow();
        st.allocs
            .iter()
            .filter(|a| !a.freed)
            .map(|a| a.init.iter().filter(|b| **b).count())
            .sum()
    }

    /// The `len` bytes at `ptr`, or `None` if any is uninitialized, freed or
    /// out of bounds.
    pub fn read(&self, ptr: VPtr, len: usize) -> Option<Vec<u8>> {
        let st = self.state.borrow();
        let a = st.allocs.get(usize::try_from(ptr.alloc).ok()?)?;
        let start = usize::try_from(ptr.offset).ok()?;
        let end = start.checked_add(len)?;
        if a.freed || end > a.size || !a.init[start..end].iter().all(|b| *b) {
            return None;
        }
        Some(a.bytes[start..end].to_vec())
    }

    /// The recorded violations followed by one [`ViolationKind::Leak`] for
    /// every allocation still live.
    pub fn teardown_report(&self) -> Vec<Violation> {
        let st = self.state.borrow();
        let mut out = st.violations.clone();
        for (i, a) in st.allocs.iter().enumerate().filter(|(_, a)| !a.freed) {
            let init = a.init.iter().filter(|b| **b).count();
            out.push(Violation {
                kind: ViolationKind::Leak,
                message: format!(
                    "leak: allocation #{i} ({}), {} bytes, {init} initialized, never freed",
                    a.shape.name(),
                    a.size
                ),
            });
        }
        out
    }

    /// Number of values created (by [`VHeap::new_imm`] and successful
    /// `default_in_place`).
    pub fn created_values(&self) -> usize {
        self.state.borrow().created
    }

    /// Number of values dropped (by `drop_in_place`, including `imm_drop`).
    pub fn dropped_values(&self) -> usize {
        self.state.borrow().dropped
    }
}

impl<'s> IHeap<VShape<'s>> for VHeap<'s> {
    type Ptr = VPtr;
    type Imm = VImm<'s>;

    fn alloc(&mut self, shape: VShape<'s>) -> Result<VPtr, OutOfCapacity> {
        self.state.borrow_mut().alloc(shape)
    }

    unsafe fn dealloc(&mut self, ptr: VPtr, shape: VShape<'s>) {
        self.state.borrow_mut().dealloc("dealloc", ptr, shape);
    }

    fn offset(&self, ptr: VPtr, bytes: usize) -> VPtr {
        offset_ptr(ptr, bytes)
    }

    fn imm_shape(&self, imm: &VImm<'s>) -> VShape<'s> {
        imm.shape
    }

    unsafe fn imm_move_into(&mut self, imm: VImm<'s>, dst: VPtr) {
        self.state.borrow_mut().imm_move_into(imm, dst);
    }

    fn imm_drop(&mut self, imm: VImm<'s>) {
        let mut st = self.state.borrow_mut();
        st.drop_in_place("imm_drop", imm.ptr, imm.shape);
        st.dealloc("imm_drop", imm.ptr, imm.shape);
    }

    unsafe fn default_in_place(&mut self, dst: VPtr, shape: VShape<'s>) -> bool {
        self.state.borrow_mut().default_in_place(dst, shape)
    }

    unsafe fn default_field(&mut self, dst: VPtr, parent: VShape<'s>, field: FieldRef) -> bool {
        if parent.field_default(field) == SlotDefault::None {
            return false;
        }
        let slot = match field {
            FieldRef::Struct(i) => parent.slot(i),
            FieldRef::Variant(v, i) => parent.variant_field(v, i),
        };
        let Some(slot) = slot else { return false };
        self.state.borrow_mut().write_default(dst, slot.shape)
    }

    unsafe fn select_variant(&mut self, ptr: VPtr, shape: VShape<'s>, v: usize) {
        self.state.borrow_mut().select_variant(ptr, shape, v);
    }

    unsafe fn clear_variant(&mut self, ptr: VPtr, shape: VShape<'s>) {
        self.state.borrow_mut().clear_variant(ptr, shape);
    }

    unsafe fn active_variant(&self, ptr: VPtr, shape: VShape<'s>) -> Option<usize> {
        self.state.borrow().active_variant(ptr, shape)
    }

    unsafe fn drop_in_place(&mut self, ptr: VPtr, shape: VShape<'s>) {
        self.state
            .borrow_mut()
            .drop_in_place("drop_in_place", ptr, shape);
    }

    unsafe fn move_value(&mut self, dst: VPtr, src: VPtr, shape: VShape<'s>) {
        self.state
            .borrow_mut()
            .move_value("move_value", dst, src, shape);
    }

    unsafe fn parse_into(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        text: &str,
    ) -> Result<(), HookError> {
        self.state.borrow_mut().parse_into(dst, shape, text)
    }

    unsafe fn parse_bytes_into(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        bytes: &[u8],
    ) -> Result<(), HookError> {
        self.state.borrow_mut().parse_bytes_into(dst, shape, bytes)
    }

    unsafe fn convert_into(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        imm: VImm<'s>,
    ) -> Result<(), HookError> {
        self.state.borrow_mut().convert_into(dst, shape, imm)
    }

    unsafe fn proxy_convert_in(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        proxy: super::VProxy<'s>,
        src: VPtr,
    ) -> Result<(), HookError> {
        self.state
            .borrow_mut()
            .proxy_convert_in(dst, shape, proxy, src)
    }

    unsafe fn check_invariants(&mut self, ptr: VPtr, shape: VShape<'s>) -> Result<(), HookError> {
        self.state.borrow_mut().check_invariants(ptr, shape)
    }

    fn is_init(&self, ptr: VPtr, shape: VShape<'s>) -> Option<bool> {
        Some(self.state.borrow().is_init(ptr, shape))
    }

    unsafe fn option_init_some(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        src: VPtr,
    ) -> Result<(), OutOfCapacity> {
        let inner = shape.inner().filter(|_| shape.kind() == ShapeKind::Option);
        self.state
            .borrow_mut()
            .wrap("option_init_some", dst, shape, inner, src, 1)
    }

    unsafe fn pointer_from_pointee(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        src: VPtr,
    ) -> Result<(), OutOfCapacity> {
        let inner = shape.inner().filter(|_| shape.kind() == ShapeKind::Pointer);
        self.state
            .borrow_mut()
            .wrap("pointer_from_pointee", dst, shape, inner, src, 0)
    }

    unsafe fn result_init(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        v: usize,
        src: VPtr,
    ) -> Result<(), OutOfCapacity> {
        let inner = shape
            .variant_field(v, 0)
            .map(|p| p.shape)
            .filter(|_| !shape.variant_payload_in_place());
        let flag = u32::try_from(v).unwrap_or(u32::MAX);
        self.state
            .borrow_mut()
            .wrap("result_init", dst, shape, inner, src, flag)
    }

    fn alloc_chunk(&mut self, shape: VShape<'s>, n: usize) -> Result<VPtr, OutOfCapacity> {
        self.state.borrow_mut().alloc_chunk(shape, n)
    }

    unsafe fn dealloc_chunk(&mut self, ptr: VPtr, shape: VShape<'s>, n: usize) {
        self.state.borrow_mut().dealloc_chunk(ptr, shape, n);
    }

    fn max_chunk_bytes(&self) -> usize {
        MAX_CHUNK_BYTES
    }

    unsafe fn container_from_chunks(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        chunks: &[StagedChunk<VPtr>],
    ) -> Result<(), OutOfCapacity> {
        let how = match shape.kind() {
            ShapeKind::Set => Collect::Set,
            ShapeKind::Map => Collect::Map,
            _ => Collect::List,
        };
        self.state
            .borrow_mut()
            .collect("container_from_chunks", dst, shape, chunks, how)
    }

    fn dynamic_accepts(&self, shape: VShape<'s>, imm: &VImm<'s>) -> bool {
        super::dynamic::accepts(shape, imm.shape)
    }

    unsafe fn dynamic_from_imm(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        imm: VImm<'s>,
    ) -> Result<(), HookError> {
        self.state.borrow_mut().dynamic_from_imm(dst, shape, imm)
    }

    unsafe fn dynamic_from_chunks(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        object: bool,
        chunks: &[StagedChunk<VPtr>],
    ) -> Result<(), OutOfCapacity> {
        self.state
            .borrow_mut()
            .dynamic_collect("dynamic_from_chunks", dst, shape, object, chunks)
    }
}
