//! Layout and validation for the [`ShapeStore`]: `repr(C)` placement of
//! fields, the `*_def` constructors that compute a definition without storing
//! it, and the checks every stored definition passes (bounds, alignment,
//! containment, no self-containment by value, value byte ranges).

use super::def::{
    HANDLE_ALIGN, HANDLE_SIZE, MAX_ARRAY_LEN, MAX_FIELDS, MAX_SCALAR_ALIGN, MAX_VALUE_SIZE,
    ShapeBody, ShapeDef, ShapeId, StoreError, VField, VVariant,
};
use crate::runtime::VariantStyle;

/// A variant as given to [`ShapeStore::enum_def`]: name, style, fields.
pub type VariantSpec<'a> = (&'a str, VariantStyle, &'a [(&'a str, ShapeId)]);
use super::store::ShapeStore;

fn align_up(n: usize, align: usize) -> usize {
    n.div_ceil(align) * align
}

impl ShapeStore {
    /// The definition of a scalar, without storing it.
    pub fn scalar_def(
        name: &str,
        size: usize,
        align: usize,
        has_default: bool,
    ) -> Result<ShapeDef, StoreError> {
        let size_ok = matches!(size, 0 | 1 | 2 | 4 | 8 | 16);
        let align_ok =
            align.is_power_of_two() && align <= MAX_SCALAR_ALIGN && (size == 0 || align <= size);
        if !size_ok || !align_ok {
            return Err(StoreError::InvalidScalar { size, align });
        }
        let body = ShapeBody::Scalar { has_default };
        Ok(ShapeDef {
            name: name.to_owned(),
            size,
            align,
            body,
        })
    }

    /// The definition of a struct whose fields are laid out in `order`
    /// (memory order, a permutation of field indices) with `repr(C)` rules,
    /// without storing it. Slots keep declaration order.
    pub fn struct_def(
        &self,
        name: &str,
        fields: &[(&str, ShapeId)],
        order: &[usize],
        has_default: bool,
    ) -> Result<ShapeDef, StoreError> {
        for (i, (fname, _)) in fields.iter().enumerate() {
            if fields[..i].iter().any(|(other, _)| other == fname) {
                return Err(StoreError::DuplicateField((*fname).to_owned()));
            }
        }
        let shapes: Vec<ShapeId> = fields.iter().map(|(_, s)| *s).collect();
        let (offsets, size, align) = self.layout(&shapes, order)?;
        let fields = fields
            .iter()
            .zip(offsets)
            .map(|((fname, shape), offset)| VField {
                name: (*fname).to_owned(),
                offset,
                shape: *shape,
                default: false,
            })
            .collect();
        let body = ShapeBody::Struct {
            fields,
            has_default,
        };
        Ok(ShapeDef {
            name: name.to_owned(),
            size,
            align,
            body,
        })
    }

    /// The definition of a tuple of `elems`, laid out in order, without
    /// storing it. Its name is `(a, b)` built from the element names.
    pub fn tuple_def(&self, elems: &[ShapeId]) -> Result<ShapeDef, StoreError> {
        let order: Vec<usize> = (0..elems.len()).collect();
        let (offsets, size, align) = self.layout(elems, &order)?;
        let mut name = String::from("(");
        for (i, elem) in elems.iter().enumerate() {
            if i > 0 {
                name.push_str(", ");
            }
            name.push_str(&self.get(*elem).name);
        }
        name.push_str(if elems.len() == 1 { ",)" } else { ")" });
        let fields = elems
            .iter()
            .zip(offsets)
            .enumerate()
            .map(|(i, (shape, offset))| VField {
                name: i.to_string(),
                offset,
                shape: *shape,
                default: false,
            })
            .collect();
        Ok(ShapeDef {
            name,
            size,
            align,
            body: ShapeBody::Tuple { fields },
        })
    }

    /// The definition of `[elem; len]`, without storing it.
    pub fn array_def(&self, elem: ShapeId, len: usize) -> Result<ShapeDef, StoreError> {
        if len > MAX_ARRAY_LEN {
            return Err(StoreError::ArrayTooLong(len));
        }
        let e = self.defined(elem)?;
        let size = e
            .size
            .checked_mul(len)
            .ok_or(StoreError::ValueTooLarge(usize::MAX))?;
        if size > MAX_VALUE_SIZE {
            return Err(StoreError::ValueTooLarge(size));
        }
        let name = format!("[{}; {len}]", e.name);
        Ok(ShapeDef {
            name,
            size,
            align: e.align,
            body: ShapeBody::Array { elem, len },
        })
    }

    /// The definition of an enum with a `tag_size`-byte discriminant
    /// (variant `i` has discriminant `i`), each variant's fields laid out
    /// after the discriminant in declaration order with `repr(C)` rules.
    pub fn enum_def(
        &self,
        name: &str,
        tag_size: usize,
        variants: &[VariantSpec<'_>],
    ) -> Result<ShapeDef, StoreError> {
        if !matches!(tag_size, 1 | 2 | 4 | 8) {
            return Err(StoreError::InvalidScalar {
                size: tag_size,
                align: tag_size,
            });
        }
        if variants.is_empty() || variants.len() > MAX_FIELDS {
            return Err(StoreError::TooManyFields(variants.len()));
        }
        let (mut size, mut align) = (tag_size, tag_size);
        let mut out = Vec::with_capacity(variants.len());
        for (vname, style, fields) in variants {
            if fields.len() > MAX_FIELDS {
                return Err(StoreError::TooManyFields(fields.len()));
            }
            let mut offset = tag_size;
            let mut vfields = Vec::with_capacity(fields.len());
            for (i, (fname, shape)) in fields.iter().enumerate() {
                let fd = self.defined(*shape)?;
                offset = align_up(offset, fd.align);
                let name = match style {
                    VariantStyle::Struct => (*fname).to_owned(),
                    _ => i.to_string(),
                };
                vfields.push(VField {
                    name,
                    offset,
                    shape: *shape,
                    default: false,
                });
                offset += fd.size;
                align = align.max(fd.align);
            }
            size = size.max(offset);
            out.push(VVariant {
                name: (*vname).to_owned(),
                style: *style,
                fields: vfields,
            });
        }
        let size = align_up(size, align);
        if size > MAX_VALUE_SIZE {
            return Err(StoreError::ValueTooLarge(size));
        }
        Ok(ShapeDef {
            name: name.to_owned(),
            size,
            align,
            body: ShapeBody::Enum {
                tag_size,
                variants: out,
            },
        })
    }

    /// The definition of a handle shape (option, result, pointer, list, set,
    /// map)
    /// with `body`, named from the shapes it refers to, without storing it.
    /// Referred shapes may be only reserved: a handle's layout does not
    /// depend on them.
    pub fn handle_def(&self, body: ShapeBody) -> Result<ShapeDef, StoreError> {
        let name = match &body {
            ShapeBody::Option { some } => format!("Option<{}>", self.name_of(*some)?),
            ShapeBody::Result { ok, err } => {
                format!("Result<{}, {}>", self.name_of(*ok)?, self.name_of(*err)?)
            }
            ShapeBody::Pointer { pointee } => format!("Box<{}>", self.name_of(*pointee)?),
            ShapeBody::List { elem } => format!("Vec<{}>", self.name_of(*elem)?),
            ShapeBody::Set { elem } => format!("Set<{}>", self.name_of(*elem)?),
            ShapeBody::Map { key, value } => {
                format!("Map<{}, {}>", self.name_of(*key)?, self.name_of(*value)?)
            }
            _ => return Err(StoreError::BadLayout("not a handle shape".into())),
        };
        Ok(ShapeDef {
            name,
            size: HANDLE_SIZE,
            align: HANDLE_ALIGN,
            body,
        })
    }

    /// `repr(C)` placement of `shapes` in memory `order`: per-field offsets
    /// (declaration order), size rounded up to the alignment, alignment.
    fn layout(
        &self,
        shapes: &[ShapeId],
        order: &[usize],
    ) -> Result<(Vec<usize>, usize, usize), StoreError> {
        if shapes.len() > MAX_FIELDS {
            return Err(StoreError::TooManyFields(shapes.len()));
        }
        let mut seen = vec![false; shapes.len()];
        if order.len() != shapes.len() {
            return Err(StoreError::BadOrder);
        }
        for &i in order {
            match seen.get_mut(i) {
                Some(s) if !*s => *s = true,
                _ => return Err(StoreError::BadOrder),
            }
        }
        let mut offsets = vec![0; shapes.len()];
        let (mut end, mut align) = (0usize, 1usize);
        for &i in order {
            let f = self.defined(shapes[i])?;
            let offset = align_up(end, f.align);
            offsets[i] = offset;
            end = offset + f.size;
            align = align.max(f.align);
            if end > MAX_VALUE_SIZE {
                return Err(StoreError::ValueTooLarge(end));
            }
        }
        let size = align_up(end, align);
        if size > MAX_VALUE_SIZE {
            return Err(StoreError::ValueTooLarge(size));
        }
        Ok((offsets, size, align))
    }

    /// Checks `def` as the definition of `id` and computes its value ranges.
    pub(super) fn validate(
        &self,
        id: ShapeId,
        def: &ShapeDef,
    ) -> Result<Vec<(usize, usize)>, StoreError> {
        let children = def.children();
        for c in def.references() {
            if c.index() >= self.len() && c != id {
                return Err(StoreError::UnknownShape(c));
            }
        }
        if self.reaches(&children, id) {
            return Err(StoreError::ContainsItself(id));
        }
        let bad = |why: String| Err(StoreError::BadLayout(format!("{}: {why}", def.name)));
        if !def.align.is_power_of_two() || !def.size.is_multiple_of(def.align) {
            return bad(format!("size {} / align {}", def.size, def.align));
        }
        if def.size > MAX_VALUE_SIZE {
            return Err(StoreError::ValueTooLarge(def.size));
        }
        let mut ranges = Vec::new();
        match &def.body {
            ShapeBody::Scalar { .. } => {
                Self::scalar_def(&def.name, def.size, def.align, false)?;
                if def.size > 0 {
                    ranges.push((0, def.size));
                }
            }
            ShapeBody::Struct { fields, .. } | ShapeBody::Tuple { fields } => {
                if fields.len() > MAX_FIELDS {
                    return Err(StoreError::TooManyFields(fields.len()));
                }
                let is_struct = matches!(def.body, ShapeBody::Struct { .. });
                for (i, f) in fields.iter().enumerate() {
                    if is_struct && fields[..i].iter().any(|o| o.name == f.name) {
                        return Err(StoreError::DuplicateField(f.name.clone()));
                    }
                    let fd = self.defined(f.shape)?;
                    if !f.offset.is_multiple_of(fd.align) || fd.align > def.align {
                        return bad(format!("field {i} misaligned"));
                    }
                    if f.offset.checked_add(fd.size).is_none_or(|e| e > def.size) {
                        return bad(format!("field {i} out of bounds"));
                    }
                    for (j, g) in fields[..i].iter().enumerate() {
                        let gsize = self.defined(g.shape)?.size;
                        let disjoint =
                            f.offset + fd.size <= g.offset || g.offset + gsize <= f.offset;
                        if fd.size > 0 && gsize > 0 && !disjoint {
                            return bad(format!("fields {j} and {i} overlap"));
                        }
                    }
                    let sub = self.value_ranges(f.shape);
                    ranges.extend(sub.iter().map(|&(s, e)| (s + f.offset, e + f.offset)));
                }
            }
            ShapeBody::Enum { tag_size, variants } => {
                if !matches!(tag_size, 1 | 2 | 4 | 8) || def.align < *tag_size {
                    return bad(format!("discriminant of {tag_size} bytes"));
                }
                for (k, v) in variants.iter().enumerate() {
                    for (i, f) in v.fields.iter().enumerate() {
                        let fd = self.defined(f.shape)?;
                        let fits = f.offset >= *tag_size
                            && f.offset.is_multiple_of(fd.align)
                            && f.offset + fd.size <= def.size;
                        if !fits {
                            return bad(format!("variant {k} field {i} misplaced"));
                        }
                    }
                }
                // Payload bytes depend on the active variant: the heap reads
                // the discriminant to find them. Statically, only the
                // discriminant is a value byte.
                ranges.push((0, *tag_size));
            }
            ShapeBody::Option { .. }
            | ShapeBody::Result { .. }
            | ShapeBody::Pointer { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => {
                if let ShapeBody::Dynamic { key } = &def.body
                    && !matches!(self.defined(*key)?.body, ShapeBody::Scalar { .. })
                {
                    return bad("a dynamic value's key must be a scalar".into());
                }
                if def.size != HANDLE_SIZE || def.align != HANDLE_ALIGN {
                    return bad(format!("handle layout {} / {}", def.size, def.align));
                }
                ranges.push((0, HANDLE_SIZE));
            }
            ShapeBody::Array { elem, len } => {
                let ed = self.array_def(*elem, *len)?;
                if ed.size != def.size || ed.align != def.align {
                    return bad(format!("array layout {} / {}", ed.size, ed.align));
                }
                let sub = self.value_ranges(*elem);
                let step = self.get(*elem).size;
                for k in 0..*len {
                    ranges.extend(sub.iter().map(|&(s, e)| (s + k * step, e + k * step)));
                }
            }
        }
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s < last.1 => return bad(format!("fields overlap at byte {s}")),
                Some(last) if s == last.1 => last.1 = e,
                _ => merged.push((s, e)),
            }
        }
        Ok(merged)
    }

    /// Whether `target` is reachable by value from any of `from`.
    fn reaches(&self, from: &[ShapeId], target: ShapeId) -> bool {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<ShapeId> = from.to_vec();
        while let Some(id) = stack.pop() {
            if id == target {
                return true;
            }
            match seen.get_mut(id.index()) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            if let Some(def) = self.try_get(id) {
                stack.extend(def.children());
            }
        }
        false
    }
}
