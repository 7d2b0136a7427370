//! `#[facet(flatten)]` of what is not a plain struct, as facet's
//! deserializer reads it:
//!
//! - a map (`HashMap<String, V>`, `BTreeMap<String, Value>`) is the
//!   catch-all that takes every key no other field names;
//! - an `Option` of a struct is `Some` as soon as one of the struct's keys
//!   appears (in any order, between the owner's other keys), and `None`
//!   when none does;
//! - an externally tagged enum is chosen by a key that names one of its
//!   variants, whose value is the payload;
//! - an internally tagged enum by the value of its tag key, found by
//!   looking ahead when the owner's object starts, its variant's fields
//!   then read from the owner's keys.
//!
//! The owner is staged in deferred mode (it has a flattened field), so
//! these are re-entered for each key.

use super::*;

/// What a body with flattened fields has read through them.
#[derive(Default)]
pub(super) struct Flattened {
    /// Routes into flattened structs, read.
    routes: Vec<FieldRoute>,
    /// Flattened `Option<Struct>` fields made `Some`.
    opened: Vec<usize>,
    /// Routes into those options' structs, read.
    optional_routes: Vec<(usize, FieldRoute)>,
    /// Flattened internally tagged enum fields, with the variant their
    /// tag selected.
    internal: Vec<(usize, usize)>,
    /// Fields of those variants read (enum field, variant field).
    internal_read: Vec<(usize, usize)>,
}

impl Flattened {
    /// What `key` names in a flattened internally tagged enum: its tag
    /// (`Some(None)`: passed over) or a field of the selected variant.
    pub(super) fn internal_route(&self, b: &Body, key: &str) -> Option<Option<(usize, usize)>> {
        self.internal.iter().find_map(|&(i, v)| {
            let (_, et, tag) = internal_enum(&b.fields[i])?;
            if key == tag {
                return Some(None);
            }
            let j = et.variants[v]
                .data
                .fields
                .iter()
                .position(|f| f.effective_name() == key || f.alias == Some(key))?;
            Some(Some((i, j)))
        })
    }

    /// The keys a complete value of body `b` still needs, by their names
    /// in the input: its own fields (`seen` are read) and, level with
    /// them, those of its flattened structs and of the flattened options
    /// made `Some`, and the fields of the selected variants of flattened
    /// internally tagged enums. A flattened externally tagged enum none of
    /// whose variants came is left to trame's validation.
    pub(super) fn missing_keys(&self, b: &Body, seen: &Seen) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (i, f) in b.fields.iter().enumerate() {
            if !f.is_flattened() {
                if !seen.has(i) && !needs_no_key(f) {
                    out.push(f.effective_name());
                }
            } else if let Some(inner) = optional_struct(f) {
                if self.opened.contains(&i) {
                    let read: Vec<&[u32]> = self
                        .optional_routes
                        .iter()
                        .filter(|(j, _)| *j == i)
                        .map(|(_, r)| r.fields())
                        .collect();
                    unread(inner, &mut Vec::new(), &read, &mut out);
                }
            } else if let Some((_, et, _)) = internal_enum(f) {
                for &(_, v) in self.internal.iter().filter(|(k, _)| *k == i) {
                    for (j, vf) in et.variants[v].data.fields.iter().enumerate() {
                        if !needs_no_key(vf) && !self.internal_read.contains(&(i, j)) {
                            out.push(vf.effective_name());
                        }
                    }
                }
            } else if struct_of(f.shape()).is_some() {
                let read: Vec<&[u32]> = self.routes.iter().map(FieldRoute::fields).collect();
                unread(f.shape(), &mut vec![i as u32], &read, &mut out);
            }
        }
        out
    }
}

/// What a key that names no field of a body directly names through its
/// flattened fields.
pub(super) enum FlatRoute {
    /// A field of a flattened struct (at any depth).
    Field(FieldRoute),
    /// A key no field names, for the flattened map that takes them.
    Rest(String),
    /// A key of the struct inside flattened `Option<Struct>` field `.0`.
    Optional(usize, FieldRoute),
    /// The name of variant `.1` of flattened enum field `.0`.
    Variant(usize, usize),
    /// Field `.1` of the variant selected in flattened internally tagged
    /// enum field `.0`.
    Internal(usize, usize),
    /// Passed over (a flattened enum's tag, or an unknown key).
    Skip,
    /// An unknown key, under `deny_unknown_fields`.
    Unknown(String),
}

/// Where `key` goes in body `b` (which has flattened fields), when no
/// field of its own has that name: the first flattened field that takes
/// it, in the order struct, option of a struct, enum variant name,
/// internally tagged enum's field; else the catch-all map.
#[inline(never)]
// t[impl walk.flatten.catch-all]
pub(super) fn route(b: &Body, fl: Option<&Flattened>, key: &str) -> FlatRoute {
    if let Some(r) = route_key_in(b.fields, key) {
        FlatRoute::Field(r)
    } else if let Some((i, r)) = optional_route(b.fields, key) {
        FlatRoute::Optional(i, r)
    } else if let Some((i, v)) = variant_route(b.fields, key) {
        FlatRoute::Variant(i, v)
    } else if let Some(r) = fl.and_then(|fl| fl.internal_route(b, key)) {
        match r {
            Some((i, j)) => FlatRoute::Internal(i, j),
            None => FlatRoute::Skip,
        }
    } else if catch_all(b.fields).is_some() {
        FlatRoute::Rest(key.to_owned())
    } else if b.deny {
        FlatRoute::Unknown(key.to_owned())
    } else {
        FlatRoute::Skip
    }
}

/// Whether a field needs no key: it has a default, is an `Option`, or is
/// skipped.
pub(super) fn needs_no_key(f: &Field) -> bool {
    f.default.is_some() || f.should_skip_deserializing() || matches!(f.shape().def, Def::Option(_))
}

/// The keys of struct `shape` (at route `at`, flattened structs inside it
/// followed) that no route in `read` reached and that a value needs.
fn unread(shape: &'static Shape, at: &mut Vec<u32>, read: &[&[u32]], out: &mut Vec<&'static str>) {
    let Some(st) = struct_of(shape) else {
        return;
    };
    if shape.has_default_attr() {
        return;
    }
    for (j, f) in st.fields.iter().enumerate() {
        at.push(j as u32);
        if f.is_flattened() {
            unread(f.shape(), at, read, out);
        } else if !needs_no_key(f) && !read.contains(&at.as_slice()) {
            out.push(f.effective_name());
        }
        at.pop();
    }
}

/// The first flattened map field, which takes the keys no other field
/// names (its index, key and value shapes).
pub(super) fn catch_all(
    fields: &'static [Field],
) -> Option<(usize, &'static Shape, &'static Shape)> {
    fields
        .iter()
        .enumerate()
        .find_map(|(i, f)| match f.shape().def {
            Def::Map(md) if f.is_flattened() => Some((i, md.k, md.v)),
            _ => None,
        })
}

/// The struct inside a flattened `Option<Struct>` field.
pub(super) fn optional_struct(f: &Field) -> Option<&'static Shape> {
    match f.shape().def {
        Def::Option(od) if f.is_flattened() => {
            struct_of(od.t).filter(|st| st.kind == StructKind::Struct)?;
            Some(od.t)
        }
        _ => None,
    }
}

/// Which flattened `Option<Struct>` field of `fields` (the first, in
/// declaration order) has a field that `key` names, and the route to it
/// inside the struct.
pub(super) fn optional_route(fields: &'static [Field], key: &str) -> Option<(usize, FieldRoute)> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let inner = optional_struct(f)?;
        route_key(inner, key).map(|r| (i, r))
    })
}

/// The enum of a flattened, externally tagged enum field.
pub(super) fn tagged_enum(f: &Field) -> Option<(&'static Shape, &'static EnumType)> {
    let shape = f.shape();
    match &shape.ty {
        Type::User(UserType::Enum(et))
            if f.is_flattened()
                && !shape.is_untagged()
                && !shape.is_cow()
                && !shape.is_numeric()
                && shape.tag.is_none() =>
        {
            Some((shape, et))
        }
        _ => None,
    }
}

/// The enum and tag key of a flattened, internally tagged enum field.
pub(super) fn internal_enum(
    f: &Field,
) -> Option<(&'static Shape, &'static EnumType, &'static str)> {
    let shape = f.shape();
    match (&shape.ty, shape.tag, shape.content) {
        (Type::User(UserType::Enum(et)), Some(tag), None)
            if f.is_flattened() && !shape.is_untagged() =>
        {
            Some((shape, et, tag))
        }
        _ => None,
    }
}

/// Which flattened enum field of `fields` has a variant that `key` names
/// (the first, in declaration order), and the variant.
pub(super) fn variant_route(fields: &'static [Field], key: &str) -> Option<(usize, usize)> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let (_, et) = tagged_enum(f)?;
        let v = et.variants.iter().position(|v| v.effective_name() == key)?;
        Some((i, v))
    })
}

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// When the owner's object starts (not yet read): each flattened
    /// internally tagged enum gets the variant its tag names (looked for
    /// ahead, in the whole object), selected with nothing in it yet.
    // t[impl walk.flatten.variants]
    pub(super) fn select_internal(&mut self, b: &Body, fl: &mut Flattened) -> Result<()> {
        for (i, f) in b.fields.iter().enumerate() {
            let Some((shape, et, tag)) = internal_enum(f) else {
                continue;
            };
            let v = self.scan_tag(shape, et, tag)?;
            let var = &et.variants[v];
            self.op(Op::set().at(i as u32).stage())?;
            self.op(Op::set().at(v as u32).stage())?;
            match var.data.kind {
                StructKind::Unit => {}
                StructKind::Struct => {
                    self.op(Op::set().at(0).stage())?;
                    self.op(Op::end())?;
                }
                _ => {
                    return Err(self.unsupported(
                        shape,
                        "a flattened, internally tagged enum whose variant is not a struct or a unit",
                    ));
                }
            }
            self.op(Op::end())?;
            self.op(Op::end())?;
            fl.internal.push((i, v));
        }
        Ok(())
    }

    /// Reads the value of field `j` of the variant selected in flattened
    /// enum field `i`; `false` if it was read before.
    pub(super) fn internal_field(
        &mut self,
        b: &Body,
        fl: &mut Flattened,
        i: usize,
        j: usize,
    ) -> Result<bool> {
        if fl.internal_read.contains(&(i, j)) && !self.reopen {
            return Ok(false);
        }
        let Some((_, et, _)) = internal_enum(&b.fields[i]) else {
            unreachable!("routed to a flattened internally tagged enum");
        };
        let Some(&(_, v)) = fl.internal.iter().find(|(k, _)| *k == i) else {
            unreachable!("a field is routed only once its variant is selected");
        };
        let f = &et.variants[v].data.fields[j];
        self.op(Op::set().at(i as u32).stage())?;
        self.op(Op::set().at(v as u32).stage())?;
        self.op(Op::set().at(0).stage())?;
        let p = self.peek()?;
        self.field_value(f, Dst::Field(j as u32), p)
            .map_err(|e| e.in_field(f.effective_name()))?;
        self.op(Op::end())?;
        self.op(Op::end())?;
        self.op(Op::end())?;
        fl.internal_read.push((i, j));
        Ok(true)
    }

    /// Reads the payload of variant `v` of the flattened enum field `i`,
    /// whose name was the key.
    pub(super) fn flattened_variant(&mut self, b: &Body, i: usize, v: usize) -> Result<()> {
        let Some((shape, et)) = tagged_enum(&b.fields[i]) else {
            unreachable!("a key is routed to a flattened enum only when the field is one");
        };
        self.op(Op::set().at(i as u32).stage())?;
        let name = et.variants[v].effective_name();
        let p = self.peek()?;
        self.variant(shape, et, v, p)
            .map_err(|e| e.in_field(name))?;
        self.op(Op::end())
    }

    /// Reads the value of a key routed (`r`) into the struct of the
    /// flattened `Option<Struct>` field `i` of body `b`: the first such key
    /// makes the option `Some` (and prepares its struct's defaults).
    /// `false` if that key was read before.
    pub(super) fn optional_value(
        &mut self,
        b: &Body,
        fl: &mut Flattened,
        i: usize,
        r: FieldRoute,
    ) -> Result<bool> {
        if fl.optional_routes.iter().any(|(j, q)| *j == i && *q == r) && !self.reopen {
            return Ok(false);
        }
        let Some(inner) = optional_struct(&b.fields[i]) else {
            unreachable!("a key is routed to a flattened option only when it holds a struct");
        };
        let Some(st) = struct_of(inner) else {
            unreachable!("optional_struct returns structs only");
        };
        let Some((last, parents)) = r.fields().split_last() else {
            return Ok(true);
        };
        self.op(Op::set().at(i as u32).stage())?;
        self.op(Op::set().at(0).stage())?;
        if !fl.opened.contains(&i) {
            fl.opened.push(i);
            self.prepare(inner, st.fields, inner.has_default_attr())?;
        }
        let mut fields = st.fields;
        for &p in parents {
            self.op(Op::set().at(p).stage())?;
            fields = struct_of(fields[p as usize].shape()).map_or(&[][..], |st| st.fields);
        }
        let f = &fields[*last as usize];
        let p = self.peek()?;
        self.field_value(f, Dst::Field(*last), p)
            .map_err(|e| e.in_field(f.effective_name()))?;
        for _ in parents {
            self.op(Op::end())?;
        }
        self.op(Op::end())?;
        self.op(Op::end())?;
        fl.optional_routes.push((i, r));
        Ok(true)
    }

    /// Reads the value of key `key`, which no field names, into the
    /// catch-all map (field `i`, keys `k`, values `v`). Errors name the
    /// key as the document has it: a field of this body (`$.extra`).
    pub(super) fn rest_value(
        &mut self,
        (i, k, v): (usize, &'static Shape, &'static Shape),
        key: String,
        at: usize,
    ) -> Result<()> {
        self.op(Op::set().at(i as u32).stage())?;
        self.op(Op::set().append().stage())?;
        let text = KeyText::Owned(key);
        self.map_key(k, &text, at)
            .map_err(|e| e.in_key_field(text.as_str()))?;
        let p = self.peek()?;
        self.value(v, Dst::Field(1), p)
            .map_err(|e| e.in_key_field(text.as_str()))?;
        self.op(Op::end())?;
        self.op(Op::end())
    }

    /// Reads the value of a key routed through a flattened field (`r`) of
    /// body `b`; the key started at `key_at`.
    #[inline(never)]
    pub(super) fn read_flattened(
        &mut self,
        b: &Body,
        fl: &mut Flattened,
        r: FlatRoute,
        seen: &mut Seen,
        key_at: usize,
    ) -> Result<()> {
        match r {
            FlatRoute::Field(r) => {
                let (last, parents) = r.fields().split_last().expect("a found route");
                let mut fields = b.fields;
                for &p in parents {
                    self.op(Op::set().at(p).stage())?;
                    fields = struct_of(fields[p as usize].shape()).map_or(&[][..], |st| st.fields);
                }
                let (f, last) = (&fields[*last as usize], *last);
                if fl.routes.contains(&r) && !self.reopen {
                    return Err(self.duplicate(b, f.effective_name(), self.key_start(key_at)));
                }
                fl.routes.push(r.clone());
                let p = self.peek()?;
                self.field_value(f, Dst::Field(last), p)
                    .map_err(|e| e.in_field(f.effective_name()))?;
                for _ in parents {
                    self.op(Op::end())?;
                }
            }
            FlatRoute::Rest(key) => {
                let rest = catch_all(b.fields)
                    .expect("routed to the catch-all map only when there is one");
                self.rest_value(rest, key, self.key_start(key_at))?;
            }
            FlatRoute::Optional(i, r) => {
                if !self.optional_value(b, fl, i, r)? {
                    let name = b.fields[i].effective_name();
                    return Err(self.duplicate(b, name, self.key_start(key_at)));
                }
            }
            FlatRoute::Variant(i, v) => {
                if !seen.mark(i) && !self.reopen {
                    let name = b.fields[i].effective_name();
                    return Err(self.duplicate(b, name, self.key_start(key_at)));
                }
                self.flattened_variant(b, i, v)?;
            }
            FlatRoute::Internal(i, j) => {
                if !self.internal_field(b, fl, i, j)? {
                    let name = b.fields[i].effective_name();
                    return Err(self.duplicate(b, name, self.key_start(key_at)));
                }
            }
            FlatRoute::Skip => {
                let p = self.peek()?;
                self.skip(p)?;
            }
            FlatRoute::Unknown(key) => {
                return Err(Error::new(
                    ErrorKind::UnknownField {
                        shape: self.body_name(b),
                        field: key,
                    },
                    self.key_start(key_at),
                ));
            }
        }
        Ok(())
    }

    /// After the last key: every flattened `Option<Struct>` field none of
    /// whose keys appeared is `None`.
    pub(super) fn close_optionals(&mut self, b: &Body, fl: &Flattened) -> Result<()> {
        for (i, f) in b.fields.iter().enumerate() {
            if optional_struct(f).is_some() && !fl.opened.contains(&i) {
                self.op(Op::set().at(i as u32).default())?;
            }
        }
        Ok(())
    }
}
