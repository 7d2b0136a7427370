//! trame-format measures: trame-format against facet-format's
//! `FormatDeserializer` over the same parser, same input, same type, and
//! the parser alone (every event read and discarded) so that the cost of
//! building can be read off. JSON on the three corpora; YAML and
//! MessagePack on the citm_catalog and twitter values, written by each
//! format's own serializer; TOML (whose serializer writes neither) on a
//! generated configuration ([`Config`]), and YAML on it too.

use std::hint::black_box;

use std::collections::BTreeMap;

use facet::Facet;
use facet_format::{FormatDeserializer, FormatParser};

use super::json::corpus::{self, Canada, CitmCatalog, Twitter};
use crate::runner::{Budget, Goal, Line, interleaved};

/// Parses of one document per timed call.
const PARSES: usize = 3;

/// A format measured: its parser, read by trame-format, by
/// `FormatDeserializer` and alone.
pub trait Format {
    /// `json`, `yaml`, …
    const NAME: &'static str;
    /// The parser over `input`.
    fn parser(input: &[u8]) -> impl FormatParser<'_>;
    /// `FormatDeserializer` as the format crate runs it (deferred for TOML).
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> bool;
    /// The document of `value`, written by the format's serializer.
    fn write<'a, T: Facet<'a>>(value: &T) -> Result<Vec<u8>, String>;
}

fn text(input: &[u8]) -> &str {
    std::str::from_utf8(input).expect("a text format's document is UTF-8")
}

/// JSON (`facet_json::JsonParser`).
pub struct Json;
impl Format for Json {
    const NAME: &'static str = "json";
    fn parser(input: &[u8]) -> impl FormatParser<'_> {
        facet_json::JsonParser::<false>::new(input)
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> bool {
        let mut p = Self::parser(input);
        black_box(FormatDeserializer::new(&mut p).deserialize::<T>()).is_ok()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Result<Vec<u8>, String> {
        facet_json::to_vec(value).map_err(|e| e.to_string())
    }
}

/// YAML (`facet_yaml::YamlParser`).
pub struct Yaml;
impl Format for Yaml {
    const NAME: &'static str = "yaml";
    fn parser(input: &[u8]) -> impl FormatParser<'_> {
        facet_yaml::YamlParser::new(text(input))
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> bool {
        let mut p = Self::parser(input);
        black_box(FormatDeserializer::new(&mut p).deserialize::<T>()).is_ok()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Result<Vec<u8>, String> {
        facet_yaml::to_string(value)
            .map(String::into_bytes)
            .map_err(|e| e.to_string())
    }
}

/// TOML (`facet_toml::TomlParser`).
pub struct Toml;
impl Format for Toml {
    const NAME: &'static str = "toml";
    fn parser(input: &[u8]) -> impl FormatParser<'_> {
        facet_toml::TomlParser::new(text(input)).expect("a TOML document")
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> bool {
        let mut p = facet_toml::TomlParser::new(text(input)).expect("a TOML document");
        black_box(FormatDeserializer::new(&mut p).deserialize_deferred::<T>()).is_ok()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Result<Vec<u8>, String> {
        let s = facet_toml::to_string(value).map_err(|e| e.to_string())?;
        // facet-toml 0.50.0-rc.7 writes arrays of inline tables without
        // commas: refuse what its own parser refuses.
        facet_toml::TomlParser::new(&s).map_err(|e| format!("{e:?}"))?;
        Ok(s.into_bytes())
    }
}

/// MessagePack (`facet_msgpack::MsgPackParser`).
pub struct MsgPack;
impl Format for MsgPack {
    const NAME: &'static str = "msgpack";
    fn parser(input: &[u8]) -> impl FormatParser<'_> {
        facet_msgpack::MsgPackParser::new(input)
    }
    fn theirs<'de, T: Facet<'de>>(input: &'de [u8]) -> bool {
        let mut p = Self::parser(input);
        black_box(FormatDeserializer::new(&mut p).deserialize::<T>()).is_ok()
    }
    fn write<'a, T: Facet<'a>>(value: &T) -> Result<Vec<u8>, String> {
        facet_msgpack::to_vec(value).map_err(|e| e.to_string())
    }
}

/// trame-format reads `input` as a `T` (panics if it cannot).
pub fn ours<F: Format, T: for<'de> Facet<'de>>(input: &[u8]) {
    let v: T = trame_format::from_parser(F::parser(input))
        .unwrap_or_else(|e| panic!("trame-format reads the {} document: {e}", F::NAME));
    black_box(v);
}

/// Every event of `input` read and discarded; how many there were.
pub fn events<F: Format>(input: &[u8]) -> usize {
    let mut p = F::parser(input);
    let mut n = 0;
    while let Some(e) = p.next_event().expect("the document parses") {
        black_box(e);
        n += 1;
    }
    n
}

/// A measured document: the format's own writing of a corpus value.
pub struct Doc {
    /// `format/corpus`.
    pub name: String,
    /// The document.
    pub bytes: Vec<u8>,
    /// Whether `FormatDeserializer` reads it (its time is an error's
    /// otherwise).
    pub theirs_ok: bool,
}

/// The document of corpus `name` (read from JSON as `T`) in format `F`,
/// if `F`'s serializer writes one that trame-format reads back.
pub fn doc<F: Format, T>(name: &str, json: &str) -> Result<Doc, String>
where
    T: for<'de> Facet<'de>,
{
    let bytes = if F::NAME == "json" {
        json.as_bytes().to_vec()
    } else {
        let value: T = trame_json::from_str(json).map_err(|e| e.to_string())?;
        F::write(&value)?
    };
    checked::<F, T>(name, bytes)
}

/// The document of `value` in format `F`, written by `F`'s serializer.
pub fn doc_of<F: Format, T>(name: &str, value: &T) -> Result<Doc, String>
where
    T: for<'de> Facet<'de>,
{
    checked::<F, T>(name, F::write(value)?)
}

fn checked<F: Format, T>(name: &str, bytes: Vec<u8>) -> Result<Doc, String>
where
    T: for<'de> Facet<'de>,
{
    trame_format::from_parser::<T, _>(F::parser(&bytes)).map_err(|e| e.to_string())?;
    Ok(Doc {
        name: format!("{}/{name}", F::NAME),
        theirs_ok: F::theirs::<T>(&bytes),
        bytes,
    })
}

/// Two lines for one document: trame-format against `FormatDeserializer`
/// (goal: no slower), and the parser alone against trame-format (what
/// building adds; goal: reading events is the smaller part).
fn lines<F: Format, T: for<'de> Facet<'de>>(budget: Budget, d: &Doc) -> Vec<Line> {
    let input = &d.bytes[..];
    let trame = || {
        for _ in 0..PARSES {
            ours::<F, T>(input);
        }
    };
    let theirs = || {
        for _ in 0..PARSES {
            F::theirs::<T>(input);
        }
    };
    let parser = || {
        for _ in 0..PARSES {
            black_box(events::<F>(input));
        }
    };
    let (t1, f) = interleaved(budget.rounds, trame, theirs);
    let (p, t2) = interleaved(budget.rounds, parser, trame);
    let per = |t: f64| t / PARSES as f64;
    vec![
        Line {
            name: format!("format/{}", d.name),
            a: ("trame-format".into(), per(t1)),
            b: Some((
                if d.theirs_ok {
                    "FormatDeserializer".into()
                } else {
                    "FormatDeserializer(error)".into()
                },
                per(f),
            )),
            goal: Goal::MaxRatio(1.0),
        },
        Line {
            name: format!("format/{}_parser", d.name),
            a: ("parser-alone".into(), per(p)),
            b: Some(("trame-format".into(), per(t2))),
            goal: Goal::MaxRatio(1.0),
        },
    ]
}

/// A generated configuration: nested tables, an array of tables, a map,
/// strings, integers, floats and booleans (the shape of a large TOML file).
#[derive(Facet, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct Config {
    pub title: String,
    pub owner: Owner,
    pub features: BTreeMap<String, bool>,
    pub servers: Vec<Server>,
}

/// [`Config`]'s owner table.
#[derive(Facet, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct Owner {
    pub name: String,
    pub email: String,
}

/// One of [`Config`]'s servers (an array of tables).
#[derive(Facet, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct Server {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub weight: f64,
    pub enabled: bool,
    pub tags: Vec<String>,
    pub max_connections: u32,
    pub timeout_ms: u64,
}

/// A [`Config`] of `n` servers, the same every time.
pub fn config(n: usize) -> Config {
    Config {
        title: "generated".into(),
        owner: Owner {
            name: "Ada".into(),
            email: "ada@example.com".into(),
        },
        features: (0..50)
            .map(|i| (format!("feature_{i}"), i % 3 == 0))
            .collect(),
        servers: (0..n)
            .map(|i| Server {
                name: format!("server-{i}"),
                host: format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256),
                port: 1024 + (i % 50_000) as u16,
                weight: i as f64 / 7.0,
                enabled: i % 2 == 0,
                tags: (0..i % 4).map(|t| format!("tag{t}")).collect(),
                max_connections: 100 * (i as u32 % 17),
                timeout_ms: 250 * (i as u64 % 13),
            })
            .collect(),
    }
}

/// `config` as a TOML document, written here: facet-toml's serializer
/// writes its servers as inline tables without commas, which its parser
/// refuses.
pub fn config_toml(config: &Config) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "title = {:?}\n\n[owner]", config.title);
    let _ = writeln!(
        s,
        "name = {:?}\nemail = {:?}\n\n[features]",
        config.owner.name, config.owner.email
    );
    for (k, v) in &config.features {
        let _ = writeln!(s, "{k} = {v}");
    }
    for sv in &config.servers {
        let _ = writeln!(
            s,
            "\n[[servers]]\nname = {:?}\nhost = {:?}",
            sv.name, sv.host
        );
        let _ = writeln!(
            s,
            "port = {}\nweight = {:?}\nenabled = {}",
            sv.port, sv.weight, sv.enabled
        );
        let _ = writeln!(s, "tags = {:?}", sv.tags);
        let _ = writeln!(
            s,
            "max_connections = {}\ntimeout_ms = {}",
            sv.max_connections, sv.timeout_ms
        );
    }
    s
}

/// The generated configuration in format `F`: written by `F`'s serializer,
/// or (TOML) by [`config_toml`].
pub fn config_doc<F: Format>(config: &Config) -> Result<Doc, String> {
    if F::NAME == "toml" {
        return checked::<F, Config>("config", config_toml(config).into_bytes());
    }
    doc_of::<F, Config>("config", config)
}

/// Servers in the generated configuration.
pub const SERVERS: usize = 5_000;

fn config_lines<F: Format>(budget: Budget, value: &Config) -> Vec<Line> {
    match config_doc::<F>(value) {
        Ok(d) => lines::<F, Config>(budget, &d),
        Err(e) => {
            eprintln!("format/{}/config: skipped ({e})", F::NAME);
            Vec::new()
        }
    }
}

fn corpus_lines<F: Format, T: for<'de> Facet<'de>>(
    budget: Budget,
    name: &str,
    json: &str,
) -> Vec<Line> {
    match doc::<F, T>(name, json) {
        Ok(d) => lines::<F, T>(budget, &d),
        Err(e) => {
            eprintln!("format/{}/{name}: skipped ({e})", F::NAME);
            Vec::new()
        }
    }
}

/// Every trame-format line.
pub fn all(budget: Budget) -> Vec<Line> {
    let citm = corpus::corpus("citm_catalog.json");
    let twitter = corpus::corpus("twitter.json");
    let canada = corpus::corpus("canada.json");
    let mut out = corpus_lines::<Json, CitmCatalog>(budget, "citm_catalog", &citm);
    out.extend(corpus_lines::<Json, Twitter>(budget, "twitter", &twitter));
    out.extend(corpus_lines::<Json, Canada>(budget, "canada", &canada));
    out.extend(corpus_lines::<Yaml, CitmCatalog>(
        budget,
        "citm_catalog",
        &citm,
    ));
    out.extend(corpus_lines::<Yaml, Twitter>(budget, "twitter", &twitter));
    let config = config(SERVERS);
    out.extend(config_lines::<Toml>(budget, &config));
    out.extend(config_lines::<Yaml>(budget, &config));
    out.extend(corpus_lines::<MsgPack, CitmCatalog>(
        budget,
        "citm_catalog",
        &citm,
    ));
    out.extend(corpus_lines::<MsgPack, Twitter>(
        budget, "twitter", &twitter,
    ));
    out
}
