//! Enums in every representation facet exposes: externally, internally
//! and adjacently tagged (untagged ones: `untagged.rs`).

use super::enum_forms::{capturing_other, named_variant, other_variant};
use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    // ---- enums --------------------------------------------------------

    pub(super) fn enumeration(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if shape.is_cow() {
            return self.cow(shape, et, dst, peek);
        }
        if !Src::SELF_DESCRIBING {
            return self.indexed(shape, et, dst, peek);
        }
        if shape.is_numeric() && shape.tag.is_none() {
            return self.numeric(shape, et, dst, peek);
        }
        if shape.is_untagged() {
            return self.untagged(shape, et, dst, peek);
        }
        match (shape.tag, shape.content) {
            (Some(tag), Some(content)) => self.adjacent(shape, et, tag, content, dst, peek),
            (Some(tag), None) => self.internal(shape, et, tag, None, dst, peek),
            _ => self.external(shape, et, dst, peek),
        }
    }

    /// The variant named `name`.
    pub(super) fn variant_index(
        &self,
        shape: &'static Shape,
        et: &'static EnumType,
        name: &str,
        at: usize,
    ) -> Result<usize> {
        match named_variant(et, name) {
            Some(v) => Ok(v),
            None => Err(Error::new(
                ErrorKind::UnknownVariant {
                    shape: shape.to_string(),
                    variant: name.to_owned(),
                },
                at,
            )),
        }
    }

    /// `"Unit"` or `{"Variant": payload}`.
    pub(super) fn external(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if let Some(cap) = capturing_other(et)
            && self.captured(et, peek)?
        {
            return self.other_captured(shape, et, cap, None, dst, peek);
        }
        match peek {
            Peek::STRING if other_variant(et).is_some() => {
                let at = self.at();
                let name = match self.string()? {
                    StrRead::Borrowed(s) => KeyText::Borrowed(s),
                    StrRead::Escaped(s) => KeyText::Owned(s),
                };
                match named_variant(et, name.as_str()) {
                    Some(v) => self.unit_variant(shape, et, v, at, dst),
                    None => {
                        let o = other_variant(et).expect("checked above");
                        self.other_from_text(shape, et, o, name, at, dst)
                    }
                }
            }
            Peek::STRING => {
                let at = self.at();
                let v = {
                    let name = self.src.scratch_str()?;
                    named_variant(et, name).ok_or_else(|| name.to_owned())
                };
                match v {
                    Ok(v) => self.unit_variant(shape, et, v, at, dst),
                    Err(name) => self.unknown_variant(shape, name, at),
                }
            }
            Peek::OBJECT => {
                let at = self.at();
                let v = {
                    let key = self.src.object_start()?;
                    match key {
                        None => Err(None),
                        // An unknown name is the `#[facet(other)]` variant,
                        // if there is one, with the payload as its own.
                        Some(name) => named_variant(et, name)
                            .or_else(|| other_variant(et))
                            .ok_or_else(|| Some(name.to_owned())),
                    }
                };
                let v = match v {
                    Ok(v) => v,
                    Err(Some(name)) => return self.unknown_variant(shape, name, at),
                    Err(None) => return Err(self.single_key(shape, "an empty object", at)),
                };
                self.open(dst, false)?;
                let p = self.peek()?;
                let name = et.variants[v].effective_name();
                self.variant(shape, et, v, p)
                    .map_err(|e| e.in_field(name))?;
                let extra_at = self.at();
                if self.next_key()?.is_some() {
                    return Err(self.single_key(shape, "more keys", extra_at));
                }
                self.close(dst)
            }
            Peek::TAG => {
                // A format with tagged-union syntax (`@Variant value`).
                let at = self.at();
                let v = match self.src.tag()? {
                    Some(name) => named_variant(et, name).ok_or_else(|| Some(name.to_owned())),
                    None => Err(None),
                };
                let v = match v {
                    Ok(v) => v,
                    Err(tag) => {
                        // A tag no variant has: the capturing `other`
                        // variant's, with the payload as its content.
                        if let Some(cap) = capturing_other(et) {
                            let p = self.peek()?;
                            return self.other_captured(shape, et, cap, tag, dst, p);
                        }
                        return self.unknown_variant(shape, tag.unwrap_or_default(), at);
                    }
                };
                self.open(dst, false)?;
                let name = et.variants[v].effective_name();
                let p = self.peek()?;
                self.variant(shape, et, v, p)
                    .map_err(|e| e.in_field(name))?;
                self.close(dst)
            }
            _ => Err(self.wrong(shape, peek)),
        }
    }

    /// Variant `v`, named by a bare string: a unit variant.
    pub(super) fn unit_variant(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        v: usize,
        at: usize,
        dst: Dst,
    ) -> Result<()> {
        let var = &et.variants[v];
        if var.data.kind != StructKind::Unit {
            return Err(Error::new(
                ErrorKind::WrongType {
                    expected: format!(
                        "{shape}::{} (an object holding its payload)",
                        var.effective_name()
                    ),
                    found: "string",
                },
                at,
            ));
        }
        self.open(dst, false)?;
        self.op(Op::set().at(v as u32).stage())?;
        self.op(Op::end())?;
        self.close(dst)
    }

    pub(super) fn unknown_variant(
        &self,
        shape: &'static Shape,
        name: String,
        at: usize,
    ) -> Result<()> {
        Err(Error::new(
            ErrorKind::UnknownVariant {
                shape: shape.to_string(),
                variant: name,
            },
            at,
        ))
    }

    /// Selects variant `v` of the enum node under the cursor and reads its
    /// payload from the value `peek` starts: `null` (or, coercing, `{}`) for
    /// a unit variant, the
    /// value for a newtype variant, an array for a tuple variant, an object
    /// for a struct variant. The cursor is back on the enum node after.
    pub(super) fn variant(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        v: usize,
        peek: Peek,
    ) -> Result<()> {
        let var = &et.variants[v];
        self.op(Op::set().at(v as u32).stage())?;
        let fields = var.data.fields;
        match var.data.kind {
            StructKind::Unit if !Src::SELF_DESCRIBING => {}
            // Also an empty map where the source coerces, as facet-format's
            // deserializer takes one.
            StructKind::Unit if self.coerce() && peek == Peek::OBJECT => {
                if self.src.object_start()?.is_some() {
                    return Err(self.wrong(shape, peek));
                }
            }
            StructKind::Unit => self.null(shape, peek)?,
            StructKind::TupleStruct | StructKind::Tuple if fields.len() == 1 => {
                self.op(Op::set().at(0).stage())?;
                self.value(fields[0].shape(), Dst::Field(0), peek)?;
                self.op(Op::end())?;
            }
            StructKind::TupleStruct | StructKind::Tuple => {
                let peek = if Src::SELF_DESCRIBING {
                    peek
                } else {
                    self.told(Hint::Struct(fields.len()))?
                };
                self.fixed(
                    shape,
                    fields.len(),
                    |i| fields[i].shape(),
                    Dst::Field(0),
                    peek,
                )?;
            }
            StructKind::Struct if !Src::SELF_DESCRIBING => {
                let peek = self.told(Hint::Struct(positional::written(fields)))?;
                self.fields_in_order(shape, fields, Dst::Field(0), peek)?;
            }
            StructKind::Struct => {
                if peek != Peek::OBJECT {
                    return Err(self.wrong(shape, peek));
                }
                let body = Body::of_variant(shape, var, [None; 2]);
                self.open(Dst::Field(0), body.flatten || self.reopen)?;
                self.body(&body)?;
                self.op(Op::end())?;
            }
        }
        self.op(Op::end())
    }

    /// Finds the value of `tag` among the keys of the object that starts
    /// here, without moving: the variant it names.
    pub(super) fn scan_tag(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
    ) -> Result<usize> {
        let start = self.at();
        let mut probe = self.src.clone();
        let mut key = probe.object_start()?.map(|k| k == tag);
        while let Some(is_tag) = key {
            if is_tag {
                let p = probe.peek()?;
                let at = probe.offset();
                if p != Peek::STRING {
                    return Err(Error::new(
                        ErrorKind::WrongType {
                            expected: format!("{shape} tag {tag:?} (a string)"),
                            found: found(p).unwrap_or("invalid JSON"),
                        },
                        at,
                    ));
                }
                let name = probe.scratch_str()?;
                return self.variant_index(shape, et, name, at);
            }
            let p = probe.peek()?;
            let reached = skip_value(&mut probe, p, self.depth)?;
            self.reached(reached);
            key = probe.next_key()?.map(|k| k == tag);
        }
        Err(Error::new(
            ErrorKind::MissingTag {
                shape: shape.to_string(),
                tag,
            },
            start,
        ))
    }

    /// `{"tag": "Variant", ...fields}`: struct variants, unit variants, and
    /// newtype variants holding a struct or another internally tagged enum
    /// (whose tag is in the same object; `outer` is then the tag to pass
    /// over, besides this enum's).
    pub(super) fn internal(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
        outer: Option<&'static str>,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::OBJECT {
            return Err(self.wrong(shape, peek));
        }
        let v = self.scan_tag(shape, et, tag)?;
        let var = &et.variants[v];
        let name = var.effective_name();
        // A newtype variant holding another internally tagged enum: that
        // enum reads the same object, passing over this tag too.
        if let [field] = var.data.fields
            && var.data.kind != StructKind::Struct
            && let inner = field.shape()
            && let Type::User(UserType::Enum(inner_et)) = &inner.ty
            && let (Some(inner_tag), None) = (inner.tag, inner.content)
            && !inner.is_untagged()
        {
            if outer.is_some() {
                return Err(self.unsupported(
                    shape,
                    "internally tagged enums nested more than two deep in one object",
                ));
            }
            self.open(dst, false)?;
            self.op(Op::set().at(v as u32).stage())?;
            self.op(Op::set().at(0).stage())?;
            self.internal(inner, inner_et, inner_tag, Some(tag), Dst::Field(0), peek)
                .map_err(|e| e.in_field(name))?;
            self.op(Op::end())?;
            self.op(Op::end())?;
            return self.close(dst);
        }
        self.open(dst, false)?;
        self.op(Op::set().at(v as u32).stage())?;
        let fields = var.data.fields;
        let body = Body::of_variant(shape, var, [Some(tag), outer]);
        match var.data.kind {
            StructKind::Unit => self.body(&body)?,
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
                let body = Body {
                    skip_keys: [Some(tag), outer],
                    ..Body::of_struct(inner, st)
                };
                self.op(Op::set().at(0).stage())?;
                self.open(Dst::Field(0), body.flatten || self.reopen)?;
                self.body(&body).map_err(|e| e.in_field(name))?;
                self.op(Op::end())?;
                self.op(Op::end())?;
            }
            _ => {
                return Err(self.unsupported(shape, "internally tagged tuple variants"));
            }
        }
        self.op(Op::end())?;
        self.close(dst)
    }

    /// `{"tag": "Variant", "content": payload}`, in either order.
    pub(super) fn adjacent(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
        content: &'static str,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::OBJECT {
            return Err(self.wrong(shape, peek));
        }
        let v = self.scan_tag(shape, et, tag)?;
        let var = &et.variants[v];
        let name = var.effective_name();
        self.open(dst, false)?;
        let (mut seen_tag, mut seen_content) = (false, false);
        let mut first = true;
        loop {
            let key_at = self.at();
            let which = {
                match object_key(&mut self.src, &mut first)? {
                    Some(k) if k == tag => 0,
                    Some(k) if k == content => 1,
                    Some(k) if shape.has_deny_unknown_fields_attr() => {
                        return Err(Error::new(
                            ErrorKind::UnknownField {
                                shape: shape.to_string(),
                                field: k.to_owned(),
                            },
                            key_at,
                        ));
                    }
                    Some(_) => 2,
                    None => break,
                }
            };
            let p = self.peek()?;
            match which {
                0 => {
                    if core::mem::replace(&mut seen_tag, true) {
                        let e = ErrorKind::DuplicateField {
                            shape: shape.to_string(),
                            field: tag,
                        };
                        return Err(Error::new(e, key_at));
                    }
                    self.skip(p)?;
                }
                1 => {
                    if core::mem::replace(&mut seen_content, true) {
                        let e = ErrorKind::DuplicateField {
                            shape: shape.to_string(),
                            field: content,
                        };
                        return Err(Error::new(e, key_at));
                    }
                    self.variant(shape, et, v, p)
                        .map_err(|e| e.in_field(name).in_field(content))?;
                }
                _ => self.skip(p)?,
            }
        }
        if !seen_content {
            if var.data.kind == StructKind::Unit {
                self.op(Op::set().at(v as u32).stage())?;
                self.op(Op::end())?;
            } else {
                let at = self.at().saturating_sub(1);
                return Err(Error::new(
                    ErrorKind::MissingFields {
                        shape: shape.to_string(),
                        fields: vec![content],
                    },
                    at,
                ));
            }
        }
        self.close(dst)
    }
}
