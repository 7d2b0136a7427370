//! [`Error`]: what went wrong, where in the value (`$.items[3].id`), and
//! where in the text (line and column).

use core::fmt;

/// What went wrong. The [`Display`](fmt::Display) of an [`Error`] adds the
/// path and the position.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is malformed (as the tokenizer reports it: `EOF while
    /// parsing an object`, `trailing characters`, …).
    Syntax(String),
    /// The input is not UTF-8.
    InvalidUtf8,
    /// A value of the wrong type.
    WrongType {
        /// The Rust type that was expected.
        expected: String,
        /// The type that was found, in JSON's terms (`string`, `number`,
        /// `float`, …).
        found: &'static str,
    },
    /// A number that does not fit the integer type.
    OutOfRange {
        /// The number as written.
        number: String,
        /// The Rust type it should fit.
        ty: String,
    },
    /// A string that is not one character, for a `char`.
    NotAChar,
    /// A string with escapes for a `&str`, which can only borrow.
    EscapedBorrow,
    /// Required fields absent from an object.
    MissingFields {
        /// The struct (or variant).
        shape: String,
        /// The fields, by their names in the input.
        fields: Vec<&'static str>,
    },
    /// A field that appears twice in one object.
    DuplicateField {
        /// The struct (or variant).
        shape: String,
        /// The field, by its name in the input.
        field: &'static str,
    },
    /// A key that names no field, in a struct with
    /// `#[facet(deny_unknown_fields)]`.
    UnknownField {
        /// The struct (or variant).
        shape: String,
        /// The key.
        field: String,
    },
    /// A variant name that the enum does not have.
    UnknownVariant {
        /// The enum.
        shape: String,
        /// The name found.
        variant: String,
    },
    /// An object with a tagged enum's tag missing.
    MissingTag {
        /// The enum.
        shape: String,
        /// The tag key.
        tag: &'static str,
    },
    /// An untagged enum none of whose variants matches.
    NoVariantMatched {
        /// The enum.
        shape: String,
    },
    /// An array of the wrong length for a tuple or fixed-size array.
    WrongLength {
        /// The Rust type.
        shape: String,
        /// Its length.
        expected: usize,
    },
    /// Nesting deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    RecursionLimit,
    /// The input ended inside a value.
    UnexpectedEnd,
    /// More input after the document's value.
    TrailingData,
    /// A Rust type this deserializer cannot build.
    Unsupported {
        /// The type.
        shape: String,
        /// What about it.
        what: &'static str,
    },
    /// The value could not be built (an error from trame).
    Build(trame::TrameError),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax(msg) => f.write_str(msg),
            ErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8"),
            ErrorKind::WrongType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::OutOfRange { number, ty } => {
                write!(f, "number {number} out of range for {ty}")
            }
            ErrorKind::NotAChar => f.write_str("expected char, found a string that is not one character"),
            ErrorKind::EscapedBorrow => f.write_str(
                "expected a string without escapes (a &str can only borrow from the input), found an escaped string",
            ),
            ErrorKind::MissingFields { shape, fields } => {
                let noun = if fields.len() == 1 { "field" } else { "fields" };
                write!(f, "missing {noun} {} in {shape}", fields.join(", "))
            }
            ErrorKind::DuplicateField { shape, field } => {
                write!(f, "duplicate field {field} in {shape}")
            }
            ErrorKind::UnknownField { shape, field } => {
                write!(f, "unknown field {field:?} in {shape}")
            }
            ErrorKind::UnknownVariant { shape, variant } => {
                write!(f, "unknown variant {variant:?} of {shape}")
            }
            ErrorKind::MissingTag { shape, tag } => {
                write!(f, "missing tag {tag:?} of {shape}")
            }
            ErrorKind::NoVariantMatched { shape } => {
                write!(f, "data did not match any variant of untagged enum {shape}")
            }
            ErrorKind::WrongLength { shape, expected } => {
                write!(f, "expected an array of {expected} elements for {shape}")
            }
            ErrorKind::RecursionLimit => f.write_str("recursion limit exceeded"),
            ErrorKind::UnexpectedEnd => f.write_str("unexpected end of input"),
            ErrorKind::TrailingData => f.write_str("trailing data after the value"),
            ErrorKind::Unsupported { shape, what } => {
                write!(f, "cannot deserialize {shape}: {what}")
            }
            ErrorKind::Build(e) => write!(f, "{e}"),
        }
    }
}

/// One step of a path, innermost first while an error travels up.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Field(&'static str),
    /// A key no field names, taken by a flattened map: shown as a field.
    Name(String),
    Index(usize),
    Key(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    /// Byte offset in the input.
    offset: usize,
    /// What was found, with its contents, when the source described it.
    found: Option<String>,
    /// Steps from the failing value up to the root (reversed).
    steps: Vec<Step>,
    /// Rendered path and position, filled in once at the top.
    path: String,
    line: usize,
    column: usize,
}

/// A deserialization error: its [`kind`](Error::kind), the
/// [`path`](Error::path) of the value in the document (`$.items[3].id`), and
/// the position in the text ([`line`](Error::line),
/// [`column`](Error::column), both 1-based).
///
/// ```text
/// expected u32, found string at $.items[3].id (line 12, column 7)
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

impl Error {
    /// An error of `kind` at byte `offset` of the input (for a
    /// [`Tokens`](crate::Tokens) source's own errors).
    #[cold]
    pub fn new(kind: ErrorKind, offset: usize) -> Error {
        Error(Box::new(Inner {
            kind,
            offset,
            found: None,
            steps: Vec::new(),
            path: String::new(),
            line: 0,
            column: 0,
        }))
    }

    /// Adds the struct field this error happened in (called while the error
    /// travels up).
    #[cold]
    pub(crate) fn in_field(mut self, name: &'static str) -> Error {
        self.0.steps.push(Step::Field(name));
        self
    }

    /// Adds what the source found, with its contents (`string "x"`).
    #[cold]
    pub(crate) fn with_found(mut self, found: String) -> Error {
        self.0.found = Some(found);
        self
    }

    /// What was found where another type was expected, with its contents,
    /// when the source describes them (`string "x"`; a
    /// [`WrongType`](ErrorKind::WrongType)'s `found` gives the kind only).
    pub fn found_text(&self) -> Option<&str> {
        self.0.found.as_deref()
    }

    /// Adds the key this error happened in, of a struct whose flattened
    /// map takes the keys no field names (shown as a field: `$.extra`).
    #[cold]
    pub(crate) fn in_key_field(mut self, key: &str) -> Error {
        self.0.steps.push(Step::Name(key.to_owned()));
        self
    }

    /// Adds the array element this error happened in.
    #[cold]
    pub(crate) fn in_index(mut self, i: usize) -> Error {
        self.0.steps.push(Step::Index(i));
        self
    }

    /// Adds the map entry this error happened in.
    #[cold]
    pub(crate) fn in_key(mut self, key: String) -> Error {
        self.0.steps.push(Step::Key(key));
        self
    }

    /// Renders the path and computes line and column (when the input is
    /// given), once, at the top.
    ///
    /// [`from_tokens`](crate::from_tokens) calls it on its errors; a format
    /// crate calls it on an error it makes before any walk (the input is
    /// not UTF-8).
    #[cold]
    pub fn finish(mut self, input: Option<&[u8]>) -> Error {
        let inner = &mut *self.0;
        let mut path = String::from("$");
        for step in inner.steps.drain(..).rev() {
            use fmt::Write;
            let _ = match step {
                Step::Field(name) => write!(path, ".{name}"),
                Step::Name(name) => write!(path, ".{name}"),
                Step::Index(i) => write!(path, "[{i}]"),
                Step::Key(k) => write!(path, "[{k:?}]"),
            };
        }
        inner.path = path;
        if let Some(input) = input {
            let (line, column) = line_column(input, inner.offset);
            inner.line = line;
            inner.column = column;
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where in the value: `$` is the root, `.name` a struct field (by its
    /// name in the input), `[3]` an array element, `["k"]` a map entry.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// Line of the error in the input, from 1.
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// Column of the error in the input (in bytes), from 1.
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// Byte offset of the error in the input.
    pub fn offset(&self) -> usize {
        self.0.offset
    }
}

/// 1-based line and column (in bytes) of `offset` in `input`.
fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(input.len());
    let before = &input[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} (line {}, column {})",
            self.0.kind, self.0.path, self.0.line, self.0.column
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self})")
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Build(e) => Some(e),
            _ => None,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
