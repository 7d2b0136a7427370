//! Every enum representation facet derives, with explicit (negative and
//! large) discriminants: built variant by variant, each equals the value
//! Rust constructs directly, and a whole value resumes its own variant.

use trame::{Facet, Op};

use crate::enums::build;

#[derive(Facet, Debug, PartialEq)]
#[repr(C)]
#[allow(dead_code)]
enum ReprC {
    X,
    Y(u8, u64),
    Z { p: u16, q: Option<u32> },
}

#[derive(Facet, Debug, PartialEq)]
#[repr(C, u16)]
#[allow(dead_code)]
enum ReprCU16 {
    X = 1000,
    Y(u32) = 2000,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(i8)]
#[allow(dead_code)]
enum Negative {
    A = -128,
    B(u8) = -1,
    C = 127,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(i64)]
#[allow(dead_code)]
enum Wide {
    A = i64::MIN,
    B(u16) = 1 << 40,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u64)]
#[allow(dead_code)]
enum WideU {
    A = 1 << 62,
    B(String) = 3,
}

// `#[repr(usize)]` and `#[repr(isize)]` are not listed: facet 0.50.0-rc.7's
// derive does not compile for them (it names a missing `EnumRepr::USIZE`).

#[derive(Facet, Debug, PartialEq)]
#[repr(u16)]
#[allow(dead_code)]
enum U16 {
    A,
    B(u8),
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u32)]
#[allow(dead_code)]
enum U32 {
    A = 70000,
    B { s: String },
}

#[derive(Facet, Debug, PartialEq)]
#[repr(i16)]
#[allow(dead_code)]
enum I16 {
    A = -300,
    B(i16),
}

#[derive(Facet, Debug, PartialEq)]
#[repr(i32)]
#[allow(dead_code)]
enum I32 {
    A(u8) = -70000,
    B,
}

/// Every representation, built variant by variant, equals the value Rust
/// constructs directly (so the discriminant written is Rust's).
#[test]
fn every_repr_builds_the_value_rust_would() {
    assert_eq!(build::<ReprC>(vec![Op::set().at(0).stage()]), ReprC::X);
    assert_eq!(
        build::<ReprC>(vec![
            Op::set().at(1).at(0).at(0).imm(7u8),
            Op::set().at(1).imm(9u64)
        ]),
        ReprC::Y(7, 9)
    );
    // A payload's `Option` field defaults to `None`, like a struct's.
    assert_eq!(
        build::<ReprC>(vec![Op::set().at(2).at(0).at(0).imm(3u16)]),
        ReprC::Z { p: 3, q: None }
    );
    assert_eq!(
        build::<ReprCU16>(vec![Op::set().at(0).stage()]),
        ReprCU16::X
    );
    assert_eq!(
        build::<ReprCU16>(vec![Op::set().at(1).at(0).at(0).imm(5u32)]),
        ReprCU16::Y(5)
    );
    assert_eq!(
        build::<Negative>(vec![Op::set().at(0).stage()]),
        Negative::A
    );
    assert_eq!(
        build::<Negative>(vec![Op::set().at(1).at(0).at(0).imm(8u8)]),
        Negative::B(8)
    );
    assert_eq!(
        build::<Negative>(vec![Op::set().at(2).stage()]),
        Negative::C
    );
    assert_eq!(build::<Wide>(vec![Op::set().at(0).stage()]), Wide::A);
    assert_eq!(
        build::<Wide>(vec![Op::set().at(1).at(0).at(0).imm(2u16)]),
        Wide::B(2)
    );
    assert_eq!(build::<WideU>(vec![Op::set().at(0).stage()]), WideU::A);
    assert_eq!(
        build::<WideU>(vec![Op::set().at(1).at(0).at(0).imm(String::from("s"))]),
        WideU::B("s".into())
    );
    assert_eq!(
        build::<U16>(vec![Op::set().at(1).at(0).at(0).imm(4u8)]),
        U16::B(4)
    );
    assert_eq!(build::<U32>(vec![Op::set().at(0).stage()]), U32::A);
    assert_eq!(
        build::<U32>(vec![Op::set().at(1).at(0).at(0).imm(String::from("t"))]),
        U32::B { s: "t".into() }
    );
    assert_eq!(build::<I16>(vec![Op::set().at(0).stage()]), I16::A);
    assert_eq!(
        build::<I16>(vec![Op::set().at(1).at(0).at(0).imm(-7i16)]),
        I16::B(-7)
    );
    assert_eq!(
        build::<I32>(vec![Op::set().at(0).at(0).at(0).imm(9u8)]),
        I32::A(9)
    );
    assert_eq!(build::<I32>(vec![Op::set().at(1).stage()]), I32::B);
}

/// The discriminant of a whole value moved in is read back correctly for
/// every repr (re-selecting its variant resumes instead of switching).
#[test]
fn whole_values_resume_their_own_variant_in_every_repr() {
    assert_eq!(
        build::<Negative>(vec![
            Op::set().imm(Negative::B(1)),
            Op::set().at(1).at(0).at(0).imm(2u8)
        ]),
        Negative::B(2)
    );
    assert_eq!(
        build::<Wide>(vec![
            Op::set().imm(Wide::B(1)),
            Op::set().at(1).at(0).at(0).imm(3u16)
        ]),
        Wide::B(3)
    );
    assert_eq!(
        build::<I32>(vec![
            Op::set().imm(I32::A(1)),
            Op::set().at(0).at(0).at(0).imm(5u8)
        ]),
        I32::A(5)
    );
    assert_eq!(
        build::<ReprCU16>(vec![
            Op::set().imm(ReprCU16::Y(1)),
            Op::set().at(1).at(0).at(0).imm(6u32)
        ]),
        ReprCU16::Y(6)
    );
}
