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

use std::borrow::Cow;

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
    /// A byte string (formats that have them: MessagePack's `bin`).
    pub const BYTES: Peek = Peek(b'b');
    /// A marker that an optional value is present, before the value
    /// (formats that tell `Some(None)` from `None`).
    pub const SOME: Peek = Peek(b's');
    /// A variant tag before a value (formats with tagged-union syntax).
    pub const TAG: Peek = Peek(b'@');
    /// A value the source cannot tell before it is told what type it is
    /// (formats that do not describe their values, such as postcard): the
    /// walk gives a [`Hint`] ([`Tokens::hint`]) and peeks again.
    pub const HINT: Peek = Peek(b'?');

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
    /// An unsigned value (from formats that type their numbers).
    U64(u64),
    /// A 128-bit value (from formats that type their numbers).
    I128(i128),
    /// An unsigned 128-bit value (from formats that type their numbers).
    U128(u128),
    /// An integer beyond `i64`, as written.
    Big(&'de str),
    /// A number that is not an integer (a fraction, an exponent, `-0`).
    Float,
    /// A float, from a format that types its numbers.
    F64(f64),
}

/// What [`Tokens::number`] read: a number as written, or as typed by a
/// format that types its numbers.
pub enum Number<'de> {
    /// The number's text, as written.
    Text(&'de str),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A signed 128-bit integer.
    I128(i128),
    /// An unsigned 128-bit integer.
    U128(u128),
    /// A float.
    F64(f64),
}

impl Number<'_> {
    /// The number as text (for errors and for types parsed from text).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Number::Text(t) => Cow::Borrowed(t),
            Number::I64(n) => Cow::Owned(n.to_string()),
            Number::U64(n) => Cow::Owned(n.to_string()),
            Number::I128(n) => Cow::Owned(n.to_string()),
            Number::U128(n) => Cow::Owned(n.to_string()),
            Number::F64(n) => Cow::Owned(n.to_string()),
        }
    }
}

/// What the walk is about to read, for a format that does not describe
/// its values ([`Tokens::SELF_DESCRIBING`] is `false`): given with
/// [`Tokens::hint`] before each value.
///
/// The walk reads such a format by position: a struct's fields in
/// declaration order, a tuple's elements, an enum's variant by its index
/// (a [`Hint::U32`]) then its payload, an option's presence then its
/// value, a map's entries as key–value pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// A `bool`.
    Bool,
    /// A `char`.
    Char,
    /// A string (also the text a type is parsed from).
    String,
    /// A byte string (the bytes a type is parsed from).
    Bytes,
    /// A `u8`.
    U8,
    /// A `u16`.
    U16,
    /// A `u32` (also an enum's variant index).
    U32,
    /// A `u64`.
    U64,
    /// A `u128`.
    U128,
    /// A `usize`.
    Usize,
    /// An `i8`.
    I8,
    /// An `i16`.
    I16,
    /// An `i32`.
    I32,
    /// An `i64`.
    I64,
    /// An `i128`.
    I128,
    /// An `isize`.
    Isize,
    /// An `f32`.
    F32,
    /// An `f64`.
    F64,
    /// An optional value: absent ([`Peek::NULL`]) or present
    /// ([`Peek::SOME`], then the value).
    Option,
    /// A sequence whose length the input gives.
    Sequence,
    /// A sequence of this many elements, not written in the input (a
    /// fixed-size array).
    Array(usize),
    /// This many fields in order (a struct, a tuple, a struct variant).
    Struct(usize),
    /// A map, written as its entries: key, value, key, value, …
    Map,
    /// An opaque scalar of this shape, built by its hooks (a UUID, a date):
    /// read in the source's own form for the type where it has one (a
    /// UUID's 16 bytes in postcard), else as a string (its text).
    Opaque(&'static facet::Shape),
    /// A dynamic value (`facet_value::Value`): the source reads it as one
    /// that describes itself, null, boolean, number, string, bytes, array
    /// or object, to its end (postcard writes such a value tagged).
    Dynamic,
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
    /// Whether scalars are read as facet-format's deserializer reads them,
    /// not as serde_json does: a number from a string that holds one, a
    /// boolean from `"true"` or `"false"`, a float from an integer.
    const COERCE: bool = false;

    /// Whether the format describes its own values (JSON, YAML, TOML,
    /// MessagePack: keys, tags, kinds of values). `false` for formats that
    /// write values by position and need to be told each value's type
    /// (postcard): [`peek`](Tokens::peek) then answers [`Peek::HINT`]
    /// until the walk gives a [`hint`](Tokens::hint), and every container
    /// (a struct, a tuple, a sequence, a map) is read as an array of its
    /// elements, each announced by [`Peek::HINT`].
    const SELF_DESCRIBING: bool = true;

    /// Tells a format that does not describe its values what the next one
    /// is ([`SELF_DESCRIBING`](Tokens::SELF_DESCRIBING) is `false`); never
    /// called otherwise.
    fn hint(&mut self, hint: Hint) {
        let _ = hint;
    }

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
    /// Where the last value read ends in the input (one past its last
    /// byte), for the spans of metadata containers; by default the
    /// [`offset`](Tokens::offset) after it.
    fn end(&self) -> usize {
        self.offset()
    }
    /// A number that tells this position from every other of the input
    /// (the walk remembers what it found looking ahead by position): the
    /// offset, where every token has its own, else a count of tokens read.
    fn position(&self) -> usize {
        self.offset()
    }
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
    /// Reads a number, as written or as typed (for floats, dynamic
    /// values, and types parsed from a number's text).
    fn number(&mut self, peek: Peek) -> Result<Number<'de>>;
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

    /// Reads a byte string ([`Peek::BYTES`]).
    fn bytes(&mut self) -> Result<Cow<'de, [u8]>> {
        Err(self.unsupported("byte strings"))
    }
    /// Reads the marker of a present optional value ([`Peek::SOME`]).
    fn some(&mut self) -> Result<()> {
        Err(self.unsupported("optional value markers"))
    }
    /// Reads a variant tag ([`Peek::TAG`]): its name, `None` for a unit
    /// tag.
    fn tag(&mut self) -> Result<Option<&str>> {
        Err(self.unsupported("variant tags"))
    }
    /// The shape this format captures as its raw text (facet-json's
    /// `RawJson`), if any.
    fn raw_capture_shape(&self) -> Option<&'static facet::Shape> {
        None
    }
    /// The input's text from offset `start` to the end of the last token
    /// read (a value just skipped, for raw capture); `None` when the
    /// source does not share its input.
    fn raw_text(&self, start: usize) -> Option<&'de str> {
        let _ = start;
        None
    }
    /// Whether the format may reopen an object after leaving it (TOML's
    /// tables): objects are then built in trame's deferred mode and a key
    /// seen twice re-enters its value.
    fn reopens(&self) -> bool {
        false
    }
    /// What the value `peek` announces is, with its contents where they
    /// help ("string \"x\""), for "found …" in errors; `None`: its kind
    /// only.
    fn found(&mut self, peek: Peek) -> Option<String> {
        let _ = peek;
        None
    }
    /// The error for a token this source does not have.
    #[cold]
    fn unsupported(&self, what: &'static str) -> crate::Error {
        crate::Error::new(
            crate::ErrorKind::Syntax(format!("this format has no {what}")),
            self.offset(),
        )
    }

    /// Whether the input holds no value at all (an empty YAML document,
    /// which reads as its type's `Default` where it has one).
    fn is_empty(&mut self) -> Result<bool> {
        Ok(false)
    }

    /// Skips a value that is not an array or an object.
    fn skip_scalar(&mut self, peek: Peek) -> Result<()>;
    /// Checks that nothing but whitespace follows the document's value.
    fn finish(&mut self) -> Result<()>;
}
