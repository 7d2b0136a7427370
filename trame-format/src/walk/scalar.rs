//! Scalars: the event's [`ScalarValue`] converted to the Rust scalar the
//! shape names (integers range-checked, floats, `bool`, `char`, `String`,
//! `&'de str`, `Cow<'de, str>`, `()`), and moved in whole.
//!
//! Other scalars (`IpAddr`, `SocketAddr`, and opaque ones such as
//! `NonZero` or a type with `FromStr` through its vtable) are made by
//! their shape's hooks ([`super::hooks`]).

use std::borrow::Cow;

use facet::{ScalarType, Shape};
use facet_format::{ParseEventKind, ScalarTypeHint, ScalarValue};

use super::{Dst, Sink, Walk};
use crate::error::{ErrorKind, Result};
use crate::source::{Events, Hint};

/// The hint a non-self-describing parser needs for a scalar type.
fn hint_for(st: ScalarType) -> Option<ScalarTypeHint> {
    use ScalarType as S;
    use ScalarTypeHint as H;
    Some(match st {
        S::Bool => H::Bool,
        S::Char => H::Char,
        S::Str | S::String | S::CowStr => H::String,
        S::F32 => H::F32,
        S::F64 => H::F64,
        S::U8 => H::U8,
        S::U16 => H::U16,
        S::U32 => H::U32,
        S::U64 => H::U64,
        S::U128 => H::U128,
        S::USize => H::Usize,
        S::I8 => H::I8,
        S::I16 => H::I16,
        S::I32 => H::I32,
        S::I64 => H::I64,
        S::I128 => H::I128,
        S::ISize => H::Isize,
        S::Unit => return None,
        // Addresses and other scalars made from their text.
        _ => H::String,
    })
}

/// An integer of some width, from any integer scalar or a numeric string.
trait Int: Sized + core::str::FromStr {
    fn from_i128(v: i128) -> Option<Self>;
    fn from_u128(v: u128) -> Option<Self>;
}

macro_rules! ints {
    ($($t:ty),*) => {$(
        impl Int for $t {
            #[inline]
            fn from_i128(v: i128) -> Option<Self> {
                <$t>::try_from(v).ok()
            }
            #[inline]
            fn from_u128(v: u128) -> Option<Self> {
                <$t>::try_from(v).ok()
            }
        }
    )*};
}

ints!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// A scalar of a type facet knows by [`ScalarType`].
    pub(crate) fn scalar(&mut self, shape: &'static Shape, st: ScalarType, dst: Dst) -> Result<()> {
        self.scalar_as(shape, st, dst, false)
    }

    /// A scalar of a type facet knows by [`ScalarType`], moved into `dst`,
    /// or (`convert`) converted into `dst`'s type by that type's
    /// `try_from` hook (`NonZero<u32>` from the `u32` read here).
    pub(crate) fn scalar_as(
        &mut self,
        shape: &'static Shape,
        st: ScalarType,
        dst: Dst,
        convert: bool,
    ) -> Result<()> {
        use ScalarType as T;
        if st == T::Unit {
            return self.unit(shape, dst);
        }
        if let Some(h) = hint_for(st) {
            self.ev.hint(Hint::Scalar(h));
        }
        let e = self.next()?;
        let v = match e.kind {
            ParseEventKind::Scalar(v) => v,
            _ => return Err(self.wrong(shape, Some(&e))),
        };
        macro_rules! int {
            ($t:ty) => {{
                let n = self.int::<$t>(shape, v)?;
                self.put_as(dst, n, convert)
            }};
        }
        match st {
            T::Bool => match v {
                ScalarValue::Bool(b) => self.put_as(dst, b, convert),
                ScalarValue::Str(s) if s == "true" || s == "false" => {
                    self.put_as(dst, s == "true", convert)
                }
                v => Err(self.wrong_scalar(shape, v)),
            },
            T::U8 => int!(u8),
            T::U16 => int!(u16),
            T::U32 => int!(u32),
            T::U64 => int!(u64),
            T::U128 => int!(u128),
            T::USize => int!(usize),
            T::I8 => int!(i8),
            T::I16 => int!(i16),
            T::I32 => int!(i32),
            T::I64 => int!(i64),
            T::I128 => int!(i128),
            T::ISize => int!(isize),
            T::F32 => {
                let f = self.float(shape, v)?;
                self.put_as(dst, f as f32, convert)
            }
            T::F64 => {
                let f = self.float(shape, v)?;
                self.put_as(dst, f, convert)
            }
            T::Char => {
                let c = match v {
                    ScalarValue::Char(c) => c,
                    ScalarValue::Str(s) => {
                        let mut chars = s.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) => c,
                            _ => return Err(self.err(ErrorKind::NotAChar)),
                        }
                    }
                    v => return Err(self.wrong_scalar(shape, v)),
                };
                self.put_as(dst, c, convert)
            }
            T::String => match v {
                ScalarValue::Str(s) => self.put_as(dst, s.into_owned(), convert),
                ScalarValue::Char(c) => self.put_as(dst, c.to_string(), convert),
                v => Err(self.wrong_scalar(shape, v)),
            },
            T::CowStr => match v {
                ScalarValue::Str(s) => self.put_as::<Cow<'de, str>>(dst, s, convert),
                v => Err(self.wrong_scalar(shape, v)),
            },
            T::Str => match v {
                ScalarValue::Str(Cow::Borrowed(s)) => self.put_as::<&'de str>(dst, s, convert),
                ScalarValue::Str(Cow::Owned(_)) => Err(self.err(ErrorKind::CannotBorrow)),
                v => Err(self.wrong_scalar(shape, v)),
            },
            _ => self.parse_scalar(shape, v, dst),
        }
    }

    /// `()`: a null or unit scalar, or an empty sequence (a tuple of no
    /// fields, which is what a non-self-describing format writes).
    fn unit(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        self.ev.hint(Hint::Struct(0));
        let e = self.next()?;
        let close = match e.kind {
            ParseEventKind::Scalar(ScalarValue::Null | ScalarValue::Unit) => None,
            ParseEventKind::SequenceStart(_) => Some(ParseEventKind::SequenceEnd),
            ParseEventKind::StructStart(_) => Some(ParseEventKind::StructEnd),
            _ => return Err(self.wrong(shape, Some(&e))),
        };
        if let Some(close) = close {
            let end = self.next()?;
            if end.kind != close {
                return Err(self.wrong(shape, Some(&end)));
            }
        }
        self.put(dst, ())
    }

    #[cold]
    pub(crate) fn wrong_scalar(&self, shape: &'static Shape, v: ScalarValue<'de>) -> crate::Error {
        let e = facet_format::ParseEvent::new(ParseEventKind::Scalar(v), Default::default());
        self.wrong(shape, Some(&e))
    }

    fn int<T: Int>(&self, shape: &'static Shape, v: ScalarValue<'de>) -> Result<T> {
        let (n, text) = match &v {
            ScalarValue::I64(n) => (T::from_i128(i128::from(*n)), None),
            ScalarValue::U64(n) => (T::from_u128(u128::from(*n)), None),
            ScalarValue::I128(n) => (T::from_i128(*n), None),
            ScalarValue::U128(n) => (T::from_u128(*n), None),
            // Numbers beyond 64 bits arrive as text from some parsers.
            ScalarValue::Str(s) if is_integer(s) => (s.parse::<T>().ok(), Some(s.to_string())),
            _ => return Err(self.wrong_scalar(shape, v)),
        };
        match n {
            Some(n) => Ok(n),
            None => Err(self.err(ErrorKind::OutOfRange {
                number: text.unwrap_or_else(|| number_text(&v)),
                ty: shape.to_string(),
            })),
        }
    }

    fn float(&self, shape: &'static Shape, v: ScalarValue<'de>) -> Result<f64> {
        Ok(match v {
            ScalarValue::F64(f) => f,
            ScalarValue::I64(n) => n as f64,
            ScalarValue::U64(n) => n as f64,
            ScalarValue::I128(n) => n as f64,
            ScalarValue::U128(n) => n as f64,
            ScalarValue::Str(ref s) => match s.parse::<f64>() {
                Ok(f) => f,
                Err(_) => return Err(self.wrong_scalar(shape, v)),
            },
            v => return Err(self.wrong_scalar(shape, v)),
        })
    }
}

/// Whether `s` is an integer: an optional sign, then digits.
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn number_text(v: &ScalarValue<'_>) -> String {
    match v {
        ScalarValue::I64(n) => n.to_string(),
        ScalarValue::U64(n) => n.to_string(),
        ScalarValue::I128(n) => n.to_string(),
        ScalarValue::U128(n) => n.to_string(),
        other => other.to_display_string(),
    }
}
