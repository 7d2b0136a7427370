//! Structs: unit, newtype and tuple structs, and structs with named fields,
//! whose keys are matched to fields (by name, `rename`/`rename_all`,
//! `alias`; through `#[facet(flatten)]` fields with
//! [`trame::flatten::route_key`]), with duplicates, unknown keys
//! (`deny_unknown_fields`), skipped fields, defaults and missing fields
//! handled here. Formats that do not describe themselves give fields in
//! order, without names.

use facet::{Def, Field, Shape, StructKind, StructType, Type, UserType, Variant};
use facet_format::{FieldKey, ParseEventKind, ScalarValue};
use trame::Op;
use trame::flatten::{FieldRoute, route_key_in};

use super::flatten::Flattened;
use super::seq::Fixed;
use super::{Dst, Sink, Walk, idx};
use crate::error::{ErrorKind, Result};
use crate::source::Peeked;
use crate::source::{Events, Hint};

/// A struct-like body being read from a map: a struct's fields or a
/// struct variant's.
#[derive(Clone, Copy)]
pub(crate) struct Body {
    /// Named in errors.
    pub(crate) shape: &'static Shape,
    /// Variant name, for a variant's fields.
    pub(crate) variant: Option<&'static str>,
    pub(crate) fields: &'static [Field],
    /// The owner has flattened fields (deferred mode, keys routed).
    pub(crate) flatten: bool,
    /// Unknown keys are errors.
    pub(crate) deny: bool,
    /// The whole struct was first set to its `Default`.
    pub(crate) defaulted: bool,
    /// Keys to pass over (the tags of internally tagged enums: the one
    /// whose variant this is, and the one whose newtype variant holds it).
    pub(crate) skip_keys: [Option<&'static str>; 2],
    /// A flattened map field that takes the keys no field names (its
    /// index, key and value shapes).
    pub(crate) rest: Option<(usize, &'static Shape, &'static Shape)>,
}

impl Body {
    pub(crate) fn of_struct(shape: &'static Shape, st: &'static StructType) -> Body {
        let flatten = st.fields.iter().any(Field::is_flattened);
        Body {
            shape,
            variant: None,
            fields: st.fields,
            flatten,
            rest: if flatten { catch_all(st.fields) } else { None },
            deny: shape.has_deny_unknown_fields_attr(),
            defaulted: shape.has_default_attr(),
            skip_keys: [None; 2],
        }
    }

    /// The body of struct (or unit) variant `var` of enum `shape`, with
    /// the tag keys to pass over.
    pub(crate) fn of_variant(
        shape: &'static Shape,
        var: &'static Variant,
        skip_keys: [Option<&'static str>; 2],
    ) -> Body {
        let fields = match var.data.kind {
            StructKind::Struct => var.data.fields,
            _ => &[],
        };
        let flatten = fields.iter().any(Field::is_flattened);
        Body {
            shape,
            variant: Some(var.effective_name()),
            fields,
            flatten,
            deny: shape.has_deny_unknown_fields_attr(),
            defaulted: false,
            skip_keys,
            rest: if flatten { catch_all(fields) } else { None },
        }
    }

    fn name(&self) -> String {
        match self.variant {
            Some(v) => format!("{}::{v}", self.shape),
            None => self.shape.to_string(),
        }
    }
}

/// What a key of a struct body names.
enum Route<'de> {
    Direct(usize),
    Flattened(FieldRoute),
    /// A key no field names, for the flattened map that takes them.
    Rest(FieldKey<'de>),
    /// A key of the struct inside flattened `Option<Struct>` field `.0`.
    Optional(usize, FieldRoute),
    /// The name of variant `.1` of flattened enum field `.0`.
    Variant(usize, usize),
    /// Field `.1` of the variant selected in flattened internally tagged
    /// enum field `.0`.
    Internal(usize, usize),
    Skip,
    Unknown(String),
}

/// The first flattened map field (`#[facet(flatten)] rest: HashMap<String,
/// V>`), which takes the keys no other field names, as facet's
/// deserializer does.
pub(crate) fn catch_all(
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

pub(crate) fn struct_of(shape: &'static Shape) -> Option<&'static StructType> {
    match &shape.ty {
        Type::User(UserType::Struct(st)) => Some(st),
        _ => None,
    }
}

/// The fields of a body whose keys were read: a bit mask up to 64 fields
/// (no allocation per struct), a vector beyond.
pub(crate) enum Seen {
    Mask(u64),
    Many(Vec<bool>),
}

impl Seen {
    pub(crate) fn new(n: usize) -> Seen {
        if n <= 64 {
            Seen::Mask(0)
        } else {
            Seen::Many(vec![false; n])
        }
    }

    /// Marks field `i` read; whether it was already.
    pub(crate) fn mark(&mut self, i: usize) -> bool {
        match self {
            Seen::Mask(m) => {
                let bit = 1u64 << i;
                let was = *m & bit != 0;
                *m |= bit;
                was
            }
            Seen::Many(v) => core::mem::replace(&mut v[i], true),
        }
    }

    pub(crate) fn get(&self, i: usize) -> bool {
        match self {
            Seen::Mask(m) => *m & (1u64 << i) != 0,
            Seen::Many(v) => v[i],
        }
    }
}

/// Whether key `name` names field `f` directly (not through flatten).
fn names(f: &Field, name: &str) -> bool {
    !f.is_flattened()
        && !f.should_skip_deserializing()
        && (f.effective_name() == name || f.alias == Some(name))
}

/// Whether a field missing from the input is filled without it.
pub(crate) fn satisfied(f: &Field) -> bool {
    f.default.is_some() || f.should_skip_deserializing() || matches!(f.shape().def, Def::Option(_))
}

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    pub(crate) fn structure(
        &mut self,
        shape: &'static Shape,
        st: &'static StructType,
        dst: Dst,
    ) -> Result<()> {
        match st.kind {
            StructKind::Unit => {
                self.ev.hint(Hint::Struct(0));
                let e = self.next()?;
                let close = match e.kind {
                    ParseEventKind::Scalar(ScalarValue::Null | ScalarValue::Unit) => None,
                    ParseEventKind::StructStart(_) => Some(ParseEventKind::StructEnd),
                    ParseEventKind::SequenceStart(_) => Some(ParseEventKind::SequenceEnd),
                    _ => return Err(self.wrong(shape, Some(&e))),
                };
                if let Some(close) = close
                    && self.next()?.kind != close
                {
                    return Err(self.wrong(format!("{shape} (empty)"), None));
                }
                self.open(dst, false)?;
                self.close(dst)
            }
            _ if st.fields.len() == 1 && shape.is_transparent() => self.newtype(st, dst),
            StructKind::TupleStruct if st.fields.len() == 1 && self.bare_newtype(st)? => {
                self.newtype(st, dst)
            }
            StructKind::TupleStruct | StructKind::Tuple => {
                let fields = st.fields;
                self.fixed(
                    shape,
                    fields.len(),
                    &|i| fields[i].shape(),
                    Fixed::Tuple,
                    dst,
                )
            }
            StructKind::Struct => {
                let body = Body::of_struct(shape, st);
                self.ev.hint(Hint::Struct(st.fields.len()));
                let e = self.next()?;
                if !matches!(e.kind, ParseEventKind::StructStart(_)) {
                    return Err(self.wrong(format!("{shape} (a map)"), Some(&e)));
                }
                self.open(dst, body.flatten || self.reopen)?;
                self.body(&body)?;
                self.close(dst)
            }
        }
    }

    /// Whether a one-field tuple struct is written as its field's value
    /// (serde's form) rather than as a sequence of one (facet's): in a
    /// self-describing format, when no sequence starts here, or when one
    /// does but the field is itself a sequence.
    fn bare_newtype(&mut self, st: &'static StructType) -> Result<bool> {
        if !self.ev.self_describing() {
            return Ok(false);
        }
        if self.peek_kind()? != Peeked::SequenceStart {
            return Ok(true);
        }
        let inner = st.fields[0].shape();
        let sequence_like = matches!(inner.def, Def::List(_) | Def::Set(_) | Def::Array(_))
            || matches!(struct_of(inner), Some(s) if matches!(s.kind, StructKind::Tuple | StructKind::TupleStruct) && s.fields.len() != 1);
        Ok(sequence_like && !self.sequence_of_sequence()?)
    }

    /// Whether the sequence that starts here starts with a sequence, seen
    /// by looking ahead.
    fn sequence_of_sequence(&mut self) -> Result<bool> {
        let mark = self.ev.save()?;
        let r = self.next().and_then(|_| self.peek_kind());
        self.ev.restore(mark);
        Ok(r? == Peeked::SequenceStart)
    }

    /// A one-field tuple struct (or transparent struct): its field's value.
    fn newtype(&mut self, st: &'static StructType, dst: Dst) -> Result<()> {
        self.open(dst, false)?;
        self.field_value(&st.fields[0], Dst::Field(0))?;
        self.close(dst)
    }

    /// Prepares a struct node under the cursor: the container default
    /// first, then skipped fields' defaults, then every flattened struct
    /// field staged once (so that its own defaults apply even when none of
    /// its keys appear).
    pub(crate) fn prepare(
        &mut self,
        shape: &'static Shape,
        fields: &'static [Field],
        defaulted: bool,
    ) -> Result<()> {
        if defaulted {
            self.op(Op::set().default())?;
        }
        for (i, f) in fields.iter().enumerate() {
            if f.should_skip_deserializing() && f.default.is_none() && !defaulted {
                self.op(Op::set().at(idx(i)).default())?;
            }
            if !f.is_flattened() {
                continue;
            }
            let inner = f.shape();
            let st = match struct_of(inner) {
                Some(st) if st.kind == StructKind::Struct => st,
                // An optional struct is `None` until one of its keys
                // comes (`close_optionals`).
                _ if super::flatten::optional_struct(f).is_some() => continue,
                // An enum is chosen by the key naming a variant.
                _ if super::flatten::tagged_enum(f).is_some() => continue,
                // An internally tagged one by its tag (`select_internal`).
                _ if super::flatten::internal_enum(f).is_some() => continue,
                // The catch-all map starts empty.
                _ if matches!(inner.def, Def::Map(_)) => {
                    self.op(Op::set().at(idx(i)).stage())?;
                    self.op(Op::end())?;
                    continue;
                }
                _ => {
                    return Err(self.unsupported(
                        shape,
                        "a flattened field that is neither a struct nor a map",
                    ));
                }
            };
            self.op(Op::set().at(idx(i)).stage())?;
            self.prepare(inner, st.fields, inner.has_default_attr())?;
            self.op(Op::end())?;
        }
        Ok(())
    }

    /// Reads the keys of a map whose start was consumed, up to its end,
    /// into the struct-like node under the cursor.
    pub(crate) fn body(&mut self, b: &Body) -> Result<()> {
        self.prepare(b.shape, b.fields, b.defaulted)?;
        let mut seen = Seen::new(b.fields.len());
        // Keys usually come in declaration order: the field after the last
        // one matched is tried first.
        let mut guess = 0usize;
        let mut fl = Flattened::new(b);
        if b.flatten && self.ev.self_describing() {
            self.select_internal(b, &mut fl)?;
        }
        let mut ordered = 0usize;
        loop {
            let e = self.next()?;
            let route = match e.kind {
                ParseEventKind::StructEnd => break,
                ParseEventKind::OrderedField => {
                    let i = ordered;
                    ordered += 1;
                    if i >= b.fields.len() {
                        return Err(self.wrong(format!("the end of {}", b.name()), Some(&e)));
                    }
                    Route::Direct(i)
                }
                ParseEventKind::FieldKey(key) => {
                    let Some(name) = key.name() else {
                        self.ev.skip()?;
                        continue;
                    };
                    let name: &str = name.as_ref();
                    let direct = match b.fields.get(guess) {
                        Some(f) if names(f, name) => Some(guess),
                        _ => b.fields.iter().position(|f| names(f, name)),
                    };
                    if let Some(i) = direct {
                        guess = i + 1;
                        Route::Direct(i)
                    } else if b.skip_keys.contains(&Some(name)) {
                        Route::Skip
                    } else if let Some(r) =
                        b.flatten.then(|| route_key_in(b.fields, name)).flatten()
                    {
                        Route::Flattened(r)
                    } else if let Some((i, r)) = b
                        .flatten
                        .then(|| super::flatten::optional_route(b.fields, name))
                        .flatten()
                    {
                        Route::Optional(i, r)
                    } else if let Some((i, v)) = b
                        .flatten
                        .then(|| super::flatten::variant_route(b.fields, name))
                        .flatten()
                    {
                        Route::Variant(i, v)
                    } else if let Some(r) = b.flatten.then(|| fl.internal_route(b, name)).flatten()
                    {
                        match r {
                            Some((i, j)) => Route::Internal(i, j),
                            None => Route::Skip,
                        }
                    } else if b.rest.is_some() {
                        Route::Rest(key)
                    } else if b.deny {
                        Route::Unknown(name.to_owned())
                    } else {
                        Route::Skip
                    }
                }
                _ => return Err(self.wrong(format!("a key of {}", b.name()), Some(&e))),
            };
            match route {
                Route::Direct(i) => {
                    let f = &b.fields[i];
                    if seen.mark(i) && !self.reopen {
                        return Err(self.duplicate(b, f.effective_name()));
                    }
                    if b.defaulted {
                        self.reset_for_value(f.shape(), i)?;
                    }
                    self.field_value(f, Dst::Field(idx(i)))
                        .map_err(|e| e.in_field(f.effective_name()))?;
                }
                Route::Flattened(r) => {
                    let Some((last, parents)) = r.fields().split_last() else {
                        continue;
                    };
                    let mut fields = b.fields;
                    for &p in parents {
                        self.op(Op::set().at(p).stage())?;
                        fields =
                            struct_of(fields[p as usize].shape()).map_or(&[][..], |st| st.fields);
                    }
                    let f = &fields[*last as usize];
                    if fl.routes.contains(&r) && !self.reopen {
                        return Err(self.duplicate(b, f.effective_name()));
                    }
                    fl.routes.push(r.clone());
                    self.field_value(f, Dst::Field(*last))
                        .map_err(|e| e.in_field(f.effective_name()))?;
                    for _ in parents {
                        self.op(Op::end())?;
                    }
                }
                Route::Rest(key) => {
                    let Some((i, k, v)) = b.rest else {
                        unreachable!("a key is routed to the catch-all map only when there is one");
                    };
                    // Errors name the key as the document has it: a
                    // field of this body (`$.extra`).
                    let name = super::seq::key_text(&key);
                    self.op(Op::set().at(idx(i)).stage())?;
                    self.op(Op::set().append().stage())?;
                    self.map_key(k, key).map_err(|e| e.in_field(&name))?;
                    self.value(v, Dst::Field(1))
                        .map_err(|e| e.in_field(&name))?;
                    self.op(Op::end())?;
                    self.op(Op::end())?;
                }
                Route::Optional(i, r) => {
                    let key = (i, r);
                    if fl.optional_routes.contains(&key) && !self.reopen {
                        return Err(self.duplicate(b, b.fields[i].effective_name()));
                    }
                    self.optional_value(b, key.0, &key.1, &mut fl.opened)?;
                    fl.optional_routes.push(key);
                }
                Route::Variant(i, v) => {
                    if seen.mark(i) && !self.reopen {
                        return Err(self.duplicate(b, b.fields[i].effective_name()));
                    }
                    self.flattened_variant(b, i, v)?;
                }
                Route::Internal(i, j) => {
                    if fl.internal_read.contains(&(i, j)) && !self.reopen {
                        return Err(self.duplicate(b, b.fields[i].effective_name()));
                    }
                    self.internal_field(b, &mut fl, i, j)?;
                }
                Route::Skip => self.ev.skip()?,
                Route::Unknown(key) => {
                    return Err(self.err(ErrorKind::UnknownField {
                        shape: b.name(),
                        field: key,
                    }));
                }
            }
        }
        if b.flatten {
            self.close_optionals(b, &fl.opened)?;
        }
        self.finish_body(b, &seen, &fl)
    }

    /// After the last key: required fields that never came are an error,
    /// named by their keys (those of flattened structs too, at this
    /// level). Reopenable structs (TOML) leave this to trame's validation
    /// of the deferred subtree.
    fn finish_body(&mut self, b: &Body, seen: &Seen, fl: &Flattened) -> Result<()> {
        if b.defaulted || self.reopen {
            return Ok(());
        }
        if b.flatten {
            let missing = fl.missing_keys(b, seen);
            return match missing.is_empty() {
                true => Ok(()),
                false => Err(self.missing_fields(b, missing)),
            };
        }
        let is_missing = |(i, f): (usize, &Field)| !seen.get(i) && !satisfied(f);
        if !b.fields.iter().enumerate().any(is_missing) {
            return Ok(());
        }
        let missing = b
            .fields
            .iter()
            .enumerate()
            .filter(|&(i, f)| !seen.get(i) && !satisfied(f))
            .map(|(_, f)| f.effective_name().to_owned())
            .collect();
        Err(self.missing_fields(b, missing))
    }

    #[cold]
    fn missing_fields(&self, b: &Body, missing: Vec<String>) -> crate::Error {
        self.err(ErrorKind::MissingFields {
            shape: b.name(),
            fields: missing,
        })
    }

    /// With a container default in place, a field about to be built part
    /// by part must start from empty, not from the default's value (a list
    /// would otherwise grow the default's elements).
    fn reset_for_value(&mut self, shape: &'static Shape, i: usize) -> Result<()> {
        if matches!(shape.def, Def::List(_) | Def::Set(_) | Def::Map(_)) {
            // A container set whole is closed: trame cannot empty it and
            // build it again element by element.
            return Err(self.unsupported(
                shape,
                "a list, set or map read into a struct with #[facet(default)] needs core support \
                 for rebuilding a container that was set whole",
            ));
        }
        if matches!(shape.def, Def::Option(_)) {
            self.op(Op::set().at(idx(i)).default())?;
        }
        Ok(())
    }

    #[cold]
    fn duplicate(&self, b: &Body, field: &str) -> crate::Error {
        self.err(ErrorKind::DuplicateField {
            shape: b.name(),
            field: field.to_owned(),
        })
    }
}
