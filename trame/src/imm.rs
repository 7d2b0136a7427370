//! [`Imm`]: a value moved into trame, with its shape.
//!
//! An `Imm` owns its value from the moment it is created until trame moves
//! it into place (the op was applied) or it is dropped with the op that
//! carried it (the op was not applied). Either way the value is dropped
//! exactly once. Small values live inline in the `Imm`, so moving a scalar
//! in costs no allocation.

use core::alloc::Layout;
use core::marker::PhantomData;
use core::mem::{self, MaybeUninit};
use core::ptr::{self, NonNull};

use facet::{Facet, Shape};

/// Bytes of inline storage; values up to this size (and alignment
/// [`INLINE_ALIGN`]) are stored without allocating.
const INLINE_SIZE: usize = 24;
/// Alignment of the inline storage: the `align` of [`InlineBuf`], which the
/// compiler checks against this constant below.
const INLINE_ALIGN: usize = 8;

/// The inline storage: [`INLINE_SIZE`] bytes aligned to [`INLINE_ALIGN`] on
/// every target (a `[u64; 3]` is only 4-aligned on 32-bit x86).
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct InlineBuf([MaybeUninit<u8>; INLINE_SIZE]);

const _: () = assert!(mem::align_of::<InlineBuf>() == INLINE_ALIGN);
const _: () = assert!(mem::size_of::<InlineBuf>() == INLINE_SIZE);

/// Where an owned value lives.
enum Storage {
    /// The value's bytes, stored in place. Moving the `Storage` moves the
    /// value, which is sound for every Rust type.
    Inline(MaybeUninit<InlineBuf>),
    /// A zero-sized value: no bytes at all.
    Zst,
    /// A value in a global-allocator allocation of the shape's layout, owned.
    Boxed(NonNull<u8>),
    /// A value in memory the caller of [`Imm::from_raw`] keeps alive; only
    /// the value is owned, not the memory.
    Borrowed(NonNull<u8>),
}

/// A moved value with its shape, without a lifetime: the runtime-facing form
/// of [`Imm`].
///
/// # Invariants
///
/// 1. `storage` holds a fully initialized value of `shape`, which this
///    `RawImm` owns: nothing else drops or uses it.
/// 2. `shape` describes a sized type whose `Facet` impl produced it.
/// 3. `Inline` is used only when the value's size is at most `INLINE_SIZE`
///    and its alignment at most `INLINE_ALIGN`; `Zst` only when the size is 0;
///    `Boxed` memory was allocated by the global allocator with the shape's
///    layout.
///
/// Dropping a `RawImm` drops the value and frees owned memory.
pub struct RawImm {
    storage: Storage,
    shape: &'static Shape,
}

impl RawImm {
    /// The shape of the carried value.
    #[inline]
    pub fn shape(&self) -> &'static Shape {
        self.shape
    }

    /// Pointer to the value's first byte. For `Inline` it points into `self`,
    /// so it is valid only while `self` is not moved.
    #[inline]
    fn data_ptr(&mut self) -> *mut u8 {
        match &mut self.storage {
            Storage::Inline(buf) => buf.as_mut_ptr().cast::<u8>(),
            Storage::Zst => {
                let align = self.shape.layout.sized_layout().map_or(1, |l| l.align());
                ptr::without_provenance_mut(align)
            }
            Storage::Boxed(p) | Storage::Borrowed(p) => p.as_ptr(),
        }
    }

    /// Moves the value to `dst` and frees the storage.
    ///
    /// # Safety
    /// `dst` is valid for writes of the shape's size, aligned for it, and
    /// does not overlap this `RawImm`.
    #[inline(always)]
    pub(crate) unsafe fn move_into(self, dst: *mut u8) {
        // After the copy the value is owned by `dst`: `this` is never
        // dropped, only its owned memory (if any) is freed below.
        let this = mem::ManuallyDrop::new(self);
        let size = match this.shape.layout {
            facet::ShapeLayout::Sized(l) => l.size(),
            facet::ShapeLayout::Unsized => 0,
        };
        let src = match &this.storage {
            Storage::Inline(buf) => buf.as_ptr().cast::<u8>(),
            // No bytes to copy, no memory to free.
            Storage::Zst => return,
            Storage::Boxed(p) | Storage::Borrowed(p) => p.as_ptr().cast_const(),
        };
        // SAFETY: invariant 1: `src` holds `size` initialized bytes of an
        // owned value (for `Inline`, in `this`, which stays in place until
        // the copy is done); the caller guarantees `dst` is writable,
        // aligned and disjoint.
        unsafe { copy_value_bytes(src, dst, size) };
        if let Storage::Boxed(p) = this.storage {
            // SAFETY: invariant 3: `Boxed` memory came from the global
            // allocator with exactly this (non-zero-size) layout, and it is
            // freed once, here, because `this` is never dropped.
            unsafe { std::alloc::dealloc(p.as_ptr(), sized_layout(this.shape)) };
        }
    }
}

impl RawImm {
    /// Lends the value to `hook`, which returns its result and whether it
    /// took the value (moved it out, as facet's `try_from` and proxy
    /// conversions do). A value taken is not dropped again: only the
    /// storage is freed; a value not taken is dropped with the `RawImm`.
    ///
    /// # Safety
    /// `hook` may read the value and may move it out (then it must return
    /// `true`); it must not drop it in place, free the pointer, or keep it.
    pub(crate) unsafe fn lend<T>(mut self, hook: impl FnOnce(*mut u8) -> (T, bool)) -> T {
        // For `Inline` storage the pointer is into `self`, which stays in
        // place (this frame) until the hook returns.
        let ptr = self.data_ptr();
        let (out, taken) = hook(ptr);
        if taken {
            // The value belongs to whoever the hook moved it to: only the
            // storage is left to free.
            let this = mem::ManuallyDrop::new(self);
            if let Storage::Boxed(p) = this.storage {
                // SAFETY: invariant 3: `Boxed` memory came from the global
                // allocator with this layout; `this` is never dropped, so it
                // is freed once, here.
                unsafe { std::alloc::dealloc(p.as_ptr(), sized_layout(this.shape)) };
            }
        }
        out
    }
}

/// Copies `size` bytes from `src` to `dst`. The sizes of common scalars
/// are constants here, so their copies compile to plain moves instead of a
/// call to `memcpy`.
///
/// # Safety
/// As for [`ptr::copy_nonoverlapping`] with `count = size`.
#[inline(always)]
unsafe fn copy_value_bytes(src: *const u8, dst: *mut u8, size: usize) {
    // Each arm copies exactly `size` bytes: the caller's guarantee.
    match size {
        // SAFETY: as above.
        1 => unsafe { ptr::copy_nonoverlapping(src, dst, 1) },
        // SAFETY: as above.
        2 => unsafe { ptr::copy_nonoverlapping(src, dst, 2) },
        // SAFETY: as above.
        4 => unsafe { ptr::copy_nonoverlapping(src, dst, 4) },
        // SAFETY: as above.
        8 => unsafe { ptr::copy_nonoverlapping(src, dst, 8) },
        // SAFETY: as above.
        16 => unsafe { ptr::copy_nonoverlapping(src, dst, 16) },
        // SAFETY: as above.
        n => unsafe { ptr::copy_nonoverlapping(src, dst, n) },
    }
}

// t[impl api.imm.dropped-once]
impl Drop for RawImm {
    fn drop(&mut self) {
        let ptr = self.data_ptr();
        // SAFETY: invariant 1: `ptr` holds an owned, initialized value of
        // `shape`; dropping it here is its one drop.
        unsafe { crate::runtime::live::drop_value(ptr, self.shape) };
        let storage = mem::replace(&mut self.storage, Storage::Zst);
        if let Storage::Boxed(p) = storage {
            // SAFETY: invariant 3, and the storage was replaced so it is
            // freed only once.
            unsafe { std::alloc::dealloc(p.as_ptr(), sized_layout(self.shape)) };
        }
    }
}

/// The layout of a sized shape (invariant 2 guarantees sizedness; an
/// unsized one here is a bug, and panics).
fn sized_layout(shape: &'static Shape) -> Layout {
    match shape.layout.sized_layout() {
        Ok(layout) => layout,
        Err(_) => unsized_imm(shape),
    }
}

/// The panic of [`sized_layout`], out of line so that the hot path stays
/// small.
#[cold]
#[inline(never)]
fn unsized_imm(shape: &'static Shape) -> ! {
    panic!("trame: an Imm of unsized {shape}")
}

/// A moved value with its shape. Owns the value until applied.
///
/// `'facet` is the lifetime the value may borrow from; it must equal the
/// `'facet` of the [`Trame`](crate::Trame) it is applied to, which is what
/// keeps borrowed data sound. An `Imm` that is dropped unapplied drops its
/// value, so the borrow checker requires `'facet` to outlive the `Imm`
/// (and every `Source`, `Op` and `OpBatch` that holds one):
///
/// ```compile_fail
/// # use trame::{Facet, Imm};
/// #[derive(Facet)]
/// struct Loud<'a> { s: &'a str }
/// let imm: Imm<'_>;
/// let local = String::from("gone");
/// imm = Imm::new(Loud { s: &local }); // `local` would die before `imm`
/// ```
pub struct Imm<'facet> {
    raw: mem::ManuallyDrop<RawImm>,
    /// Whether the safe API can check the value's lifetimes (see
    /// [`lifetimes`](crate::lifetimes)); an unchecked `Imm` is refused
    /// when applied.
    checked: bool,
    _facet: PhantomData<fn(&'facet ()) -> &'facet ()>,
}

// t[impl api.imm.dropck]
// A `Drop` impl that names `'facet` makes the drop checker require `'facet`
// to be alive whenever an `Imm` (or anything holding one) is dropped: the
// value it drops may use data borrowed for `'facet`.
impl Drop for Imm<'_> {
    fn drop(&mut self) {
        // SAFETY: `raw` is dropped only here, once; `into_checked_raw` takes
        // it out of an `Imm` that is then forgotten, never dropped.
        unsafe { mem::ManuallyDrop::drop(&mut self.raw) };
    }
}

impl<'facet> Imm<'facet> {
    /// Takes ownership of `value`.
    ///
    /// If `T`'s `Facet` impl does not pin every lifetime in `T` (see
    /// [`lifetimes`](crate::lifetimes): `OpaqueBorrow`, `LazyLock`, opaque
    /// types that may have type parameters, a whole `HashMap` …), the `Imm`
    /// is refused when it is applied (`TrameError::UncheckedLifetimes`) and
    /// its value dropped; [`Imm::new_unchecked`] moves such a value in.
    #[inline]
    pub fn new<T: Facet<'facet>>(value: T) -> Self {
        let checked = crate::lifetimes::accepts::<T>(crate::lifetimes::Crossing::In);
        Self::with_check(value, checked)
    }

    /// Takes ownership of `value`, without the lifetime check of
    /// [`Imm::new`].
    ///
    /// # Safety
    /// `T` must be exactly the type of the slot the `Imm` is applied to,
    /// lifetimes included (trame compares shapes, which ignore lifetimes).
    #[inline]
    pub unsafe fn new_unchecked<T: Facet<'facet>>(value: T) -> Self {
        Self::with_check(value, true)
    }

    #[inline(always)]
    fn with_check<T: Facet<'facet>>(value: T, checked: bool) -> Self {
        let shape = T::SHAPE;
        debug_assert_eq!(shape.layout.sized_layout().ok(), Some(Layout::new::<T>()));
        let storage = if mem::size_of::<T>() == 0 {
            mem::forget(value);
            Storage::Zst
        } else if mem::size_of::<T>() <= INLINE_SIZE && mem::align_of::<T>() <= INLINE_ALIGN {
            let mut buf = MaybeUninit::<InlineBuf>::uninit();
            // SAFETY: `InlineBuf` is INLINE_SIZE bytes aligned to
            // INLINE_ALIGN (both asserted at compile time), and `T` fits
            // both (checked just above).
            unsafe { buf.as_mut_ptr().cast::<T>().write(value) };
            Storage::Inline(buf)
        } else {
            let boxed = Box::into_raw(Box::new(value));
            // SAFETY: `Box::into_raw` never returns null.
            Storage::Boxed(unsafe { NonNull::new_unchecked(boxed.cast::<u8>()) })
        };
        Imm {
            raw: mem::ManuallyDrop::new(RawImm { storage, shape }),
            checked,
            _facet: PhantomData,
        }
    }

    /// Takes ownership of the value at `ptr`, without taking the memory.
    ///
    /// # Safety
    /// `ptr` points to an initialized value of `shape` that the caller gives
    /// up (it must not be dropped or used again by the caller); `shape` was
    /// produced by a `Facet<'facet>` impl, for exactly the type of the slot
    /// the `Imm` is applied to, lifetimes included; the memory stays valid
    /// until this `Imm` is applied or dropped (it is then no longer
    /// accessed, and the caller frees it without dropping the value).
    #[inline]
    pub unsafe fn from_raw(ptr: *mut u8, shape: &'static Shape) -> Self {
        let storage = match NonNull::new(ptr) {
            Some(p) => Storage::Borrowed(p),
            None => Storage::Zst,
        };
        Imm {
            raw: mem::ManuallyDrop::new(RawImm { storage, shape }),
            checked: true,
            _facet: PhantomData,
        }
    }

    /// The shape of the carried value.
    #[inline]
    pub fn shape(&self) -> &'static Shape {
        self.raw.shape
    }

    /// The lifetime-free form, for a runtime to consume: `Ok` when the
    /// value's lifetimes were checked (or vouched for), `Err` when the safe
    /// API must refuse it.
    #[inline(always)]
    pub(crate) fn into_checked_raw(self) -> Result<RawImm, RawImm> {
        let checked = self.checked;
        let mut this = mem::ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so `raw` is taken out exactly
        // once and `Imm::drop` does not drop it again.
        let raw = unsafe { mem::ManuallyDrop::take(&mut this.raw) };
        match checked {
            true => Ok(raw),
            false => Err(raw),
        }
    }
}

impl core::fmt::Debug for Imm<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Imm({})", self.raw.shape)
    }
}

impl core::fmt::Debug for RawImm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RawImm({})", self.shape)
    }
}
