//! Directed scenarios for proxies (`StageProxy`), run in lock step on the
//! model and on a `Trame` (every step compared, the heap checked: no
//! violation, nothing left, every proxy value dropped once). Each asserts
//! the outcome the spec's `proxy.*` rules prescribe, so a model that
//! drifted from the spec fails here even where it agrees with trame.
//!
//! The shapes: `N` (a 1-byte scalar), `U` (a 2-byte scalar), `T` (a
//! 4-byte scalar whose proxy is `Wire = struct { a: N, b: N }`),
//! `O = struct { x: N, t: T }` whose field `t` declares the proxy `U`, and
//! `N` for the format `json`; `L`, a list of `T`; `M`, a map `N → T`;
//! `E = enum { V0, V1(T) }` whose proxy is `N`.

mod common;

use common::*;
use trame::PathSegment::{Append, Field};
use trame::verified::{ProxyAt, ShapeId, ShapeStore};
use trame_check::driver::{Action, Outcome};
use trame_check::model::{AValue, MError, Src};

struct Shapes {
    store: ShapeStore,
    n: ShapeId,
    u: ShapeId,
    t: ShapeId,
    o: ShapeId,
    l: ShapeId,
    m: ShapeId,
    e: ShapeId,
}

fn shapes() -> Shapes {
    let mut store = ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let u = store.scalar("U", 2, 2, false).unwrap();
    let t = store.scalar("T", 4, 4, false).unwrap();
    let wire = store
        .structure("Wire", &[("a", n), ("b", n)], false)
        .unwrap();
    let o = store.structure("O", &[("x", n), ("t", t)], false).unwrap();
    let l = store.list(t).unwrap();
    let m = store.map(n, t).unwrap();
    let e = store
        .enumeration(
            "E",
            1,
            &[
                ("V0", trame::VariantStyle::Unit, &[]),
                ("V1", trame::VariantStyle::Tuple, &[("0", t)]),
            ],
        )
        .unwrap();
    store.set_proxy(ProxyAt::Shape(t), None, wire).unwrap();
    store.set_proxy(ProxyAt::Field(o, 1), None, u).unwrap();
    store
        .set_proxy(ProxyAt::Field(o, 1), Some("json"), n)
        .unwrap();
    store.set_proxy(ProxyAt::Shape(e), None, n).unwrap();
    Shapes {
        store,
        n,
        u,
        t,
        o,
        l,
        m,
        e,
    }
}

fn proxy() -> Action {
    set(&[], Src::StageProxy)
}

fn refused(path: &str, shape: &str, from: &str) -> MError {
    MError::ConversionFailed {
        path: path.to_owned(),
        shape: shape.to_owned(),
        from: from.to_owned(),
    }
}

// t[verify proxy.stage]
// t[verify proxy.convert]
#[test]
fn the_root_builds_through_its_type_proxy_or_fails() {
    let g = shapes();
    for deferred in [false, true] {
        let wire = |a| {
            [
                proxy(),
                set(&[Field(0), Field(0)], imm(g.n, a)),
                set(&[Field(1)], imm(g.n, 9)),
                Action::End,
            ]
        };
        // Even: converted into the first byte plus one.
        assert_eq!(
            build(&g.store, g.t, deferred, None, &wire(2)),
            Ok(tagged(3))
        );
        // Odd: refused at build, naming both shapes.
        assert_eq!(
            build(&g.store, g.t, deferred, None, &wire(3)),
            Err(refused("$", "T", "Wire"))
        );
    }
}

// t[verify proxy.choice]
#[test]
fn the_field_proxy_wins_and_the_format_one_first() {
    let g = shapes();
    for (format, proxy) in [(None, g.u), (Some("json"), g.n), (Some("yaml"), g.u)] {
        let actions = [
            set(&[Field(0)], imm(g.n, 1)),
            set(&[Field(1)], Src::StageProxy),
            set(&[Field(0)], imm(proxy, 4)),
        ];
        assert_eq!(
            build(&g.store, g.o, false, format, &actions),
            Ok(AValue::Fields(vec![tagged(1), tagged(5)]))
        );
    }
    // At the empty path of the staged field too.
    let actions = [
        set(&[Field(0)], imm(g.n, 1)),
        set(&[Field(1)], Src::Stage),
        proxy(),
        set(&[Field(0)], imm(g.u, 6)),
        Action::End,
    ];
    assert_eq!(
        build(&g.store, g.o, false, None, &actions),
        Ok(AValue::Fields(vec![tagged(1), tagged(7)]))
    );
}

// t[verify proxy.convert]
#[test]
fn strict_end_converts_and_a_refusal_poisons() {
    let g = shapes();
    let stage = [
        set(&[Field(0)], imm(g.n, 1)),
        set(&[Field(1)], Src::StageProxy),
    ];
    let mut odd = stage.to_vec();
    odd.extend([set(&[Field(0)], imm(g.u, 5)), Action::End]);
    assert_eq!(
        last_outcome(&g.store, g.o, false, &odd),
        Outcome::Rejected(refused("$.t", "T", "U"))
    );
    // The proxy value missing: the destination is missing (the path
    // does not name the proxy value).
    let mut empty = stage.to_vec();
    empty.push(Action::End);
    assert_eq!(
        last_outcome(&g.store, g.o, false, &empty),
        Outcome::Rejected(MError::Incomplete {
            all: vec!["$.t".to_owned()]
        })
    );
}

// t[verify proxy.stage]
#[test]
fn a_deferred_proxy_node_is_resumed_and_converted_at_build() {
    let g = shapes();
    let actions = [
        set(&[Field(1)], Src::StageProxy),
        Action::End,
        set(&[Field(0)], imm(g.n, 3)),
        // Resumed: the proxy node is still there, empty.
        set(&[Field(1)], Src::StageProxy),
        set(&[Field(0)], imm(g.u, 8)),
        Action::End,
    ];
    assert_eq!(
        build(&g.store, g.o, true, None, &actions),
        Ok(AValue::Fields(vec![tagged(3), tagged(9)]))
    );
}

// t[verify proxy.stage]
#[test]
fn staging_through_a_proxy_drops_what_the_slot_held() {
    let g = shapes();
    // A value written whole, then rebuilt through the proxy.
    let actions = [
        set(&[Field(0)], imm(g.n, 1)),
        set(&[Field(1)], imm(g.t, 40)),
        set(&[Field(1)], Src::StageProxy),
        set(&[Field(0)], imm(g.u, 2)),
    ];
    assert_eq!(
        build(&g.store, g.o, false, None, &actions),
        Ok(AValue::Fields(vec![tagged(1), tagged(3)]))
    );
    // `Imm` at the proxy node itself writes the destination whole.
    let actions = [
        set(&[Field(0)], imm(g.n, 1)),
        set(&[Field(1)], Src::StageProxy),
        set(&[Field(0)], imm(g.u, 2)),
        set(&[], imm(g.t, 41)),
    ];
    assert_eq!(
        build(&g.store, g.o, false, None, &actions),
        Ok(AValue::Fields(vec![tagged(1), tagged(41)]))
    );
}

// t[verify proxy.stage]
#[test]
fn elements_stage_through_the_element_proxy() {
    let g = shapes();
    let actions = [
        set(&[Append], Src::StageProxy),
        set(&[Field(0)], Src::Stage),
        set(&[Field(0)], imm(g.n, 10)),
        set(&[Field(1)], imm(g.n, 11)),
        Action::End,
        Action::End,
        set(&[Append], Src::StageProxy),
    ];
    // The second element's proxy value is missing.
    assert_eq!(
        build(&g.store, g.l, false, None, &actions),
        Err(MError::Incomplete {
            all: vec!["$[1]".to_owned()]
        })
    );
    // A map's entry is no value slot.
    assert_eq!(
        last_outcome(&g.store, g.m, false, &[set(&[Append], Src::StageProxy)]),
        Outcome::Rejected(MError::Unsupported {
            path: "$".to_owned()
        })
    );
}

// t[verify proxy.missing]
#[test]
fn no_proxy_is_an_error_naming_the_shape() {
    let g = shapes();
    assert_eq!(
        last_outcome(&g.store, g.o, false, &[set(&[Field(0)], Src::StageProxy)]),
        Outcome::Rejected(MError::NoHook {
            path: "$.x".to_owned(),
            shape: "N".to_owned(),
            hook: "proxy",
        })
    );
    assert_eq!(
        last_outcome(&g.store, g.n, false, &[proxy()]),
        Outcome::Rejected(MError::NoHook {
            path: "$".to_owned(),
            shape: "N".to_owned(),
            hook: "proxy",
        })
    );
}

// t[verify proxy.stage]
#[test]
fn a_variant_is_no_value_slot() {
    let g = shapes();
    for actions in [
        vec![set(&[Field(1)], Src::StageProxy)],
        vec![set(&[Field(1), Field(0)], Src::StageProxy)],
        vec![set(&[Field(1)], Src::Stage), proxy()],
    ] {
        let outcome = last_outcome(&g.store, g.e, false, &actions);
        assert!(
            matches!(outcome, Outcome::Rejected(MError::Unsupported { .. })),
            "{outcome:?}"
        );
    }
    // The enum as a whole has its proxy: `N`, converted into a tag.
    let actions = [proxy(), set(&[Field(0)], imm(g.n, 0))];
    assert!(build(&g.store, g.e, false, None, &actions).is_ok());
}

// t[verify proxy.convert]
#[test]
fn an_unconverted_proxy_value_is_dropped_once() {
    let g = shapes();
    // Abandoned (`last_outcome` drops the Trame; the heap must be empty).
    let staged = [
        set(&[Field(1)], Src::StageProxy),
        set(&[Field(0)], imm(g.u, 4)),
    ];
    assert_eq!(
        last_outcome(&g.store, g.o, false, &staged),
        Outcome::Accepted
    );
    // Poisoned with the proxy value staged.
    let mut poisoned = staged.to_vec();
    poisoned.push(set(&[Field(5)], Src::Stage));
    assert!(matches!(
        last_outcome(&g.store, g.o, true, &poisoned),
        Outcome::Rejected(MError::FieldOutOfRange { .. })
    ));
    let _ = g.t;
}
