//! Directed scenarios for the kinds whose values are handles (options,
//! pointers, lists, sets, maps, `Result`), run in lock step on the model
//! and on a `Trame` (every step compared, heap checked). Each asserts the
//! outcome the spec prescribes, so a model that drifted from the spec
//! fails here even where it agrees with trame. Sequences too long for the
//! exhaustive explorer's bound (set duplicates, map last-wins) live here.

mod common;

use common::*;
use trame::PathSegment::{self, Append, Field};
use trame::verified::ShapeStore;
use trame_check::driver::{Action, Harness, Outcome};
use trame_check::model::{AValue, Leaf, MError, Src};

const D: AValue = AValue::Scalar(Leaf::Default);

// t[verify state.machine.set-uniqueness]
#[test]
fn equal_set_elements_collapse_into_one() {
    let mut store = ShapeStore::new();
    let d = store.scalar("D", 2, 2, true).unwrap();
    let s = store.set(d).unwrap();
    let element = |src| vec![set(&[Append], Src::Stage), set(&[], src), Action::End];
    let actions = [
        element(Src::Default),
        element(imm(d, 3)),
        element(Src::Default),
    ]
    .concat();
    let built = build_after(&store, s, false, &actions);
    assert_eq!(built, AValue::Elems(vec![D, tagged(3)]));
}

// t[verify state.machine.map-last-wins]
#[test]
fn equal_map_keys_keep_the_last_value_at_the_first_position() {
    let mut store = ShapeStore::new();
    let (d, n) = (
        store.scalar("D", 2, 2, true).unwrap(),
        store.scalar("N", 1, 1, false).unwrap(),
    );
    let m = store.map(d, n).unwrap();
    let entry = |key: Src, value: u8| {
        vec![
            set(&[Append, Field(0)], key),
            set(&[Field(1)], imm(n, value)),
            Action::End,
        ]
    };
    let actions = [
        entry(Src::Default, 5),
        entry(imm(d, 9), 6),
        entry(Src::Default, 7),
    ]
    .concat();
    let built = build_after(&store, m, false, &actions);
    let kv = |k, v| AValue::Fields(vec![k, v]);
    assert_eq!(
        built,
        AValue::Elems(vec![kv(D, tagged(7)), kv(tagged(9), tagged(6))])
    );
}

// t[verify state.machine.container-append-stage-only]
#[test]
fn append_takes_only_staging_sources_and_closed_containers_refuse_it() {
    let mut store = ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let l = store.list(n).unwrap();
    let path = "$".to_owned();
    fails_with(
        &store,
        l,
        false,
        &[set(&[Append], imm(n, 1))],
        MError::AppendRequiresStage { path: path.clone() },
    );
    let closed = MError::ContainerClosed { path: path.clone() };
    fails_with(
        &store,
        l,
        false,
        &[set(&[], Src::Default), set(&[Append], Src::Stage)],
        closed.clone(),
    );
    fails_with(
        &store,
        l,
        false,
        &[set(&[], imm(l, 1)), set(&[], Src::Stage)],
        closed,
    );
    // Closed, a list may still be replaced whole.
    let built = build_after(
        &store,
        l,
        false,
        &[set(&[], imm(l, 3)), set(&[], Src::Default)],
    );
    assert_eq!(built, AValue::Elems(Vec::new()));
    // A never-opened root list is missing; an opened one is empty.
    let mut h = Harness::new(&store, l, false);
    let missing = MError::Incomplete {
        all: vec![path.clone()],
    };
    assert_eq!(h.model().clone().build(), Err(missing));
    h.step(&Action::Build).unwrap_or_else(|m| panic!("{m}"));
    h.finish().unwrap_or_else(|m| panic!("{m}"));
    let built = build_after(&store, l, false, &[set(&[], Src::Stage)]);
    assert_eq!(built, AValue::Elems(Vec::new()));
}

#[test]
fn missing_option_fields_default_to_none_but_tuple_elements_do_not() {
    let mut store = ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let o = store.option(n).unwrap();
    let s = store.structure("S", &[("o", o), ("n", n)], false).unwrap();
    let built = build_after(&store, s, false, &[set(&[Field(1)], imm(n, 4))]);
    assert_eq!(built, AValue::Fields(vec![AValue::Option(None), tagged(4)]));
    let t = store.tuple(&[o, n]).unwrap();
    let mut h = Harness::new(&store, t, false);
    h.step(&set(&[Field(1)], imm(n, 4))).unwrap();
    let missing = MError::Incomplete {
        all: vec!["$.0".to_owned()],
    };
    assert_eq!(h.model().clone().build(), Err(missing));
    h.step(&Action::Build).unwrap_or_else(|m| panic!("{m}"));
    h.finish().unwrap_or_else(|m| panic!("{m}"));
}

#[test]
fn deferred_list_elements_and_pointees_are_re_entered() {
    let mut store = ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let pair = store.structure("P", &[("a", n), ("b", n)], false).unwrap();
    let boxed = store.pointer(pair).unwrap();
    let l = store.list(boxed).unwrap();
    let mut actions = vec![
        set(&[Append, Field(0), Field(0)], imm(n, 1)),
        Action::End,
        Action::End,
        set(&[Append, Field(0), Field(1)], imm(n, 2)),
        Action::End,
        Action::End,
        // Back into element 0's pointee for its missing `b`.
        set(&[Field(0), Field(0), Field(1)], imm(n, 3)),
    ];
    // Element 1's pointee still lacks `a`: validation names it.
    let mut h = Harness::new(&store, l, true);
    for a in &actions {
        assert_eq!(
            h.step(a).unwrap_or_else(|m| panic!("{m}")),
            Outcome::Accepted
        );
    }
    let missing = MError::Incomplete {
        all: vec!["$[1].*.a".to_owned()],
    };
    assert_eq!(h.model().clone().build(), Err(missing));
    h.step(&Action::Build).unwrap_or_else(|m| panic!("{m}"));
    h.finish().unwrap_or_else(|m| panic!("{m}"));
    actions.push(set(
        &[PathSegment::Root, Field(1), Field(0), Field(0)],
        imm(n, 4),
    ));
    let built = build_after(&store, l, true, &actions);
    let ptr = |a, b| AValue::Pointer(Box::new(AValue::Fields(vec![a, b])));
    assert_eq!(
        built,
        AValue::Elems(vec![ptr(tagged(1), tagged(3)), ptr(tagged(4), tagged(2))])
    );
}

#[test]
fn a_whole_result_resumed_stays_whole_until_its_payload_is_staged() {
    let mut store = ShapeStore::new();
    let (d, n) = (
        store.scalar("D", 2, 2, true).unwrap(),
        store.scalar("N", 1, 1, false).unwrap(),
    );
    let r = store.result(d, n).unwrap();
    let ok = |v| AValue::Enum {
        variant: 0,
        payload: vec![v],
    };
    // Tag 2 is even: `Ok(2)`. Selecting `Ok` again and ending keeps it.
    let kept = [
        set(&[], imm(r, 2)),
        set(&[Field(0)], Src::Stage),
        Action::End,
    ];
    assert_eq!(build_after(&store, r, false, &kept), ok(tagged(2)));
    // Writing the payload replaces it; `Default` of the payload is `D`'s.
    let replaced = [
        set(&[], imm(r, 2)),
        set(&[Field(0), Field(0)], Src::Default),
    ];
    assert_eq!(build_after(&store, r, false, &replaced), ok(D));
    // Switching to `Err` drops the whole `Ok`; its payload is missing.
    let mut h = Harness::new(&store, r, false);
    h.step(&set(&[], imm(r, 2))).unwrap();
    h.step(&set(&[Field(1)], Src::Stage)).unwrap();
    let missing = MError::Incomplete {
        all: vec!["$.Err".to_owned()],
    };
    assert_eq!(h.model().clone().build(), Err(missing));
    h.step(&Action::Build).unwrap_or_else(|m| panic!("{m}"));
    h.finish().unwrap_or_else(|m| panic!("{m}"));
    // `Default` of a whole `Result` (it has none) and `Imm` at a variant.
    fails_with(
        &store,
        r,
        false,
        &[set(&[], Src::Default)],
        MError::NoDefault { path: "$".into() },
    );
    fails_with(
        &store,
        r,
        false,
        &[set(&[Field(0)], imm(r, 2))],
        MError::Unsupported { path: "$".into() },
    );
}
