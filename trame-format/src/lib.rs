#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod error;
mod tokens;

use facet::Facet;
use facet_format::FormatParser;

pub use error::{Error, ErrorKind, Result};
pub use trame_walk::MAX_DEPTH;

/// Deserializes a `T` from the events of any facet-format parser: JSON
/// (`facet_json::JsonParser`), YAML (`facet_yaml::YamlParser`), TOML
/// (`facet_toml::TomlParser`), MessagePack (`facet_msgpack::MsgPackParser`),
/// postcard (`facet_postcard::PostcardParser`), …
///
/// The value is built with [`trame`]: on any error, everything built so far
/// is dropped, and the error names what went wrong, the path of the value
/// (`$.servers[1].port`) and, where the parser reports one, the position in
/// the input. `&'de str` fields borrow from the input when the parser lends
/// the text; `Cow<'de, str>` fields borrow when they can.
///
/// ```
/// use facet::Facet;
///
/// #[derive(Facet, Debug, PartialEq)]
/// struct Config {
///     name: String,
///     #[facet(default)]
///     port: u16,
///     tags: Vec<String>,
/// }
///
/// let yaml = "name: web\ntags: [a, b]\n";
/// let config: Config = trame_format::from_parser(facet_yaml::YamlParser::new(yaml))?;
/// assert_eq!(config, Config { name: "web".into(), port: 0, tags: vec!["a".into(), "b".into()] });
///
/// let toml = "name = \"db\"\nport = 5432\ntags = []\n";
/// let config: Config = trame_format::from_parser(facet_toml::TomlParser::new(toml)?)?;
/// assert_eq!(config.port, 5432);
///
/// let err = trame_format::from_parser::<Config, _>(facet_yaml::YamlParser::new("name: [3]\n"))
///     .unwrap_err();
/// assert_eq!(err.path(), "$.name");
/// # Ok::<(), trame_format::Error>(())
/// ```
pub fn from_parser<'de, T, P>(parser: P) -> Result<T, Error>
where
    T: Facet<'de>,
    P: FormatParser<'de>,
{
    let reopen = reopens_tables(&parser);
    let input = parser.input();
    let built = if parser.is_self_describing() {
        trame_walk::from_tokens(tokens::ParserTokens::<P, true>::new(parser, reopen))
    } else {
        trame_walk::from_tokens(tokens::ParserTokens::<P, false>::new(parser, reopen))
    };
    built.map_err(|e| Error::from_walk(e, input))
}

/// Whether a format may reopen a table after leaving it (TOML's
/// `[a]`, `[b]`, `[a]`, or `[[servers]]` arrays interleaved with other
/// tables), which the walk builds in trame's deferred mode.
///
/// facet-format's `FormatParser` has no way to say so: a parser that names
/// its format `"toml"` does, and so does facet-toml's (whose
/// `format_namespace` is `None` in this version), known by its type.
fn reopens_tables<'de, P: FormatParser<'de>>(parser: &P) -> bool {
    parser.format_namespace() == Some("toml")
        || core::any::type_name::<P>().starts_with("facet_toml::")
}
