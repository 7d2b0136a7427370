//! The event walk, for parsers that do not describe themselves (postcard);
//! every other parser is read by trame-walk (see `crate::tokens`). It
//! reads events from an [`Events`] source and drives a [`Trame`]
//! with ops chosen from the shape of the value being built. It knows no
//! format: every format-specific choice is the parser's (which events it
//! emits) or a hint the walk gives it.
//!
//! One recursive function, [`Walk::value`], reads one value of a shape into
//! one destination ([`Dst`]) of the node under the cursor, and dispatches
//! on the shape: scalars ([`scalar`]), structs ([`structs`]), enums
//! ([`enums`]), sequences and maps ([`seq`]), options, pointers and
//! `Result` ([`wrappers`]), and what facet builds through hooks (proxies,
//! parse and `try_from`, dynamic values: [`hooks`]). Ops go to a [`Sink`]: the [`Trame`] being
//! built, or nowhere ([`Dry`]) when an untagged enum's variants are tried
//! by looking ahead.

mod enum_forms;
mod enums;
mod flatten;
mod hooks;
mod memo;
mod ops;
mod raw;
mod scalar;
mod seq;
mod structs;
mod wrappers;

use facet::{Def, Shape, Type, UserType};
use facet_format::{FieldKey, ParseEvent, ParseEventKind, ScalarValue};
use trame::{Op, Trame, TrameError};

use crate::error::{Error, ErrorKind, Result};
use crate::source::Events;
use crate::source::Peeked;

pub(crate) use memo::Verdicts;

/// How deeply the walk may descend: every value counts one level, so a
/// hostile input (or a recursive type that recurses without consuming
/// input) ends in a [`RecursionLimit`](crate::ErrorKind::RecursionLimit)
/// error, never a stack overflow.
pub const MAX_DEPTH: u32 = 128;

/// Where the ops of a walk go: a [`Trame`] that builds, or nowhere.
pub(crate) trait Sink<'de> {
    /// Whether ops are dropped (values need not be made).
    const DRY: bool;
    /// Applies one op.
    fn apply(&mut self, op: Op<'de>) -> core::result::Result<(), TrameError>;
}

impl<'de> Sink<'de> for Trame<'de> {
    const DRY: bool = false;
    #[inline]
    fn apply(&mut self, op: Op<'de>) -> core::result::Result<(), TrameError> {
        Trame::apply(self, op)
    }
}

/// A sink that drops every op: the walk only checks the input.
pub(crate) struct Dry;

impl<'de> Sink<'de> for Dry {
    const DRY: bool = true;
    #[inline]
    fn apply(&mut self, _op: Op<'de>) -> core::result::Result<(), TrameError> {
        Ok(())
    }
}

/// Where a value goes, relative to the cursor.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Dst {
    /// The node under the cursor itself (the root).
    Here,
    /// Field, element or payload slot `n` of the node under the cursor.
    Field(u32),
    /// A new element (or map entry) of the container under the cursor.
    Append,
}

/// The walk's state.
pub(crate) struct Walk<'a, 'de, E, S> {
    pub(crate) ev: &'a mut E,
    pub(crate) sink: S,
    depth: u32,
    /// The deepest level reached since an untagged check started (see
    /// [`memo`]).
    peak: u32,
    /// The parser's format (`"json"`): its proxies come first.
    pub(crate) ns: Option<&'static str>,
    /// Untagged verdicts, shared by the building walk and its dry walks.
    verdicts: &'a mut Verdicts,
    /// Untagged values being built (verdicts are forgotten when the
    /// outermost one closes).
    untagged_open: u32,
    /// The format may reopen a struct, list or map after leaving it (TOML
    /// tables): structs are staged in deferred mode and a key seen twice
    /// re-enters its value.
    pub(crate) reopen: bool,
    _de: core::marker::PhantomData<&'de ()>,
}

/// A struct field's index as a path step (trame indexes by `u32`).
pub(crate) fn idx(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// What an event holds, for "found …" in errors.
pub(crate) fn found(event: Option<&ParseEvent<'_>>) -> String {
    let Some(event) = event else {
        return "the end of the input".into();
    };
    match &event.kind {
        ParseEventKind::StructStart(_) => "a map".into(),
        ParseEventKind::StructEnd => "the end of a map".into(),
        ParseEventKind::SequenceStart(_) => "a sequence".into(),
        ParseEventKind::SequenceEnd => "the end of a sequence".into(),
        ParseEventKind::FieldKey(_) => "a key".into(),
        ParseEventKind::OrderedField => "a field".into(),
        ParseEventKind::OptionSome => "an optional value".into(),
        ParseEventKind::VariantTag(_) => "a variant tag".into(),
        ParseEventKind::Scalar(s) => match s {
            ScalarValue::Unit => "unit".into(),
            ScalarValue::Null => "null".into(),
            ScalarValue::Bool(b) => format!("boolean {b}"),
            ScalarValue::Char(c) => format!("char {c:?}"),
            ScalarValue::I64(n) => format!("integer {n}"),
            ScalarValue::U64(n) => format!("integer {n}"),
            ScalarValue::I128(n) => format!("integer {n}"),
            ScalarValue::U128(n) => format!("integer {n}"),
            ScalarValue::F64(n) => format!("float {n}"),
            ScalarValue::Str(s) => format!("string {s:?}"),
            ScalarValue::Bytes(_) => "bytes".into(),
            _ => "a scalar".into(),
        },
        _ => event.kind_name().into(),
    }
}

impl<'a, 'de, E: Events<'de>, S: Sink<'de>> Walk<'a, 'de, E, S> {
    pub(crate) fn new(
        ev: &'a mut E,
        sink: S,
        reopen: bool,
        ns: Option<&'static str>,
        verdicts: &'a mut Verdicts,
    ) -> Self {
        Walk {
            ev,
            sink,
            depth: 0,
            peak: 0,
            ns,
            verdicts,
            untagged_open: 0,
            reopen,
            _de: core::marker::PhantomData,
        }
    }

    /// A dry walk over the same events, from this depth.
    pub(crate) fn dry(&mut self) -> Walk<'_, 'de, E, Dry> {
        Walk {
            ev: &mut *self.ev,
            sink: Dry,
            depth: self.depth,
            peak: self.depth,
            ns: self.ns,
            verdicts: &mut *self.verdicts,
            untagged_open: 0,
            reopen: self.reopen,
            _de: core::marker::PhantomData,
        }
    }

    // ---- errors -------------------------------------------------------

    #[cold]
    pub(crate) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.ev.span())
    }

    /// "expected {what}, found {event}".
    #[cold]
    pub(crate) fn wrong(&self, expected: impl ToString, event: Option<&ParseEvent<'_>>) -> Error {
        self.err(ErrorKind::WrongType {
            expected: expected.to_string(),
            found: found(event),
        })
    }

    #[cold]
    pub(crate) fn unsupported(&self, shape: &'static Shape, what: &'static str) -> Error {
        self.err(ErrorKind::Unsupported {
            shape: shape.to_string(),
            what,
        })
    }

    // ---- events -------------------------------------------------------

    /// The next event, which must exist.
    pub(crate) fn next(&mut self) -> Result<ParseEvent<'de>> {
        match self.ev.next()? {
            Some(e) => Ok(e),
            None => Err(self.err(ErrorKind::UnexpectedEnd)),
        }
    }

    /// The next event, not consumed, which must exist.
    pub(crate) fn peek(&mut self) -> Result<ParseEvent<'de>> {
        match self.ev.peek()? {
            Some(e) => Ok(e),
            None => Err(self.err(ErrorKind::UnexpectedEnd)),
        }
    }

    /// What the next event is, not consumed; it must exist.
    pub(crate) fn peek_kind(&mut self) -> Result<Peeked> {
        match self.ev.peek_kind()? {
            Peeked::Nothing => Err(self.err(ErrorKind::UnexpectedEnd)),
            k => Ok(k),
        }
    }

    /// Consumes the `OrderedField` marker a non-self-describing format puts
    /// before a field or element, if it is next.
    pub(crate) fn marker(&mut self) -> Result<()> {
        if !self.ev.self_describing() && self.peek_kind()? == Peeked::Ordered {
            self.next()?;
        }
        Ok(())
    }

    /// The next key of a map whose start was consumed; `None` at its end.
    pub(crate) fn next_key(&mut self, shape: &'static Shape) -> Result<Option<FieldKey<'de>>> {
        let e = self.next()?;
        match e.kind {
            ParseEventKind::StructEnd => Ok(None),
            ParseEventKind::FieldKey(key) => Ok(Some(key)),
            _ => Err(self.wrong(format!("a key of {shape}"), Some(&e))),
        }
    }

    /// Expects the end of a map (`StructEnd`).
    pub(crate) fn struct_end(&mut self, what: &str) -> Result<()> {
        let e = self.next()?;
        match e.kind {
            ParseEventKind::StructEnd => Ok(()),
            _ => Err(self.wrong(format!("the end of {what}"), Some(&e))),
        }
    }

    // ---- depth --------------------------------------------------------

    /// Enters a value: one level deeper.
    #[inline]
    pub(crate) fn descend(&mut self) -> Result<()> {
        self.depth += 1;
        self.peak = self.peak.max(self.depth);
        if self.depth > MAX_DEPTH {
            return Err(self.err(ErrorKind::RecursionLimit));
        }
        Ok(())
    }

    // ---- the walk -----------------------------------------------------

    /// Reads the document's value into the root, and checks that nothing
    /// follows it (for self-describing formats).
    pub(crate) fn root(&mut self, shape: &'static Shape) -> Result<()> {
        if self.ev.self_describing()
            && self.ev.peek_kind()? == Peeked::Nothing
            && self.root_from_nothing(shape)?
        {
            return Ok(());
        }
        self.value(shape, Dst::Here)?;
        if !self.ev.self_describing() {
            return Ok(());
        }
        if self.ev.next()?.is_some() {
            return Err(self.err(ErrorKind::TrailingData));
        }
        // Some parsers stop after one value without looking further: where
        // the input is known, what follows the last event must be blank.
        if let (Some(input), Some((offset, len))) = (self.ev.input(), self.ev.span()) {
            let rest = input.get(offset.saturating_add(len)..).unwrap_or_default();
            if let Some(i) = rest.iter().position(|b| !b.is_ascii_whitespace()) {
                return Err(Error::new(
                    ErrorKind::TrailingData,
                    Some((offset + len + i, 1)),
                ));
            }
        }
        Ok(())
    }

    /// An empty document (YAML with nothing in it): the type's `Default`,
    /// if it has one.
    fn root_from_nothing(&mut self, shape: &'static Shape) -> Result<bool> {
        if shape.is(facet::Characteristic::Default) {
            self.put_default(Dst::Here)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads one value of `shape` into `dst`.
    pub(crate) fn value(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        self.descend()?;
        let r = self.dispatch(shape, dst);
        self.depth -= 1;
        r
    }

    fn dispatch(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        if matches!(shape.def, Def::Undefined) && self.ev.raw_capture_shape() == Some(shape) {
            return self.raw(shape, dst);
        }
        if shape.has_any_proxy()
            && let Some(proxy) = shape.effective_proxy(self.ns)
        {
            return self.proxied(proxy.shape, dst);
        }
        // facet's scalars are `Def::Scalar` shapes, and `&str` and
        // `Cow<str>` (pointers): `scalar_type`, a chain of type-id
        // comparisons, is asked only about those.
        if matches!(shape.def, Def::Scalar | Def::Pointer(_))
            && let Some(st) = shape.scalar_type()
        {
            return self.scalar(shape, st, dst);
        }
        match shape.def {
            Def::Option(od) => self.option(shape, od.t, dst),
            Def::Pointer(pd) => self.pointer(shape, &pd, dst),
            Def::Result(rd) => self.result(shape, rd.t, rd.e, dst),
            Def::List(ld) => self.list(shape, ld.t, dst),
            Def::Set(sd) => self.seq(shape, sd.t, dst),
            Def::Map(md) => self.map(shape, md.k, md.v, dst),
            Def::Array(ad) => self.fixed(shape, ad.n, &|_| ad.t, seq::Fixed::Array, dst),
            Def::Scalar => self.opaque_scalar(shape, dst),
            Def::DynamicValue(_) => self.dynamic(shape, dst),
            _ => match &shape.ty {
                Type::User(UserType::Struct(st)) => self.structure(shape, st, dst),
                Type::User(UserType::Enum(et)) => self.enumeration(shape, et, dst),
                _ => Err(self.unsupported(shape, "no form in this walk for this type")),
            },
        }
    }
}
