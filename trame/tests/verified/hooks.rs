//! Construction hooks on the verified runtime: the model's parse,
//! conversion and invariants hooks (see `trame::verified::VHooks`), driven
//! through the same core as the live runtime, with the checked heap
//! inspected after each outcome.

use trame::verified::{BROKEN_BYTE, ShapeStore, VHeap, VHooks};
use trame::{PathSegment, RtSource, TrameError};

use super::support::{VTrame, assert_clean, assert_empty, built_bytes, set_imm};

const F0: PathSegment = PathSegment::Field(0);
const F1: PathSegment = PathSegment::Field(1);

/// `Addr` (a 4-byte scalar that parses from digits and converts from `u8`),
/// `u8`, and `Host { port: u8, addr: Addr }` whose invariants hold unless its
/// first value byte is `BROKEN_BYTE`.
struct Shapes {
    store: ShapeStore,
    addr: trame::verified::ShapeId,
    u8: trame::verified::ShapeId,
    host: trame::verified::ShapeId,
}

fn shapes() -> Shapes {
    let mut store = ShapeStore::new();
    let u8 = store.scalar("u8", 1, 1, true).unwrap();
    let addr = store.scalar("Addr", 4, 4, false).unwrap();
    let host = store
        .structure("Host", &[("port", u8), ("addr", addr)], false)
        .unwrap();
    let hooks = VHooks {
        parse: true,
        parse_bytes: true,
        try_from: Some(u8),
        invariants: false,
    };
    store.set_hooks(addr, hooks).unwrap();
    let invariants = VHooks {
        invariants: true,
        ..VHooks::default()
    };
    store.set_hooks(host, invariants).unwrap();
    Shapes {
        store,
        addr,
        u8,
        host,
    }
}

// t[verify hook.parse]
#[test]
fn parse_builds_and_refuses_on_the_checked_heap() {
    let s = shapes();
    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.addr));
    t.apply_set(&[], RtSource::Parse("7")).unwrap();
    let v = t.build().unwrap();
    assert_eq!(built_bytes(&heap, &v), vec![7; 4]);
    drop(v);
    assert_empty(&heap);

    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.host));
    set_imm(&mut t, &mut h, &[F0], s.store.shape(s.u8), 1).unwrap();
    let err = t.apply_set(&[F1], RtSource::Parse("x1")).unwrap_err();
    assert_eq!(
        err,
        TrameError::ParseFailed {
            path: "$.addr".into(),
            shape: "Addr".into(),
            message: "\"x1\" is not a number".into(),
        }
    );
    assert!(t.is_poisoned());
    drop(t);
    assert_empty(&heap);

    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.addr));
    t.apply_set(&[], RtSource::ParseBytes(&[3, 1])).unwrap();
    let v = t.build().unwrap();
    assert_eq!(built_bytes(&heap, &v), vec![3; 4]);
    drop(v);
    assert_empty(&heap);
}

// t[verify hook.missing]
#[test]
fn hooks_a_shape_lacks_are_errors_and_the_value_is_dropped() {
    let s = shapes();
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.host));
    let err = t.apply_set(&[F0], RtSource::Parse("1")).unwrap_err();
    assert!(matches!(err, TrameError::NoHook { hook: "parse", .. }));
    drop(t);
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.host));
    // From another shape than `port`'s own (`u8`), which would move in
    // without a hook (hook.convert.identity).
    let imm = h.new_imm(s.store.shape(s.addr), 2).unwrap();
    let err = t.apply_set(&[F0], RtSource::Convert(imm)).unwrap_err();
    assert!(matches!(
        err,
        TrameError::NoHook {
            hook: "try_from",
            ..
        }
    ));
    drop(t);
    assert_empty(&heap);
    assert_eq!(heap.created_values(), heap.dropped_values());
}

// t[verify hook.convert]
#[test]
fn convert_consumes_its_source_once_in_every_outcome() {
    let s = shapes();
    for (tag, ok) in [(2u8, true), (3, false)] {
        let heap = VHeap::new();
        let mut h = heap.clone();
        let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.addr));
        let imm = h.new_imm(s.store.shape(s.u8), tag).unwrap();
        let r = t.apply_set(&[], RtSource::Convert(imm));
        assert_eq!(r.is_ok(), ok, "{r:?}");
        if ok {
            let v = t.build().unwrap();
            assert_eq!(built_bytes(&heap, &v), vec![tag + 1; 4]);
            drop(v);
        } else {
            assert!(matches!(r, Err(TrameError::ConversionFailed { .. })));
            drop(t);
        }
        assert_clean(&heap);
        assert_empty(&heap);
        assert_eq!(heap.created_values(), heap.dropped_values());
    }
    // A source shape the hook does not convert from: not consumed by the
    // hook, dropped by the heap.
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.addr));
    let imm = h.new_imm(s.store.shape(s.host), 2).unwrap();
    let err = t.apply_set(&[], RtSource::Convert(imm)).unwrap_err();
    assert!(matches!(err, TrameError::ConversionFailed { .. }));
    drop(t);
    assert_empty(&heap);
    assert_eq!(heap.created_values(), heap.dropped_values());
}

// t[verify hook.convert.identity]
#[test]
fn convert_from_the_destination_shape_moves_without_the_hook() {
    let s = shapes();
    // `Addr` has a hook (which would refuse the odd tag 3), `u8` has none:
    // both move their own values in unchanged.
    for (shape, size) in [(s.addr, 4), (s.u8, 1)] {
        let heap = VHeap::new();
        let mut h = heap.clone();
        let mut t = VTrame::new_verified(heap.clone(), s.store.shape(shape));
        let imm = h.new_imm(s.store.shape(shape), 3).unwrap();
        t.apply_set(&[], RtSource::Convert(imm)).unwrap();
        let v = t.build().unwrap();
        assert_eq!(built_bytes(&heap, &v), vec![3; size]);
        drop(v);
        assert_clean(&heap);
        assert_empty(&heap);
        assert_eq!(heap.created_values(), heap.dropped_values());
    }
}

// t[verify hook.invariants]
// t[verify hook.invariants.when]
#[test]
fn invariants_run_when_the_node_completes() {
    let s = shapes();
    for (port, ok) in [(1u8, true), (BROKEN_BYTE, false)] {
        let heap = VHeap::new();
        let mut h = heap.clone();
        let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.host));
        set_imm(&mut t, &mut h, &[F0], s.store.shape(s.u8), port).unwrap();
        t.apply_set(&[F1], RtSource::Parse("4")).unwrap();
        let r = t.build();
        assert_eq!(r.is_ok(), ok);
        if let Err(e) = &r {
            assert_eq!(
                e,
                &TrameError::InvariantViolated {
                    path: "$".into(),
                    shape: "Host".into(),
                    message: "Host broke its invariant".into(),
                }
            );
        }
        drop(r);
        assert_clean(&heap);
        assert_empty(&heap);
    }
}
