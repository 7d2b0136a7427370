//! Directed scenarios for dynamic values, run in lock step on the model
//! and on a `Trame` (every step compared, handles followed, the heap
//! checked: no violation, nothing left). Each asserts the outcome the
//! spec's `dynamic.*` rules prescribe, so a model that drifted from the
//! spec fails here even where it agrees with trame.
//!
//! The shapes: `K` (a 1-byte scalar, the keys), `N` (a 2-byte scalar),
//! `Z` (a zero-sized scalar), `V` (a dynamic value keyed by `K`),
//! `S = struct { n: N, v: V }`, and `L`, a list of `N`.

mod common;

use common::*;
use trame::PathSegment::{self, Append, Field};
use trame::verified::{REFUSED_BYTE, ShapeId, ShapeStore};
use trame_check::driver::{Action, Outcome};
use trame_check::model::dynamic::Dyn;
use trame_check::model::{AValue, Leaf, MError, Src};

struct Shapes {
    store: ShapeStore,
    k: ShapeId,
    n: ShapeId,
    z: ShapeId,
    v: ShapeId,
    s: ShapeId,
    l: ShapeId,
}

fn shapes() -> Shapes {
    let mut store = ShapeStore::new();
    let k = store.scalar("K", 1, 1, false).unwrap();
    let n = store.scalar("N", 2, 2, false).unwrap();
    let z = store.scalar("Z", 0, 1, true).unwrap();
    let v = store.dynamic("V", k).unwrap();
    let s = store.structure("S", &[("n", n), ("v", v)], false).unwrap();
    let l = store.list(n).unwrap();
    Shapes {
        store,
        k,
        n,
        z,
        v,
        s,
        l,
    }
}

fn bytes(b: &[u8]) -> AValue {
    AValue::Dyn(Dyn::Bytes(b.to_vec()))
}

fn entry(k: u8, v: AValue) -> AValue {
    AValue::Fields(vec![AValue::Scalar(Leaf::Imm(k)), v])
}

// t[verify dynamic.scalar]
// t[verify dynamic.default]
#[test]
fn scalars_and_defaults_are_set_whole() {
    let g = shapes();
    assert_eq!(
        build(&g.store, g.v, false, None, &[set(&[], imm(g.n, 7))]),
        Ok(bytes(&[7, 7]))
    );
    assert_eq!(
        build(&g.store, g.v, false, None, &[set(&[], imm(g.z, 7))]),
        Ok(AValue::Dyn(Dyn::Null))
    );
    assert_eq!(
        build(&g.store, g.v, false, None, &[set(&[], Src::Default)]),
        Ok(AValue::Dyn(Dyn::Null))
    );
    // A value of the dynamic shape itself moves in.
    assert_eq!(
        build(&g.store, g.v, false, None, &[set(&[], imm(g.v, 9))]),
        Ok(bytes(&[9]))
    );
    // Replaced whole, the old value dropped once.
    let again = [set(&[], imm(g.n, 7)), set(&[], imm(g.k, 3))];
    assert_eq!(build(&g.store, g.v, false, None, &again), Ok(bytes(&[3])));
    // A slot of a struct.
    let s = [set(&[Field(0)], imm(g.n, 1)), set(&[Field(1)], imm(g.k, 2))];
    assert_eq!(
        build(&g.store, g.s, false, None, &s),
        Ok(AValue::Fields(vec![
            AValue::Scalar(Leaf::Imm(1)),
            bytes(&[2])
        ]))
    );
}

// t[verify dynamic.scalar]
#[test]
fn a_refused_scalar_or_another_shape_is_an_error() {
    let g = shapes();
    assert_eq!(
        last_outcome(&g.store, g.v, false, &[set(&[], imm(g.n, REFUSED_BYTE))]),
        Outcome::Rejected(MError::ConversionFailed {
            path: "$".to_owned(),
            shape: "V".to_owned(),
            from: "N".to_owned(),
        })
    );
    assert_eq!(
        last_outcome(&g.store, g.s, false, &[set(&[Field(1)], imm(g.l, 3))]),
        Outcome::Rejected(MError::ShapeMismatch {
            path: "$.v".to_owned()
        })
    );
}

// t[verify dynamic.array]
#[test]
fn an_array_is_built_element_by_element() {
    let g = shapes();
    for deferred in [false, true] {
        let actions = [
            set(&[Append], Src::Stage),
            set(&[], imm(g.k, 1)),
            Action::End,
            set(&[Append], Src::Stage),
            // A nested array.
            set(&[Append], Src::Stage),
            set(&[], imm(g.n, 2)),
            Action::End,
            Action::End,
        ];
        assert_eq!(
            build(&g.store, g.v, deferred, None, &actions),
            Ok(AValue::Dyn(Dyn::Array(vec![
                bytes(&[1]),
                AValue::Dyn(Dyn::Array(vec![bytes(&[2, 2])])),
            ])))
        );
    }
    // Opened and closed with nothing: an empty array; never opened: missing.
    assert_eq!(
        build(&g.store, g.v, false, None, &[set(&[], Src::Stage)]),
        Ok(AValue::Dyn(Dyn::Array(Vec::new())))
    );
    assert_eq!(
        build(&g.store, g.v, false, None, &[]),
        Err(MError::Incomplete {
            all: vec!["$".to_owned()]
        })
    );
}

// t[verify dynamic.object]
#[test]
fn an_object_is_built_entry_by_entry_and_the_later_key_wins() {
    let g = shapes();
    let actions = [
        set(&[], Src::StageObject),
        set(&[Append, Field(0)], imm(g.k, 5)),
        set(&[Field(1)], imm(g.n, 6)),
        Action::End,
        set(&[Append, Field(0)], imm(g.k, 8)),
        set(&[Field(1)], Src::StageObject),
        Action::End,
        Action::End,
    ];
    assert_eq!(
        build(&g.store, g.v, false, None, &actions),
        Ok(AValue::Dyn(Dyn::Object(vec![
            entry(5, bytes(&[6, 6])),
            entry(8, AValue::Dyn(Dyn::Object(Vec::new()))),
        ])))
    );
    // Equal keys: the first position, the last value.
    let dup = [
        set(&[], Src::StageObject),
        set(&[Append, Field(0)], imm(g.k, 5)),
        set(&[Field(1)], imm(g.n, 6)),
        Action::End,
        set(&[Append, Field(0)], imm(g.k, 9)),
        set(&[Field(1)], imm(g.n, 1)),
        Action::End,
        set(&[Append, Field(0)], imm(g.k, 5)),
        set(&[Field(1)], imm(g.k, 7)),
        Action::End,
    ];
    assert_eq!(
        build(&g.store, g.v, false, None, &dup),
        Ok(AValue::Dyn(Dyn::Object(vec![
            entry(5, bytes(&[7])),
            entry(9, bytes(&[1, 1])),
        ])))
    );
}

// t[verify dynamic.form]
#[test]
fn the_form_changes_only_while_empty() {
    let g = shapes();
    // An open array with no element becomes an object.
    let actions = [set(&[], Src::Stage), set(&[], Src::StageObject)];
    assert_eq!(
        build(&g.store, g.v, false, None, &actions),
        Ok(AValue::Dyn(Dyn::Object(Vec::new())))
    );
    let unsupported = |path: &str| {
        Outcome::Rejected(MError::Unsupported {
            path: path.to_owned(),
        })
    };
    let with_element = [
        set(&[Append], Src::Stage),
        set(&[], imm(g.k, 1)),
        Action::End,
        set(&[], Src::StageObject),
    ];
    assert_eq!(
        last_outcome(&g.store, g.v, false, &with_element),
        unsupported("$")
    );
    assert_eq!(
        last_outcome(&g.store, g.s, false, &[set(&[Field(0)], Src::StageObject)]),
        unsupported("$.n")
    );
    // Set whole: closed.
    let closed = [set(&[], imm(g.k, 1)), set(&[], Src::StageObject)];
    assert_eq!(
        last_outcome(&g.store, g.v, false, &closed),
        Outcome::Rejected(MError::ContainerClosed {
            path: "$".to_owned()
        })
    );
}

// t[verify dynamic.dropped-once]
#[test]
fn staged_parts_are_dropped_once_on_every_path() {
    let g = shapes();
    let staged = [
        set(&[Field(1)], Src::StageObject),
        set(&[Append, Field(0)], imm(g.k, 5)),
        set(&[Field(1), Append], Src::Stage),
        set(&[], imm(g.n, 3)),
    ];
    // Abandoned.
    assert_eq!(
        last_outcome(&g.store, g.s, false, &staged),
        Outcome::Accepted
    );
    // Poisoned.
    let mut poisoned = staged.to_vec();
    poisoned.push(set(&[], imm(g.l, 2)));
    assert!(matches!(
        last_outcome(&g.store, g.s, false, &poisoned),
        Outcome::Rejected(MError::ShapeMismatch { .. })
    ));
    // Overwritten by a scalar while staged (deferred), then built.
    let mut over = vec![set(&[Field(0)], imm(g.n, 1))];
    over.extend(staged.iter().cloned());
    over.push(set(&[PathSegment::Root, Field(1)], imm(g.k, 4)));
    assert_eq!(
        build(&g.store, g.s, true, None, &over),
        Ok(AValue::Fields(vec![
            AValue::Scalar(Leaf::Imm(1)),
            bytes(&[4])
        ]))
    );
}
