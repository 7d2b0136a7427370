//! Metadata containers (`#[facet(metadata_container)]`): read as their
//! value field, as facet's serializers write them, with a `span` metadata
//! field holding where the value is in the input, and other metadata kinds
//! (`doc`, which no parser here gives) their default.

mod common;

use facet::Facet;
use facet_reflect::Span;

use common::{Format, Json, MsgPack, Postcard, Toml, Yaml, both, ours};

#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(metadata_container)]
struct Spanned<T> {
    value: T,
    #[facet(metadata = "span")]
    span: Option<Span>,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(metadata_container)]
struct Documented<T> {
    value: T,
    #[facet(metadata = "doc")]
    doc: Option<Vec<String>>,
}

#[derive(Facet, Debug, PartialEq)]
struct Config {
    name: Spanned<String>,
    port: Spanned<u16>,
    tags: Vec<Spanned<u32>>,
    note: Documented<String>,
}

fn at<T>(value: T, offset: u32, len: u32) -> Spanned<T> {
    Spanned {
        value,
        span: Some(Span { offset, len }),
    }
}

fn doc(s: &str) -> Documented<String> {
    Documented {
        value: s.into(),
        doc: None,
    }
}

/// The span is the value's text: a string with its quotes, a number's
/// digits; both readers agree (and trame-json, through `both`).
// t[verify walk.metadata]
#[test]
fn json_spans() {
    let input = br#"{"name": "web", "port": 8080, "tags": [1, 22], "note": "n"}"#;
    both::<Json, _>(
        input,
        Config {
            name: at("web".into(), 9, 5),
            port: at(8080, 24, 4),
            tags: vec![at(1, 39, 1), at(22, 42, 2)],
            note: doc("n"),
        },
    );
    both::<Json, _>(b"  7", at(7u8, 2, 1));
}

/// A container's span is the whole container (FormatDeserializer gives
/// the span of its last event, the closing bracket).
#[test]
fn json_span_of_a_container() {
    ours::<Json, _>(br#"{"a": [1, 2]}"#, {
        #[derive(Facet, Debug, PartialEq)]
        struct A {
            a: Spanned<Vec<u8>>,
        }
        A {
            a: at(vec![1, 2], 6, 6),
        }
    });
}

/// The value round-trips in every format (the serializers write the value
/// alone), and the metadata is filled in.
#[test]
fn every_format_reads_the_value() {
    fn check<F: Format>() {
        let bytes = F::write(&Config {
            name: at("web".into(), 0, 0),
            port: at(8080, 0, 0),
            tags: vec![at(1, 0, 0)],
            note: doc("n"),
        });
        let c: Config = F::ours(&bytes).unwrap_or_else(|e| panic!("{}: {e}", F::NAME));
        assert_eq!(c.name.value, "web", "{}", F::NAME);
        assert_eq!(c.port.value, 8080, "{}", F::NAME);
        assert_eq!(c.tags.len(), 1, "{}", F::NAME);
        assert_eq!(c.tags[0].value, 1, "{}", F::NAME);
        assert!(c.name.span.is_some(), "{}", F::NAME);
        assert_eq!(c.note, doc("n"), "{}", F::NAME);
    }
    check::<Json>();
    check::<Yaml>();
    check::<Toml>();
    check::<MsgPack>();
    check::<Postcard>();
}

/// TOML and YAML give spans too; both readers agree.
#[test]
fn toml_and_yaml_spans() {
    let config = |spans: [(u32, u32); 4]| Config {
        name: at("web".into(), spans[0].0, spans[0].1),
        port: at(8080, spans[1].0, spans[1].1),
        tags: vec![
            at(1, spans[2].0, spans[2].1),
            at(22, spans[3].0, spans[3].1),
        ],
        note: doc("x"),
    };
    both::<Toml, _>(
        b"name = \"web\"\nport = 8080\ntags = [1, 22]\nnote = \"x\"\n",
        config([(7, 5), (20, 4), (33, 1), (36, 2)]),
    );
    let yaml: Config = common::same::<Yaml, _>(b"name: web\nport: 8080\ntags: [1, 22]\nnote: x\n");
    assert_eq!(yaml.name.value, "web");
    assert_eq!(yaml.name.span, Some(Span { offset: 6, len: 3 }));
}
