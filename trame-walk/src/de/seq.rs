//! Pointers, `Result`, sequences (lists, sets, arrays, tuples), maps, and
//! skipping unknown values.

use super::enum_forms::{named_variant, other_variant};
use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// A pointer to `str` (`Box<str>`, `Arc<str>`, `Rc<str>`), which trame
    /// sets whole, from a string. (`&str` and `Cow<str>` are native.)
    pub(super) fn str_pointer(
        &mut self,
        shape: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if shape == <Box<str>>::SHAPE {
            let s = self.owned_str(shape, peek)?;
            return self.put(dst, s.into_boxed_str());
        }
        if shape == <Arc<str>>::SHAPE {
            let s = self.owned_str(shape, peek)?;
            return self.put(dst, Arc::<str>::from(s));
        }
        if shape == <Rc<str>>::SHAPE {
            let s = self.owned_str(shape, peek)?;
            return self.put(dst, Rc::<str>::from(s));
        }
        Err(self.unsupported(shape, "this kind of pointer"))
    }

    /// `Result<T, E>`: `{"Ok": value}` or `{"Err": value}`.
    pub(super) fn result(
        &mut self,
        shape: &'static Shape,
        ok: &'static Shape,
        err: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if !Src::SELF_DESCRIBING {
            return self.result_indexed(shape, [ok, err], dst, peek);
        }
        if peek != Peek::OBJECT {
            return Err(self.wrong(shape, peek));
        }
        let at = self.at();
        let v = match self.src.object_start()? {
            Some("Ok") => 0,
            Some("Err") => 1,
            Some(other) => {
                let variant = other.to_owned();
                return self.unknown_variant(shape, variant, at);
            }
            None => return Err(self.single_key(shape, "an empty object", at)),
        };
        self.open(dst, false)?;
        let p = self.peek()?;
        self.result_payload([ok, err], v, p)?;
        let extra_at = self.at();
        if self.next_key()?.is_some() {
            return Err(self.single_key(shape, "more keys", extra_at));
        }
        self.close(dst)
    }

    /// Selects `Ok` (`v` 0) or `Err` (1) of the `Result` node under the
    /// cursor and reads its payload from the value `peek` starts.
    pub(super) fn result_payload(
        &mut self,
        payloads: [&'static Shape; 2],
        v: usize,
        peek: Peek,
    ) -> Result<()> {
        self.op(Op::set().at(v as u32).stage())?;
        self.value(payloads[v], Dst::Field(0), peek)
            .map_err(|e| e.in_field(["Ok", "Err"][v]))?;
        self.op(Op::end())
    }

    #[cold]
    pub(super) fn single_key(
        &self,
        shape: &'static Shape,
        found: &'static str,
        at: usize,
    ) -> Error {
        Error::new(
            ErrorKind::WrongType {
                expected: format!("{shape} (an object with a single key)"),
                found,
            },
            at,
        )
    }

    /// A list or set: an array, element by element.
    pub(super) fn seq(
        &mut self,
        shape: &'static Shape,
        elem: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::ARRAY {
            return Err(self.wrong(shape, peek));
        }
        self.open(dst, self.reopen)?;
        let mut next = self.src.array_start()?;
        let mut i = 0usize;
        while let Some(p) = next {
            self.value(elem, Dst::Append, p)
                .map_err(|e| e.in_index(i))?;
            i += 1;
            next = self.src.array_step()?;
        }
        self.close(dst)
    }

    /// A tuple or fixed-size array: an array of exactly `n` elements.
    pub(super) fn fixed(
        &mut self,
        shape: &'static Shape,
        n: usize,
        elem: impl Fn(usize) -> &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        self.elements(shape, n, dst, peek, |de, i, p| {
            de.value(elem(i), Dst::Field(i as u32), p)
                .map_err(|e| e.in_index(i))
        })
    }

    /// An array of exactly `n` elements into `dst`, element `i` read by
    /// `read` (into `Field(i)`).
    pub(super) fn elements(
        &mut self,
        shape: &'static Shape,
        n: usize,
        dst: Dst,
        peek: Peek,
        read: impl FnMut(&mut Self, usize, Peek) -> Result<()>,
    ) -> Result<()> {
        if peek != Peek::ARRAY {
            return Err(self.wrong(shape, peek));
        }
        self.open(dst, false)?;
        self.elements_in(shape, n, read)?;
        self.close(dst)
    }

    /// The elements of an array (its start peeked) into the node under
    /// the cursor: exactly `n`, element `i` read by `read`.
    pub(super) fn elements_in(
        &mut self,
        shape: &'static Shape,
        n: usize,
        mut read: impl FnMut(&mut Self, usize, Peek) -> Result<()>,
    ) -> Result<()> {
        let mut next = self.src.array_start()?;
        for i in 0..n {
            let Some(p) = next else {
                return Err(self.wrong_length(shape, n));
            };
            read(self, i, p)?;
            next = self.src.array_step()?;
        }
        if next.is_some() {
            return Err(self.wrong_length(shape, n));
        }
        Ok(())
    }

    #[cold]
    pub(super) fn wrong_length(&self, shape: &'static Shape, n: usize) -> Error {
        self.err(ErrorKind::WrongLength {
            shape: shape.to_string(),
            expected: n,
        })
    }

    /// A map: an object, one entry per key (last one wins).
    pub(super) fn map(
        &mut self,
        shape: &'static Shape,
        k: &'static Shape,
        v: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if !Src::SELF_DESCRIBING {
            return self.pairs(shape, k, v, dst, peek);
        }
        if peek != Peek::OBJECT {
            return Err(self.wrong(shape, peek));
        }
        self.open(dst, self.reopen)?;
        let mut first = true;
        loop {
            let key_at = self.at();
            let Some(key) = self.src.key_text(core::mem::take(&mut first))? else {
                break;
            };
            let text = match key {
                StrRead::Borrowed(s) => KeyText::Borrowed(s),
                StrRead::Escaped(s) => KeyText::Owned(s),
            };
            self.op(Op::set().append().stage())?;
            self.map_key(k, &text, key_at)
                .map_err(|e| e.in_key(text.as_str().to_owned()))?;
            let p = self.peek()?;
            self.value(v, Dst::Field(1), p)
                .map_err(|e| e.in_key(text.as_str().to_owned()))?;
            self.op(Op::end())?;
        }
        self.close(dst)
    }

    /// Writes a map key from its text into `Field(0)` of the entry
    /// ([`key_into`](Self::key_into)).
    pub(super) fn map_key(
        &mut self,
        k: &'static Shape,
        text: &KeyText<'de>,
        at: usize,
    ) -> Result<()> {
        self.key_into(k, text, at, Dst::Field(0))
    }

    /// Writes a key of shape `k` from its text at `dst`, as facet-format's
    /// deserializer reads keys: strings (and pointers to `str`) as they
    /// are; integers, booleans and chars parsed from the text; a
    /// unit variant by its name (or the `#[facet(other)]` variant); types
    /// with a parse hook by it; and through proxies, options, pointers and
    /// one-field wrappers (transparent or newtype), the key of what they
    /// hold.
    // t[impl walk.map-keys]
    pub(super) fn key_into(
        &mut self,
        k: &'static Shape,
        text: &KeyText<'de>,
        at: usize,
        dst: Dst,
    ) -> Result<()> {
        let s = text.as_str();
        let bad = |expected: &'static Shape| {
            Error::new(
                ErrorKind::WrongType {
                    expected: expected.to_string(),
                    found: "a string that is not one",
                },
                at,
            )
        };
        if k == String::SHAPE {
            return self.put(dst, s.to_owned());
        }
        if k == <&str>::SHAPE {
            return match text {
                KeyText::Borrowed(s) => self.put(dst, *s),
                KeyText::Owned(_) => Err(Error::new(ErrorKind::EscapedBorrow, at)),
            };
        }
        if k == <Cow<'_, str>>::SHAPE {
            let cow: Cow<'de, str> = match text {
                KeyText::Borrowed(s) => Cow::Borrowed(s),
                KeyText::Owned(s) => Cow::Owned(s.clone()),
            };
            return self.put(dst, cow);
        }
        match k.ty {
            Type::Primitive(PrimitiveType::Numeric(NumericType::Integer { signed })) => {
                // The key's text must be a JSON integer, nothing more.
                if !is_json_int(s) {
                    return Err(bad(k));
                }
                macro_rules! int {
                    ($t:ty) => {
                        match s.parse::<$t>() {
                            Ok(v) => self.put(dst, v),
                            Err(_) => Err(Error::new(
                                ErrorKind::OutOfRange {
                                    number: s.to_owned(),
                                    ty: k.to_string(),
                                },
                                at,
                            )),
                        }
                    };
                }
                if k == usize::SHAPE {
                    return int!(usize);
                }
                if k == isize::SHAPE {
                    return int!(isize);
                }
                match (signed, size_of(k)) {
                    (false, 1) => int!(u8),
                    (false, 2) => int!(u16),
                    (false, 4) => int!(u32),
                    (false, 8) => int!(u64),
                    (false, 16) => int!(u128),
                    (true, 1) => int!(i8),
                    (true, 2) => int!(i16),
                    (true, 4) => int!(i32),
                    (true, 8) => int!(i64),
                    (true, 16) => int!(i128),
                    _ => Err(self.unsupported(k, "an integer of unknown width")),
                }
            }
            Type::Primitive(PrimitiveType::Boolean) => match s {
                "true" => self.put(dst, true),
                "false" => self.put(dst, false),
                _ => Err(bad(k)),
            },
            Type::Primitive(PrimitiveType::Textual(TextualType::Char)) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => self.put(dst, c),
                    _ => Err(Error::new(ErrorKind::NotAChar, at)),
                }
            }
            _ => self.key_shaped(k, text, at, dst),
        }
    }

    /// [`key_into`](Self::key_into) of a key that is not a primitive.
    fn key_shaped(
        &mut self,
        k: &'static Shape,
        text: &KeyText<'de>,
        at: usize,
        dst: Dst,
    ) -> Result<()> {
        if k.has_any_proxy()
            && let Some(proxy) = k.effective_proxy(self.src.format())
        {
            self.open_with(dst, trame::Source::StageProxy)?;
            self.key_into(proxy.shape, text, at, Dst::Field(0))?;
            return self.close(dst);
        }
        let kind = self.memo.class(k).kind;
        match (kind, &k.ty) {
            (ShapeKind::Enum, Type::User(UserType::Enum(et))) if !k.is_numeric() => {
                match named_variant(et, text.as_str()) {
                    Some(v) => self.unit_variant(k, et, v, at, dst),
                    None => match other_variant(et) {
                        Some(o) => self.other_from_text(k, et, o, text.clone(), at, dst),
                        None => self.unknown_variant(k, text.as_str().to_owned(), at),
                    },
                }
            }
            (ShapeKind::Struct | ShapeKind::Tuple, Type::User(UserType::Struct(st)))
                if st.fields.len() == 1
                    && (k.is_transparent() || st.kind == StructKind::TupleStruct) =>
            {
                self.open(dst, false)?;
                self.key_into(st.fields[0].shape(), text, at, Dst::Field(0))?;
                self.close(dst)
            }
            (ShapeKind::Option | ShapeKind::Pointer, _) => {
                let inner = walk::inner(k, kind);
                self.open(dst, false)?;
                self.key_into(inner, text, at, Dst::Field(0))?;
                self.close(dst)
            }
            (ShapeKind::Scalar, _) if k == <Box<str>>::SHAPE => {
                self.put(dst, Box::<str>::from(text.as_str()))
            }
            (ShapeKind::Scalar, _) if k == <Arc<str>>::SHAPE => {
                self.put(dst, Arc::<str>::from(text.as_str()))
            }
            (ShapeKind::Scalar, _) if k == <Rc<str>>::SHAPE => {
                self.put(dst, Rc::<str>::from(text.as_str()))
            }
            (ShapeKind::Scalar, _) if k.hooks().parse => {
                let text = match text {
                    KeyText::Borrowed(s) => Cow::Borrowed(*s),
                    KeyText::Owned(s) => Cow::Owned(s.clone()),
                };
                self.put_source(dst, trame::Source::Parse(text))
            }
            _ => Err(self.unsupported(k, "this type as a map key")),
        }
    }
}

/// Skips the value `peek` starts, checking it; returns the deepest level
/// reached (each array or object one level below `depth`). Arrays and
/// objects are walked here, token by token, with the same depth limit as
/// the rest (jiter's own skip of nested values goes through `bitvec`,
/// which Miri's Stacked Borrows rejects).
pub(super) fn skip_value<'de, Src: Tokens<'de>>(
    src: &mut Src,
    peek: Peek,
    depth: u32,
) -> Result<u32> {
    match peek {
        Peek::ARRAY => {
            if depth >= MAX_DEPTH {
                return Err(Error::new(ErrorKind::RecursionLimit, src.offset()));
            }
            let mut reached = depth + 1;
            let mut next = src.array_start()?;
            while let Some(p) = next {
                reached = reached.max(skip_value(src, p, depth + 1)?);
                next = src.array_step()?;
            }
            Ok(reached)
        }
        Peek::OBJECT => {
            if depth >= MAX_DEPTH {
                return Err(Error::new(ErrorKind::RecursionLimit, src.offset()));
            }
            let mut reached = depth + 1;
            let mut more = src.object_start()?.is_some();
            while more {
                let p = src.peek()?;
                reached = reached.max(skip_value(src, p, depth + 1)?);
                more = src.next_key()?.is_some();
            }
            Ok(reached)
        }
        _ => {
            src.skip_scalar(peek)?;
            Ok(depth)
        }
    }
}
