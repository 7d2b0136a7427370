//! Tests of the checked heap: one test per violation kind, clean sequences,
//! and the inspection API.

use crate::runtime::{IArena, IHeap, IRuntime, IShape, OutOfCapacity};

use super::*;

struct Fixture {
    store: ShapeStore,
    u8_: ShapeId,
    u16_: ShapeId,
    u32_: ShapeId,
    u64_: ShapeId,
    /// `S { a: u8, b: u32, c: u16 }`: size 12, align 4, padding 1..4, 10..12.
    s: ShapeId,
    /// `[u8; 8]`.
    bytes8: ShapeId,
    /// `[u16; 4]` and `[u16; 2]`.
    w4: ShapeId,
    w2: ShapeId,
    nodef: ShapeId,
    zst: ShapeId,
}

fn fixture() -> Fixture {
    let mut st = ShapeStore::new();
    let u8_ = st.scalar("u8", 1, 1, true).unwrap();
    let u16_ = st.scalar("u16", 2, 2, true).unwrap();
    let u32_ = st.scalar("u32", 4, 4, true).unwrap();
    let u64_ = st.scalar("u64", 8, 8, true).unwrap();
    let s = st
        .structure("S", &[("a", u8_), ("b", u32_), ("c", u16_)], true)
        .unwrap();
    let bytes8 = st.array(u8_, 8).unwrap();
    let w4 = st.array(u16_, 4).unwrap();
    let w2 = st.array(u16_, 2).unwrap();
    let nodef = st.scalar("Opaque", 4, 4, false).unwrap();
    let zst = st.scalar("Zst", 0, 1, true).unwrap();
    Fixture {
        store: st,
        u8_,
        u16_,
        u32_,
        u64_,
        s,
        bytes8,
        w4,
        w2,
        nodef,
        zst,
    }
}

fn kinds(heap: &VHeap<'_>) -> Vec<ViolationKind> {
    heap.violations().iter().map(|v| v.kind).collect()
}

#[test]
fn clean_sequence_leaves_nothing_behind() {
    let f = fixture();
    let s = f.store.shape(f.s);
    let mut heap = VHeap::new();
    let dst = heap.alloc(s).unwrap();
    let imm = heap.new_imm(s, 7).unwrap();
    assert_eq!(heap.imm_shape(&imm), s);
    assert_eq!(heap.initialized_bytes(), 7);
    heap.imm_move_into(imm, dst);
    assert_eq!(heap.is_init(dst, s), Some(true));
    assert_eq!(heap.read(dst, 1), Some(vec![7]));
    assert_eq!(heap.read(heap.offset(dst, 4), 6), Some(vec![7; 6]));
    assert_eq!(heap.read(dst, 2), None, "padding stays uninitialized");
    assert_eq!(heap.live_allocations(), 1);
    heap.drop_in_place(dst, s);
    assert_eq!(heap.is_init(dst, s), Some(false));
    heap.dealloc(dst, s);
    assert!(heap.is_clean(), "{:?}", heap.violations());
    assert_eq!(heap.live_allocations(), 0);
    assert_eq!(heap.total_allocations(), 2);
    assert_eq!(heap.initialized_bytes(), 0);
    assert_eq!((heap.created_values(), heap.dropped_values()), (1, 1));
    assert!(heap.teardown_report().is_empty());
}

#[test]
fn field_by_field_defaults_then_whole_drop() {
    let f = fixture();
    let s = f.store.shape(f.s);
    let mut heap = VHeap::new();
    let p = heap.alloc(s).unwrap();
    for i in 0..s.slot_count() {
        let slot = s.slot(i).unwrap();
        assert!(heap.default_in_place(heap.offset(p, slot.offset), slot.shape));
    }
    assert_eq!(heap.is_init(p, s), Some(true));
    assert_eq!(heap.initialized_bytes(), 7);
    assert_eq!(heap.read(heap.offset(p, 8), 2), Some(vec![0xDF; 2]));
    heap.drop_in_place(p, s);
    heap.dealloc(p, s);
    assert!(heap.is_clean(), "{:?}", heap.violations());
    assert_eq!((heap.created_values(), heap.dropped_values()), (3, 1));
}

#[test]
fn imm_drop_and_zero_sized_values_are_clean() {
    let f = fixture();
    let (u32_, zst) = (f.store.shape(f.u32_), f.store.shape(f.zst));
    let mut heap = VHeap::new();
    let imm = heap.new_imm(u32_, 1).unwrap();
    heap.imm_drop(imm);
    let z = heap.alloc(zst).unwrap();
    let zi = heap.new_imm(zst, 9).unwrap();
    heap.imm_move_into(zi, z);
    assert_eq!(heap.is_init(z, zst), Some(true));
    heap.drop_in_place(z, zst);
    heap.dealloc(z, zst);
    assert!(heap.is_clean(), "{:?}", heap.violations());
    assert_eq!(heap.total_allocations(), 3);
    assert_eq!(heap.live_allocations(), 0);
    assert_eq!((heap.created_values(), heap.dropped_values()), (2, 2));
}

#[test]
fn default_without_default_changes_nothing() {
    let f = fixture();
    let nd = f.store.shape(f.nodef);
    let mut heap = VHeap::new();
    let p = heap.alloc(nd).unwrap();
    assert!(!heap.default_in_place(p, nd));
    assert_eq!(heap.initialized_bytes(), 0);
    assert_eq!(heap.created_values(), 0);
    assert!(heap.is_clean());
}

#[test]
fn unknown_allocation() {
    let f = fixture();
    let mut heap = VHeap::new();
    heap.dealloc(
        VPtr {
            alloc: 5,
            offset: 0,
        },
        f.store.shape(f.u8_),
    );
    assert_eq!(kinds(&heap), vec![ViolationKind::UnknownAllocation]);
}

#[test]
fn use_after_free() {
    let f = fixture();
    let u32_ = f.store.shape(f.u32_);
    let mut heap = VHeap::new();
    let p = heap.alloc(u32_).unwrap();
    heap.dealloc(p, u32_);
    heap.default_in_place(p, u32_);
    assert_eq!(kinds(&heap), vec![ViolationKind::UseAfterFree]);
    assert_eq!(heap.initialized_bytes(), 0);
}

#[test]
fn out_of_bounds() {
    let f = fixture();
    let (u32_, u16_) = (f.store.shape(f.u32_), f.store.shape(f.u16_));
    let mut heap = VHeap::new();
    let p = heap.alloc(u32_).unwrap();
    heap.default_in_place(heap.offset(p, 4), u16_);
    assert_eq!(kinds(&heap), vec![ViolationKind::OutOfBounds]);
    let msg = &heap.violations()[0].message;
    assert_eq!(
        msg,
        "out-of-bounds access: default_in_place at allocation #0 (u32), offset 4, length 2, as u16"
    );
    assert_eq!(heap.violations()[0].to_string(), *msg);
}

#[test]
fn misaligned() {
    let f = fixture();
    let (s, u32_) = (f.store.shape(f.s), f.store.shape(f.u32_));
    let (bytes8, u64_) = (f.store.shape(f.bytes8), f.store.shape(f.u64_));
    let mut heap = VHeap::new();
    let p = heap.alloc(s).unwrap();
    heap.default_in_place(heap.offset(p, 2), u32_);
    let q = heap.alloc(bytes8).unwrap();
    heap.default_in_place(q, u64_);
    assert_eq!(kinds(&heap), vec![ViolationKind::Misaligned; 2]);
    assert_eq!(heap.initialized_bytes(), 0);
}

#[test]
fn double_free() {
    let f = fixture();
    let u8_ = f.store.shape(f.u8_);
    let mut heap = VHeap::new();
    let p = heap.alloc(u8_).unwrap();
    heap.dealloc(p, u8_);
    heap.dealloc(p, u8_);
    assert_eq!(kinds(&heap), vec![ViolationKind::DoubleFree]);
}

#[test]
fn free_of_interior_pointer() {
    let f = fixture();
    let s = f.store.shape(f.s);
    let mut heap = VHeap::new();
    let p = heap.alloc(s).unwrap();
    heap.dealloc(heap.offset(p, 4), s);
    assert_eq!(kinds(&heap), vec![ViolationKind::FreeOfInteriorPointer]);
    assert_eq!(heap.live_allocations(), 1, "an interior free frees nothing");
}

#[test]
fn dealloc_with_wrong_shape() {
    let f = fixture();
    let (u32_, nd) = (f.store.shape(f.u32_), f.store.shape(f.nodef));
    let mut heap = VHeap::new();
    let p = heap.alloc(u32_).unwrap();
    heap.dealloc(p, nd);
    assert_eq!(kinds(&heap), vec![ViolationKind::DeallocWrongShape]);
    assert!(
        heap.violations()[0]
            .message
            .contains("but allocated as u32")
    );
    assert_eq!(heap.live_allocations(), 0);
}

#[test]
fn dealloc_of_initialized_memory() {
    let f = fixture();
    let u32_ = f.store.shape(f.u32_);
    let mut heap = VHeap::new();
    let p = heap.alloc(u32_).unwrap();
    heap.default_in_place(p, u32_);
    heap.dealloc(p, u32_);
    assert_eq!(kinds(&heap), vec![ViolationKind::DeallocInitialized]);
    assert_eq!(heap.live_allocations(), 0, "still frees");
    assert_eq!(heap.initialized_bytes(), 0);
}

#[test]
fn init_over_init() {
    let f = fixture();
    let u32_ = f.store.shape(f.u32_);
    let mut heap = VHeap::new();
    let p = heap.alloc(u32_).unwrap();
    heap.default_in_place(p, u32_);
    heap.default_in_place(p, u32_);
    let imm = heap.new_imm(u32_, 3).unwrap();
    heap.imm_move_into(imm, p);
    assert_eq!(kinds(&heap), vec![ViolationKind::InitOverInit; 2]);
}

#[test]
fn drop_of_uninitialized_value() {
    let f = fixture();
    let s = f.store.shape(f.s);
    let mut heap = VHeap::new();
    let p = heap.alloc(s).unwrap();
    heap.drop_in_place(p, s);
    assert_eq!(kinds(&heap), vec![ViolationKind::DropUninit]);
}

#[test]
fn drop_of_partly_initialized_value() {
    let f = fixture();
    let (s, u8_) = (f.store.shape(f.s), f.store.shape(f.u8_));
    let mut heap = VHeap::new();
    let p = heap.alloc(s).unwrap();
    heap.default_in_place(p, u8_);
    heap.drop_in_place(p, s);
    assert_eq!(kinds(&heap), vec![ViolationKind::DropPartlyInit]);
    assert!(
        heap.violations()[0]
            .message
            .contains("1 of 7 byte(s) initialized")
    );
    assert_eq!(heap.initialized_bytes(), 0);
}

#[test]
fn read_of_uninitialized_bytes() {
    let f = fixture();
    let u16_ = f.store.shape(f.u16_);
    let mut heap = VHeap::new();
    let src = heap.alloc(u16_).unwrap();
    let dst = heap.alloc(u16_).unwrap();
    heap.move_value(dst, src, u16_);
    assert_eq!(kinds(&heap), vec![ViolationKind::ReadUninit]);
}

#[test]
fn overlapping_move() {
    let f = fixture();
    let (w4, w2) = (f.store.shape(f.w4), f.store.shape(f.w2));
    let mut heap = VHeap::new();
    let p = heap.alloc(w4).unwrap();
    heap.default_in_place(p, w2);
    heap.move_value(heap.offset(p, 2), p, w2);
    assert_eq!(kinds(&heap), vec![ViolationKind::OverlappingMove]);
    heap.move_value(heap.offset(p, 4), p, w2);
    assert_eq!(heap.violations().len(), 1);
    assert_eq!(heap.read(heap.offset(p, 4), 4), Some(vec![0xDF; 4]));
    assert_eq!(heap.is_init(p, w2), Some(false));
}

#[test]
fn leaks_are_reported_at_teardown() {
    let f = fixture();
    let s = f.store.shape(f.s);
    let mut heap = VHeap::new();
    let keep = heap.clone();
    heap.alloc(s).unwrap();
    let _imm = heap.new_imm(s, 1).unwrap();
    drop(heap);
    assert!(keep.is_clean());
    let report = keep.teardown_report();
    assert_eq!(
        report.iter().map(|v| v.kind).collect::<Vec<_>>(),
        vec![ViolationKind::Leak; 2]
    );
    assert_eq!(
        report[1].message,
        "leak: allocation #1 (S), 12 bytes, 7 initialized, never freed"
    );
}

#[test]
fn failed_imm_move_reports_only_the_destination() {
    let f = fixture();
    let (u8_, u32_) = (f.store.shape(f.u8_), f.store.shape(f.u32_));
    let mut heap = VHeap::new();
    let small = heap.alloc(u8_).unwrap();
    let imm = heap.new_imm(u32_, 1).unwrap();
    heap.imm_move_into(imm, small);
    assert_eq!(kinds(&heap), vec![ViolationKind::OutOfBounds]);
    assert_eq!(heap.live_allocations(), 1);
}

#[test]
fn allocation_capacity_is_an_error() {
    let f = fixture();
    let u8_ = f.store.shape(f.u8_);
    let mut heap = VHeap::new();
    for _ in 0..MAX_ALLOCATIONS {
        heap.alloc(u8_).unwrap();
    }
    assert_eq!(
        heap.alloc(u8_),
        Err(OutOfCapacity {
            what: "heap allocations"
        })
    );
    assert!(heap.new_imm(u8_, 0).is_err());
}

#[test]
fn offset_is_saturating_arithmetic() {
    let heap = VHeap::new();
    let p = VPtr {
        alloc: 3,
        offset: u32::MAX - 1,
    };
    assert_eq!(
        heap.offset(p, 10),
        VPtr {
            alloc: 3,
            offset: u32::MAX
        }
    );
    assert_eq!(
        heap.offset(
            VPtr {
                alloc: 0,
                offset: 1
            },
            usize::MAX
        )
        .offset,
        u32::MAX
    );
    assert!(heap.is_clean());
}

fn is_runtime<R: IRuntime>() {}

#[test]
fn vruntime_fits_the_runtime_traits() {
    is_runtime::<VRuntime<'static>>();
    let f = fixture();
    let u8_ = f.store.shape(f.u8_);
    let mut heap: <VRuntime<'_> as IRuntime>::Heap = VHeap::new();
    let imm = heap.new_imm(u8_, 0).unwrap();
    <VHeap<'_> as IHeap<VShape<'_>>>::imm_drop(&mut heap, imm);
    let arena: <VRuntime<'_> as IRuntime>::Arena<u8> = IArena::new();
    assert!(arena.is_empty());
    assert!(heap.is_clean());
}

/// `T` (4 bytes) with a type proxy `P` (4 bytes).
fn proxied() -> (ShapeStore, ShapeId, ShapeId) {
    let mut st = ShapeStore::new();
    let p = st.scalar("P", 4, 4, true).unwrap();
    let t = st.scalar("T", 4, 4, true).unwrap();
    st.set_proxy(ProxyAt::Shape(t), None, p).unwrap();
    (st, p, t)
}

/// A proxy value (tag 2, which converts) in an allocation of its own.
fn proxy_value<'s>(heap: &mut VHeap<'s>, ps: VShape<'s>) -> VPtr {
    let src = heap.alloc(ps).unwrap();
    let imm = heap.new_imm(ps, 2).unwrap();
    heap.imm_move_into(imm, src);
    src
}

#[test]
fn proxy_conversion_from_uninitialized_bytes_is_reported() {
    let (st, p, t) = proxied();
    let (ps, ts) = (st.shape(p), st.shape(t));
    let proxy = ts.proxy(None).expect("T declares a proxy");
    let mut heap = VHeap::new();
    let src = heap.alloc(ps).unwrap();
    let dst = heap.alloc(ts).unwrap();
    // SAFETY: the checked heap records the broken contract (the proxy
    // value was never written) instead of reading memory.
    let _ = unsafe { IHeap::proxy_convert_in(&mut heap, dst, ts, proxy, src) };
    assert!(
        kinds(&heap).contains(&ViolationKind::ReadUninit),
        "{:?}",
        kinds(&heap)
    );
}

#[test]
fn proxy_value_converted_twice_is_reported() {
    let (st, p, t) = proxied();
    let (ps, ts) = (st.shape(p), st.shape(t));
    let proxy = ts.proxy(None).expect("T declares a proxy");
    let mut heap = VHeap::new();
    let src = proxy_value(&mut heap, ps);
    let (d1, d2) = (heap.alloc(ts).unwrap(), heap.alloc(ts).unwrap());
    // SAFETY: the checked heap records the broken contract (the proxy value
    // is taken by the first conversion) instead of reading memory.
    unsafe {
        IHeap::proxy_convert_in(&mut heap, d1, ts, proxy, src).unwrap();
    }
    assert!(heap.is_clean(), "{:?}", kinds(&heap));
    // SAFETY: as above.
    let _ = unsafe { IHeap::proxy_convert_in(&mut heap, d2, ts, proxy, src) };
    let k = kinds(&heap);
    assert!(
        k.contains(&ViolationKind::ReadUninit) && k.contains(&ViolationKind::DropUninit),
        "{k:?}"
    );
}

#[test]
fn proxy_value_never_converted_is_a_leak() {
    let (st, p, _) = proxied();
    let ps = st.shape(p);
    let mut heap = VHeap::new();
    let keep = heap.clone();
    proxy_value(&mut heap, ps);
    drop(heap);
    let report = keep.teardown_report();
    assert_eq!(
        report.iter().map(|v| v.kind).collect::<Vec<_>>(),
        vec![ViolationKind::Leak]
    );
}

#[test]
fn conversion_over_an_initialized_destination_is_reported() {
    let (st, p, t) = proxied();
    let (ps, ts) = (st.shape(p), st.shape(t));
    let proxy = ts.proxy(None).expect("T declares a proxy");
    let mut heap = VHeap::new();
    let src = proxy_value(&mut heap, ps);
    let dst = heap.alloc(ts).unwrap();
    let old = heap.new_imm(ts, 7).unwrap();
    heap.imm_move_into(old, dst);
    // SAFETY: the checked heap records the broken contract (`dst` holds a
    // value) instead of writing over it.
    let _ = unsafe { IHeap::proxy_convert_in(&mut heap, dst, ts, proxy, src) };
    assert!(
        kinds(&heap).contains(&ViolationKind::InitOverInit),
        "{:?}",
        kinds(&heap)
    );
}
