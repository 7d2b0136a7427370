//! Defaults applied at validation: `#[facet(default)]`,
//! `#[facet(default = …)]`, `Option` fields; never a struct's own
//! `Default`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Counter, Tracker, ok};

fn seven() -> u32 {
    7
}

#[derive(Facet, Debug, PartialEq)]
struct WithDefaults {
    a: u32,
    #[facet(default)]
    b: String,
    #[facet(default = seven())]
    c: u32,
    d: Option<u32>,
}

#[derive(Facet, Debug, PartialEq)]
struct Wrapper {
    w: WithDefaults,
    z: u8,
}

#[derive(Facet, Debug, PartialEq, Default)]
struct OwnDefault {
    a: u32,
    b: u32,
}

#[test]
fn missing_fields_take_their_defaults_at_build() {
    let mut t = Trame::new::<WithDefaults>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    let v = t.build().unwrap().materialize::<WithDefaults>().unwrap();
    assert_eq!(
        v,
        WithDefaults {
            a: 1,
            b: String::new(),
            c: 7,
            d: None
        }
    );
}

#[test]
fn set_fields_keep_their_values() {
    let mut t = Trame::new::<WithDefaults>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(String::from("x")));
    ok(&mut t, Op::set().at(2).imm(3u32));
    ok(&mut t, Op::set().at(3).imm(Some(4u32)));
    let v = t.build().unwrap().materialize::<WithDefaults>().unwrap();
    assert_eq!(
        v,
        WithDefaults {
            a: 1,
            b: "x".into(),
            c: 3,
            d: Some(4)
        }
    );
}

#[test]
fn strict_end_applies_defaults_to_the_child() {
    let mut t = Trame::new::<Wrapper>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(5u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(1u8));
    let v = t.build().unwrap().materialize::<Wrapper>().unwrap();
    assert_eq!(
        v.w,
        WithDefaults {
            a: 5,
            b: String::new(),
            c: 7,
            d: None
        }
    );
}

#[test]
fn a_field_without_default_is_still_missing() {
    let t = Trame::new::<WithDefaults>();
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field a in WithDefaults at $");
}

#[test]
fn a_structs_own_default_never_fills_fields() {
    let mut t = Trame::new::<OwnDefault>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = t.build().unwrap_err();
    assert!(matches!(&err, TrameError::Incomplete { missing, .. } if missing == &["b"]));
    // The whole-value Default is still available explicitly.
    let mut t = Trame::new::<OwnDefault>();
    ok(&mut t, Op::set().default());
    assert_eq!(
        t.build().unwrap().materialize::<OwnDefault>().unwrap(),
        OwnDefault::default()
    );
}

/// A container marked `#[facet(default)]` whose own `Default` differs
/// from its fields' types' defaults.
#[derive(Facet, Debug, PartialEq)]
#[facet(default)]
struct ContainerDefault {
    a: u32,
    #[facet(default = seven())]
    b: u32,
    c: Vec<u8>,
    d: Option<u8>,
    e: NoDefault,
}

impl Default for ContainerDefault {
    fn default() -> Self {
        ContainerDefault {
            a: 100,
            b: 100,
            c: vec![100],
            d: Some(100),
            e: NoDefault(100),
        }
    }
}

/// A field type with no `Default`.
#[derive(Facet, Debug, PartialEq)]
struct NoDefault(u8);

// t[verify validate.container-default]
#[test]
fn a_container_default_fills_fields_with_their_types_defaults() {
    let mut t = Trame::new::<ContainerDefault>();
    ok(&mut t, Op::set().at(4).imm(NoDefault(1)));
    let v = t
        .build()
        .unwrap()
        .materialize::<ContainerDefault>()
        .unwrap();
    // Each field's type's default (its own first), never the container's.
    assert_eq!(
        v,
        ContainerDefault {
            a: 0,
            b: 7,
            c: vec![],
            d: None,
            e: NoDefault(1),
        }
    );
    // A field whose type has no default is still missing.
    let mut t = Trame::new::<ContainerDefault>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = t.build().unwrap_err();
    assert!(
        matches!(&err, TrameError::Incomplete { missing, .. } if missing == &["e"]),
        "{err}"
    );
    // The container's own `Default` is written whole only when asked for.
    let mut t = Trame::new::<ContainerDefault>();
    ok(&mut t, Op::set().default());
    assert_eq!(
        t.build()
            .unwrap()
            .materialize::<ContainerDefault>()
            .unwrap(),
        ContainerDefault::default()
    );
}

/// Fields whose types hold nothing.
#[derive(Facet, Debug, PartialEq)]
struct Empties {
    a: u32,
    unit: (),
    marker: std::marker::PhantomData<String>,
    with_default: UnitWithDefault,
    without: UnitWithoutDefault,
}

#[derive(Facet, Debug, PartialEq, Default)]
struct UnitWithDefault;

#[derive(Facet, Debug, PartialEq)]
struct UnitWithoutDefault;

// t[verify validate.empty-default]
#[test]
fn fields_that_hold_nothing_take_their_default() {
    let mut t = Trame::new::<Empties>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(4).imm(UnitWithoutDefault));
    let v = t.build().unwrap().materialize::<Empties>().unwrap();
    assert_eq!(v.a, 1);
    // A unit type without a `Default` is still missing.
    let mut t = Trame::new::<Empties>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = t.build().unwrap_err();
    assert!(
        matches!(&err, TrameError::Incomplete { missing, .. } if missing == &["without"]),
        "{err}"
    );
}

#[derive(Facet, Debug)]
struct PanicsOnDefault(u32);

impl Default for PanicsOnDefault {
    fn default() -> Self {
        panic!("default failed")
    }
}

#[derive(Facet, Debug)]
struct HasPanickyDefault {
    t: Tracker,
    #[facet(default)]
    p: PanicsOnDefault,
}

/// A panicking `Default` during validation leaves nothing dropped twice
/// or leaked: the unwinding drop of the Trame cleans up what was set.
#[test]
fn panic_in_a_default_is_cleaned_up_once() {
    let c = Counter::new();
    let mut t = Trame::new::<HasPanickyDefault>();
    ok(&mut t, Op::set().at(0).imm(Tracker::new(&c)));
    let result = catch_unwind(AssertUnwindSafe(move || t.build()));
    assert!(result.is_err(), "the panic propagates");
    c.assert_all_dropped(1);
}

/// Panics in its own `Drop` when armed; its tracker still drops (Rust
/// drops the fields even when `Drop::drop` panics).
struct PanicsOnDrop {
    _tracker: Tracker,
    armed: bool,
}

// SAFETY: facet's builder makes the shape for `PanicsOnDrop` (layout, and a
// drop that runs its own); it has no lifetime or type parameter, as the
// builder's default variance says (see `Tracker` in support.rs for why it is
// not derived).
unsafe impl Facet<'_> for PanicsOnDrop {
    const SHAPE: &'static trame::Shape = &const {
        facet::ShapeBuilder::for_sized::<PanicsOnDrop>("PanicsOnDrop")
            .ty(facet::Type::User(facet::UserType::Opaque))
            .def(facet::Def::Scalar)
            .type_ops_direct(&const { facet::type_ops_direct!(PanicsOnDrop =>) })
            .build()
    };
}

impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        if self.armed {
            panic!("drop failed")
        }
    }
}

#[derive(Facet)]
struct HoldsPanicky {
    p: PanicsOnDrop,
    t: Tracker,
}

/// A panicking `Drop` during an overwrite: the old value counts as dropped
/// (its fields still drop during unwinding), the Trame stays consistent,
/// and later cleanup drops everything else exactly once.
#[test]
fn panic_in_a_drop_during_overwrite_is_not_a_double_drop() {
    let c = Counter::new();
    let mut t = Trame::new::<HoldsPanicky>();
    let armed = PanicsOnDrop {
        _tracker: Tracker::new(&c),
        armed: true,
    };
    ok(&mut t, Op::set().at(0).imm(armed));
    ok(&mut t, Op::set().at(1).imm(Tracker::new(&c)));
    let replacement = PanicsOnDrop {
        _tracker: Tracker::new(&c),
        armed: false,
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        t.apply(Op::set().at(0).imm(replacement))
    }));
    assert!(result.is_err());
    c.assert(3, 2); // the old value and the unapplied replacement
    // The slot is empty now; the Trame is still usable.
    assert!(!t.is_poisoned());
    let err = catch_unwind(AssertUnwindSafe(|| drop(t)));
    assert!(err.is_ok(), "the remaining tracker drops without panicking");
    c.assert_all_dropped(3);
}

/// Only struct fields are filled: a missing `Option` element of a tuple or
/// an array is missing, not `None`.
#[test]
fn tuple_and_array_elements_take_no_option_default() {
    let mut t = Trame::new::<(Option<u32>, u32)>();
    ok(&mut t, Op::set().at(1).imm(3u32));
    let e = t.build().unwrap_err();
    assert!(matches!(e, TrameError::Incomplete { .. }), "{e}");
    assert_eq!(e.to_string(), "missing field 0 in (Option<u32>, u32) at $");

    let mut t = Trame::new::<[Option<u8>; 2]>();
    ok(&mut t, Op::set().at(0).default());
    let e = t.build().unwrap_err();
    assert!(matches!(e, TrameError::Incomplete { .. }), "{e}");
}

/// facet drops an `Option` through an `extern "C"` vtable function, where a
/// panic cannot unwind and aborts the process; trame drops the payload
/// itself, so a panicking `Drop` in an option's payload unwinds out of
/// trame's cleanup, and of an unapplied `Imm`, like any other. The cleanup
/// interrupted by the panic is finished while unwinding: under Miri, a
/// leaked root allocation or value fails this test.
#[test]
fn panic_in_the_drop_of_an_option_payload_unwinds() {
    let c = Counter::new();
    let armed = |c| {
        Some(PanicsOnDrop {
            _tracker: Tracker::new(c),
            armed: true,
        })
    };
    // Cleanup of an unfinished Trame drops the option slot.
    let mut t = Trame::new::<(Option<PanicsOnDrop>, Option<Option<PanicsOnDrop>>, u32)>();
    ok(&mut t, Op::set().at(0).imm(armed(&c)));
    let result = catch_unwind(AssertUnwindSafe(|| drop(t)));
    assert!(result.is_err(), "the payload's drop panicked");
    c.assert_all_dropped(1);
    // A nested option, dropped by poisoning.
    let mut t = Trame::new::<(Option<PanicsOnDrop>, Option<Option<PanicsOnDrop>>, u32)>();
    ok(&mut t, Op::set().at(1).imm(Some(armed(&c))));
    let result = catch_unwind(AssertUnwindSafe(|| t.apply(Op::end())));
    assert!(result.is_err(), "the payload's drop panicked");
    c.assert_all_dropped(2);
    drop(t);
    // An `Imm` of an option dropped unapplied.
    let op = Op::set().at(0).imm(armed(&c));
    let result = catch_unwind(AssertUnwindSafe(|| drop(op)));
    assert!(result.is_err(), "the payload's drop panicked");
    c.assert_all_dropped(3);
}
