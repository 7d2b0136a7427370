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
//!   then read from the owner's keys;
//! - an untagged enum likewise, its variant chosen by the owner's keys
//!   (looked ahead at): the first variant whose required fields are all
//!   there and which takes every key the owner's own fields do not, else
//!   the first whose required fields are there;
//! - an adjacently tagged enum by its tag key among the owner's keys (looked
//!   ahead at), its payload the value of its content key (serde's reading;
//!   facet's deserializer finds both variants ambiguous there).
//!
//! The owner is staged in deferred mode (it has a flattened field), so
//! these are re-entered for each key.

use super::memo::names;
use super::*;

mod fields;

pub(super) use fields::{
    FlatRoute, adjacent_enum, catch_all, internal_enum, needs_no_key, needs_no_key_in,
    optional_struct, route, tagged_enum,
};
use fields::{keyed_payload, unread};

/// What a body with flattened fields has read through them.
#[derive(Default)]
pub(super) struct Flattened {
    /// Routes into flattened structs, read.
    routes: Vec<FieldRoute>,
    /// Flattened `Option<Struct>` fields made `Some`.
    opened: Vec<usize>,
    /// Routes into those options' structs, read.
    optional_routes: Vec<(usize, FieldRoute)>,
    /// Flattened internally tagged and untagged enum fields, with the
    /// variant their tag or their keys selected.
    internal: Vec<(usize, usize)>,
    /// Flattened adjacently tagged enum fields, with the variant their tag
    /// selected.
    adjacent: Vec<(usize, usize)>,
    /// Fields of those variants read (enum field, variant field).
    internal_read: Vec<(usize, usize)>,
}

impl Flattened {
    /// What `key` names in a flattened internally tagged (or untagged)
    /// enum: its tag (`Some(None)`: passed over) or a field of the selected
    /// variant.
    pub(super) fn internal_route(&self, b: &Body, key: &str) -> Option<Option<(usize, usize)>> {
        self.internal.iter().find_map(|&(i, v)| {
            let (_, et, tag) = internal_enum(&b.fields[i])?;
            if tag == Some(key) {
                return Some(None);
            }
            let j = et.variants[v]
                .data
                .fields
                .iter()
                .position(|f| names(f, key))?;
            Some(Some((i, j)))
        })
    }

    /// What `key` names in a flattened adjacently tagged enum: its tag
    /// (passed over) or its content (the payload of the selected variant).
    fn adjacent_route(&self, b: &Body, key: &str) -> Option<FlatRoute> {
        self.adjacent.iter().find_map(|&(i, v)| {
            let (_, _, tag, content) = adjacent_enum(&b.fields[i])?;
            if key == tag {
                Some(FlatRoute::Skip)
            } else if key == content {
                Some(FlatRoute::Variant(i, v))
            } else {
                None
            }
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
                if !seen.has(i) && !needs_no_key_in(b, f) {
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
            } else if let Some((_, et, _, content)) = adjacent_enum(f) {
                for &(_, v) in self.adjacent.iter().filter(|(k, _)| *k == i) {
                    if et.variants[v].data.kind != StructKind::Unit && !seen.has(i) {
                        out.push(content);
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

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// When the owner's object starts (not yet read): each flattened
    /// internally tagged enum gets the variant its tag names (looked for
    /// ahead, in the whole object), an untagged one the variant the
    /// object's keys fit, selected with nothing in it yet; each adjacently
    /// tagged one the variant its tag names (a unit variant set).
    // t[impl walk.flatten.variants]
    pub(super) fn select_internal(&mut self, b: &Body, fl: &mut Flattened) -> Result<()> {
        for (i, f) in b.fields.iter().enumerate() {
            if let Some((shape, et, tag, _)) = adjacent_enum(f) {
                let v = self.scan_tag(shape, et, tag)?;
                if et.variants[v].data.kind == StructKind::Unit {
                    self.op(Op::set().at(i as u32).stage())?;
                    self.op(Op::set().at(v as u32).stage())?;
                    self.op(Op::end())?;
                    self.op(Op::end())?;
                }
                fl.adjacent.push((i, v));
                continue;
            }
            let Some((shape, et, tag)) = internal_enum(f) else {
                continue;
            };
            let v = match tag {
                Some(tag) => self.scan_tag(shape, et, tag)?,
                None => self.fitting_variant(b, shape, et)?,
            };
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
                        "a flattened enum whose variant is not a struct or a unit, read from the owner's keys",
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

    /// The variant of flattened untagged enum `shape` that the keys of
    /// the owner's object (which starts here, looked ahead at) fit: the
    /// first whose required fields are all there and which takes every
    /// key that no field of the owner names; else the first whose
    /// required fields are there.
    fn fitting_variant(
        &mut self,
        b: &Body,
        shape: &'static Shape,
        et: &'static EnumType,
    ) -> Result<usize> {
        let mut probe = self.src.clone();
        let mut keys = Vec::new();
        let mut key = probe.object_start()?.map(str::to_owned);
        while let Some(k) = key {
            keys.push(k);
            let p = probe.peek()?;
            let reached = skip_value(&mut probe, p, self.depth)?;
            self.reached(reached);
            key = probe.next_key()?.map(str::to_owned);
        }
        let owners = |k: &str| {
            b.fields.iter().any(|f| !f.is_flattened() && names(f, k))
                || route_key_in(b.fields, k).is_some()
        };
        let fits = |var: &facet::Variant| {
            matches!(var.data.kind, StructKind::Struct | StructKind::Unit)
                && var
                    .data
                    .fields
                    .iter()
                    .all(|f| needs_no_key(f) || keys.iter().any(|k| names(f, k)))
        };
        let takes_rest = |var: &facet::Variant| {
            keys.iter()
                .filter(|k| !owners(k))
                .all(|k| var.data.fields.iter().any(|f| names(f, k)))
        };
        let vars = et.variants;
        vars.iter()
            .position(|v| fits(v) && takes_rest(v))
            .or_else(|| vars.iter().position(fits))
            .ok_or_else(|| self.no_variant(shape))
    }

    /// Reads the payload of variant `v` of the flattened enum field `i`,
    /// whose name (or content key) was the key.
    pub(super) fn flattened_variant(&mut self, b: &Body, i: usize, v: usize) -> Result<()> {
        let Some((shape, et)) = keyed_payload(&b.fields[i]) else {
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
            self.prepare(inner, st.fields)?;
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
                return Err(self.unknown_field(b, key, key_at));
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
