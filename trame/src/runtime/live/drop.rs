//! Dropping a live value in place through facet, by a path that lets a
//! panic in a user's `Drop` unwind.
//!
//! facet's option vtable functions are `extern "C"`, and facet drops an
//! `Option<T>` through one of them (`replace_with`): a panic in `T`'s `Drop`
//! there cannot unwind and aborts the process. Trame drops an option's
//! payload itself instead, through `T`'s own drop, which is a Rust function
//! and unwinds. Every other shape is dropped by its `type_ops` drop, also a
//! Rust function.

use facet::{Def, PtrConst, PtrMut, Shape};

/// Drops the value of `shape` at `ptr`.
///
/// # Safety
/// `ptr` holds an initialized value of `shape` that the caller owns and
/// gives up: nothing drops or uses it afterwards.
pub(crate) unsafe fn drop_value(ptr: *mut u8, shape: &'static Shape) {
    let Def::Option(od) = shape.def else {
        // SAFETY: the caller's guarantee. A shape without `type_ops` has no
        // drop function in facet (its `Copy` scalars, and some types facet
        // describes without one): nothing happens, and such a value is
        // leaked, never dropped twice.
        unsafe { shape.call_drop_in_place(PtrMut::new(ptr)) };
        return;
    };
    // SAFETY: `ptr` holds an initialized `Option` of `shape` (caller); the
    // vtable only reads its discriminant, running no user code.
    let some = unsafe { (od.vtable.is_some)(PtrConst::new(ptr)) };
    if !some {
        return;
    }
    // SAFETY: as above; `get_value` reads where the payload is.
    let at = unsafe { (od.vtable.get_value)(PtrConst::new(ptr)) };
    assert!(
        !at.is_null(),
        "facet: get_value is null for an option that is_some"
    );
    // Only the address of `get_value`'s pointer is used (it comes from a
    // shared reference); the payload is reached from `ptr`, which may write.
    let offset = at
        .addr()
        .checked_sub(ptr.addr())
        .expect("facet: an option's payload lies inside the option");
    let payload = ptr.wrapping_add(offset);
    // SAFETY: `payload` is the `Some` payload of the option at `ptr`, an
    // initialized value of `od.t` inside the caller's value; dropping it is
    // the whole of the option's drop (an `Option` has no drop of its own),
    // and the caller does not use the option again.
    unsafe { drop_value(payload, od.t) };
}
