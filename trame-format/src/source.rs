//! The walk's view of the input: [`Events`], a small event-source trait
//! (next / peek / skip / save / restore / position / hints), and
//! [`ParserEvents`], its implementation for any
//! [`facet_format::FormatParser`].
//!
//! The walk never talks to a parser directly, so any front end that can
//! produce facet-format's [`ParseEvent`]s (a JSON tokenizer, a YAML event
//! stream, a binary decoder) can drive the same walk.
//!
//! Look-ahead (`save`/`restore`) is done here, by recording the events read
//! after a save and replaying them after a restore, not by the parser's own
//! `save`/`restore` (which some parsers do not implement and panic on).
//! Skipping is done here too, event by event, for self-describing formats.

use std::collections::VecDeque;

use facet_format::{FormatParser, ParseEvent, ParseEventKind, ScalarTypeHint, ScalarValue};

use crate::error::{Error, ErrorKind, Result};

/// A byte offset and length in the input.
pub(crate) type Span = (usize, usize);

/// A point to come back to, from [`Events::save`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark(usize);

/// What the walk tells a parser about the value it is about to read (for
/// formats that do not describe their own values, such as postcard).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Hint {
    /// A struct or tuple of this many fields, in order.
    Struct(usize),
    /// A scalar of this type.
    Scalar(ScalarTypeHint),
    /// A sequence whose length the input gives.
    Sequence,
    /// A sequence of this fixed length (the type gives it).
    Array(usize),
    /// An `Option`.
    Option,
    /// A map.
    Map,
}

/// What the next event is, without its contents: enough for the walk's
/// decisions (is a sequence over, is an optional value null), and copied
/// instead of cloning the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Peeked {
    /// No event: the end of the input.
    Nothing,
    /// A null scalar.
    Null,
    /// A unit scalar.
    Unit,
    /// A byte-string scalar.
    Bytes,
    /// Any other scalar.
    Scalar,
    /// `OptionSome`.
    Some,
    /// `OrderedField`.
    Ordered,
    /// `SequenceStart`.
    SequenceStart,
    /// `SequenceEnd`.
    SequenceEnd,
    /// `StructStart`.
    StructStart,
    /// `StructEnd`.
    StructEnd,
    /// A key, a variant tag, or an event this version does not know.
    Other,
}

impl Peeked {
    pub(crate) fn of(event: Option<&ParseEvent<'_>>) -> Peeked {
        let Some(event) = event else {
            return Peeked::Nothing;
        };
        match &event.kind {
            ParseEventKind::Scalar(ScalarValue::Null) => Peeked::Null,
            ParseEventKind::Scalar(ScalarValue::Unit) => Peeked::Unit,
            ParseEventKind::Scalar(ScalarValue::Bytes(_)) => Peeked::Bytes,
            ParseEventKind::Scalar(_) => Peeked::Scalar,
            ParseEventKind::OptionSome => Peeked::Some,
            ParseEventKind::OrderedField => Peeked::Ordered,
            ParseEventKind::SequenceStart(_) => Peeked::SequenceStart,
            ParseEventKind::SequenceEnd => Peeked::SequenceEnd,
            ParseEventKind::StructStart(_) => Peeked::StructStart,
            ParseEventKind::StructEnd => Peeked::StructEnd,
            _ => Peeked::Other,
        }
    }
}

/// A source of parse events for the walk.
pub(crate) trait Events<'de> {
    /// Consumes the next event; `None` at the end of the input.
    fn next(&mut self) -> Result<Option<ParseEvent<'de>>>;
    /// The next event, not consumed.
    fn peek(&mut self) -> Result<Option<ParseEvent<'de>>>;
    /// What the next event is, not consumed (cheaper than [`peek`](Self::peek)).
    fn peek_kind(&mut self) -> Result<Peeked>;
    /// Skips the value that starts at the next event.
    fn skip(&mut self) -> Result<()>;
    /// Starts recording, to come back here with [`restore`](Self::restore).
    /// An error when the source cannot look ahead.
    fn save(&mut self) -> Result<Mark>;
    /// Comes back to `mark`: the events read since are read again.
    fn restore(&mut self, mark: Mark);
    /// How many events were consumed before the next one: the same number
    /// for the same event, read first or replayed.
    fn pos(&self) -> usize;
    /// Position of the last event consumed (or of the parser).
    fn span(&self) -> Option<Span>;

    /// Whether values describe themselves (names and kinds in the input).
    fn self_describing(&self) -> bool;
    /// Tells the parser what comes next.
    fn hint(&mut self, hint: Hint);
    /// The whole input, if the source can share it (for line and column).
    fn input(&self) -> Option<&'de [u8]>;
    /// The shape the format captures raw (`RawJson`), if any.
    fn raw_capture_shape(&self) -> Option<&'static facet::Shape>;
}

/// [`Events`] over a [`FormatParser`].
pub(crate) struct ParserEvents<'de, P> {
    parser: P,
    self_describing: bool,
    /// Events to hand out again (after a restore) before reading on.
    replay: VecDeque<ParseEvent<'de>>,
    /// Events consumed since the oldest live save point.
    log: Vec<ParseEvent<'de>>,
    /// Live save points.
    saves: usize,
    /// The parser's peeked event, for formats that do not describe
    /// themselves (see `front`).
    peeked: Option<ParseEvent<'de>>,
    /// Events consumed (less those handed back by a restore).
    consumed: usize,
    last: Option<Span>,
}

impl<'de, P: FormatParser<'de>> ParserEvents<'de, P> {
    pub(crate) fn new(parser: P) -> Self {
        let self_describing = parser.is_self_describing();
        ParserEvents {
            parser,
            self_describing,
            replay: VecDeque::new(),
            log: Vec::new(),
            saves: 0,
            peeked: None,
            consumed: 0,
            last: None,
        }
    }

    fn parse_error(&self, e: facet_format::ParseError) -> Error {
        let span = (e.span.offset as usize, e.span.len as usize);
        Error::new(ErrorKind::Parse(e.kind.to_string()), Some(span))
    }
}

impl<'de, P: FormatParser<'de>> Events<'de> for ParserEvents<'de, P> {
    fn next(&mut self) -> Result<Option<ParseEvent<'de>>> {
        let event = match self.replay.pop_front() {
            Some(e) => Some(e),
            None => self.parser.next_event().map_err(|e| self.parse_error(e))?,
        };
        if let Some(e) = &event {
            self.consumed += 1;
            self.last = Some((e.span.offset as usize, e.span.len as usize));
            if self.saves > 0 {
                self.log.push(e.clone());
            }
        }
        Ok(event)
    }

    fn peek(&mut self) -> Result<Option<ParseEvent<'de>>> {
        Ok(self.front()?.cloned())
    }

    fn peek_kind(&mut self) -> Result<Peeked> {
        Ok(Peeked::of(self.front()?))
    }

    fn skip(&mut self) -> Result<()> {
        if !self.self_describing {
            if !self.replay.is_empty() || self.saves > 0 {
                return Err(Error::new(
                    ErrorKind::Parse("cannot skip a value while looking ahead".into()),
                    self.span(),
                ));
            }
            return self.parser.skip_value().map_err(|e| self.parse_error(e));
        }
        // Event by event: one value, however nested. Prefix events
        // (`OptionSome`, a variant tag) and keys are followed by a value.
        let mut depth = 0usize;
        loop {
            let Some(event) = self.next()? else {
                return Err(Error::new(ErrorKind::UnexpectedEnd, self.span()));
            };
            match event.kind {
                ParseEventKind::StructStart(_) | ParseEventKind::SequenceStart(_) => depth += 1,
                ParseEventKind::StructEnd | ParseEventKind::SequenceEnd => {
                    if depth == 0 {
                        return Err(Error::new(
                            ErrorKind::Parse("unbalanced end of container".into()),
                            self.span(),
                        ));
                    }
                    depth -= 1;
                }
                ParseEventKind::FieldKey(_)
                | ParseEventKind::OptionSome
                | ParseEventKind::VariantTag(_)
                | ParseEventKind::OrderedField => continue,
                _ => {}
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    fn save(&mut self) -> Result<Mark> {
        if !self.self_describing {
            return Err(Error::new(
                ErrorKind::Parse(
                    "looking ahead needs a self-describing format (this one relies on type hints)"
                        .into(),
                ),
                self.span(),
            ));
        }
        if self.saves == 0 {
            self.log.clear();
        }
        self.saves += 1;
        Ok(Mark(self.log.len()))
    }

    fn restore(&mut self, mark: Mark) {
        let replayed = self.log.split_off(mark.0);
        self.consumed -= replayed.len();
        for e in replayed.into_iter().rev() {
            self.replay.push_front(e);
        }
        self.forget();
    }

    fn pos(&self) -> usize {
        self.consumed
    }

    fn span(&self) -> Option<Span> {
        self.last.or_else(|| {
            self.parser
                .current_span()
                .map(|s| (s.offset as usize, s.len as usize))
        })
    }

    fn self_describing(&self) -> bool {
        self.self_describing
    }

    fn hint(&mut self, hint: Hint) {
        // Container hints reach every parser (some self-describing formats
        // use them to tell an empty map from an empty sequence); the
        // schema hints only those that need them.
        match hint {
            Hint::Sequence => self.parser.hint_sequence(),
            Hint::Array(n) => self.parser.hint_array(n),
            _ if self.self_describing => {}
            Hint::Struct(n) => self.parser.hint_struct_fields(n),
            Hint::Scalar(h) => self.parser.hint_scalar_type(h),
            Hint::Option => self.parser.hint_option(),
            Hint::Map => self.parser.hint_map(),
        }
    }

    fn input(&self) -> Option<&'de [u8]> {
        self.parser.input()
    }

    fn raw_capture_shape(&self) -> Option<&'static facet::Shape> {
        self.parser.raw_capture_shape()
    }
}

impl<'de, P: FormatParser<'de>> ParserEvents<'de, P> {
    /// The next event, read from the parser into the replay queue if it is
    /// empty (a peeked event is then handed out by `next` like a replayed
    /// one, not counted as consumed until then): the parser's `next_event`
    /// rather than its `peek_event`, which clones the event and keeps it a
    /// second time. Formats that do not describe themselves keep the
    /// parser's own peek, so that its state (hints, `skip_value`) stays
    /// its own.
    fn front(&mut self) -> Result<Option<&ParseEvent<'de>>> {
        if !self.self_describing && self.replay.is_empty() {
            self.peeked = self.parser.peek_event().map_err(|e| self.parse_error(e))?;
            return Ok(self.peeked.as_ref());
        }
        if self.replay.is_empty() {
            match self.parser.next_event().map_err(|e| self.parse_error(e))? {
                Some(e) => self.replay.push_back(e),
                None => return Ok(None),
            }
        }
        Ok(self.replay.front())
    }
}

impl<'de, P> ParserEvents<'de, P> {
    fn forget(&mut self) {
        self.saves = self.saves.saturating_sub(1);
        if self.saves == 0 {
            self.log.clear();
        }
    }
}
