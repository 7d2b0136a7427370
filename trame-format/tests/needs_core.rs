//! facet features the trame core does not build yet. Each is refused with
//! an error that says so (checked here, running), and has an ignored test
//! of what should work once the core supports it.

mod common;

use std::path::PathBuf;

use facet::Facet;

use common::{Format, Json, ours, ours_reject};

#[derive(Facet, Debug, PartialEq)]
struct WithPath {
    path: PathBuf,
}

#[derive(Facet, Debug, PartialEq)]
struct WithValue {
    v: facet_value::Value,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(invariants = positive)]
struct Positive {
    n: i32,
}

fn positive(p: &Positive) -> bool {
    p.n > 0
}

#[test]
fn refused_with_a_reason() {
    let msg = ours_reject::<Json, WithPath>(br#"{"path": "/tmp"}"#);
    assert!(
        msg.contains("needs core support for parse hooks") && msg.contains("$.path"),
        "{msg}"
    );
    let msg = ours_reject::<Json, WithValue>(br#"{"v": [1, {"a": null}]}"#);
    assert!(
        msg.contains("needs core support for dynamic values"),
        "{msg}"
    );
    let msg = ours_reject::<Json, Positive>(br#"{"n": 1}"#);
    assert!(
        msg.contains("needs core support for checking them"),
        "{msg}"
    );
}

#[test]
#[ignore = "needs core support for parse hooks (a scalar made from text by the shape's parse)"]
fn parse_hook() {
    ours::<Json, _>(
        br#"{"path": "/tmp"}"#,
        WithPath {
            path: "/tmp".into(),
        },
    );
}

#[test]
#[ignore = "needs core support for dynamic values (facet_value::Value)"]
fn dynamic_value() {
    let input = br#"{"v": [1, {"a": null}]}"#;
    let ours = Json::ours::<WithValue>(input).unwrap();
    assert_eq!(ours, Json::theirs::<WithValue>(input).unwrap());
}

#[test]
#[ignore = "needs core support for invariants (checked when a node is validated)"]
fn invariants() {
    ours::<Json, _>(br#"{"n": 1}"#, Positive { n: 1 });
    ours_reject::<Json, Positive>(br#"{"n": -1}"#);
}
