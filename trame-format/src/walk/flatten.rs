//! `#[facet(flatten)]` of what is not a plain struct: an `Option` of a
//! struct is `Some` as soon as one of the struct's keys appears (in any
//! order, between the owner's other keys), and `None` when none does; an
//! externally tagged enum is chosen by a key that names one of its
//! variants, whose value is the payload; an internally tagged enum by the
//! value of its tag key, found by looking ahead when the owner's map
//! starts, its variant's fields then read from the owner's keys; as
//! facet's deserializer reads them. The owner is staged in deferred mode
//! (it has a flattened field), so these are re-entered for each key.

use facet::{Def, EnumType, Field, Shape, StructKind, Type, UserType};
use trame::Op;
use trame::flatten::{FieldRoute, route_key};

use super::structs::{Body, Seen, satisfied, struct_of};
use super::{Dst, Sink, Walk, idx};
use crate::error::Result;
use crate::source::Events;

/// What a body with flattened fields has read through them.
pub(crate) struct Flattened {
    /// Routes into flattened structs, read.
    pub(crate) routes: Vec<FieldRoute>,
    /// Flattened `Option<Struct>` fields made `Some`.
    pub(crate) opened: Seen,
    /// Routes into those options' structs, read.
    pub(crate) optional_routes: Vec<(usize, FieldRoute)>,
    /// Flattened internally tagged enum fields, with the variant their
    /// tag selected.
    pub(crate) internal: Vec<(usize, usize)>,
    /// Fields of those variants read (enum field, variant field).
    pub(crate) internal_read: Vec<(usize, usize)>,
}

impl Flattened {
    pub(crate) fn new(b: &Body) -> Flattened {
        Flattened {
            routes: Vec::new(),
            opened: Seen::new(if b.flatten { b.fields.len() } else { 0 }),
            optional_routes: Vec::new(),
            internal: Vec::new(),
            internal_read: Vec::new(),
        }
    }

    /// What `key` names in a flattened internally tagged enum: its tag
    /// (`None` inside: passed over) or a field of the selected variant.
    pub(crate) fn internal_route(&self, b: &Body, key: &str) -> Option<Option<(usize, usize)>> {
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

    /// The keys a complete value of body `b` still needs: its own fields
    /// (`seen` are read) and, level with them, those of its flattened
    /// structs and of the flattened options made `Some`. A flattened enum
    /// none of whose variants came is left to trame's validation.
    pub(crate) fn missing_keys(&self, b: &Body, seen: &Seen) -> Vec<String> {
        let mut out = Vec::new();
        for (i, f) in b.fields.iter().enumerate() {
            if !f.is_flattened() {
                if !seen.get(i) && !satisfied(f) {
                    out.push(f.effective_name().to_owned());
                }
            } else if seen.get(i) {
                // Read whole, in order (a format without names).
            } else if let Some(inner) = optional_struct(f) {
                if self.opened.get(i) {
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
                        if !satisfied(vf) && !self.internal_read.contains(&(i, j)) {
                            out.push(vf.effective_name().to_owned());
                        }
                    }
                }
            } else if struct_of(f.shape()).is_some() {
                let read: Vec<&[u32]> = self.routes.iter().map(FieldRoute::fields).collect();
                unread(f.shape(), &mut vec![idx(i)], &read, &mut out);
            }
        }
        out
    }
}

/// The keys of struct `shape` (at route `at`, flattened structs inside it
/// followed) that no route in `read` reached and that a value needs.
fn unread(shape: &'static Shape, at: &mut Vec<u32>, read: &[&[u32]], out: &mut Vec<String>) {
    let Some(st) = struct_of(shape) else {
        return;
    };
    if shape.has_default_attr() {
        return;
    }
    for (j, f) in st.fields.iter().enumerate() {
        at.push(idx(j));
        if f.is_flattened() {
            unread(f.shape(), at, read, out);
        } else if !satisfied(f) && !read.contains(&at.as_slice()) {
            out.push(f.effective_name().to_owned());
        }
        at.pop();
    }
}

/// The struct inside a flattened `Option<Struct>` field.
pub(crate) fn optional_struct(f: &Field) -> Option<&'static Shape> {
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
pub(crate) fn optional_route(fields: &'static [Field], key: &str) -> Option<(usize, FieldRoute)> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let inner = optional_struct(f)?;
        route_key(inner, key).map(|r| (i, r))
    })
}

/// The enum of a flattened, externally tagged enum field.
pub(crate) fn tagged_enum(f: &Field) -> Option<(&'static Shape, &'static EnumType)> {
    let shape = f.shape();
    match &shape.ty {
        Type::User(UserType::Enum(et))
            if f.is_flattened()
                && !shape.is_untagged()
                && !shape.is_cow()
                && !shape.is_numeric()
                && shape.get_tag_attr().is_none() =>
        {
            Some((shape, et))
        }
        _ => None,
    }
}

/// The enum and tag key of a flattened, internally tagged enum field.
pub(crate) fn internal_enum(
    f: &Field,
) -> Option<(&'static Shape, &'static EnumType, &'static str)> {
    let shape = f.shape();
    match (&shape.ty, shape.get_tag_attr(), shape.get_content_attr()) {
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
pub(crate) fn variant_route(fields: &'static [Field], key: &str) -> Option<(usize, usize)> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let (_, et) = tagged_enum(f)?;
        let v = et.variants.iter().position(|v| v.effective_name() == key)?;
        Some((i, v))
    })
}

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// When the owner's map starts: each flattened internally tagged enum
    /// gets the variant its tag names (looked for ahead, in the whole map),
    /// selected with nothing in it yet.
    pub(crate) fn select_internal(&mut self, b: &Body, fl: &mut Flattened) -> Result<()> {
        for (i, f) in b.fields.iter().enumerate() {
            let Some((shape, et, tag)) = internal_enum(f) else {
                continue;
            };
            let mark = self.ev.save()?;
            let found = self.scan_tag_rest(shape, et, tag);
            self.ev.restore(mark);
            // The tag is a key of the owner's map: errors are at its path.
            let v = found?;
            let var = &et.variants[v];
            self.op(Op::set().at(idx(i)).stage())?;
            self.op(Op::set().at(idx(v)).stage())?;
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
    /// enum field `i`.
    pub(crate) fn internal_field(
        &mut self,
        b: &Body,
        fl: &mut Flattened,
        i: usize,
        j: usize,
    ) -> Result<()> {
        let Some((_, et, _)) = internal_enum(&b.fields[i]) else {
            unreachable!("routed to a flattened internally tagged enum");
        };
        let Some(&(_, v)) = fl.internal.iter().find(|(k, _)| *k == i) else {
            unreachable!("a field is routed only once its variant is selected");
        };
        let f = &et.variants[v].data.fields[j];
        self.op(Op::set().at(idx(i)).stage())?;
        self.op(Op::set().at(idx(v)).stage())?;
        self.op(Op::set().at(0).stage())?;
        self.field_value(f, Dst::Field(idx(j)))
            .map_err(|e| e.in_field(f.effective_name()))?;
        self.op(Op::end())?;
        self.op(Op::end())?;
        self.op(Op::end())?;
        fl.internal_read.push((i, j));
        Ok(())
    }

    /// Reads the payload of variant `v` of the flattened enum field `i`,
    /// whose name was the key.
    pub(crate) fn flattened_variant(&mut self, b: &Body, i: usize, v: usize) -> Result<()> {
        let Some((shape, et)) = tagged_enum(&b.fields[i]) else {
            unreachable!("a key is routed to a flattened enum only when the field is one");
        };
        self.op(Op::set().at(idx(i)).stage())?;
        let name = et.variants[v].effective_name();
        self.variant(shape, et, v).map_err(|e| e.in_field(name))?;
        self.op(Op::end())
    }

    /// Reads the value of a key routed (`r`) into the struct of the
    /// flattened `Option<Struct>` field `i` of body `b`: the first such key
    /// makes the option `Some` (and prepares its struct's defaults).
    pub(crate) fn optional_value(
        &mut self,
        b: &Body,
        i: usize,
        r: &FieldRoute,
        opened: &mut Seen,
    ) -> Result<()> {
        let Some(inner) = optional_struct(&b.fields[i]) else {
            unreachable!("a key is routed to a flattened option only when it holds a struct");
        };
        let Some(st) = struct_of(inner) else {
            unreachable!("optional_struct returns structs only");
        };
        let Some((last, parents)) = r.fields().split_last() else {
            return Ok(());
        };
        self.op(Op::set().at(idx(i)).stage())?;
        self.op(Op::set().at(0).stage())?;
        if !opened.mark(i) {
            self.prepare(inner, st.fields, inner.has_default_attr())?;
        }
        let mut fields = st.fields;
        for &p in parents {
            self.op(Op::set().at(p).stage())?;
            fields = struct_of(fields[p as usize].shape()).map_or(&[][..], |st| st.fields);
        }
        let f = &fields[*last as usize];
        self.field_value(f, Dst::Field(*last))
            .map_err(|e| e.in_field(f.effective_name()))?;
        for _ in parents {
            self.op(Op::end())?;
        }
        self.op(Op::end())?;
        self.op(Op::end())
    }

    /// After the last key: every flattened `Option<Struct>` field none of
    /// whose keys appeared is `None`.
    pub(crate) fn close_optionals(&mut self, b: &Body, opened: &Seen) -> Result<()> {
        for (i, f) in b.fields.iter().enumerate() {
            if optional_struct(f).is_some() && !opened.get(i) {
                self.op(Op::set().at(idx(i)).default())?;
            }
        }
        Ok(())
    }
}
