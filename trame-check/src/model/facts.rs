//! What the model reads from a shape: how a node of it is built (its
//! [`NodeKind`]), its slots with their offsets and defaults, and the names
//! that error paths use. Everything comes from the public [`IShape`] facts
//! of a [`VShape`]; nothing from the construction core.

use trame::verified::{ShapeId, VShape};
use trame::{FieldRef, IShape, ShapeKind, SlotDefault};

/// Which part of a value of its shape a model node stands for. An enum is
/// built through three levels: the enum value, the selected variant (one
/// slot: the payload) and the payload (the variant's fields). A map's
/// staged entry is a node of the map's shape with two slots, key and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole value.
    Value,
    /// Variant `v` of an enum.
    Variant(u32),
    /// The payload of variant `v` (enums built in place only: a
    /// `Result`'s payload is a whole value of its own shape).
    Payload(u32),
    /// A staged entry of a map: slot 0 the key, slot 1 the value.
    Entry,
    /// The whole value, built through proxy shape `.0`: a wrapper whose
    /// one slot (unnamed in paths) holds the proxy value, converted into
    /// the value when the node closes.
    Proxy(ShapeId),
}

impl Part {
    /// The part a complete node stands for: a proxy node's value is a
    /// whole value of its shape.
    pub fn as_value(self) -> Part {
        match self {
            Part::Proxy(_) => Part::Value,
            other => other,
        }
    }

    /// Whether the node stands for a whole value (built directly or
    /// through a proxy).
    pub fn is_value(self) -> bool {
        self.as_value() == Part::Value
    }
}

/// How the model builds a node of some shape and part.
///
/// This is the extension point for new kinds: a new kind gets a variant
/// here, a node state in [`NodeState`](super::NodeState), and a case in
/// each function that matches on `NodeKind` (entering, writing,
/// validating, filling and rendering values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Set only whole (`Imm`/`Default`): scalars.
    Leaf,
    /// Positional slots: struct fields, tuple and array elements, an
    /// in-place variant's single payload slot, a payload's fields, a map
    /// entry's key and value.
    Slots,
    /// An enum value (built in place, or a `Result`): `Field(n)` selects
    /// variant `n`.
    Enum,
    /// One slot, `Field(0)`, held in an allocation of its own and moved
    /// into the value when the node closes: an `Option`'s payload, a
    /// pointer's pointee, the payload of a `Result`'s selected variant,
    /// the proxy value of a proxy node.
    Wrapper,
    /// A list, set or map: elements (entries) staged by `Append`,
    /// materialized when the node closes.
    Container,
    /// A kind the model does not describe (unsupported shapes and enums
    /// without variants; `arb_shape` generates neither).
    Unmodeled(ShapeKind),
}

/// The kind of a node of `shape` standing for `part`.
pub fn node_kind(shape: VShape<'_>, part: Part) -> NodeKind {
    match part {
        Part::Variant(_) if !shape.variant_payload_in_place() => NodeKind::Wrapper,
        Part::Variant(_) | Part::Payload(_) | Part::Entry => NodeKind::Slots,
        Part::Proxy(_) => NodeKind::Wrapper,
        Part::Value => match shape.kind() {
            ShapeKind::Scalar => NodeKind::Leaf,
            ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array => NodeKind::Slots,
            ShapeKind::Enum if shape.variant_count() > 0 => NodeKind::Enum,
            ShapeKind::Option | ShapeKind::Pointer => NodeKind::Wrapper,
            ShapeKind::List | ShapeKind::Set | ShapeKind::Map | ShapeKind::Dynamic => {
                NodeKind::Container
            }
            other => NodeKind::Unmodeled(other),
        },
    }
}

/// Whether every shape a value of `shape` can contain is modeled: true for
/// every shape `arb_shape` generates.
pub fn is_modeled(shape: VShape<'_>) -> bool {
    let mut seen = Vec::new();
    modeled_from(shape, &mut seen)
}

fn modeled_from(shape: VShape<'_>, seen: &mut Vec<u16>) -> bool {
    if seen.contains(&shape.id().0) {
        return true;
    }
    seen.push(shape.id().0);
    let parts: Vec<VShape<'_>> = match node_kind(shape, Part::Value) {
        NodeKind::Unmodeled(_) => return false,
        NodeKind::Leaf => Vec::new(),
        NodeKind::Slots => slots(shape, Part::Value).iter().map(|s| s.shape).collect(),
        NodeKind::Enum => (0..shape.variant_count() as u32)
            .flat_map(|v| variant_slots(shape, v))
            .map(|s| s.shape)
            .collect(),
        NodeKind::Wrapper => shape.inner().into_iter().collect(),
        NodeKind::Container => [shape.inner(), shape.map_key(), shape.map_value()]
            .into_iter()
            .flatten()
            .collect(),
    };
    parts.into_iter().all(|s| modeled_from(s, seen))
}

/// The fields of variant `v`'s payload: the payload node's slots for an
/// enum built in place, the single whole payload for a `Result`.
fn variant_slots(shape: VShape<'_>, v: u32) -> Vec<SlotTy<'_>> {
    match shape.variant_payload_in_place() {
        true => slots(shape, Part::Payload(v)),
        false => slots(shape, Part::Variant(v)),
    }
}

/// One slot of a node: what it holds and where.
#[derive(Clone, Copy, Debug)]
pub struct SlotTy<'s> {
    /// The shape of the slot's value.
    pub shape: VShape<'s>,
    /// Which part of `shape` the slot holds: the whole value, except for a
    /// variant's payload slot (enums built in place) and a map's entries.
    pub part: Part,
    /// Byte offset from the start of the node's own bytes (for payload
    /// fields: from the start of the enum). Meaningless for slots that
    /// live in allocations of their own (wrappers, containers, entries).
    pub offset: usize,
    /// Whether validation fills the slot with a default when it is missing:
    /// a struct or payload field with a field default, or of an `Option`
    /// shape (`None`).
    pub defaulted: bool,
}

impl<'s> SlotTy<'s> {
    fn whole(shape: VShape<'s>, offset: usize) -> Self {
        SlotTy {
            shape,
            part: Part::Value,
            offset,
            defaulted: false,
        }
    }
}

/// The slots of a node of `shape` standing for `part`, in index order:
/// fields, elements of an array, a variant's payload, a map entry's key
/// and value, a wrapper's inner value. Empty for leaves, enum values
/// (whose `Field(n)` picks a variant) and containers (whose slots are
/// their staged elements, see [`element`]).
pub fn slots<'s>(shape: VShape<'s>, part: Part) -> Vec<SlotTy<'s>> {
    let defaulted = |field: FieldRef, s: VShape<'_>| {
        shape.field_default(field) != SlotDefault::None || s.kind() == ShapeKind::Option
    };
    match (node_kind(shape, part), part) {
        (NodeKind::Slots, Part::Value) => {
            let is_struct = shape.kind() == ShapeKind::Struct;
            (0..shape.slot_count())
                .filter_map(|i| shape.slot(i).map(|s| (i, s)))
                .map(|(i, s)| SlotTy {
                    defaulted: is_struct && defaulted(FieldRef::Struct(i), s.shape),
                    ..SlotTy::whole(s.shape, s.offset)
                })
                .collect()
        }
        (NodeKind::Wrapper, Part::Variant(v)) => shape
            .variant_field(v as usize, 0)
            .map(|s| SlotTy::whole(s.shape, 0))
            .into_iter()
            .collect(),
        (NodeKind::Wrapper, Part::Proxy(p)) => vec![SlotTy::whole(shape.store().shape(p), 0)],
        (NodeKind::Wrapper, _) => shape
            .inner()
            .map(|s| SlotTy::whole(s, 0))
            .into_iter()
            .collect(),
        (_, Part::Variant(v)) => vec![SlotTy {
            part: Part::Payload(v),
            ..SlotTy::whole(shape, 0)
        }],
        (_, Part::Payload(v)) => {
            let v = v as usize;
            (0..shape.variant_field_count(v))
                .filter_map(|i| shape.variant_field(v, i).map(|s| (i, s)))
                .map(|(i, s)| SlotTy {
                    defaulted: defaulted(FieldRef::Variant(v, i), s.shape),
                    ..SlotTy::whole(s.shape, s.offset)
                })
                .collect()
        }
        (_, Part::Entry) => {
            let value_offset = shape.staging_layout().map_or(0, |l| l.value_offset);
            [
                shape.map_key().map(|k| SlotTy::whole(k, 0)),
                shape.map_value().map(|v| SlotTy::whole(v, value_offset)),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
        _ => Vec::new(),
    }
}

/// What an element of container `shape` is: a whole value of the element
/// shape (lists, sets), or an entry of the map.
pub fn element(shape: VShape<'_>) -> Option<SlotTy<'_>> {
    match shape.kind() {
        ShapeKind::Map => Some(SlotTy {
            part: Part::Entry,
            ..SlotTy::whole(shape, 0)
        }),
        // A dynamic value staged as an array (see `ModelNode::element` for
        // one staged as an object).
        ShapeKind::List | ShapeKind::Set | ShapeKind::Dynamic => {
            shape.inner().map(|s| SlotTy::whole(s, 0))
        }
        _ => None,
    }
}

/// Whether a value of `shape` may be staged as a node of its own.
pub fn is_stageable(shape: VShape<'_>) -> bool {
    !matches!(node_kind(shape, Part::Value), NodeKind::Unmodeled(_))
}

/// Whether values of `shape` are lists, sets or maps.
pub fn is_container(shape: VShape<'_>) -> bool {
    node_kind(shape, Part::Value) == NodeKind::Container
}

/// The path step from a node of `shape`/`part` to its slot (or variant,
/// or element) `i`: `.name`, `.0`, `[3]`, `.Variant`, `.key`, `.value`,
/// `.some`, `.*`, or nothing for a variant's payload and a proxy value.
pub fn step_name(shape: VShape<'_>, part: Part, i: usize) -> String {
    let mut out = String::new();
    match (node_kind(shape, part), part) {
        (NodeKind::Enum, _) => {
            out.push('.');
            let _ = shape.write_variant_name(i, &mut out);
        }
        (_, Part::Variant(_) | Part::Proxy(_)) => {}
        (_, Part::Payload(v)) => {
            out.push('.');
            let _ = shape.write_variant_field_name(v as usize, i, &mut out);
        }
        (_, Part::Entry) => out.push_str(if i == 0 { ".key" } else { ".value" }),
        (NodeKind::Wrapper, _) if shape.kind() == ShapeKind::Option => out.push_str(".some"),
        (NodeKind::Wrapper, _) => out.push_str(".*"),
        (NodeKind::Container, _) => out.push_str(&format!("[{i}]")),
        (_, Part::Value) if shape.kind() == ShapeKind::Array => {
            out.push_str(&format!("[{i}]"));
        }
        (_, Part::Value) => {
            out.push('.');
            let _ = shape.write_slot_name(i, &mut out);
        }
    }
    out
}
