//! A shape that a hand-written `Facet` impl can produce and the derive
//! never does: an enum whose discriminant layout is unknown (facet's
//! `EnumRepr::Rust`). Trame builds such a value whole only; staging it is
//! refused before anything changes.

use facet::{EnumRepr, EnumType, Facet, Field, Shape, ShapeRef, StructType, Type, UserType};
use trame::{Op, Trame, TrameError};

use crate::support::ok;

#[derive(Facet, Debug, PartialEq, Clone, Copy)]
#[repr(u8)]
#[allow(dead_code)]
enum Tag {
    A,
    B(u32),
}

#[derive(Facet, Debug, PartialEq)]
struct Holder {
    e: Tag,
}

/// `Tag`'s derived shape with the discriminant layout left unknown: every
/// layout fact stays true of `Tag`.
static TAG_NO_REPR: Shape = {
    let mut s = *<Tag as Facet>::SHAPE;
    if let Type::User(UserType::Enum(et)) = s.ty {
        s.ty = Type::User(UserType::Enum(EnumType {
            enum_repr: EnumRepr::Rust,
            ..et
        }));
    }
    s
};

fn tag_no_repr() -> &'static Shape {
    &TAG_NO_REPR
}

/// `Holder`'s one field, of shape [`TAG_NO_REPR`].
static HOLDER_FIELDS: [Field; 1] = {
    let Type::User(UserType::Struct(st)) = <Holder as Facet>::SHAPE.ty else {
        panic!("Holder is a struct")
    };
    let mut f = st.fields[0];
    f.shape = ShapeRef(tag_no_repr);
    [f]
};

/// `Holder`'s derived shape over [`HOLDER_FIELDS`].
static HOLDER: Shape = {
    let mut s = *<Holder as Facet>::SHAPE;
    if let Type::User(UserType::Struct(st)) = s.ty {
        s.ty = Type::User(UserType::Struct(StructType {
            fields: &HOLDER_FIELDS,
            ..st
        }));
    }
    s
};

#[test]
fn an_enum_of_unknown_layout_is_set_whole_never_staged() {
    // SAFETY: `HOLDER` is what a hand-written `Facet` impl for `Holder`
    // may return: the derived shape, whose field's enum shape says less
    // (no discriminant layout), every layout fact unchanged.
    let new = || unsafe { Trame::from_shape(&HOLDER) };
    let mut t = new();
    let err = t.apply(Op::set().at(0).stage()).unwrap_err();
    assert_eq!(
        err,
        TrameError::Unsupported {
            path: "$.e".into(),
            shape: "Tag".into(),
            what: "staging (building piece by piece)",
        }
    );
    assert!(t.is_poisoned());
    // Whole, it goes in like any value.
    let mut t = new();
    ok(&mut t, Op::set().at(0).imm(Tag::B(7)));
    let v = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!(v, Holder { e: Tag::B(7) });
}

#[test]
fn an_enum_of_unknown_layout_at_the_root_is_not_staged_either() {
    // SAFETY: as above, for `Tag` itself.
    let new = || unsafe { Trame::from_shape(&TAG_NO_REPR) };
    let mut t = new();
    let err = t.apply(Op::set().stage()).unwrap_err();
    assert_eq!(
        err,
        TrameError::Unsupported {
            path: "$".into(),
            shape: "Tag".into(),
            what: "staging (building piece by piece)",
        }
    );
    let mut t = new();
    ok(&mut t, Op::set().imm(Tag::A));
    assert_eq!(t.build().unwrap().materialize::<Tag>().unwrap(), Tag::A);
}
