//! [`LHeap`]: real memory through the global allocator and facet's
//! vtables.

use core::alloc::Layout;
use core::ptr;

use facet::{Def, PtrConst, PtrMut, PtrUninit, Shape};

use super::shape::{PointerMode, pointer_mode};
use crate::imm::RawImm;
use crate::runtime::{
    FieldRef, HookError, IHeap, IShape, OutOfCapacity, ShapeKind, SlotDefault, StagedChunk,
};

/// The live heap. Stateless: every operation goes straight to the global
/// allocator or to the shape's vtable.
#[derive(Clone, Copy, Debug, Default)]
pub struct LHeap;

/// The layout of a shape the core allocates. The core only allocates shapes
/// whose kind is not `Unsupported`, which excludes unsized shapes: an
/// unsized one here is a bug, and panics.
#[inline]
fn layout_of(shape: &'static Shape) -> Layout {
    match shape.layout.sized_layout() {
        Ok(layout) => layout,
        Err(_) => unsized_shape(shape),
    }
}

/// The panic of [`layout_of`], out of line so that the hot path stays small.
#[cold]
#[inline(never)]
fn unsized_shape(shape: &'static Shape) -> ! {
    panic!("trame: {shape} is unsized, and the core never allocates it")
}

impl IHeap<&'static Shape> for LHeap {
    type Ptr = *mut u8;
    type Imm = RawImm;

    #[inline]
    fn alloc(&mut self, shape: &'static Shape) -> Result<*mut u8, OutOfCapacity> {
        let layout = layout_of(shape);
        if layout.size() == 0 {
            return Ok(ptr::without_provenance_mut(layout.align()));
        }
        // SAFETY: the layout has a non-zero size (checked above).
        let p = unsafe { std::alloc::alloc(layout) };
        // t[impl resource.alloc.failure-is-error]
        // A refused allocation is an error for the caller to report, never
        // an abort: its size may come from the type or a hint, not from
        // memory the input paid for.
        if p.is_null() {
            return Err(OutOfCapacity::ALLOCATOR);
        }
        Ok(p)
    }

    #[inline]
    unsafe fn dealloc(&mut self, ptr: *mut u8, shape: &'static Shape) {
        let layout = layout_of(shape);
        if layout.size() != 0 {
            // SAFETY: the caller guarantees `ptr` came from `alloc(shape)`,
            // which used this same layout, and was not freed since.
            unsafe { std::alloc::dealloc(ptr, layout) };
        }
    }

    #[inline]
    fn offset(&self, ptr: *mut u8, bytes: usize) -> *mut u8 {
        ptr.wrapping_add(bytes)
    }

    #[inline]
    fn imm_shape(&self, imm: &RawImm) -> &'static Shape {
        imm.shape()
    }

    #[inline(always)]
    unsafe fn imm_move_into(&mut self, imm: RawImm, dst: *mut u8) {
        // SAFETY: the caller guarantees `dst` is writable, aligned and
        // uninitialized for the imm's shape; it is trame-owned memory, so it
        // cannot overlap the imm's own storage.
        unsafe { imm.move_into(dst) };
    }

    #[inline]
    fn imm_drop(&mut self, imm: RawImm) {
        drop(imm);
    }

    #[inline]
    unsafe fn default_in_place(&mut self, dst: *mut u8, shape: &'static Shape) -> bool {
        if !shape.has_default() {
            return false;
        }
        // SAFETY: the caller guarantees `dst` is valid, aligned and
        // uninitialized for `shape`, which is what the vtable requires.
        if unsafe { shape.call_default_in_place(PtrUninit::new(dst)) }.is_some() {
            return true;
        }
        // t[impl dynamic.default]
        // SAFETY: as above (a dynamic value without a default is null).
        unsafe { super::dynamic::set_null(dst, shape) }
    }

    unsafe fn default_field(
        &mut self,
        dst: *mut u8,
        parent: &'static Shape,
        field: FieldRef,
    ) -> bool {
        let Some(field) = super::shape::facet_field(parent, field) else {
            return false;
        };
        match (super::shape::slot_default(parent, field), field.default) {
            (SlotDefault::Custom, Some(facet::DefaultSource::Custom(f))) => {
                // SAFETY: the caller guarantees `dst` is valid, aligned and
                // uninitialized for the field's shape; facet's derive made
                // `f` to write exactly that field's value there.
                unsafe { f(PtrUninit::new(dst)) };
                true
            }
            // SAFETY: as above, for the field type's own default.
            (SlotDefault::FieldType, _) => unsafe { self.default_in_place(dst, field.shape()) },
            (SlotDefault::Custom, _) => {
                panic!("trame: a custom default without its function on {parent}")
            }
            (SlotDefault::None, _) => false,
        }
    }

    unsafe fn select_variant(&mut self, ptr: *mut u8, shape: &'static Shape, v: usize) {
        // The core selects variants only of shapes whose kind is `Enum`
        // (an enum with an integer representation) and only in range.
        let (Some((width, _)), Some(variant)) = (
            super::shape::int_enum(shape).and_then(super::shape::discriminant_width),
            super::shape::int_enum(shape).and_then(|et| et.variants.get(v)),
        ) else {
            panic!("trame: select_variant({v}) on {shape}, not an enum with that variant");
        };
        let disc = variant.discriminant.unwrap_or(v as i64);
        // Little- or big-endian, the discriminant is the low `width` bytes
        // of its two's-complement value.
        let bytes = disc.to_ne_bytes();
        let src = if cfg!(target_endian = "little") {
            &bytes[..width]
        } else {
            &bytes[8 - width..]
        };
        // SAFETY: the caller guarantees `ptr` is valid for writes of the
        // enum; an enum with an explicit integer representation stores its
        // discriminant, `width` bytes wide, at offset 0.
        unsafe { ptr::copy_nonoverlapping(src.as_ptr(), ptr, width) };
    }

    unsafe fn clear_variant(&mut self, _ptr: *mut u8, _shape: &'static Shape) {}

    unsafe fn active_variant(&self, ptr: *mut u8, shape: &'static Shape) -> Option<usize> {
        if let Some(rd) = super::shape::result_def(shape) {
            // SAFETY: the caller guarantees `ptr` holds a complete value of
            // the `Result` shape, which is what `is_ok` reads.
            let ok = unsafe { (rd.vtable.is_ok)(PtrConst::new(ptr)) };
            return Some(if ok { 0 } else { 1 });
        }
        let et = super::shape::int_enum(shape)?;
        let (width, signed) = super::shape::discriminant_width(et)?;
        let mut bytes = [0u8; 8];
        let dst = if cfg!(target_endian = "little") {
            0
        } else {
            8 - width
        };
        // SAFETY: the caller guarantees `ptr` holds a complete enum value,
        // whose discriminant occupies its first `width` bytes.
        let to = bytes[dst..].as_mut_ptr();
        // SAFETY: as above; `to` has room for `width <= 8 - dst` bytes.
        unsafe { ptr::copy_nonoverlapping(ptr, to, width) };
        let raw = i64::from_ne_bytes(bytes);
        // `width` is at most 8 (`discriminant_width`).
        let shift = u32::try_from(64 - 8 * width).expect("a discriminant is at most 8 bytes wide");
        let disc = if signed && shift > 0 {
            (raw << shift) >> shift
        } else {
            raw
        };
        et.variants
            .iter()
            .enumerate()
            .position(|(i, var)| var.discriminant.unwrap_or(i as i64) == disc)
    }

    #[inline]
    unsafe fn drop_in_place(&mut self, ptr: *mut u8, shape: &'static Shape) {
        // SAFETY: the caller guarantees `ptr` holds a fully initialized
        // value of `shape` that nothing else drops or uses afterwards.
        unsafe { super::drop_value(ptr, shape) };
    }

    #[inline]
    unsafe fn move_value(&mut self, dst: *mut u8, src: *mut u8, shape: &'static Shape) {
        // SAFETY: the caller guarantees `src` holds an owned value of
        // `shape` and `dst` is writable, aligned and disjoint; after the
        // copy `src` is treated as uninitialized.
        unsafe { ptr::copy_nonoverlapping(src, dst, shape.size()) };
    }

    #[inline]
    unsafe fn parse_into(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        text: &str,
    ) -> Result<(), HookError> {
        // SAFETY: the trait's contract on `dst`, passed on.
        unsafe { super::hooks::parse(dst, shape, text) }
    }

    unsafe fn parse_bytes_into(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        bytes: &[u8],
    ) -> Result<(), HookError> {
        // SAFETY: the trait's contract on `dst`, passed on.
        unsafe { super::hooks::parse_bytes(dst, shape, bytes) }
    }

    unsafe fn convert_into(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        imm: RawImm,
    ) -> Result<(), HookError> {
        // SAFETY: the trait's contract on `dst`, passed on.
        unsafe { super::hooks::convert(dst, shape, imm) }
    }

    unsafe fn proxy_convert_in(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        proxy: super::LProxy,
        src: *mut u8,
    ) -> Result<(), HookError> {
        // SAFETY: the trait's contract, passed on.
        unsafe { super::hooks::proxy_convert_in(dst, shape, proxy, src) }
    }

    unsafe fn check_invariants(
        &mut self,
        ptr: *mut u8,
        shape: &'static Shape,
    ) -> Result<(), HookError> {
        // SAFETY: the trait's contract on `ptr`, passed on.
        unsafe { super::hooks::invariants(ptr, shape) }
    }

    fn is_init(&self, _ptr: *mut u8, _shape: &'static Shape) -> Option<bool> {
        None
    }

    unsafe fn option_init_some(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        src: *mut u8,
    ) -> Result<(), OutOfCapacity> {
        if let Def::Option(od) = shape.def {
            // SAFETY: the caller guarantees `dst` is writable, aligned and
            // uninitialized for `Option<T>` and `src` holds an owned `T`
            // (`od.t`), which `init_some` moves out with `ptr::read`.
            unsafe { (od.vtable.init_some)(PtrUninit::new(dst), PtrMut::new(src)) };
        }
        Ok(())
    }

    unsafe fn pointer_from_pointee(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        src: *mut u8,
    ) -> Result<(), OutOfCapacity> {
        if let Def::Pointer(pd) = shape.def
            && let Some(PointerMode::FromPointee(_)) = pointer_mode(&pd)
            && let Some(new_into) = pd.vtable.new_into_fn
        {
            // SAFETY: the caller guarantees `dst` is writable, aligned and
            // uninitialized for the pointer and `src` holds an owned pointee
            // (sized, per `pointer_mode`); `new_into_fn` moves it into a new
            // allocation owned by the pointer it writes at `dst`.
            unsafe { new_into(PtrUninit::new(dst), PtrMut::new(src)) };
        }
        Ok(())
    }

    unsafe fn result_init(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        v: usize,
        src: *mut u8,
    ) -> Result<(), OutOfCapacity> {
        if let Some(rd) = super::shape::result_def(shape) {
            let init = match v {
                0 => rd.vtable.init_ok,
                _ => rd.vtable.init_err,
            };
            // SAFETY: the caller guarantees `dst` is writable, aligned and
            // uninitialized for `Result<T, E>` and `src` holds an owned
            // payload of variant `v` (`T` for `Ok`, `E` for `Err`), which
            // `init_ok`/`init_err` move out with `ptr::read` (not dropping
            // it) into the `Ok`/`Err` they write at `dst`.
            unsafe { init(PtrUninit::new(dst), PtrMut::new(src)) };
        }
        Ok(())
    }

    fn alloc_chunk(&mut self, shape: &'static Shape, n: usize) -> Result<*mut u8, OutOfCapacity> {
        let layout = chunk_layout(shape, n)?;
        if layout.size() == 0 {
            return Ok(ptr::without_provenance_mut(layout.align()));
        }
        // SAFETY: the layout has a non-zero size (checked above).
        let p = unsafe { std::alloc::alloc(layout) };
        // t[impl resource.alloc.failure-is-error]
        // A refused allocation is an error for the caller to report, never
        // an abort: its size may come from the type or a hint, not from
        // memory the input paid for.
        if p.is_null() {
            return Err(OutOfCapacity::ALLOCATOR);
        }
        Ok(p)
    }

    unsafe fn dealloc_chunk(&mut self, ptr: *mut u8, shape: &'static Shape, n: usize) {
        if let Ok(layout) = chunk_layout(shape, n)
            && layout.size() != 0
        {
            // SAFETY: the caller guarantees `ptr` came from
            // `alloc_chunk(shape, n)`, which used this same layout, and was
            // not freed since.
            unsafe { std::alloc::dealloc(ptr, layout) };
        }
    }

    unsafe fn container_from_chunks(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        chunks: &[StagedChunk<*mut u8>],
    ) -> Result<(), OutOfCapacity> {
        // The caller (`IHeap::container_from_chunks`) guarantees `shape` is
        // of the kind each function builds.
        match shape.kind() {
            // SAFETY: as above.
            ShapeKind::Set => unsafe { super::materialize::set(dst, shape, chunks) },
            // SAFETY: as above.
            ShapeKind::Map => unsafe { super::materialize::map(dst, shape, chunks) },
            // SAFETY: as above.
            _ => unsafe { super::materialize::list(dst, shape, chunks) },
        }
        Ok(())
    }

    fn dynamic_accepts(&self, shape: &'static Shape, imm: &RawImm) -> bool {
        super::dynamic::accepts(shape, imm)
    }

    unsafe fn dynamic_from_imm(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        imm: RawImm,
    ) -> Result<(), HookError> {
        // SAFETY: the trait's contract, passed on.
        unsafe { super::dynamic::from_imm(dst, shape, imm) }
    }

    unsafe fn dynamic_from_chunks(
        &mut self,
        dst: *mut u8,
        shape: &'static Shape,
        object: bool,
        chunks: &[StagedChunk<*mut u8>],
    ) -> Result<(), OutOfCapacity> {
        let mut heap = *self;
        let free = |ch: &StagedChunk<*mut u8>| {
            // SAFETY: each chunk came from `alloc_chunk(shape, cap)` (the
            // trait's contract) and is freed once its elements are out.
            unsafe { heap.dealloc_chunk(ch.ptr, shape, ch.cap) }
        };
        // SAFETY: the trait's contract, passed on.
        unsafe { super::dynamic::from_chunks(dst, shape, object, chunks, free) };
        Ok(())
    }
}

/// The layout of a staging chunk of `n` elements (entries) of the container
/// `shape`: for lists and sets exactly `Layout::array::<T>(n)`, which is what
/// `Vec<T>` allocates for capacity `n`.
pub(super) fn chunk_layout(shape: &'static Shape, n: usize) -> Result<Layout, OutOfCapacity> {
    let too_big = OutOfCapacity {
        what: "staging chunk size",
    };
    let sl = shape.staging_layout().ok_or(too_big)?;
    let size = sl.stride.checked_mul(n).ok_or(too_big)?;
    Layout::from_size_align(size, sl.align).map_err(|_| too_big)
}
