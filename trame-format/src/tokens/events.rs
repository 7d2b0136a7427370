//! How parser events read for the walk: the kind of value an event
//! starts, what it holds (for errors), a key's name, parser errors, and
//! the walk's hints passed on to the parser.

use std::borrow::Cow;

use facet_format::{FieldKey, FormatParser, ParseEventKind, ScalarTypeHint, ScalarValue};
use trame_walk::{Error, ErrorKind, Hint, Peek};

/// A key's name, moved out of the event (a key without one, which only
/// formats with unit keys write, is the empty name).
#[inline(always)]
pub(super) fn key_name(k: FieldKey<'_>) -> Cow<'_, str> {
    match k {
        FieldKey::Name(name) => name,
        other => other.name().cloned().unwrap_or(Cow::Borrowed("")),
    }
}

/// A parser's error as the walk's, at its position.
#[cold]
pub(super) fn parse_error(e: facet_format::ParseError) -> Error {
    Error::new(
        ErrorKind::Syntax(e.kind.to_string()),
        e.span.offset as usize,
    )
}

/// What comes next, for the walk.
pub(super) enum Next {
    /// A value of this kind.
    Value(Peek),
    /// The end of a sequence.
    SequenceEnd,
    /// The marker before an element (formats that are not
    /// self-describing).
    Marker,
    /// A key or the end of a map, where a value was expected.
    Other,
    /// The end of the input.
    End,
}

/// The kind of value an event starts; `None` for keys and ends.
pub(super) fn kind(k: &ParseEventKind<'_>) -> Option<Peek> {
    Some(match k {
        ParseEventKind::StructStart(_) => Peek::OBJECT,
        ParseEventKind::SequenceStart(_) => Peek::ARRAY,
        ParseEventKind::Scalar(v) => match v {
            ScalarValue::Null | ScalarValue::Unit => Peek::NULL,
            ScalarValue::Bool(true) => Peek::TRUE,
            ScalarValue::Bool(false) => Peek::FALSE,
            ScalarValue::Char(_) | ScalarValue::Str(_) => Peek::STRING,
            ScalarValue::Bytes(_) => Peek::BYTES,
            ScalarValue::I64(_)
            | ScalarValue::U64(_)
            | ScalarValue::I128(_)
            | ScalarValue::U128(_)
            | ScalarValue::F64(_) => Peek::NUMBER,
            // A scalar this version does not know.
            _ => return None,
        },
        ParseEventKind::OptionSome => Peek::SOME,
        ParseEventKind::VariantTag(_) => Peek::TAG,
        ParseEventKind::FieldKey(_)
        | ParseEventKind::OrderedField
        | ParseEventKind::StructEnd
        | ParseEventKind::SequenceEnd => return None,
        // An event this version does not know.
        _ => return None,
    })
}

/// What an event holds, for errors.
pub(super) fn describe(k: &ParseEventKind<'_>) -> String {
    match k {
        ParseEventKind::StructStart(_) => "a map".into(),
        ParseEventKind::StructEnd => "the end of a map".into(),
        ParseEventKind::SequenceStart(_) => "a sequence".into(),
        ParseEventKind::SequenceEnd => "the end of a sequence".into(),
        ParseEventKind::FieldKey(_) => "a key".into(),
        ParseEventKind::OrderedField => "a field".into(),
        ParseEventKind::OptionSome => "an optional value".into(),
        ParseEventKind::VariantTag(_) => "a variant tag".into(),
        ParseEventKind::Scalar(v) => match v {
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
            ScalarValue::Bytes(b) => format!("{} bytes", b.len()),
            _ => "a scalar".into(),
        },
        _ => "an event".into(),
    }
}

/// Passes the walk's hint to the parser.
pub(super) fn hint<'de, P: FormatParser<'de>>(parser: &mut P, hint: Hint) {
    let scalar = match hint {
        Hint::Option => return parser.hint_option(),
        Hint::Sequence => return parser.hint_sequence(),
        Hint::Array(n) => return parser.hint_array(n),
        Hint::Struct(n) => return parser.hint_struct_fields(n),
        Hint::Map => return parser.hint_map(),
        Hint::Dynamic => return parser.hint_dynamic_value(),
        Hint::Opaque(shape) => {
            // The parser's own form for the type if it has one, else its
            // text.
            if parser.hint_opaque_scalar(shape.type_identifier, shape) {
                return;
            }
            ScalarTypeHint::String
        }
        Hint::Bool => ScalarTypeHint::Bool,
        Hint::Char => ScalarTypeHint::Char,
        Hint::String => ScalarTypeHint::String,
        Hint::Bytes => ScalarTypeHint::Bytes,
        Hint::U8 => ScalarTypeHint::U8,
        Hint::U16 => ScalarTypeHint::U16,
        Hint::U32 => ScalarTypeHint::U32,
        Hint::U64 => ScalarTypeHint::U64,
        Hint::U128 => ScalarTypeHint::U128,
        Hint::Usize => ScalarTypeHint::Usize,
        Hint::I8 => ScalarTypeHint::I8,
        Hint::I16 => ScalarTypeHint::I16,
        Hint::I32 => ScalarTypeHint::I32,
        Hint::I64 => ScalarTypeHint::I64,
        Hint::I128 => ScalarTypeHint::I128,
        Hint::Isize => ScalarTypeHint::Isize,
        Hint::F32 => ScalarTypeHint::F32,
        Hint::F64 => ScalarTypeHint::F64,
        // A hint this version does not know: the parser is left to
        // read what comes.
        _ => return,
    };
    parser.hint_scalar_type(scalar);
}
