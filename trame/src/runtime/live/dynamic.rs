//! Dynamic values on real memory (facet's `Def::DynamicValue`, such as
//! `facet_value::Value`): scalars made through the shape's setters, arrays
//! and objects made from staged elements through `begin_array` /
//! `push_array_element` and `begin_object` / `insert_object_entry`.
//!
//! Ownership follows facet's contracts: a setter reads its argument (the
//! moved-in value stays owned by its `RawImm` and is dropped with it);
//! `push_array_element` and `insert_object_entry` move the element out of
//! its staging position (the position is then uninitialized, its memory
//! still the chunk's); `insert_object_entry` borrows the key, which trame
//! drops afterwards.

use core::ptr;

use facet::{Def, DynamicValueVTable, Facet, PtrMut, PtrUninit, Shape};

use crate::imm::RawImm;
use crate::runtime::{HookError, IShape, StagedChunk};

/// The dynamic-value vtable of `shape`, if it is a dynamic value.
fn vtable(shape: &'static Shape) -> Option<&'static DynamicValueVTable> {
    match shape.def {
        Def::DynamicValue(d) => Some(d.vtable),
        _ => None,
    }
}

/// The scalars a dynamic value is made from, by the shape of the value
/// offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scalar {
    Unit,
    Bool,
    I8,
    I16,
    I32,
    I64,
    Isize,
    U8,
    U16,
    U32,
    U64,
    Usize,
    F32,
    F64,
    String,
    Str,
    Bytes,
    ByteSlice,
}

/// Which scalar a value of `shape` is, if a dynamic value can be made from
/// it.
fn scalar_of(shape: &'static Shape) -> Option<Scalar> {
    fn is<'a, T: Facet<'a>>(shape: &'static Shape) -> bool {
        shape.same_as(T::SHAPE)
    }
    let table: [(bool, Scalar); 18] = [
        (is::<()>(shape), Scalar::Unit),
        (is::<bool>(shape), Scalar::Bool),
        (is::<i8>(shape), Scalar::I8),
        (is::<i16>(shape), Scalar::I16),
        (is::<i32>(shape), Scalar::I32),
        (is::<i64>(shape), Scalar::I64),
        (is::<isize>(shape), Scalar::Isize),
        (is::<u8>(shape), Scalar::U8),
        (is::<u16>(shape), Scalar::U16),
        (is::<u32>(shape), Scalar::U32),
        (is::<u64>(shape), Scalar::U64),
        (is::<usize>(shape), Scalar::Usize),
        (is::<f32>(shape), Scalar::F32),
        (is::<f64>(shape), Scalar::F64),
        (is::<String>(shape), Scalar::String),
        (is::<&str>(shape), Scalar::Str),
        (is::<Vec<u8>>(shape), Scalar::Bytes),
        (is::<&[u8]>(shape), Scalar::ByteSlice),
    ];
    table.into_iter().find(|(hit, _)| *hit).map(|(_, s)| s)
}

// t[impl dynamic.scalar]
/// Whether a dynamic value of `shape` can be made from the value `imm`
/// carries.
pub(super) fn accepts(shape: &'static Shape, imm: &RawImm) -> bool {
    let Some(vt) = vtable(shape) else {
        return false;
    };
    match scalar_of(imm.shape()) {
        Some(Scalar::Bytes | Scalar::ByteSlice) => vt.set_bytes.is_some(),
        Some(_) => true,
        None => false,
    }
}

// t[impl dynamic.dropped-once]
/// Makes at `dst` a dynamic value of `shape` from the scalar `imm` carries,
/// through the shape's setters; `imm` is dropped afterwards, once.
///
/// # Safety
/// `accepts(shape, &imm)`; `dst` is valid for writes of `shape`, aligned
/// and uninitialized.
pub(super) unsafe fn from_imm(
    dst: *mut u8,
    shape: &'static Shape,
    imm: RawImm,
) -> Result<(), HookError> {
    let (Some(vt), Some(kind)) = (vtable(shape), scalar_of(imm.shape())) else {
        return Err(HookError::new(format!("{shape} is not a dynamic value")));
    };
    let from = imm.shape();
    let hook = |src: *mut u8| {
        // SAFETY: `lend` hands over a pointer to the owned value of the
        // imm's shape, which `scalar_of` identified as `kind`'s type; `dst`
        // is the caller's: writable, aligned, uninitialized for `shape`.
        let made = unsafe { set(vt, PtrUninit::new(dst), kind, src) };
        let out = match made {
            true => Ok(()),
            false => Err(HookError::new(format!(
                "the setter of {shape} refused this {from}"
            ))),
        };
        // Not taken: the setters only read it, the `RawImm` drops it.
        (out, false)
    };
    // SAFETY: the hook only reads the value (through `set`), and says so.
    unsafe { imm.lend(hook) }
}

/// Calls the setter for `kind` with the value at `src`; `false` when the
/// setter refused it (then nothing was written).
///
/// # Safety
/// `src` holds an initialized value of `kind`'s type; `dst` is valid for
/// writes of the dynamic shape `vt` belongs to, aligned and uninitialized.
unsafe fn set(vt: &DynamicValueVTable, dst: PtrUninit, kind: Scalar, src: *mut u8) -> bool {
    /// The value at `src`, copied out.
    ///
    /// # Safety
    /// `src` holds an initialized, aligned `T`.
    unsafe fn read<T: Copy>(src: *mut u8) -> T {
        // SAFETY: the caller's guarantee.
        unsafe { src.cast::<T>().read() }
    }
    /// The value at `src`, borrowed.
    ///
    /// # Safety
    /// `src` holds an initialized, aligned `T`, not mutated while the
    /// borrow lives.
    unsafe fn borrow<'a, T>(src: *mut u8) -> &'a T {
        // SAFETY: the caller's guarantee.
        unsafe { &*src.cast::<T>() }
    }
    // Each `read`/`borrow` below is of the type `kind` names (the caller's
    // guarantee on `src`), and each setter is given `dst`, which suits it
    // (the caller's guarantee on `dst`).
    macro_rules! call {
        ($f:expr, $v:expr) => {{
            // SAFETY: as above.
            let v = unsafe { $v };
            // SAFETY: as above.
            unsafe { $f(dst, v) }
        }};
    }
    match kind {
        // SAFETY: as above.
        Scalar::Unit => unsafe { (vt.set_null)(dst) },
        Scalar::Bool => call!(vt.set_bool, read::<bool>(src)),
        Scalar::I8 => call!(vt.set_i64, i64::from(read::<i8>(src))),
        Scalar::I16 => call!(vt.set_i64, i64::from(read::<i16>(src))),
        Scalar::I32 => call!(vt.set_i64, i64::from(read::<i32>(src))),
        Scalar::I64 => call!(vt.set_i64, read::<i64>(src)),
        Scalar::Isize => call!(vt.set_i64, read::<isize>(src) as i64),
        Scalar::U8 => call!(vt.set_u64, u64::from(read::<u8>(src))),
        Scalar::U16 => call!(vt.set_u64, u64::from(read::<u16>(src))),
        Scalar::U32 => call!(vt.set_u64, u64::from(read::<u32>(src))),
        Scalar::U64 => call!(vt.set_u64, read::<u64>(src)),
        Scalar::Usize => call!(vt.set_u64, read::<usize>(src) as u64),
        Scalar::F32 => return call!(vt.set_f64, f64::from(read::<f32>(src))),
        Scalar::F64 => return call!(vt.set_f64, read::<f64>(src)),
        Scalar::String => call!(vt.set_str, borrow::<String>(src).as_str()),
        Scalar::Str => call!(vt.set_str, read::<&str>(src)),
        Scalar::Bytes | Scalar::ByteSlice => {
            let Some(set_bytes) = vt.set_bytes else {
                return false;
            };
            match kind {
                Scalar::Bytes => call!(set_bytes, borrow::<Vec<u8>>(src).as_slice()),
                _ => call!(set_bytes, read::<&[u8]>(src)),
            }
        }
    }
    true
}

/// Writes null at `dst`, the default of a dynamic value without one of its
/// own; `false` (nothing written) when `shape` is not a dynamic value.
///
/// # Safety
/// `dst` is valid for writes of `shape`, aligned and uninitialized.
pub(super) unsafe fn set_null(dst: *mut u8, shape: &'static Shape) -> bool {
    match vtable(shape) {
        Some(vt) => {
            // SAFETY: the caller's guarantee on `dst`.
            unsafe { (vt.set_null)(PtrUninit::new(dst)) };
            true
        }
        None => false,
    }
}

// t[impl dynamic.array]
// t[impl dynamic.object]
/// Makes at `dst` the dynamic array (`object == false`) or object of
/// `shape` from the staged elements of `chunks` (see
/// `IHeap::dynamic_from_chunks`); `free` frees each chunk once its
/// elements are out.
///
/// # Safety
/// As for `IHeap::dynamic_from_chunks`.
pub(super) unsafe fn from_chunks(
    dst: *mut u8,
    shape: &'static Shape,
    object: bool,
    chunks: &[StagedChunk<*mut u8>],
    mut free: impl FnMut(&StagedChunk<*mut u8>),
) {
    let (Some(vt), Some(sl)) = (vtable(shape), shape.staging_layout()) else {
        return;
    };
    let target = PtrMut::new(dst);
    let begin = match object {
        true => vt.begin_object,
        false => vt.begin_array,
    };
    // SAFETY: the caller's guarantee: `dst` is writable, aligned and
    // uninitialized for `shape`.
    unsafe { begin(PtrUninit::new(dst)) };
    for ch in chunks {
        for k in 0..ch.len {
            // SAFETY: position `k < len <= cap` of a chunk of `cap` entries
            // of `sl.stride` bytes (the caller's guarantee).
            let at = unsafe { ch.ptr.add(k * sl.stride) };
            if object {
                // An object entry holds a complete `String` key at offset 0
                // (the core stages keys of `map_key()`, which is `String` for
                // a dynamic value) and a complete value at `value_offset`,
                // which `insert_object_entry` moves out; the key is only
                // borrowed, then dropped here, once.
                let key = at.cast::<String>();
                // SAFETY: `value_offset` lies inside the entry.
                let value = unsafe { at.add(sl.value_offset) };
                // SAFETY: the key is a complete `String`, not mutated while
                // borrowed.
                let name = unsafe { (*key).as_str() };
                // SAFETY: `target` holds the object begun above, `value` a
                // complete dynamic value that the call moves out.
                unsafe { (vt.insert_object_entry)(target, name, PtrMut::new(value)) };
                // SAFETY: the key is complete, owned here, and no longer
                // borrowed.
                unsafe { ptr::drop_in_place(key) };
            } else {
                // SAFETY: an array element is a complete value of `shape`
                // at offset 0 of its position; `push_array_element` moves it
                // out.
                unsafe { (vt.push_array_element)(target, PtrMut::new(at)) };
            }
        }
        free(ch);
    }
    let end = match object {
        true => vt.end_object,
        false => vt.end_array,
    };
    if let Some(end) = end {
        // SAFETY: `dst` holds the array (object) begun above.
        unsafe { end(target) };
    }
}
