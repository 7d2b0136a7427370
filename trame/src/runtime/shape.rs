//! [`IShape`]: what the construction core asks of a type system (kinds,
//! layouts, slots, variants, element and entry shapes, defaults, hooks,
//! proxies), and the facts it answers with.

use core::fmt;

use super::{Hooks, ShapeKind, StagingLayout};
#[cfg(doc)]
use super::{IHeap, IRuntime};

/// Where a slot of a slotted shape lives and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotInfo<S> {
    /// Byte offset of the slot from the start of the parent value.
    pub offset: usize,
    /// Shape of the value stored in the slot.
    pub shape: S,
}

/// A field of a struct, or of an enum variant's payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldRef {
    /// Field `i` of a struct.
    Struct(usize),
    /// Field `i` of variant `v`'s payload: `Variant(v, i)`.
    Variant(usize, usize),
}

/// What fills a struct field that was never set, at validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotDefault {
    /// Nothing: a missing field is an error (unless its shape is an
    /// `Option`, which defaults to `None`).
    None,
    /// `#[facet(default)]`: the field type's `Default`.
    FieldType,
    /// `#[facet(default = …)]`: the field's own default function.
    Custom,
}

/// How an enum variant's payload is written in Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariantStyle {
    /// `V`: no payload fields.
    Unit,
    /// `V(a, b)`: positional fields.
    Tuple,
    /// `V { x, y }`: named fields.
    Struct,
}

/// What trame needs to know about a type.
///
/// Implementations must be internally consistent: every slot returned by
/// [`IShape::slot`] lies within `size()` bytes of its parent and is aligned
/// for its own shape. [`IRuntime`] implementors vouch for that.
pub trait IShape: Copy + PartialEq + fmt::Debug {
    /// A proxy a shape declares (see [`IShape::proxy`]): the proxy's shape
    /// and how its values convert into the target's.
    type Proxy: Copy + PartialEq + fmt::Debug;
    /// Size of a value in bytes.
    fn size(self) -> usize;
    /// Alignment of a value in bytes (a power of two).
    fn align(self) -> usize;
    /// The kind of the shape.
    fn kind(self) -> ShapeKind;
    /// Whether `self` and `other` describe the same type. Defaults to
    /// `==`; a runtime whose equality is costly answers the common case
    /// (the very same shape) faster.
    #[inline]
    fn same_as(self, other: Self) -> bool {
        self == other
    }
    /// Number of slots: fields of a struct or tuple, length of an array,
    /// 0 for every other kind.
    fn slot_count(self) -> usize;
    /// Slot `i`, or `None` when out of range or the kind has no slots.
    fn slot(self, i: usize) -> Option<SlotInfo<Self>>;
    /// Whether a default value can be written in place for this shape.
    fn has_default(self) -> bool;
    /// What fills `field` when it is missing at validation.
    fn field_default(self, field: FieldRef) -> SlotDefault;
    /// For an enum that can be built variant by variant (an explicit
    /// integer representation, or `Result`): the number of variants. 0
    /// otherwise.
    fn variant_count(self) -> usize;
    /// For an enum with variants: whether a variant's payload is built in
    /// place, its fields at the [`IShape::variant_field`] offsets inside the
    /// enum value, after [`IHeap::select_variant`] wrote the discriminant
    /// (`true`: enums with an explicit integer representation). `false`
    /// (`Result`): every variant has exactly one payload field, built in an
    /// allocation of its own and moved in by [`IHeap::result_init`], which
    /// also makes the variant active; its `variant_field` offset is
    /// meaningless, and no discriminant is ever written separately (the
    /// layout may be niche-packed).
    fn variant_payload_in_place(self) -> bool;
    /// The payload style of variant `v`.
    fn variant_style(self, v: usize) -> VariantStyle;
    /// Number of payload fields of variant `v`.
    fn variant_field_count(self, v: usize) -> usize;
    /// Payload field `i` of variant `v`, its offset counted from the start
    /// of the enum value.
    fn variant_field(self, v: usize, i: usize) -> Option<SlotInfo<Self>>;
    /// Writes the name of variant `v`.
    fn write_variant_name(self, v: usize, out: &mut dyn fmt::Write) -> fmt::Result;
    /// Writes the name of payload field `i` of variant `v`.
    fn write_variant_field_name(self, v: usize, i: usize, out: &mut dyn fmt::Write) -> fmt::Result;
    /// Writes the type's name (`Pair`, `Vec<u32>`).
    fn write_name(self, out: &mut dyn fmt::Write) -> fmt::Result;
    /// Writes the name of slot `i`: the field name for structs, the position
    /// for tuples and arrays.
    fn write_slot_name(self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result;
    /// Writes the name of slot `i` as formats write it (a field's
    /// `#[facet(rename)]` or its container's `rename_all`): by default, the
    /// same as [`write_slot_name`](IShape::write_slot_name).
    fn write_slot_key(self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        self.write_slot_name(i, out)
    }
    /// Writes the name of variant `v` as formats write it: by default, the
    /// same as [`write_variant_name`](IShape::write_variant_name).
    fn write_variant_key(self, v: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        self.write_variant_name(v, out)
    }
    /// Writes the name of payload field `i` of variant `v` as formats write
    /// it: by default, the same as
    /// [`write_variant_field_name`](IShape::write_variant_field_name).
    fn write_variant_field_key(self, v: usize, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        self.write_variant_field_name(v, i, out)
    }
    /// The one inner shape of a wrapper or homogeneous container: the
    /// payload of an `Option`, the pointee of a [`ShapeKind::Pointer`], the
    /// element of a [`ShapeKind::List`] or [`ShapeKind::Set`], the element
    /// of a [`ShapeKind::Dynamic`] array (the shape itself). `None` for
    /// every other kind (maps have [`IShape::map_key`] and
    /// [`IShape::map_value`]).
    fn inner(self) -> Option<Self>;
    /// The key shape of a [`ShapeKind::Map`], and of the entries of a
    /// [`ShapeKind::Dynamic`] object (a string: `String` on the live
    /// runtime).
    fn map_key(self) -> Option<Self>;
    /// The construction hooks the shape declares (parse, conversion,
    /// invariants); the core asks the heap to run one only when it is here.
    fn hooks(self) -> Hooks;
    /// The proxy through which a value of this shape is built
    /// (`#[facet(proxy = P)]` on the type): the one declared for `format`
    /// when there is one, else the format-agnostic one.
    fn proxy(self, format: Option<&str>) -> Option<Self::Proxy>;
    /// The proxy declared on `field` of this shape (`#[facet(proxy = P)]`
    /// on the field): the one for `format` first, as [`IShape::proxy`].
    fn field_proxy(self, field: FieldRef, format: Option<&str>) -> Option<Self::Proxy>;
    /// The shape of a proxy's values.
    fn proxy_shape(proxy: Self::Proxy) -> Self;
    /// Whether the shape declares invariants (`hooks().invariants`, asked
    /// at every fold, so a runtime may answer it faster).
    #[inline]
    fn has_invariants(self) -> bool {
        self.hooks().invariants
    }
    /// The value shape of a [`ShapeKind::Map`], and of the entries of a
    /// [`ShapeKind::Dynamic`] object (the shape itself).
    fn map_value(self) -> Option<Self>;

    /// How staged elements (lists, sets) or entries (maps) of this container
    /// shape are laid out in a staging chunk; `None` for other kinds.
    ///
    /// Lists and sets stage elements at a stride of the element size (the
    /// layout of `[T; n]`). Maps stage `(key, value)` entries laid out with
    /// `repr(C)` rules: the key at offset 0, the value at the next offset
    /// aligned for it, the stride rounded up to the larger alignment. A
    /// dynamic value stages like a map of its [`IShape::map_key`] and
    /// itself, in both of its forms: an object's entries are laid out so,
    /// an array's elements sit at offset 0 of each entry (one layout per
    /// shape, so that a chunk is allocated and freed alike whatever the
    /// form). Every runtime uses this one definition, so the core and the
    /// heap agree.
    fn staging_layout(self) -> Option<StagingLayout> {
        match self.kind() {
            ShapeKind::List | ShapeKind::Set => {
                let elem = self.inner()?;
                Some(StagingLayout {
                    stride: elem.size(),
                    align: elem.align(),
                    value_offset: 0,
                })
            }
            ShapeKind::Map | ShapeKind::Dynamic => {
                let (k, v) = (self.map_key()?, self.map_value()?);
                let align = k.align().max(v.align());
                let value_offset = k.size().div_ceil(v.align()) * v.align();
                let end = value_offset + v.size();
                Some(StagingLayout {
                    stride: end.div_ceil(align) * align,
                    align,
                    value_offset,
                })
            }
            _ => None,
        }
    }
}
