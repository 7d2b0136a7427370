//! Abstract values: a tree mirroring the shape whose leaves say which
//! `Imm` (by tag) or which default produced their bytes, and the bytes such
//! a value occupies in the checked heap.
//!
//! The checked heap writes a value of `Imm` tag `t` as `t` in every value
//! byte, an enum taking variant `t % variant_count`; a default is written
//! with the byte `0xDF`, an enum taking variant 0. [`fill`] mirrors that,
//! [`render`] lays a value out byte by byte.

use core::fmt;

use trame::IShape;
use trame::verified::VShape;

use super::facts::{NodeKind, Part, node_kind, slots};

/// The byte the checked heap writes for a default.
pub const DEFAULT_BYTE: u8 = 0xDF;

/// Where a leaf's bytes came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Leaf {
    /// The `Imm` with this tag.
    Imm(u8),
    /// A default (the shape's, or a field default at validation).
    Default,
}

impl Leaf {
    /// The byte the heap writes for this leaf.
    pub fn byte(self) -> u8 {
        match self {
            Leaf::Imm(tag) => tag,
            Leaf::Default => DEFAULT_BYTE,
        }
    }
}

/// A complete value, as the model knows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AValue {
    /// A scalar: every byte is the leaf's byte.
    Scalar(Leaf),
    /// Struct fields, tuple or array elements, or a payload's fields, in
    /// slot order.
    Fields(Vec<AValue>),
    /// An enum value: the active variant and its payload's fields.
    Enum {
        /// The active variant.
        variant: u32,
        /// The payload's fields, in order.
        payload: Vec<AValue>,
    },
}

impl fmt::Display for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Leaf::Imm(tag) => write!(f, "#{tag}"),
            Leaf::Default => f.write_str("D"),
        }
    }
}

impl fmt::Display for AValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, vs: &[AValue]| {
            for (i, v) in vs.iter().enumerate() {
                write!(f, "{}{v}", if i == 0 { "" } else { ", " })?;
            }
            Ok(())
        };
        match self {
            AValue::Scalar(leaf) => write!(f, "{leaf}"),
            AValue::Fields(vs) => {
                f.write_str("{")?;
                list(f, vs)?;
                f.write_str("}")
            }
            AValue::Enum { variant, payload } => {
                write!(f, "V{variant}(")?;
                list(f, payload)?;
                f.write_str(")")
            }
        }
    }
}

impl AValue {
    /// Replaces every `Imm` tag by 0, keeping variants and defaults.
    pub fn erase_tags(&mut self) {
        match self {
            AValue::Scalar(Leaf::Imm(tag)) => *tag = 0,
            AValue::Scalar(Leaf::Default) => {}
            AValue::Fields(vs) | AValue::Enum { payload: vs, .. } => {
                vs.iter_mut().for_each(AValue::erase_tags)
            }
        }
    }
}

/// The value of `shape` (seen as `part`) that the heap writes for `leaf`
/// in every value byte.
pub fn fill(shape: VShape<'_>, part: Part, leaf: Leaf) -> AValue {
    let fields = |part| {
        slots(shape, part)
            .into_iter()
            .map(|s| fill(s.shape, s.part, leaf))
            .collect::<Vec<_>>()
    };
    match (node_kind(shape, part), part) {
        (NodeKind::Leaf, _) => AValue::Scalar(leaf),
        (NodeKind::Enum, _) => {
            let variant = match leaf {
                Leaf::Imm(tag) => u32::from(tag) % shape.variant_count() as u32,
                Leaf::Default => 0,
            };
            AValue::Enum {
                variant,
                payload: fields(Part::Payload(variant)),
            }
        }
        (_, Part::Variant(v)) => AValue::Enum {
            variant: v,
            payload: fields(Part::Payload(v)),
        },
        (NodeKind::Slots, _) => AValue::Fields(fields(part)),
        (NodeKind::Unmodeled(kind), _) => panic!("fill: {kind:?} is not modeled"),
    }
}

/// Writes the bytes of `value` (of `shape`, seen as `part`) at `base` into
/// `out`, one entry per byte: `Some(byte)` for a value byte. Padding is
/// left untouched.
pub fn render(shape: VShape<'_>, part: Part, value: &AValue, base: usize, out: &mut [Option<u8>]) {
    match value {
        AValue::Scalar(leaf) => {
            for b in &mut out[base..base + shape.size()] {
                *b = Some(leaf.byte());
            }
        }
        AValue::Fields(vs) => {
            for (slot, v) in slots(shape, part).into_iter().zip(vs) {
                render(slot.shape, slot.part, v, base + slot.offset, out);
            }
        }
        AValue::Enum { variant, payload } => {
            render_tag(shape, *variant, base, out);
            for (slot, v) in slots(shape, Part::Payload(*variant))
                .into_iter()
                .zip(payload)
            {
                render(slot.shape, slot.part, v, base + slot.offset, out);
            }
        }
    }
}

/// Writes the discriminant of variant `variant` (little-endian, the
/// shape's tag size) at `base`.
pub fn render_tag(shape: VShape<'_>, variant: u32, base: usize, out: &mut [Option<u8>]) {
    for k in 0..shape.tag_size() {
        out[base + k] = Some((u64::from(variant) >> (8 * k)) as u8);
    }
}
