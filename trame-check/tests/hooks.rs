//! Directed scenarios for the construction hooks (`Parse`, `ParseBytes`,
//! `Convert`, invariants), run in lock step on the model and on a `Trame`
//! (every step compared, the heap checked: no violation, nothing left).
//! Each asserts the outcome the spec's `hook.*` rules prescribe, so a
//! model that drifted from the spec fails here even where it agrees with
//! trame.
//!
//! The shapes: `N` (a 1-byte scalar, no hooks), `F` (a 1-byte scalar to
//! convert from), `H` (a 1-byte scalar declaring every hook: parse,
//! parse_bytes, try_from `F`, invariants), `S = struct { a: H, b: N }`
//! with invariants, and `O = struct { s: S, n: N }`.

mod common;

use common::*;
use trame::PathSegment::Field;
use trame::verified::{BROKEN_BYTE, ShapeId, ShapeStore, VHooks};
use trame_check::driver::Action;
use trame_check::model::{AValue, MError, Src, Text};

struct Shapes {
    store: ShapeStore,
    n: ShapeId,
    f: ShapeId,
    h: ShapeId,
    s: ShapeId,
    o: ShapeId,
}

fn shapes() -> Shapes {
    let mut store = ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let f = store.scalar("F", 1, 1, false).unwrap();
    let h = store.scalar("H", 1, 1, false).unwrap();
    let s = store.structure("S", &[("a", h), ("b", n)], false).unwrap();
    let o = store.structure("O", &[("s", s), ("n", n)], false).unwrap();
    let all = VHooks {
        parse: true,
        parse_bytes: true,
        try_from: Some(f),
        invariants: true,
    };
    store.set_hooks(h, all).unwrap();
    let inv = VHooks {
        invariants: true,
        ..VHooks::default()
    };
    store.set_hooks(s, inv).unwrap();
    Shapes {
        store,
        n,
        f,
        h,
        s,
        o,
    }
}

fn violated(path: &str, shape: &str) -> MError {
    MError::InvariantViolated {
        path: path.to_owned(),
        shape: shape.to_owned(),
    }
}

// t[verify hook.parse]
#[test]
fn parse_and_parse_bytes_build_the_value_or_fail() {
    let g = shapes();
    let digits = Src::Parse(Text::Digits(3));
    assert_eq!(
        build_after(&g.store, g.h, false, &[set(&[], digits)]),
        tagged(3)
    );
    let bytes = Src::ParseBytes(Some(0x42));
    let built = build_after(
        &g.store,
        g.s,
        false,
        &[set(&[Field(0)], bytes), set(&[Field(1)], imm(g.n, 7))],
    );
    assert_eq!(built, AValue::Fields(vec![tagged(0x42), tagged(7)]));
    let failed = MError::ParseFailed {
        path: "$.a".to_owned(),
        shape: "H".to_owned(),
    };
    for src in [
        Src::Parse(Text::Mixed(4)),
        Src::Parse(Text::Empty),
        Src::ParseBytes(None),
    ] {
        // Over a value already there: it is dropped, the Trame poisoned.
        let actions = [set(&[Field(0)], imm(g.h, 2)), set(&[Field(0)], src)];
        fails_with(&g.store, g.s, false, &actions, failed.clone());
    }
}

// t[verify hook.convert]
#[test]
fn convert_builds_from_its_source_shape_only() {
    let g = shapes();
    assert_eq!(
        build_after(
            &g.store,
            g.h,
            false,
            &[set(&[], Src::Convert { shape: g.f, tag: 4 })]
        ),
        tagged(5)
    );
    let refused = |from: &str| MError::ConversionFailed {
        path: "$.a".to_owned(),
        shape: "H".to_owned(),
        from: from.to_owned(),
    };
    // An odd source is refused after the hook took it; a source of
    // another shape is refused untouched: dropped once either way.
    let odd = Src::Convert { shape: g.f, tag: 5 };
    fails_with(&g.store, g.s, false, &[set(&[Field(0)], odd)], refused("F"));
    let other = Src::Convert { shape: g.n, tag: 4 };
    fails_with(
        &g.store,
        g.s,
        false,
        &[set(&[Field(0)], other)],
        refused("N"),
    );
}

// t[verify hook.convert.identity]
#[test]
fn convert_from_the_destination_shape_moves_in() {
    let g = shapes();
    // `H` would refuse the odd tag through its hook; `F` has no hook.
    for shape in [g.h, g.f] {
        let own = Src::Convert { shape, tag: 5 };
        assert_eq!(
            build_after(&g.store, shape, false, &[set(&[], own)]),
            tagged(5)
        );
    }
}

// t[verify hook.missing]
// t[verify hook.declared]
#[test]
fn a_missing_hook_is_an_error_naming_it() {
    let g = shapes();
    let no_hook = |hook| MError::NoHook {
        path: "$.b".to_owned(),
        shape: "N".to_owned(),
        hook,
    };
    for (src, hook) in [
        (Src::Parse(Text::Digits(1)), "parse"),
        (Src::ParseBytes(Some(1)), "parse_bytes"),
        (Src::Convert { shape: g.f, tag: 2 }, "try_from"),
    ] {
        let actions = [set(&[Field(1)], imm(g.n, 3)), set(&[Field(1)], src)];
        fails_with(&g.store, g.s, false, &actions, no_hook(hook));
    }
}

// t[verify hook.invariants]
// t[verify hook.invariants.when]
#[test]
fn the_root_is_checked_at_build_however_it_was_made() {
    let g = shapes();
    let root = || violated("$", "H");
    build_fails(
        &g.store,
        g.h,
        false,
        &[set(&[], imm(g.h, BROKEN_BYTE))],
        root(),
    );
    let bytes = Src::ParseBytes(Some(BROKEN_BYTE));
    build_fails(&g.store, g.h, true, &[set(&[], bytes)], root());
    // A conversion from `BROKEN_BYTE - 1` makes `BROKEN_BYTE`.
    let conv = Src::Convert {
        shape: g.f,
        tag: BROKEN_BYTE - 1,
    };
    build_fails(&g.store, g.h, false, &[set(&[], conv)], root());
    // Built piece by piece: `S`'s first byte is its field `a`'s.
    let actions = [
        set(&[Field(0)], imm(g.h, BROKEN_BYTE)),
        set(&[Field(1)], imm(g.n, 1)),
    ];
    build_fails(&g.store, g.s, false, &actions, violated("$", "S"));
}

// t[verify hook.invariants.when]
#[test]
fn values_written_whole_into_a_slot_are_not_checked() {
    let g = shapes();
    let actions = [
        set(&[Field(0)], imm(g.s, BROKEN_BYTE)),
        set(&[Field(1)], imm(g.n, 1)),
    ];
    let built = build_after(&g.store, g.o, false, &actions);
    let broken = AValue::Fields(vec![tagged(BROKEN_BYTE), tagged(BROKEN_BYTE)]);
    assert_eq!(built, AValue::Fields(vec![broken, tagged(1)]));
}

// t[verify hook.invariants.when]
#[test]
fn strict_end_checks_the_node_it_leaves() {
    let g = shapes();
    // `S` staged, its `a` written whole (not checked), `End` checks `S`.
    let actions = [
        set(&[Field(0), Field(0)], imm(g.h, BROKEN_BYTE)),
        set(&[Field(1)], imm(g.n, 1)),
        Action::End,
    ];
    fails_with(&g.store, g.o, false, &actions, violated("$.s", "S"));
    // A scalar staged as a node of its own is checked at its `End`.
    let actions = [
        set(&[Field(0), Field(0)], Src::Stage),
        set(&[], imm(g.h, BROKEN_BYTE)),
        Action::End,
    ];
    fails_with(&g.store, g.o, false, &actions, violated("$.s.a", "H"));
    // So is a node re-staged over a value written whole.
    let actions = [
        set(&[Field(0)], imm(g.s, BROKEN_BYTE)),
        set(&[Field(0)], Src::Stage),
        Action::End,
    ];
    fails_with(&g.store, g.o, false, &actions, violated("$.s", "S"));
}

// t[verify hook.invariants.when]
#[test]
fn a_deferred_node_with_invariants_waits_for_validation() {
    let g = shapes();
    let broken_s = [
        set(&[Field(0), Field(0)], imm(g.h, BROKEN_BYTE)),
        set(&[Field(1)], imm(g.n, 1)),
        // Complete, but not folded: the cursor goes up, the node stays.
        Action::End,
        set(&[Field(1)], imm(g.n, 2)),
    ];
    // Re-entered and corrected before validation: accepted.
    let fixed = [
        &broken_s[..],
        &[
            set(&[Field(0), Field(0)], Src::Parse(Text::Digits(1))),
            Action::End,
        ],
    ]
    .concat();
    let built = build_after(&g.store, g.o, true, &fixed);
    let s = AValue::Fields(vec![tagged(1), tagged(1)]);
    assert_eq!(built, AValue::Fields(vec![s, tagged(2)]));
    // Not corrected: the fold at validation (build) refuses it.
    build_fails(&g.store, g.o, true, &broken_s, violated("$.s", "S"));
    // Leaving a deferred subtree validates it: the same check.
    let exit = [
        set(&[Field(0)], Src::StageDeferred),
        set(&[Field(0)], imm(g.h, BROKEN_BYTE)),
        set(&[Field(1)], imm(g.n, 1)),
        Action::End,
    ];
    fails_with(&g.store, g.o, false, &exit, violated("$.s", "S"));
}

/// Validation stops at the first node (depth first) that breaks its
/// invariants, before reporting what is missing after it.
#[test]
fn a_broken_child_ends_validation_before_missing_fields_are_reported() {
    let g = shapes();
    let actions = [
        set(&[Field(0), Field(0)], imm(g.h, BROKEN_BYTE)),
        set(&[Field(1)], imm(g.n, 1)),
        Action::End,
    ];
    build_fails(&g.store, g.o, true, &actions, violated("$.s", "S"));
}

/// When several nodes break their invariants, validation reports the
/// first it checks; the spec does not say which (trame checks children in
/// the order they were staged), so the model admits any node that has no
/// broken descendant, and never one whose child is broken.
#[test]
fn of_several_broken_nodes_validation_reports_one() {
    let mut g = shapes();
    let two = g
        .store
        .structure("P", &[("x", g.s), ("y", g.s)], false)
        .unwrap();
    let broken = |field| {
        vec![
            set(
                &[trame::PathSegment::Root, Field(field), Field(0)],
                imm(g.h, BROKEN_BYTE),
            ),
            set(&[Field(1)], imm(g.n, 1)),
            Action::End,
        ]
    };
    let both = MError::InvariantViolatedAny(vec![
        ("$.x".to_owned(), "S".to_owned()),
        ("$.y".to_owned(), "S".to_owned()),
    ]);
    for order in [[0, 1], [1, 0]] {
        let actions = [broken(order[0]), broken(order[1])].concat();
        build_fails(&g.store, two, true, &actions, both.clone());
    }
    // A broken child hides its parent's check: `P` (checked at build, as
    // the root) is never reported.
    g.store
        .set_hooks(
            two,
            VHooks {
                invariants: true,
                ..VHooks::default()
            },
        )
        .unwrap();
    let actions = [broken(1), broken(0)].concat();
    build_fails(&g.store, two, true, &actions, both);
}
