//! The live runtime's shape facts (`IShape for &'static facet::Shape`), as
//! the core sees them: which pointers are built from a pointee, alignment
//! and the staging layout of map entries, defaults, variant styles.

use std::collections::BTreeMap;

use trame::{Facet, IShape, Op, ShapeKind, StagingLayout, Trame, TrameError, VariantStyle};

use crate::support::{NoDefault, Pair, finish, ok};

static SEVEN: u32 = 7;

/// A reference has a sized pointee but cannot be made from one: it is a
/// scalar, set whole only.
#[test]
fn references_are_scalars_set_whole() {
    assert_eq!(IShape::kind(<&'static u32>::SHAPE), ShapeKind::Scalar);
    assert_eq!(IShape::kind(<Box<u32>>::SHAPE), ShapeKind::Pointer);
    assert_eq!(IShape::inner(<&'static u32>::SHAPE), None);

    let mut t = Trame::new::<&'static u32>();
    let err = t.apply(Op::set().at(0).imm(1u32)).unwrap_err();
    assert_eq!(
        err,
        TrameError::FieldOutOfRange {
            path: "$".into(),
            shape: "&u32".into(),
            index: 0,
            count: 0
        }
    );

    let mut t = Trame::new::<&'static u32>();
    let seven: &'static u32 = &SEVEN;
    ok(&mut t, Op::set().imm(seven));
    assert!(core::ptr::eq(finish::<&'static u32>(t), &SEVEN));
}

/// A map entry is staged `repr(C)`-style: the value at the next offset
/// aligned for it, so a one-byte key is followed by padding up to a `u64`'s
/// alignment (seven bytes on 64-bit targets, three on 32-bit x86, where a
/// `u64` is 4-aligned).
#[test]
fn alignment_and_the_staging_layout_of_map_entries() {
    let a64 = core::mem::align_of::<u64>();
    assert_eq!(IShape::align(<u64>::SHAPE), a64);
    assert_eq!(IShape::align(<(u8, u16)>::SHAPE), 2);
    assert_eq!(IShape::align(<u8>::SHAPE), 1);
    assert_eq!(
        IShape::staging_layout(<BTreeMap<u8, u64>>::SHAPE),
        Some(StagingLayout {
            stride: a64 + 8,
            align: a64,
            value_offset: a64
        })
    );
    assert_eq!(
        IShape::staging_layout(<Vec<u16>>::SHAPE),
        Some(StagingLayout {
            stride: 2,
            align: 2,
            value_offset: 0
        })
    );

    let mut t = Trame::new::<BTreeMap<u8, u64>>();
    for k in 1..=3u8 {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().at(0).imm(k));
        ok(&mut t, Op::set().at(1).imm(u64::from(k) << 40));
        ok(&mut t, Op::end());
    }
    let m = finish::<BTreeMap<u8, u64>>(t);
    assert_eq!(
        m,
        BTreeMap::from([(1, 1 << 40), (2, 2 << 40), (3, 3 << 40)])
    );
}

#[test]
fn defaults_are_reported_per_shape() {
    assert!(IShape::has_default(<u32>::SHAPE));
    assert!(IShape::has_default(<Pair>::SHAPE));
    assert!(!IShape::has_default(<NoDefault>::SHAPE));
    assert!(!IShape::has_default(<&'static u32>::SHAPE));
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum Styles {
    Unit,
    Tuple(u8, u16),
    Named { x: u8 },
}

#[test]
fn variant_styles() {
    let s = <Styles>::SHAPE;
    assert_eq!(IShape::variant_count(s), 3);
    assert_eq!(IShape::variant_style(s, 0), VariantStyle::Unit);
    assert_eq!(IShape::variant_style(s, 1), VariantStyle::Tuple);
    assert_eq!(IShape::variant_style(s, 2), VariantStyle::Struct);
    assert_eq!(IShape::variant_style(s, 3), VariantStyle::Unit);
    let r = <Result<u8, String>>::SHAPE;
    assert_eq!(IShape::variant_style(r, 0), VariantStyle::Tuple);
    assert_eq!(IShape::variant_style(r, 1), VariantStyle::Tuple);
    assert_eq!(IShape::variant_style(r, 2), VariantStyle::Unit);
}

#[derive(Facet, Debug, PartialEq)]
struct RenamedTuple(#[facet(rename = "first")] u32, u32);

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum RenamedVariant {
    A(#[facet(rename = "first")] u32, u32),
}

/// Positional fields are named by position in paths and errors, even
/// when facet gives them another name (`rename`).
#[test]
fn renamed_positional_fields_are_named_by_position() {
    let mut t = Trame::new::<RenamedTuple>();
    ok(&mut t, Op::set().at(1).imm(1u32));
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: RenamedTuple⟩\n  ├─ 0 ○\n  └─ 1 ●\n"
    );
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field 0 in RenamedTuple at $");

    let mut t = Trame::new::<RenamedVariant>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).at(1).imm(1u32));
    let err = t.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field 0 in RenamedVariant::A at $.A"
    );
}
