//! Structs: routing keys to fields (directly or through flattened
//! fields), duplicates, missing fields and defaults.

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    // ---- structs ------------------------------------------------------

    pub(super) fn structure(
        &mut self,
        shape: &'static Shape,
        st: &'static facet::StructType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        match st.kind {
            // A unit struct is also an object with no fields (as facet's
            // serializers write it), read below.
            StructKind::Unit if !(Src::SELF_DESCRIBING && peek == Peek::OBJECT) => {
                self.unit(shape, peek)?;
                self.open(dst, false)?;
                self.close(dst)
            }
            StructKind::TupleStruct if st.fields.len() == 1 && Src::SELF_DESCRIBING => {
                if self.src.raw_capture_shape() == Some(shape) {
                    return self.raw(shape, dst, peek);
                }
                if Src::COERCE && peek == Peek::ARRAY && self.newtype_as_sequence(st)? {
                    let fields = st.fields;
                    return self.fixed(shape, 1, |i| fields[i].shape(), dst, peek);
                }
                self.newtype(st, dst, peek)
            }
            StructKind::Struct | StructKind::TupleStruct
                if st.fields.len() == 1 && shape.is_transparent() =>
            {
                self.newtype(st, dst, peek)
            }
            StructKind::TupleStruct | StructKind::Tuple => {
                let fields = st.fields;
                self.fixed(shape, fields.len(), |i| fields[i].shape(), dst, peek)
            }
            StructKind::Struct if shape.is_metadata_container() => {
                self.metadata_container(shape, st, dst, peek)
            }
            StructKind::Struct if !Src::SELF_DESCRIBING => {
                self.fields_in_order(shape, st.fields, dst, peek)
            }
            StructKind::Struct | StructKind::Unit => {
                if peek != Peek::OBJECT {
                    return Err(self.wrong(shape, peek));
                }
                let body = Body {
                    reenterable: self.reopen && !matches!(dst, Dst::Here),
                    ..Body::of_struct(shape, st)
                };
                self.open(dst, body.flatten || self.reopen)?;
                self.body(&body)?;
                self.close(dst)
            }
        }
    }

    /// Whether the sequence that starts here is a one-field tuple struct
    /// written as a sequence of one (as facet's serializers write it):
    /// always when the field does not read a sequence itself, and when it
    /// does, when the sequence starts with a sequence.
    #[cold]
    fn newtype_as_sequence(&mut self, st: &'static facet::StructType) -> Result<bool> {
        let inner = st.fields[0].shape();
        let sequence_like = matches!(inner.def, Def::List(_) | Def::Set(_) | Def::Array(_))
            || matches!(struct_of(inner), Some(s) if matches!(s.kind, StructKind::Tuple | StructKind::TupleStruct) && s.fields.len() != 1);
        if !sequence_like {
            return Ok(true);
        }
        let mut probe = self.src.clone();
        Ok(probe.array_start()? == Some(Peek::ARRAY))
    }

    /// A value captured as its text ([`Tokens::raw_capture_shape`]:
    /// facet-json's `RawJson`, a newtype over `Cow<'de, str>`), borrowed
    /// from the input, unparsed.
    #[cold]
    fn raw(&mut self, shape: &'static Shape, dst: Dst, peek: Peek) -> Result<()> {
        let start = self.at();
        self.skip(peek)?;
        let Some(text) = self.src.raw_text(start) else {
            return Err(self.unsupported(
                shape,
                "raw capture from a source that does not share its input",
            ));
        };
        self.open(dst, false)?;
        self.put::<Cow<'de, str>>(Dst::Field(0), Cow::Borrowed(text))?;
        self.close(dst)
    }

    /// A one-field tuple struct (or transparent struct): its field's value.
    pub(super) fn newtype(
        &mut self,
        st: &'static facet::StructType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        self.open(dst, false)?;
        self.field_value(&st.fields[0], Dst::Field(0), peek)?;
        self.close(dst)
    }

    /// Prepares a struct node under the cursor: every flattened struct
    /// field staged once (so that its own defaults apply even when none of
    /// its keys appear).
    pub(super) fn prepare(
        &mut self,
        shape: &'static Shape,
        fields: &'static [Field],
    ) -> Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if !f.is_flattened() {
                continue;
            }
            let inner = f.shape();
            let st = match struct_of(inner) {
                Some(st) if st.kind == StructKind::Struct => st,
                // An optional struct is `None` until one of its keys
                // comes (`close_optionals`).
                _ if flatten::optional_struct(f).is_some() => continue,
                // An enum is chosen by the key naming a variant.
                _ if flatten::tagged_enum(f).is_some() => continue,
                // An internally or adjacently tagged one by its tag, an
                // untagged one by the keys (`select_internal`).
                _ if flatten::internal_enum(f).is_some() => continue,
                _ if flatten::adjacent_enum(f).is_some() => continue,
                // The catch-all map starts empty.
                _ if matches!(inner.def, Def::Map(_)) => {
                    self.op(Op::set().at(i as u32).stage())?;
                    self.op(Op::end())?;
                    continue;
                }
                _ => {
                    return Err(self.unsupported(
                        shape,
                        "a flattened field that is not a struct, an Option of a struct, an enum or a map",
                    ));
                }
            };
            self.op(Op::set().at(i as u32).stage())?;
            self.prepare(inner, st.fields)?;
            self.op(Op::end())?;
        }
        Ok(())
    }

    /// Reads an object (its `{` peeked) into the struct-like node under the
    /// cursor: each key routed to its field, duplicates and (when denied)
    /// unknown keys rejected, missing fields reported by name.
    #[inline]
    pub(super) fn body(&mut self, b: &Body) -> Result<()> {
        if b.flatten {
            self.body_of::<true>(b)
        } else {
            self.body_of::<false>(b)
        }
    }

    /// [`body`](Self::body), made once for bodies with flattened fields
    /// (`FLAT`) and once for the others, which then carry no flatten
    /// state at all.
    fn body_of<const FLAT: bool>(&mut self, b: &Body) -> Result<()> {
        if FLAT {
            self.prepare(b.shape, b.fields)?;
        }
        let mut seen = Seen::default();
        // What flattened fields read (only bodies that have them).
        let mut fl = None;
        if FLAT {
            let mut f = flatten::Flattened::default();
            self.select_internal(b, &mut f)?;
            fl = Some(f);
        }
        let mut hint = 0usize;
        let mut first = true;
        loop {
            let key_at = self.at();
            let route = {
                let Some(key) = object_key(&mut self.src, &mut first)? else {
                    break;
                };
                if let Some(i) = self.memo.find_field(b.fields, key, hint) {
                    Route::Direct(i)
                } else if b.skip_keys[0] == Some(key) || b.skip_keys[1] == Some(key) {
                    Route::Skip
                } else if !FLAT {
                    if b.deny {
                        Route::Unknown(key.to_owned())
                    } else {
                        Route::Skip
                    }
                } else {
                    Route::Flat(flatten::route(b, fl.as_ref(), key))
                }
            };
            match route {
                Route::Direct(i) => {
                    let f = &b.fields[i];
                    if !seen.mark(i) && !self.reopen {
                        return Err(self.duplicate(b, f.effective_name(), self.key_start(key_at)));
                    }
                    hint = i + 1;
                    let p = self.peek()?;
                    self.field_value(f, Dst::Field(i as u32), p)
                        .map_err(|e| e.in_field(f.effective_name()))?;
                }
                Route::Flat(r) => {
                    let fl = fl.as_mut().expect("a body with flattened fields");
                    self.read_flattened(b, fl, r, &mut seen, key_at)?;
                }
                Route::Skip => {
                    let p = self.peek()?;
                    self.skip(p)?;
                }
                Route::Unknown(key) => {
                    return Err(self.unknown_field(b, key, key_at));
                }
            }
        }
        if let Some(fl) = &fl {
            self.close_optionals(b, fl)?;
            return self.finish_flattened(b, &seen, fl);
        }
        self.finish_body(b, &seen)
    }

    /// After the last key of a body with flattened fields: required keys
    /// that never came are an error, named as the input names them, at
    /// this level (those of flattened structs too).
    fn finish_flattened(&mut self, b: &Body, seen: &Seen, fl: &flatten::Flattened) -> Result<()> {
        let missing = fl.missing_keys(b, seen);
        self.missing_then_skipped(b, missing)
    }

    /// After the last key: missing fields are an error (unless defaults
    /// fill them); skipped fields get their type's default.
    #[inline(always)]
    pub(super) fn finish_body(&mut self, b: &Body, seen: &Seen) -> Result<()> {
        if b.defaulted {
            return self.finish_defaulted(b, seen);
        }
        let all = if b.fields.len() >= 128 {
            false
        } else {
            seen.small == (1u128 << b.fields.len()) - 1
        };
        if all {
            return Ok(());
        }
        if let Some(facts) = self.memo.body_facts(b.fields)
            && seen.small & facts.required == facts.required
        {
            // Every required field came: only skipped fields to fill.
            let mut skipped = facts.skipped;
            while skipped != 0 {
                let i = skipped.trailing_zeros();
                skipped &= skipped - 1;
                self.op(Op::set().at(i).default())?;
            }
            return Ok(());
        }
        self.missing_or_skipped(b, seen)
    }

    /// [`finish_body`](Self::finish_body) when fields are missing that the
    /// remembered facts do not cover (bodies of 128 fields or more, and
    /// containers marked `#[facet(default)]`, whose missing fields of a
    /// type with a `Default` trame fills).
    #[cold]
    #[inline(never)]
    fn missing_or_skipped(&mut self, b: &Body, seen: &Seen) -> Result<()> {
        let missing: Vec<&'static str> = b
            .fields
            .iter()
            .enumerate()
            .filter(|&(i, f)| !seen.has(i) && !flatten::needs_no_key_in(b, f))
            .map(|(_, f)| f.effective_name())
            .collect();
        self.missing_then_skipped(b, missing)
    }

    /// The end of a body: the `missing` fields are an error, named as the
    /// input names them; otherwise skipped fields get their type's default.
    fn missing_then_skipped(&mut self, b: &Body, missing: Vec<&'static str>) -> Result<()> {
        // A format that reopens objects may give the rest later: trame's
        // validation names what is still missing at the end.
        if !missing.is_empty() && !self.reopen {
            let at = self.at().saturating_sub(1);
            return Err(Error::new(
                ErrorKind::MissingFields {
                    shape: self.body_name(b),
                    fields: missing,
                },
                at,
            ));
        }
        for (i, f) in b.fields.iter().enumerate() {
            if f.should_skip_deserializing() && f.default.is_none() && !f.is_flattened() {
                self.op(Op::set().at(i as u32).default())?;
            }
        }
        Ok(())
    }

    /// [`finish_body`](Self::finish_body) for a container marked
    /// `#[facet(default)]` (as facet's builder reads one): an object that
    /// sets none of its fields is the container's `Default`, written whole
    /// (unless more of the node's keys may come later); otherwise each
    /// missing field takes its own default or its type's, filled by trame
    /// (`validate.container-default`), and a field with neither is missing.
    #[cold]
    #[inline(never)]
    fn finish_defaulted(&mut self, b: &Body, seen: &Seen) -> Result<()> {
        // t[impl walk.container-default]
        if seen.none() && !b.reenterable {
            return self.op(Op::set().default());
        }
        self.missing_or_skipped(b, seen)
    }

    #[cold]
    pub(super) fn duplicate(&self, b: &Body, field: &'static str, at: usize) -> Error {
        Error::new(
            ErrorKind::DuplicateField {
                shape: self.body_name(b),
                field,
            },
            at,
        )
    }

    /// A key that names no field, under `deny_unknown_fields`; the key's
    /// read began at `key_at`.
    #[cold]
    pub(super) fn unknown_field(&self, b: &Body, key: String, key_at: usize) -> Error {
        Error::new(
            ErrorKind::UnknownField {
                shape: self.body_name(b),
                field: key,
            },
            self.key_start(key_at),
        )
    }

    pub(super) fn body_name(&self, b: &Body) -> String {
        match b.variant {
            Some(v) => format!("{}::{v}", b.shape),
            None => b.shape.to_string(),
        }
    }
}
