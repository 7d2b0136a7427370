//! What the model reads from a shape: how a node of it is built (its
//! [`NodeKind`]), its slots with their offsets and defaults, and the names
//! that error paths use. Everything comes from the public [`IShape`] facts
//! of a [`VShape`]; nothing from the construction core.

use trame::verified::VShape;
use trame::{FieldRef, IShape, ShapeKind, SlotDefault};

/// Which part of a value of its shape a model node stands for. An enum is
/// built through three levels: the enum value, the selected variant (one
/// slot: the payload) and the payload (the variant's fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole value.
    Value,
    /// Variant `v` of an enum.
    Variant(u32),
    /// The payload of variant `v`.
    Payload(u32),
}

/// How the model builds a node of some shape and part.
///
/// This is the extension point for kinds that are not modeled yet: a new
/// kind gets a variant here, a node state in
/// [`NodeState`](super::NodeState), and a case in each function that
/// matches on `NodeKind` (entering, writing, validating, rendering).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Set only whole (`Imm`/`Default`): scalars.
    Leaf,
    /// Positional slots: struct fields, tuple and array elements, a
    /// variant's single payload slot, a payload's fields.
    Slots,
    /// An enum value: `Field(n)` selects variant `n`.
    Enum,
    /// A kind the model does not describe yet (options, pointers, lists,
    /// sets, maps, `Result` (an enum whose payloads live in allocations of
    /// their own), and anything unsupported).
    Unmodeled(ShapeKind),
}

/// The kind of a node of `shape` standing for `part`.
pub fn node_kind(shape: VShape<'_>, part: Part) -> NodeKind {
    match part {
        Part::Variant(_) | Part::Payload(_) => NodeKind::Slots,
        Part::Value => match shape.kind() {
            ShapeKind::Scalar => NodeKind::Leaf,
            ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array => NodeKind::Slots,
            ShapeKind::Enum if shape.variant_count() > 0 && shape.variant_payload_in_place() => {
                NodeKind::Enum
            }
            other => NodeKind::Unmodeled(other),
        },
    }
}

/// Whether every shape a value of `shape` can contain is modeled.
pub fn is_modeled(shape: VShape<'_>) -> bool {
    let mut seen = Vec::new();
    modeled_from(shape, &mut seen)
}

fn modeled_from(shape: VShape<'_>, seen: &mut Vec<u16>) -> bool {
    if seen.contains(&shape.id().0) {
        return true;
    }
    seen.push(shape.id().0);
    match node_kind(shape, Part::Value) {
        NodeKind::Unmodeled(_) => false,
        NodeKind::Leaf => true,
        NodeKind::Slots => slots(shape, Part::Value)
            .iter()
            .all(|s| modeled_from(s.shape, seen)),
        NodeKind::Enum => (0..shape.variant_count() as u32).all(|v| {
            slots(shape, Part::Payload(v))
                .iter()
                .all(|s| modeled_from(s.shape, seen))
        }),
    }
}

/// One slot of a node: what it holds and where.
#[derive(Clone, Copy, Debug)]
pub struct SlotTy<'s> {
    /// The shape of the slot's value.
    pub shape: VShape<'s>,
    /// Which part of `shape` the slot holds: the whole value, except for a
    /// variant's payload slot.
    pub part: Part,
    /// Byte offset from the start of the node's own bytes (for payload
    /// fields: from the start of the enum).
    pub offset: usize,
    /// Whether validation fills the slot with a default when it is missing
    /// (a struct or payload field with a field default). Extension point:
    /// once options are modeled, a missing `Option` field defaults to
    /// `None` here too.
    pub defaulted: bool,
}

/// The slots of a node of `shape` standing for `part`, in index order.
/// Empty for leaves and enum values (whose `Field(n)` picks a variant).
pub fn slots<'s>(shape: VShape<'s>, part: Part) -> Vec<SlotTy<'s>> {
    let defaulted = |field: FieldRef| shape.field_default(field) != SlotDefault::None;
    match part {
        Part::Value if node_kind(shape, part) == NodeKind::Slots => {
            let is_struct = shape.kind() == ShapeKind::Struct;
            (0..shape.slot_count())
                .filter_map(|i| shape.slot(i).map(|s| (i, s)))
                .map(|(i, s)| SlotTy {
                    shape: s.shape,
                    part: Part::Value,
                    offset: s.offset,
                    defaulted: is_struct && defaulted(FieldRef::Struct(i)),
                })
                .collect()
        }
        Part::Value => Vec::new(),
        Part::Variant(v) => vec![SlotTy {
            shape,
            part: Part::Payload(v),
            offset: 0,
            defaulted: false,
        }],
        Part::Payload(v) => {
            let v = v as usize;
            (0..shape.variant_field_count(v))
                .filter_map(|i| shape.variant_field(v, i).map(|s| (i, s)))
                .map(|(i, s)| SlotTy {
                    shape: s.shape,
                    part: Part::Value,
                    offset: s.offset,
                    defaulted: defaulted(FieldRef::Variant(v, i)),
                })
                .collect()
        }
    }
}

/// Whether a value of `shape` may be staged as a node of its own.
pub fn is_stageable(shape: VShape<'_>) -> bool {
    !matches!(node_kind(shape, Part::Value), NodeKind::Unmodeled(_))
}

/// The path step from a node of `shape`/`part` of kind `kind` to its slot
/// (or variant) `i`: `.name`, `.0`, `[3]`, `.Variant`, or nothing for a
/// variant's payload.
pub fn step_name(shape: VShape<'_>, part: Part, i: usize) -> String {
    let mut out = String::new();
    match (node_kind(shape, part), part) {
        (NodeKind::Enum, _) => {
            out.push('.');
            let _ = shape.write_variant_name(i, &mut out);
        }
        (_, Part::Variant(_)) => {}
        (_, Part::Payload(v)) => {
            out.push('.');
            let _ = shape.write_variant_field_name(v as usize, i, &mut out);
        }
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
