//! [`Error`]: what went wrong ([`ErrorKind`]), where in the value
//! (`$.servers[1].port`), and where in the input (a byte offset, and a line
//! and column when the parser hands out its input).

use core::fmt;

/// What went wrong. The [`Display`](fmt::Display) of an [`Error`] adds the
/// path and the position.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The parser rejected the input (its own message).
    Parse(String),
    /// A value of the wrong kind for the Rust type.
    WrongType {
        /// The Rust type (or form) that was expected.
        expected: String,
        /// What the input held (`string`, `number`, `sequence`, …).
        found: String,
    },
    /// A number that does not fit the numeric type.
    OutOfRange {
        /// The number as the input gave it.
        number: String,
        /// The Rust type it should fit.
        ty: String,
    },
    /// A string that is not exactly one character, for a `char`.
    NotAChar,
    /// A string the parser could not lend (it had to decode it), for a
    /// `&str`, which can only borrow from the input.
    CannotBorrow,
    /// Required fields absent from a struct.
    MissingFields {
        /// The struct (or variant).
        shape: String,
        /// The fields, by their names in the input.
        fields: Vec<String>,
    },
    /// A field given twice.
    DuplicateField {
        /// The struct (or variant).
        shape: String,
        /// The field, by its name in the input.
        field: String,
    },
    /// A key that names no field, under `#[facet(deny_unknown_fields)]`.
    UnknownField {
        /// The struct (or variant).
        shape: String,
        /// The key.
        field: String,
    },
    /// A variant name the enum does not have.
    UnknownVariant {
        /// The enum.
        shape: String,
        /// The name found.
        variant: String,
    },
    /// A tagged enum's tag is absent.
    MissingTag {
        /// The enum.
        shape: String,
        /// The tag key.
        tag: &'static str,
    },
    /// No variant of an untagged enum matches the value.
    NoVariantMatched {
        /// The enum.
        shape: String,
    },
    /// A sequence of the wrong length for a tuple or fixed-size array.
    WrongLength {
        /// The Rust type.
        shape: String,
        /// Its length.
        expected: usize,
    },
    /// Nesting deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    RecursionLimit,
    /// The input ended where a value was expected.
    UnexpectedEnd,
    /// More input after the value.
    TrailingData,
    /// A Rust type (or a facet feature) this deserializer cannot build yet.
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
            ErrorKind::Parse(msg) => write!(f, "invalid input: {msg}"),
            ErrorKind::WrongType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::OutOfRange { number, ty } => {
                write!(f, "number {number} out of range for {ty}")
            }
            ErrorKind::NotAChar => {
                f.write_str("expected char, found a string that is not one character")
            }
            ErrorKind::CannotBorrow => f.write_str(
                "expected a string borrowed from the input (for a &str), found one the parser had to decode",
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
            ErrorKind::MissingTag { shape, tag } => write!(f, "missing tag {tag:?} of {shape}"),
            ErrorKind::NoVariantMatched { shape } => {
                write!(f, "data did not match any variant of untagged enum {shape}")
            }
            ErrorKind::WrongLength { shape, expected } => {
                write!(f, "expected a sequence of {expected} elements for {shape}")
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

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    /// Byte offset and length in the input, when the parser reported one.
    span: Option<(usize, usize)>,
    /// The path of the value (`$.servers[1].port`).
    path: String,
    /// 1-based line and column, when the input is known.
    line_column: Option<(usize, usize)>,
}

/// A deserialization error: its [`kind`](Error::kind), the
/// [`path`](Error::path) of the value (`$.servers[1].port`), and where the
/// parser was in the input ([`offset`](Error::offset), and
/// [`line_column`](Error::line_column) when the parser shares its input).
///
/// ```
/// use facet::Facet;
///
/// #[derive(Facet, Debug)]
/// struct Server {
///     port: u16,
/// }
///
/// #[derive(Facet, Debug)]
/// struct Config {
///     servers: Vec<Server>,
/// }
///
/// let json = br#"{"servers": [{"port": 80}, {"port": "http"}]}"#;
/// let err = trame_format::from_parser::<Config, _>(facet_json::JsonParser::<false>::new(json))
///     .unwrap_err();
/// assert_eq!(err.path(), "$.servers[1].port");
/// assert_eq!(
///     err.to_string(),
///     "expected u16, found string \"http\" at $.servers[1].port (line 1, column 37)"
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

impl Error {
    #[cold]
    fn new(kind: ErrorKind, span: Option<(usize, usize)>) -> Error {
        Error(Box::new(Inner {
            kind,
            span,
            path: String::from("$"),
            line_column: None,
        }))
    }

    /// The walk's error as this crate's: the same kind (named as this
    /// crate names them), path and position.
    #[cold]
    pub(crate) fn from_walk(e: trame_walk::Error, input: Option<&[u8]>) -> Error {
        use trame_walk::ErrorKind as W;
        let kind = match e.kind().clone() {
            W::Syntax(m) => ErrorKind::Parse(m),
            W::InvalidUtf8 => ErrorKind::Parse("invalid UTF-8".into()),
            W::WrongType { expected, found } => ErrorKind::WrongType {
                expected,
                found: e
                    .found_text()
                    .map_or_else(|| found.to_owned(), str::to_owned),
            },
            W::OutOfRange { number, ty } => ErrorKind::OutOfRange { number, ty },
            W::NotAChar => ErrorKind::NotAChar,
            W::EscapedBorrow => ErrorKind::CannotBorrow,
            W::MissingFields { shape, fields } => ErrorKind::MissingFields {
                shape,
                fields: fields.into_iter().map(str::to_owned).collect(),
            },
            W::DuplicateField { shape, field } => ErrorKind::DuplicateField {
                shape,
                field: field.to_owned(),
            },
            W::UnknownField { shape, field } => ErrorKind::UnknownField { shape, field },
            W::UnknownVariant { shape, variant } => ErrorKind::UnknownVariant { shape, variant },
            W::MissingTag { shape, tag } => ErrorKind::MissingTag { shape, tag },
            W::NoVariantMatched { shape } => ErrorKind::NoVariantMatched { shape },
            W::WrongLength { shape, expected } => ErrorKind::WrongLength { shape, expected },
            W::RecursionLimit => ErrorKind::RecursionLimit,
            W::UnexpectedEnd => ErrorKind::UnexpectedEnd,
            W::TrailingData => ErrorKind::TrailingData,
            W::Unsupported { shape, what } => ErrorKind::Unsupported { shape, what },
            W::Build(b) => ErrorKind::Build(b),
            other => ErrorKind::Parse(other.to_string()),
        };
        let mut out = Error::new(kind, Some((e.offset(), 0)));
        out.0.path = e.path().to_owned();
        if let Some(input) = input {
            out.0.line_column = Some(line_column(input, e.offset()));
        }
        out
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where in the value: `$` is the root, `.name` a struct field or enum
    /// variant (by its name in the input), `[3]` a sequence element,
    /// `["k"]` a map entry.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// Byte offset in the input of the event the parser last reported, if
    /// it reports positions.
    pub fn offset(&self) -> Option<usize> {
        self.0.span.map(|(o, _)| o)
    }

    /// 1-based line and column (in bytes) of [`offset`](Error::offset),
    /// when the parser shares its input, or after
    /// [`with_input`](Error::with_input).
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.0.line_column
    }

    /// This error with its line and column found in `input`, the text the
    /// parser read. Parsers that do not share their input with the
    /// reader (facet-yaml's, facet-toml's) report byte offsets only; this
    /// turns them into the position a person looks for. An error without
    /// an offset is returned as it is. (The offset is taken as the parser
    /// gives it; facet-yaml 0.50.0-rc.7 counts characters, not bytes, so
    /// after non-ASCII text its positions fall short.)
    ///
    /// ```
    /// use facet::Facet;
    ///
    /// #[derive(Facet, Debug)]
    /// struct Server {
    ///     port: u16,
    /// }
    ///
    /// let yaml = "# a server\nport: http\n";
    /// let err = trame_format::from_parser::<Server, _>(facet_yaml::YamlParser::new(yaml))
    ///     .unwrap_err();
    /// assert_eq!(err.line_column(), None);
    /// let err = err.with_input(yaml.as_bytes());
    /// assert_eq!(err.line_column(), Some((2, 7)));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "expected u16, found string \"http\" at $.port (line 2, column 7)"
    /// );
    /// ```
    #[must_use]
    pub fn with_input(mut self, input: &[u8]) -> Error {
        if let Some((offset, _)) = self.0.span {
            self.0.line_column = Some(line_column(input, offset));
        }
        self
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
        match &self.0.kind {
            // trame names the place itself (as a path of the built value).
            ErrorKind::Build(e) if self.0.path == "$" => write!(f, "{e}")?,
            kind => write!(f, "{kind} at {}", self.0.path)?,
        }
        match (self.0.line_column, self.0.span) {
            (Some((line, column)), _) => write!(f, " (line {line}, column {column})"),
            (None, Some((offset, _))) => write!(f, " (offset {offset})"),
            (None, None) => Ok(()),
        }
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

impl From<facet_format::ParseError> for Error {
    /// A parser's own error (for example from `TomlParser::new`), at its
    /// position, with the root path.
    fn from(e: facet_format::ParseError) -> Self {
        let span = (e.span.offset as usize, e.span.len as usize);
        Error::new(ErrorKind::Parse(e.kind.to_string()), Some(span))
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
