//! Scalars: integers, floats, bools, chars, strings, and the native
//! types (and `Option`s, `Vec`s, pairs and triples of them) that are read
//! into Rust values and moved in whole.

use trame::IShape;

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// Reads an integer of type `T` (whose shape is `shape`).
    pub(super) fn read_int<T>(&mut self, shape: &'static Shape, peek: Peek) -> Result<T>
    where
        T: TryFrom<i64> + TryFrom<u64> + TryFrom<i128> + TryFrom<u128> + core::str::FromStr,
    {
        if !peek.is_number() {
            if self.coerce() && peek == Peek::STRING {
                return self.int_from_string(shape);
            }
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        let int = self.src.int(peek)?;
        let v = match int {
            Int::I64(i) => T::try_from(i).ok(),
            Int::U64(i) => T::try_from(i).ok(),
            Int::I128(i) => T::try_from(i).ok(),
            Int::U128(i) => T::try_from(i).ok(),
            // Beyond i64: take the digits as written.
            Int::Big(text) => match text.parse::<T>() {
                Ok(v) => Some(v),
                Err(_) => return Err(self.out_of_range(shape, text, start)),
            },
            // A float with no fraction, as facet-format's deserializer
            // takes one (`1e2` is 100).
            Int::F64(f) if self.coerce() && f.fract() == 0.0 => match whole(f) {
                Some(i) => T::try_from(i).ok(),
                None => return Err(self.out_of_range(shape, &f.to_string(), start)),
            },
            Int::Float | Int::F64(_) => {
                let e = Error::new(
                    ErrorKind::WrongType {
                        expected: shape.to_string(),
                        found: "float",
                    },
                    start,
                );
                return Err(match int {
                    Int::F64(f) => e.with_found(format!("float {f}")),
                    _ => e,
                });
            }
        };
        match v {
            Some(v) => Ok(v),
            None => {
                let text = match int {
                    Int::I64(i) => i.to_string(),
                    Int::U64(i) => i.to_string(),
                    Int::I128(i) => i.to_string(),
                    Int::U128(i) => i.to_string(),
                    Int::Big(t) => t.to_owned(),
                    Int::F64(f) => f.to_string(),
                    Int::Float => String::new(),
                };
                Err(self.out_of_range(shape, &text, start))
            }
        }
    }

    /// An integer from a string that holds one (facet-format's reading,
    /// [`Tokens::COERCE`]).
    #[cold]
    fn int_from_string<T: core::str::FromStr>(&mut self, shape: &'static Shape) -> Result<T> {
        let start = self.at();
        let mut probe = self.src.clone();
        let s = probe.scratch_str()?;
        if !is_json_int(s) {
            return Err(self.wrong(shape, Peek::STRING));
        }
        match s.parse::<T>() {
            Ok(v) => {
                self.src = probe;
                Ok(v)
            }
            Err(_) => {
                let s = s.to_owned();
                Err(self.out_of_range(shape, &s, start))
            }
        }
    }

    #[cold]
    pub(super) fn out_of_range(&self, shape: &'static Shape, number: &str, start: usize) -> Error {
        Error::new(
            ErrorKind::OutOfRange {
                number: number.to_owned(),
                ty: shape.to_string(),
            },
            start,
        )
    }

    /// Reads a float: the source checks its number grammar (JSON's is a subset of
    /// what Rust's parser reads), then `str::parse` gives the value, so it
    /// is exactly Rust's. Infinite results are out of range.
    pub(super) fn read_float<T>(&mut self, shape: &'static Shape, peek: Peek) -> Result<T>
    where
        T: core::str::FromStr + Finite,
    {
        if !peek.is_number() {
            if self.coerce() && peek == Peek::STRING {
                return self.float_from_string(shape);
            }
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        let n = self.src.number(peek)?;
        let v = match n {
            Number::Text(text) => text.parse::<T>().ok(),
            Number::F64(f) => Some(T::from_f64(f)),
            Number::I64(i) => Some(T::from_f64(i as f64)),
            Number::U64(i) => Some(T::from_f64(i as f64)),
            Number::I128(i) => Some(T::from_f64(i as f64)),
            Number::U128(i) => Some(T::from_f64(i as f64)),
        };
        match v {
            Some(v) if v.finite() || matches!(n, Number::F64(f) if !f.is_finite()) => Ok(v),
            _ => Err(self.out_of_range(shape, &n.text(), start)),
        }
    }

    /// A float from a string that holds one (facet-format's reading,
    /// [`Tokens::COERCE`]).
    #[cold]
    fn float_from_string<T: core::str::FromStr>(&mut self, shape: &'static Shape) -> Result<T> {
        let mut probe = self.src.clone();
        let s = probe.scratch_str()?;
        match s.parse::<T>() {
            Ok(v) => {
                self.src = probe;
                Ok(v)
            }
            Err(_) => Err(self.wrong(shape, Peek::STRING)),
        }
    }

    pub(super) fn read_bool(&mut self, shape: &'static Shape, peek: Peek) -> Result<bool> {
        if !matches!(peek, Peek::TRUE | Peek::FALSE) {
            if self.coerce() && peek == Peek::STRING {
                let mut probe = self.src.clone();
                let b = match probe.scratch_str()? {
                    "true" => true,
                    "false" => false,
                    _ => return Err(self.wrong(shape, peek)),
                };
                self.src = probe;
                return Ok(b);
            }
            return Err(self.wrong(shape, peek));
        }
        self.src.bool(peek)
    }

    pub(super) fn read_char(&mut self, shape: &'static Shape, peek: Peek) -> Result<char> {
        if peek != Peek::STRING {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        let s = self.src.scratch_str()?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(Error::new(ErrorKind::NotAChar, start)),
        }
    }

    pub(super) fn read_cow(&mut self, shape: &'static Shape, peek: Peek) -> Result<Cow<'de, str>> {
        if peek != Peek::STRING {
            return Err(self.wrong(shape, peek));
        }
        Ok(match self.string()? {
            StrRead::Borrowed(s) => Cow::Borrowed(s),
            StrRead::Escaped(s) => Cow::Owned(s),
        })
    }

    /// A number read as its text, for a `String`, as facet-format's
    /// deserializer reads one ([`Tokens::COERCE`]): an integer's digits, a
    /// float as Rust writes it (`1.5`, `2`).
    #[cold]
    pub(super) fn number_text(&mut self, peek: Peek) -> Result<String> {
        Ok(self.src.number(peek)?.text().into_owned())
    }

    /// Exactly `N` native elements from an array (a pair or a triple).
    pub(super) fn read_n<T: Native<'de>, const N: usize>(
        &mut self,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<[T; N]> {
        if peek != Peek::ARRAY {
            return Err(self.wrong(shape, peek));
        }
        let mut next = self.src.array_start()?;
        let mut out = [const { None }; N];
        for (i, slot) in out.iter_mut().enumerate() {
            let Some(p) = next else {
                return Err(self.wrong_length(shape, N));
            };
            let p = self.resolve(T::SHAPE, p)?;
            *slot = Some(T::read(self, T::SHAPE, p).map_err(|e| e.in_index(i))?);
            next = self.src.array_step()?;
        }
        if next.is_some() {
            return Err(self.wrong_length(shape, N));
        }
        Ok(out.map(|v| v.expect("all N elements were read")))
    }

    /// A scalar of a type Rust knows here: read and moved in whole.
    pub(super) fn put_native<T: Native<'de>>(
        &mut self,
        shape: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let v = T::read(self, shape, peek)?;
        self.put(dst, v)
    }

    /// `Option<T>` of a native `T`, made here and moved in whole. `false`
    /// (nothing read) when the shape is not exactly `Option<T>`.
    pub(super) fn option_native<T: Native<'de>>(
        &mut self,
        shape: &'static Shape,
        inner: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<bool>
    where
        Option<T>: Facet<'de>,
    {
        if shape != <Option<T>>::SHAPE {
            return Ok(false);
        }
        let v = if peek == Peek::NULL {
            self.src.null()?;
            None
        } else {
            Some(T::read(self, inner, peek)?)
        };
        self.put(dst, v)?;
        Ok(true)
    }

    /// `Vec<T>` of a native `T`, made here and moved in whole. `false`
    /// (nothing read) when the shape is not exactly `Vec<T>`.
    pub(super) fn vec_native<T: Native<'de>>(
        &mut self,
        shape: &'static Shape,
        elem: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<bool>
    where
        Vec<T>: Facet<'de>,
    {
        if shape != <Vec<T>>::SHAPE {
            return Ok(false);
        }
        if peek != Peek::ARRAY {
            return Err(self.wrong(shape, peek));
        }
        let mut v = Vec::new();
        let mut next = self.src.array_start()?;
        while let Some(p) = next {
            let i = v.len();
            let p = self.resolve(elem, p)?;
            v.push(T::read(self, elem, p).map_err(|e| e.in_index(i))?);
            next = self.src.array_step()?;
        }
        self.put(dst, v)?;
        Ok(true)
    }
}

/// A scalar type this module reads directly into a Rust value, so that it
/// (and an `Option` or `Vec` of it) is moved into the Trame whole.
pub(crate) trait Native<'de>: Facet<'de> + Sized {
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self>;
}

macro_rules! native_ints {
    ($($t:ty),*) => {$(
        impl<'de> Native<'de> for $t {
            #[inline]
            fn read<Src: Tokens<'de>, S: Sink<'de>>(de: &mut De<'de, Src, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
                de.read_int::<$t>(shape, peek)
            }
        }
    )*};
}

native_ints!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

impl<'de> Native<'de> for f32 {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.read_float::<f32>(shape, peek)
    }
}

impl<'de> Native<'de> for f64 {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.read_float::<f64>(shape, peek)
    }
}

impl<'de> Native<'de> for bool {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.read_bool(shape, peek)
    }
}

impl<'de> Native<'de> for char {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.read_char(shape, peek)
    }
}

impl<'de> Native<'de> for String {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.owned_str(shape, peek)
    }
}

impl<'de> Native<'de> for &'de str {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.borrowed_str(shape, peek)
    }
}

impl<'de> Native<'de> for Cow<'de, str> {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.read_cow(shape, peek)
    }
}

impl<'de> Native<'de> for () {
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.unit(shape, peek)
    }
}

/// A float with no fraction as an `i128`, if it is within one.
fn whole(f: f64) -> Option<i128> {
    // 2^127: the first float past `i128::MAX` (every float below it, with
    // no fraction, is an `i128`).
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    (-LIMIT..LIMIT).contains(&f).then_some(f as i128)
}

/// The native scalar types, by shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NativeKind {
    Bool,
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
    F32,
    F64,
    Char,
    String,
    Str,
    CowStr,
    Unit,
    // Pairs and triples of numbers, as tuples and as arrays.
    Tuple2F64,
    Array2F64,
    Tuple2F32,
    Array2F32,
    Tuple2I32,
    Array2I32,
    Tuple2U32,
    Array2U32,
    Tuple2I64,
    Array2I64,
    Tuple2U64,
    Array2U64,
    Tuple3F64,
    Array3F64,
    Tuple3F32,
    Array3F32,
}

/// The native kind of a number shape (no composites).
#[inline]
pub(super) fn scalar_kind(shape: &'static Shape) -> Option<NativeKind> {
    match shape.ty {
        Type::Primitive(PrimitiveType::Numeric(_)) => native_kind(shape),
        _ => None,
    }
}

/// Which native type `shape` is, if any.
#[inline]
pub(crate) fn native_kind(shape: &'static Shape) -> Option<NativeKind> {
    use NativeKind as K;
    match shape.ty {
        Type::Primitive(PrimitiveType::Boolean) => Some(K::Bool),
        Type::Primitive(PrimitiveType::Numeric(NumericType::Integer { signed })) => {
            // `usize`/`isize` need their own kinds (their `Imm`s have their
            // shapes); the name's length rules them out cheaply before the
            // identity check, which is what decides.
            if shape.type_identifier.len() == 5 {
                if shape.same_as(usize::SHAPE) {
                    return Some(K::Usize);
                }
                if shape.same_as(isize::SHAPE) {
                    return Some(K::Isize);
                }
            }
            Some(match (signed, size_of(shape)) {
                (false, 1) => K::U8,
                (false, 2) => K::U16,
                (false, 4) => K::U32,
                (false, 8) => K::U64,
                (false, 16) => K::U128,
                (true, 1) => K::I8,
                (true, 2) => K::I16,
                (true, 4) => K::I32,
                (true, 8) => K::I64,
                (true, 16) => K::I128,
                _ => return None,
            })
        }
        Type::Primitive(PrimitiveType::Numeric(NumericType::Float)) => match size_of(shape) {
            4 => Some(K::F32),
            8 => Some(K::F64),
            _ => None,
        },
        Type::Primitive(PrimitiveType::Textual(TextualType::Char)) => Some(K::Char),
        Type::Primitive(_) => None,
        _ => match shape.def {
            Def::Scalar if shape.same_as(String::SHAPE) => Some(K::String),
            Def::Scalar if shape.same_as(<()>::SHAPE) => Some(K::Unit),
            Def::Pointer(_) if shape.same_as(<&str>::SHAPE) => Some(K::Str),
            Def::Pointer(_) if shape.same_as(<Cow<'_, str>>::SHAPE) => Some(K::CowStr),
            Def::Array(ad) if matches!(ad.n, 2 | 3) => {
                composite_kind(scalar_kind(ad.t)?, ad.n, false)
            }
            Def::Undefined => match &shape.ty {
                Type::User(UserType::Struct(st))
                    if st.kind == StructKind::Tuple && matches!(st.fields.len(), 2 | 3) =>
                {
                    let elem = st.fields[0].shape();
                    if st.fields.iter().any(|f| f.shape() != elem) {
                        return None;
                    }
                    composite_kind(scalar_kind(elem)?, st.fields.len(), true)
                }
                _ => None,
            },
            _ => None,
        },
    }
}

impl<'de, T: Native<'de>> Native<'de> for (T, T)
where
    (T, T): Facet<'de>,
{
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        let [a, b] = de.read_n::<T, 2>(shape, peek)?;
        Ok((a, b))
    }
}

impl<'de, T: Native<'de>> Native<'de> for (T, T, T)
where
    (T, T, T): Facet<'de>,
{
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        let [a, b, c] = de.read_n::<T, 3>(shape, peek)?;
        Ok((a, b, c))
    }
}

impl<'de, T: Native<'de>, const N: usize> Native<'de> for [T; N]
where
    [T; N]: Facet<'de>,
{
    #[inline]
    fn read<Src: Tokens<'de>, S: Sink<'de>>(
        de: &mut De<'de, Src, S>,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<Self> {
        de.read_n::<T, N>(shape, peek)
    }
}

/// The native kind of a pair or triple of `elem` (a tuple or an array).
pub(super) fn composite_kind(elem: NativeKind, n: usize, tuple: bool) -> Option<NativeKind> {
    use NativeKind as K;
    Some(match (elem, n, tuple) {
        (K::F64, 2, true) => K::Tuple2F64,
        (K::F64, 2, false) => K::Array2F64,
        (K::F32, 2, true) => K::Tuple2F32,
        (K::F32, 2, false) => K::Array2F32,
        (K::I32, 2, true) => K::Tuple2I32,
        (K::I32, 2, false) => K::Array2I32,
        (K::U32, 2, true) => K::Tuple2U32,
        (K::U32, 2, false) => K::Array2U32,
        (K::I64, 2, true) => K::Tuple2I64,
        (K::I64, 2, false) => K::Array2I64,
        (K::U64, 2, true) => K::Tuple2U64,
        (K::U64, 2, false) => K::Array2U64,
        (K::F64, 3, true) => K::Tuple3F64,
        (K::F64, 3, false) => K::Array3F64,
        (K::F32, 3, true) => K::Tuple3F32,
        (K::F32, 3, false) => K::Array3F32,
        _ => return None,
    })
}
