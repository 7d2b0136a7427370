//! Hand-built dynamic shapes for each container kind, checked byte by
//! byte.

use crate::support::*;

// t[verify state.machine.container-capacity-hint]
// t[verify state.machine.container-stable-staging]
#[test]
fn lists_build_identically_whatever_the_hint() {
    let s = Shapes::new();
    let n = 70;
    let expected = VValue::List((0..n).map(|i| pair(i, i + 1)).collect());
    for hint in [
        None,
        Some(0),
        Some(1),
        Some(n as usize),
        Some(5),
        Some(1 << 40),
    ] {
        assert_eq!(vec_of_pairs(&s, n, hint), expected, "hint {hint:?}");
    }
}

#[test]
fn chunks_grow_and_addresses_stay_valid() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
    stage(&mut t, &[], Some(1)).unwrap();
    for i in 0..20u8 {
        stage(&mut t, &[Append], None).unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), i).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), i).unwrap();
        t.apply_end().unwrap();
    }
    assert!(heap.total_chunks() >= 5, "hint 1 grows 1, 1, 2, 4, 8, …");
    // Re-enter the first element (first chunk) and change it.
    imm(&mut t, &mut heap, &[Field(0), Field(1)], s.shape(s.u32), 99).unwrap();
    t.apply_end().unwrap();
    let text = t.to_string();
    assert!(
        text.starts_with("▶ ⟨Root: Vec<Pair>⟩ 📦0 📦1 📦2 📦3 📦4"),
        "{text}"
    );
    assert!(text.contains("└─ 0..=19 ●"), "{text}");
    let v = t.build().unwrap();
    let VValue::List(items) = heap.value(v.ptr(), v.runtime_shape()).unwrap() else {
        panic!()
    };
    assert_eq!(items[0], pair(0, 99));
    assert_eq!(items[19], pair(19, 19));
    drop(v);
    clean(&heap);
    empty(&heap);
}

// t[verify state.machine.set-uniqueness]
#[test]
fn sets_collapse_equal_bytes() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.set_u32));
    for tag in [3, 1, 3, 2, 1, 3] {
        stage(&mut t, &[Append], None).unwrap();
        imm(&mut t, &mut heap, &[], s.shape(s.u32), tag).unwrap();
        t.apply_end().unwrap();
    }
    let dropped = heap.dropped_values();
    let v = t.build().unwrap();
    assert_eq!(
        heap.dropped_values() - dropped,
        3,
        "three duplicates dropped"
    );
    assert_eq!(
        heap.value(v.ptr(), v.runtime_shape()),
        Some(VValue::Set(vec![u(3), u(1), u(2)]))
    );
    drop(v);
    clean(&heap);
    empty(&heap);
}

// t[verify state.machine.map-last-wins]
#[test]
fn maps_keep_the_last_value() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.map_u32_pair));
    for (k, a) in [(1u8, 10u8), (2, 20), (1, 11)] {
        stage(&mut t, &[Append], None).unwrap();
        assert!(t.cursor_is_map_entry());
        stage(&mut t, &[Field(1)], None).unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), a).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), a).unwrap();
        t.apply_end().unwrap();
        imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), k).unwrap();
        t.apply_end().unwrap();
    }
    let dropped = heap.dropped_values();
    let v = t.build().unwrap();
    assert_eq!(heap.dropped_values() - dropped, 2, "losing key and value");
    let expected = VValue::Map(vec![(u(1), pair(11, 11)), (u(2), pair(20, 20))]);
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    drop(v);
    clean(&heap);
    empty(&heap);
}

#[test]
fn pointers_and_options_from_staged_inner_values() {
    let s = Shapes::new();
    for (root, wrap) in [(s.box_pair, true), (s.opt_pair, false)] {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), s.shape(root));
        imm(&mut t, &mut heap, &[Field(0), Field(0)], s.shape(s.u32), 1).unwrap();
        imm(&mut t, &mut heap, &[Field(1)], s.shape(s.u32), 2).unwrap();
        t.apply_end().unwrap();
        let v = t.build().unwrap();
        let inner = Box::new(pair(1, 2));
        let expected = if wrap {
            VValue::Pointer(inner)
        } else {
            VValue::Option(Some(inner))
        };
        assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
        drop(v);
        clean(&heap);
        empty(&heap);
    }
    // Default is None; a staged payload is dropped and freed by it.
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.opt_pair));
    imm(&mut t, &mut heap, &[Field(0)], s.shape(s.pair), 4).unwrap();
    t.apply_set(&[], RtSource::Default).unwrap();
    let v = t.build().unwrap();
    assert_eq!(
        heap.value(v.ptr(), v.runtime_shape()),
        Some(VValue::Option(None))
    );
    drop(v);
    clean(&heap);
    empty(&heap);
}

#[test]
fn nested_and_recursive_containers() {
    let s = Shapes::new();
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_vec));
    for n in 0..4u8 {
        stage(&mut t, &[Append], Some(n as usize)).unwrap();
        for k in 0..n {
            stage(&mut t, &[Append], None).unwrap();
            imm(&mut t, &mut heap, &[], s.shape(s.u32), k).unwrap();
            t.apply_end().unwrap();
        }
        t.apply_end().unwrap();
    }
    let v = t.build().unwrap();
    let expected = VValue::List(
        (0..4)
            .map(|n| VValue::List((0..n).map(u).collect()))
            .collect(),
    );
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    drop(v);
    clean(&heap);
    empty(&heap);

    // Tree { v: 1, kids: [Tree { v: 2, kids: [] }, Tree { v: 3, kids: [Tree { v: 4 }] }] }
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.tree));
    let u32s = s.shape(s.u32);
    imm(&mut t, &mut heap, &[Field(0)], u32s, 1).unwrap();
    imm(&mut t, &mut heap, &[Field(1), Append, Field(0)], u32s, 2).unwrap();
    stage(&mut t, &[Field(1)], None).unwrap();
    t.apply_end().unwrap();
    t.apply_end().unwrap();
    imm(&mut t, &mut heap, &[Append, Field(0)], u32s, 3).unwrap();
    imm(&mut t, &mut heap, &[Field(1), Append, Field(0)], u32s, 4).unwrap();
    stage(&mut t, &[Field(1)], None).unwrap();
    let v = t.build().unwrap();
    let leaf = |v| VValue::Fields(vec![u(v), VValue::List(vec![])]);
    let expected = VValue::Fields(vec![
        u(1),
        VValue::List(vec![
            leaf(2),
            VValue::Fields(vec![u(3), VValue::List(vec![leaf(4)])]),
        ]),
    ]);
    assert_eq!(heap.value(v.ptr(), v.runtime_shape()), Some(expected));
    drop(v);
    clean(&heap);
    empty(&heap);
}

// t[verify state.machine.container-append-stage-only]
// t[verify state.machine.container-no-live-partial]
#[test]
fn closed_containers_and_append_errors_clean_up() {
    let s = Shapes::new();
    let cases: [(&[PathSegment], bool); 4] = [
        (&[Append], true),
        (&[Field(0)], true),
        (&[], true),
        (&[Append], false),
    ];
    for (path, staging) in cases {
        let mut heap = VHeap::new();
        let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
        imm(&mut t, &mut heap, &[], s.shape(s.vec_pair), 1).unwrap();
        let e = if staging {
            stage(&mut t, path, None).unwrap_err()
        } else {
            imm(&mut t, &mut heap, path, s.shape(s.pair), 1).unwrap_err()
        };
        let expected_closed = staging;
        assert_eq!(
            matches!(e, TrameError::ContainerClosed { .. }),
            expected_closed,
            "{e}"
        );
        assert_eq!(
            matches!(e, TrameError::AppendRequiresStage { .. }),
            !expected_closed,
            "{e}"
        );
        assert!(t.is_poisoned());
        clean(&heap);
        empty(&heap);
    }
    // While staging, the container's own bytes stay uninitialized.
    let mut heap = VHeap::new();
    let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
    stage(&mut t, &[Append], None).unwrap();
    imm(&mut t, &mut heap, &[Field(0)], s.shape(s.u32), 1).unwrap();
    assert_eq!(
        heap.read(
            trame::verified::VPtr {
                alloc: 0,
                offset: 0
            },
            8
        ),
        None
    );
    // Incomplete element at End: poison, and every chunk freed.
    assert!(matches!(t.apply_end(), Err(TrameError::Incomplete { .. })));
    clean(&heap);
    empty(&heap);
}

// ---- generated shapes × generated ops -----------------------------------

/// Uses up heap capacity so that only `room` more allocations succeed.
fn burn_capacity<'s>(heap: &mut VHeap<'s>, s: &'s Shapes, room: usize) {
    let shape = s.shape(s.u32);
    while heap.total_allocations() + room < trame::verified::MAX_ALLOCATIONS {
        let v = heap.new_imm(shape, 0).expect("room left");
        heap.drop_in_place(v.ptr(), shape);
        heap.dealloc(v.ptr(), shape);
    }
}

/// Heap capacity running out at every point of building a list of pairs:
/// staging, writing, or turning the staged elements into the list. Whatever
/// fails, every staged element is dropped once and every chunk freed. With
/// a hint of 1 each element gets a chunk of its own; with a hint of 3 they
/// share one chunk.
#[test]
fn running_out_of_heap_at_any_point_cleans_up_staged_elements() {
    let s = Shapes::new();
    for hint in [1, 3] {
        running_out_of_heap_with_hint(&s, hint);
    }
}

fn running_out_of_heap_with_hint(s: &Shapes, hint: usize) {
    let mut failed_at_close = 0;
    for room in 0..24 {
        let mut heap = VHeap::new();
        burn_capacity(&mut heap, s, room);
        let mut t = VTrame::new_verified(heap.clone(), s.shape(s.vec_pair));
        let mut result = stage(&mut t, &[], Some(hint));
        for i in 0..3u8 {
            if result.is_err() {
                break;
            }
            result = stage(&mut t, &[Append], None);
            for field in 0..2 {
                let Ok(v) = heap.new_imm(s.shape(s.u32), i) else {
                    break;
                };
                if result.is_ok() {
                    result = t.apply_set(&[Field(field)], RtSource::Imm(v));
                } else {
                    // Never applied: dropped by the heap, as an op would.
                    heap.drop_in_place(v.ptr(), s.shape(s.u32));
                    heap.dealloc(v.ptr(), s.shape(s.u32));
                }
            }
            if result.is_ok() {
                result = t.apply_end();
            }
        }
        clean(&heap);
        if result.is_ok() {
            match t.build() {
                Ok(v) => drop(v),
                Err(TrameError::OutOfCapacity { .. }) => failed_at_close += 1,
                Err(e) => panic!("unexpected error {e}"),
            }
        } else {
            drop(t);
        }
        clean(&heap);
        empty(&heap);
        assert_eq!(heap.live_chunks(), 0, "hint {hint}, room {room}");
    }
    assert!(
        failed_at_close > 0,
        "hint {hint}: no run failed making the list"
    );
}
