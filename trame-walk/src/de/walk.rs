//! The core of the walk: construction, positions and errors, the op
//! helpers, tokens, and [`De::value`], which dispatches on the shape.

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    pub(crate) fn new(src: Src, sink: S) -> Self {
        let reopen = src.reopens();
        De {
            reopen,
            src,
            sink,
            depth: 0,
            peak: 0,
            memo: memo::Memo::new(),
            look: None,
            verdicts: memo::Verdicts::default(),
            untagged_open: 0,
            strict: false,
            #[cfg(feature = "steps")]
            steps: 0,
            _de: core::marker::PhantomData,
        }
    }

    /// Values walked so far, by this walk and its look-ahead.
    #[cfg(feature = "steps")]
    pub(crate) fn total_steps(&self) -> u64 {
        self.steps + self.look.as_ref().map_or(0, |l| l.steps)
    }

    /// Whether a value may be coerced into another kind as facet-format's
    /// deserializer coerces it ([`Tokens::COERCE`]), here: not while an
    /// untagged variant is looked for among those the value fits as it is.
    #[inline(always)]
    pub(super) fn coerce(&self) -> bool {
        Src::COERCE && !self.strict
    }

    // ---- errors -------------------------------------------------------

    #[inline]
    pub(super) fn at(&self) -> usize {
        self.src.offset()
    }

    /// The start of the key whose read began at `at` (past `{`, `,` and
    /// whitespace).
    #[cold]
    pub(super) fn key_start(&self, at: usize) -> usize {
        self.src.key_offset(at)
    }

    #[cold]
    pub(super) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.at())
    }

    /// "expected {shape}, found {what the peek announces}", or the syntax
    /// error when the peek starts no value.
    #[cold]
    pub(super) fn wrong(&self, shape: &'static Shape, peek: Peek) -> Error {
        // Malformed JSON is reported as such, before any type mismatch
        // (not when dry: a dry walk's mismatches are never reported, and
        // probing there would cost time in the value's size).
        if !S::DRY && Src::SELF_DESCRIBING {
            let mut probe = self.src.clone();
            if let Err(e) = skip_value(&mut probe, peek, self.depth) {
                return e;
            }
        }
        let e = match found(peek) {
            Some(found) => self.err(ErrorKind::WrongType {
                expected: shape.to_string(),
                found,
            }),
            None => self.err(ErrorKind::Syntax("expected value".into())),
        };
        match self.src.clone().found(peek) {
            Some(detail) => e.with_found(detail),
            None => e,
        }
    }

    #[cold]
    pub(super) fn build_err(&self, e: TrameError) -> Error {
        self.err(ErrorKind::Build(e))
    }

    #[cold]
    pub(super) fn unsupported(&self, shape: &'static Shape, what: &'static str) -> Error {
        self.err(ErrorKind::Unsupported {
            shape: shape.to_string(),
            what,
        })
    }

    // ---- ops ----------------------------------------------------------

    #[inline]
    pub(super) fn op(&mut self, op: Op<'de>) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match self.sink.apply(op) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.build_err(e)),
        }
    }

    /// Moves `v` into `dst`.
    #[inline]
    pub(super) fn put<T: Facet<'de>>(&mut self, dst: Dst, v: T) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match dst {
            Dst::Here => self.op(Op::set().imm(v)),
            Dst::Field(i) => self.op(Op::set().at(i).imm(v)),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::set().imm(v))?;
                self.op(Op::end())
            }
        }
    }

    /// Writes the default of `dst`'s type (`None` for an option).
    pub(super) fn put_default(&mut self, dst: Dst) -> Result<()> {
        match dst {
            Dst::Here => self.op(Op::set().default()),
            Dst::Field(i) => self.op(Op::set().at(i).default()),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::set().default())?;
                self.op(Op::end())
            }
        }
    }

    /// Opens `dst` for building part by part; the cursor moves onto it.
    #[inline]
    pub(super) fn open(&mut self, dst: Dst, deferred: bool) -> Result<()> {
        let b = Op::set();
        let b = match dst {
            Dst::Here => b,
            Dst::Field(i) => b.at(i),
            Dst::Append => b.append(),
        };
        self.op(if deferred {
            b.stage_deferred()
        } else {
            b.stage()
        })
    }

    /// Leaves the node `open` entered.
    #[inline]
    pub(super) fn close(&mut self, dst: Dst) -> Result<()> {
        match dst {
            Dst::Here => Ok(()),
            _ => self.op(Op::end()),
        }
    }

    /// Enters a value of a nested shape: one level deeper.
    #[inline]
    pub(super) fn descend(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(ErrorKind::RecursionLimit));
        }
        if S::DRY && self.depth > self.peak {
            self.peak = self.depth;
        }
        Ok(())
    }

    /// Notes that a dry walk reached `depth` (skipping a value).
    #[inline]
    pub(super) fn reached(&mut self, depth: u32) {
        if S::DRY && depth > self.peak {
            self.peak = depth;
        }
    }

    // ---- tokens -------------------------------------------------------

    #[inline]
    pub(super) fn peek(&mut self) -> Result<Peek> {
        self.src.peek()
    }

    /// The rest of the object after a value: the next key, if any.
    #[inline]
    pub(super) fn next_key(&mut self) -> Result<Option<&str>> {
        self.src.next_key()
    }

    /// A string for a borrowing `&'de str`: an error if it had escapes.
    pub(super) fn borrowed_str(&mut self, shape: &'static Shape, peek: Peek) -> Result<&'de str> {
        if peek != Peek::STRING {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        match self.string()? {
            StrRead::Borrowed(s) => Ok(s),
            StrRead::Escaped(_) => Err(Error::new(ErrorKind::EscapedBorrow, start)),
        }
    }

    /// An owned string (for `String`, `Box<str>`, …), not made when dry;
    /// a number's text where the source coerces ([`Tokens::COERCE`]).
    pub(super) fn owned_str(&mut self, shape: &'static Shape, peek: Peek) -> Result<String> {
        if peek != Peek::STRING {
            if self.coerce() && peek.is_number() {
                return self.number_text(peek);
            }
            return Err(self.wrong(shape, peek));
        }
        Ok(match self.string()? {
            StrRead::Borrowed(s) if !S::DRY => s.to_owned(),
            StrRead::Borrowed(_) => String::new(),
            StrRead::Escaped(s) => s,
        })
    }

    pub(super) fn null(&mut self, shape: &'static Shape, peek: Peek) -> Result<()> {
        if peek != Peek::NULL {
            return Err(self.wrong(shape, peek));
        }
        self.src.null()
    }

    pub(super) fn skip(&mut self, peek: Peek) -> Result<()> {
        let reached = skip_value(&mut self.src, peek, self.depth)?;
        self.reached(reached);
        Ok(())
    }

    /// Reads the string that starts here (its `"` peeked): borrowed when
    /// it has no escapes, decoded otherwise (left empty when the walk is
    /// dry).
    #[inline]
    pub(super) fn string(&mut self) -> Result<StrRead<'de>> {
        self.src.string(!S::DRY)
    }

    // ---- the walk -----------------------------------------------------

    /// Reads the document's value into the root.
    pub(crate) fn root(&mut self, shape: &'static Shape) -> Result<()> {
        if self.src.is_empty()? && shape.is(facet::Characteristic::Default) {
            return self.put_default(Dst::Here);
        }
        let peek = self.peek()?;
        self.value(shape, Dst::Here, peek)?;
        self.src.finish()
    }

    /// Reads one value (whose first byte is `peek`) of `shape` into `dst`.
    ///
    /// Every value of a nested shape is one level of depth: a recursive
    /// type cannot recurse deeper than [`MAX_DEPTH`], whatever the input.
    // t[impl json.bounds.depth]
    pub(crate) fn value(&mut self, shape: &'static Shape, dst: Dst, peek: Peek) -> Result<()> {
        #[cfg(feature = "steps")]
        {
            self.steps += 1;
        }
        let peek = self.resolve(shape, peek)?;
        // Structs with named fields first: the most common compound value.
        if let (Type::User(UserType::Struct(st)), Def::Undefined) = (&shape.ty, shape.def)
            && st.kind == StructKind::Struct
            && !shape.has_any_proxy()
        {
            self.descend()?;
            self.structure(shape, st, dst, peek)?;
            self.depth -= 1;
            return Ok(());
        }
        let class = self.memo.class(shape);
        if let Some(k) = class.native {
            return native!(k, self.put_native(shape, dst, peek));
        }
        self.descend()?;
        if shape.has_any_proxy()
            && let Some(proxy) = shape.effective_proxy(self.src.format())
        {
            self.proxied(proxy.shape, dst, peek)?;
            self.depth -= 1;
            return Ok(());
        }
        self.nested(shape, class.kind, dst, peek)?;
        self.depth -= 1;
        Ok(())
    }

    /// [`value`](Self::value) of a shape that is not a native scalar, one
    /// level down, built the way trame's [`ShapeKind`] for it says (facet's
    /// description gives what the kind leaves open: fields, variants,
    /// element shapes; a kind that disagrees with it is a panic).
    // t[impl walk.kind]
    fn nested(
        &mut self,
        shape: &'static Shape,
        kind: ShapeKind,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        match kind {
            ShapeKind::Struct | ShapeKind::Tuple => match &shape.ty {
                Type::User(UserType::Struct(st)) => self.structure(shape, st, dst, peek),
                _ => kind_mismatch(shape, kind),
            },
            ShapeKind::Enum => match (shape.def, &shape.ty) {
                (Def::Result(rd), _) => self.result(shape, rd.t, rd.e, dst, peek),
                (_, Type::User(UserType::Enum(et))) => self.enumeration(shape, et, dst, peek),
                _ => kind_mismatch(shape, kind),
            },
            ShapeKind::Option => match shape.def {
                Def::Option(od) => self.option(shape, od.t, dst, peek),
                _ => kind_mismatch(shape, kind),
            },
            ShapeKind::Pointer => {
                let t = inner(shape, kind);
                self.open(dst, false)?;
                self.value(t, Dst::Field(0), peek)?;
                self.close(dst)
            }
            ShapeKind::List => {
                // A list, or a pointer to a slice trame builds like one.
                let t = match shape.def {
                    Def::List(ld) => ld.t,
                    _ => inner(shape, kind),
                };
                if peek == Peek::BYTES && shape == <Vec<u8>>::SHAPE {
                    let bytes = self.src.bytes()?;
                    if S::DRY {
                        return Ok(());
                    }
                    return self.put(dst, bytes.into_owned());
                }
                if let Def::List(_) = shape.def
                    && let Some(k) = self.memo.native_kind(t)
                    && native!(k, self.vec_native(shape, t, dst, peek))?
                {
                    return Ok(());
                }
                self.seq(shape, t, dst, peek)
            }
            ShapeKind::Set => match shape.def {
                Def::Set(sd) => self.seq(shape, sd.t, dst, peek),
                _ => kind_mismatch(shape, kind),
            },
            ShapeKind::Map => match shape.def {
                Def::Map(md) => self.map(shape, md.k, md.v, dst, peek),
                _ => kind_mismatch(shape, kind),
            },
            ShapeKind::Array => match (shape.def, &shape.ty) {
                (Def::Array(ad), _) => self.fixed(shape, ad.n, |_| ad.t, dst, peek),
                (_, Type::Sequence(facet::SequenceType::Array(a))) => {
                    let t = a.t;
                    self.fixed(shape, a.n, |_| t, dst, peek)
                }
                _ => kind_mismatch(shape, kind),
            },
            ShapeKind::Dynamic => self.dynamic(shape, dst, peek),
            // Set whole: text forms of pointers to `str`, or by the type's
            // own hooks.
            ShapeKind::Scalar => match shape.def {
                Def::Pointer(_) => self.str_pointer(shape, dst, peek),
                _ if empty_with_default(shape) => self.empty_scalar(shape, dst, peek),
                _ => self.hooked_scalar(shape, dst, peek),
            },
            _ => Err(self.unsupported(shape, "a type trame cannot build")),
        }
    }

    /// `Option<T>`: `null` (not after a `Some` marker) is `None`.
    fn option(
        &mut self,
        shape: &'static Shape,
        t: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let present = peek == Peek::SOME;
        let peek = if present {
            // A marker that the value is there: the value follows
            // (a `null` after it is the value's own: `Some(None)`).
            self.src.some()?;
            let p = self.peek()?;
            self.resolve(t, p)?
        } else {
            peek
        };
        if !(present && peek == Peek::NULL)
            && let Some(k) = self.memo.native_kind(t)
            && native!(k, self.option_native(shape, t, dst, peek))?
        {
            return Ok(());
        }
        if peek == Peek::NULL && !present {
            self.src.null()?;
            return self.put_default(dst);
        }
        self.open(dst, false)?;
        self.value(t, Dst::Field(0), peek)?;
        self.close(dst)
    }
}

/// The shape built inside a value of `kind` (an option's payload, a
/// pointee, an element), as trame gives it.
///
/// # Panics
///
/// When trame gives none: trame documents an inner shape for every such
/// kind, so this does not happen.
pub(super) fn inner(shape: &'static Shape, kind: ShapeKind) -> &'static Shape {
    match IShape::inner(shape) {
        Some(t) => t,
        None => kind_mismatch(shape, kind),
    }
}

/// A shape whose facet description disagrees with the kind trame gave it.
///
/// # Panics
///
/// Always: trame derives the kind from the same description, so this
/// does not happen.
#[cold]
pub(super) fn kind_mismatch(shape: &'static Shape, kind: ShapeKind) -> ! {
    panic!("trame's kind {kind:?} of `{shape}` does not match its facet description")
}
