//! Construction hooks, as the checked heap models them
//! ([`VHooks`]), restated from its documentation:
//!
//! - **parse** accepts a non-empty text of ASCII digits and makes the
//!   value an `Imm` with tag = the first digit's value makes;
//! - **parse_bytes** accepts non-empty bytes, tag = the first byte;
//! - **try_from** converts from one source shape: a source whose first
//!   value byte is even (or that has none) makes the value with that byte
//!   plus one as tag; an odd one is refused; a value of any other shape
//!   is refused without being read; a value of the destination's own
//!   shape is moved in by the core without the hook (as `Imm` is), even
//!   where the shape declares no hook;
//! - **invariants** fail exactly when the value's first value byte (in
//!   field declaration order, an enum's discriminant first) is
//!   [`BROKEN_BYTE`].
//!
//! A handle's first byte is (part of) an allocation id, which the model
//! cannot know: the model refuses to judge invariants there, and the
//! generators declare invariants only on shapes whose first value byte is
//! a scalar's or a discriminant's ([`first_byte_known`]).

use trame::verified::{BROKEN_BYTE, VHooks, VShape};
use trame::{IShape, ShapeKind};

use super::facts::{NodeKind, Part, node_kind, slots};
use super::value::{AValue, Leaf, fill};
use super::{MError, Src, Text};

/// The hooks `shape` declares.
pub fn hooks(shape: VShape<'_>) -> VHooks {
    shape.def_hooks()
}

/// The first value byte of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstByte {
    /// The value has no value bytes (zero-sized).
    None,
    /// This byte.
    Byte(u8),
    /// A handle's byte: an allocation id the model does not know.
    Handle,
}

/// The first value byte of `value` (of `shape`, seen as `part`), in the
/// order the checked heap lists value bytes: fields in declaration order,
/// an enum's discriminant before its payload.
pub fn first_value_byte(shape: VShape<'_>, part: Part, value: &AValue) -> FirstByte {
    let first_of = |tys: Vec<super::facts::SlotTy<'_>>, vs: &[AValue]| {
        for (ty, v) in tys.into_iter().zip(vs) {
            match first_value_byte(ty.shape, ty.part, v) {
                FirstByte::None => continue,
                other => return other,
            }
        }
        FirstByte::None
    };
    match (node_kind(shape, part), value) {
        (NodeKind::Leaf, AValue::Scalar(leaf)) if shape.size() > 0 => FirstByte::Byte(leaf.byte()),
        (NodeKind::Leaf, _) => FirstByte::None,
        (NodeKind::Enum, AValue::Enum { variant, payload }) if shape.variant_payload_in_place() => {
            match shape.tag_size() {
                0 => first_of(slots(shape, Part::Payload(*variant)), payload),
                _ => FirstByte::Byte(*variant as u8),
            }
        }
        (NodeKind::Slots, AValue::Fields(vs)) => first_of(slots(shape, part), vs),
        _ => FirstByte::Handle,
    }
}

/// Whether the first value byte of every value of `shape` is known to the
/// model (a scalar's, a discriminant's, or none), so that its invariants
/// can be predicted.
pub fn first_byte_known(shape: VShape<'_>) -> bool {
    first_byte_source(shape) != FirstByte::Handle
}

/// Where the first value byte of a value of `shape` comes from, without a
/// value: `Byte(0)` for data, `None` for none, `Handle` for a handle.
fn first_byte_source(shape: VShape<'_>) -> FirstByte {
    match shape.kind() {
        ShapeKind::Scalar if shape.size() == 0 => FirstByte::None,
        ShapeKind::Scalar => FirstByte::Byte(0),
        ShapeKind::Enum if shape.variant_payload_in_place() && shape.tag_size() > 0 => {
            FirstByte::Byte(0)
        }
        ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array => {
            for ty in slots(shape, Part::Value) {
                match first_byte_source(ty.shape) {
                    FirstByte::None => continue,
                    other => return other,
                }
            }
            FirstByte::None
        }
        _ => FirstByte::Handle,
    }
}

/// Whether a complete node of `shape` standing for `part` with `value`
/// fails its invariants check (only whole values are checked: a variant,
/// a payload or a map entry is not).
pub fn breaks_invariants(shape: VShape<'_>, part: Part, value: &AValue) -> bool {
    if part != Part::Value || !hooks(shape).invariants {
        return false;
    }
    match first_value_byte(shape, part, value) {
        FirstByte::Byte(b) => b == BROKEN_BYTE,
        FirstByte::None => false,
        FirstByte::Handle => panic!(
            "invariants of {} read a handle's byte, which the model cannot predict",
            shape.name()
        ),
    }
}

/// The value a hook source writes at a location of `shape` (path `path`),
/// or the error: the hook missing, or refusing its input.
pub fn made(shape: VShape<'_>, src: Src, path: String) -> Result<AValue, MError> {
    let h = hooks(shape);
    let name = shape.name().to_owned();
    let no_hook = |hook| MError::NoHook {
        path: path.clone(),
        shape: name.clone(),
        hook,
    };
    let parse_failed = || MError::ParseFailed {
        path: path.clone(),
        shape: name.clone(),
    };
    let value = |tag: u8| fill(shape, Part::Value, Leaf::Imm(tag), 0);
    match src {
        Src::Parse(_) if !h.parse => Err(no_hook("parse")),
        Src::Parse(Text::Digits(d)) => Ok(value(d % 10)),
        Src::Parse(_) => Err(parse_failed()),
        Src::ParseBytes(_) if !h.parse_bytes => Err(no_hook("parse_bytes")),
        Src::ParseBytes(Some(b)) => Ok(value(b)),
        Src::ParseBytes(None) => Err(parse_failed()),
        // A value of the destination's own shape moves in unchanged.
        Src::Convert { shape: from, tag } if from == shape.id() => Ok(value(tag)),
        Src::Convert { .. } if h.try_from.is_none() => Err(no_hook("try_from")),
        Src::Convert { shape: from, tag } => {
            let from = shape.store().shape(from);
            let refused = || MError::ConversionFailed {
                path: path.clone(),
                shape: name.clone(),
                from: from.name().to_owned(),
            };
            if h.try_from != Some(from.id()) {
                return Err(refused());
            }
            let source = fill(from, Part::Value, Leaf::Imm(tag), 0);
            match first_value_byte(from, Part::Value, &source) {
                FirstByte::Byte(b) if b % 2 == 1 => Err(refused()),
                FirstByte::Byte(b) => Ok(value(b.wrapping_add(1))),
                FirstByte::None => Ok(value(1)),
                FirstByte::Handle => panic!(
                    "conversion from {}, whose first byte is a handle's, is not modeled",
                    from.name()
                ),
            }
        }
        Src::Imm { .. }
        | Src::Default
        | Src::Stage
        | Src::StageDeferred
        | Src::StageProxy
        | Src::StageObject
        | Src::StageObjectDeferred => {
            unreachable!("not a hook source")
        }
    }
}
