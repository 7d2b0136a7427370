//! Materialization on the live heap: turning staged chunks into a real
//! `Vec<T>`, slice pointer (`Box<[T]>`, `Arc<[T]>`, `Rc<[T]>`), set or map
//! through facet's vtables.
//!
//! Every function here has the contract of the [`IHeap`] method that calls
//! it (`IHeap::container_from_chunks`): each chunk
//! came from [`LHeap::alloc_chunk`](super::LHeap) for its `cap`, holds
//! complete, caller-owned elements at its first `len` positions, and `dst` is
//! writable, aligned and uninitialized for the container. On return every
//! element has been moved into the container and every chunk freed or
//! adopted.
//!
//! [`IHeap`]: crate::runtime::IHeap

use core::alloc::Layout;
use core::ptr;

use facet::{Def, PtrMut, PtrUninit, Shape};

use super::heap::chunk_layout;
use super::shape::{PointerMode, pointer_mode};
use crate::runtime::{IShape, StagedChunk};

/// Frees every chunk (its elements were moved out).
///
/// # Safety
/// Each chunk came from `alloc_chunk(shape, chunk.cap)` and is not used again.
unsafe fn free_chunks(shape: &'static Shape, chunks: &[StagedChunk<*mut u8>]) {
    for c in chunks {
        if let Ok(layout) = chunk_layout(shape, c.cap)
            && layout.size() != 0
        {
            // SAFETY: the chunk was allocated with exactly this layout (the
            // caller's contract) and is freed once, here.
            unsafe { std::alloc::dealloc(c.ptr, layout) };
        }
    }
}

/// Pointers to every staged element/entry, in order.
fn elements(stride: usize, chunks: &[StagedChunk<*mut u8>]) -> impl Iterator<Item = *mut u8> + '_ {
    chunks
        .iter()
        .flat_map(move |c| (0..c.len).map(move |k| c.ptr.wrapping_add(k * stride)))
}

fn total(chunks: &[StagedChunk<*mut u8>]) -> usize {
    chunks.iter().map(|c| c.len).sum()
}

/// A list: `Vec<T>`-like (`Def::List`) or a slice pointer.
///
/// # Safety
/// See the module documentation; `shape` is of kind `List`.
pub(super) unsafe fn list(dst: *mut u8, shape: &'static Shape, chunks: &[StagedChunk<*mut u8>]) {
    match shape.def {
        // SAFETY: forwarded.
        Def::List(ld) => unsafe { vec_like(dst, shape, &ld, chunks) },
        Def::Pointer(pd) => match pointer_mode(&pd) {
            // SAFETY: forwarded.
            Some(PointerMode::SliceBuilder(elem, sb)) => unsafe {
                slice_pointer(dst, shape, elem, sb, chunks)
            },
            _ => unreachable!("container_from_chunks: {shape} is not a slice pointer"),
        },
        _ => unreachable!("container_from_chunks: {shape} is not a list"),
    }
}

/// `Vec<T>` and other `Def::List` shapes.
///
/// Fast path (elements not zero-sized, `from_raw_parts` available): one
/// chunk is adopted as the list's buffer without copying, since
/// `alloc_chunk` allocated it with `Layout::array::<T>(cap)` through the
/// global allocator, exactly like `Vec<T>::with_capacity(cap)`; several
/// chunks are copied once into one buffer of the total length. Otherwise the
/// list is created with the total capacity and elements are pushed.
///
/// # Safety
/// See the module documentation.
unsafe fn vec_like(
    dst: *mut u8,
    shape: &'static Shape,
    ld: &facet::ListDef,
    chunks: &[StagedChunk<*mut u8>],
) {
    let elem = ld.t;
    let (size, align) = (elem.size(), elem.align());
    let total = total(chunks);
    let push_path = (ld.init_in_place_with_capacity(), ld.push());
    if let Some(from_raw) = ld.from_raw_parts()
        && (size > 0 || !matches!(push_path, (Some(_), Some(_))))
    {
        match chunks {
            [] => {
                let dangling = ptr::without_provenance_mut::<u8>(align);
                // SAFETY: capacity 0 with a dangling, aligned pointer is what
                // `from_raw_parts` accepts for an empty list; `dst` is
                // writable and uninitialized (caller).
                unsafe { from_raw(PtrUninit::new(dst), PtrMut::new(dangling), 0, 0) };
            }
            [c] if size > 0 => {
                // SAFETY: the chunk was allocated by the global allocator
                // with `Layout::array::<T>(c.cap)` (`chunk_layout`), its first
                // `c.len` elements are initialized and owned by us, and
                // `c.len <= c.cap`: the list adopts buffer and elements.
                unsafe { from_raw(PtrUninit::new(dst), PtrMut::new(c.ptr), c.len, c.cap) };
            }
            _ => {
                // Like `Vec`, a list longer than `isize::MAX` bytes is a
                // capacity overflow (possible on 32-bit targets, where several
                // chunks can together exceed it): it panics before any
                // element is moved, leaking the staged elements, never
                // copying them into too small a buffer.
                let layout = size
                    .checked_mul(total)
                    .and_then(|bytes| Layout::from_size_align(bytes, align).ok())
                    .expect("capacity overflow");
                let buf = if layout.size() == 0 {
                    ptr::without_provenance_mut::<u8>(align)
                } else {
                    // SAFETY: the layout has a non-zero size.
                    let p = unsafe { std::alloc::alloc(layout) };
                    if p.is_null() {
                        std::alloc::handle_alloc_error(layout);
                    }
                    p
                };
                let mut at = 0;
                for c in chunks {
                    // SAFETY: the chunk holds `c.len` initialized elements;
                    // `buf` has room for `total` of them and is a fresh
                    // allocation, so the ranges are disjoint. The elements
                    // are moved: the chunk is freed below without dropping.
                    let to = buf.wrapping_add(at);
                    // SAFETY: as above.
                    unsafe { ptr::copy_nonoverlapping(c.ptr, to, c.len * size) };
                    at += c.len * size;
                }
                // SAFETY: every element was moved out of the chunks, which
                // came from `alloc_chunk`.
                unsafe { free_chunks(shape, chunks) };
                let cap = if size == 0 { 0 } else { total };
                // SAFETY: `buf` was allocated with `Layout::array::<T>(total)`
                // (or is dangling for zero size) and holds `total` moved-in
                // elements.
                unsafe { from_raw(PtrUninit::new(dst), PtrMut::new(buf), total, cap) };
            }
        }
        return;
    }
    let (Some(init), Some(push)) = push_path else {
        unreachable!("container_from_chunks: {shape} cannot be built (kind() excludes it)");
    };
    // SAFETY: `dst` is writable, aligned and uninitialized for the list.
    unsafe { init(PtrUninit::new(dst), total) };
    for e in elements(size, chunks) {
        // SAFETY: `dst` now holds an initialized list; `e` holds an owned
        // element, which `push` moves out with `ptr::read`.
        unsafe { push(PtrMut::new(dst), PtrMut::new(e)) };
    }
    // SAFETY: every element was moved out.
    unsafe { free_chunks(shape, chunks) };
}

/// `Box<[T]>`, `Arc<[T]>`, `Rc<[T]>` through facet's slice builder.
///
/// # Safety
/// See the module documentation. facet documents `convert_fn` as consuming
/// the builder and returning the finished pointer value; it does not say
/// who frees the memory that holds that value. This is the one place where
/// trame relies on facet's implementation rather than its documentation:
/// facet-core 0.50.0-rc.7 (the exact version trame requires, `=`) returns a
/// global-allocator allocation of `Layout::new::<Box<[T]>>()` (resp. `Arc`,
/// `Rc`), which is `shape`'s layout, and hands it to the caller; facet's own
/// `Partial` frees it the same way. The live tests that build slice pointers
/// run under Miri, which reports a deallocation with another layout as UB.
unsafe fn slice_pointer(
    dst: *mut u8,
    shape: &'static Shape,
    elem: &'static Shape,
    sb: &'static facet::SliceBuilderVTable,
    chunks: &[StagedChunk<*mut u8>],
) {
    let builder = (sb.new_fn)();
    for e in elements(elem.size(), chunks) {
        // SAFETY: `builder` is a live builder; `e` holds an owned element,
        // which `push_fn` moves out with `ptr::read`.
        unsafe { (sb.push_fn)(builder, PtrMut::new(e)) };
    }
    // SAFETY: every element was moved out.
    unsafe { free_chunks(shape, chunks) };
    // SAFETY: `builder` is live and not used after this call.
    let boxed = unsafe { (sb.convert_fn)(builder) };
    let src = boxed.as_byte_ptr().cast_mut();
    // SAFETY: `src` holds the finished pointer value (`shape.size()` bytes,
    // see above); `dst` is writable and disjoint (a different allocation).
    unsafe { ptr::copy_nonoverlapping(src, dst, shape.size()) };
    let layout = match shape.layout.sized_layout() {
        Ok(layout) => layout,
        Err(_) => panic!("trame: slice pointer {shape} is unsized"),
    };
    if layout.size() != 0 {
        // SAFETY: `src` is the allocation `convert_fn` made with `shape`'s
        // layout; its value was moved to `dst`, so it is freed without drop.
        unsafe { std::alloc::dealloc(src, layout) };
    }
}

// t[impl state.machine.set-uniqueness]
/// `HashSet<T>`, `BTreeSet<T>`: created with the total capacity, elements
/// inserted in order; the set's `insert` drops a duplicate newcomer.
///
/// # Safety
/// See the module documentation; `shape` is of kind `Set`.
pub(super) unsafe fn set(dst: *mut u8, shape: &'static Shape, chunks: &[StagedChunk<*mut u8>]) {
    let Def::Set(sd) = shape.def else {
        unreachable!("container_from_chunks: {shape} is not a set");
    };
    // SAFETY: `dst` is writable, aligned and uninitialized for the set.
    unsafe { (sd.vtable.init_in_place_with_capacity)(PtrUninit::new(dst), total(chunks)) };
    for e in elements(sd.t.size(), chunks) {
        // SAFETY: `dst` holds an initialized set; `e` holds an owned element
        // that `insert` moves out with `ptr::read` (and drops if equal to an
        // element already present).
        unsafe { (sd.vtable.insert)(PtrMut::new(dst), PtrMut::new(e)) };
    }
    // SAFETY: every element was moved out.
    unsafe { free_chunks(shape, chunks) };
}

// t[impl state.machine.map-last-wins]
/// `HashMap<K, V>`, `BTreeMap<K, V>`: created with the total capacity,
/// entries inserted in order. For an equal key the map keeps one key, drops
/// the other and drops the replaced value: the last value wins.
///
/// # Safety
/// See the module documentation; `shape` is of kind `Map`.
pub(super) unsafe fn map(dst: *mut u8, shape: &'static Shape, chunks: &[StagedChunk<*mut u8>]) {
    let (Def::Map(md), Some(sl)) = (shape.def, shape.staging_layout()) else {
        unreachable!("container_from_chunks: {shape} is not a map");
    };
    // SAFETY: `dst` is writable, aligned and uninitialized for the map.
    unsafe { (md.vtable.init_in_place_with_capacity)(PtrUninit::new(dst), total(chunks)) };
    for e in elements(sl.stride, chunks) {
        let value = e.wrapping_add(sl.value_offset);
        // SAFETY: `dst` holds an initialized map; the entry holds an owned
        // key at `e` and an owned value at `value` (staging layout), both
        // moved out by `insert` with `ptr::read`.
        unsafe { (md.vtable.insert)(PtrMut::new(dst), PtrMut::new(e), PtrMut::new(value)) };
    }
    // SAFETY: every entry was moved out.
    unsafe { free_chunks(shape, chunks) };
}
