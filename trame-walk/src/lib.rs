//! The deserializer walk of trame, written once for every format.
//!
//! A format crate gives a tokenizer behind the small [`Tokens`] trait
//! (peek a value's kind, read a scalar, step through arrays and objects);
//! [`from_tokens`] walks the tokens with the shape of the type being built
//! and drives a [`trame::Trame`]. Everything facet's attributes mean is
//! decided here, the same for every format: which field a key names
//! (`rename`, `rename_all`, `alias`), what a missing field becomes
//! (`default`, `Option`, `skip`), unknown keys (`deny_unknown_fields`),
//! `flatten`, enum tagging (external, internal, adjacent, untagged),
//! `transparent`, proxies, types built by `parse` and `try_from` hooks,
//! dynamic values, and errors that name the path of the value and its
//! position in the input.
//!
//! [trame-json](https://docs.rs/trame-json) is such a format crate, over
//! [jiter](https://docs.rs/jiter).
//!
//! No `unsafe` code (`#![forbid(unsafe_code)]`).

#![forbid(unsafe_code)]

mod de;
mod error;
mod tokens;

use facet::Facet;
use trame::Trame;

pub use de::MAX_DEPTH;
pub use error::{Error, ErrorKind, Result};
pub use tokens::{Hint, Int, Number, Peek, StrRead, Tokens};

/// Deserializes a `T` from `tokens`: the walk reads one value, checks
/// that the input ends after it ([`Tokens::finish`]), and builds it.
///
/// On any error, everything built so far is dropped, and the error names
/// what went wrong, the path of the value (`$.servers[1].port`) and, when
/// the source shares its [input](Tokens::input), the line and column.
// t[impl walk.shared]
pub fn from_tokens<'de, T, Tok>(tokens: Tok) -> Result<T>
where
    T: Facet<'de>,
    Tok: Tokens<'de>,
{
    read(tokens).0
}

/// [`from_tokens`], and the number of values walked, building and looking
/// ahead: a measure of the work of a parse, for tests that bound it.
#[cfg(feature = "steps")]
#[doc(hidden)]
pub fn from_tokens_counted<'de, T, Tok>(tokens: Tok) -> (Result<T>, u64)
where
    T: Facet<'de>,
    Tok: Tokens<'de>,
{
    read(tokens)
}

/// Reads and builds a `T`; the values walked, when counted (else 0).
fn read<'de, T, Tok>(tokens: Tok) -> (Result<T>, u64)
where
    T: Facet<'de>,
    Tok: Tokens<'de>,
{
    let input = tokens.input();
    let trame = if tokens.reopens() {
        // Objects may be reopened after others: the whole value is built in
        // deferred mode and validated at the end.
        Trame::new_deferred::<T>()
    } else {
        Trame::new::<T>()
    };
    // What trame reports (fields missing when a reopened document ends)
    // names fields as the input does.
    let mut trame = trame.with_input_names();
    if let Some(format) = tokens.format() {
        // trame picks the same proxies as the walk: this format's first.
        trame = trame.with_format(format);
    }
    let mut de = de::De::new(tokens, trame);
    let walked = de.root(T::SHAPE);
    #[cfg(feature = "steps")]
    let steps = de.total_steps();
    #[cfg(not(feature = "steps"))]
    let steps = 0;
    let built = walked.and_then(|()| {
        let end = de.src.offset();
        de.sink
            .build()
            .and_then(|v| v.materialize::<T>())
            .map_err(|e| Error::new(ErrorKind::Build(e), end))
    });
    (built.map_err(|e| e.finish(input)), steps)
}
