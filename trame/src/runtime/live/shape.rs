//! [`IShape`] for `&'static facet::Shape`: maps facet's `Type`/`Def` onto
//! the kinds the core knows.

use core::fmt;

use facet::{Def, Shape, ShapeLayout, StructKind, Type, UserType};

use crate::runtime::{FieldRef, IShape, ShapeKind, SlotDefault, SlotInfo, VariantStyle};

/// The enum type of a user enum with an explicit integer representation
/// (the ones whose discriminant trame knows how to write).
pub(super) fn int_enum(shape: &'static Shape) -> Option<&'static facet::EnumType> {
    match &shape.ty {
        Type::User(UserType::Enum(et))
            if shape.def_is_plain() && discriminant_width(et).is_some() =>
        {
            Some(et)
        }
        _ => None,
    }
}

/// Width in bytes and signedness of an enum's discriminant.
pub(super) fn discriminant_width(et: &facet::EnumType) -> Option<(usize, bool)> {
    use facet::EnumRepr as E;
    Some(match et.enum_repr {
        E::U8 => (1, false),
        E::I8 => (1, true),
        E::U16 => (2, false),
        E::I16 => (2, true),
        E::U32 => (4, false),
        E::I32 => (4, true),
        E::U64 => (8, false),
        E::I64 => (8, true),
        E::USize => (core::mem::size_of::<usize>(), false),
        E::ISize => (core::mem::size_of::<usize>(), true),
        _ => return None,
    })
}

/// Whether a shape's `def` adds nothing over its `ty` (no option, result,
/// pointer or container vtable takes precedence).
trait PlainDef {
    fn def_is_plain(&self) -> bool;
}

impl PlainDef for Shape {
    fn def_is_plain(&self) -> bool {
        matches!(self.def, Def::Undefined | Def::Scalar)
    }
}

/// The facet field `field` names in `shape`.
pub(super) fn facet_field(shape: &'static Shape, field: FieldRef) -> Option<&'static facet::Field> {
    match field {
        FieldRef::Struct(i) if matches!(shape.kind(), ShapeKind::Struct | ShapeKind::Tuple) => {
            struct_type(shape)?.fields.get(i)
        }
        FieldRef::Struct(_) => None,
        FieldRef::Variant(v, i) => variant_of(shape, v)?.data.fields.get(i),
    }
}

// t[impl validate.container-default]
/// What fills field `f` of `parent` when it is never set: the field's own
/// default (`#[facet(default)]`, `#[facet(default = …)]`), else, when
/// `parent` is marked `#[facet(default)]` or the field's type holds
/// nothing (`()`, `PhantomData`), the field type's `Default` if it has one
/// (as facet's own builder fills them). The `Default` of `parent` itself
/// is never used for one field.
pub(super) fn slot_default(parent: &'static Shape, f: &'static facet::Field) -> SlotDefault {
    match f.default {
        Some(facet::DefaultSource::Custom(_)) => SlotDefault::Custom,
        Some(_) => SlotDefault::FieldType,
        None if parent.has_default_attr() && IShape::has_default(f.shape()) => {
            SlotDefault::FieldType
        }
        // t[impl validate.empty-default]
        None if holds_nothing(f.shape()) && IShape::has_default(f.shape()) => {
            SlotDefault::FieldType
        }
        None => SlotDefault::None,
    }
}

/// Whether `shape` has no fields: `()`, a unit or empty struct,
/// `PhantomData`.
fn holds_nothing(shape: &'static Shape) -> bool {
    shape == <() as facet::Facet>::SHAPE
        || matches!(&shape.ty, Type::User(UserType::Struct(st)) if st.fields.is_empty())
}

fn variant_of(shape: &'static Shape, v: usize) -> Option<&'static facet::Variant> {
    int_enum(shape)?.variants.get(v)
}

/// The `Result` definition of a `Result<T, E>` shape.
pub(super) fn result_def(shape: &'static Shape) -> Option<facet::ResultDef> {
    match shape.def {
        Def::Result(rd) => Some(rd),
        _ => None,
    }
}

/// The payload shape of variant `v` (0 `Ok`, 1 `Err`) of a `Result`.
fn result_payload(rd: facet::ResultDef, v: usize) -> Option<&'static Shape> {
    match v {
        0 => Some(rd.t),
        1 => Some(rd.e),
        _ => None,
    }
}

/// The names of a `Result`'s variants.
const RESULT_VARIANTS: [&str; 2] = ["Ok", "Err"];

/// How a pointer shape is built from parts, when it can be.
#[derive(Clone, Copy)]
pub(super) enum PointerMode {
    /// `Box<T>`, `Arc<T>`, `Rc<T>` with sized `T`: from the pointee, through
    /// the vtable's `new_into_fn`.
    FromPointee(&'static Shape),
    /// `Box<[T]>`, `Arc<[T]>`, `Rc<[T]>`: from elements, through the slice
    /// builder; carries the element shape.
    SliceBuilder(&'static Shape, &'static facet::SliceBuilderVTable),
}

/// The way `pd` can be built, or `None` when it can only be set whole
/// (references, `Box<str>`, weak pointers, …).
pub(super) fn pointer_mode(pd: &facet::PointerDef) -> Option<PointerMode> {
    let pointee = pd.pointee()?;
    if let Some(sb) = pd.vtable.slice_builder_vtable {
        let elem = match pointee.def {
            Def::Slice(sd) => sd.t,
            _ => return None,
        };
        return elem
            .layout
            .sized_layout()
            .is_ok()
            .then_some(PointerMode::SliceBuilder(elem, sb));
    }
    let sized = pointee.layout.sized_layout().is_ok();
    (sized && pd.vtable.new_into_fn.is_some()).then_some(PointerMode::FromPointee(pointee))
}

#[inline]
pub(super) fn struct_type(shape: &'static Shape) -> Option<&'static facet::StructType> {
    match &shape.ty {
        Type::User(UserType::Struct(st)) => Some(st),
        _ => None,
    }
}

/// A proxy declared by a facet shape or field: facet's [`facet::ProxyDef`]
/// (the proxy type's shape and its `convert_in`). Compared by address.
#[derive(Clone, Copy, Debug)]
pub struct LProxy(pub(super) &'static facet::ProxyDef);

impl PartialEq for LProxy {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.0, other.0)
    }
}

impl IShape for &'static Shape {
    type Proxy = LProxy;

    #[inline]
    fn size(self) -> usize {
        match self.layout {
            ShapeLayout::Sized(l) => l.size(),
            ShapeLayout::Unsized => 0,
        }
    }

    #[inline]
    fn align(self) -> usize {
        match self.layout {
            ShapeLayout::Sized(l) => l.align(),
            ShapeLayout::Unsized => 1,
        }
    }

    #[inline]
    fn same_as(self, other: Self) -> bool {
        // The same static first; facet's equality (type ids) otherwise.
        core::ptr::eq(self, other) || self == other
    }

    #[inline]
    fn kind(self) -> ShapeKind {
        if let ShapeLayout::Unsized = self.layout {
            return ShapeKind::Unsupported;
        }
        match self.def {
            Def::Scalar => return ShapeKind::Scalar,
            Def::Option(_) => return ShapeKind::Option,
            Def::Result(_) => return ShapeKind::Enum,
            Def::Pointer(pd) => {
                return match pointer_mode(&pd) {
                    Some(PointerMode::FromPointee(_)) => ShapeKind::Pointer,
                    Some(PointerMode::SliceBuilder(..)) => ShapeKind::List,
                    None => ShapeKind::Scalar,
                };
            }
            Def::List(ld) => {
                let buildable = ld.from_raw_parts().is_some()
                    || (ld.init_in_place_with_capacity().is_some() && ld.push().is_some());
                return if buildable {
                    ShapeKind::List
                } else {
                    ShapeKind::Scalar
                };
            }
            Def::Set(_) => return ShapeKind::Set,
            Def::Map(_) => return ShapeKind::Map,
            Def::Array(_) => return ShapeKind::Array,
            Def::DynamicValue(_) => return ShapeKind::Dynamic,
            _ => {}
        }
        match &self.ty {
            Type::User(UserType::Struct(st)) => match st.kind {
                StructKind::Struct => ShapeKind::Struct,
                StructKind::Unit | StructKind::TupleStruct | StructKind::Tuple => ShapeKind::Tuple,
            },
            Type::User(UserType::Enum(_)) => ShapeKind::Enum,
            Type::Sequence(facet::SequenceType::Array(_)) => ShapeKind::Array,
            Type::Sequence(facet::SequenceType::Slice(_)) => ShapeKind::Unsupported,
            _ => ShapeKind::Scalar,
        }
    }

    #[inline]
    fn slot_count(self) -> usize {
        if let Some(st) = plain_struct(self) {
            return st.fields.len();
        }
        match self.kind() {
            ShapeKind::Struct | ShapeKind::Tuple => {
                struct_type(self).map_or(0, |st| st.fields.len())
            }
            ShapeKind::Array => match self.def {
                Def::Array(a) => a.n,
                _ => match &self.ty {
                    Type::Sequence(facet::SequenceType::Array(a)) => a.n,
                    _ => 0,
                },
            },
            _ => 0,
        }
    }

    #[inline]
    fn slot(self, i: usize) -> Option<SlotInfo<Self>> {
        if let Some(st) = plain_struct(self) {
            return st.fields.get(i).map(field_slot);
        }
        slot_by_kind(self, i)
    }

    fn has_default(self) -> bool {
        match self.type_ops {
            Some(facet::TypeOps::Direct(ops)) if ops.default_in_place.is_some() => true,
            Some(facet::TypeOps::Indirect(ops)) if ops.default_in_place.is_some() => true,
            // A dynamic value without a default of its own defaults to null.
            _ => matches!(self.def, Def::DynamicValue(_)),
        }
    }

    fn field_default(self, field: FieldRef) -> SlotDefault {
        facet_field(self, field).map_or(SlotDefault::None, |f| slot_default(self, f))
    }

    fn variant_count(self) -> usize {
        if result_def(self).is_some() {
            return RESULT_VARIANTS.len();
        }
        int_enum(self).map_or(0, |et| et.variants.len())
    }

    fn variant_payload_in_place(self) -> bool {
        result_def(self).is_none()
    }

    fn variant_style(self, v: usize) -> VariantStyle {
        if let Some(rd) = result_def(self) {
            return match result_payload(rd, v) {
                Some(_) => VariantStyle::Tuple,
                None => VariantStyle::Unit,
            };
        }
        match variant_of(self, v).map(|v| v.data.kind) {
            Some(StructKind::Struct) => VariantStyle::Struct,
            Some(StructKind::TupleStruct | StructKind::Tuple) => VariantStyle::Tuple,
            _ => VariantStyle::Unit,
        }
    }

    fn variant_field_count(self, v: usize) -> usize {
        if let Some(rd) = result_def(self) {
            return usize::from(result_payload(rd, v).is_some());
        }
        variant_of(self, v).map_or(0, |v| v.data.fields.len())
    }

    fn variant_field(self, v: usize, i: usize) -> Option<SlotInfo<Self>> {
        if let Some(rd) = result_def(self) {
            // The payload lives in an allocation of its own: no offset.
            let shape = result_payload(rd, v).filter(|_| i == 0)?;
            return Some(SlotInfo { offset: 0, shape });
        }
        variant_of(self, v)?.data.fields.get(i).map(field_slot)
    }

    fn write_variant_name(self, v: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        if result_def(self).is_some()
            && let Some(name) = RESULT_VARIANTS.get(v)
        {
            return out.write_str(name);
        }
        match variant_of(self, v) {
            Some(variant) => out.write_str(variant.name),
            None => write!(out, "{v}"),
        }
    }

    fn write_variant_field_name(self, v: usize, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match variant_of(self, v).and_then(|var| var.data.fields.get(i)) {
            Some(f) if self.variant_style(v) == VariantStyle::Struct => out.write_str(f.name),
            _ => write!(out, "{i}"),
        }
    }

    // t[impl error.input-names]
    fn write_variant_key(self, v: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match variant_of(self, v) {
            Some(variant) if result_def(self).is_none() => out.write_str(variant.effective_name()),
            _ => self.write_variant_name(v, out),
        }
    }

    fn write_variant_field_key(self, v: usize, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match variant_of(self, v).and_then(|var| var.data.fields.get(i)) {
            Some(f) if self.variant_style(v) == VariantStyle::Struct => {
                out.write_str(f.effective_name())
            }
            _ => write!(out, "{i}"),
        }
    }

    fn inner(self) -> Option<Self> {
        match self.def {
            Def::Option(od) => Some(od.t),
            Def::List(ld) if self.kind() == ShapeKind::List => Some(ld.t),
            Def::Set(sd) => Some(sd.t),
            Def::Pointer(pd) => match pointer_mode(&pd)? {
                PointerMode::FromPointee(t) | PointerMode::SliceBuilder(t, _) => Some(t),
            },
            // A dynamic array's elements are dynamic values.
            Def::DynamicValue(_) => Some(self),
            _ => None,
        }
    }

    fn map_key(self) -> Option<Self> {
        match self.def {
            Def::Map(md) => Some(md.k),
            // A dynamic object's keys are staged as `String`s.
            Def::DynamicValue(_) => Some(<String as facet::Facet>::SHAPE),
            _ => None,
        }
    }

    // t[impl hook.declared]
    fn hooks(self) -> crate::runtime::Hooks {
        let vt = &self.vtable;
        crate::runtime::Hooks {
            parse: vt.has_parse(),
            parse_bytes: vt.has_parse_bytes(),
            try_from: vt.has_try_from(),
            invariants: self.has_invariants(),
        }
    }

    #[inline]
    fn has_invariants(self) -> bool {
        self.vtable.has_invariants()
    }

    // t[impl proxy.choice]
    fn proxy(self, format: Option<&str>) -> Option<LProxy> {
        self.effective_proxy(format).map(LProxy)
    }

    fn field_proxy(self, field: FieldRef, format: Option<&str>) -> Option<LProxy> {
        facet_field(self, field)?
            .effective_proxy(format)
            .map(LProxy)
    }

    fn proxy_shape(proxy: LProxy) -> Self {
        proxy.0.shape
    }

    fn map_value(self) -> Option<Self> {
        match self.def {
            Def::Map(md) => Some(md.v),
            Def::DynamicValue(_) => Some(self),
            _ => None,
        }
    }

    fn write_name(self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{self}")
    }

    fn write_slot_name(self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match struct_type(self).and_then(|st| st.fields.get(i)) {
            Some(field) if self.kind() == ShapeKind::Struct => out.write_str(field.name),
            _ => write!(out, "{i}"),
        }
    }

    fn write_slot_key(self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match struct_type(self).and_then(|st| st.fields.get(i)) {
            Some(field) if self.kind() == ShapeKind::Struct => {
                out.write_str(field.effective_name())
            }
            _ => write!(out, "{i}"),
        }
    }
}

/// The struct type of a plain struct or tuple: no `def`, sized. The common
/// case of `slot` and `slot_count`, answered without the whole `kind`
/// dispatch (which concludes `Struct` or `Tuple` for exactly these).
#[inline]
fn plain_struct(shape: &'static Shape) -> Option<&'static facet::StructType> {
    match (&shape.def, &shape.ty, &shape.layout) {
        (Def::Undefined, Type::User(UserType::Struct(st)), ShapeLayout::Sized(_)) => Some(st),
        _ => None,
    }
}

/// The slot a field (of a struct, tuple or variant payload) stands for.
#[inline]
fn field_slot(field: &'static facet::Field) -> SlotInfo<&'static Shape> {
    SlotInfo {
        offset: field.offset,
        shape: field.shape(),
    }
}

/// Slot `i` of `shape` by its kind: structs and tuples with a `def`,
/// arrays.
fn slot_by_kind(shape: &'static Shape, i: usize) -> Option<SlotInfo<&'static Shape>> {
    match shape.kind() {
        ShapeKind::Struct | ShapeKind::Tuple => struct_type(shape)?.fields.get(i).map(field_slot),
        ShapeKind::Array => {
            let (elem, n) = match shape.def {
                Def::Array(a) => (a.t, a.n),
                _ => match &shape.ty {
                    Type::Sequence(facet::SequenceType::Array(a)) => (a.t, a.n),
                    _ => return None,
                },
            };
            if i >= n {
                return None;
            }
            Some(SlotInfo {
                offset: i * elem.size(),
                shape: elem,
            })
        }
        _ => None,
    }
}
