//! Every error kind reachable in this version: its variant, its fields, its
//! message, and the poisoning that follows.

use std::collections::{BTreeSet, HashMap};

use trame::{Facet, Op, OpBatch, Trame, TrameError};

use crate::support::{NoDefault, Outer, Pair, fails, finish, ok};

/// A struct with fields that cannot be staged in this version.
#[derive(Facet, Debug, PartialEq)]
struct Mixed {
    maybe: Option<Pair>,
    list: Vec<u32>,
    boxed: Box<Pair>,
    map: HashMap<String, u32>,
    set: BTreeSet<u8>,
    pair: Pair,
}

// t[verify state.machine.strict-end]
#[test]
fn incomplete_at_strict_end() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(1).imm(2u32));
    let err = fails(&mut t, Op::end());
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$.inner".into(),
            shape: "Pair".into(),
            missing: vec!["a".into()],
            all: vec!["$.inner.a".into()],
        }
    );
    assert_eq!(err.to_string(), "missing field a in Pair at $.inner");
}

// t[verify state.machine.build-finalization]
#[test]
fn incomplete_at_build_lists_all_missing_fields() {
    let t = Trame::new::<Pair>();
    let err = t.build().unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$".into(),
            shape: "Pair".into(),
            missing: vec!["a".into(), "b".into()],
            all: vec!["$.a".into(), "$.b".into()],
        }
    );
    assert_eq!(err.to_string(), "missing fields a, b in Pair at $");

    let t = Trame::new::<Mixed>();
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing fields list, boxed, map, set, pair in Mixed at $"
    );
}

#[test]
fn shape_mismatch_names_both_shapes() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    let err = fails(&mut t, Op::set().at(0).imm(String::from("x")));
    assert_eq!(
        err,
        TrameError::ShapeMismatch {
            path: "$.inner.a".into(),
            expected: "u32".into(),
            found: "String".into(),
        }
    );
    assert_eq!(err.to_string(), "expected u32, found String at $.inner.a");

    let mut t = Trame::new::<Outer>();
    let err = fails(&mut t, Op::set().at(0).imm(Outer::default()));
    assert_eq!(err.to_string(), "expected Pair, found Outer at $.inner");

    // Same layout, different type: still a mismatch.
    let mut t = Trame::new::<Pair>();
    let err = fails(&mut t, Op::set().at(0).imm(1i32));
    assert_eq!(err.to_string(), "expected u32, found i32 at $.a");
}

#[test]
fn field_out_of_range() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    let err = fails(&mut t, Op::set().at(5).imm(1u32));
    assert_eq!(
        err,
        TrameError::FieldOutOfRange {
            path: "$.inner".into(),
            shape: "Pair".into(),
            index: 5,
            count: 2,
        }
    );
    assert_eq!(
        err.to_string(),
        "field index 5 out of range for Pair (2 fields) at $.inner"
    );

    let mut t = Trame::new::<Outer>();
    let err = fails(&mut t, Op::set().at(2).stage());
    assert_eq!(
        err.to_string(),
        "field index 2 out of range for Outer (2 fields) at $"
    );

    let mut t = Trame::new::<(u8, u8)>();
    let err = fails(&mut t, Op::set().at(u32::MAX).default());
    assert!(matches!(
        err,
        TrameError::FieldOutOfRange {
            index: u32::MAX,
            count: 2,
            ..
        }
    ));
}

#[test]
fn not_a_container() {
    let mut t = Trame::new::<Outer>();
    let err = fails(&mut t, Op::set().append().stage());
    assert_eq!(
        err,
        TrameError::NotAContainer {
            path: "$".into(),
            shape: "Outer".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot Append to Outer: not a list, set or map, at $"
    );

    let mut t = Trame::new::<Outer>();
    let err = fails(&mut t, Op::set().at(0).append().imm(1u32));
    assert_eq!(
        err,
        TrameError::NotAContainer {
            path: "$.inner".into(),
            shape: "Pair".into()
        }
    );

    let mut t = Trame::new::<u32>();
    let err = fails(&mut t, Op::set().append().default());
    assert!(matches!(err, TrameError::NotAContainer { .. }));

    let mut t = Trame::new::<Option<u32>>();
    let err = fails(&mut t, Op::set().append().stage());
    assert!(matches!(err, TrameError::NotAContainer { .. }));
}

// t[verify state.machine.container-append-stage-only]
#[test]
fn append_requires_stage() {
    let mut t = Trame::new::<Vec<u32>>();
    let err = fails(&mut t, Op::set().append().imm(1u32));
    assert_eq!(
        err,
        TrameError::AppendRequiresStage {
            path: "$".into(),
            shape: "Vec<u32>".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "Append into Vec<u32> accepts only Stage, not Imm or Default, at $"
    );

    let mut t = Trame::new::<Vec<u32>>();
    let err = fails(&mut t, Op::set().append().default());
    assert!(matches!(err, TrameError::AppendRequiresStage { .. }));

    let mut t = Trame::new::<HashMap<String, u32>>();
    ok(&mut t, Op::set().default());
    let err = fails(&mut t, Op::set().append().imm((String::from("k"), 1u32)));
    assert!(matches!(err, TrameError::AppendRequiresStage { .. }));

    let mut t = Trame::new::<BTreeSet<u8>>();
    let err = fails(&mut t, Op::set().append().default());
    assert!(matches!(err, TrameError::AppendRequiresStage { .. }));
}

#[test]
fn append_with_stage_stages_an_element() {
    let mut t = Trame::new::<Vec<u32>>();
    ok(&mut t, Op::set().append().stage());
    assert_eq!(t.depth(), 1);

    let mut t = Trame::new::<Vec<u32>>();
    ok(&mut t, Op::set().append().stage_with_capacity(8));
    assert_eq!(t.depth(), 1);
}

// t[verify api.path.root-first]
#[test]
fn root_not_first() {
    let mut t = Trame::new::<Outer>();
    let err = fails(&mut t, Op::set().at(0).root().at(1).imm(1u32));
    assert_eq!(err, TrameError::RootNotFirst { position: 1 });
    // Rejected before any effect: the cursor never moved into `inner`.
    assert_eq!(t.depth(), 0);
}

// t[verify api.end.root-is-error]
#[test]
fn end_at_root() {
    let mut t = Trame::new::<Outer>();
    let err = fails(&mut t, Op::end());
    assert_eq!(err, TrameError::EndAtRoot);
    assert_eq!(err.to_string(), "End with the cursor at the root");

    // Also when the root is complete.
    let mut t = Trame::new::<u32>();
    ok(&mut t, Op::set().imm(1u32));
    assert_eq!(fails(&mut t, Op::end()), TrameError::EndAtRoot);

    // And after climbing back to the root.
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).imm(Pair::default()));
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::end());
    assert_eq!(fails(&mut t, Op::end()), TrameError::EndAtRoot);
}

#[test]
fn no_default() {
    let mut t = Trame::new::<(NoDefault, u8)>();
    let err = fails(&mut t, Op::set().at(0).default());
    assert_eq!(
        err,
        TrameError::NoDefault {
            path: "$.0".into(),
            shape: "NoDefault".into()
        }
    );
    assert_eq!(err.to_string(), "NoDefault has no default value, at $.0");

    let mut t = Trame::new::<NoDefault>();
    let err = fails(&mut t, Op::set().default());
    assert!(matches!(err, TrameError::NoDefault { .. }));
}

#[test]
fn options_pointers_and_containers_stage() {
    for (field, shape) in [
        (0u32, "Option<Pair>"),
        (1, "Vec<u32>"),
        (2, "Box<Pair>"),
        (3, "HashMap<String, u32>"),
        (4, "BTreeSet<u8>"),
    ] {
        let mut t = Trame::new::<Mixed>();
        ok(&mut t, Op::set().at(field).stage());
        assert_eq!(
            t.cursor_shape().map(|s| s.to_string()).as_deref(),
            Some(shape)
        );
    }
    // A path into an option or a pointer reaches its payload.
    let mut t = Trame::new::<Mixed>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32));
    assert_eq!(t.depth(), 2);
    // An element index past the staged ones is out of range.
    let mut t = Trame::new::<Mixed>();
    let err = fails(&mut t, Op::set().at(1).at(0).imm(1u32));
    assert_eq!(
        err,
        TrameError::FieldOutOfRange {
            path: "$.list".into(),
            shape: "Vec<u32>".into(),
            index: 0,
            count: 0,
        }
    );
}

#[test]
fn option_and_pointer_roots() {
    let mut t = Trame::new::<Option<u32>>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    assert_eq!(finish::<Option<u32>>(t), Some(1));

    // Staged but never given a payload: the value is missing.
    let mut t = Trame::new::<Option<u32>>();
    ok(&mut t, Op::set().stage());
    assert!(matches!(t.build(), Err(TrameError::Incomplete { .. })));

    let mut t = Trame::new::<Box<u32>>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().imm(2u32));
    assert_eq!(*finish::<Box<u32>>(t), 2);

    // Whole values of those kinds are fine.
    let mut t = Trame::new::<Option<u32>>();
    ok(&mut t, Op::set().default());
    assert_eq!(finish::<Option<u32>>(t), None);
    let mut t = Trame::new::<Box<u32>>();
    ok(&mut t, Op::set().imm(Box::new(3u32)));
    assert_eq!(*finish::<Box<u32>>(t), 3);
}

#[test]
fn materialize_mismatch() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().default());
    let err = t.build().unwrap().materialize::<Outer>().unwrap_err();
    assert_eq!(
        err,
        TrameError::MaterializeMismatch {
            built: "Pair".into(),
            requested: "Outer".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot materialize Outer: the built value is a Pair"
    );
    assert!(!err.is_poisoned());
}

#[test]
fn every_call_after_an_error_is_poisoned() {
    let mut t = Trame::new::<Outer>();
    assert_eq!(fails(&mut t, Op::end()), TrameError::EndAtRoot);
    assert_eq!(
        t.apply(Op::set().at(1).imm(1u32)),
        Err(TrameError::Poisoned)
    );
    assert_eq!(
        t.apply(Op::set().at(9).imm(1u32)),
        Err(TrameError::Poisoned)
    );
    assert_eq!(t.apply(Op::set().root().stage()), Err(TrameError::Poisoned));
    let mut batch: OpBatch<'_> = [Op::end()].into_iter().collect();
    assert_eq!(t.apply_batch(&mut batch), Err(TrameError::Poisoned));
    assert!(batch.is_empty());
    assert!(t.build().unwrap_err().is_poisoned());
}

#[test]
fn unsized_shape_is_reported_at_the_first_call() {
    // SAFETY: `str::SHAPE` was produced by `str`'s `Facet` impl.
    let mut t = unsafe { Trame::from_shape(<str as Facet>::SHAPE) };
    assert!(t.is_poisoned());
    assert_eq!(t.depth(), 0);
    let err = t.apply(Op::set().imm(1u32)).unwrap_err();
    assert!(
        matches!(&err, TrameError::Unsupported { path, shape, .. } if path == "$" && shape == "str"),
        "{err:?}"
    );
    assert_eq!(t.apply(Op::end()), Err(TrameError::Poisoned));
    // SAFETY: as above.
    let t = unsafe { Trame::from_shape(<[u8] as Facet>::SHAPE) };
    assert!(matches!(t.build(), Err(TrameError::Unsupported { .. })));
}

#[derive(Facet, Debug, PartialEq)]
#[facet(rename_all = "kebab-case")]
struct Limits {
    max_conn: u32,
    #[facet(rename = "idle")]
    idle_secs: u32,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(rename_all = "snake_case")]
#[allow(dead_code)]
enum Mode {
    FastPath { retry_limit: u8 },
}

#[derive(Facet, Debug, PartialEq)]
struct Service {
    server_limits: Limits,
    mode: Mode,
}

// t[verify error.input-names]
#[test]
fn input_names_in_paths_and_missing_fields() {
    // Rust names by default.
    let mut t = Trame::new::<Service>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(1).imm(5u32));
    assert_eq!(
        fails(&mut t, Op::end()),
        TrameError::Incomplete {
            path: "$.server_limits".into(),
            shape: "Limits".into(),
            missing: vec!["max_conn".into()],
            all: vec!["$.server_limits.max_conn".into()],
        }
    );
    // The input's names when asked for.
    let mut t = Trame::new::<Service>().with_input_names();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(1).imm(5u32));
    assert_eq!(
        fails(&mut t, Op::end()),
        TrameError::Incomplete {
            path: "$.server_limits".into(),
            shape: "Limits".into(),
            missing: vec!["max-conn".into()],
            all: vec!["$.server_limits.max-conn".into()],
        }
    );
    let mut t = Trame::new::<Service>().with_input_names();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = fails(&mut t, Op::end());
    assert_eq!(
        err.to_string(),
        "missing field idle in Limits at $.server_limits"
    );
    let mut t = Trame::new::<Service>().with_input_names();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).stage());
    let err = fails(&mut t, Op::end());
    assert_eq!(
        err.to_string(),
        "missing field retry_limit in Mode::FastPath at $.mode.fast_path"
    );
    let TrameError::Incomplete { all, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(all, ["$.mode.fast_path.retry_limit"]);
}
