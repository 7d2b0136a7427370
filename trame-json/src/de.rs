//! The deserializer: pulls tokens from jiter and drives a [`Trame`] with
//! ops chosen from the shape of the value being built.
//!
//! One recursive walk, [`De::value`], reads one JSON value into one
//! destination ([`Dst`]) of the node under the cursor. Scalars are moved in
//! whole (`Imm`); structs, tuples, arrays, options, pointers, lists, sets,
//! maps and enums are staged and built part by part. Structs with flattened
//! fields are staged in deferred mode, and their keys routed with
//! [`trame::flatten::route_key`]; every other struct is built strictly.
//!
//! The same walk also runs *dry* (its ops dropped, [`Dry`]) to find which
//! variant of an untagged enum the input matches before building it.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use facet::{
    Def, EnumType, Facet, Field, KnownPointer, NumericType, PrimitiveType, Shape, StructKind,
    TextualType, Type, UserType,
};
use jiter::{Jiter, JiterError, JiterErrorType, JsonErrorType, JsonType, NumberInt, Peek};
use trame::flatten::{FieldRoute, route_key};
use trame::{Op, Trame, TrameError};

use crate::error::{Error, ErrorKind, Result};

/// Calls the generic method `$f::<T>` for the native type `T` of kind `$k`.
macro_rules! native {
    ($k:expr, $self:ident . $f:ident ( $($arg:expr),* )) => {
        match $k {
            NativeKind::Bool => $self.$f::<bool>($($arg),*),
            NativeKind::U8 => $self.$f::<u8>($($arg),*),
            NativeKind::U16 => $self.$f::<u16>($($arg),*),
            NativeKind::U32 => $self.$f::<u32>($($arg),*),
            NativeKind::U64 => $self.$f::<u64>($($arg),*),
            NativeKind::U128 => $self.$f::<u128>($($arg),*),
            NativeKind::Usize => $self.$f::<usize>($($arg),*),
            NativeKind::I8 => $self.$f::<i8>($($arg),*),
            NativeKind::I16 => $self.$f::<i16>($($arg),*),
            NativeKind::I32 => $self.$f::<i32>($($arg),*),
            NativeKind::I64 => $self.$f::<i64>($($arg),*),
            NativeKind::I128 => $self.$f::<i128>($($arg),*),
            NativeKind::Isize => $self.$f::<isize>($($arg),*),
            NativeKind::F32 => $self.$f::<f32>($($arg),*),
            NativeKind::F64 => $self.$f::<f64>($($arg),*),
            NativeKind::Char => $self.$f::<char>($($arg),*),
            NativeKind::String => $self.$f::<String>($($arg),*),
            NativeKind::Str => $self.$f::<&'de str>($($arg),*),
            NativeKind::CowStr => $self.$f::<Cow<'de, str>>($($arg),*),
            NativeKind::Unit => $self.$f::<()>($($arg),*),
            NativeKind::Tuple2F64 => $self.$f::<(f64, f64)>($($arg),*),
            NativeKind::Array2F64 => $self.$f::<[f64; 2]>($($arg),*),
            NativeKind::Tuple2F32 => $self.$f::<(f32, f32)>($($arg),*),
            NativeKind::Array2F32 => $self.$f::<[f32; 2]>($($arg),*),
            NativeKind::Tuple2I32 => $self.$f::<(i32, i32)>($($arg),*),
            NativeKind::Array2I32 => $self.$f::<[i32; 2]>($($arg),*),
            NativeKind::Tuple2U32 => $self.$f::<(u32, u32)>($($arg),*),
            NativeKind::Array2U32 => $self.$f::<[u32; 2]>($($arg),*),
            NativeKind::Tuple2I64 => $self.$f::<(i64, i64)>($($arg),*),
            NativeKind::Array2I64 => $self.$f::<[i64; 2]>($($arg),*),
            NativeKind::Tuple2U64 => $self.$f::<(u64, u64)>($($arg),*),
            NativeKind::Array2U64 => $self.$f::<[u64; 2]>($($arg),*),
            NativeKind::Tuple3F64 => $self.$f::<(f64, f64, f64)>($($arg),*),
            NativeKind::Array3F64 => $self.$f::<[f64; 3]>($($arg),*),
            NativeKind::Tuple3F32 => $self.$f::<(f32, f32, f32)>($($arg),*),
            NativeKind::Array3F32 => $self.$f::<[f32; 3]>($($arg),*),
        }
    };
}

/// How deeply arrays and objects may nest.
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
pub(crate) struct De<'de, S> {
    pub(crate) input: &'de str,
    pub(crate) jiter: Jiter<'de>,
    pub(crate) sink: S,
    depth: u32,
}

/// A struct-like body being read from an object: a struct's fields or a
/// struct variant's.
#[derive(Clone, Copy)]
struct Body {
    /// Named in errors.
    shape: &'static Shape,
    /// Variant name, for a variant's fields.
    variant: Option<&'static str>,
    fields: &'static [Field],
    /// The owner is a struct with flattened fields (routes through
    /// `route_key`, deferred mode).
    flatten: bool,
    /// Unknown keys are errors.
    deny: bool,
    /// Every field already holds the container's default.
    defaulted: bool,
    /// A key to pass over (an internally tagged enum's tag).
    skip_key: Option<&'static str>,
}

/// Which fields an object has set: a bitset, and the routes taken through
/// flattened fields.
#[derive(Default)]
struct Seen {
    small: u128,
    big: Vec<bool>,
    routes: Vec<FieldRoute>,
}

impl Seen {
    /// Marks field `i`; false if it was already marked.
    #[inline]
    fn mark(&mut self, i: usize) -> bool {
        if i < 128 {
            let bit = 1u128 << i;
            let fresh = self.small & bit == 0;
            self.small |= bit;
            fresh
        } else {
            let j = i - 128;
            if self.big.len() <= j {
                self.big.resize(j + 1, false);
            }
            !core::mem::replace(&mut self.big[j], true)
        }
    }

    #[inline]
    fn has(&self, i: usize) -> bool {
        if i < 128 {
            self.small & (1u128 << i) != 0
        } else {
            self.big.get(i - 128).copied().unwrap_or(false)
        }
    }

    /// Marks a route through flattened fields; false if already marked.
    fn mark_route(&mut self, route: FieldRoute) -> bool {
        if self.routes.contains(&route) {
            return false;
        }
        self.routes.push(route);
        true
    }

    /// Whether any route starting with `prefix` then `i` was marked.
    fn has_route(&self, prefix: &[u32], i: u32) -> bool {
        self.routes.iter().any(|r| {
            let f = r.fields();
            f.len() == prefix.len() + 1 && f[..prefix.len()] == *prefix && f[prefix.len()] == i
        })
    }
}

/// A key's text, kept for error paths: borrowed from the input when it had
/// no escapes.
enum KeyText<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl KeyText<'_> {
    fn as_str(&self) -> &str {
        match self {
            KeyText::Borrowed(s) => s,
            KeyText::Owned(s) => s,
        }
    }
}

/// What a key of a struct body names.
enum Route {
    Direct(usize),
    Flattened(FieldRoute),
    Skip,
    Unknown(String),
}

/// The JSON type a peek announces, for "found …".
fn found(peek: Peek) -> Option<&'static str> {
    Some(match peek {
        Peek::Null => "null",
        Peek::True | Peek::False => "boolean",
        Peek::String => "string",
        Peek::Array => "array",
        Peek::Object => "object",
        p if p.is_num() => "number",
        _ => return None,
    })
}

fn size_of(shape: &'static Shape) -> usize {
    shape.layout.sized_layout().map_or(0, |l| l.size())
}

fn struct_of(shape: &'static Shape) -> Option<&'static facet::StructType> {
    match &shape.ty {
        Type::User(UserType::Struct(st)) => Some(st),
        _ => None,
    }
}

/// Whether a field matches `key` directly (not through flatten).
#[inline]
fn field_matches(f: &Field, key: &str) -> bool {
    (f.effective_name() == key || f.alias == Some(key))
        && !f.is_flattened()
        && !f.should_skip_deserializing()
}

/// The field `key` names, trying `hint` (the field after the previous
/// key's) first: objects usually list fields in declaration order.
#[inline]
fn find_field(fields: &'static [Field], key: &str, hint: usize) -> Option<usize> {
    if let Some(f) = fields.get(hint)
        && field_matches(f, key)
    {
        return Some(hint);
    }
    fields.iter().position(|f| field_matches(f, key))
}

/// Whether a missing field of `fields` at `i` is filled without input:
/// by its default, as `None`, by being skipped, or (flattened) because
/// everything inside it is.
fn satisfied(fields: &'static [Field], i: usize, prefix: &mut Vec<u32>, seen: &Seen) -> bool {
    let f = &fields[i];
    if f.default.is_some()
        || f.should_skip_deserializing()
        || matches!(f.shape().def, Def::Option(_))
    {
        return true;
    }
    if !f.is_flattened() {
        return false;
    }
    let shape = f.shape();
    let Some(st) = struct_of(shape) else {
        return false;
    };
    if shape.has_default_attr() {
        return true;
    }
    prefix.push(i as u32);
    let ok = (0..st.fields.len())
        .all(|j| seen.has_route(prefix, j as u32) || satisfied(st.fields, j, prefix, seen));
    prefix.pop();
    ok
}

/// Appends the JSON names of the missing fields under a flattened field.
fn missing_names(
    fields: &'static [Field],
    prefix: &mut Vec<u32>,
    seen: &Seen,
    direct: bool,
    out: &mut Vec<&'static str>,
) {
    for (i, f) in fields.iter().enumerate() {
        let set = if direct {
            seen.has(i)
        } else {
            seen.has_route(prefix, i as u32)
        };
        if set || satisfied(fields, i, prefix, seen) {
            continue;
        }
        if f.is_flattened()
            && let Some(st) = struct_of(f.shape())
        {
            prefix.push(i as u32);
            missing_names(st.fields, prefix, seen, false, out);
            prefix.pop();
        } else {
            out.push(f.effective_name());
        }
    }
}

impl<'de, S: Sink<'de>> De<'de, S> {
    pub(crate) fn new(input: &'de str, sink: S) -> Self {
        De {
            input,
            jiter: Jiter::new(input.as_bytes()),
            sink,
            depth: 0,
        }
    }

    /// A copy of this walk that only checks, from the same position.
    fn dry(&self) -> De<'de, Dry> {
        De {
            input: self.input,
            jiter: self.jiter.clone(),
            sink: Dry,
            depth: self.depth,
        }
    }

    // ---- errors -------------------------------------------------------

    #[inline]
    fn at(&self) -> usize {
        self.jiter.current_index()
    }

    /// The start of the key whose read began at `at` (past `{`, `,` and
    /// whitespace).
    #[cold]
    fn key_start(&self, at: usize) -> usize {
        let bytes = self.input.as_bytes();
        let mut i = at;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b',' | b'{') {
            i += 1;
        }
        i
    }

    #[cold]
    fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.at())
    }

    /// "expected {shape}, found {what the peek announces}", or the syntax
    /// error when the peek starts no value.
    #[cold]
    fn wrong(&self, shape: &'static Shape, peek: Peek) -> Error {
        // Malformed JSON is reported as such, before any type mismatch.
        let mut probe = self.jiter.clone();
        if let Err(e) = skip_value(&mut probe, peek, self.depth) {
            return e;
        }
        match found(peek) {
            Some(found) => self.err(ErrorKind::WrongType {
                expected: shape.to_string(),
                found,
            }),
            None => self.err(ErrorKind::Syntax("expected value".into())),
        }
    }

    #[cold]
    fn build_err(&self, e: TrameError) -> Error {
        self.err(ErrorKind::Build(e))
    }

    #[cold]
    fn unsupported(&self, shape: &'static Shape, what: &'static str) -> Error {
        self.err(ErrorKind::Unsupported {
            shape: shape.to_string(),
            what,
        })
    }

    // ---- ops ----------------------------------------------------------

    #[inline]
    fn op(&mut self, op: Op<'de>) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match self.sink.apply(op) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.build_err(e)),
        }
    }

    /// Moves `v` into `dst`.
    #[inline]
    fn put<T: Facet<'de>>(&mut self, dst: Dst, v: T) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match dst {
            Dst::Here => self.op(Op::set().imm(v)),
            Dst::Field(i) => self.op(Op::set().at(i).imm(v)),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::set().imm(v))?;
                self.op(Op::end())
            }
        }
    }

    /// Writes the default of `dst`'s type (`None` for an option).
    fn put_default(&mut self, dst: Dst) -> Result<()> {
        match dst {
            Dst::Here => self.op(Op::set().default()),
            Dst::Field(i) => self.op(Op::set().at(i).default()),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::set().default())?;
                self.op(Op::end())
            }
        }
    }

    /// Opens `dst` for building part by part; the cursor moves onto it.
    #[inline]
    fn open(&mut self, dst: Dst, deferred: bool) -> Result<()> {
        let b = Op::set();
        let b = match dst {
            Dst::Here => b,
            Dst::Field(i) => b.at(i),
            Dst::Append => b.append(),
        };
        self.op(if deferred {
            b.stage_deferred()
        } else {
            b.stage()
        })
    }

    /// Leaves the node `open` entered.
    #[inline]
    fn close(&mut self, dst: Dst) -> Result<()> {
        match dst {
            Dst::Here => Ok(()),
            _ => self.op(Op::end()),
        }
    }

    #[inline]
    fn descend(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(ErrorKind::RecursionLimit));
        }
        Ok(())
    }

    // ---- tokens -------------------------------------------------------

    #[inline]
    fn peek(&mut self) -> Result<Peek> {
        self.jiter.peek().map_err(jerr)
    }

    /// The rest of the object after a value: the next key, if any.
    #[inline]
    fn next_key(&mut self) -> Result<Option<&str>> {
        match self.jiter.next_key() {
            Ok(k) => Ok(k),
            Err(e) => Err(jerr(e)),
        }
    }

    /// Reads a string known to start here, as `&'de str` when it has no
    /// escapes (`Ok(Err(decoded))` otherwise).
    fn string(&mut self) -> Result<StrRead<'de>> {
        let input = self.input;
        let s = match self.jiter.known_str() {
            Ok(s) => s,
            Err(e) => return Err(jerr(e)),
        };
        // A string without escapes comes back as a slice of the input.
        match borrow_from(input, s) {
            Some(s) => Ok(StrRead::Borrowed(s)),
            None if S::DRY => Ok(StrRead::Escaped(String::new())),
            None => Ok(StrRead::Escaped(s.to_owned())),
        }
    }

    /// A string for a borrowing `&'de str`: an error if it had escapes.
    fn borrowed_str(&mut self, shape: &'static Shape, peek: Peek) -> Result<&'de str> {
        if peek != Peek::String {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        match self.string()? {
            StrRead::Borrowed(s) => Ok(s),
            StrRead::Escaped(_) => Err(Error::new(ErrorKind::EscapedBorrow, start)),
        }
    }

    /// An owned string (for `String`, `Box<str>`, …), not made when dry.
    fn owned_str(&mut self, shape: &'static Shape, peek: Peek) -> Result<String> {
        if peek != Peek::String {
            return Err(self.wrong(shape, peek));
        }
        let s = match self.jiter.known_str() {
            Ok(s) => s,
            Err(e) => return Err(jerr(e)),
        };
        Ok(if S::DRY { String::new() } else { s.to_owned() })
    }

    fn null(&mut self, shape: &'static Shape, peek: Peek) -> Result<()> {
        if peek != Peek::Null {
            return Err(self.wrong(shape, peek));
        }
        self.jiter.known_null().map_err(jerr)
    }

    fn skip(&mut self, peek: Peek) -> Result<()> {
        skip_value(&mut self.jiter, peek, self.depth)
    }

    // ---- the walk -----------------------------------------------------

    /// Reads the document's value into the root.
    pub(crate) fn root(&mut self, shape: &'static Shape) -> Result<()> {
        let peek = self.peek()?;
        self.value(shape, Dst::Here, peek)?;
        self.jiter.finish().map_err(jerr)
    }

    /// Reads one value (whose first byte is `peek`) of `shape` into `dst`.
    pub(crate) fn value(&mut self, shape: &'static Shape, dst: Dst, peek: Peek) -> Result<()> {
        // Structs with named fields first: the most common compound value.
        if let (Type::User(UserType::Struct(st)), Def::Undefined) = (&shape.ty, shape.def)
            && st.kind == StructKind::Struct
        {
            return self.structure(shape, st, dst, peek);
        }
        if let Some(k) = native_kind(shape) {
            return native!(k, self.put_native(shape, dst, peek));
        }
        match shape.def {
            Def::Scalar => Err(self.unsupported(shape, "an opaque type with no JSON form")),
            Def::Option(od) => {
                if let Some(k) = native_kind(od.t)
                    && native!(k, self.option_native(shape, od.t, dst, peek))?
                {
                    return Ok(());
                }
                if peek == Peek::Null {
                    self.jiter.known_null().map_err(jerr)?;
                    return self.put_default(dst);
                }
                self.open(dst, false)?;
                self.value(od.t, Dst::Field(0), peek)?;
                self.close(dst)
            }
            Def::Pointer(pd) => self.pointer(shape, &pd, dst, peek),
            Def::Result(rd) => self.result(shape, rd.t, rd.e, dst, peek),
            Def::List(ld) => {
                if let Some(k) = native_kind(ld.t)
                    && native!(k, self.vec_native(shape, ld.t, dst, peek))?
                {
                    return Ok(());
                }
                self.seq(shape, ld.t, dst, peek)
            }
            Def::Set(sd) => self.seq(shape, sd.t, dst, peek),
            Def::Map(md) => self.map(shape, md.k, md.v, dst, peek),
            Def::Array(ad) => self.fixed(shape, ad.n, |_| ad.t, dst, peek),
            _ => match &shape.ty {
                Type::User(UserType::Struct(st)) => self.structure(shape, st, dst, peek),
                Type::User(UserType::Enum(et)) => self.enumeration(shape, et, dst, peek),
                Type::Sequence(facet::SequenceType::Array(a)) => {
                    let t = a.t;
                    self.fixed(shape, a.n, |_| t, dst, peek)
                }
                _ => Err(self.unsupported(shape, "no JSON form for this type")),
            },
        }
    }

    /// Reads an integer of type `T` (whose shape is `shape`).
    fn read_int<T>(&mut self, shape: &'static Shape, peek: Peek) -> Result<T>
    where
        T: TryFrom<i64> + core::str::FromStr,
    {
        if !peek.is_num() {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        let v = match self.jiter.known_int(peek) {
            // `-0` is a float to serde_json (it keeps the sign): not an
            // integer, here either.
            Ok(NumberInt::Int(0)) if self.input.as_bytes()[start] == b'-' => {
                return Err(Error::new(
                    ErrorKind::WrongType {
                        expected: shape.to_string(),
                        found: "float",
                    },
                    start,
                ));
            }
            Ok(NumberInt::Int(i)) => T::try_from(i).ok(),
            Err(e) => match e.error_type {
                // Beyond i64: take the digits as written.
                JiterErrorType::JsonError(JsonErrorType::NumberOutOfRange) => {
                    self.jiter.known_number_bytes(peek).map_err(jerr)?;
                    input_slice(self.input, start, self.at()).parse::<T>().ok()
                }
                JiterErrorType::WrongType { .. } => {
                    return Err(Error::new(
                        ErrorKind::WrongType {
                            expected: shape.to_string(),
                            found: "float",
                        },
                        start,
                    ));
                }
                _ => return Err(jerr(e)),
            },
        };
        match v {
            Some(v) => Ok(v),
            None => Err(self.out_of_range(shape, start)),
        }
    }

    #[cold]
    fn out_of_range(&self, shape: &'static Shape, start: usize) -> Error {
        Error::new(
            ErrorKind::OutOfRange {
                number: self.input[start..self.at()].to_owned(),
                ty: shape.to_string(),
            },
            start,
        )
    }

    /// Reads a float: jiter checks the JSON number grammar (a subset of
    /// what Rust's parser reads), then `str::parse` gives the value, so it
    /// is exactly Rust's. Infinite results are out of range.
    fn read_float<T>(&mut self, shape: &'static Shape, peek: Peek) -> Result<T>
    where
        T: core::str::FromStr + Finite,
    {
        if !peek.is_num() {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        self.jiter.known_number_bytes(peek).map_err(jerr)?;
        match input_slice(self.input, start, self.at()).parse::<T>() {
            Ok(v) if v.finite() => Ok(v),
            _ => Err(self.out_of_range(shape, start)),
        }
    }

    fn read_bool(&mut self, shape: &'static Shape, peek: Peek) -> Result<bool> {
        let b = match peek {
            Peek::True => true,
            Peek::False => false,
            _ => return Err(self.wrong(shape, peek)),
        };
        self.jiter.known_bool(peek).map_err(jerr)?;
        Ok(b)
    }

    fn read_char(&mut self, shape: &'static Shape, peek: Peek) -> Result<char> {
        if peek != Peek::String {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        let s = match self.jiter.known_str() {
            Ok(s) => s,
            Err(e) => return Err(jerr(e)),
        };
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(Error::new(ErrorKind::NotAChar, start)),
        }
    }

    fn read_cow(&mut self, shape: &'static Shape, peek: Peek) -> Result<Cow<'de, str>> {
        if peek != Peek::String {
            return Err(self.wrong(shape, peek));
        }
        Ok(match self.string()? {
            StrRead::Borrowed(s) => Cow::Borrowed(s),
            StrRead::Escaped(s) => Cow::Owned(s),
        })
    }

    /// Exactly `N` native elements from an array (a pair or a triple).
    fn read_n<T: Native<'de>, const N: usize>(
        &mut self,
        shape: &'static Shape,
        peek: Peek,
    ) -> Result<[T; N]> {
        if peek != Peek::Array {
            return Err(self.wrong(shape, peek));
        }
        let mut next = self.jiter.known_array().map_err(jerr)?;
        let mut out = [const { None }; N];
        for (i, slot) in out.iter_mut().enumerate() {
            let Some(p) = next else {
                return Err(self.wrong_length(shape, N));
            };
            *slot = Some(T::read(self, T::SHAPE, p).map_err(|e| e.in_index(i))?);
            next = self.jiter.array_step().map_err(jerr)?;
        }
        if next.is_some() {
            return Err(self.wrong_length(shape, N));
        }
        Ok(out.map(|v| v.expect("all N elements were read")))
    }

    /// A scalar of a type Rust knows here: read and moved in whole.
    fn put_native<T: Native<'de>>(
        &mut self,
        shape: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let v = T::read(self, shape, peek)?;
        self.put(dst, v)
    }

    /// `Option<T>` of a native `T`, made here and moved in whole. `false`
    /// (nothing read) when the shape is not exactly `Option<T>`.
    fn option_native<T: Native<'de>>(
        &mut self,
        shape: &'static Shape,
        inner: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<bool>
    where
        Option<T>: Facet<'de>,
    {
        if shape != <Option<T>>::SHAPE {
            return Ok(false);
        }
        let v = if peek == Peek::Null {
            self.jiter.known_null().map_err(jerr)?;
            None
        } else {
            Some(T::read(self, inner, peek)?)
        };
        self.put(dst, v)?;
        Ok(true)
    }

    /// `Vec<T>` of a native `T`, made here and moved in whole. `false`
    /// (nothing read) when the shape is not exactly `Vec<T>`.
    fn vec_native<T: Native<'de>>(
        &mut self,
        shape: &'static Shape,
        elem: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<bool>
    where
        Vec<T>: Facet<'de>,
    {
        if shape != <Vec<T>>::SHAPE {
            return Ok(false);
        }
        if peek != Peek::Array {
            return Err(self.wrong(shape, peek));
        }
        let mut v = Vec::new();
        let mut next = self.jiter.known_array().map_err(jerr)?;
        while let Some(p) = next {
            let i = v.len();
            v.push(T::read(self, elem, p).map_err(|e| e.in_index(i))?);
            next = self.jiter.array_step().map_err(jerr)?;
        }
        self.put(dst, v)?;
        Ok(true)
    }

    fn pointer(
        &mut self,
        shape: &'static Shape,
        pd: &facet::PointerDef,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if shape == <Box<str>>::SHAPE {
            let s = self.owned_str(shape, peek)?;
            return self.put(dst, s.into_boxed_str());
        }
        if shape == <Arc<str>>::SHAPE {
            let s = self.owned_str(shape, peek)?;
            return self.put(dst, Arc::<str>::from(s));
        }
        if shape == <Rc<str>>::SHAPE {
            let s = self.owned_str(shape, peek)?;
            return self.put(dst, Rc::<str>::from(s));
        }
        let owning = matches!(
            pd.known,
            Some(KnownPointer::Box | KnownPointer::Arc | KnownPointer::Rc)
        );
        match pd.pointee {
            Some(t) if owning && t.layout.sized_layout().is_ok() => {
                self.open(dst, false)?;
                self.value(t, Dst::Field(0), peek)?;
                self.close(dst)
            }
            Some(t) if owning => match t.def {
                // `Box<[T]>` and friends: built from elements, like a list.
                Def::Slice(sd) => self.seq(shape, sd.t, dst, peek),
                _ => Err(self.unsupported(shape, "a pointer to this unsized type")),
            },
            _ => Err(self.unsupported(shape, "this kind of pointer")),
        }
    }

    /// `Result<T, E>`: `{"Ok": value}` or `{"Err": value}`.
    fn result(
        &mut self,
        shape: &'static Shape,
        ok: &'static Shape,
        err: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::Object {
            return Err(self.wrong(shape, peek));
        }
        self.descend()?;
        let at = self.at();
        let v = match self.jiter.known_object() {
            Ok(Some("Ok")) => 0,
            Ok(Some("Err")) => 1,
            Ok(Some(other)) => {
                let variant = other.to_owned();
                return self.unknown_variant(shape, variant, at);
            }
            Ok(None) => return Err(self.single_key(shape, "an empty object", at)),
            Err(e) => return Err(jerr(e)),
        };
        let (payload, name) = if v == 0 { (ok, "Ok") } else { (err, "Err") };
        self.open(dst, false)?;
        self.op(Op::set().at(v).stage())?;
        let p = self.peek()?;
        self.value(payload, Dst::Field(0), p)
            .map_err(|e| e.in_field(name))?;
        self.op(Op::end())?;
        let extra_at = self.at();
        if self.next_key()?.is_some() {
            return Err(self.single_key(shape, "more keys", extra_at));
        }
        self.depth -= 1;
        self.close(dst)
    }

    #[cold]
    fn single_key(&self, shape: &'static Shape, found: &'static str, at: usize) -> Error {
        Error::new(
            ErrorKind::WrongType {
                expected: format!("{shape} (an object with a single key)"),
                found,
            },
            at,
        )
    }

    /// A list or set: a JSON array, element by element.
    fn seq(
        &mut self,
        shape: &'static Shape,
        elem: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::Array {
            return Err(self.wrong(shape, peek));
        }
        self.descend()?;
        self.open(dst, false)?;
        let mut next = self.jiter.known_array().map_err(jerr)?;
        let mut i = 0usize;
        while let Some(p) = next {
            self.value(elem, Dst::Append, p)
                .map_err(|e| e.in_index(i))?;
            i += 1;
            next = self.jiter.array_step().map_err(jerr)?;
        }
        self.depth -= 1;
        self.close(dst)
    }

    /// A tuple or fixed-size array: a JSON array of exactly `n` elements.
    fn fixed(
        &mut self,
        shape: &'static Shape,
        n: usize,
        elem: impl Fn(usize) -> &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::Array {
            return Err(self.wrong(shape, peek));
        }
        self.descend()?;
        self.open(dst, false)?;
        let mut next = self.jiter.known_array().map_err(jerr)?;
        for i in 0..n {
            let Some(p) = next else {
                return Err(self.wrong_length(shape, n));
            };
            self.value(elem(i), Dst::Field(i as u32), p)
                .map_err(|e| e.in_index(i))?;
            next = self.jiter.array_step().map_err(jerr)?;
        }
        if next.is_some() {
            return Err(self.wrong_length(shape, n));
        }
        self.depth -= 1;
        self.close(dst)
    }

    #[cold]
    fn wrong_length(&self, shape: &'static Shape, n: usize) -> Error {
        self.err(ErrorKind::WrongLength {
            shape: shape.to_string(),
            expected: n,
        })
    }

    /// A map: a JSON object, one entry per key (last one wins).
    fn map(
        &mut self,
        shape: &'static Shape,
        k: &'static Shape,
        v: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::Object {
            return Err(self.wrong(shape, peek));
        }
        self.descend()?;
        self.open(dst, false)?;
        let mut first = true;
        loop {
            let key_at = self.at();
            let key = if first {
                first = false;
                self.jiter.known_object()
            } else {
                self.jiter.next_key()
            };
            let key = match key {
                Ok(Some(key)) => key,
                Ok(None) => break,
                Err(e) => return Err(jerr(e)),
            };
            let text = match borrow_from(self.input, key) {
                Some(s) => KeyText::Borrowed(s),
                None => KeyText::Owned(key.to_owned()),
            };
            self.op(Op::set().append().stage())?;
            self.map_key(k, &text, key_at)
                .map_err(|e| e.in_key(text.as_str().to_owned()))?;
            let p = self.peek()?;
            self.value(v, Dst::Field(1), p)
                .map_err(|e| e.in_key(text.as_str().to_owned()))?;
            self.op(Op::end())?;
        }
        self.depth -= 1;
        self.close(dst)
    }

    /// Writes a map key from its text into `Field(0)` of the entry: strings
    /// as they are, integers, booleans and chars parsed from the text.
    fn map_key(&mut self, k: &'static Shape, text: &KeyText<'de>, at: usize) -> Result<()> {
        let s = text.as_str();
        let bad = |expected: &'static Shape| {
            Error::new(
                ErrorKind::WrongType {
                    expected: expected.to_string(),
                    found: "a string that is not one",
                },
                at,
            )
        };
        if k == String::SHAPE {
            return self.put(Dst::Field(0), s.to_owned());
        }
        if k == <&str>::SHAPE {
            return match text {
                KeyText::Borrowed(s) => self.put(Dst::Field(0), *s),
                KeyText::Owned(_) => Err(Error::new(ErrorKind::EscapedBorrow, at)),
            };
        }
        if k == <Cow<'_, str>>::SHAPE {
            let cow: Cow<'de, str> = match text {
                KeyText::Borrowed(s) => Cow::Borrowed(s),
                KeyText::Owned(s) => Cow::Owned(s.clone()),
            };
            return self.put(Dst::Field(0), cow);
        }
        match k.ty {
            Type::Primitive(PrimitiveType::Numeric(NumericType::Integer { signed })) => {
                // The key's text must be a JSON integer, nothing more.
                if !is_json_int(s) {
                    return Err(bad(k));
                }
                macro_rules! int {
                    ($t:ty) => {
                        match s.parse::<$t>() {
                            Ok(v) => self.put(Dst::Field(0), v),
                            Err(_) => Err(Error::new(
                                ErrorKind::OutOfRange {
                                    number: s.to_owned(),
                                    ty: k.to_string(),
                                },
                                at,
                            )),
                        }
                    };
                }
                if k == usize::SHAPE {
                    return int!(usize);
                }
                if k == isize::SHAPE {
                    return int!(isize);
                }
                match (signed, size_of(k)) {
                    (false, 1) => int!(u8),
                    (false, 2) => int!(u16),
                    (false, 4) => int!(u32),
                    (false, 8) => int!(u64),
                    (false, 16) => int!(u128),
                    (true, 1) => int!(i8),
                    (true, 2) => int!(i16),
                    (true, 4) => int!(i32),
                    (true, 8) => int!(i64),
                    (true, 16) => int!(i128),
                    _ => Err(self.unsupported(k, "an integer of unknown width")),
                }
            }
            Type::Primitive(PrimitiveType::Boolean) => match s {
                "true" => self.put(Dst::Field(0), true),
                "false" => self.put(Dst::Field(0), false),
                _ => Err(bad(k)),
            },
            Type::Primitive(PrimitiveType::Textual(TextualType::Char)) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => self.put(Dst::Field(0), c),
                    _ => Err(Error::new(ErrorKind::NotAChar, at)),
                }
            }
            _ => Err(self.unsupported(k, "this type as a map key")),
        }
    }

    // ---- structs ------------------------------------------------------

    fn structure(
        &mut self,
        shape: &'static Shape,
        st: &'static facet::StructType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        match st.kind {
            StructKind::Unit => {
                self.null(shape, peek)?;
                self.open(dst, false)?;
                self.close(dst)
            }
            StructKind::TupleStruct if st.fields.len() == 1 => self.newtype(st, dst, peek),
            StructKind::Struct if st.fields.len() == 1 && shape.is_transparent() => {
                self.newtype(st, dst, peek)
            }
            StructKind::TupleStruct | StructKind::Tuple => {
                let fields = st.fields;
                self.fixed(shape, fields.len(), |i| fields[i].shape(), dst, peek)
            }
            StructKind::Struct => {
                if peek != Peek::Object {
                    return Err(self.wrong(shape, peek));
                }
                let flatten = st.fields.iter().any(Field::is_flattened);
                let body = Body {
                    shape,
                    variant: None,
                    fields: st.fields,
                    flatten,
                    deny: shape.has_deny_unknown_fields_attr(),
                    defaulted: shape.has_default_attr(),
                    skip_key: None,
                };
                self.open(dst, flatten)?;
                self.body(&body)?;
                self.close(dst)
            }
        }
    }

    /// A one-field tuple struct (or transparent struct): its field's value.
    fn newtype(&mut self, st: &'static facet::StructType, dst: Dst, peek: Peek) -> Result<()> {
        self.open(dst, false)?;
        self.value(st.fields[0].shape(), Dst::Field(0), peek)?;
        self.close(dst)
    }

    /// Prepares a struct node under the cursor: the container default
    /// first, then every flattened struct field staged once (so that its
    /// own defaults apply even when none of its keys appear).
    fn prepare(
        &mut self,
        shape: &'static Shape,
        fields: &'static [Field],
        defaulted: bool,
    ) -> Result<()> {
        if defaulted {
            self.op(Op::set().default())?;
        }
        for (i, f) in fields.iter().enumerate() {
            if !f.is_flattened() {
                continue;
            }
            let inner = f.shape();
            let Some(st) = struct_of(inner) else {
                return Err(self.unsupported(shape, "a flattened field that is not a struct"));
            };
            if st.kind != StructKind::Struct {
                return Err(self.unsupported(shape, "a flattened field that is not a struct"));
            }
            self.op(Op::set().at(i as u32).stage())?;
            self.prepare(inner, st.fields, inner.has_default_attr())?;
            self.op(Op::end())?;
        }
        Ok(())
    }

    /// Reads an object (its `{` peeked) into the struct-like node under the
    /// cursor: each key routed to its field, duplicates and (when denied)
    /// unknown keys rejected, missing fields reported by name.
    fn body(&mut self, b: &Body) -> Result<()> {
        self.descend()?;
        if b.flatten || b.defaulted {
            self.prepare(b.shape, b.fields, b.defaulted)?;
        }
        let mut seen = Seen::default();
        let mut hint = 0usize;
        let mut first = true;
        loop {
            let key_at = self.at();
            let route = {
                let key = if first {
                    first = false;
                    self.jiter.known_object()
                } else {
                    self.jiter.next_key()
                };
                let key = match key {
                    Ok(Some(key)) => key,
                    Ok(None) => break,
                    Err(e) => return Err(jerr(e)),
                };
                if let Some(i) = find_field(b.fields, key, hint) {
                    Route::Direct(i)
                } else if b.skip_key == Some(key) {
                    Route::Skip
                } else if let Some(r) = b.flatten.then(|| route_key(b.shape, key)).flatten() {
                    Route::Flattened(r)
                } else if b.deny {
                    Route::Unknown(key.to_owned())
                } else {
                    Route::Skip
                }
            };
            match route {
                Route::Direct(i) => {
                    let f = &b.fields[i];
                    if !seen.mark(i) {
                        return Err(self.duplicate(b, f.effective_name(), self.key_start(key_at)));
                    }
                    hint = i + 1;
                    let p = self.peek()?;
                    if b.defaulted {
                        self.reset_for_value(f.shape(), i, p)?;
                    }
                    self.value(f.shape(), Dst::Field(i as u32), p)
                        .map_err(|e| e.in_field(f.effective_name()))?;
                }
                Route::Flattened(r) => {
                    let (last, parents) = r.fields().split_last().expect("a found route");
                    let mut fields = b.fields;
                    for &p in parents {
                        self.op(Op::set().at(p).stage())?;
                        fields =
                            struct_of(fields[p as usize].shape()).map_or(&[][..], |st| st.fields);
                    }
                    let f = &fields[*last as usize];
                    if !seen.mark_route(r) {
                        return Err(self.duplicate(b, f.effective_name(), self.key_start(key_at)));
                    }
                    let p = self.peek()?;
                    self.value(f.shape(), Dst::Field(*last), p)
                        .map_err(|e| e.in_field(f.effective_name()))?;
                    for _ in parents {
                        self.op(Op::end())?;
                    }
                }
                Route::Skip => {
                    let p = self.peek()?;
                    self.skip(p)?;
                }
                Route::Unknown(key) => {
                    return Err(Error::new(
                        ErrorKind::UnknownField {
                            shape: self.body_name(b),
                            field: key,
                        },
                        self.key_start(key_at),
                    ));
                }
            }
        }
        self.depth -= 1;
        self.finish_body(b, &seen)
    }

    /// After the last key: missing fields are an error (unless defaults
    /// fill them); skipped fields get their type's default.
    fn finish_body(&mut self, b: &Body, seen: &Seen) -> Result<()> {
        if b.defaulted {
            return Ok(());
        }
        let all = if b.fields.len() >= 128 {
            false
        } else {
            seen.small == (1u128 << b.fields.len()) - 1
        };
        if all {
            return Ok(());
        }
        let mut prefix = Vec::new();
        let mut missing = Vec::new();
        missing_names(b.fields, &mut prefix, seen, true, &mut missing);
        if !missing.is_empty() {
            let at = self.at().saturating_sub(1);
            return Err(Error::new(
                ErrorKind::MissingFields {
                    shape: self.body_name(b),
                    fields: missing,
                },
                at,
            ));
        }
        for (i, f) in b.fields.iter().enumerate() {
            if f.should_skip_deserializing() && f.default.is_none() && !f.is_flattened() {
                self.op(Op::set().at(i as u32).default())?;
            }
        }
        Ok(())
    }

    /// With a container default in place, a field about to be built part by
    /// part must start from empty, not from the default's value (a list
    /// would otherwise grow the default's elements).
    fn reset_for_value(&mut self, shape: &'static Shape, i: usize, peek: Peek) -> Result<()> {
        let resets = matches!(
            shape.def,
            Def::List(_) | Def::Set(_) | Def::Map(_) | Def::Option(_)
        );
        if resets && peek != Peek::Null {
            self.op(Op::set().at(i as u32).default())?;
        }
        Ok(())
    }

    #[cold]
    fn duplicate(&self, b: &Body, field: &'static str, at: usize) -> Error {
        Error::new(
            ErrorKind::DuplicateField {
                shape: self.body_name(b),
                field,
            },
            at,
        )
    }

    fn body_name(&self, b: &Body) -> String {
        match b.variant {
            Some(v) => format!("{}::{v}", b.shape),
            None => b.shape.to_string(),
        }
    }

    // ---- enums --------------------------------------------------------

    fn enumeration(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if shape.is_untagged() {
            return self.untagged(shape, et, dst, peek);
        }
        match (shape.tag, shape.content) {
            (Some(tag), Some(content)) => self.adjacent(shape, et, tag, content, dst, peek),
            (Some(tag), None) => self.internal(shape, et, tag, dst, peek),
            _ => self.external(shape, et, dst, peek),
        }
    }

    /// The variant named `name`.
    fn variant_index(
        &self,
        shape: &'static Shape,
        et: &'static EnumType,
        name: &str,
        at: usize,
    ) -> Result<usize> {
        match et.variants.iter().position(|v| v.effective_name() == name) {
            Some(v) => Ok(v),
            None => Err(Error::new(
                ErrorKind::UnknownVariant {
                    shape: shape.to_string(),
                    variant: name.to_owned(),
                },
                at,
            )),
        }
    }

    /// `"Unit"` or `{"Variant": payload}`.
    fn external(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        match peek {
            Peek::String => {
                let at = self.at();
                let v = {
                    let name = self.jiter.known_str().map_err(jerr)?;
                    et.variants
                        .iter()
                        .position(|v| v.effective_name() == name)
                        .ok_or_else(|| name.to_owned())
                };
                let v = match v {
                    Ok(v) => v,
                    Err(name) => return self.unknown_variant(shape, name, at),
                };
                let var = &et.variants[v];
                if var.data.kind != StructKind::Unit {
                    return Err(Error::new(
                        ErrorKind::WrongType {
                            expected: format!(
                                "{shape}::{} (an object holding its payload)",
                                var.effective_name()
                            ),
                            found: "string",
                        },
                        at,
                    ));
                }
                self.open(dst, false)?;
                self.op(Op::set().at(v as u32).stage())?;
                self.op(Op::end())?;
                self.close(dst)
            }
            Peek::Object => {
                self.descend()?;
                let at = self.at();
                let v = {
                    let key = match self.jiter.known_object() {
                        Ok(k) => k,
                        Err(e) => return Err(jerr(e)),
                    };
                    match key {
                        None => Err(None),
                        Some(name) => et
                            .variants
                            .iter()
                            .position(|v| v.effective_name() == name)
                            .ok_or_else(|| Some(name.to_owned())),
                    }
                };
                let v = match v {
                    Ok(v) => v,
                    Err(Some(name)) => return self.unknown_variant(shape, name, at),
                    Err(None) => return Err(self.single_key(shape, "an empty object", at)),
                };
                self.open(dst, false)?;
                let p = self.peek()?;
                let name = et.variants[v].effective_name();
                self.variant(shape, et, v, p)
                    .map_err(|e| e.in_field(name))?;
                let extra_at = self.at();
                if self.next_key()?.is_some() {
                    return Err(self.single_key(shape, "more keys", extra_at));
                }
                self.depth -= 1;
                self.close(dst)
            }
            _ => Err(self.wrong(shape, peek)),
        }
    }

    fn unknown_variant(&self, shape: &'static Shape, name: String, at: usize) -> Result<()> {
        Err(Error::new(
            ErrorKind::UnknownVariant {
                shape: shape.to_string(),
                variant: name,
            },
            at,
        ))
    }

    /// Selects variant `v` of the enum node under the cursor and reads its
    /// payload from the value `peek` starts: `null` for a unit variant, the
    /// value for a newtype variant, an array for a tuple variant, an object
    /// for a struct variant. The cursor is back on the enum node after.
    fn variant(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        v: usize,
        peek: Peek,
    ) -> Result<()> {
        let var = &et.variants[v];
        self.op(Op::set().at(v as u32).stage())?;
        let fields = var.data.fields;
        match var.data.kind {
            StructKind::Unit => self.null(shape, peek)?,
            StructKind::TupleStruct | StructKind::Tuple if fields.len() == 1 => {
                self.op(Op::set().at(0).stage())?;
                self.value(fields[0].shape(), Dst::Field(0), peek)?;
                self.op(Op::end())?;
            }
            StructKind::TupleStruct | StructKind::Tuple => {
                self.fixed(
                    shape,
                    fields.len(),
                    |i| fields[i].shape(),
                    Dst::Field(0),
                    peek,
                )?;
            }
            StructKind::Struct => {
                if peek != Peek::Object {
                    return Err(self.wrong(shape, peek));
                }
                self.op(Op::set().at(0).stage())?;
                let body = Body {
                    shape,
                    variant: Some(var.effective_name()),
                    fields,
                    flatten: false,
                    deny: shape.has_deny_unknown_fields_attr(),
                    defaulted: false,
                    skip_key: None,
                };
                self.body(&body)?;
                self.op(Op::end())?;
            }
        }
        self.op(Op::end())
    }

    /// Finds the value of `tag` among the keys of the object that starts
    /// here, without moving: the variant it names.
    fn scan_tag(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
    ) -> Result<usize> {
        let start = self.at();
        let mut probe = self.jiter.clone();
        let mut key = probe.known_object().map_err(jerr)?.map(|k| k == tag);
        while let Some(is_tag) = key {
            if is_tag {
                let p = probe.peek().map_err(jerr)?;
                let at = probe.current_index();
                if p != Peek::String {
                    return Err(Error::new(
                        ErrorKind::WrongType {
                            expected: format!("{shape} tag {tag:?} (a string)"),
                            found: found(p).unwrap_or("invalid JSON"),
                        },
                        at,
                    ));
                }
                let name = probe.known_str().map_err(jerr)?;
                return self.variant_index(shape, et, name, at);
            }
            let p = probe.peek().map_err(jerr)?;
            skip_value(&mut probe, p, self.depth)?;
            key = probe.next_key().map_err(jerr)?.map(|k| k == tag);
        }
        Err(Error::new(
            ErrorKind::MissingTag {
                shape: shape.to_string(),
                tag,
            },
            start,
        ))
    }

    /// `{"tag": "Variant", ...fields}`: struct variants, unit variants, and
    /// newtype variants holding a struct.
    fn internal(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::Object {
            return Err(self.wrong(shape, peek));
        }
        let v = self.scan_tag(shape, et, tag)?;
        let var = &et.variants[v];
        let name = var.effective_name();
        self.open(dst, false)?;
        self.op(Op::set().at(v as u32).stage())?;
        let fields = var.data.fields;
        let deny = shape.has_deny_unknown_fields_attr();
        match var.data.kind {
            StructKind::Unit => {
                let body = Body {
                    shape,
                    variant: Some(name),
                    fields: &[],
                    flatten: false,
                    deny,
                    defaulted: false,
                    skip_key: Some(tag),
                };
                self.body(&body)?;
            }
            StructKind::Struct => {
                self.op(Op::set().at(0).stage())?;
                let body = Body {
                    shape,
                    variant: Some(name),
                    fields,
                    flatten: false,
                    deny,
                    defaulted: false,
                    skip_key: Some(tag),
                };
                self.body(&body).map_err(|e| e.in_field(name))?;
                self.op(Op::end())?;
            }
            _ if fields.len() == 1 => {
                let inner = fields[0].shape();
                let st = match struct_of(inner) {
                    Some(st) if st.kind == StructKind::Struct => st,
                    _ => {
                        return Err(self.unsupported(
                            shape,
                            "an internally tagged newtype variant must hold a struct",
                        ));
                    }
                };
                let flatten = st.fields.iter().any(Field::is_flattened);
                self.op(Op::set().at(0).stage())?;
                self.open(Dst::Field(0), flatten)?;
                let body = Body {
                    shape: inner,
                    variant: None,
                    fields: st.fields,
                    flatten,
                    deny: inner.has_deny_unknown_fields_attr(),
                    defaulted: inner.has_default_attr(),
                    skip_key: Some(tag),
                };
                self.body(&body).map_err(|e| e.in_field(name))?;
                self.op(Op::end())?;
                self.op(Op::end())?;
            }
            _ => {
                return Err(self.unsupported(shape, "internally tagged tuple variants"));
            }
        }
        self.op(Op::end())?;
        self.close(dst)
    }

    /// `{"tag": "Variant", "content": payload}`, in either order.
    fn adjacent(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        tag: &'static str,
        content: &'static str,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        if peek != Peek::Object {
            return Err(self.wrong(shape, peek));
        }
        let v = self.scan_tag(shape, et, tag)?;
        let var = &et.variants[v];
        let name = var.effective_name();
        self.descend()?;
        self.open(dst, false)?;
        let (mut seen_tag, mut seen_content) = (false, false);
        let mut first = true;
        loop {
            let key_at = self.at();
            let which = {
                let key = if first {
                    first = false;
                    self.jiter.known_object()
                } else {
                    self.jiter.next_key()
                };
                match key {
                    Ok(Some(k)) if k == tag => 0,
                    Ok(Some(k)) if k == content => 1,
                    Ok(Some(k)) if shape.has_deny_unknown_fields_attr() => {
                        return Err(Error::new(
                            ErrorKind::UnknownField {
                                shape: shape.to_string(),
                                field: k.to_owned(),
                            },
                            key_at,
                        ));
                    }
                    Ok(Some(_)) => 2,
                    Ok(None) => break,
                    Err(e) => return Err(jerr(e)),
                }
            };
            let p = self.peek()?;
            match which {
                0 => {
                    if core::mem::replace(&mut seen_tag, true) {
                        let e = ErrorKind::DuplicateField {
                            shape: shape.to_string(),
                            field: tag,
                        };
                        return Err(Error::new(e, key_at));
                    }
                    self.skip(p)?;
                }
                1 => {
                    if core::mem::replace(&mut seen_content, true) {
                        let e = ErrorKind::DuplicateField {
                            shape: shape.to_string(),
                            field: content,
                        };
                        return Err(Error::new(e, key_at));
                    }
                    self.variant(shape, et, v, p)
                        .map_err(|e| e.in_field(name).in_field(content))?;
                }
                _ => self.skip(p)?,
            }
        }
        if !seen_content {
            if var.data.kind == StructKind::Unit {
                self.op(Op::set().at(v as u32).stage())?;
                self.op(Op::end())?;
            } else {
                let at = self.at().saturating_sub(1);
                return Err(Error::new(
                    ErrorKind::MissingFields {
                        shape: shape.to_string(),
                        fields: vec![content],
                    },
                    at,
                ));
            }
        }
        self.depth -= 1;
        self.close(dst)
    }

    /// No tag: the first variant whose payload the value fits, in
    /// declaration order (checked by a dry walk, then built).
    fn untagged(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let chosen = (0..et.variants.len()).find(|&v| {
            let mut dry = self.dry();
            dry.variant(shape, et, v, peek).is_ok()
        });
        let Some(v) = chosen else {
            return Err(self.err(ErrorKind::NoVariantMatched {
                shape: shape.to_string(),
            }));
        };
        self.open(dst, false)?;
        self.variant(shape, et, v, peek)?;
        self.close(dst)
    }
}

/// What [`De::string`] read.
pub(crate) enum StrRead<'de> {
    /// No escapes: the input's own text.
    Borrowed(&'de str),
    /// Decoded from escapes (empty when the walk is dry).
    Escaped(String),
}

/// A tokenizer error, at its position.
#[cold]
fn jerr(e: JiterError) -> Error {
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

/// `s` as a slice of `input`, when it is one (a string jiter returned
/// without decoding escapes).
fn borrow_from<'de>(input: &'de str, s: &str) -> Option<&'de str> {
    let range = input.as_bytes().as_ptr_range();
    let p = s.as_ptr();
    if s.is_empty() {
        return Some("");
    }
    if range.start <= p && p < range.end {
        let start = p as usize - range.start as usize;
        input.get(start..start + s.len())
    } else {
        None
    }
}

/// Whether `s` is a JSON integer: `-?(0|[1-9][0-9]*)`.
fn is_json_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s).as_bytes();
    match digits {
        [] => false,
        [b'0'] => !s.starts_with('-'),
        [b'0', ..] => false,
        _ => digits.iter().all(u8::is_ascii_digit),
    }
}

/// `input[a..b]`, with the input's lifetime.
#[inline]
fn input_slice(input: &str, a: usize, b: usize) -> &str {
    &input[a..b]
}

/// Whether a float is finite.
pub(crate) trait Finite {
    fn finite(&self) -> bool;
}

impl Finite for f32 {
    fn finite(&self) -> bool {
        self.is_finite()
    }
}

impl Finite for f64 {
    fn finite(&self) -> bool {
        self.is_finite()
    }
}

/// A scalar type this module reads directly into a Rust value, so that it
/// (and an `Option` or `Vec` of it) is moved into the Trame whole.
pub(crate) trait Native<'de>: Facet<'de> + Sized {
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self>;
}

macro_rules! native_ints {
    ($($t:ty),*) => {$(
        impl<'de> Native<'de> for $t {
            #[inline]
            fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
                de.read_int::<$t>(shape, peek)
            }
        }
    )*};
}

native_ints!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

impl<'de> Native<'de> for f32 {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.read_float::<f32>(shape, peek)
    }
}

impl<'de> Native<'de> for f64 {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.read_float::<f64>(shape, peek)
    }
}

impl<'de> Native<'de> for bool {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.read_bool(shape, peek)
    }
}

impl<'de> Native<'de> for char {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.read_char(shape, peek)
    }
}

impl<'de> Native<'de> for String {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.owned_str(shape, peek)
    }
}

impl<'de> Native<'de> for &'de str {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.borrowed_str(shape, peek)
    }
}

impl<'de> Native<'de> for Cow<'de, str> {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.read_cow(shape, peek)
    }
}

impl<'de> Native<'de> for () {
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.null(shape, peek)
    }
}

/// The native scalar types, by shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NativeKind {
    Bool,
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
    F32,
    F64,
    Char,
    String,
    Str,
    CowStr,
    Unit,
    // Pairs and triples of numbers, as tuples and as arrays.
    Tuple2F64,
    Array2F64,
    Tuple2F32,
    Array2F32,
    Tuple2I32,
    Array2I32,
    Tuple2U32,
    Array2U32,
    Tuple2I64,
    Array2I64,
    Tuple2U64,
    Array2U64,
    Tuple3F64,
    Array3F64,
    Tuple3F32,
    Array3F32,
}

/// The native kind of a number shape (no composites).
#[inline]
fn scalar_kind(shape: &'static Shape) -> Option<NativeKind> {
    match shape.ty {
        Type::Primitive(PrimitiveType::Numeric(_)) => native_kind(shape),
        _ => None,
    }
}

/// Which native type `shape` is, if any.
#[inline]
pub(crate) fn native_kind(shape: &'static Shape) -> Option<NativeKind> {
    use NativeKind as K;
    match shape.ty {
        Type::Primitive(PrimitiveType::Boolean) => Some(K::Bool),
        Type::Primitive(PrimitiveType::Numeric(NumericType::Integer { signed })) => {
            if shape == usize::SHAPE {
                return Some(K::Usize);
            }
            if shape == isize::SHAPE {
                return Some(K::Isize);
            }
            Some(match (signed, size_of(shape)) {
                (false, 1) => K::U8,
                (false, 2) => K::U16,
                (false, 4) => K::U32,
                (false, 8) => K::U64,
                (false, 16) => K::U128,
                (true, 1) => K::I8,
                (true, 2) => K::I16,
                (true, 4) => K::I32,
                (true, 8) => K::I64,
                (true, 16) => K::I128,
                _ => return None,
            })
        }
        Type::Primitive(PrimitiveType::Numeric(NumericType::Float)) => match size_of(shape) {
            4 => Some(K::F32),
            8 => Some(K::F64),
            _ => None,
        },
        Type::Primitive(PrimitiveType::Textual(TextualType::Char)) => Some(K::Char),
        Type::Primitive(_) => None,
        _ => match shape.def {
            Def::Scalar if shape == String::SHAPE => Some(K::String),
            Def::Scalar if shape == <()>::SHAPE => Some(K::Unit),
            Def::Pointer(_) if shape == <&str>::SHAPE => Some(K::Str),
            Def::Pointer(_) if shape == <Cow<'_, str>>::SHAPE => Some(K::CowStr),
            Def::Array(ad) if matches!(ad.n, 2 | 3) => {
                composite_kind(scalar_kind(ad.t)?, ad.n, false)
            }
            Def::Undefined => match &shape.ty {
                Type::User(UserType::Struct(st))
                    if st.kind == StructKind::Tuple && matches!(st.fields.len(), 2 | 3) =>
                {
                    let elem = st.fields[0].shape();
                    if st.fields.iter().any(|f| f.shape() != elem) {
                        return None;
                    }
                    composite_kind(scalar_kind(elem)?, st.fields.len(), true)
                }
                _ => None,
            },
            _ => None,
        },
    }
}

impl<'de, T: Native<'de>> Native<'de> for (T, T)
where
    (T, T): Facet<'de>,
{
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        let [a, b] = de.read_n::<T, 2>(shape, peek)?;
        Ok((a, b))
    }
}

impl<'de, T: Native<'de>> Native<'de> for (T, T, T)
where
    (T, T, T): Facet<'de>,
{
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        let [a, b, c] = de.read_n::<T, 3>(shape, peek)?;
        Ok((a, b, c))
    }
}

impl<'de, T: Native<'de>, const N: usize> Native<'de> for [T; N]
where
    [T; N]: Facet<'de>,
{
    #[inline]
    fn read<S: Sink<'de>>(de: &mut De<'de, S>, shape: &'static Shape, peek: Peek) -> Result<Self> {
        de.read_n::<T, N>(shape, peek)
    }
}

/// The native kind of a pair or triple of `elem` (a tuple or an array).
fn composite_kind(elem: NativeKind, n: usize, tuple: bool) -> Option<NativeKind> {
    use NativeKind as K;
    Some(match (elem, n, tuple) {
        (K::F64, 2, true) => K::Tuple2F64,
        (K::F64, 2, false) => K::Array2F64,
        (K::F32, 2, true) => K::Tuple2F32,
        (K::F32, 2, false) => K::Array2F32,
        (K::I32, 2, true) => K::Tuple2I32,
        (K::I32, 2, false) => K::Array2I32,
        (K::U32, 2, true) => K::Tuple2U32,
        (K::U32, 2, false) => K::Array2U32,
        (K::I64, 2, true) => K::Tuple2I64,
        (K::I64, 2, false) => K::Array2I64,
        (K::U64, 2, true) => K::Tuple2U64,
        (K::U64, 2, false) => K::Array2U64,
        (K::F64, 3, true) => K::Tuple3F64,
        (K::F64, 3, false) => K::Array3F64,
        (K::F32, 3, true) => K::Tuple3F32,
        (K::F32, 3, false) => K::Array3F32,
        _ => return None,
    })
}

/// Skips the value `peek` starts, checking that it is JSON. Arrays and
/// objects are walked here, token by token, with the same depth limit as
/// the rest (jiter's own skip of nested values goes through `bitvec`, which
/// Miri's Stacked Borrows rejects).
fn skip_value(j: &mut Jiter<'_>, peek: Peek, depth: u32) -> Result<()> {
    match peek {
        Peek::Array => {
            if depth >= MAX_DEPTH {
                return Err(Error::new(ErrorKind::RecursionLimit, j.current_index()));
            }
            let mut next = j.known_array().map_err(jerr)?;
            while let Some(p) = next {
                skip_value(j, p, depth + 1)?;
                next = j.array_step().map_err(jerr)?;
            }
            Ok(())
        }
        Peek::Object => {
            if depth >= MAX_DEPTH {
                return Err(Error::new(ErrorKind::RecursionLimit, j.current_index()));
            }
            let mut more = j.known_object().map_err(jerr)?.is_some();
            while more {
                let p = j.peek().map_err(jerr)?;
                skip_value(j, p, depth + 1)?;
                more = j.next_key().map_err(jerr)?.is_some();
            }
            Ok(())
        }
        _ => j.known_skip(peek).map_err(jerr),
    }
}
