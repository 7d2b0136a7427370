//! Nested values in strict mode: staging, `End` that validates and folds,
//! and deep mixes of structs, tuples and arrays.

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Outer, Pair, fails, finish, ok};

/// Structs, tuples and arrays nested three levels deep.
#[derive(Facet, Debug, PartialEq)]
struct Deep {
    outer: Outer,
    pairs: [Pair; 2],
    tagged: (Pair, u8),
    name: String,
}

fn expected_deep() -> Deep {
    Deep {
        outer: Outer {
            inner: Pair { a: 1, b: 2 },
            c: 3,
        },
        pairs: [Pair { a: 4, b: 5 }, Pair { a: 6, b: 7 }],
        tagged: (Pair { a: 8, b: 9 }, 10),
        name: "deep".into(),
    }
}

// t[verify state.machine.strict-end]
#[test]
fn outer_strict_success() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(1).imm(9u32));
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 9
        }
    );
}

// t[verify state.machine.strict-end]
// t[verify state.machine.poison-cleanup]
#[test]
fn outer_strict_end_on_incomplete_child() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$.inner".into(),
            shape: "Pair".into(),
            missing: vec!["b".into()],
            all: vec!["$.inner.b".into()],
        }
    );
    assert_eq!(err.to_string(), "missing field b in Pair at $.inner");
    assert!(t.is_poisoned());
    assert!(matches!(
        t.apply(Op::set().at(1).imm(9u32)),
        Err(TrameError::Poisoned)
    ));
    assert!(matches!(t.build(), Err(TrameError::Poisoned)));
}

// t[verify state.machine.strict-end]
#[test]
fn strict_end_lists_every_missing_field() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    let err = fails(&mut t, Op::end());
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$.inner".into(),
            shape: "Pair".into(),
            missing: vec!["a".into(), "b".into()],
            all: vec!["$.inner.a".into(), "$.inner.b".into()],
        }
    );
    assert_eq!(err.to_string(), "missing fields a, b in Pair at $.inner");
}

#[test]
fn staged_child_may_be_written_whole_and_ended() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().imm(Pair { a: 5, b: 6 }));
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).default());
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 5, b: 6 },
            c: 0
        }
    );
}

#[test]
fn staged_scalar_field() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().imm(11u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(12u32));
    assert_eq!(finish::<Pair>(t), Pair { a: 11, b: 12 });
}

// t[verify state.machine.strict-end]
#[test]
fn staged_scalar_left_empty_fails_end() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().at(1).stage());
    let err = fails(&mut t, Op::end());
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$.b".into(),
            shape: "u32".into(),
            missing: vec![],
            all: vec!["$.b".into()],
        }
    );
    assert_eq!(err.to_string(), "missing value of u32 at $.b");
}

#[test]
fn deep_built_with_staging_only() {
    let mut t = Trame::new::<Deep>();
    ok(&mut t, Op::set().at(0).stage()); // outer
    ok(&mut t, Op::set().at(0).stage()); // outer.inner
    assert_eq!(t.depth(), 2);
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(3u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).stage()); // pairs
    for (i, (a, b)) in [(4u32, 5u32), (6, 7)].into_iter().enumerate() {
        ok(&mut t, Op::set().at(i as u32).stage());
        ok(&mut t, Op::set().at(0).imm(a));
        ok(&mut t, Op::set().at(1).imm(b));
        ok(&mut t, Op::end());
    }
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(2).stage()); // tagged
    ok(&mut t, Op::set().at(1).imm(10u8));
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(8u32));
    ok(&mut t, Op::set().at(1).imm(9u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(3).imm(String::from("deep")));
    assert_eq!(t.depth(), 0);
    assert_eq!(finish::<Deep>(t), expected_deep());
}

#[test]
fn deep_built_with_paths_and_build_from_depth() {
    let mut t = Trame::new::<Deep>();
    ok(&mut t, Op::set().at(3).imm(String::from("deep")));
    ok(&mut t, Op::set().at(2).at(0).at(0).imm(8u32));
    assert_eq!(t.depth(), 2); // on `tagged.0`
    ok(&mut t, Op::set().at(1).imm(9u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(10u8));
    ok(
        &mut t,
        Op::set()
            .root()
            .at(1)
            .imm([Pair { a: 4, b: 5 }, Pair { a: 6, b: 7 }]),
    );
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(2u32));
    ok(&mut t, Op::set().at(0).imm(1u32));
    assert_eq!(t.depth(), 2); // on `outer.inner`
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(3u32));
    assert_eq!(t.depth(), 1);
    assert_eq!(finish::<Deep>(t), expected_deep());
}

#[test]
fn deep_error_paths_name_every_level() {
    let mut t = Trame::new::<Deep>();
    let err = fails(&mut t, Op::set().at(2).at(0).at(1).imm(1u8));
    assert_eq!(err.to_string(), "expected u32, found u8 at $.tagged.0.b");

    let mut t = Trame::new::<Deep>();
    let err = fails(&mut t, Op::set().at(1).at(1).at(2).imm(1u32));
    assert_eq!(
        err.to_string(),
        "field index 2 out of range for Pair (2 fields) at $.pairs[1]"
    );

    let mut t = Trame::new::<Deep>();
    ok(&mut t, Op::set().at(1).at(0).at(0).imm(1u32));
    let err = fails(&mut t, Op::set().root().stage());
    assert_eq!(err.to_string(), "missing field b in Pair at $.pairs[0]");
}

#[test]
fn build_fails_at_the_deepest_incomplete_node() {
    let mut t = Trame::new::<Deep>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32));
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field b in Pair at $.outer.inner");
}

#[test]
fn build_validates_root_after_climbing() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).imm(Pair { a: 1, b: 2 }));
    let err = t.build().unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$".into(),
            shape: "Outer".into(),
            missing: vec!["c".into()],
            all: vec!["$.c".into()],
        }
    );
}
