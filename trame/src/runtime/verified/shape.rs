//! [`VShape`]: a handle to a shape of a [`ShapeStore`] that implements
//! [`IShape`], and a readable rendering of a shape's full structure.

use core::fmt;

use crate::runtime::{FieldRef, IShape, ShapeKind, SlotDefault, SlotInfo, VariantStyle};

use super::def::{ShapeBody, ShapeDef, ShapeId, VVariant};
use super::proxy::{ProxyAt, VProxy};
use super::store::ShapeStore;

/// A defined shape of a [`ShapeStore`], as the core sees it.
///
/// Two `VShape`s are equal when they come from the same store (by address)
/// and have the same id.
#[derive(Clone, Copy)]
pub struct VShape<'s> {
    store: &'s ShapeStore,
    id: ShapeId,
}

impl<'s> VShape<'s> {
    /// The variants of an enum shape (empty for every other kind).
    pub fn variants(self) -> &'s [VVariant] {
        match &self.def().body {
            ShapeBody::Enum { variants, .. } => variants,
            _ => &[],
        }
    }

    /// The payload shape of variant `v` of a result shape (0 `Ok`, 1
    /// `Err`); `None` for other shapes and variants.
    fn result_payload(self, v: usize) -> Option<VShape<'s>> {
        match (&self.def().body, v) {
            (ShapeBody::Result { ok, .. }, 0) => self.sub(*ok),
            (ShapeBody::Result { err, .. }, 1) => self.sub(*err),
            _ => None,
        }
    }

    /// Whether this is a result shape.
    fn is_result(self) -> bool {
        matches!(self.def().body, ShapeBody::Result { .. })
    }

    /// The discriminant size of an enum shape (0 for every other kind).
    pub fn tag_size(self) -> usize {
        match &self.def().body {
            ShapeBody::Enum { tag_size, .. } => *tag_size,
            _ => 0,
        }
    }

    /// The construction hooks the shape declares in its store.
    pub fn def_hooks(self) -> super::hooks::VHooks {
        self.store.hooks(self.id)
    }

    /// The store the shape lives in.
    pub fn store(self) -> &'s ShapeStore {
        self.store
    }

    /// The shape's id in its store.
    pub fn id(self) -> ShapeId {
        self.id
    }

    /// The shape's definition.
    pub fn def(self) -> &'s ShapeDef {
        self.store.get(self.id)
    }

    /// The shape `id` of the same store, if it is defined (a handle may
    /// name a shape that is only reserved).
    fn sub(self, id: ShapeId) -> Option<VShape<'s>> {
        self.store.try_get(id).map(|_| VShape {
            store: self.store,
            id,
        })
    }

    /// The shape's name.
    pub fn name(self) -> &'s str {
        &self.def().name
    }

    /// The byte ranges holding value bytes (see
    /// [`ShapeStore::value_ranges`]).
    pub fn value_ranges(self) -> &'s [(usize, usize)] {
        self.store.value_ranges(self.id)
    }

    /// The full structure, fields expanded:
    /// `S0 { a: u8 @0, b: [u16; 2] @2 } (size 6, align 2)`.
    pub fn structure(self) -> String {
        let mut out = String::new();
        // Writing into a `String` cannot fail.
        let _ = self.write_structure(&mut out);
        out
    }

    fn write_structure(self, out: &mut dyn fmt::Write) -> fmt::Result {
        let def = self.def();
        match &def.body {
            ShapeBody::Scalar { has_default } => {
                write!(out, "{}", def.name)?;
                if !has_default {
                    write!(out, "!")?;
                }
                return Ok(());
            }
            ShapeBody::Struct {
                fields,
                has_default,
            } => {
                write!(
                    out,
                    "{}{} {{",
                    def.name,
                    if *has_default { "" } else { "!" }
                )?;
                for (i, f) in fields.iter().enumerate() {
                    write!(out, "{}{}: ", if i == 0 { " " } else { ", " }, f.name)?;
                    self.store.shape(f.shape).write_structure(out)?;
                    write!(out, " @{}", f.offset)?;
                }
                write!(out, "{}}}", if fields.is_empty() { "" } else { " " })?;
            }
            ShapeBody::Tuple { fields } => {
                write!(out, "(")?;
                for (i, f) in fields.iter().enumerate() {
                    write!(out, "{}", if i == 0 { "" } else { ", " })?;
                    self.store.shape(f.shape).write_structure(out)?;
                    write!(out, " @{}", f.offset)?;
                }
                write!(out, "{})", if fields.len() == 1 { "," } else { "" })?;
            }
            ShapeBody::Array { elem, len } => {
                write!(out, "[")?;
                self.store.shape(*elem).write_structure(out)?;
                write!(out, "; {len}]")?;
            }
            ShapeBody::Enum { tag_size, variants } => {
                write!(out, "{} enum(u{}) {{", def.name, tag_size * 8)?;
                for (k, v) in variants.iter().enumerate() {
                    write!(out, "{}{}", if k == 0 { " " } else { ", " }, v.name)?;
                    if !v.fields.is_empty() {
                        write!(out, "(")?;
                        for (i, f) in v.fields.iter().enumerate() {
                            write!(out, "{}{}: ", if i == 0 { "" } else { ", " }, f.name)?;
                            self.store.shape(f.shape).write_structure(out)?;
                            write!(out, " @{}", f.offset)?;
                        }
                        write!(out, ")")?;
                    }
                }
                write!(out, " }}")?;
            }
            // Handles are not expanded: they may refer to themselves.
            ShapeBody::Option { .. }
            | ShapeBody::Result { .. }
            | ShapeBody::Pointer { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => return write!(out, "{}", def.name),
        }
        write!(out, " (size {}, align {})", def.size, def.align)
    }
}

impl ShapeStore {
    /// The [`IShape`] view of `id`.
    ///
    /// # Panics
    /// When `id` is not a defined shape of this store.
    pub fn shape(&self, id: ShapeId) -> VShape<'_> {
        // Validate eagerly so that a `VShape` always names a defined shape.
        let _ = self.get(id);
        VShape { store: self, id }
    }
}

impl PartialEq for VShape<'_> {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.store, other.store) && self.id == other.id
    }
}

impl Eq for VShape<'_> {}

impl fmt::Debug for VShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for VShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<'s> IShape for VShape<'s> {
    type Proxy = VProxy<'s>;

    fn size(self) -> usize {
        self.def().size
    }

    fn align(self) -> usize {
        self.def().align
    }

    fn kind(self) -> ShapeKind {
        match self.def().body {
            ShapeBody::Scalar { .. } => ShapeKind::Scalar,
            ShapeBody::Struct { .. } => ShapeKind::Struct,
            ShapeBody::Tuple { .. } => ShapeKind::Tuple,
            ShapeBody::Array { .. } => ShapeKind::Array,
            ShapeBody::Enum { .. } | ShapeBody::Result { .. } => ShapeKind::Enum,
            ShapeBody::Option { .. } => ShapeKind::Option,
            ShapeBody::Pointer { .. } => ShapeKind::Pointer,
            ShapeBody::List { .. } => ShapeKind::List,
            ShapeBody::Set { .. } => ShapeKind::Set,
            ShapeBody::Map { .. } => ShapeKind::Map,
            ShapeBody::Dynamic { .. } => ShapeKind::Dynamic,
        }
    }

    fn slot_count(self) -> usize {
        match &self.def().body {
            ShapeBody::Scalar { .. }
            | ShapeBody::Option { .. }
            | ShapeBody::Result { .. }
            | ShapeBody::Pointer { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => 0,
            ShapeBody::Struct { fields, .. } | ShapeBody::Tuple { fields } => fields.len(),
            ShapeBody::Array { len, .. } => *len,
            ShapeBody::Enum { .. } => 0,
        }
    }

    fn slot(self, i: usize) -> Option<SlotInfo<Self>> {
        let (offset, id) = match &self.def().body {
            ShapeBody::Scalar { .. }
            | ShapeBody::Enum { .. }
            | ShapeBody::Result { .. }
            | ShapeBody::Option { .. }
            | ShapeBody::Pointer { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => return None,
            ShapeBody::Struct { fields, .. } | ShapeBody::Tuple { fields } => {
                let f = fields.get(i)?;
                (f.offset, f.shape)
            }
            ShapeBody::Array { elem, len } => {
                if i >= *len {
                    return None;
                }
                (i * self.store.get(*elem).size, *elem)
            }
        };
        Some(SlotInfo {
            offset,
            shape: self.store.shape(id),
        })
    }

    fn has_default(self) -> bool {
        match &self.def().body {
            ShapeBody::Scalar { has_default } | ShapeBody::Struct { has_default, .. } => {
                *has_default
            }
            ShapeBody::Tuple { fields } => fields
                .iter()
                .all(|f| self.store.shape(f.shape).has_default()),
            ShapeBody::Array { elem, len } => *len == 0 || self.store.shape(*elem).has_default(),
            ShapeBody::Enum { .. } | ShapeBody::Result { .. } => false,
            // `None`, empty containers and null; a pointer has no default
            // (as facet's `Box<T>`).
            ShapeBody::Option { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => true,
            ShapeBody::Pointer { .. } => false,
        }
    }

    fn field_default(self, field: FieldRef) -> SlotDefault {
        let defaulted = match (&self.def().body, field) {
            (ShapeBody::Struct { fields, .. }, FieldRef::Struct(i)) => fields.get(i),
            (ShapeBody::Enum { variants, .. }, FieldRef::Variant(v, i)) => {
                variants.get(v).and_then(|var| var.fields.get(i))
            }
            _ => None,
        }
        .is_some_and(|f| f.default);
        match defaulted {
            true => SlotDefault::FieldType,
            false => SlotDefault::None,
        }
    }

    fn variant_count(self) -> usize {
        if self.is_result() {
            return 2;
        }
        self.variants().len()
    }

    fn variant_payload_in_place(self) -> bool {
        !self.is_result()
    }

    fn variant_style(self, v: usize) -> VariantStyle {
        if self.is_result() {
            return match v {
                0 | 1 => VariantStyle::Tuple,
                _ => VariantStyle::Unit,
            };
        }
        self.variants()
            .get(v)
            .map_or(VariantStyle::Unit, |var| var.style)
    }

    fn variant_field_count(self, v: usize) -> usize {
        if self.is_result() {
            return usize::from(v < 2);
        }
        self.variants().get(v).map_or(0, |var| var.fields.len())
    }

    fn variant_field(self, v: usize, i: usize) -> Option<SlotInfo<Self>> {
        if self.is_result() {
            // The payload lives in an allocation of its own: no offset.
            let shape = self.result_payload(v).filter(|_| i == 0)?;
            return Some(SlotInfo { offset: 0, shape });
        }
        let f = self.variants().get(v)?.fields.get(i)?;
        Some(SlotInfo {
            offset: f.offset,
            shape: self.store.shape(f.shape),
        })
    }

    fn write_variant_name(self, v: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        if self.is_result() && v < 2 {
            return out.write_str(["Ok", "Err"][v]);
        }
        match self.variants().get(v) {
            Some(var) => out.write_str(&var.name),
            None => write!(out, "{v}"),
        }
    }

    fn write_variant_field_name(self, v: usize, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match self.variants().get(v).and_then(|var| var.fields.get(i)) {
            Some(f) => out.write_str(&f.name),
            None => write!(out, "{i}"),
        }
    }

    fn inner(self) -> Option<Self> {
        match self.def().body {
            ShapeBody::Option { some: t }
            | ShapeBody::Pointer { pointee: t }
            | ShapeBody::List { elem: t }
            | ShapeBody::Set { elem: t } => self.sub(t),
            // A dynamic array's elements are dynamic values.
            ShapeBody::Dynamic { .. } => Some(self),
            _ => None,
        }
    }

    fn map_key(self) -> Option<Self> {
        match self.def().body {
            ShapeBody::Map { key, .. } | ShapeBody::Dynamic { key } => self.sub(key),
            _ => None,
        }
    }

    fn map_value(self) -> Option<Self> {
        match self.def().body {
            ShapeBody::Map { value, .. } => self.sub(value),
            ShapeBody::Dynamic { .. } => Some(self),
            _ => None,
        }
    }

    // t[impl proxy.choice]
    fn proxy(self, format: Option<&str>) -> Option<VProxy<'s>> {
        let at = ProxyAt::Shape(self.id);
        let proxy = self.sub(self.store.proxy_at(at, format)?)?;
        Some(VProxy {
            proxy,
            target: self.id,
        })
    }

    fn field_proxy(self, field: FieldRef, format: Option<&str>) -> Option<VProxy<'s>> {
        let FieldRef::Struct(i) = field else {
            return None;
        };
        let target = self.slot(i)?.shape.id;
        let proxy = self.sub(self.store.proxy_at(ProxyAt::Field(self.id, i), format)?)?;
        Some(VProxy { proxy, target })
    }

    fn proxy_shape(proxy: VProxy<'s>) -> Self {
        proxy.proxy
    }

    // t[impl hook.declared]
    fn hooks(self) -> crate::runtime::Hooks {
        let h = self.def_hooks();
        crate::runtime::Hooks {
            parse: h.parse,
            parse_bytes: h.parse_bytes,
            try_from: h.try_from.is_some(),
            invariants: h.invariants,
        }
    }

    fn write_name(self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(self.name())
    }

    fn write_slot_name(self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match &self.def().body {
            ShapeBody::Struct { fields, .. } => match fields.get(i) {
                Some(f) => out.write_str(&f.name),
                None => write!(out, "{i}"),
            },
            _ => write!(out, "{i}"),
        }
    }
}
