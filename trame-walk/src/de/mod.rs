//! The walk: pulls tokens from a [`Tokens`] source and drives a [`Trame`]
//! with ops chosen from the shape of the value being built.
//!
//! One recursive walk, [`De::value`], reads one value into one
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
    Def, EnumType, Facet, Field, NumericType, PrimitiveType, Shape, StructKind, TextualType, Type,
    UserType,
};
use trame::flatten::{FieldRoute, route_key, route_key_in};
use trame::{IShape, Op, ShapeKind, Trame, TrameError};

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

/// How deeply the walk may descend: every value of a nested shape (struct,
/// tuple, array, list, set, map, option, pointer, enum, `Result`) counts
/// one level, whether or not the input nests there, and so does every
/// array or object skipped. Deeper input (or a recursive type that recurses
/// without consuming input) is a [`RecursionLimit`](crate::ErrorKind::RecursionLimit)
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
pub(crate) struct De<'de, Src, S> {
    /// The tokens.
    pub(crate) src: Src,
    pub(crate) sink: S,
    depth: u32,
    /// The deepest `depth` reached (kept by dry walks only, for
    /// [`Verdict::height`](memo::Verdict)).
    peak: u32,
    /// Facts derived from shapes, remembered for this walk.
    memo: Box<memo::Memo>,
    /// The dry walk that looks ahead for untagged enums, made on first use
    /// and kept for the parse (a building walk's only).
    look: Option<Box<De<'de, Src, Dry>>>,
    /// What looking ahead found at each untagged enum value (a dry walk's
    /// only).
    verdicts: memo::Verdicts<Src>,
    /// Untagged enum values being built, one inside the other.
    untagged_open: u32,
    /// Coercions are off ([`De::coerce`]): a dry walk choosing an untagged
    /// variant looks for one the value fits as it is before one it fits
    /// coerced (`42` is a number variant's before a string variant's).
    strict: bool,
    /// The format reopens objects after leaving them (TOML's tables):
    /// objects, lists and maps are built in deferred mode, a key seen
    /// again re-enters its value, and missing fields are left to trame's
    /// validation ([`Tokens::reopens`]).
    reopen: bool,
    /// Values walked, building or dry (a measure of work, for tests).
    #[cfg(feature = "steps")]
    pub(crate) steps: u64,
    _de: core::marker::PhantomData<&'de ()>,
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
    /// The container is marked `#[facet(default)]`: a missing field takes
    /// its own default or its type's (trame fills them at validation), and
    /// an object that sets none of the fields is the container's `Default`.
    defaulted: bool,
    /// The node may be entered again for more of its keys (a TOML table
    /// reopened later), so an empty object says nothing about the rest.
    reenterable: bool,
    /// Keys to pass over (an internally tagged enum's tag, and the tag of
    /// the enum whose newtype variant holds it).
    skip_keys: [Option<&'static str>; 2],
}

impl Body {
    /// The body of struct `shape`.
    #[inline]
    fn of_struct(shape: &'static Shape, st: &'static facet::StructType) -> Body {
        let flatten = st.fields.iter().any(Field::is_flattened);
        Body {
            shape,
            variant: None,
            fields: st.fields,
            flatten,
            deny: shape.has_deny_unknown_fields_attr(),
            defaulted: shape.has_default_attr(),
            reenterable: false,
            skip_keys: [None; 2],
        }
    }

    /// The body of struct (or unit) variant `var` of enum `shape`, with
    /// the tag keys to pass over.
    fn of_variant(
        shape: &'static Shape,
        var: &'static facet::Variant,
        skip_keys: [Option<&'static str>; 2],
    ) -> Body {
        let fields = match var.data.kind {
            StructKind::Struct => var.data.fields,
            _ => &[],
        };
        let flatten = fields.iter().any(Field::is_flattened);
        Body {
            shape,
            variant: Some(var.effective_name()),
            fields,
            flatten,
            deny: shape.has_deny_unknown_fields_attr(),
            defaulted: false,
            reenterable: false,
            skip_keys,
        }
    }
}

/// Which fields of a body an object has set: a bitset.
#[derive(Default)]
struct Seen {
    small: u128,
    big: Vec<bool>,
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

    /// Whether no field was marked.
    fn none(&self) -> bool {
        self.small == 0 && !self.big.contains(&true)
    }

    #[inline]
    fn has(&self, i: usize) -> bool {
        if i < 128 {
            self.small & (1u128 << i) != 0
        } else {
            self.big.get(i - 128).copied().unwrap_or(false)
        }
    }
}

/// A key's text, kept for error paths: borrowed from the input when it had
/// no escapes.
#[derive(Clone)]
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
    /// A key through a flattened field (bodies that have them).
    Flat(flatten::FlatRoute),
    Skip,
    Unknown(String),
}

/// The type a peek announces (in JSON's terms), for "found …".
fn found(peek: Peek) -> Option<&'static str> {
    Some(match peek {
        Peek::BYTES => "bytes",
        Peek::SOME => "an optional value",
        Peek::TAG => "a variant tag",
        Peek::NULL => "null",
        Peek::TRUE | Peek::FALSE => "boolean",
        Peek::STRING => "string",
        Peek::ARRAY => "array",
        Peek::OBJECT => "object",
        p if p.is_number() => "number",
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

/// Whether `shape` holds nothing and has a `Default`: `()`, a unit or
/// empty struct, `PhantomData`. Such a value is read from what a unit
/// struct is read from, and a missing field of such a type takes its
/// default (trame fills it: `validate.empty-default`).
fn empty_with_default(shape: &'static Shape) -> bool {
    (shape == <()>::SHAPE || matches!(struct_of(shape), Some(st) if st.fields.is_empty()))
        && IShape::has_default(shape)
}

mod dynamic;
mod enum_forms;
mod enums;
mod flatten;
mod hooks;
mod memo;
mod metadata;
mod positional;
mod scalar;
mod seq;
mod structs;
mod untagged;
mod walk;

use crate::tokens::{Hint, Int, Number, Peek, StrRead, Tokens};
use scalar::NativeKind;
use seq::skip_value;

/// The next key of an object being read: its first key (the `{` was
/// peeked) while `first` is set, which this clears; `None` after the last.
/// A free function, so that the key borrows only the tokenizer.
#[inline(always)]
fn object_key<'j, 'de, Src: Tokens<'de>>(
    src: &'j mut Src,
    first: &mut bool,
) -> Result<Option<&'j str>> {
    if *first {
        *first = false;
        src.object_start()
    } else {
        src.next_key()
    }
}

/// Whether `s` is an integer as JSON writes one: `-?(0|[1-9][0-9]*)`.
fn is_json_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s).as_bytes();
    match digits {
        [] => false,
        [b'0'] => !s.starts_with('-'),
        [b'0', ..] => false,
        _ => digits.iter().all(u8::is_ascii_digit),
    }
}

/// Whether a float is finite.
pub(crate) trait Finite {
    fn finite(&self) -> bool;
    /// The float nearest `f` (`f` itself for `f64`).
    fn from_f64(f: f64) -> Self;
}

impl Finite for f32 {
    fn finite(&self) -> bool {
        self.is_finite()
    }
    fn from_f64(f: f64) -> Self {
        f as f32
    }
}

impl Finite for f64 {
    fn finite(&self) -> bool {
        self.is_finite()
    }
    fn from_f64(f: f64) -> Self {
        f
    }
}
