//! The construction hooks on real memory: facet's `parse`, `parse_bytes`,
//! `try_from` and `invariants`, called through the shape's vtable.
//!
//! Ownership follows facet's documented contracts: a `try_from` that
//! returns `Converted` or `Failed` consumed its source, `Unsupported` did
//! not (`facet_core::TryFromOutcome`). A parse hook writes the destination
//! only on success; on failure trame treats the destination as holding
//! nothing (at worst a value a misbehaving hook half-wrote is leaked, never
//! dropped).

use facet::{PtrConst, PtrUninit, Shape, TryFromOutcome};

use crate::imm::RawImm;
use crate::runtime::HookError;

// t[impl hook.parse]
/// Parses `text` into `dst` through `shape`'s parse hook.
///
/// # Safety
/// `dst` is valid for writes of `shape`, aligned and uninitialized.
pub(super) unsafe fn parse(
    dst: *mut u8,
    shape: &'static Shape,
    text: &str,
) -> Result<(), HookError> {
    // SAFETY: the caller's guarantee on `dst`, which is what `call_parse`
    // asks.
    match unsafe { shape.call_parse(text, PtrUninit::new(dst)) } {
        Some(Ok(())) => Ok(()),
        Some(Err(e)) => Err(HookError::new(e.to_string())),
        None => Err(HookError::new(format!("{shape} has no parse hook"))),
    }
}

/// Parses `bytes` into `dst` through `shape`'s bytes-parse hook.
///
/// # Safety
/// `dst` is valid for writes of `shape`, aligned and uninitialized.
pub(super) unsafe fn parse_bytes(
    dst: *mut u8,
    shape: &'static Shape,
    bytes: &[u8],
) -> Result<(), HookError> {
    // SAFETY: the caller's guarantee on `dst`, which is what
    // `call_parse_bytes` asks.
    match unsafe { shape.call_parse_bytes(bytes, PtrUninit::new(dst)) } {
        Some(Ok(())) => Ok(()),
        Some(Err(e)) => Err(HookError::new(e.to_string())),
        None => Err(HookError::new(format!("{shape} has no bytes-parse hook"))),
    }
}

// t[impl hook.convert]
/// Converts the value `imm` carries into `dst` through `shape`'s `try_from`.
/// The value is taken by the hook or dropped with `imm`, once.
///
/// # Safety
/// `dst` is valid for writes of `shape`, aligned and uninitialized.
pub(super) unsafe fn convert(
    dst: *mut u8,
    shape: &'static Shape,
    imm: RawImm,
) -> Result<(), HookError> {
    let src_shape = imm.shape();
    let hook = |src: *mut u8| {
        // SAFETY: `src` holds the imm's initialized value of `src_shape`
        // (RawImm invariant 1) and the caller's guarantee covers `dst`.
        let outcome =
            unsafe { shape.call_try_from(src_shape, PtrConst::new(src), PtrUninit::new(dst)) };
        match outcome {
            Some(TryFromOutcome::Converted) => (Ok(()), true),
            Some(TryFromOutcome::Failed(msg)) => (Err(HookError::new(msg.into_owned())), true),
            // Not consumed: the value is dropped with the imm.
            Some(TryFromOutcome::Unsupported) => (
                Err(HookError::new(format!(
                    "{shape} cannot be converted from {src_shape}"
                ))),
                false,
            ),
            // `TryFromOutcome` is non-exhaustive: an outcome this version
            // does not know cannot say whether it consumed the source. The
            // value is taken as consumed: at worst it is leaked, never
            // dropped twice.
            Some(_) => (
                Err(HookError::new(format!(
                    "{shape} from {src_shape}: unknown conversion outcome"
                ))),
                true,
            ),
            None => (
                Err(HookError::new(format!("{shape} has no conversion hook"))),
                false,
            ),
        }
    };
    // SAFETY: the hook reads the value through facet's `try_from` and
    // reports whether that call consumed it, as `TryFromOutcome` documents.
    unsafe { imm.lend(hook) }
}

// t[impl hook.invariants]
/// Runs `shape`'s invariants (`#[facet(invariants = f)]` on the type) on
/// the complete value at `ptr`.
///
/// # Safety
/// `ptr` holds a complete value of `shape`.
pub(super) unsafe fn invariants(ptr: *mut u8, shape: &'static Shape) -> Result<(), HookError> {
    // SAFETY: the caller's guarantee, which is what `call_invariants` asks.
    match unsafe { shape.call_invariants(PtrConst::new(ptr.cast_const())) } {
        Some(Err(msg)) => Err(HookError::new(msg)),
        Some(Ok(())) | None => Ok(()),
    }
}

// t[impl proxy.convert]
/// Converts the proxy value at `src` into a value of `shape` at `dst`
/// through `proxy`'s `convert_in`.
///
/// facet documents `convert_in` as reading an initialized proxy value; the
/// implementations facet's derive generates (and facet's own, such as
/// `Duration`'s) move it out with `ptr::read` before converting, in both
/// outcomes. trame therefore never drops the proxy value after the call:
/// if some conversion did not take it, the value would be leaked, never
/// dropped twice.
///
/// # Safety
/// `src` holds a complete value of `proxy.0.shape`, owned by the caller
/// and not used again; `dst` is valid for writes of `shape`, aligned and
/// uninitialized, and disjoint from `src`.
pub(super) unsafe fn proxy_convert_in(
    dst: *mut u8,
    shape: &'static Shape,
    proxy: super::LProxy,
    src: *mut u8,
) -> Result<(), HookError> {
    // SAFETY: the caller's guarantees are `convert_in`'s: an initialized
    // proxy value at `src`, uninitialized memory for the target at `dst`.
    let r = unsafe { (proxy.0.convert_in)(PtrConst::new(src.cast_const()), PtrUninit::new(dst)) };
    match r {
        Ok(written) if written.as_byte_ptr() == dst.cast_const() => Ok(()),
        // A conversion that wrote elsewhere breaks facet's contract: the
        // target is treated as uninitialized, and trame stops.
        Ok(_) => panic!("trame: the proxy conversion into {shape} wrote outside its target"),
        Err(msg) => Err(HookError::new(msg)),
    }
}
