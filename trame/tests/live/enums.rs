//! Enums on the live runtime: the three levels (enum → variant → payload),
//! switching and resuming with exact drop counts, nesting, and errors.
//! The representations are in `enums_reprs.rs`.

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Counter, Tracker, ok};

/// The spec's example enum.
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum E {
    Unit,
    Pair(u32, u32),
    Named { x: u32, y: u32 },
}

/// Builds a `T` from `ops` applied in order.
pub(crate) fn build<T: for<'a> Facet<'a>>(ops: Vec<Op<'static>>) -> T {
    let mut t = Trame::new::<T>();
    for op in ops {
        ok(&mut t, op);
    }
    t.build().unwrap().materialize::<T>().unwrap()
}

#[test]
fn the_spec_example_variants() {
    assert_eq!(build::<E>(vec![Op::set().at(0).stage()]), E::Unit);
    assert_eq!(
        build::<E>(vec![
            Op::set().at(1).stage(),
            Op::set().at(0).stage(),
            Op::set().at(0).imm(1u32),
            Op::set().at(1).imm(2u32),
        ]),
        E::Pair(1, 2)
    );
    assert_eq!(
        build::<E>(vec![
            Op::set().at(2).at(0).at(1).imm(4u32),
            Op::set().at(0).imm(3u32)
        ]),
        E::Named { x: 3, y: 4 }
    );
    assert_eq!(
        build::<E>(vec![Op::set().imm(E::Named { x: 5, y: 6 })]),
        E::Named { x: 5, y: 6 }
    );
}

// t[verify state.machine.enum-select-writes-discriminant]
#[test]
fn selecting_a_unit_variant_is_complete_at_once() {
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::end());
    assert_eq!(t.build().unwrap().materialize::<E>().unwrap(), E::Unit);
}

#[test]
fn strict_end_at_each_level() {
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(1).at(0).stage()); // enum → variant → payload
    assert_eq!(t.depth(), 2);
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end()); // payload folds into the variant
    ok(&mut t, Op::end()); // variant folds into the enum
    assert_eq!(t.depth(), 0);
    assert_eq!(
        t.build().unwrap().materialize::<E>().unwrap(),
        E::Pair(1, 2)
    );
}

#[test]
fn incomplete_payload_names_the_variant_and_field() {
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(2).at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(err.to_string(), "missing field y in E::Named at $.Named");
    assert!(t.is_poisoned());

    let t = Trame::new::<E>();
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing value of E at $"
    );

    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(1).stage());
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing field payload in E::Pair at $.Pair"
    );
}

#[test]
fn variant_index_out_of_range() {
    let mut t = Trame::new::<E>();
    let err = t.apply(Op::set().at(3).stage()).unwrap_err();
    assert_eq!(
        err,
        TrameError::FieldOutOfRange {
            path: "$".into(),
            shape: "E".into(),
            index: 3,
            count: 3
        }
    );
    let mut t = Trame::new::<E>();
    let err = t.apply(Op::set().at(1).at(0).at(2).imm(1u32)).unwrap_err();
    assert!(
        matches!(
            err,
            TrameError::FieldOutOfRange {
                index: 2,
                count: 2,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn imm_of_a_variant_or_payload_is_rejected() {
    let mut t = Trame::new::<E>();
    let err = t.apply(Op::set().at(1).imm(7u32)).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err}");
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(1).stage());
    let err = t.apply(Op::set().at(0).imm((1u32, 2u32))).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err}");
    // Not even a value of the enum's own shape: a variant node's one slot
    // (the payload, at offset 0) is staged, never written whole.
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(1).stage());
    let err = t.apply(Op::set().at(0).imm(E::Pair(1, 2))).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err}");
    assert!(t.is_poisoned());
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum Tracked {
    A(Tracker, Tracker),
    B { t: Tracker },
    C,
}

// t[verify state.machine.enum-switch-drops-previous]
#[test]
fn switching_drops_the_partial_payload_first() {
    let c = Counter::new();
    let mut t = Trame::new_deferred::<Tracked>();
    ok(
        &mut t,
        Op::set().at(0).at(0).at(0).imm(Tracker::tagged(&c, 1)),
    );
    ok(&mut t, Op::end()); // payload kept (deferred)
    ok(&mut t, Op::end()); // variant kept
    ok(
        &mut t,
        Op::set().at(1).at(0).at(0).imm(Tracker::tagged(&c, 2)),
    );
    c.assert(2, 1); // A's partial payload dropped at the switch
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    let v = t.build().unwrap().materialize::<Tracked>().unwrap();
    assert!(matches!(&v, Tracked::B { t } if t.tag() == 2));
    drop(v);
    c.assert_all_dropped(2);
}

// t[verify state.machine.enum-switch-drops-previous]
#[test]
fn switching_drops_a_complete_payload_first() {
    let c = Counter::new();
    let mut t = Trame::new_deferred::<Tracked>();
    ok(
        &mut t,
        Op::set().at(1).at(0).at(0).imm(Tracker::tagged(&c, 1)),
    );
    ok(&mut t, Op::end());
    ok(&mut t, Op::end()); // B complete, folded into the enum
    ok(&mut t, Op::set().at(2).stage()); // switch to unit C
    c.assert(1, 1);
    ok(&mut t, Op::end());
    assert_eq!(
        t.build().unwrap().materialize::<Tracked>().unwrap(),
        Tracked::C
    );
}

// t[verify state.machine.enum-direct-then-switch]
#[test]
fn a_whole_value_is_dropped_before_a_switch() {
    let c = Counter::new();
    let mut t = Trame::new::<Tracked>();
    ok(
        &mut t,
        Op::set().imm(Tracked::A(Tracker::tagged(&c, 1), Tracker::tagged(&c, 2))),
    );
    ok(
        &mut t,
        Op::set().at(1).at(0).at(0).imm(Tracker::tagged(&c, 3)),
    );
    c.assert(3, 2);
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    let v = t.build().unwrap().materialize::<Tracked>().unwrap();
    assert!(matches!(&v, Tracked::B { t } if t.tag() == 3));
    drop(v);
    c.assert_all_dropped(3);
}

#[test]
fn re_selecting_the_active_variant_of_a_whole_value_resumes_it() {
    let c = Counter::new();
    let mut t = Trame::new::<Tracked>();
    ok(
        &mut t,
        Op::set().imm(Tracked::A(Tracker::tagged(&c, 1), Tracker::tagged(&c, 2))),
    );
    ok(
        &mut t,
        Op::set().at(0).at(0).at(1).imm(Tracker::tagged(&c, 9)),
    );
    c.assert(3, 1); // only the overwritten field
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    let v = t.build().unwrap().materialize::<Tracked>().unwrap();
    assert!(matches!(&v, Tracked::A(a, b) if a.tag() == 1 && b.tag() == 9));
    drop(v);
    c.assert_all_dropped(3);
}

#[test]
fn abandoned_and_poisoned_enums_drop_their_parts_once() {
    type Script = fn(&mut Trame<'static>, &std::sync::Arc<Counter>);
    let scripts: &[(&str, Script)] = &[
        ("payload partial", |t, c| {
            ok(t, Op::set().at(0).at(0).at(0).imm(Tracker::tagged(c, 1)));
        }),
        ("payload complete, not folded", |t, c| {
            ok(t, Op::set().at(0).at(0).at(0).imm(Tracker::tagged(c, 1)));
            ok(t, Op::set().at(1).imm(Tracker::tagged(c, 2)));
        }),
        ("variant folded", |t, c| {
            ok(t, Op::set().at(1).at(0).at(0).imm(Tracker::tagged(c, 1)));
            ok(t, Op::end());
            ok(t, Op::end());
        }),
        ("whole value", |t, c| {
            ok(
                t,
                Op::set().imm(Tracked::B {
                    t: Tracker::tagged(c, 1),
                }),
            );
        }),
        ("whole value resumed", |t, c| {
            ok(
                t,
                Op::set().imm(Tracked::B {
                    t: Tracker::tagged(c, 1),
                }),
            );
            ok(t, Op::set().at(1).at(0).stage());
        }),
    ];
    for (name, script) in scripts {
        // Abandoned: dropped as is.
        let c = Counter::new();
        let mut t = Trame::new::<Tracked>();
        script(&mut t, &c);
        drop(t);
        assert!(
            c.created() > 0 && c.created() == c.dropped(),
            "abandoned, {name}: {c:?}"
        );
        // Poisoned: an error, then cleanup.
        let c = Counter::new();
        let mut t = Trame::new::<Tracked>();
        script(&mut t, &c);
        assert!(t.apply(Op::set().at(7).stage()).is_err());
        assert!(t.is_poisoned());
        assert!(
            c.created() > 0 && c.created() == c.dropped(),
            "poisoned, {name}: {c:?}"
        );
    }
}

#[derive(Facet, Debug, PartialEq)]
struct Holder {
    e: E,
    list: [E; 2],
    boxed: Box<E>,
}

#[test]
fn enums_nested_in_structs_and_arrays() {
    let v = build::<Holder>(vec![
        Op::set().at(0).at(2).at(0).at(1).imm(2u32),
        Op::set().at(0).imm(1u32),
        Op::set().root().at(1).stage(),
        Op::set().at(1).at(1).at(0).at(0).imm(3u32),
        Op::set().at(1).imm(4u32),
        Op::end(),
        Op::end(),
        Op::end(),
        Op::set().at(0).at(0).stage(),
        Op::set().root().at(2).imm(Box::new(E::Unit)),
    ]);
    assert_eq!(
        v,
        Holder {
            e: E::Named { x: 1, y: 2 },
            list: [E::Unit, E::Pair(3, 4)],
            boxed: Box::new(E::Unit)
        }
    );
}

#[test]
fn error_paths_name_variants() {
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(1).at(1).at(2).at(0).at(0).imm(1u32));
    let err = t
        .apply(Op::set().root().at(2).imm(Box::new(E::Unit)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field y in E::Named at $.list[1].Named"
    );
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum WithDefaults {
    V {
        a: u32,
        #[facet(default)]
        b: String,
        c: Option<u8>,
    },
}

#[test]
fn payload_fields_take_their_defaults() {
    assert_eq!(
        build::<WithDefaults>(vec![Op::set().at(0).at(0).at(0).imm(1u32)]),
        WithDefaults::V {
            a: 1,
            b: String::new(),
            c: None
        }
    );
}

#[test]
fn display_renders_the_three_levels() {
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(1).at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    let expected = "  ⟨Root: E⟩\n  └─ variant 1 → ⟨Variant: E::Pair⟩\n▶     └─ payload → ⟨Child: E::Pair⟩\n          ├─ 0 ●\n          └─ 1 ○\n";
    assert_eq!(t.to_string(), expected);
}

// t[verify state.machine.deferred-end]
/// A variant staged with `StageDeferred` in a strict Trame roots a
/// deferred subtree: its payload may be left incomplete, and leaving the
/// variant validates the subtree.
#[test]
fn stage_deferred_variant_in_a_strict_trame_validates_when_left() {
    let mut t = Trame::new::<E>();
    ok(&mut t, Op::set().at(1).stage_deferred());
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::end()); // the payload stays, incomplete
    assert_eq!(t.depth(), 1);
    let e = t.apply(Op::end()).unwrap_err();
    assert!(matches!(e, TrameError::Incomplete { .. }), "{e}");
    assert!(t.is_poisoned());
}

// t[verify state.machine.deferred-end]
/// In a deferred Trame a variant staged with `StageDeferred` is part of
/// the one deferred subtree: leaving it incomplete is fine, and it is
/// completed later through a path.
#[test]
fn stage_deferred_variant_in_a_deferred_trame_is_left_incomplete() {
    let mut t = Trame::new_deferred::<E>();
    ok(&mut t, Op::set().at(1).stage_deferred());
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(1).at(0).at(1).imm(2u32));
    let v = t.build().unwrap().materialize::<E>().unwrap();
    assert_eq!(v, E::Pair(1, 2));
}

/// `cursor_view` tells the whole value, a selected variant and its payload
/// apart (the cursor's shape is the enum's in all three).
#[test]
fn cursor_view_follows_the_three_levels() {
    use trame::View;
    let mut t = Trame::new::<E>();
    assert_eq!(t.cursor_view(), Some(View::Value));
    ok(&mut t, Op::set().at(2).stage());
    assert_eq!(t.cursor_view(), Some(View::Variant(2)));
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.cursor_view(), Some(View::Payload(2)));
    assert_eq!(t.cursor_shape(), Some(E::SHAPE));
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    assert_eq!(t.cursor_view(), Some(View::Variant(2)));
    ok(&mut t, Op::end());
    assert_eq!(t.cursor_view(), Some(View::Value));
    let _ = t.apply(Op::end()).unwrap_err();
    assert_eq!(t.cursor_view(), None, "poisoned");
}
