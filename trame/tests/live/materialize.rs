//! `build` and `HeapValue`: the value comes out only as the built type;
//! any other type is an error that drops the value once.

use trame::{Facet, HeapValue, Op, Trame, TrameError};

use crate::support::{Counted, Counter, Outer, Pair, Tracker, finish, ok};

/// Same layout as `Pair`, different type.
#[derive(Facet, Debug, PartialEq)]
struct Twin {
    a: u32,
    b: u32,
}

fn built_pair() -> HeapValue<'static> {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().imm(Pair { a: 1, b: 2 }));
    t.build().unwrap()
}

// t[verify api.materialize.shape-check]
#[test]
fn materialize_as_the_built_type() {
    let hv = built_pair();
    assert_eq!(hv.shape(), Pair::SHAPE);
    assert_eq!(format!("{hv:?}"), format!("HeapValue({:?})", Pair::SHAPE));
    assert_eq!(hv.materialize::<Pair>().unwrap(), Pair { a: 1, b: 2 });
}

// t[verify api.materialize.shape-check]
#[test]
fn materialize_as_another_type_is_an_error() {
    let err = built_pair().materialize::<Twin>().unwrap_err();
    assert_eq!(
        err,
        TrameError::MaterializeMismatch {
            built: "Pair".into(),
            requested: "Twin".into()
        }
    );
    let err = built_pair().materialize::<Outer>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot materialize Outer: the built value is a Pair"
    );
    let err = built_pair().materialize::<(u32, u32)>().unwrap_err();
    assert!(matches!(err, TrameError::MaterializeMismatch { .. }));
    let err = built_pair().materialize::<u64>().unwrap_err();
    assert!(matches!(err, TrameError::MaterializeMismatch { .. }));

    let mut t = Trame::new::<u32>();
    ok(&mut t, Op::set().imm(7u32));
    let err = t.build().unwrap().materialize::<i32>().unwrap_err();
    assert_eq!(
        err,
        TrameError::MaterializeMismatch {
            built: "u32".into(),
            requested: "i32".into()
        }
    );
}

// t[verify api.materialize.shape-check]
#[test]
fn materialize_mismatch_drops_the_value_exactly_once() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    ok(&mut t, Op::set().at(1).imm(Tracker::new(&c)));
    ok(&mut t, Op::set().at(0).imm(1u32));
    let hv = t.build().unwrap();
    c.assert(1, 0);
    assert!(hv.materialize::<(u32, Tracker)>().is_err());
    c.assert_all_dropped(1);
}

// t[verify state.machine.build-finalization]
#[test]
fn build_hands_over_the_value_exactly_once() {
    let c = Counter::new();
    let mut t = Trame::new::<Counted>();
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 4)));
    ok(&mut t, Op::set().at(0).imm(4u32));
    let v = finish::<Counted>(t);
    c.assert(1, 0);
    assert_eq!(v.tracker.tag(), 4);
    drop(v);
    c.assert_all_dropped(1);
}

// t[verify api.build.climbs-from-cursor]
// t[verify state.machine.build-finalization]
#[test]
fn build_from_any_depth() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(1).imm(9u32));
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().imm(2u32));
    assert_eq!(t.depth(), 2);
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 9
        }
    );
}

// t[verify api.build.climbs-from-cursor]
#[test]
fn build_climbing_validates_every_level() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().imm(2u32));
    // Everything on the way up is complete but the root lacks `c`.
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field c in Outer at $");

    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(1).imm(9u32));
    ok(&mut t, Op::set().at(0).at(1).stage());
    ok(&mut t, Op::set().imm(2u32));
    // The leaf is complete, its parent is not.
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field a in Pair at $.inner");
}

#[test]
fn zero_sized_values_build_and_materialize() {
    let t = Trame::new::<()>();
    assert!(t.build().is_err());
    let mut t = Trame::new::<((), [u8; 0])>();
    ok(&mut t, Op::set().at(0).imm(()));
    ok(&mut t, Op::set().at(1).imm([0u8; 0]));
    let hv = t.build().unwrap();
    assert!(hv.materialize::<()>().is_err());
    let mut t = Trame::new::<((), [u8; 0])>();
    ok(&mut t, Op::set().at(0).default());
    ok(&mut t, Op::set().at(1).default());
    assert_eq!(finish::<((), [u8; 0])>(t), ((), []));
}
