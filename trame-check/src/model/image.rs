//! The bytes a value occupies in the checked heap, as the model predicts
//! them ([`Image`]), what its handles own ([`to_vvalue`]), and how many
//! allocations it owns ([`owned_allocations`]).
//!
//! A value's own bytes are laid out in place: scalars (every byte the
//! leaf's), fields at their offsets, an enum's discriminant. Options,
//! pointers, `Result`s, lists, sets and maps are handles naming
//! allocations of their own, whose ids the model cannot know: their bytes
//! are [`PByte::Handle`], and what they own is compared structurally
//! through [`to_vvalue`] (the checked heap's [`VValue`] reading).

use core::fmt;

use trame::IShape;
use trame::ShapeKind;
use trame::verified::{ShapeId, VShape, VValue};

use super::dynamic::Dyn;
use super::facts::{NodeKind, Part, node_kind, slots};
use super::value::AValue;

/// One predicted byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PByte {
    /// Not initialized.
    Uninit,
    /// Initialized with this value.
    Byte(u8),
    /// Initialized, part of a handle (its value is an allocation id or a
    /// length/flag, compared through what the handle owns).
    Handle,
}

impl fmt::Display for PByte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PByte::Uninit => f.write_str("__"),
            PByte::Byte(b) => write!(f, "{b:02x}"),
            PByte::Handle => f.write_str("hh"),
        }
    }
}

/// The predicted bytes of a range of memory, and the handles in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// One entry per byte.
    pub bytes: Vec<PByte>,
    /// Every handle: its offset, its shape, and the value it stands for.
    pub handles: Vec<(usize, ShapeId, AValue)>,
}

impl Image {
    /// `size` uninitialized bytes.
    pub fn new(size: usize) -> Self {
        Image {
            bytes: vec![PByte::Uninit; size],
            handles: Vec::new(),
        }
    }

    /// Writes `value` (of `shape`, seen as `part`) at `base`. Padding is
    /// left untouched.
    pub fn render(&mut self, shape: VShape<'_>, part: Part, value: &AValue, base: usize) {
        let handle = match node_kind(shape, part) {
            NodeKind::Wrapper | NodeKind::Container => true,
            NodeKind::Enum => !shape.variant_payload_in_place(),
            _ => false,
        };
        if handle {
            self.bytes[base..base + shape.size()].fill(PByte::Handle);
            self.handles.push((base, shape.id(), value.clone()));
            return;
        }
        match value {
            AValue::Scalar(leaf) => {
                self.bytes[base..base + shape.size()].fill(PByte::Byte(leaf.byte()));
            }
            AValue::Fields(vs) => {
                for (slot, v) in slots(shape, part).into_iter().zip(vs) {
                    self.render(slot.shape, slot.part, v, base + slot.offset);
                }
            }
            AValue::Enum { variant, payload } => {
                self.render_tag(shape, *variant, base);
                for (slot, v) in slots(shape, Part::Payload(*variant))
                    .into_iter()
                    .zip(payload)
                {
                    self.render(slot.shape, slot.part, v, base + slot.offset);
                }
            }
            other => panic!("render: {other} is not a value of {}", shape.name()),
        }
    }

    /// Writes the discriminant of variant `variant` (little-endian, the
    /// shape's tag size; nothing for a `Result`) at `base`.
    pub fn render_tag(&mut self, shape: VShape<'_>, variant: u32, base: usize) {
        for k in 0..shape.tag_size() {
            self.bytes[base + k] = PByte::Byte((u64::from(variant) >> (8 * k)) as u8);
        }
    }

    /// The bytes as `0a 0a __ df hh`.
    pub fn show(&self) -> String {
        let parts: Vec<String> = self.bytes.iter().map(ToString::to_string).collect();
        format!("[{}]", parts.join(" "))
    }
}

/// `value` (a value of `shape`, or of a `Result` variant of it) as the
/// checked heap reads a complete value back.
pub fn to_vvalue(shape: VShape<'_>, value: &AValue) -> VValue {
    match value {
        AValue::Scalar(leaf) => VValue::Bytes(vec![leaf.byte(); shape.size()]),
        AValue::Fields(vs) => VValue::Fields(
            slots(shape, Part::Value)
                .into_iter()
                .zip(vs)
                .map(|(s, v)| to_vvalue(s.shape, v))
                .collect(),
        ),
        AValue::Enum { variant, payload } => {
            let tys = match shape.variant_payload_in_place() {
                true => slots(shape, Part::Payload(*variant)),
                false => slots(shape, Part::Variant(*variant)),
            };
            let vs = tys
                .into_iter()
                .zip(payload)
                .map(|(s, v)| to_vvalue(s.shape, v))
                .collect();
            VValue::Variant(*variant as usize, vs)
        }
        AValue::Option(v) => VValue::Option(
            v.as_ref()
                .map(|v| Box::new(to_vvalue(shape.inner().expect("option payload"), v))),
        ),
        AValue::Pointer(v) => {
            VValue::Pointer(Box::new(to_vvalue(shape.inner().expect("pointee"), v)))
        }
        AValue::Dyn(Dyn::Null) => VValue::Null,
        AValue::Dyn(Dyn::Bytes(b)) => VValue::Bytes(b.clone()),
        AValue::Dyn(Dyn::Array(vs)) => {
            VValue::List(vs.iter().map(|v| to_vvalue(shape, v)).collect())
        }
        AValue::Dyn(Dyn::Object(vs)) => {
            let key = shape.map_key().expect("a dynamic value's key shape");
            VValue::Map(
                vs.iter()
                    .map(|e| match e {
                        AValue::Fields(kv) => (to_vvalue(key, &kv[0]), to_vvalue(shape, &kv[1])),
                        other => panic!("object entry {other}"),
                    })
                    .collect(),
            )
        }
        AValue::Elems(vs) => match (shape.map_key(), shape.map_value()) {
            (Some(k), Some(val)) => VValue::Map(
                vs.iter()
                    .map(|e| match e {
                        AValue::Fields(kv) => (to_vvalue(k, &kv[0]), to_vvalue(val, &kv[1])),
                        other => panic!("map entry {other}"),
                    })
                    .collect(),
            ),
            _ => {
                let e = shape.inner().expect("element");
                let elems = vs.iter().map(|v| to_vvalue(e, v)).collect();
                match shape.kind() {
                    ShapeKind::Set => VValue::Set(elems),
                    _ => VValue::List(elems),
                }
            }
        },
    }
}

/// How many heap allocations `value` (of `shape`, seen as `part`) owns
/// through its handles: a payload, pointee or `Result` payload
/// allocation, a container's storage (none when empty), and recursively
/// whatever those hold.
pub fn owned_allocations(shape: VShape<'_>, part: Part, value: &AValue) -> usize {
    let sum = |tys: Vec<super::facts::SlotTy<'_>>, vs: &[AValue]| -> usize {
        tys.into_iter()
            .zip(vs)
            .map(|(s, v)| owned_allocations(s.shape, s.part, v))
            .sum()
    };
    match value {
        AValue::Scalar(_) | AValue::Option(None) => 0,
        AValue::Fields(vs) => sum(slots(shape, part), vs),
        AValue::Enum { variant, payload } if shape.variant_payload_in_place() => {
            sum(slots(shape, Part::Payload(*variant)), payload)
        }
        AValue::Enum { variant, payload } => {
            1 + sum(slots(shape, Part::Variant(*variant)), payload)
        }
        AValue::Option(Some(v)) | AValue::Pointer(v) => {
            1 + owned_allocations(shape.inner().expect("inner"), Part::Value, v)
        }
        AValue::Dyn(d) => super::dynamic::owned_allocations(shape, d),
        AValue::Elems(vs) if vs.is_empty() => 0,
        AValue::Elems(vs) => {
            let (elem, part) = match shape.kind() {
                ShapeKind::Map => (shape, Part::Entry),
                _ => (shape.inner().expect("element"), Part::Value),
            };
            1 + vs
                .iter()
                .map(|v| owned_allocations(elem, part, v))
                .sum::<usize>()
        }
    }
}
