//! The shape store: an owned arena of dynamic shape definitions addressed by
//! [`ShapeId`], its accessors, the builder API that lays shapes out and adds
//! them, and `reserve`/`define` for describing graphs through handles.

use super::def::{MAX_SHAPES, ShapeBody, ShapeDef, ShapeId, StoreError};
use super::hooks::VHooks;
use super::proxy::ProxyAt;

/// A reserved-but-undefined entry keeps its name; a defined one its def.
#[derive(Clone, Debug)]
enum Entry {
    Reserved(String),
    Defined(ShapeDef, Vec<(usize, usize)>),
}

/// An owned arena of shape definitions. Definitions are immutable once made,
/// so every [`ShapeId`] handed out for a defined shape stays valid and means
/// the same thing for the life of the store.
#[derive(Clone, Debug, Default)]
pub struct ShapeStore {
    entries: Vec<Entry>,
    /// The hooks of the shapes that declare any.
    hooks: std::collections::BTreeMap<ShapeId, VHooks>,
    /// The proxies declared, by place and format (`None`: any format).
    proxies: std::collections::BTreeMap<(ProxyAt, Option<String>), ShapeId>,
}

impl ShapeStore {
    /// An empty store.
    pub fn new() -> Self {
        ShapeStore {
            entries: Vec::new(),
            hooks: std::collections::BTreeMap::new(),
            proxies: std::collections::BTreeMap::new(),
        }
    }

    /// Number of shapes (defined or reserved).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the store holds no shape.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The definition of `id`, or `None` when unknown or only reserved.
    pub fn try_get(&self, id: ShapeId) -> Option<&ShapeDef> {
        match self.entries.get(id.index()) {
            Some(Entry::Defined(def, _)) => Some(def),
            _ => None,
        }
    }

    /// The definition of `id`.
    ///
    /// # Panics
    /// When `id` is not a defined shape of this store.
    pub fn get(&self, id: ShapeId) -> &ShapeDef {
        match self.try_get(id) {
            Some(def) => def,
            None => panic!(
                "ShapeStore::get: shape id {} is not defined in this store",
                id.0
            ),
        }
    }

    /// The byte ranges `[start, end)` of a value of `id` that hold value
    /// bytes (non-empty scalar leaves), sorted and merged; padding is
    /// excluded.
    ///
    /// # Panics
    /// When `id` is not a defined shape of this store.
    pub fn value_ranges(&self, id: ShapeId) -> &[(usize, usize)] {
        match self.entries.get(id.index()) {
            Some(Entry::Defined(_, ranges)) => ranges,
            _ => panic!("ShapeStore::value_ranges: shape id {} is not defined", id.0),
        }
    }

    /// Declares the construction hooks of shape `id` (replacing any declared
    /// before). A conversion source must be a shape of this store.
    pub fn set_hooks(&mut self, id: ShapeId, hooks: VHooks) -> Result<(), StoreError> {
        if self.entries.get(id.index()).is_none() {
            return Err(StoreError::UnknownShape(id));
        }
        if let Some(from) = hooks.try_from
            && self.entries.get(from.index()).is_none()
        {
            return Err(StoreError::UnknownShape(from));
        }
        self.hooks.insert(id, hooks);
        Ok(())
    }

    /// The construction hooks shape `id` declares (none by default).
    pub fn hooks(&self, id: ShapeId) -> VHooks {
        self.hooks.get(&id).copied().unwrap_or_default()
    }

    /// Declares `proxy` as the proxy at `at` (a shape, or a field of a
    /// struct), for `format` (`None`: every format without one of its own).
    pub fn set_proxy(
        &mut self,
        at: ProxyAt,
        format: Option<&str>,
        proxy: ShapeId,
    ) -> Result<(), StoreError> {
        let (ProxyAt::Shape(id) | ProxyAt::Field(id, _)) = at;
        for s in [id, proxy] {
            self.defined(s)?;
        }
        if let ProxyAt::Field(parent, i) = at {
            let fields = match &self.get(parent).body {
                ShapeBody::Struct { fields, .. } => fields.len(),
                _ => 0,
            };
            if i >= fields {
                return Err(StoreError::BadLayout(format!(
                    "no field {i} to proxy in shape {}",
                    parent.0
                )));
            }
        }
        self.proxies.insert((at, format.map(str::to_owned)), proxy);
        Ok(())
    }

    /// The proxy shape declared at `at` for `format`: the format's own,
    /// else the format-agnostic one.
    pub fn proxy_at(&self, at: ProxyAt, format: Option<&str>) -> Option<ShapeId> {
        let own = format.and_then(|f| self.proxies.get(&(at, Some(f.to_owned()))));
        own.or_else(|| self.proxies.get(&(at, None))).copied()
    }

    /// Adds a scalar (`size` in {0, 1, 2, 4, 8, 16}; `align` a power of two
    /// at most 16 and at most `size` unless `size` is 0).
    pub fn scalar(
        &mut self,
        name: &str,
        size: usize,
        align: usize,
        has_default: bool,
    ) -> Result<ShapeId, StoreError> {
        let def = Self::scalar_def(name, size, align, has_default)?;
        self.push(def)
    }

    /// Adds a struct laid out in declaration order with `repr(C)` rules.
    pub fn structure(
        &mut self,
        name: &str,
        fields: &[(&str, ShapeId)],
        has_default: bool,
    ) -> Result<ShapeId, StoreError> {
        let order: Vec<usize> = (0..fields.len()).collect();
        self.structure_reordered(name, fields, &order, has_default)
    }

    /// Adds a struct laid out in the memory `order` given (a permutation of
    /// field indices), as Rust may reorder fields; slot indices keep
    /// declaration order.
    pub fn structure_reordered(
        &mut self,
        name: &str,
        fields: &[(&str, ShapeId)],
        order: &[usize],
        has_default: bool,
    ) -> Result<ShapeId, StoreError> {
        let def = self.struct_def(name, fields, order, has_default)?;
        self.push(def)
    }

    /// Adds a struct (declaration-order layout) whose fields listed in
    /// `defaulted` are filled by their default when missing at validation,
    /// as `#[facet(default)]` does.
    pub fn structure_with_field_defaults(
        &mut self,
        name: &str,
        fields: &[(&str, ShapeId)],
        defaulted: &[usize],
        has_default: bool,
    ) -> Result<ShapeId, StoreError> {
        let order: Vec<usize> = (0..fields.len()).collect();
        let mut def = self.struct_def(name, fields, &order, has_default)?;
        if let ShapeBody::Struct { fields, .. } = &mut def.body {
            for &i in defaulted {
                if let Some(f) = fields.get_mut(i) {
                    f.default = true;
                }
            }
        }
        self.push(def)
    }

    /// Adds an enum (see [`ShapeStore::enum_def`]).
    pub fn enumeration(
        &mut self,
        name: &str,
        tag_size: usize,
        variants: &[super::layout::VariantSpec<'_>],
    ) -> Result<ShapeId, StoreError> {
        let def = self.enum_def(name, tag_size, variants)?;
        self.push(def)
    }

    /// Adds the tuple of `elems`.
    pub fn tuple(&mut self, elems: &[ShapeId]) -> Result<ShapeId, StoreError> {
        let def = self.tuple_def(elems)?;
        self.push(def)
    }

    /// Adds `[elem; len]`.
    pub fn array(&mut self, elem: ShapeId, len: usize) -> Result<ShapeId, StoreError> {
        let def = self.array_def(elem, len)?;
        self.push(def)
    }

    /// Adds `Option<some>`.
    pub fn option(&mut self, some: ShapeId) -> Result<ShapeId, StoreError> {
        let def = self.handle_def(ShapeBody::Option { some })?;
        self.push(def)
    }

    /// Adds `Result<ok, err>`.
    pub fn result(&mut self, ok: ShapeId, err: ShapeId) -> Result<ShapeId, StoreError> {
        let def = self.handle_def(ShapeBody::Result { ok, err })?;
        self.push(def)
    }

    /// Adds a `Box<pointee>`-like smart pointer.
    pub fn pointer(&mut self, pointee: ShapeId) -> Result<ShapeId, StoreError> {
        let def = self.handle_def(ShapeBody::Pointer { pointee })?;
        self.push(def)
    }

    /// Adds a `Vec<elem>`-like list.
    pub fn list(&mut self, elem: ShapeId) -> Result<ShapeId, StoreError> {
        let def = self.handle_def(ShapeBody::List { elem })?;
        self.push(def)
    }

    /// Adds a set of `elem`.
    pub fn set(&mut self, elem: ShapeId) -> Result<ShapeId, StoreError> {
        let def = self.handle_def(ShapeBody::Set { elem })?;
        self.push(def)
    }

    /// Adds a map from `key` to `value`.
    pub fn map(&mut self, key: ShapeId, value: ShapeId) -> Result<ShapeId, StoreError> {
        let def = self.handle_def(ShapeBody::Map { key, value })?;
        self.push(def)
    }

    /// Adds a dynamic value (`facet_value::Value`-like) named `name`, whose
    /// objects are staged with keys of the scalar shape `key` (the model's
    /// `String`).
    pub fn dynamic(&mut self, name: &str, key: ShapeId) -> Result<ShapeId, StoreError> {
        let def = ShapeDef {
            name: name.to_owned(),
            size: super::def::HANDLE_SIZE,
            align: super::def::HANDLE_ALIGN,
            body: ShapeBody::Dynamic { key },
        };
        self.push(def)
    }

    /// The name of `id`, defined or only reserved.
    pub fn name_of(&self, id: ShapeId) -> Result<&str, StoreError> {
        match self.entries.get(id.index()) {
            None => Err(StoreError::UnknownShape(id)),
            Some(Entry::Reserved(name)) => Ok(name),
            Some(Entry::Defined(def, _)) => Ok(&def.name),
        }
    }

    /// Reserves a handle for a shape defined later with
    /// [`ShapeStore::define`], so that graphs can be described through
    /// handles before every part exists.
    pub fn reserve(&mut self, name: &str) -> Result<ShapeId, StoreError> {
        let id = self.next_id()?;
        self.entries.push(Entry::Reserved(name.to_owned()));
        Ok(id)
    }

    /// Defines a reserved shape. The definition is validated in full; if its
    /// name is empty, the name given to `reserve` is kept.
    pub fn define(&mut self, id: ShapeId, mut def: ShapeDef) -> Result<(), StoreError> {
        let reserved_name = match self.entries.get(id.index()) {
            None => return Err(StoreError::UnknownShape(id)),
            Some(Entry::Defined(..)) => return Err(StoreError::AlreadyDefined(id)),
            Some(Entry::Reserved(name)) => name.clone(),
        };
        if def.name.is_empty() {
            def.name = reserved_name;
        }
        let ranges = self.validate(id, &def)?;
        self.entries[id.index()] = Entry::Defined(def, ranges);
        Ok(())
    }

    fn next_id(&self) -> Result<ShapeId, StoreError> {
        if self.entries.len() >= MAX_SHAPES {
            return Err(StoreError::TooManyShapes);
        }
        let raw = u16::try_from(self.entries.len()).map_err(|_| StoreError::TooManyShapes)?;
        Ok(ShapeId(raw))
    }

    fn push(&mut self, def: ShapeDef) -> Result<ShapeId, StoreError> {
        let id = self.next_id()?;
        let ranges = self.validate(id, &def)?;
        self.entries.push(Entry::Defined(def, ranges));
        Ok(id)
    }

    pub(super) fn defined(&self, id: ShapeId) -> Result<&ShapeDef, StoreError> {
        match self.entries.get(id.index()) {
            None => Err(StoreError::UnknownShape(id)),
            Some(Entry::Reserved(_)) => Err(StoreError::Undefined(id)),
            Some(Entry::Defined(def, _)) => Ok(def),
        }
    }
}
