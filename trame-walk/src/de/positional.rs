//! Formats that do not describe their values (postcard,
//! [`Tokens::SELF_DESCRIBING`] is `false`): before each value, the walk
//! tells the source its type ([`Tokens::hint`]), and it reads containers
//! by position.
//!
//! What each form is by position, as facet's serializers write it:
//!
//! - a struct (or struct variant): its fields in declaration order, but
//!   those facet's serializers leave out (`skip`, `skip_serializing`),
//!   which take their default (no keys, so nothing is missing, unknown or
//!   repeated);
//! - a tuple, a tuple struct, a fixed-size array: its elements;
//! - an enum: the variant's index, then its payload (none for a unit
//!   variant); `Result` likewise (`Ok` 0, `Err` 1);
//! - an option: whether it is present, then the value;
//! - a map: its entries, each a key then a value;
//! - a dynamic value: the value as the format describes it (its own tags),
//!   keys and all, to its end.
//!
//! The source answers a peek with [`Peek::HINT`] until told; the walk
//! resolves it where it knows the shape ([`De::resolve`]), from the same
//! dispatch that reads the value ([`De::hint_of`]).

use super::*;

// t[impl walk.positional]
impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// `peek`, or when it is [`Peek::HINT`], the kind of the value after
    /// the source was told it is a `shape`.
    #[inline]
    pub(super) fn resolve(&mut self, shape: &'static Shape, peek: Peek) -> Result<Peek> {
        if Src::SELF_DESCRIBING || peek != Peek::HINT {
            return Ok(peek);
        }
        self.hinted(shape)
    }

    /// Tells the source the next value is a `shape`, and peeks it.
    #[cold]
    fn hinted(&mut self, shape: &'static Shape) -> Result<Peek> {
        let hint = self.hint_of(shape)?;
        self.told(hint)
    }

    /// Tells the source `hint`, and peeks the value.
    pub(super) fn told(&mut self, hint: Hint) -> Result<Peek> {
        self.src.hint(hint);
        self.peek()
    }

    /// The hint for a value of `shape`: what [`value`](Self::value) reads
    /// it as.
    pub(super) fn hint_of(&self, shape: &'static Shape) -> Result<Hint> {
        let mut shape = shape;
        // Proxies, transparent wrappers and pointers are read as what they
        // hold; a bound on the chain, as shapes are data.
        for _ in 0..MAX_DEPTH {
            if shape.has_any_proxy()
                && let Some(proxy) = shape.effective_proxy(self.src.format())
            {
                shape = proxy.shape;
                continue;
            }
            if let Some(h) = primitive_hint(shape) {
                return Ok(h);
            }
            let kind = IShape::kind(shape);
            let next = match kind {
                ShapeKind::Scalar => match shape.def {
                    // (`&str` and `Cow<str>` are native: `primitive_hint`.)
                    Def::Pointer(_)
                        if shape == <Box<str>>::SHAPE
                            || shape == <Arc<str>>::SHAPE
                            || shape == <Rc<str>>::SHAPE =>
                    {
                        return Ok(Hint::String);
                    }
                    Def::Pointer(_) => return Err(self.unsupported(shape, "this kind of pointer")),
                    _ if empty_with_default(shape) => return Ok(Hint::Struct(0)),
                    _ => {
                        let hooks = shape.hooks();
                        match shape.inner {
                            Some(inner)
                                if hooks.try_from && scalar::native_kind(inner).is_some() =>
                            {
                                inner
                            }
                            _ if hooks.parse || hooks.parse_bytes => {
                                return Ok(Hint::Opaque(shape));
                            }
                            _ => return Err(self.no_form(shape)),
                        }
                    }
                },
                ShapeKind::Dynamic => return Ok(Hint::Dynamic),
                ShapeKind::Option => return Ok(Hint::Option),
                ShapeKind::List | ShapeKind::Set => return Ok(Hint::Sequence),
                ShapeKind::Map => return Ok(Hint::Map),
                ShapeKind::Array => return Ok(Hint::Array(IShape::slot_count(shape))),
                ShapeKind::Pointer => walk::inner(shape, kind),
                ShapeKind::Enum => match &shape.ty {
                    Type::User(UserType::Enum(et)) if shape.is_cow() => {
                        match et.variants.iter().find(|v| v.name == "Owned") {
                            Some(v) if v.data.fields.len() == 1 => v.data.fields[0].shape(),
                            _ => return Err(self.unsupported(shape, "this cow enum")),
                        }
                    }
                    // A variant's index (`Ok` 0, `Err` 1 for `Result`).
                    _ => return Ok(Hint::U32),
                },
                ShapeKind::Struct | ShapeKind::Tuple => match &shape.ty {
                    Type::User(UserType::Struct(st)) => match st.kind {
                        StructKind::Unit => return Ok(Hint::Struct(0)),
                        StructKind::Struct if shape.is_metadata_container() => {
                            match st.fields.iter().find(|f| f.metadata_kind().is_none()) {
                                Some(f) => f.shape(),
                                None => return Err(self.unsupported(shape, "no value field")),
                            }
                        }
                        _ if st.fields.len() == 1 && shape.is_transparent() => {
                            let f = &st.fields[0];
                            match f.effective_proxy(self.src.format()) {
                                Some(proxy) if f.has_any_proxy() => proxy.shape,
                                _ => f.shape(),
                            }
                        }
                        StructKind::Struct => return Ok(Hint::Struct(written(st.fields))),
                        _ => return Ok(Hint::Struct(st.fields.len())),
                    },
                    _ => walk::kind_mismatch(shape, kind),
                },
                _ => return Err(self.unsupported(shape, "a type trame cannot build")),
            };
            shape = next;
        }
        Err(self.err(ErrorKind::RecursionLimit))
    }

    /// A value with nothing in it (`()`, a unit struct): `null` where the
    /// format describes its values (for `()`, also an empty sequence or
    /// map, where it coerces), else an empty run of elements (what `Hint::Struct(0)`
    /// reads).
    pub(super) fn unit(&mut self, shape: &'static Shape, peek: Peek) -> Result<()> {
        // Where the source coerces, `()` is also an empty sequence or map,
        // as facet-format's deserializer reads it (not a unit struct).
        let container = shape == <()>::SHAPE && (peek == Peek::ARRAY || peek == Peek::OBJECT);
        if Src::SELF_DESCRIBING && !(self.coerce() && container) {
            return self.null(shape, peek);
        }
        match peek {
            Peek::ARRAY => match self.src.array_start()? {
                None => Ok(()),
                Some(_) => Err(self.wrong_length(shape, 0)),
            },
            Peek::OBJECT => match self.src.object_start()? {
                None => Ok(()),
                Some(_) => Err(self.wrong(shape, peek)),
            },
            _ => Err(self.wrong(shape, peek)),
        }
    }

    // t[impl walk.empty-scalar]
    /// A value trame sets whole that holds nothing (`PhantomData`): read
    /// as a unit struct is (`null`, `{}` as facet's serializers write it,
    /// or nothing where the format does not describe its values), and
    /// written as its default.
    pub(super) fn empty_scalar(
        &mut self,
        shape: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if Src::SELF_DESCRIBING && peek == Peek::OBJECT {
            // Its keys name no field: passed over, as a unit struct's are.
            self.skip(peek)?;
        } else {
            self.unit(shape, peek)?;
        }
        self.put_default(dst)
    }

    /// A struct's fields, in declaration order, into `dst`.
    pub(super) fn fields_in_order(
        &mut self,
        shape: &'static Shape,
        fields: &'static [Field],
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::ARRAY {
            return Err(self.wrong(shape, peek));
        }
        self.open(dst, false)?;
        // Fields the serializer leaves out (`skip`) take their default; the
        // others come in order.
        let mut next = 0usize;
        self.elements_in(shape, written(fields), |de, _, p| {
            next = de.defaults_until_written(fields, next)?;
            let i = next;
            next += 1;
            let f = &fields[i];
            de.field_value(f, Dst::Field(i as u32), p)
                .map_err(|e| e.in_field(f.effective_name()))?;
            if f.should_skip_deserializing() {
                // Written, but not read back: the default replaces it.
                de.op(Op::set().at(i as u32).default())?;
            }
            Ok(())
        })?;
        self.defaults_until_written(fields, next)?;
        self.close(dst)
    }

    /// Gives the fields from `i` on that are left out of the input their
    /// default, up to the next field that is written (its index, or the
    /// field count).
    fn defaults_until_written(&mut self, fields: &'static [Field], mut i: usize) -> Result<usize> {
        while let Some(f) = fields.get(i)
            && left_out(f)
        {
            self.op(Op::set().at(i as u32).default())?;
            i += 1;
        }
        Ok(i)
    }

    /// A variant index below `count` (an enum's, or `Result`'s).
    pub(super) fn index(
        &mut self,
        shape: &'static Shape,
        count: usize,
        peek: Peek,
    ) -> Result<usize> {
        if !peek.is_number() {
            return Err(self.wrong(shape, peek));
        }
        let at = self.at();
        let n = match self.src.int(peek)? {
            Int::I64(n) => u64::try_from(n).ok(),
            Int::U64(n) => Some(n),
            _ => None,
        };
        match n.and_then(|n| usize::try_from(n).ok()) {
            Some(v) if v < count => Ok(v),
            _ => Err(Error::new(
                ErrorKind::UnknownVariant {
                    shape: shape.to_string(),
                    variant: n.map_or_else(|| "#?".to_owned(), |n| format!("#{n}")),
                },
                at,
            )),
        }
    }

    /// An enum by position: its variant's index, then the payload.
    pub(super) fn indexed(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let v = self.index(shape, et.variants.len(), peek)?;
        let name = et.variants[v].effective_name();
        self.open(dst, false)?;
        self.variant(shape, et, v, Peek::HINT)
            .map_err(|e| e.in_field(name))?;
        self.close(dst)
    }

    /// `Result<T, E>` by position: 0 and the `Ok` value, or 1 and the
    /// `Err` value.
    pub(super) fn result_indexed(
        &mut self,
        shape: &'static Shape,
        payloads: [&'static Shape; 2],
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let v = self.index(shape, 2, peek)?;
        self.open(dst, false)?;
        self.result_payload(payloads, v, Peek::HINT)?;
        self.close(dst)
    }

    /// A map by position: its entries, each a key then a value (the last
    /// of equal keys wins).
    pub(super) fn pairs(
        &mut self,
        shape: &'static Shape,
        k: &'static Shape,
        v: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::ARRAY {
            return Err(self.wrong(shape, peek));
        }
        self.open(dst, false)?;
        let mut next = self.src.array_start()?;
        let mut i = 0usize;
        while let Some(p) = next {
            self.op(Op::set().append().stage())?;
            self.value(k, Dst::Field(0), p).map_err(|e| e.in_index(i))?;
            self.value(v, Dst::Field(1), Peek::HINT)
                .map_err(|e| e.in_index(i))?;
            self.op(Op::end())?;
            i += 1;
            next = self.src.array_step()?;
        }
        self.close(dst)
    }
}

/// Whether a field is left out of the input by facet's serializers
/// (`#[facet(skip)]`, `skip_serializing`).
fn left_out(f: &Field) -> bool {
    f.should_skip_serializing_unconditional()
}

/// How many fields of `fields` the input holds.
pub(super) fn written(fields: &'static [Field]) -> usize {
    fields.iter().filter(|f| !left_out(f)).count()
}

/// The hint for a primitive type (`bool`, `char`, numbers).
fn primitive_hint(shape: &'static Shape) -> Option<Hint> {
    use NativeKind as K;
    Some(match scalar::native_kind(shape)? {
        K::Bool => Hint::Bool,
        K::U8 => Hint::U8,
        K::U16 => Hint::U16,
        K::U32 => Hint::U32,
        K::U64 => Hint::U64,
        K::U128 => Hint::U128,
        K::Usize => Hint::Usize,
        K::I8 => Hint::I8,
        K::I16 => Hint::I16,
        K::I32 => Hint::I32,
        K::I64 => Hint::I64,
        K::I128 => Hint::I128,
        K::Isize => Hint::Isize,
        K::F32 => Hint::F32,
        K::F64 => Hint::F64,
        K::Char => Hint::Char,
        K::String | K::Str | K::CowStr => Hint::String,
        K::Unit => Hint::Struct(0),
        // Pairs and triples: tuples are positional structs, arrays arrays.
        K::Tuple2F64 | K::Tuple2F32 | K::Tuple2I32 | K::Tuple2U32 | K::Tuple2I64 | K::Tuple2U64 => {
            Hint::Struct(2)
        }
        K::Array2F64 | K::Array2F32 | K::Array2I32 | K::Array2U32 | K::Array2I64 | K::Array2U64 => {
            Hint::Array(2)
        }
        K::Tuple3F64 | K::Tuple3F32 => Hint::Struct(3),
        K::Array3F64 | K::Array3F32 => Hint::Array(3),
    })
}
