//! Values facet builds through hooks rather than structure:
//!
//! - a field or a type with a proxy (`#[facet(proxy = P)]`, or
//!   `#[facet(json::proxy = P)]` for the parser's format): built as the
//!   proxy, which trame converts when its node closes
//!   ([`Source::StageProxy`]);
//! - opaque scalars: by their shape's `parse` hook from a string (or a
//!   number's text), `parse_bytes` from bytes, or `try_from` from their
//!   inner scalar (`NonZero<u32>` from a `u32`);
//! - dynamic values (`facet_value::Value`): scalars set whole, sequences
//!   staged as arrays, maps as objects.
//!
//! Which proxy applies is the one trame chooses for the same slot: the
//! field's, else the type's, the one for the parser's format
//! ([`FormatParser::format_namespace`](facet_format::FormatParser::format_namespace))
//! first. trame stays the judge: a value of another proxy type would be
//! refused there, never converted. Invariants need nothing here: trame
//! checks them when a node completes.

use std::borrow::Cow;

use facet::{Field, Shape};
use facet_format::{ParseEventKind, ScalarTypeHint, ScalarValue};
use trame::{IShape, Op, Source};

use super::{Dst, Sink, Walk, idx};
use crate::error::{ErrorKind, Result};
use crate::source::Peeked;
use crate::source::{Events, Hint};

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// The value of field `f` at `dst`: through the field's proxy if it
    /// declares one (for this format, or for every format), else as its
    /// type.
    #[inline]
    pub(crate) fn field_value(&mut self, f: &'static Field, dst: Dst) -> Result<()> {
        if f.has_any_proxy()
            && let Some(proxy) = f.effective_proxy(self.ns)
        {
            self.descend()?;
            let r = self.proxied(proxy.shape, dst);
            self.depth -= 1;
            return r;
        }
        self.value(f.shape(), dst)
    }

    /// The value at `dst` built as `proxy` (the proxy's shape), which trame
    /// converts when the proxy node closes.
    pub(crate) fn proxied(&mut self, proxy: &'static Shape, dst: Dst) -> Result<()> {
        self.open_with(dst, Source::StageProxy)?;
        self.value(proxy, Dst::Field(0))?;
        self.close(dst)
    }

    /// An opaque scalar (facet's `Def::Scalar` with no [`ScalarType`]
    /// the walk makes itself): from its inner scalar by `try_from`, or from
    /// the input's text (or bytes) by `parse` (`parse_bytes`).
    ///
    /// [`ScalarType`]: facet::ScalarType
    pub(crate) fn opaque_scalar(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        let hooks = shape.hooks();
        if let Some(inner) = shape.inner
            && hooks.try_from
            && let Some(st) = inner.scalar_type()
            && st != facet::ScalarType::Unit
        {
            return self.scalar_as(inner, st, dst, true);
        }
        if !hooks.parse && !hooks.parse_bytes {
            return Err(self.unsupported(shape, "an opaque type with no parse or try_from hook"));
        }
        self.ev.hint(Hint::Scalar(if hooks.parse {
            ScalarTypeHint::String
        } else {
            ScalarTypeHint::Bytes
        }));
        let e = self.next()?;
        match e.kind {
            ParseEventKind::Scalar(v) => self.parse_scalar(shape, v, dst),
            _ => Err(self.wrong(shape, Some(&e))),
        }
    }

    /// Makes a value of `shape` from a scalar of the input by the shape's
    /// parse hooks: a string (or a number's text) by `parse`, bytes by
    /// `parse_bytes`. (A dry walk does not run the hook.)
    pub(crate) fn parse_scalar(
        &mut self,
        shape: &'static Shape,
        v: ScalarValue<'de>,
        dst: Dst,
    ) -> Result<()> {
        let hooks = shape.hooks();
        let src = match v {
            ScalarValue::Str(s) if hooks.parse => Source::Parse(s),
            ScalarValue::Bytes(b) if hooks.parse_bytes => Source::ParseBytes(b),
            ScalarValue::I64(_)
            | ScalarValue::U64(_)
            | ScalarValue::I128(_)
            | ScalarValue::U128(_)
            | ScalarValue::F64(_)
                if hooks.parse =>
            {
                Source::Parse(Cow::Owned(super::scalar::number_text(&v)))
            }
            v => return Err(self.wrong_scalar(shape, v)),
        };
        self.put_source(dst, src)
    }

    /// A dynamic value (`facet_value::Value`): null, a boolean, a number,
    /// a string or bytes set whole; a sequence staged as an array, a map as
    /// an object (both re-entered in deferred mode, for TOML's reopened
    /// tables).
    pub(crate) fn dynamic(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        if !self.ev.self_describing() {
            return Err(self.unsupported(
                shape,
                "a dynamic value needs a self-describing format (this one relies on type hints)",
            ));
        }
        let e = self.next()?;
        let v = match e.kind {
            ParseEventKind::Scalar(v) => v,
            ParseEventKind::SequenceStart(_) => return self.dynamic_array(shape, dst),
            ParseEventKind::StructStart(_) => return self.dynamic_object(shape, dst),
            _ => return Err(self.wrong(shape, Some(&e))),
        };
        match v {
            ScalarValue::Null | ScalarValue::Unit => self.put_default(dst),
            ScalarValue::Bool(b) => self.put(dst, b),
            ScalarValue::I64(n) => self.put(dst, n),
            ScalarValue::U64(n) => self.put(dst, n),
            ScalarValue::I128(n) => match (i64::try_from(n), u64::try_from(n)) {
                (Ok(n), _) => self.put(dst, n),
                (_, Ok(n)) => self.put(dst, n),
                _ => Err(self.out_of_range(shape, n.to_string())),
            },
            ScalarValue::U128(n) => match u64::try_from(n) {
                Ok(n) => self.put(dst, n),
                _ => Err(self.out_of_range(shape, n.to_string())),
            },
            ScalarValue::F64(f) => self.put(dst, f),
            ScalarValue::Char(c) => self.put(dst, c.to_string()),
            ScalarValue::Str(Cow::Borrowed(s)) => self.put::<&'de str>(dst, s),
            ScalarValue::Str(Cow::Owned(s)) => self.put(dst, s),
            ScalarValue::Bytes(b) => self.put(dst, b.into_owned()),
            v => Err(self.wrong_scalar(shape, v)),
        }
    }

    #[cold]
    fn out_of_range(&self, shape: &'static Shape, number: String) -> crate::Error {
        self.err(ErrorKind::OutOfRange {
            number,
            ty: shape.to_string(),
        })
    }

    /// The elements of a sequence whose start was consumed, as a dynamic
    /// array.
    fn dynamic_array(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        self.open(dst, self.reopen)?;
        let mut i = 0usize;
        loop {
            if self.peek_kind()? == Peeked::SequenceEnd {
                self.next()?;
                break;
            }
            self.value(shape, Dst::Append).map_err(|e| e.in_index(i))?;
            i += 1;
        }
        self.close(dst)
    }

    /// The entries of a map whose start was consumed, as a dynamic object
    /// (a key seen again replaces the entry's value, as in a map, except
    /// where the format reopens tables: there it re-enters the entry, within
    /// one visit of the object).
    fn dynamic_object(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        self.open_with(
            dst,
            if self.reopen {
                Source::StageObjectDeferred(None)
            } else {
                Source::StageObject(None)
            },
        )?;
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        while let Some(key) = self.next_key(shape)? {
            let name = key.name().cloned().unwrap_or_default();
            // A table reopened (TOML) re-enters its entry; elsewhere a key
            // seen again adds an entry that replaces the first.
            let again = if self.reopen {
                let again = keys.iter().position(|k| *k == name);
                if again.is_none() {
                    keys.push(name.clone());
                }
                again
            } else {
                None
            };
            match again {
                Some(j) => self.op(Op::set().at(idx(j)).stage_deferred())?,
                None => {
                    self.op(Op::set().append().stage())?;
                    self.put(Dst::Field(0), name.to_string())?;
                }
            }
            self.value(shape, Dst::Field(1))
                .map_err(|e| e.in_key(name.into_owned()))?;
            self.op(Op::end())?;
        }
        self.close(dst)
    }
}
