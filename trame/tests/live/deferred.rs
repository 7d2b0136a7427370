//! Deferred mode (`new_deferred`, `StageDeferred`): interleaved re-entry,
//! validation on exit listing every missing path, overwrite, cleanup.

use trame::flatten::route_key;
use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Counted, CountedPair, Counter, Outer, Pair, finish, ok};

#[derive(Facet, Debug, PartialEq)]
struct Flat {
    #[facet(flatten)]
    inner: Pair,
    c: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Deep {
    #[facet(flatten)]
    flat: Flat,
    #[facet(rename = "dee", alias = "d2")]
    d: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Holder {
    mid: Outer,
    d: u32,
}

/// Applies the ops a JSON front-end would for `{ "a": 1, "c": 9, "b": 2 }`
/// into `Flat`, routing each key with `route_key`.
// t[verify state.machine.deferred-end]
#[test]
fn flattened_keys_interleave_in_deferred_mode() {
    let mut t = Trame::new_deferred::<Flat>();
    for (key, value) in [("a", 1u32), ("c", 9), ("b", 2)] {
        let route = route_key(Flat::SHAPE, key).unwrap();
        let (last, parents) = route.fields().split_last().unwrap();
        for &p in parents {
            ok(&mut t, Op::set().at(p).stage());
        }
        ok(&mut t, Op::set().at(*last).imm(value));
        for _ in parents {
            ok(&mut t, Op::end());
        }
        assert_eq!(t.depth(), 0);
    }
    let v = t.build().unwrap().materialize::<Flat>().unwrap();
    assert_eq!(
        v,
        Flat {
            inner: Pair { a: 1, b: 2 },
            c: 9
        }
    );
}

/// Applies `key = value` to a deferred Trame the way a front-end would:
/// route the key, stage the flattened parents, set, and climb back.
fn set_routed(t: &mut Trame<'static>, shape: &'static trame::Shape, key: &str, value: u32) {
    let route = route_key(shape, key).unwrap();
    let (last, parents) = route.fields().split_last().unwrap();
    for &p in parents {
        ok(t, Op::set().at(p).stage());
    }
    ok(t, Op::set().at(*last).imm(value));
    for _ in parents {
        ok(t, Op::end());
    }
}

/// Every order of the keys of a two-level flatten builds the same value.
#[test]
fn interleavings_two_flatten_levels_deep_in_every_order() {
    let keys = ["a", "b", "c", "dee"];
    let mut orders: Vec<Vec<usize>> = vec![vec![]];
    for _ in 0..keys.len() {
        let mut longer = Vec::new();
        for o in &orders {
            for k in (0..keys.len()).filter(|k| !o.contains(k)) {
                let mut o = o.clone();
                o.push(k);
                longer.push(o);
            }
        }
        orders = longer;
    }
    assert_eq!(orders.len(), 24);
    for order in orders {
        let mut t = Trame::new_deferred::<Deep>();
        for k in &order {
            set_routed(&mut t, Deep::SHAPE, keys[*k], *k as u32 + 1);
        }
        let v = t.build().unwrap().materialize::<Deep>().unwrap();
        assert_eq!(
            v,
            Deep {
                flat: Flat {
                    inner: Pair { a: 1, b: 2 },
                    c: 3
                },
                d: 4
            },
            "order {order:?}"
        );
    }
    // A missing key deep inside is reported with its full path.
    let mut t = Trame::new_deferred::<Deep>();
    for key in ["c", "a", "dee"] {
        set_routed(&mut t, Deep::SHAPE, key, 1);
    }
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing field b in Pair at $.flat.inner"
    );
}

// t[verify state.machine.deferred-end]
#[test]
fn deferred_end_keeps_an_incomplete_node_for_re_entry() {
    let mut t = Trame::new_deferred::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::end());
    let tree = t.to_string();
    assert!(tree.contains("├─ inner → ⟨Child: Pair⟩"), "{tree}");
    ok(&mut t, Op::set().at(1).imm(9u32));
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    let v = t.build().unwrap().materialize::<Outer>().unwrap();
    assert_eq!(
        v,
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 9
        }
    );
}

#[test]
fn deferred_build_lists_every_missing_path() {
    let mut t = Trame::new_deferred::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    let err = t.build().unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$.inner".into(),
            shape: "Pair".into(),
            missing: vec!["a".into()],
            all: vec!["$.inner.a".into(), "$.c".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "missing field a in Pair at $.inner; also missing $.c"
    );
}

#[test]
fn stage_deferred_roots_a_subtree_validated_at_its_end() {
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::end()); // inner is kept, incomplete
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(1).imm(3u32));
    ok(&mut t, Op::set().at(0).at(1).imm(2u32)); // re-enter inner, finish it
    ok(&mut t, Op::end()); // leave inner
    ok(&mut t, Op::end()); // leave the deferred root: validated, folded
    ok(&mut t, Op::set().at(1).imm(4u32));
    let v = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!(
        v,
        Holder {
            mid: Outer {
                inner: Pair { a: 1, b: 2 },
                c: 3
            },
            d: 4
        }
    );

    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    ok(&mut t, Op::end());
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field b in Pair at $.mid.inner; also missing $.mid.c"
    );
    assert!(t.is_poisoned());
}

/// `StageDeferred` inside a subtree that is already deferred adds no
/// deferred root: the node is kept incomplete by `End`, like any other
/// deferred node, and only the outer deferred root validates.
#[test]
fn stage_deferred_inside_a_deferred_subtree_roots_nothing_new() {
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::end()); // inner: deferred, not a root, kept incomplete
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(1).imm(3u32));
    ok(&mut t, Op::set().at(0).at(1).imm(2u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end()); // mid: the deferred root, validated
    ok(&mut t, Op::set().at(1).imm(4u32));
    let v = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!(v.mid.inner, Pair { a: 1, b: 2 });

    let mut t = Trame::new_deferred::<Outer>();
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end()); // kept: the root is the only deferred root
    ok(&mut t, Op::set().at(1).imm(3u32));
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field a in Pair at $.inner");
}

#[test]
fn root_climbing_out_of_a_deferred_subtree_validates_it() {
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    let err = t.apply(Op::set().root().at(1).imm(4u32)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field b in Pair at $.mid.inner; also missing $.mid.c"
    );
    assert!(t.is_poisoned());
}

#[test]
fn stage_deferred_at_the_empty_path_defers_the_current_node() {
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().stage_deferred());
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    ok(&mut t, Op::end()); // inner: deferred, kept
    ok(&mut t, Op::set().at(0).at(1).imm(2u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(3u32));
    ok(&mut t, Op::end()); // mid validated
    ok(&mut t, Op::set().at(1).imm(4u32));
    let v = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!(v.mid.inner, Pair { a: 1, b: 2 });
}

// t[verify state.machine.overwrite]
#[test]
fn overwrite_in_deferred_mode_drops_the_replaced_subtree() {
    let c = Counter::new();
    let mut t = Trame::new_deferred::<CountedPair>();
    ok(&mut t, Op::set().at(0).stage());
    ok(
        &mut t,
        Op::set().at(1).imm(crate::support::Tracker::tagged(&c, 1)),
    );
    ok(&mut t, Op::end()); // `left` kept, partial (tracker set, id missing)
    ok(&mut t, Op::set().at(0).imm(Counted::new(2, &c)));
    c.assert(2, 1);
    ok(&mut t, Op::set().at(1).imm(Counted::new(3, &c)));
    ok(&mut t, Op::set().at(1).imm(Counted::new(4, &c))); // complete overwritten
    c.assert(4, 2);
    let v = t.build().unwrap().materialize::<CountedPair>().unwrap();
    assert_eq!((v.left.id, v.right.id), (2, 4));
    drop(v);
    c.assert_all_dropped(4);
}

// t[verify state.machine.poison-cleanup]
#[test]
fn abandoned_and_failed_deferred_trees_drop_everything_once() {
    let c = Counter::new();
    let mut t = Trame::new_deferred::<CountedPair>();
    ok(&mut t, Op::set().at(0).stage());
    ok(
        &mut t,
        Op::set().at(1).imm(crate::support::Tracker::tagged(&c, 1)),
    );
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).stage());
    ok(
        &mut t,
        Op::set().at(1).imm(crate::support::Tracker::tagged(&c, 2)),
    );
    ok(&mut t, Op::end());
    drop(t);
    c.assert_all_dropped(2);

    let c = Counter::new();
    let mut t = Trame::new_deferred::<CountedPair>();
    ok(&mut t, Op::set().at(0).stage());
    ok(
        &mut t,
        Op::set().at(1).imm(crate::support::Tracker::tagged(&c, 1)),
    );
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(Counted::new(2, &c)));
    assert!(t.build().is_err());
    c.assert_all_dropped(2);
}

#[test]
fn route_key_follows_flatten_rename_and_alias() {
    let route = |k| route_key(Deep::SHAPE, k).map(|r| r.fields().to_vec());
    assert_eq!(route("a"), Some(vec![0, 0, 0]));
    assert_eq!(route("b"), Some(vec![0, 0, 1]));
    assert_eq!(route("c"), Some(vec![0, 1]));
    assert_eq!(route("dee"), Some(vec![1]));
    assert_eq!(route("d2"), Some(vec![1]));
    assert_eq!(route("d"), None, "renamed: the Rust name no longer matches");
    assert_eq!(
        route("inner"),
        None,
        "a flattened field's own name is not a key"
    );
    assert_eq!(route("zzz"), None);
    let path = route_key(Deep::SHAPE, "b").unwrap().to_path();
    assert_eq!(path.segments().len(), 3);
}

#[derive(Facet, Debug, PartialEq)]
struct Wrapped {
    boxed: Box<Pair>,
    maybe: Option<Pair>,
    shared: std::sync::Arc<Pair>,
}

/// Pointer pointees and option payloads are kept incomplete by a deferred
/// `End` and re-entered later, in any order.
#[test]
fn pointees_and_option_payloads_are_re_entered_in_deferred_mode() {
    let mut t = Trame::new_deferred::<Wrapped>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32)); // boxed.*.a
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).at(0).at(1).imm(2u32)); // maybe.some.b
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(2).at(0).at(0).imm(5u32)); // shared.*.a
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(3u32)); // back into boxed
    ok(&mut t, Op::set().root().at(1).at(0).at(0).imm(4u32)); // back into maybe
    ok(&mut t, Op::set().root().at(2).at(0).at(1).imm(6u32)); // back into shared
    let v = t.build().unwrap().materialize::<Wrapped>().unwrap();
    assert_eq!(
        v,
        Wrapped {
            boxed: Box::new(Pair { a: 1, b: 3 }),
            maybe: Some(Pair { a: 4, b: 2 }),
            shared: std::sync::Arc::new(Pair { a: 5, b: 6 }),
        }
    );

    // Left incomplete, they are reported by full path.
    let mut t = Trame::new_deferred::<Wrapped>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).at(0).at(1).imm(2u32));
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing field b in Pair at $.boxed.*; also missing $.maybe.some.a, $.shared"
    );
}

/// Twelve levels of flattened structs: `L0 { k0, #[flatten] next: L1 }` …
/// down to `L11 { k11 }`.
mod deep_flatten {
    use facet::Facet;

    macro_rules! levels {
        ($last:ident $klast:ident) => {
            #[derive(Facet, Debug, PartialEq)]
            pub struct $last {
                pub $klast: u32,
            }
        };
        ($name:ident $k:ident, $next:ident $knext:ident $(, $rest:ident $krest:ident)*) => {
            #[derive(Facet, Debug, PartialEq)]
            pub struct $name {
                pub $k: u32,
                #[facet(flatten)]
                pub next: $next,
            }
            levels!($next $knext $(, $rest $krest)*);
        };
    }

    levels!(L0 k0, L1 k1, L2 k2, L3 k3, L4 k4, L5 k5, L6 k6, L7 k7, L8 k8, L9 k9, L10 k10, L11 k11);
}

// t[verify api.flatten.any-depth]
#[test]
fn route_key_finds_keys_through_any_depth_of_flatten() {
    use deep_flatten::*;
    // `k11` lies eleven flattened fields down: route [1; 11] then field 0.
    let route = route_key(L0::SHAPE, "k11").unwrap();
    let mut expected = vec![1u32; 11];
    expected.push(0);
    assert_eq!(route.fields(), &expected[..]);
    assert!(route_key(L0::SHAPE, "k12").is_none());

    // Build it from keys in reverse order, each routed and set in deferred
    // mode.
    let mut t = Trame::new_deferred::<L0>();
    for k in (0..12u32).rev() {
        let route = route_key(L0::SHAPE, &format!("k{k}")).unwrap();
        let (last, parents) = route.fields().split_last().unwrap();
        for &p in parents {
            ok(&mut t, Op::set().at(p).stage());
        }
        ok(&mut t, Op::set().at(*last).imm(k));
        for _ in parents {
            ok(&mut t, Op::end());
        }
    }
    let v = finish::<L0>(t);
    assert_eq!(v.k0, 0);
    let deepest = v.next.next.next.next.next.next.next.next.next.next.next;
    assert_eq!(deepest, L11 { k11: 11 });
}
