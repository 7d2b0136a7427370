//! Nested untagged enums cost work linear in the input: each (position,
//! enum) is checked once, however many variants around it look at it
//! (without that, `[[[…]]]` 40 deep takes 2^40 dry walks and these tests
//! never finish).

mod common;

use facet::Facet;

use common::{Format, Json, MsgPack, Toml, Yaml, ours_reject, same};

#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(untagged)]
#[repr(u8)]
enum U {
    L(Vec<U>),
    S(String),
}

#[derive(Facet, Debug, PartialEq)]
struct Doc {
    v: U,
}

fn nested(depth: usize, leaf: &str) -> String {
    format!("{}{leaf}{}", "[".repeat(depth), "]".repeat(depth))
}

fn value(depth: usize) -> U {
    let mut u = U::S("x".into());
    for _ in 0..depth {
        u = U::L(vec![u]);
    }
    u
}

#[test]
fn deeply_nested_untagged_values_are_linear() {
    // Shallow: the same value as FormatDeserializer (whose own look-ahead
    // overflows the stack deeper down).
    let input = nested(5, "\"x\"");
    assert_eq!(same::<Json, U>(input.as_bytes()), value(5));
    assert_eq!(same::<Yaml, U>(input.as_bytes()), value(5));
    for depth in [26, 40] {
        let input = nested(depth, "\"x\"");
        assert_eq!(Json::ours::<U>(input.as_bytes()).unwrap(), value(depth));
        assert_eq!(Yaml::ours::<U>(input.as_bytes()).unwrap(), value(depth));
        let bytes = MsgPack::write(&value(depth));
        assert_eq!(MsgPack::ours::<U>(&bytes).unwrap(), value(depth));
        // TOML has no bare root value: a key holds it.
        let toml = format!("v = {input}\n");
        assert_eq!(Toml::ours::<Doc>(toml.as_bytes()).unwrap().v, value(depth));
    }
    // Wide too: many siblings at every level.
    let wide = format!("[{}]", vec![nested(30, "\"x\""); 20].join(", "));
    let U::L(items) = Json::ours::<U>(wide.as_bytes()).unwrap() else {
        panic!("a list");
    };
    assert_eq!(items, vec![value(30); 20]);
}

#[test]
fn deeply_nested_mismatches_and_the_depth_limit_stay_errors() {
    // A leaf no variant takes: no variant matches, at every level.
    let msg = ours_reject::<Json, U>(nested(40, "true").as_bytes());
    assert!(msg.contains("did not match any variant"), "{msg}");
    // Deeper than the limit: the depth error, not a mismatch.
    let msg = ours_reject::<Json, U>(nested(100, "\"x\"").as_bytes());
    assert!(msg.contains("recursion limit"), "{msg}");
    let msg = ours_reject::<Yaml, U>(nested(100, "x").as_bytes());
    assert!(msg.contains("recursion limit"), "{msg}");
}
