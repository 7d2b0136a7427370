//! [`ParserTokens`]: trame-walk's [`Tokens`] over the events of a
//! [`FormatParser`]: self-describing (JSON, YAML, TOML, MessagePack) or
//! not (postcard, which the walk tells each value's type, and reads by
//! position: [`Tokens::SELF_DESCRIBING`]).
//!
//! The walk looks ahead on copies of its source (an untagged enum's
//! variants, an internal tag among a map's keys). A parser cannot be
//! copied, so every copy shares it: events read from the parser while more
//! than one copy is alive are kept in a shared buffer, and each copy reads
//! from its own position in that buffer (reading on from the parser when
//! it is at the buffer's end). While one copy is alive and at the buffer's
//! end, nothing is kept.

mod events;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use facet_format::{FormatParser, ParseEvent, ParseEventKind, ScalarValue};

use events::{Next, describe, key_name, kind, parse_error};
use trame_walk::{Error, ErrorKind, Hint, Int, Number, Peek, Result, StrRead, Tokens};

/// The parser and the events kept for the copies behind.
struct Shared<'de, P> {
    parser: P,
    /// Events from number `base` on: the next one once peeked, and those
    /// kept while a copy may read them.
    kept: VecDeque<ParseEvent<'de>>,
    base: usize,
}

impl<P> Shared<'_, P> {
    /// Forgets the events before number `pos`, which the only copy left
    /// has read (none reads them again).
    fn forget_before(&mut self, pos: usize) {
        while self.base < pos && !self.kept.is_empty() {
            self.kept.pop_front();
            self.base += 1;
        }
        if self.kept.is_empty() {
            self.base = pos;
        }
    }
}

/// [`Tokens`] over a [`FormatParser`]; `DESCRIBED` is whether the parser
/// is self-describing.
///
/// A parser that is not reads a value only once told its type: until then
/// a peek answers [`Peek::HINT`], without asking the parser. Its structs,
/// tuples, sequences and maps are all read as arrays whose elements each
/// follow an `OrderedField` marker, and an `OrderedField` after an option
/// hint is the option's presence ([`Peek::SOME`]). A dynamic value
/// ([`Hint::Dynamic`]) describes itself: its events are read as a
/// self-describing parser's, to its end.
pub(crate) struct ParserTokens<'de, P, const DESCRIBED: bool> {
    shared: Rc<RefCell<Shared<'de, P>>>,
    /// The number of the next event this copy reads.
    pos: usize,
    /// The text handed out by the last `scratch_str` or key read.
    scratch: Cow<'de, str>,
    /// Where the last event this copy read ended.
    last_end: usize,
    /// Where the last key this copy read started.
    last_key: usize,
    format: Option<&'static str>,
    input: Option<&'de [u8]>,
    raw_shape: Option<&'static facet::Shape>,
    reopens: bool,
    /// The walk gave a hint since the last event read (formats that are
    /// not self-describing).
    hinted: bool,
    /// That hint was for an option.
    option: bool,
    /// The walk told the source a dynamic value comes, and it has not
    /// started yet (formats that are not self-describing).
    dynamic_next: bool,
    /// The containers of a dynamic value open around the next event: a
    /// dynamic value describes itself to its end.
    dynamic_depth: usize,
}

impl<P, const DESCRIBED: bool> Clone for ParserTokens<'_, P, DESCRIBED> {
    fn clone(&self) -> Self {
        ParserTokens {
            shared: Rc::clone(&self.shared),
            pos: self.pos,
            scratch: self.scratch.clone(),
            last_end: self.last_end,
            last_key: self.last_key,
            format: self.format,
            input: self.input,
            raw_shape: self.raw_shape,
            reopens: self.reopens,
            hinted: self.hinted,
            option: self.option,
            dynamic_next: self.dynamic_next,
            dynamic_depth: self.dynamic_depth,
        }
    }
}

impl<'de, P: FormatParser<'de>, const DESCRIBED: bool> ParserTokens<'de, P, DESCRIBED> {
    pub(crate) fn new(parser: P, reopens: bool) -> Self {
        ParserTokens {
            format: parser.format_namespace(),
            input: parser.input(),
            raw_shape: parser.raw_capture_shape(),
            reopens,
            shared: Rc::new(RefCell::new(Shared {
                parser,
                kept: VecDeque::new(),
                base: 0,
            })),
            pos: 0,
            scratch: Cow::Borrowed(""),
            last_end: 0,
            last_key: 0,
            hinted: false,
            option: false,
            dynamic_next: false,
            dynamic_depth: 0,
        }
    }

    /// Applies `f` to the next event (read from the parser if no copy has
    /// read it yet), without consuming it; `None` at the end of the input.
    // Inlined, as `take` and `take_alone` are: they run once or twice per
    // event (measured with `sh trame-bench/instructions.sh format`:
    // msgpack/citm_catalog 61.2 M → 57.2 M instructions per document).
    #[inline(always)]
    fn with_next<R>(&mut self, f: impl FnOnce(Option<&ParseEvent<'de>>) -> R) -> Result<R> {
        let mut shared = self.shared.borrow_mut();
        let shared = &mut *shared;
        if shared.base < self.pos && Rc::strong_count(&self.shared) == 1 {
            shared.forget_before(self.pos);
        }
        let i = self.pos - shared.base;
        if i == shared.kept.len() {
            match shared.parser.next_event() {
                Ok(Some(e)) => shared.kept.push_back(e),
                Ok(None) => return Ok(f(None)),
                Err(e) => return Err(parse_error(e)),
            }
        }
        Ok(f(shared.kept.get(i)))
    }

    /// Consumes the next event: moved out of the buffer (or the parser)
    /// while this copy is alone, cloned for the others otherwise.
    #[inline(always)]
    fn take(&mut self) -> Result<ParseEvent<'de>> {
        let event = if Rc::strong_count(&self.shared) == 1 {
            self.take_alone()?
        } else {
            self.with_next(|e| e.cloned())?
        };
        match event {
            Some(e) => {
                self.pos += 1;
                self.hinted = false;
                self.option = false;
                if !self.positional() {
                    self.dynamic_entered(&e.kind);
                }
                self.last_end = (e.span.offset as usize).saturating_add(e.span.len as usize);
                Ok(e)
            }
            None => Err(Error::new(ErrorKind::UnexpectedEnd, self.last_end)),
        }
    }

    /// The next event, when no other copy can read it again.
    #[inline(always)]
    fn take_alone(&mut self) -> Result<Option<ParseEvent<'de>>> {
        let mut shared = self.shared.borrow_mut();
        let shared = &mut *shared;
        if shared.base < self.pos {
            shared.forget_before(self.pos);
        }
        if let Some(e) = shared.kept.pop_front() {
            shared.base += 1;
            return Ok(Some(e));
        }
        match shared.parser.next_event() {
            Ok(e) => {
                shared.base += usize::from(e.is_some());
                Ok(e)
            }
            Err(e) => Err(parse_error(e)),
        }
    }

    /// Whether the next event is read by position: the format is not
    /// self-describing and the event is not part of a dynamic value.
    #[inline(always)]
    fn positional(&self) -> bool {
        !DESCRIBED && !self.dynamic_next && self.dynamic_depth == 0
    }

    /// Follows the containers of a dynamic value as its events are read
    /// (a format that is not self-describing).
    fn dynamic_entered(&mut self, kind: &ParseEventKind<'de>) {
        if DESCRIBED {
            return;
        }
        self.dynamic_next = false;
        match kind {
            ParseEventKind::StructStart(_) | ParseEventKind::SequenceStart(_) => {
                self.dynamic_depth += 1;
            }
            ParseEventKind::StructEnd | ParseEventKind::SequenceEnd => {
                // The parser ends only what it opened.
                self.dynamic_depth = self.dynamic_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// Consumes the next event, which the walk peeked as a scalar.
    fn scalar(&mut self) -> Result<ScalarValue<'de>> {
        let e = self.take()?;
        match e.kind {
            ParseEventKind::Scalar(v) => Ok(v),
            _ => Err(self.misread(&e)),
        }
    }

    /// [`misread`](Self::misread) of a scalar event already taken apart.
    #[cold]
    fn misread_scalar(&self, v: ScalarValue<'de>) -> Error {
        self.misread(&ParseEvent::new(
            ParseEventKind::Scalar(v),
            Default::default(),
        ))
    }

    #[cold]
    fn misread(&self, e: &ParseEvent<'de>) -> Error {
        Error::new(
            ErrorKind::Syntax(format!("unexpected {}", describe(&e.kind))),
            e.span.offset as usize,
        )
    }

    /// After a value, inside a map: the next key (kept in `scratch`), or
    /// `None` at the map's end.
    fn key(&mut self) -> Result<bool> {
        let e = self.take()?;
        match e.kind {
            ParseEventKind::StructEnd => Ok(false),
            ParseEventKind::FieldKey(k) => {
                self.last_key = e.span.offset as usize;
                self.scratch = key_name(k);
                Ok(true)
            }
            _ => Err(self.misread(&e)),
        }
    }

    /// After an element, inside a sequence: the next element's kind, or
    /// `None` at the sequence's end (consumed).
    fn element(&mut self) -> Result<Option<Peek>> {
        let p = self.peek_event()?;
        match p {
            Next::SequenceEnd => {
                self.take()?;
                Ok(None)
            }
            Next::Value(p) => Ok(Some(p)),
            Next::Marker => {
                // The element that follows waits for its hint.
                self.take()?;
                Ok(Some(Peek::HINT))
            }
            Next::Other | Next::End => {
                let e = self.take()?;
                Err(self.misread(&e))
            }
        }
    }

    fn peek_event(&mut self) -> Result<Next> {
        let option = self.option;
        let positional = self.positional();
        self.with_next(|e| match e {
            None => Next::End,
            Some(e) => match &e.kind {
                ParseEventKind::SequenceEnd => Next::SequenceEnd,
                // By position, every container is a run of elements.
                ParseEventKind::StructStart(_) if positional => Next::Value(Peek::ARRAY),
                ParseEventKind::StructEnd if positional => Next::SequenceEnd,
                ParseEventKind::OrderedField if positional && option => Next::Value(Peek::SOME),
                ParseEventKind::OrderedField if positional => Next::Marker,
                k => match kind(k) {
                    Some(p) => Next::Value(p),
                    None => Next::Other,
                },
            },
        })
    }
}

impl<'de, P: FormatParser<'de>, const DESCRIBED: bool> Tokens<'de>
    for ParserTokens<'de, P, DESCRIBED>
{
    const COERCE: bool = true;
    const SELF_DESCRIBING: bool = DESCRIBED;

    fn hint(&mut self, hint: Hint) {
        self.hinted = true;
        self.option = hint == Hint::Option;
        self.dynamic_next = !DESCRIBED && hint == Hint::Dynamic;
        events::hint(&mut self.shared.borrow_mut().parser, hint);
    }

    fn format(&self) -> Option<&'static str> {
        self.format
    }

    fn input(&self) -> Option<&'de [u8]> {
        self.input
    }

    fn peek(&mut self) -> Result<Peek> {
        if !self.hinted && self.positional() {
            // The parser cannot read the value before it is told its type.
            return Ok(Peek::HINT);
        }
        match self.peek_event()? {
            Next::Value(p) => Ok(p),
            Next::End => Err(Error::new(ErrorKind::UnexpectedEnd, self.last_end)),
            Next::SequenceEnd | Next::Marker | Next::Other => {
                let at = self.offset();
                let what = self.with_next(|e| e.map(|e| describe(&e.kind)))?;
                Err(Error::new(
                    ErrorKind::Syntax(format!(
                        "expected a value, found {}",
                        what.unwrap_or_default()
                    )),
                    at,
                ))
            }
        }
    }

    fn offset(&self) -> usize {
        let shared = self.shared.borrow();
        match shared.kept.get(self.pos.wrapping_sub(shared.base)) {
            Some(e) if self.pos >= shared.base => e.span.offset as usize,
            _ => self.last_end,
        }
    }

    fn null(&mut self) -> Result<()> {
        self.scalar().map(drop)
    }

    fn bool(&mut self, _peek: Peek) -> Result<bool> {
        match self.scalar()? {
            ScalarValue::Bool(b) => Ok(b),
            v => Err(self.misread_scalar(v)),
        }
    }

    fn int(&mut self, _peek: Peek) -> Result<Int<'de>> {
        Ok(match self.scalar()? {
            ScalarValue::I64(n) => Int::I64(n),
            ScalarValue::U64(n) => Int::U64(n),
            ScalarValue::I128(n) => Int::I128(n),
            ScalarValue::U128(n) => Int::U128(n),
            ScalarValue::F64(f) => Int::F64(f),
            _ => Int::Float,
        })
    }

    fn number(&mut self, _peek: Peek) -> Result<Number<'de>> {
        Ok(match self.scalar()? {
            ScalarValue::I64(n) => Number::I64(n),
            ScalarValue::U64(n) => Number::U64(n),
            ScalarValue::I128(n) => Number::I128(n),
            ScalarValue::U128(n) => Number::U128(n),
            ScalarValue::F64(n) => Number::F64(n),
            v => {
                return Err(self.misread_scalar(v));
            }
        })
    }

    fn string(&mut self, _decode: bool) -> Result<StrRead<'de>> {
        Ok(match self.scalar()? {
            ScalarValue::Str(Cow::Borrowed(s)) => StrRead::Borrowed(s),
            ScalarValue::Str(Cow::Owned(s)) => StrRead::Escaped(s),
            ScalarValue::Char(c) => StrRead::Escaped(c.to_string()),
            v => {
                return Err(self.misread_scalar(v));
            }
        })
    }

    fn scratch_str(&mut self) -> Result<&str> {
        self.scratch = match self.scalar()? {
            ScalarValue::Str(s) => s,
            ScalarValue::Char(c) => Cow::Owned(c.to_string()),
            v => {
                return Err(self.misread_scalar(v));
            }
        };
        Ok(&self.scratch)
    }

    fn array_start(&mut self) -> Result<Option<Peek>> {
        let positional = self.positional();
        let e = self.take()?;
        let start = match e.kind {
            ParseEventKind::SequenceStart(_) => true,
            ParseEventKind::StructStart(_) => positional,
            _ => false,
        };
        if !start {
            return Err(self.misread(&e));
        }
        self.element()
    }

    fn array_step(&mut self) -> Result<Option<Peek>> {
        self.element()
    }

    fn object_start(&mut self) -> Result<Option<&str>> {
        let e = self.take()?;
        if !matches!(e.kind, ParseEventKind::StructStart(_)) {
            return Err(self.misread(&e));
        }
        Ok(if self.key()? {
            Some(&self.scratch)
        } else {
            None
        })
    }

    fn next_key(&mut self) -> Result<Option<&str>> {
        Ok(if self.key()? {
            Some(&self.scratch)
        } else {
            None
        })
    }

    fn key_text(&mut self, first: bool) -> Result<Option<StrRead<'de>>> {
        let more = if first {
            self.object_start()?.is_some()
        } else {
            self.key()?
        };
        Ok(more.then(
            || match core::mem::replace(&mut self.scratch, Cow::Borrowed("")) {
                Cow::Borrowed(s) => StrRead::Borrowed(s),
                Cow::Owned(s) => StrRead::Escaped(s),
            },
        ))
    }

    fn bytes(&mut self) -> Result<Cow<'de, [u8]>> {
        match self.scalar()? {
            ScalarValue::Bytes(b) => Ok(b),
            v => Err(self.misread_scalar(v)),
        }
    }

    fn some(&mut self) -> Result<()> {
        let e = self.take()?;
        match e.kind {
            ParseEventKind::OptionSome => Ok(()),
            ParseEventKind::OrderedField if !DESCRIBED => Ok(()),
            _ => Err(self.misread(&e)),
        }
    }

    fn tag(&mut self) -> Result<Option<&str>> {
        let e = self.take()?;
        match e.kind {
            ParseEventKind::VariantTag(name) => {
                self.scratch = Cow::Borrowed(name.unwrap_or(""));
                Ok(name.map(|_| &*self.scratch))
            }
            _ => Err(self.misread(&e)),
        }
    }

    fn raw_capture_shape(&self) -> Option<&'static facet::Shape> {
        self.raw_shape
    }

    fn raw_text(&self, start: usize) -> Option<&'de str> {
        let bytes = self.input?.get(start..self.last_end)?;
        core::str::from_utf8(bytes).ok()
    }

    fn reopens(&self) -> bool {
        self.reopens
    }

    fn found(&mut self, _peek: Peek) -> Option<String> {
        if !self.hinted && self.positional() {
            return None;
        }
        self.with_next(|e| e.map(|e| describe(&e.kind)))
            .ok()
            .flatten()
    }

    fn skip_scalar(&mut self, _peek: Peek) -> Result<()> {
        let e = self.take()?;
        match e.kind {
            // A marker is followed by its value.
            ParseEventKind::OptionSome | ParseEventKind::VariantTag(_) => Err(Error::new(
                ErrorKind::Syntax(format!("{} cannot be skipped here", describe(&e.kind))),
                e.span.offset as usize,
            )),
            ParseEventKind::Scalar(_) => Ok(()),
            _ => Err(self.misread(&e)),
        }
    }

    fn end(&self) -> usize {
        self.last_end
    }

    fn position(&self) -> usize {
        // Spans need not be distinct (or given at all): events are counted.
        self.pos
    }

    fn key_offset(&self, _at: usize) -> usize {
        self.last_key
    }

    fn is_empty(&mut self) -> Result<bool> {
        if !DESCRIBED {
            // Nothing is read before the first hint.
            return Ok(false);
        }
        Ok(matches!(self.peek_event()?, Next::End))
    }

    fn finish(&mut self) -> Result<()> {
        if !DESCRIBED {
            // What follows the value cannot be read without a type: a
            // format that does not describe its values is not checked for
            // trailing data (as facet's deserializer does not).
            return Ok(());
        }
        if !matches!(self.peek_event()?, Next::End) {
            return Err(Error::new(ErrorKind::TrailingData, self.offset()));
        }
        // Some parsers stop after one value without looking further: where
        // the input is known, what follows the last event must be blank.
        if let Some(input) = self.input {
            let rest = input.get(self.last_end..).unwrap_or_default();
            if let Some(i) = rest.iter().position(|b| !b.is_ascii_whitespace()) {
                return Err(Error::new(ErrorKind::TrailingData, self.last_end + i));
            }
        }
        Ok(())
    }
}
