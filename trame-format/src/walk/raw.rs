//! Raw capture: the shape a parser names by `raw_capture_shape`
//! (facet-json's `RawJson`, a newtype over `Cow<'de, str>`) holds the
//! value's text as the input has it, borrowed from the input, unparsed.

use std::borrow::Cow;

use facet::Shape;

use super::{Dst, Sink, Walk};
use crate::error::{ErrorKind, Result};
use crate::source::Events;

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// The next value's text, from its first event's start to its last
    /// event's end, into field 0 of `shape` at `dst`.
    pub(crate) fn raw(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        let Some(input) = self.ev.input() else {
            return Err(self.unsupported(
                shape,
                "raw capture from a parser that does not share its input",
            ));
        };
        let start = self.peek()?.span.offset as usize;
        self.ev.skip()?;
        let end = match self.ev.span() {
            Some((offset, len)) => offset.saturating_add(len),
            None => start,
        };
        let text = input
            .get(start..end)
            .and_then(|b| core::str::from_utf8(b).ok());
        let Some(text) = text else {
            return Err(self.err(ErrorKind::Parse(format!(
                "the raw text of {shape} at {start}..{end} is not UTF-8 text of the input"
            ))));
        };
        self.open(dst, false)?;
        self.put::<Cow<'de, str>>(Dst::Field(0), Cow::Borrowed(text))?;
        self.close(dst)
    }
}
