//! Sequences and maps: lists and sets (element by element, or whole from a
//! byte string for `Vec<u8>`), tuples and fixed-size arrays (exactly `n`
//! elements), and maps (from a map of keys, or from a sequence of key and
//! value pairs in formats that do not describe themselves), with map keys
//! made from their text.

use std::borrow::Cow;

use facet::{Facet, ScalarType, Shape, Type, UserType};
use facet_format::{FieldKey, ParseEventKind, ScalarValue};
use trame::Op;

use super::{Dst, Sink, Walk, idx};
use crate::error::{ErrorKind, Result};
use crate::source::Peeked;
use crate::source::{Events, Hint};

/// How a fixed-length sequence is laid out by a format that does not
/// describe itself.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fixed {
    /// `[T; N]`: a sequence of known length.
    Array,
    /// A tuple, tuple struct or tuple variant: positional fields.
    Tuple,
}

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// A list: as a sequence, or (`Vec<u8>`) whole from a byte string.
    pub(crate) fn list(
        &mut self,
        shape: &'static Shape,
        elem: &'static Shape,
        dst: Dst,
    ) -> Result<()> {
        if shape == <Vec<u8>>::SHAPE
            && self.ev.self_describing()
            && self.peek_kind()? == Peeked::Bytes
        {
            let e = self.next()?;
            if let ParseEventKind::Scalar(ScalarValue::Bytes(b)) = e.kind {
                return self.put(dst, b.into_owned());
            }
        }
        self.seq(shape, elem, dst)
    }

    /// A list or set: a sequence, element by element.
    pub(crate) fn seq(
        &mut self,
        shape: &'static Shape,
        elem: &'static Shape,
        dst: Dst,
    ) -> Result<()> {
        self.ev.hint(Hint::Sequence);
        let e = self.next()?;
        if !matches!(e.kind, ParseEventKind::SequenceStart(_)) {
            return Err(self.wrong(format!("{shape} (a sequence)"), Some(&e)));
        }
        self.open(dst, self.reopen)?;
        let mut i = 0usize;
        loop {
            match self.peek_kind()? {
                Peeked::SequenceEnd => {
                    self.next()?;
                    break;
                }
                Peeked::Ordered => {
                    self.next()?;
                }
                _ => {}
            }
            self.value(elem, Dst::Append).map_err(|e| e.in_index(i))?;
            i += 1;
        }
        self.close(dst)
    }

    /// A tuple or fixed-size array: a sequence of exactly `n` elements
    /// (a self-describing format may also write a tuple as a map, as
    /// TOML and YAML can, whose keys are then ignored).
    pub(crate) fn fixed(
        &mut self,
        shape: &'static Shape,
        n: usize,
        elem: &dyn Fn(usize) -> &'static Shape,
        kind: Fixed,
        dst: Dst,
    ) -> Result<()> {
        let described = self.ev.self_describing();
        self.ev.hint(match kind {
            Fixed::Array => Hint::Array(n),
            Fixed::Tuple => Hint::Struct(n),
        });
        let e = self.next()?;
        let (end, end_kind) = match e.kind {
            ParseEventKind::SequenceStart(_) => (ParseEventKind::SequenceEnd, Peeked::SequenceEnd),
            ParseEventKind::StructStart(_) if !described => {
                (ParseEventKind::StructEnd, Peeked::StructEnd)
            }
            _ => return Err(self.wrong(format!("{shape} (a sequence)"), Some(&e))),
        };
        self.open(dst, false)?;
        for i in 0..n {
            if described {
                if self.peek_kind()? == end_kind {
                    return Err(self.wrong_length(shape, n));
                }
            } else {
                self.marker()?;
            }
            self.value(elem(i), Dst::Field(idx(i)))
                .map_err(|e| e.in_index(i))?;
        }
        let e = self.next()?;
        if e.kind != end {
            return Err(self.wrong_length(shape, n));
        }
        self.close(dst)
    }

    #[cold]
    fn wrong_length(&self, shape: &'static Shape, n: usize) -> crate::Error {
        self.err(ErrorKind::WrongLength {
            shape: shape.to_string(),
            expected: n,
        })
    }

    /// A map: keys and values from a map, or (formats that do not describe
    /// themselves) pairs from a sequence. Equal keys: the last one wins.
    pub(crate) fn map(
        &mut self,
        shape: &'static Shape,
        k: &'static Shape,
        v: &'static Shape,
        dst: Dst,
    ) -> Result<()> {
        self.ev.hint(Hint::Map);
        let e = self.next()?;
        match e.kind {
            ParseEventKind::StructStart(_) => {
                self.open(dst, self.reopen)?;
                while let Some(key) = self.next_key(shape)? {
                    let name = key_text(&key);
                    self.op(Op::set().append().stage())?;
                    self.map_key(k, key).map_err(|e| e.in_key(name.clone()))?;
                    self.value(v, Dst::Field(1)).map_err(|e| e.in_key(name))?;
                    self.op(Op::end())?;
                }
                self.close(dst)
            }
            ParseEventKind::SequenceStart(_) if !self.ev.self_describing() => {
                self.open(dst, false)?;
                let mut i = 0usize;
                loop {
                    match self.peek_kind()? {
                        Peeked::SequenceEnd => {
                            self.next()?;
                            break;
                        }
                        Peeked::Ordered => {
                            self.next()?;
                        }
                        _ => {}
                    }
                    self.op(Op::set().append().stage())?;
                    self.value(k, Dst::Field(0)).map_err(|e| e.in_index(i))?;
                    self.value(v, Dst::Field(1)).map_err(|e| e.in_index(i))?;
                    self.op(Op::end())?;
                    i += 1;
                }
                self.close(dst)
            }
            _ => Err(self.wrong(format!("{shape} (a map)"), Some(&e))),
        }
    }

    /// Writes a map key, made from the key's text, into `Field(0)` of the
    /// entry under the cursor: strings as they are; integers, booleans and
    /// chars parsed; a unit variant of an enum by name.
    pub(crate) fn map_key(&mut self, k: &'static Shape, key: FieldKey<'de>) -> Result<()> {
        let Some(text) = key.name().cloned() else {
            return Err(self.wrong(k, None));
        };
        self.text_into(k, text, Dst::Field(0))
    }

    /// Writes a value of `k` made from `text` at `dst`: strings as they
    /// are; integers, booleans and chars parsed; a unit variant of an enum
    /// by name; other scalars by their parse hook.
    pub(crate) fn text_into(
        &mut self,
        k: &'static Shape,
        text: Cow<'de, str>,
        dst: Dst,
    ) -> Result<()> {
        let bad = |this: &Self| {
            this.err(ErrorKind::WrongType {
                expected: k.to_string(),
                found: format!("key {text:?}"),
            })
        };
        macro_rules! parsed {
            ($t:ty) => {
                match text.parse::<$t>() {
                    Ok(v) => self.put(dst, v),
                    Err(_) => Err(bad(self)),
                }
            };
        }
        match k.scalar_type() {
            Some(ScalarType::String) => self.put(dst, text.into_owned()),
            Some(ScalarType::CowStr) => self.put::<Cow<'de, str>>(dst, text),
            Some(ScalarType::Str) => match text {
                Cow::Borrowed(s) => self.put::<&'de str>(dst, s),
                Cow::Owned(_) => Err(self.err(ErrorKind::CannotBorrow)),
            },
            Some(ScalarType::Bool) => parsed!(bool),
            Some(ScalarType::Char) => parsed!(char),
            Some(ScalarType::U8) => parsed!(u8),
            Some(ScalarType::U16) => parsed!(u16),
            Some(ScalarType::U32) => parsed!(u32),
            Some(ScalarType::U64) => parsed!(u64),
            Some(ScalarType::U128) => parsed!(u128),
            Some(ScalarType::USize) => parsed!(usize),
            Some(ScalarType::I8) => parsed!(i8),
            Some(ScalarType::I16) => parsed!(i16),
            Some(ScalarType::I32) => parsed!(i32),
            Some(ScalarType::I64) => parsed!(i64),
            Some(ScalarType::I128) => parsed!(i128),
            Some(ScalarType::ISize) => parsed!(isize),
            _ => match &k.ty {
                Type::User(UserType::Enum(et)) => {
                    let Some(v) = et
                        .variants
                        .iter()
                        .position(|v| v.effective_name() == text && v.data.fields.is_empty())
                    else {
                        return Err(self.err(ErrorKind::UnknownVariant {
                            shape: k.to_string(),
                            variant: text.into_owned(),
                        }));
                    };
                    self.op(Op::set().at(0).stage())?;
                    self.op(Op::set().at(idx(v)).stage())?;
                    self.op(Op::end())?;
                    self.op(Op::end())
                }
                _ => self.parse_scalar(k, ScalarValue::Str(text), dst),
            },
        }
    }
}

/// A key's text for error paths.
pub(crate) fn key_text(key: &FieldKey<'_>) -> String {
    key.name().map_or_else(String::new, |n| n.to_string())
}
