//! [`Tokens`]: what the walk needs of a format's tokenizer. Peek a
//! value's kind, read a scalar, step through arrays and objects, skip a
//! value, and tell where in the input the next token is.
//!
//! The walk never calls a tokenizer itself: what a key, a tag or an
//! attribute means is decided in the walk, which tokens make a value is
//! decided by the `Tokens` implementation. A source is `Clone`: the walk
//! looks ahead (an untagged enum's variants, an internal tag among an
//! object's keys) on a copy, then carries on from the original, or from
//! the copy when the look-ahead read what it needs.

use crate::error::Result;

/// What the next value is, from its first token: one of the named
/// kinds, or a number ([`is_number`](Peek::is_number)).
///
/// A byte, so that a JSON source hands out the first byte of the value as
/// it is (no translation on the hot path); other sources use the named
/// kinds (and [`Peek::NUMBER`] for any number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Peek(u8);

impl Peek {
    /// `null`.
    pub const NULL: Peek = Peek(b'n');
    /// `true`.
    pub const TRUE: Peek = Peek(b't');
    /// `false`.
    pub const FALSE: Peek = Peek(b'f');
    /// A string.
    pub const STRING: Peek = Peek(b'"');
    /// An array (a sequence).
    pub const ARRAY: Peek = Peek(b'[');
    /// An object (a map).
    pub const OBJECT: Peek = Peek(b'{');
    /// A number, from a source that does not keep its first byte.
    pub const NUMBER: Peek = Peek(b'0');

    /// The kind a value starting with byte `b` of a JSON-like text has
    /// (`n`, `t`, `f`, `"`, `[`, `{`, `-` or a digit; anything else is
    /// no value).
    #[inline]
    pub const fn from_byte(b: u8) -> Peek {
        Peek(b)
    }

    /// The byte this kind was made from ([`from_byte`](Peek::from_byte),
    /// or the named kind's own).
    #[inline]
    pub const fn byte(self) -> u8 {
        self.0
    }

    /// Whether a number starts here.
    #[inline]
    pub const fn is_number(self) -> bool {
        matches!(self.0, b'-' | b'0'..=b'9')
    }

    /// Whether a non-finite number's name (`NaN`, `Infinity`) starts
    /// here: only a parse hook may read it, as text.
    #[inline]
    pub const fn is_non_finite(self) -> bool {
        matches!(self.0, b'N' | b'I')
    }
}

/// What [`Tokens::int`] read.
pub enum Int<'de> {
    /// A value that fits `i64`.
    I64(i64),
    /// An integer beyond `i64`, as written.
    Big(&'de str),
    /// A number that is not an integer (a fraction, an exponent, `-0`).
    Float,
}

/// What [`Tokens::string`] read.
pub enum StrRead<'de> {
    /// The input's own text.
    Borrowed(&'de str),
    /// Decoded from escapes (empty when not asked to decode).
    Escaped(String),
}

/// A source of tokens for the walk: a format's tokenizer, seen as JSON's
/// data model (null, booleans, numbers, strings, arrays, objects).
///
/// The walk calls [`peek`](Tokens::peek) before each value and then the
/// one read that fits what it peeked and what it builds; reads that take a
/// [`Peek`] get the one the walk saw. A read of another kind than the one
/// peeked returns an error (which one is the source's choice); nothing a
/// source does can make the walk unsound, as this trait is safe.
///
/// Errors carry the source's position: make them with
/// [`Error::new`](crate::Error::new) and the offset of the offending
/// token.
pub trait Tokens<'de>: Clone {
    /// The format whose proxies apply (`#[facet(json::proxy = …)]` for
    /// `"json"`), if any.
    fn format(&self) -> Option<&'static str> {
        None
    }
    /// The whole input, to tell line and column from an offset (none:
    /// errors give the offset only).
    fn input(&self) -> Option<&'de [u8]> {
        None
    }

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
