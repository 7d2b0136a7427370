//! Abstract values: a tree mirroring the shape whose leaves say which
//! `Imm` (by tag) or which default produced their bytes, how the checked
//! heap makes them ([`fill`]), and how a container's staged elements
//! collapse when it closes ([`collect`]).
//!
//! The checked heap writes a value of `Imm` tag `t` as `t` in every scalar
//! byte, an enum taking variant `t % variant_count` (a `Result`: `Ok` for
//! an even tag), an option `Some` and a container one element when `t` is
//! odd and the value is less than [`MAX_VALUE_DEPTH`] handles deep; a
//! default is written with the byte `0xDF`, an enum taking variant 0 (a
//! `Result` `Ok`), an option `None`, a container empty, a pointer pointing
//! to a default pointee. [`fill`] mirrors that.

use core::fmt;

use trame::verified::{BROKEN_BYTE, MAX_VALUE_DEPTH, VShape};
use trame::{IShape, ShapeKind};

use super::dynamic::Dyn;
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

    /// Whether an option or container made with this leaf `depth` handles
    /// deep holds something.
    fn populated(self, depth: usize) -> bool {
        matches!(self, Leaf::Imm(t) if t % 2 == 1) && depth < MAX_VALUE_DEPTH
    }
}

/// A complete value, as the model knows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AValue {
    /// A scalar: every byte is the leaf's byte.
    Scalar(Leaf),
    /// Struct fields, tuple or array elements, a payload's fields, or a
    /// map entry's key and value, in slot order.
    Fields(Vec<AValue>),
    /// An enum value: the active variant and its payload's fields (for a
    /// `Result`: its one whole payload).
    Enum {
        /// The active variant.
        variant: u32,
        /// The payload's fields, in order.
        payload: Vec<AValue>,
    },
    /// An option.
    Option(Option<Box<AValue>>),
    /// A pointer and its pointee.
    Pointer(Box<AValue>),
    /// The elements of a list or set, or the entries of a map (each a
    /// `Fields([key, value])`), in the order the container holds them.
    Elems(Vec<AValue>),
    /// A dynamic value.
    Dyn(Dyn),
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
            AValue::Option(None) => f.write_str("None"),
            AValue::Option(Some(v)) => write!(f, "Some({v})"),
            AValue::Pointer(v) => write!(f, "&{v}"),
            AValue::Elems(vs) | AValue::Dyn(Dyn::Array(vs)) => {
                f.write_str("[")?;
                list(f, vs)?;
                f.write_str("]")
            }
            AValue::Dyn(Dyn::Object(vs)) => {
                f.write_str("{")?;
                list(f, vs)?;
                f.write_str("}")
            }
            AValue::Dyn(Dyn::Null) => f.write_str("null"),
            AValue::Dyn(Dyn::Bytes(b)) => write!(f, "b{b:?}"),
        }
    }
}

impl AValue {
    /// Replaces every `Imm` tag by 0, keeping variants, defaults, the
    /// number of elements, and [`BROKEN_BYTE`] (which breaks invariants).
    pub fn erase_tags(&mut self) {
        match self {
            AValue::Scalar(Leaf::Imm(tag)) if *tag != BROKEN_BYTE => *tag = 0,
            AValue::Scalar(Leaf::Imm(_)) => {}
            AValue::Scalar(Leaf::Default) | AValue::Option(None) => {}
            AValue::Option(Some(v)) | AValue::Pointer(v) => v.erase_tags(),
            AValue::Fields(vs)
            | AValue::Enum { payload: vs, .. }
            | AValue::Elems(vs)
            | AValue::Dyn(Dyn::Array(vs) | Dyn::Object(vs)) => {
                vs.iter_mut().for_each(AValue::erase_tags)
            }
            AValue::Dyn(Dyn::Bytes(b)) => b
                .iter_mut()
                .filter(|b| **b != BROKEN_BYTE)
                .for_each(|b| *b = 0),
            AValue::Dyn(Dyn::Null) => {}
        }
    }
}

/// The value of `shape` (seen as `part`), `depth` handles below the value
/// the heap makes, that the heap writes for `leaf`.
pub fn fill(shape: VShape<'_>, part: Part, leaf: Leaf, depth: usize) -> AValue {
    let fields = |part| {
        slots(shape, part)
            .into_iter()
            .map(|s| fill(s.shape, s.part, leaf, depth))
            .collect::<Vec<_>>()
    };
    let below = |s: VShape<'_>| Box::new(fill(s, Part::Value, leaf, depth + 1));
    match (node_kind(shape, part), part) {
        (NodeKind::Container, Part::Value) if super::dynamic::is_dynamic(shape) => {
            super::dynamic::fill(leaf)
        }
        (NodeKind::Leaf, _) => AValue::Scalar(leaf),
        (NodeKind::Enum, _) => {
            let variant = match leaf {
                Leaf::Imm(tag) => u32::from(tag) % shape.variant_count() as u32,
                Leaf::Default => 0,
            };
            let payload = match shape.variant_payload_in_place() {
                true => fields(Part::Payload(variant)),
                false => slots(shape, Part::Variant(variant))
                    .into_iter()
                    .map(|s| *below(s.shape))
                    .collect(),
            };
            AValue::Enum { variant, payload }
        }
        (NodeKind::Slots, Part::Variant(v)) => AValue::Enum {
            variant: v,
            payload: fields(Part::Payload(v)),
        },
        (NodeKind::Slots, _) => AValue::Fields(fields(part)),
        (NodeKind::Wrapper, _) => {
            let inner = shape
                .inner()
                .expect("wrapper value of an option or pointer");
            match shape.kind() {
                ShapeKind::Pointer => AValue::Pointer(below(inner)),
                _ if leaf.populated(depth) => AValue::Option(Some(below(inner))),
                _ => AValue::Option(None),
            }
        }
        (NodeKind::Container, _) if leaf.populated(depth) => {
            let one = match (shape.map_key(), shape.map_value(), shape.inner()) {
                (Some(k), Some(v), _) => AValue::Fields(vec![*below(k), *below(v)]),
                (_, _, Some(e)) => *below(e),
                _ => panic!("fill: container without element shape"),
            };
            AValue::Elems(vec![one])
        }
        (NodeKind::Container, _) => AValue::Elems(Vec::new()),
        (NodeKind::Unmodeled(kind), _) => panic!("fill: {kind:?} is not modeled"),
    }
}

/// The value a wrapper node of `shape`/`part` makes from its complete
/// inner value `inner`: `Some(inner)`, a pointer to it, or the `Result`
/// variant holding it.
pub fn wrap(shape: VShape<'_>, part: Part, inner: AValue) -> AValue {
    match (part, shape.kind()) {
        (Part::Variant(variant), _) => AValue::Enum {
            variant,
            payload: vec![inner],
        },
        (_, ShapeKind::Option) => AValue::Option(Some(Box::new(inner))),
        _ => AValue::Pointer(Box::new(inner)),
    }
}

/// The container of `shape` made from `staged` elements (entries as
/// `Fields([key, value])`) in staging order: a list keeps them all; a set
/// keeps the first of equal elements; a map keeps, for equal keys, the
/// first entry's position and the last entry's value.
///
/// Equality is the checked heap's: equal value bytes. A part that owns an
/// allocation (a `Some`, a pointer, a `Result`, a non-empty container) has
/// a handle naming that allocation and so equals nothing else.
pub fn collect(shape: VShape<'_>, staged: Vec<AValue>) -> AValue {
    let (key_shape, is_map) = match (shape.map_key(), shape.kind()) {
        (Some(k), _) => (k, true),
        (None, ShapeKind::Set) => (shape.inner().expect("set element"), false),
        _ => return AValue::Elems(staged),
    };
    let mut kept: Vec<(Option<Vec<u8>>, AValue)> = Vec::new();
    for e in staged {
        let key = match (&e, is_map) {
            (AValue::Fields(kv), true) => key_bytes(key_shape, &kv[0]),
            _ => key_bytes(key_shape, &e),
        };
        let dup = key
            .as_ref()
            .and_then(|k| kept.iter().position(|(b, _)| b.as_ref() == Some(k)));
        match (dup, &e) {
            (Some(j), AValue::Fields(kv)) if is_map => {
                if let AValue::Fields(old) = &mut kept[j].1 {
                    old[1] = kv[1].clone();
                }
            }
            (Some(_), _) => {}
            (None, _) => kept.push((key, e)),
        }
    }
    AValue::Elems(kept.into_iter().map(|(_, e)| e).collect())
}

/// The value bytes of `value` (of `shape`) as the checked heap compares
/// them, or `None` when it holds a handle naming an allocation.
pub(super) fn key_bytes(shape: VShape<'_>, value: &AValue) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    push_key(shape, Part::Value, value, &mut out).then_some(out)
}

fn push_key(shape: VShape<'_>, part: Part, value: &AValue, out: &mut Vec<u8>) -> bool {
    let all = |tys: Vec<super::facts::SlotTy<'_>>, vs: &[AValue], out: &mut Vec<u8>| {
        tys.iter()
            .zip(vs)
            .all(|(t, v)| push_key(t.shape, t.part, v, out))
    };
    match value {
        AValue::Scalar(leaf) => {
            out.extend(std::iter::repeat_n(leaf.byte(), shape.size()));
            true
        }
        AValue::Fields(vs) => all(slots(shape, part), vs, out),
        AValue::Enum { .. } if !shape.variant_payload_in_place() => false,
        AValue::Enum { variant, payload } => {
            out.extend((0..shape.tag_size()).map(|k| (u64::from(*variant) >> (8 * k)) as u8));
            all(slots(shape, Part::Payload(*variant)), payload, out)
        }
        AValue::Option(None) => {
            out.extend([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
            true
        }
        AValue::Elems(vs) if vs.is_empty() => {
            out.extend([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
            true
        }
        AValue::Option(Some(_)) | AValue::Pointer(_) | AValue::Elems(_) | AValue::Dyn(_) => false,
    }
}
