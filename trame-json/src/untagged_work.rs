//! The look-ahead of untagged enums costs work linear in the input: values
//! walked (building and dry) are counted, and doubling the input at most
//! about doubles the count, however the untagged values nest.

use facet::Facet;

use crate::tokens::JsonTokens;
use crate::{ErrorKind, MAX_DEPTH, Result};

/// Parses `input` as a `T`, and counts the values walked.
fn counted<'de, T: Facet<'de>>(input: &'de str) -> (Result<T>, u64) {
    trame_walk::from_tokens_counted(JsonTokens::new(input))
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum U {
    L(Vec<U>),
    S(String),
}

/// Two variants that fail deep inside the same input, then a third.
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum U3 {
    A(Vec<U3>),
    B(Vec<U3>),
    S(String),
}

/// Variants that differ only after a deep value: `A` fits the nested value
/// and then fails at its second element, `B` looks at the same nested value
/// again.
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum T {
    A(Box<T>, bool),
    B(Box<T>, u8),
    S(String),
}

fn nested(n: usize, leaf: &str) -> String {
    "[".repeat(n) + leaf + &"]".repeat(n)
}

/// `count(2k) <= 2.2 * count(k)` (and the counts are not trivial); a
/// smaller `k` under Miri, which is slow.
fn linear(k: u64, count: impl Fn(usize) -> u64) {
    let k = if cfg!(miri) { k.div_ceil(10).min(4) } else { k };
    let (a, b) = (count(k as usize), count(2 * k as usize));
    assert!(a >= k, "{a} steps for {k}");
    assert!(b * 10 <= a * 22, "{a} steps for {k}, {b} for {}", 2 * k);
}

// t[verify json.bounds.untagged-once]
#[test]
fn nested_untagged_look_ahead_is_linear() {
    linear(30, |n| {
        let json = nested(n, "");
        let (r, steps) = counted::<U>(&json);
        r.unwrap();
        steps
    });
}

// t[verify json.bounds.untagged-once]
#[test]
fn variants_failing_deep_inside_are_checked_once() {
    // Innermost `1` fits no variant: every level fails A, then B, then S.
    linear(30, |n| {
        let json = nested(n, "1");
        let (r, steps) = counted::<U3>(&json);
        let e = r.unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::NoVariantMatched { shape: "U3".into() }
        );
        steps
    });
}

// t[verify json.bounds.untagged-once]
#[test]
fn variants_differing_after_a_deep_value_share_its_check() {
    // `[[["x", 1], 1], 1]`: A fits the nested value, fails at `1`; B reuses it.
    let json = |n: usize| "[".repeat(n) + "\"x\"" + &", 1]".repeat(n);
    linear(20, |n| {
        let json = json(n);
        let (r, steps) = counted::<T>(&json);
        let mut want = T::S("x".into());
        for _ in 0..n {
            want = T::B(Box::new(want), 1);
        }
        assert_eq!(r.unwrap(), want);
        steps
    });
}

// t[verify json.bounds.untagged-once]
#[test]
fn many_untagged_siblings_are_linear() {
    let json = |n: usize| format!("[{}]", vec![r#"[[[["x"]]]]"#; n].join(","));
    linear(1000, |n| {
        let json = json(n);
        let (r, steps) = counted::<U>(&json);
        let U::L(items) = r.unwrap() else {
            panic!("a list")
        };
        assert_eq!(items.len(), n);
        steps
    });
}

// t[verify json.bounds.depth]
#[test]
fn the_depth_limit_bounds_untagged_nesting() {
    // Each level is the enum and its list: 64 levels fit, 65 do not.
    let fits = MAX_DEPTH as usize / 2;
    let json = nested(fits, "");
    let (r, _) = counted::<U>(&json);
    r.unwrap();
    let json = nested(fits + 1, "");
    let (r, steps) = counted::<U>(&json);
    assert_eq!(r.unwrap_err().kind(), &ErrorKind::RecursionLimit);
    assert!(steps < 4 * MAX_DEPTH as u64, "{steps}");
}
