//! Bounds on work and depth: whatever the type and the input, parsing ends
//! with a value or an error, never a stack overflow, and looking ahead for
//! untagged enums costs work linear in the input (see also the counted
//! tests in `src/de/tests.rs`).

use std::collections::HashMap;

use facet::Facet;
use trame_json::{ErrorKind, MAX_DEPTH, from_str};

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum U {
    L(Vec<U>),
    S(String),
}

#[derive(Facet, Debug, PartialEq)]
struct R(Option<Box<R>>);

#[derive(Facet, Debug, PartialEq)]
struct B(Box<B>);

/// A list through an option and a box: three levels for each array.
#[derive(Facet, Debug, PartialEq)]
struct L(Option<Box<L>>, u32);

#[derive(Facet, Debug, PartialEq)]
struct Tree {
    children: Vec<Tree>,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum External {
    N(Vec<External>),
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(tag = "t", content = "c")]
enum Adjacent {
    N(Vec<Adjacent>),
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(tag = "t")]
enum Internal {
    N { c: Vec<Internal> },
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum UntaggedStruct {
    S { c: Vec<UntaggedStruct> },
    N(u8),
}

#[derive(Facet, Debug, PartialEq)]
struct M(HashMap<String, M>);

fn nested(n: usize, leaf: &str) -> String {
    "[".repeat(n) + leaf + &"]".repeat(n)
}

fn depth_error(path: &str, column: usize) -> String {
    format!("recursion limit exceeded at ${path} (line 1, column {column})")
}

fn u_nested(n: usize) -> U {
    let mut u = U::L(vec![]);
    for _ in 1..n {
        u = U::L(vec![u]);
    }
    u
}

// t[verify json.bounds.depth]
#[test]
fn deeply_nested_untagged_values_are_a_depth_error() {
    // Each level is the enum and its list: the 65th `[` is one too many.
    // (This took time exponential in the nesting: 11 s for 26 levels.)
    let json = nested(10_000, "");
    let err = from_str::<U>(&json).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::RecursionLimit);
    assert_eq!(err.to_string(), depth_error(&"[0]".repeat(64), 65));
}

// t[verify json.bounds.depth]
#[test]
fn untagged_values_nest_up_to_the_limit() {
    let fits = MAX_DEPTH as usize / 2;
    assert_eq!(from_str::<U>(&nested(fits, "")).unwrap(), u_nested(fits));
    let err = from_str::<U>(&nested(fits + 1, "")).unwrap_err();
    assert_eq!(err.to_string(), depth_error(&"[0]".repeat(64), 65));
    // A string inside: the deepest list holds one more value.
    let json = nested(fits - 1, r#""x""#);
    let mut want = U::L(vec![U::S("x".into())]);
    for _ in 2..fits {
        want = U::L(vec![want]);
    }
    assert_eq!(from_str::<U>(&json).unwrap(), want);
}

// t[verify json.bounds.untagged-once]
#[test]
fn many_untagged_siblings_each_looked_ahead() {
    let n = if cfg!(miri) { 10 } else { 10_000 };
    let json = format!("[{}]", vec![r#"[[[["x"]]]]"#; n].join(","));
    let mut one = U::S("x".into());
    for _ in 0..4 {
        one = U::L(vec![one]);
    }
    let U::L(items) = from_str::<U>(&json).unwrap() else {
        panic!("a list")
    };
    assert_eq!(items.len(), n);
    assert!(items.iter().all(|u| *u == one));
}

// t[verify json.bounds.depth]
#[test]
fn recursion_without_input_is_a_depth_error() {
    // `R` and `B` descend without reading a byte: one byte of input used
    // to overflow the stack.
    assert_eq!(
        from_str::<R>("1").unwrap_err().to_string(),
        depth_error("", 1)
    );
    assert_eq!(
        from_str::<B>("0").unwrap_err().to_string(),
        depth_error("", 1)
    );
    assert_eq!(
        from_str::<R>("  [1]").unwrap_err().to_string(),
        depth_error("", 3)
    );
    assert_eq!(from_str::<R>("null").unwrap(), R(None));
}

fn l_nested(n: usize) -> (String, L) {
    let json = "[".repeat(n) + "null" + &",7]".repeat(n);
    let mut l = L(None, 7);
    for _ in 1..n {
        l = L(Some(Box::new(l)), 7);
    }
    (json, l)
}

// t[verify json.bounds.depth]
#[test]
fn options_and_boxes_count_toward_the_depth() {
    // `L`, its option and its box: three levels for each array; the
    // innermost `L` and its `None` take two.
    let fits = (MAX_DEPTH as usize - 2) / 3 + 1;
    let (json, want) = l_nested(fits);
    assert_eq!(from_str::<L>(&json).unwrap(), want);
    let (json, _) = l_nested(fits + 1);
    assert_eq!(
        from_str::<L>(&json).unwrap_err().to_string(),
        depth_error(&"[0]".repeat(fits), fits + 1)
    );
}

/// Parses every type at the deepest nesting the limit allows, on a thread
/// with a 2 MiB stack (the test harness's default), in a debug build too.
/// (Not under Miri, which has no native stack to overflow.)
// t[verify json.bounds.depth]
#[test]
#[cfg_attr(miri, ignore)]
fn the_deepest_legal_input_fits_a_small_stack() {
    let levels = MAX_DEPTH as usize / 2;
    let run = move || {
        let tree =
            r#"{"children":["#.repeat(levels - 1) + r#"{"children":[]}"# + &"]}".repeat(levels - 1);
        from_str::<Tree>(&tree).unwrap();
        from_str::<U>(&nested(levels, "")).unwrap();
        let external = r#"{"N":["#.repeat(levels) + &"]}".repeat(levels);
        from_str::<External>(&external).unwrap();
        let adjacent = r#"{"t":"N","c":["#.repeat(levels) + &"]}".repeat(levels);
        from_str::<Adjacent>(&adjacent).unwrap();
        let internal = r#"{"t":"N","c":["#.repeat(levels) + &"]}".repeat(levels);
        from_str::<Internal>(&internal).unwrap();
        let untagged = r#"{"c":["#.repeat(levels) + &"]}".repeat(levels);
        from_str::<UntaggedStruct>(&untagged).unwrap();
        let map = r#"{"k":"#.repeat(levels - 1) + "{}" + &"}".repeat(levels - 1);
        from_str::<M>(&map).unwrap();
        let (json, _) = l_nested((MAX_DEPTH as usize - 2) / 3 + 1);
        from_str::<L>(&json).unwrap();
        // One level more: an error for each.
        let too_deep = r#"{"children":["#.repeat(levels + 1) + &"]}".repeat(levels + 1);
        assert!(from_str::<Tree>(&too_deep).is_err());
        let untagged = r#"{"c":["#.repeat(levels + 1) + &"]}".repeat(levels + 1);
        assert_eq!(
            from_str::<UntaggedStruct>(&untagged).unwrap_err().kind(),
            &ErrorKind::RecursionLimit
        );
    };
    // Measured: a debug build needs between 384 and 512 KiB for all of
    // these.
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

/// A type whose length the input never pays for: `[(); 1 << 40]` from `[]`
/// is an error, with no allocation proportional to the declared length (it
/// used to abort allocating 128 GiB of bits for the slots).
#[test]
fn a_huge_array_type_from_a_short_input_is_an_error() {
    for (json, column) in [("[]", 3), ("[null, null]", 13)] {
        let err = from_str::<[(); 1 << 40]>(json).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "expected an array of 1099511627776 elements for [(); 1099511627776] at $ \
                 (line 1, column {column})"
            )
        );
    }
}
