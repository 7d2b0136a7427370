//! Tests of the shape store: layout computation, value ranges, bounds,
//! `reserve`/`define`, and the [`IShape`] view.

use crate::runtime::{IShape, ShapeKind};

use super::*;

fn prims(store: &mut ShapeStore) -> (ShapeId, ShapeId, ShapeId) {
    let u8_ = store.scalar("u8", 1, 1, true).unwrap();
    let u16_ = store.scalar("u16", 2, 2, true).unwrap();
    let u32_ = store.scalar("u32", 4, 4, true).unwrap();
    (u8_, u16_, u32_)
}

fn offsets(store: &ShapeStore, id: ShapeId) -> Vec<usize> {
    let s = store.shape(id);
    (0..s.slot_count())
        .map(|i| s.slot(i).unwrap().offset)
        .collect()
}

fn slot_name(s: VShape<'_>, i: usize) -> String {
    let mut out = String::new();
    s.write_slot_name(i, &mut out).unwrap();
    out
}

#[test]
fn repr_c_struct_layout() {
    let mut st = ShapeStore::new();
    let (u8_, u16_, u32_) = prims(&mut st);
    let s = st
        .structure("S", &[("a", u8_), ("b", u32_), ("c", u16_)], true)
        .unwrap();
    assert_eq!(offsets(&st, s), vec![0, 4, 8]);
    let v = st.shape(s);
    assert_eq!((v.size(), v.align(), v.kind()), (12, 4, ShapeKind::Struct));
    assert_eq!(v.slot(1).unwrap().shape, st.shape(u32_));
    assert_eq!(v.slot(3), None);
    assert_eq!(slot_name(v, 2), "c");
    assert_eq!(st.value_ranges(s), vec![(0, 1), (4, 10)]);
}

#[test]
fn reordered_struct_keeps_declaration_order_for_slots() {
    let mut st = ShapeStore::new();
    let (u8_, u16_, u32_) = prims(&mut st);
    let fields = [("a", u8_), ("b", u32_), ("c", u16_)];
    let s = st
        .structure_reordered("R", &fields, &[1, 2, 0], false)
        .unwrap();
    // Memory order b (u32), c (u16), a (u8): no inner padding.
    assert_eq!(offsets(&st, s), vec![6, 0, 4]);
    let v = st.shape(s);
    assert_eq!((v.size(), v.align()), (8, 4));
    assert_eq!(slot_name(v, 0), "a");
    assert!(!v.has_default());
    assert_eq!(st.value_ranges(s), vec![(0, 7)]);
    let bad = st.structure_reordered("X", &fields, &[0, 0, 1], true);
    assert_eq!(bad, Err(StoreError::BadOrder));
    let short = st.structure_reordered("X", &fields, &[0, 1], true);
    assert_eq!(short, Err(StoreError::BadOrder));
}

#[test]
fn value_ranges_skip_padding_and_zero_sized_leaves() {
    let mut st = ShapeStore::new();
    let (u8_, u16_, _) = prims(&mut st);
    let zst = st.scalar("Zst", 0, 1, true).unwrap();
    let pair = st.tuple(&[u8_, u16_]).unwrap();
    assert_eq!(st.value_ranges(pair), vec![(0, 1), (2, 4)]);
    let arr = st.array(pair, 3).unwrap();
    assert_eq!(st.value_ranges(arr), vec![(0, 1), (2, 5), (6, 9), (10, 12)]);
    let s = st
        .structure("Z", &[("z", zst), ("a", u8_), ("y", zst)], true)
        .unwrap();
    assert_eq!(offsets(&st, s), vec![0, 0, 1]);
    assert_eq!(st.value_ranges(s), vec![(0, 1)]);
    assert!(st.value_ranges(zst).is_empty());
    let empty = st.structure("E", &[], true).unwrap();
    assert_eq!((st.get(empty).size, st.get(empty).align), (0, 1));
}

#[test]
fn tuples_and_arrays() {
    let mut st = ShapeStore::new();
    let (u8_, u16_, _) = prims(&mut st);
    let nodef = st.scalar("NoDef", 2, 2, false).unwrap();
    let t = st.tuple(&[u8_, u16_]).unwrap();
    assert_eq!(st.get(t).name, "(u8, u16)");
    assert_eq!(st.shape(t).kind(), ShapeKind::Tuple);
    assert_eq!(slot_name(st.shape(t), 1), "1");
    let one = st.tuple(&[u8_]).unwrap();
    assert_eq!(st.get(one).name, "(u8,)");
    let a = st.array(u16_, 3).unwrap();
    let v = st.shape(a);
    assert_eq!(v.name(), "[u16; 3]");
    assert_eq!(
        (v.size(), v.align(), v.kind(), v.slot_count()),
        (6, 2, ShapeKind::Array, 3)
    );
    assert_eq!(offsets(&st, a), vec![0, 2, 4]);
    assert_eq!(slot_name(v, 2), "2");
    assert!(v.slot(3).is_none());
    assert!(v.has_default());
    let t2 = st.tuple(&[u8_, nodef]).unwrap();
    assert!(!st.shape(t2).has_default());
    let a0 = st.array(nodef, 0).unwrap();
    assert!(st.shape(a0).has_default());
    let a1 = st.array(nodef, 1).unwrap();
    assert!(!st.shape(a1).has_default());
    assert_eq!(st.shape(u8_).kind(), ShapeKind::Scalar);
    assert_eq!(st.shape(u8_).slot_count(), 0);
    assert!(st.shape(u8_).slot(0).is_none());
}

#[test]
fn bounds_are_enforced() {
    let mut st = ShapeStore::new();
    let (u8_, _, _) = prims(&mut st);
    let nine: Vec<(String, ShapeId)> = (0..9).map(|i| (format!("f{i}"), u8_)).collect();
    let nine: Vec<(&str, ShapeId)> = nine.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    assert_eq!(
        st.structure("Big", &nine, true),
        Err(StoreError::TooManyFields(9))
    );
    assert!(st.structure("Ok", &nine[..MAX_FIELDS], true).is_ok());
    assert_eq!(st.tuple(&[u8_; 9]), Err(StoreError::TooManyFields(9)));
    assert_eq!(st.array(u8_, 9), Err(StoreError::ArrayTooLong(9)));
    let w = st.scalar("u128", 16, 16, true).unwrap();
    let a = st.array(w, 8).unwrap();
    let b = st.array(a, 8).unwrap();
    assert_eq!(st.get(b).size, 1024);
    let c = st.array(b, 4).unwrap();
    assert_eq!(st.get(c).size, MAX_VALUE_SIZE);
    assert_eq!(st.array(b, 5), Err(StoreError::ValueTooLarge(5120)));
    assert!(matches!(
        st.tuple(&[c, u8_]),
        Err(StoreError::ValueTooLarge(_))
    ));
    for (size, align) in [(3, 1), (4, 8), (2, 3), (32, 16), (0, 32)] {
        let err = st.scalar("bad", size, align, true);
        assert_eq!(err, Err(StoreError::InvalidScalar { size, align }));
    }
    assert_eq!(
        st.structure("D", &[("x", u8_), ("x", u8_)], true),
        Err(StoreError::DuplicateField("x".into()))
    );
    while st.len() < MAX_SHAPES {
        st.scalar("u8", 1, 1, true).unwrap();
    }
    assert_eq!(st.scalar("u8", 1, 1, true), Err(StoreError::TooManyShapes));
    assert_eq!(st.reserve("R"), Err(StoreError::TooManyShapes));
}

#[test]
fn define_rejects_containing_itself_by_value() {
    let mut st = ShapeStore::new();
    let (u8_, _, _) = prims(&mut st);
    let node = st.reserve("Node").unwrap();
    let direct = ShapeDef {
        name: String::new(),
        size: 2,
        align: 1,
        body: ShapeBody::Struct {
            fields: vec![
                VField {
                    name: "v".into(),
                    offset: 0,
                    shape: u8_,
                    default: false,
                },
                VField {
                    name: "next".into(),
                    offset: 1,
                    shape: node,
                    default: false,
                },
            ],
            has_default: true,
        },
    };
    assert_eq!(
        st.define(node, direct),
        Err(StoreError::ContainsItself(node))
    );
    let arr = ShapeDef {
        name: String::new(),
        size: 0,
        align: 1,
        body: ShapeBody::Array { elem: node, len: 0 },
    };
    assert_eq!(st.define(node, arr), Err(StoreError::ContainsItself(node)));
    assert!(st.try_get(node).is_none());
    // Through another reserved handle: B holds A by value, A is undefined.
    let b = st.reserve("B").unwrap();
    assert_eq!(
        st.struct_def("B", &[("a", node)], &[0], true),
        Err(StoreError::Undefined(node))
    );
    let scalar = ShapeStore::scalar_def("", 1, 1, true).unwrap();
    st.define(node, scalar.clone()).unwrap();
    assert_eq!(st.get(node).name, "Node");
    assert_eq!(
        st.define(node, scalar),
        Err(StoreError::AlreadyDefined(node))
    );
    let bdef = st.struct_def("B", &[("a", node)], &[0], true).unwrap();
    st.define(b, bdef).unwrap();
    assert_eq!(offsets(&st, b), vec![0]);
    let ghost = ShapeId(60);
    let stray = ShapeStore::scalar_def("x", 1, 1, true).unwrap();
    assert_eq!(
        st.define(ghost, stray),
        Err(StoreError::UnknownShape(ghost))
    );
    assert_eq!(st.array(ghost, 1), Err(StoreError::UnknownShape(ghost)));
}

#[test]
fn define_validates_hand_written_layouts() {
    let mut st = ShapeStore::new();
    let (u8_, u16_, _) = prims(&mut st);
    let field = |name: &str, offset, shape| VField {
        name: name.into(),
        offset,
        shape,
        default: false,
    };
    let mk = |size, align, fields| ShapeDef {
        name: "H".into(),
        size,
        align,
        body: ShapeBody::Struct {
            fields,
            has_default: true,
        },
    };
    let cases = [
        mk(4, 2, vec![field("a", 0, u16_), field("b", 1, u8_)]), // overlap
        mk(4, 2, vec![field("a", 1, u16_)]),                     // misaligned
        mk(2, 2, vec![field("a", 2, u16_)]),                     // out of bounds
        mk(2, 1, vec![field("a", 0, u16_)]),                     // under-aligned parent
        mk(3, 2, vec![field("a", 0, u16_)]),                     // size not multiple of align
    ];
    for def in cases {
        let id = st.reserve("H").unwrap();
        assert!(matches!(st.define(id, def), Err(StoreError::BadLayout(_))));
    }
    let id = st.reserve("H").unwrap();
    let ok = mk(4, 2, vec![field("a", 2, u16_), field("b", 0, u8_)]);
    st.define(id, ok).unwrap();
    assert_eq!(st.value_ranges(id), vec![(0, 1), (2, 4)]);
    let e = StoreError::BadLayout("x".into());
    assert_eq!(e.to_string(), "inconsistent layout: x");
}

#[test]
fn vshape_identity_debug_and_structure() {
    let mut st = ShapeStore::new();
    let (u8_, u16_, _) = prims(&mut st);
    let nd = st.scalar("Opaque", 1, 1, false).unwrap();
    let t = st.tuple(&[u8_, nd]).unwrap();
    let a = st.array(u16_, 2).unwrap();
    let s = st.structure("S0", &[("a", t), ("b", a)], false).unwrap();
    let other = st.clone();
    assert_eq!(st.shape(s), st.shape(s));
    assert_ne!(st.shape(s), st.shape(t));
    assert_ne!(st.shape(s), other.shape(s));
    assert_eq!(format!("{:?}", st.shape(s)), "S0");
    let mut name = String::new();
    st.shape(a).write_name(&mut name).unwrap();
    assert_eq!(name, "[u16; 2]");
    assert_eq!(
        st.shape(s).structure(),
        "S0! { a: (u8 @0, Opaque! @1) (size 2, align 1) @0, \
         b: [u16; 2] (size 4, align 2) @2 } (size 6, align 2)"
    );
}

#[test]
#[should_panic(expected = "not defined")]
fn shape_of_reserved_id_panics() {
    let mut st = ShapeStore::new();
    let id = st.reserve("R").unwrap();
    let _ = st.shape(id);
}
