//! Enums in every representation facet exposes: externally tagged (a
//! variant name, or a map of one key), internally tagged (`tag`),
//! adjacently tagged (`tag` + `content`), and untagged (each variant tried
//! in declaration order by a dry walk that looks ahead, then the one that
//! fits built). Formats that do not describe themselves give the variant's
//! index, then its payload.

use facet::{EnumType, Shape, StructKind, Type, UserType};
use facet_format::{ParseEventKind, ScalarTypeHint, ScalarValue};
use trame::Op;

use super::enum_forms::other_variant;
use super::seq::Fixed;
use super::structs::{Body, struct_of};
use super::{Dst, MAX_DEPTH, Sink, Walk, idx};
use crate::error::{ErrorKind, Result};
use crate::source::Peeked;
use crate::source::{Events, Hint};

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    pub(crate) fn enumeration(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
    ) -> Result<()> {
        if shape.is_cow() {
            return self.cow(shape, et, dst);
        }
        if !self.ev.self_describing() {
            return self.indexed(shape, et, dst);
        }
        if shape.is_numeric() && shape.get_tag_attr().is_none() {
            return self.numeric(shape, et, dst);
        }
        if shape.is_untagged() {
            return self.untagged(shape, et, dst);
        }
        match (shape.get_tag_attr(), shape.get_content_attr()) {
            (Some(tag), Some(content)) => self.adjacent(shape, et, tag, content, dst),
            (Some(tag), None) => self.internal(shape, et, tag, None, dst),
            _ => self.external(shape, et, dst),
        }
    }

    /// The variant index a format that does not describe itself writes
    /// (read as a `u32` in the format's own encoding of one: facet-format's
    /// `EnumVariantHint` cannot be made outside its crate, so `hint_enum`
    /// is out of reach).
    pub(crate) fn variant_index(&mut self, shape: &'static Shape, count: usize) -> Result<u32> {
        self.ev.hint(Hint::Scalar(ScalarTypeHint::U32));
        let e = self.next()?;
        let n = match e.kind {
            ParseEventKind::Scalar(ScalarValue::U64(n)) => n,
            ParseEventKind::Scalar(ScalarValue::I64(n)) if n >= 0 => n as u64,
            _ => return Err(self.wrong(format!("a variant index of {shape}"), Some(&e))),
        };
        match u32::try_from(n) {
            Ok(v) if (v as usize) < count => Ok(v),
            _ => Err(self.err(ErrorKind::UnknownVariant {
                shape: shape.to_string(),
                variant: format!("#{n}"),
            })),
        }
    }

    /// A variant index, then the payload (positional).
    fn indexed(&mut self, shape: &'static Shape, et: &'static EnumType, dst: Dst) -> Result<()> {
        let v = self.variant_index(shape, et.variants.len())?;
        self.open(dst, false)?;
        let name = et.variants[v as usize].effective_name();
        self.variant(shape, et, v as usize)
            .map_err(|e| e.in_field(name))?;
        self.close(dst)
    }

    /// The variant `name` names (never the `#[facet(other)]` one, which
    /// takes the names no variant has).
    fn find_variant(
        &self,
        shape: &'static Shape,
        et: &'static EnumType,
        name: &str,
    ) -> Result<usize> {
        match et
            .variants
            .iter()
            .position(|v| v.effective_name() == name && !v.is_other())
        {
            Some(v) => Ok(v),
            None => Err(self.err(ErrorKind::UnknownVariant {
                shape: shape.to_string(),
                variant: name.to_owned(),
            })),
        }
    }

    /// `"Unit"`, or a map of one key `{Variant: payload}`.
    fn external(&mut self, shape: &'static Shape, et: &'static EnumType, dst: Dst) -> Result<()> {
        let e = self.next()?;
        match e.kind {
            ParseEventKind::Scalar(ScalarValue::Str(name)) => {
                let v = match self.find_variant(shape, et, &name) {
                    Ok(v) => v,
                    Err(e) => match other_variant(et) {
                        Some(o) => return self.other_from_text(shape, et, o, name, dst),
                        None => return Err(e),
                    },
                };
                let var = &et.variants[v];
                if var.data.kind != StructKind::Unit {
                    return Err(self.err(ErrorKind::WrongType {
                        expected: format!(
                            "{shape}::{} (a map holding its payload)",
                            var.effective_name()
                        ),
                        found: format!("string {name:?}"),
                    }));
                }
                self.open(dst, false)?;
                self.op(Op::set().at(idx(v)).stage())?;
                self.op(Op::end())?;
                self.close(dst)
            }
            ParseEventKind::StructStart(_) => {
                let k = self.next()?;
                let v = match &k.kind {
                    ParseEventKind::FieldKey(key) => {
                        let name = key.name().map_or("", |n| n.as_ref());
                        // An unknown name is the `#[facet(other)]` variant,
                        // if there is one, with the payload as its own.
                        match (self.find_variant(shape, et, name), other_variant(et)) {
                            (Ok(v), _) => v,
                            (Err(_), Some(o)) => o,
                            (Err(e), None) => return Err(e),
                        }
                    }
                    _ => return Err(self.wrong(format!("{shape} (a map with one key)"), Some(&k))),
                };
                self.open(dst, false)?;
                let name = et.variants[v].effective_name();
                self.variant(shape, et, v).map_err(|e| e.in_field(name))?;
                self.struct_end(&format!("{shape} (a map with one key)"))?;
                self.close(dst)
            }
            ParseEventKind::VariantTag(Some(name)) => {
                let v = self.find_variant(shape, et, name)?;
                self.open(dst, false)?;
                let vname = et.variants[v].effective_name();
                self.variant(shape, et, v).map_err(|e| e.in_field(vname))?;
                self.close(dst)
            }
            _ => Err(self.wrong(shape, Some(&e))),
        }
    }

    /// Selects variant `v` of the enum node under the cursor and reads its
    /// payload: nothing or null for a unit variant, the value for a newtype
    /// variant, a sequence for a tuple variant, a map for a struct variant.
    /// The cursor is back on the enum node after.
    pub(crate) fn variant(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        v: usize,
    ) -> Result<()> {
        let var = &et.variants[v];
        self.op(Op::set().at(idx(v)).stage())?;
        let fields = var.data.fields;
        match var.data.kind {
            StructKind::Unit => {
                if self.ev.self_describing() {
                    match self.peek_kind()? {
                        Peeked::Null | Peeked::Unit => {
                            self.next()?;
                        }
                        Peeked::StructEnd => {}
                        _ => {
                            let e = self.peek()?;
                            return Err(self.wrong(
                                format!("{shape}::{} (no payload)", var.effective_name()),
                                Some(&e),
                            ));
                        }
                    }
                }
            }
            StructKind::TupleStruct | StructKind::Tuple if fields.len() == 1 => {
                self.op(Op::set().at(0).stage())?;
                self.field_value(&fields[0], Dst::Field(0))?;
                self.op(Op::end())?;
            }
            StructKind::TupleStruct | StructKind::Tuple => {
                self.fixed(
                    shape,
                    fields.len(),
                    &|i| fields[i].shape(),
                    Fixed::Tuple,
                    Dst::Field(0),
                )?;
            }
            StructKind::Struct => {
                self.ev.hint(Hint::Struct(fields.len()));
                let e = self.next()?;
                if !matches!(e.kind, ParseEventKind::StructStart(_)) {
                    return Err(self.wrong(
                        format!("{shape}::{} (a map)", var.effective_name()),
                        Some(&e),
                    ));
                }
                let body = Body::of_variant(shape, var, [None; 2]);
                self.open(Dst::Field(0), body.flatten || self.reopen)?;
                self.body(&body)?;
                self.op(Op::end())?;
            }
        }
        self.op(Op::end())
    }

    /// Finds the value of `tag` among the keys of the map that starts at
    /// the next event, without moving: the variant it names.
    fn scan_tag(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
    ) -> Result<usize> {
        let e = self.peek()?;
        if !matches!(e.kind, ParseEventKind::StructStart(_)) {
            return Err(self.wrong(format!("{shape} (a map)"), Some(&e)));
        }
        let mark = self.ev.save()?;
        let found = self.scan_tag_inner(shape, et, tag);
        self.ev.restore(mark);
        found
    }

    fn scan_tag_inner(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
    ) -> Result<usize> {
        self.next()?;
        self.scan_tag_rest(shape, et, tag)
    }

    /// The variant the value of key `tag` names, read from the keys of a
    /// map whose start was consumed (the walk moves: the caller saves and
    /// restores).
    pub(crate) fn scan_tag_rest(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
    ) -> Result<usize> {
        loop {
            let e = self.next()?;
            match e.kind {
                ParseEventKind::FieldKey(k) if k.name().is_some_and(|n| n == tag) => {
                    let e = self.next()?;
                    return match e.kind {
                        ParseEventKind::Scalar(ScalarValue::Str(name)) => {
                            self.find_variant(shape, et, &name)
                        }
                        _ => Err(self.wrong(format!("{shape} tag {tag:?} (a string)"), Some(&e))),
                    };
                }
                ParseEventKind::FieldKey(_) => self.ev.skip()?,
                _ => {
                    return Err(self.err(ErrorKind::MissingTag {
                        shape: shape.to_string(),
                        tag,
                    }));
                }
            }
        }
    }

    /// `{tag: "Variant", ...fields}`: struct variants, unit variants, and
    /// newtype variants holding a struct.
    fn internal(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
        outer: Option<&'static str>,
        dst: Dst,
    ) -> Result<()> {
        let v = self.scan_tag(shape, et, tag)?;
        let var = &et.variants[v];
        // A newtype variant holding another internally tagged enum: that
        // enum reads the same map, passing over this tag too.
        if let [field] = var.data.fields
            && var.data.kind != StructKind::Struct
            && let inner = field.shape()
            && let Type::User(UserType::Enum(inner_et)) = &inner.ty
            && let (Some(inner_tag), None) = (inner.get_tag_attr(), inner.get_content_attr())
            && !inner.is_untagged()
        {
            if outer.is_some() {
                return Err(self.unsupported(
                    shape,
                    "internally tagged enums nested more than two deep in one map",
                ));
            }
            let name = var.effective_name();
            self.open(dst, false)?;
            self.op(Op::set().at(idx(v)).stage())?;
            self.op(Op::set().at(0).stage())?;
            self.internal(inner, inner_et, inner_tag, Some(tag), Dst::Field(0))
                .map_err(|e| e.in_field(name))?;
            self.op(Op::end())?;
            self.op(Op::end())?;
            return self.close(dst);
        }
        self.next()?; // the map's start, which `scan_tag` saw
        let name = var.effective_name();
        self.open(dst, false)?;
        self.op(Op::set().at(idx(v)).stage())?;
        let fields = var.data.fields;
        let body = Body::of_variant(shape, var, [Some(tag), outer]);
        match var.data.kind {
            StructKind::Unit => self.body(&body).map_err(|e| e.in_field(name))?,
            StructKind::Struct => {
                self.open(Dst::Field(0), body.flatten || self.reopen)?;
                self.body(&body).map_err(|e| e.in_field(name))?;
                self.op(Op::end())?;
            }
            _ if fields.len() == 1 => {
                let inner = fields[0].shape();
                let st = match struct_of(inner) {
                    Some(st) if st.kind == StructKind::Struct => st,
                    _ => {
                        return Err(self.unsupported(
                            shape,
                            "an internally tagged newtype variant must hold a struct",
                        ));
                    }
                };
                let mut b = Body::of_struct(inner, st);
                b.skip_keys = [Some(tag), outer];
                self.op(Op::set().at(0).stage())?;
                self.open(Dst::Field(0), b.flatten || self.reopen)?;
                self.body(&b).map_err(|e| e.in_field(name))?;
                self.op(Op::end())?;
                self.op(Op::end())?;
            }
            _ => return Err(self.unsupported(shape, "internally tagged tuple variants")),
        }
        self.op(Op::end())?;
        self.close(dst)
    }

    /// `{tag: "Variant", content: payload}`, in either order.
    fn adjacent(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
        content: &'static str,
        dst: Dst,
    ) -> Result<()> {
        let v = self.scan_tag(shape, et, tag)?;
        self.next()?; // the map's start
        let var = &et.variants[v];
        let name = var.effective_name();
        self.open(dst, false)?;
        let (mut seen_tag, mut seen_content) = (false, false);
        loop {
            let e = self.next()?;
            let key = match e.kind {
                ParseEventKind::StructEnd => break,
                ParseEventKind::FieldKey(k) => k,
                _ => return Err(self.wrong(format!("a key of {shape}"), Some(&e))),
            };
            let key = key.name().map_or("", |n| n.as_ref());
            if key == tag || key == content {
                let seen = if key == tag {
                    &mut seen_tag
                } else {
                    &mut seen_content
                };
                if core::mem::replace(seen, true) {
                    let field = if key == tag { tag } else { content };
                    return Err(self.err(ErrorKind::DuplicateField {
                        shape: shape.to_string(),
                        field: field.to_owned(),
                    }));
                }
                if key == tag {
                    self.ev.skip()?;
                } else {
                    self.variant(shape, et, v)
                        .map_err(|e| e.in_field(name).in_field(content))?;
                }
            } else if shape.has_deny_unknown_fields_attr() {
                return Err(self.err(ErrorKind::UnknownField {
                    shape: shape.to_string(),
                    field: key.to_owned(),
                }));
            } else {
                self.ev.skip()?;
            }
        }
        if !seen_content {
            if var.data.kind != StructKind::Unit {
                return Err(self.err(ErrorKind::MissingFields {
                    shape: shape.to_string(),
                    fields: vec![content.to_owned()],
                }));
            }
            self.op(Op::set().at(idx(v)).stage())?;
            self.op(Op::end())?;
        }
        self.close(dst)
    }

    /// No tag: the first variant, in declaration order, whose payload the
    /// value fits, found by [`check_untagged`](Self::check_untagged), then
    /// built (the untagged values inside it reuse the verdicts that check
    /// found: the look-ahead is never repeated).
    fn untagged(&mut self, shape: &'static Shape, et: &'static EnumType, dst: Dst) -> Result<()> {
        // A string naming a unit variant is that variant (as facet's
        // deserializer reads `#[facet(untagged)] enum Color { Red, Blue }`).
        if self.peek_kind()? == Peeked::Scalar
            && let ParseEventKind::Scalar(ScalarValue::Str(s)) = self.peek()?.kind
            && let Some(v) = et
                .variants
                .iter()
                .position(|v| v.data.kind == StructKind::Unit && v.effective_name() == s)
        {
            self.next()?;
            self.open(dst, false)?;
            self.op(Op::set().at(idx(v)).stage())?;
            self.op(Op::end())?;
            return self.close(dst);
        }
        let Some(v) = self.check_untagged(shape, et)? else {
            return Err(self.err(ErrorKind::NoVariantMatched {
                shape: shape.to_string(),
            }));
        };
        if S::DRY {
            // Checking is all a dry walk does: move past the value.
            return self.ev.skip();
        }
        self.untagged_open += 1;
        self.open(dst, false)?;
        self.variant(shape, et, v)?;
        self.close(dst)?;
        self.untagged_open -= 1;
        if self.untagged_open == 0 {
            // Positions behind the outermost untagged value are never
            // looked at again.
            self.verdicts.clear();
        }
        Ok(())
    }

    /// Which variant of an untagged enum the value that starts at the next
    /// event fits (the first in declaration order), checked by a dry walk
    /// over recorded events; the walk does not move. Remembered per
    /// (position, enum) ([`super::memo`]). A depth error found while
    /// looking ahead is not a mismatch: it ends the parse.
    fn check_untagged(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
    ) -> Result<Option<usize>> {
        let key = (self.ev.pos(), core::ptr::from_ref(shape) as usize);
        if let Some(vd) = self.verdicts.get(&key).copied()
            && self.depth + vd.height <= MAX_DEPTH
        {
            self.peak = self.peak.max(self.depth + vd.height);
            return Ok(vd.variant.map(|v| v as usize));
        }
        let mut found = None;
        let mut height = 0;
        for v in 0..et.variants.len() {
            let mark = self.ev.save()?;
            let depth = self.depth;
            let mut dry = self.dry();
            let fits = dry.variant(shape, et, v);
            height = height.max(dry.peak - depth);
            self.ev.restore(mark);
            match fits {
                Ok(()) => {
                    found = Some(v);
                    break;
                }
                Err(e) if matches!(e.kind(), ErrorKind::RecursionLimit) => return Err(e),
                Err(_) => {}
            }
        }
        self.peak = self.peak.max(self.depth + height);
        self.verdicts.insert(
            key,
            super::memo::Verdict {
                height,
                variant: found.map(idx),
            },
        );
        Ok(found)
    }
}
