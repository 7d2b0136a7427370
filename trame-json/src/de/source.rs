//! The walk's view of the input: [`Tokens`], a small token-source trait
//! (peek a value's kind, read a scalar, step through arrays and objects,
//! skip), and [`JsonTokens`], its implementation over jiter.
//!
//! The walk never calls the tokenizer itself: what a key, a tag or an
//! attribute means is decided in the walk, which tokens make a value is
//! decided here. A source is `Clone`: the walk looks ahead (an untagged
//! enum's variants, an internal tag among an object's keys) on a copy and
//! carries on from the original, or from the copy when the look-ahead
//! read what it needs.

use jiter::{Jiter, JiterError, JiterErrorType, JsonErrorType, JsonType, NumberInt};

use crate::error::{Error, ErrorKind, Result};

/// What the next value is, from its first token: one of the named
/// kinds, or a number ([`is_number`](Peek::is_number)).
///
/// A byte, so that a JSON source hands out the first byte of the value as
/// it is (no translation on the hot path); other sources use the named
/// kinds (and [`Peek::NUMBER`] for any number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Peek(u8);

#[allow(non_upper_case_globals)]
impl Peek {
    /// `null`.
    pub(crate) const Null: Peek = Peek(b'n');
    /// `true`.
    pub(crate) const True: Peek = Peek(b't');
    /// `false`.
    pub(crate) const False: Peek = Peek(b'f');
    /// A string.
    pub(crate) const String: Peek = Peek(b'"');
    /// An array (a sequence).
    pub(crate) const Array: Peek = Peek(b'[');
    /// An object (a map).
    pub(crate) const Object: Peek = Peek(b'{');
    /// A number, from a source that does not keep its first byte.
    #[allow(dead_code)]
    pub(crate) const NUMBER: Peek = Peek(b'0');

    /// Whether a number starts here.
    #[inline]
    pub(crate) fn is_number(self) -> bool {
        matches!(self.0, b'-' | b'0'..=b'9')
    }

    /// Whether a non-finite number's name (`NaN`, `Infinity`) starts
    /// here: only a parse hook may read it, as text.
    #[inline]
    pub(crate) fn is_non_finite(self) -> bool {
        matches!(self.0, b'N' | b'I')
    }
}

/// What [`Tokens::int`] read.
pub(crate) enum Int<'de> {
    /// A value that fits `i64`.
    I64(i64),
    /// An integer beyond `i64`, as written.
    Big(&'de str),
    /// A number that is not an integer (a fraction, an exponent, `-0`).
    Float,
}

/// What [`Tokens::string`] read.
pub(crate) enum StrRead<'de> {
    /// The input's own text.
    Borrowed(&'de str),
    /// Decoded from escapes (empty when not asked to decode).
    Escaped(String),
}

/// A source of tokens for the walk.
///
/// Every read takes the [`Peek`] the walk saw for the value it reads
/// where the source needs it; reading a value of another kind than the
/// one peeked is a bug in the walk, and the source may then return any
/// error (never undefined behaviour: this trait is safe).
pub(crate) trait Tokens<'de>: Clone {
    /// The kind of the next value (after whitespace).
    fn peek(&mut self) -> Result<Peek>;
    /// Where the next token starts, as a byte offset into the input.
    fn offset(&self) -> usize;
    /// The offset of the key whose read began at `at` (past the
    /// separators before it), for errors that point at a key.
    fn key_offset(&self, at: usize) -> usize {
        at
    }

    /// Reads a `null`.
    fn null(&mut self) -> Result<()>;
    /// Reads a boolean.
    fn bool(&mut self, peek: Peek) -> Result<bool>;
    /// Reads a number as an integer.
    fn int(&mut self, peek: Peek) -> Result<Int<'de>>;
    /// Reads a number as its text, as written (for floats, and for types
    /// parsed from a number's text).
    fn number_text(&mut self, peek: Peek) -> Result<&'de str>;
    /// The input's text from offset `start` to here (for errors).
    fn text_since(&self, start: usize) -> &'de str;
    /// Reads a string: borrowed from the input when it can be, decoded
    /// into a `String` when `decode` is set, else left empty.
    fn string(&mut self, decode: bool) -> Result<StrRead<'de>>;
    /// Reads a string into a buffer that lives until the next read (a
    /// char, a variant's name).
    fn scratch_str(&mut self) -> Result<&str>;

    /// Reads the start of an array: the kind of its first element, `None`
    /// for an empty array.
    fn array_start(&mut self) -> Result<Option<Peek>>;
    /// Reads past an element's end: the kind of the next element, `None`
    /// at the array's end.
    fn array_step(&mut self) -> Result<Option<Peek>>;
    /// Reads the start of an object and its first key; `None` for an
    /// empty object.
    fn object_start(&mut self) -> Result<Option<&str>>;
    /// Reads past a value's end: the object's next key, `None` at its end.
    fn next_key(&mut self) -> Result<Option<&str>>;
    /// [`object_start`](Self::object_start) when `first` is set, else
    /// [`next_key`](Self::next_key), with the key borrowed from the input
    /// when it can be (for keys that are kept: a map's).
    fn key_text(&mut self, first: bool) -> Result<Option<StrRead<'de>>>;

    /// Skips a value that is not an array or an object.
    fn skip_scalar(&mut self, peek: Peek) -> Result<()>;
    /// Checks that nothing but whitespace follows the document's value.
    fn finish(&mut self) -> Result<()>;
}

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
    Peek(p.into_inner())
}

/// The walk's [`Peek`] as a jiter peek: the same byte.
#[inline(always)]
fn jpeek(p: Peek) -> jiter::Peek {
    jiter::Peek::new(p.0)
}

impl<'de> Tokens<'de> for JsonTokens<'de> {
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
    fn number_text(&mut self, peek: Peek) -> Result<&'de str> {
        let start = self.offset();
        let p = jpeek(peek);
        self.jiter.known_number_bytes(p).map_err(jerr)?;
        Ok(&self.input[start..self.offset()])
    }

    #[cold]
    fn text_since(&self, start: usize) -> &'de str {
        self.input.get(start..self.offset()).unwrap_or("")
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
        match super::text::unescape(text) {
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
