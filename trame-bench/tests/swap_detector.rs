//! The zero-cost-swap measure is not vacuous: in a binary that does use the
//! verified runtime (this test), its detector finds verified-runtime code.

use trame::verified::{ShapeStore, VHeap};
use trame::{RtSource, Trame};

#[test]
fn the_detector_finds_verified_code_where_there_is_some() {
    let mut store = ShapeStore::new();
    let u32 = store.scalar("u32", 4, 4, true).unwrap();
    let heap = VHeap::new();
    let mut t: Trame<'static, trame::VRuntime<'_>> =
        Trame::new_verified(heap.clone(), store.shape(u32));
    t.apply_set(&[], RtSource::Default).unwrap();
    drop(t.build().unwrap());
    assert!(heap.teardown_report().is_empty());

    let found = trame_bench::measures::swap::verified_symbols().unwrap();
    assert!(
        !found.is_empty(),
        "no verified-runtime symbol found in a binary that uses it"
    );
}
