//! Proxies on the verified runtime: the model's proxy conversion (see
//! `trame::verified::VProxy`), driven through the same core as the live
//! runtime, with the checked heap inspected after each outcome.

use trame::verified::{ProxyAt, ShapeStore, VHeap};
use trame::{PathSegment, RtSource, TrameError};

use super::support::{VTrame, assert_clean, assert_empty, built_bytes, set_imm};

const F0: PathSegment = PathSegment::Field(0);
const F1: PathSegment = PathSegment::Field(1);

/// `Target` (4-byte scalar) built through the proxy `Wire { a: u8, b: u8 }`
/// on the type, and `Outer { x: u8, t: Target }` whose field `t` has its
/// own proxy `u16`, and a JSON-only one `u8`.
struct Shapes {
    store: ShapeStore,
    u8: trame::verified::ShapeId,
    u16: trame::verified::ShapeId,
    target: trame::verified::ShapeId,
    outer: trame::verified::ShapeId,
}

fn shapes() -> Shapes {
    let mut store = ShapeStore::new();
    let u8 = store.scalar("u8", 1, 1, true).unwrap();
    let u16 = store.scalar("u16", 2, 2, true).unwrap();
    let target = store.scalar("Target", 4, 4, false).unwrap();
    let wire = store
        .structure("Wire", &[("a", u8), ("b", u8)], false)
        .unwrap();
    let outer = store
        .structure("Outer", &[("x", u8), ("t", target)], false)
        .unwrap();
    store.set_proxy(ProxyAt::Shape(target), None, wire).unwrap();
    store
        .set_proxy(ProxyAt::Field(outer, 1), None, u16)
        .unwrap();
    store
        .set_proxy(ProxyAt::Field(outer, 1), Some("json"), u8)
        .unwrap();
    Shapes {
        store,
        u8,
        u16,
        target,
        outer,
    }
}

// t[verify proxy.stage]
// t[verify proxy.convert]
#[test]
fn the_root_builds_through_its_type_proxy() {
    let s = shapes();
    for (a, ok) in [(2u8, true), (3, false)] {
        let heap = VHeap::new();
        let mut h = heap.clone();
        let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.target));
        t.apply_set(&[], RtSource::StageProxy).unwrap();
        t.apply_set(&[F0], RtSource::Stage(None)).unwrap();
        set_imm(&mut t, &mut h, &[F0], s.store.shape(s.u8), a).unwrap();
        set_imm(&mut t, &mut h, &[F1], s.store.shape(s.u8), 9).unwrap();
        let r = t.build();
        assert_eq!(r.is_ok(), ok, "{:?}", r.as_ref().err());
        if let Ok(v) = &r {
            assert_eq!(built_bytes(&heap, v), vec![a + 1; 4]);
        } else {
            assert!(matches!(r, Err(TrameError::ConversionFailed { .. })));
        }
        drop(r);
        assert_clean(&heap);
        assert_empty(&heap);
    }
}

// t[verify proxy.choice]
#[test]
fn a_field_proxy_and_a_format_proxy_win() {
    let s = shapes();
    for (format, proxy) in [(None, s.u16), (Some("json"), s.u8), (Some("yaml"), s.u16)] {
        let heap = VHeap::new();
        let mut h = heap.clone();
        let t = VTrame::new_verified(heap.clone(), s.store.shape(s.outer));
        let mut t = match format {
            Some(f) => t.with_format(f),
            None => t,
        };
        set_imm(&mut t, &mut h, &[F0], s.store.shape(s.u8), 1).unwrap();
        t.apply_set(&[F1], RtSource::StageProxy).unwrap();
        set_imm(&mut t, &mut h, &[F0], s.store.shape(proxy), 4).unwrap();
        let v = t.build().unwrap();
        assert_clean(&heap);
        // Field `t` lies at offset 4 (bytes 1..4 are padding).
        let p = v.ptr();
        let t = trame::verified::VPtr {
            alloc: p.alloc,
            offset: p.offset + 4,
        };
        assert_eq!(heap.read(t, 4), Some(vec![5; 4]));
        drop(v);
        assert_empty(&heap);
    }
}

// t[verify proxy.convert]
#[test]
fn an_abandoned_proxy_value_is_dropped_once() {
    let s = shapes();
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.outer));
    t.apply_set(&[F1], RtSource::StageProxy).unwrap();
    set_imm(&mut t, &mut h, &[F0], s.store.shape(s.u16), 4).unwrap();
    drop(t);
    assert_empty(&heap);
    assert_eq!(heap.created_values(), heap.dropped_values());
}

// t[verify proxy.missing]
#[test]
fn no_proxy_is_an_error() {
    let s = shapes();
    let heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.store.shape(s.outer));
    let err = t.apply_set(&[F0], RtSource::StageProxy).unwrap_err();
    assert!(matches!(err, TrameError::NoHook { hook: "proxy", .. }));
    drop(t);
    assert_empty(&heap);
}

// t[verify proxy.stage]
/// Regression: the payload slot of an enum variant built in place is no
/// value slot. `StageProxy` there used to be accepted whenever the enum
/// declared a proxy of its own: the new proxy node stood for a whole enum
/// at the payload's bytes, whose discriminant was already written, and its
/// conversion wrote a whole enum over it.
#[test]
fn a_variant_payload_is_not_staged_through_the_enum_proxy() {
    let mut store = ShapeStore::new();
    let u8 = store.scalar("u8", 1, 1, true).unwrap();
    let e = store
        .enumeration(
            "E",
            1,
            &[
                ("V0", trame::VariantStyle::Unit, &[]),
                ("V1", trame::VariantStyle::Tuple, &[("0", u8)]),
            ],
        )
        .unwrap();
    store.set_proxy(ProxyAt::Shape(e), None, u8).unwrap();
    let heap = VHeap::new();
    let mut h = heap.clone();
    let mut t = VTrame::new_verified(heap.clone(), store.shape(e));
    let err = t.apply_set(&[F1, F0], RtSource::StageProxy);
    let err = match err {
        Err(e) => e,
        Ok(()) => {
            // What used to follow: a whole `E` made over the variant.
            let _ = set_imm(&mut t, &mut h, &[F0], store.shape(u8), 2);
            let _ = t.build();
            panic!("accepted; heap violations: {:?}", heap.violations());
        }
    };
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err:?}");
    drop(t);
    assert_clean(&heap);
    assert_empty(&heap);
}
