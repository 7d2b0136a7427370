#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod tokens;
mod unescape;
#[cfg(test)]
mod untagged_work;

use facet::Facet;

pub use trame_walk::{Error, ErrorKind, MAX_DEPTH, Result};

/// The format whose proxies trame-json applies: `#[facet(json::proxy = …)]`
/// first, then the format-agnostic `#[facet(proxy = …)]`.
pub(crate) const FORMAT: &str = "json";

/// Deserializes a `T` from JSON text.
///
/// `&'de str` fields borrow from `input` (the string must have no escapes);
/// `Cow<'de, str>` fields borrow when they can and own otherwise.
///
/// ```
/// use facet::Facet;
///
/// #[derive(Facet, Debug, PartialEq)]
/// struct Point<'a> {
///     name: &'a str,
///     x: i32,
///     y: i32,
/// }
///
/// let p: Point = trame_json::from_str(r#"{"name": "origin", "x": 0, "y": 0}"#)?;
/// assert_eq!(p, Point { name: "origin", x: 0, y: 0 });
///
/// let err = trame_json::from_str::<Point>(r#"{"name": "a", "x": "1", "y": 0}"#).unwrap_err();
/// assert_eq!(err.to_string(), "expected i32, found string at $.x (line 1, column 20)");
/// # Ok::<(), trame_json::Error>(())
/// ```
pub fn from_str<'de, T: Facet<'de>>(input: &'de str) -> Result<T> {
    trame_walk::from_tokens(tokens::JsonTokens::new(input))
}

/// Deserializes a `T` from JSON bytes, which must be UTF-8 (as JSON text
/// is). Borrowing works as with [`from_str`].
pub fn from_slice<'de, T: Facet<'de>>(input: &'de [u8]) -> Result<T> {
    match core::str::from_utf8(input) {
        Ok(s) => from_str(s),
        Err(e) => Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to()).finish(Some(input))),
    }
}
