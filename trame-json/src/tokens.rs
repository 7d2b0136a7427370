//! [`JsonTokens`]: the walk's [`Tokens`] over a JSON text, tokenized by
//! jiter.
//!
//! jiter checks a string's escapes and hands back its raw text; the input
//! is a `&str` already, so that text is valid UTF-8 and needs no second
//! validation (jiter's decoding `&str` path validates again every string
//! with a non-ASCII byte). A string without a backslash is borrowed from
//! the input; one with escapes is decoded by [`unescape`].

use jiter::{Jiter, JiterError, JiterErrorType, JsonErrorType, JsonType, NumberInt};
use trame_walk::{Error, ErrorKind, Int, Number, Peek, Result, StrRead, Tokens};

use crate::unescape::unescape;

/// [`Tokens`] over a JSON text, tokenized by jiter.
#[derive(Clone)]
pub(crate) struct JsonTokens<'de> {
    input: &'de str,
    jiter: Jiter<'de>,
}

impl<'de> JsonTokens<'de> {
    pub(crate) fn new(input: &'de str) -> Self {
        JsonTokens {
            input,
            jiter: Jiter::new(input.as_bytes()),
        }
    }
}

/// A jiter peek as the walk's [`Peek`]: the same byte.
#[inline(always)]
fn kind(p: jiter::Peek) -> Peek {
    Peek::from_byte(p.into_inner())
}

/// The walk's [`Peek`] as a jiter peek: the same byte.
#[inline(always)]
fn jpeek(p: Peek) -> jiter::Peek {
    jiter::Peek::new(p.byte())
}

impl<'de> JsonTokens<'de> {
    /// Reads a number's text, as written.
    #[inline]
    fn number_text(&mut self, peek: Peek) -> Result<&'de str> {
        let start = self.offset();
        let p = jpeek(peek);
        self.jiter.known_number_bytes(p).map_err(jerr)?;
        Ok(&self.input[start..self.offset()])
    }
}

impl<'de> Tokens<'de> for JsonTokens<'de> {
    #[inline]
    fn format(&self) -> Option<&'static str> {
        Some(crate::FORMAT)
    }

    fn input(&self) -> Option<&'de [u8]> {
        Some(self.input.as_bytes())
    }

    #[inline]
    fn peek(&mut self) -> Result<Peek> {
        match self.jiter.peek() {
            Ok(p) => Ok(kind(p)),
            Err(e) => Err(jerr(e)),
        }
    }

    #[inline]
    fn offset(&self) -> usize {
        self.jiter.current_index()
    }

    #[cold]
    fn key_offset(&self, at: usize) -> usize {
        let bytes = self.input.as_bytes();
        let mut i = at;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b',' | b'{') {
            i += 1;
        }
        i
    }

    #[inline]
    fn null(&mut self) -> Result<()> {
        self.jiter.known_null().map_err(jerr)
    }

    #[inline]
    fn bool(&mut self, peek: Peek) -> Result<bool> {
        let p = jpeek(peek);
        self.jiter.known_bool(p).map_err(jerr)
    }

    #[inline]
    fn int(&mut self, peek: Peek) -> Result<Int<'de>> {
        let start = self.offset();
        let p = jpeek(peek);
        match self.jiter.known_int(p) {
            // `-0` is a float to serde_json (it keeps the sign): not an
            // integer, here either.
            Ok(NumberInt::Int(0)) if self.input.as_bytes()[start] == b'-' => Ok(Int::Float),
            Ok(NumberInt::Int(i)) => Ok(Int::I64(i)),
            Err(e) => match e.error_type {
                // Beyond i64: the digits as written.
                JiterErrorType::JsonError(JsonErrorType::NumberOutOfRange) => {
                    Ok(Int::Big(self.number_text(peek)?))
                }
                JiterErrorType::WrongType { .. } => Ok(Int::Float),
                _ => Err(jerr(e)),
            },
        }
    }

    #[inline]
    fn number(&mut self, peek: Peek) -> Result<Number<'de>> {
        self.number_text(peek).map(Number::Text)
    }

    fn string(&mut self, decode: bool) -> Result<StrRead<'de>> {
        let start = self.offset();
        let input = self.input;
        let raw = match self.jiter.known_bytes() {
            Ok(raw) => raw,
            Err(e) => return Err(jerr(e)),
        };
        // The raw text lies between two `"` of the input, so it is a whole
        // slice of the `&str` (never cut inside a character).
        let Some(text) = slice_of(input, raw) else {
            return Err(Error::new(
                ErrorKind::Syntax("string outside the input".into()),
                start,
            ));
        };
        if !text.as_bytes().contains(&b'\\') {
            return Ok(StrRead::Borrowed(text));
        }
        if !decode {
            return Ok(StrRead::Escaped(String::new()));
        }
        match unescape(text) {
            Some(s) => Ok(StrRead::Escaped(s)),
            None => Err(Error::new(
                ErrorKind::Syntax("invalid escape in string".into()),
                start,
            )),
        }
    }

    #[inline]
    fn scratch_str(&mut self) -> Result<&str> {
        self.jiter.known_str().map_err(jerr)
    }

    #[inline]
    fn array_start(&mut self) -> Result<Option<Peek>> {
        match self.jiter.known_array() {
            Ok(p) => Ok(p.map(kind)),
            Err(e) => Err(jerr(e)),
        }
    }

    #[inline]
    fn array_step(&mut self) -> Result<Option<Peek>> {
        match self.jiter.array_step() {
            Ok(p) => Ok(p.map(kind)),
            Err(e) => Err(jerr(e)),
        }
    }

    #[inline]
    fn object_start(&mut self) -> Result<Option<&str>> {
        match self.jiter.known_object() {
            Ok(k) => Ok(k),
            Err(e) => Err(jerr(e)),
        }
    }

    #[inline]
    fn next_key(&mut self) -> Result<Option<&str>> {
        match self.jiter.next_key() {
            Ok(k) => Ok(k),
            Err(e) => Err(jerr(e)),
        }
    }

    fn key_text(&mut self, first: bool) -> Result<Option<StrRead<'de>>> {
        let input = self.input;
        let key = if first {
            self.jiter.known_object()
        } else {
            self.jiter.next_key()
        };
        Ok(key.map_err(jerr)?.map(|k| match borrow_from(input, k) {
            Some(s) => StrRead::Borrowed(s),
            None => StrRead::Escaped(k.to_owned()),
        }))
    }

    fn skip_scalar(&mut self, peek: Peek) -> Result<()> {
        let p = jpeek(peek);
        self.jiter.known_skip(p).map_err(jerr)
    }

    fn finish(&mut self) -> Result<()> {
        self.jiter.finish().map_err(jerr)
    }
}

/// `key` as a slice of `input`, when it is one (a key jiter returned
/// without decoding escapes).
fn borrow_from<'de>(input: &'de str, key: &str) -> Option<&'de str> {
    {
        let range = input.as_bytes().as_ptr_range();
        let p = key.as_ptr();
        if key.is_empty() {
            return Some("");
        }
        if range.start <= p && p < range.end {
            let start = p as usize - range.start as usize;
            input.get(start..start + key.len())
        } else {
            None
        }
    }
}

/// A tokenizer error, at its position.
#[cold]
pub(crate) fn jerr(e: JiterError) -> Error {
    let kind = match e.error_type {
        JiterErrorType::JsonError(t) => ErrorKind::Syntax(t.to_string()),
        JiterErrorType::WrongType { expected, actual } => ErrorKind::WrongType {
            expected: expected.to_string(),
            found: match actual {
                JsonType::Null => "null",
                JsonType::Bool => "boolean",
                JsonType::Int => "number",
                JsonType::Float => "float",
                JsonType::String => "string",
                JsonType::Array => "array",
                JsonType::Object => "object",
            },
        },
    };
    Error::new(kind, e.index)
}

/// `raw` as a slice of `input`, when it is one.
pub(crate) fn slice_of<'de>(input: &'de str, raw: &[u8]) -> Option<&'de str> {
    if raw.is_empty() {
        return Some("");
    }
    let base = input.as_ptr() as usize;
    let start = (raw.as_ptr() as usize).checked_sub(base)?;
    input.get(start..start.checked_add(raw.len())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_outside_the_input_are_not_borrowed() {
        let input = String::from("\"abc\"");
        assert_eq!(slice_of(&input, &input.as_bytes()[1..4]), Some("abc"));
        let other = b"abc".to_vec();
        assert_eq!(slice_of(&input, &other), None);
    }
}
