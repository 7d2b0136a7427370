//! Structs, tuples, tuple structs, unit structs and zero-size types, built
//! field by field or whole; whole-value fields (`String`, `Vec`, `Option`,
//! `Box`, `HashMap`) set by `Imm` and by `Default`.

use std::collections::HashMap;

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{NoDefault, Pair, fails, finish, ok};

/// A tuple struct.
#[derive(Facet, Debug, PartialEq)]
struct Ts(u32, String);

/// A unit struct.
#[derive(Facet, Debug, PartialEq)]
struct Unit;

/// Zero-size fields only.
#[derive(Facet, Debug, PartialEq)]
struct Zsts {
    unit: (),
    marker: Unit,
    empty: [u8; 0],
}

/// A zero-size field between sized ones.
#[derive(Facet, Debug, PartialEq)]
struct WithZst {
    a: u8,
    z: Unit,
    b: u64,
}

/// Fields that trame sets only whole in this version.
#[derive(Facet, Debug, PartialEq)]
struct Wholes {
    s: String,
    v: Vec<u32>,
    o: Option<String>,
    b: Box<u32>,
    m: HashMap<String, u32>,
}

/// A struct whose own `Default` differs from its fields' defaults.
#[derive(Facet, Debug, PartialEq)]
struct OwnDefault {
    x: u32,
    y: String,
}

impl Default for OwnDefault {
    fn default() -> Self {
        OwnDefault {
            x: 7,
            y: "seven".into(),
        }
    }
}

// t[verify state.init.byte-tracking]
#[test]
fn pair_field_by_field() {
    let mut t = Trame::new::<Pair>();
    assert_eq!(t.to_string(), "▶ ⟨Root: Pair⟩\n  ├─ a ○\n  └─ b ○\n");
    ok(&mut t, Op::set().at(0).imm(13u32));
    assert_eq!(t.to_string(), "▶ ⟨Root: Pair⟩\n  ├─ a ●\n  └─ b ○\n");
    ok(&mut t, Op::set().at(1).imm(7u32));
    assert_eq!(t.to_string(), "▶ ⟨Root: Pair⟩\n  ├─ a ●\n  └─ b ●\n");
    assert_eq!(finish::<Pair>(t), Pair { a: 13, b: 7 });
}

#[test]
fn pair_fields_in_reverse_order() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::set().at(0).imm(1u32));
    assert_eq!(finish::<Pair>(t), Pair { a: 1, b: 2 });
}

#[test]
fn pair_fields_by_default() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().at(0).default());
    ok(&mut t, Op::set().at(1).imm(4u32));
    assert_eq!(finish::<Pair>(t), Pair { a: 0, b: 4 });
}

// t[verify state.init.byte-tracking]
#[test]
fn pair_missing_field_fails_build() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().at(0).imm(13u32));
    let err = t.build().unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$".into(),
            shape: "Pair".into(),
            missing: vec!["b".into()],
            all: vec!["$.b".into()],
        }
    );
    assert_eq!(err.to_string(), "missing field b in Pair at $");
}

#[test]
fn pair_whole_by_imm() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().imm(Pair { a: 3, b: 4 }));
    assert_eq!(t.to_string(), "▶ ⟨Root: Pair⟩\n  ├─ a ●\n  └─ b ●\n");
    assert_eq!(finish::<Pair>(t), Pair { a: 3, b: 4 });
}

#[test]
fn pair_whole_by_default() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().default());
    assert_eq!(finish::<Pair>(t), Pair { a: 0, b: 0 });
}

#[test]
fn whole_then_one_field_overwritten() {
    let mut t = Trame::new::<Pair>();
    ok(&mut t, Op::set().imm(Pair { a: 3, b: 4 }));
    ok(&mut t, Op::set().at(1).imm(40u32));
    assert_eq!(finish::<Pair>(t), Pair { a: 3, b: 40 });
}

#[test]
fn own_default_is_used_for_the_whole_value() {
    let mut t = Trame::new::<OwnDefault>();
    ok(&mut t, Op::set().default());
    assert_eq!(
        finish::<OwnDefault>(t),
        OwnDefault {
            x: 7,
            y: "seven".into()
        }
    );
}

#[test]
fn own_default_never_fills_missing_fields() {
    let mut t = Trame::new::<OwnDefault>();
    ok(&mut t, Op::set().at(0).imm(1u32));
    let err = t.build().unwrap_err();
    assert!(matches!(&err, TrameError::Incomplete { missing, .. } if missing == &["y"]));
}

#[test]
fn tuple_field_by_field() {
    let mut t = Trame::new::<(u32, String)>();
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: (u32, String)⟩\n  ├─ 0 ○\n  └─ 1 ○\n"
    );
    ok(&mut t, Op::set().at(0).imm(10u32));
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: (u32, String)⟩\n  ├─ 0 ●\n  └─ 1 ○\n"
    );
    ok(&mut t, Op::set().at(1).imm(String::from("ten")));
    assert_eq!(finish::<(u32, String)>(t), (10, "ten".to_string()));
}

#[test]
fn tuple_whole_and_missing() {
    let mut t = Trame::new::<(u32, String)>();
    ok(&mut t, Op::set().imm((1u32, String::from("one"))));
    assert_eq!(finish::<(u32, String)>(t), (1, "one".to_string()));

    let t = Trame::new::<(u32, String)>();
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing fields 0, 1 in (u32, String) at $");
}

#[test]
fn tuple_struct() {
    let mut t = Trame::new::<Ts>();
    ok(&mut t, Op::set().at(1).imm(String::from("s")));
    ok(&mut t, Op::set().at(0).imm(5u32));
    assert_eq!(finish::<Ts>(t), Ts(5, "s".into()));

    let mut t = Trame::new::<Ts>();
    let err = fails(&mut t, Op::set().at(0).imm(String::from("s")));
    assert_eq!(err.to_string(), "expected u32, found String at $.0");
}

#[test]
fn unit_struct_is_complete_from_the_start() {
    let t = Trame::new::<Unit>();
    assert_eq!(t.to_string(), "▶ ⟨Root: Unit⟩\n");
    assert_eq!(finish::<Unit>(t), Unit);

    let mut t = Trame::new::<Unit>();
    ok(&mut t, Op::set().imm(Unit));
    assert_eq!(finish::<Unit>(t), Unit);

    let mut t = Trame::new::<Unit>();
    let err = fails(&mut t, Op::set().at(0).imm(()));
    assert_eq!(
        err.to_string(),
        "field index 0 out of range for Unit (0 fields) at $"
    );
}

#[test]
fn zero_size_fields_are_tracked_like_others() {
    // `()` holds nothing and has a `Default`: filled at validation
    // (`validate.empty-default`); the others are missing.
    let t = Trame::new::<Zsts>();
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing fields marker, empty in Zsts at $");

    let mut t = Trame::new::<Zsts>();
    ok(&mut t, Op::set().at(0).imm(()));
    ok(&mut t, Op::set().at(1).imm(Unit));
    ok(&mut t, Op::set().at(2).stage()); // `[u8; 0]` has no slots: complete at once
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::end());
    assert_eq!(
        finish::<Zsts>(t),
        Zsts {
            unit: (),
            marker: Unit,
            empty: []
        }
    );

    let mut t = Trame::new::<Zsts>();
    ok(
        &mut t,
        Op::set().imm(Zsts {
            unit: (),
            marker: Unit,
            empty: [],
        }),
    );
    assert_eq!(
        finish::<Zsts>(t),
        Zsts {
            unit: (),
            marker: Unit,
            empty: []
        }
    );
}

#[test]
fn zero_size_field_between_sized_fields() {
    let mut t = Trame::new::<WithZst>();
    ok(&mut t, Op::set().at(2).imm(9u64));
    ok(&mut t, Op::set().at(0).imm(1u8));
    let err = Trame::new::<WithZst>().build().unwrap_err();
    assert_eq!(err.to_string(), "missing fields a, z, b in WithZst at $");
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::end());
    assert_eq!(
        finish::<WithZst>(t),
        WithZst {
            a: 1,
            z: Unit,
            b: 9
        }
    );
}

#[test]
fn whole_value_fields_by_imm() {
    let mut t = Trame::new::<Wholes>();
    ok(&mut t, Op::set().at(0).imm(String::from("s")));
    ok(&mut t, Op::set().at(1).imm(vec![1u32, 2, 3]));
    ok(&mut t, Op::set().at(2).imm(Some(String::from("o"))));
    ok(&mut t, Op::set().at(3).imm(Box::new(7u32)));
    ok(
        &mut t,
        // SAFETY: `Imm::new` refuses a whole `HashMap` (its shape does not
        // describe the hasher, see `trame::lifetimes`); this one has std's
        // `RandomState`, exactly the field's type.
        unsafe {
            Op::set()
                .at(4)
                .imm_unchecked(HashMap::from([(String::from("k"), 1u32)]))
        },
    );
    let expected = Wholes {
        s: "s".into(),
        v: vec![1, 2, 3],
        o: Some("o".into()),
        b: Box::new(7),
        m: HashMap::from([("k".into(), 1)]),
    };
    assert_eq!(finish::<Wholes>(t), expected);
}

#[test]
fn whole_value_fields_by_default() {
    let mut t = Trame::new::<Wholes>();
    ok(&mut t, Op::set().at(0).default());
    ok(&mut t, Op::set().at(1).default());
    ok(&mut t, Op::set().at(2).default());
    ok(&mut t, Op::set().at(3).imm(Box::new(0u32)));
    ok(&mut t, Op::set().at(4).default());
    let expected = Wholes {
        s: String::new(),
        v: Vec::new(),
        o: None,
        b: Box::new(0),
        m: HashMap::new(),
    };
    assert_eq!(finish::<Wholes>(t), expected);
}

#[test]
fn whole_value_fields_overwritten_by_default() {
    let mut t = Trame::new::<Wholes>();
    ok(&mut t, Op::set().at(0).imm(String::from("s")));
    ok(&mut t, Op::set().at(1).imm(vec![1u32, 2, 3]));
    ok(&mut t, Op::set().at(2).imm(Some(String::from("o"))));
    ok(&mut t, Op::set().at(3).imm(Box::new(7u32)));
    ok(
        &mut t,
        // SAFETY: `Imm::new` refuses a whole `HashMap` (its shape does not
        // describe the hasher, see `trame::lifetimes`); this one has std's
        // `RandomState`, exactly the field's type.
        unsafe {
            Op::set()
                .at(4)
                .imm_unchecked(HashMap::from([(String::from("k"), 1u32)]))
        },
    );
    for i in [0, 1, 2, 4] {
        ok(&mut t, Op::set().at(i).default());
    }
    ok(&mut t, Op::set().at(3).imm(Box::new(8u32)));
    let v = finish::<Wholes>(t);
    assert_eq!(
        (v.s.as_str(), v.v.len(), &v.o, *v.b, v.m.len()),
        ("", 0, &None, 8, 0)
    );
}

#[test]
fn box_field_has_no_default_in_facet() {
    // facet 0.50's `Box<T>` shape has no default operation, so `Default`
    // at a `Box` field is reported, not guessed.
    let mut t = Trame::new::<Wholes>();
    ok(
        &mut t,
        Op::set().at(0).imm(String::from("dropped by poisoning")),
    );
    let err = fails(&mut t, Op::set().at(3).default());
    assert_eq!(
        err,
        TrameError::NoDefault {
            path: "$.b".into(),
            shape: "Box<u32>".into()
        }
    );
}

#[test]
fn struct_without_default_impl() {
    let mut t = Trame::new::<NoDefault>();
    let err = fails(&mut t, Op::set().default());
    assert_eq!(
        err,
        TrameError::NoDefault {
            path: "$".into(),
            shape: "NoDefault".into()
        }
    );
    assert_eq!(err.to_string(), "NoDefault has no default value, at $");

    let mut t = Trame::new::<NoDefault>();
    ok(&mut t, Op::set().at(0).default());
    assert_eq!(finish::<NoDefault>(t), NoDefault { x: 0 });
}

#[test]
fn from_shape_builds_like_new() {
    // SAFETY: `Pair::SHAPE` was produced by `Pair`'s `Facet` impl.
    let mut t = unsafe { Trame::from_shape(Pair::SHAPE) };
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    let hv = t.build().unwrap();
    assert_eq!(hv.shape(), Pair::SHAPE);
    assert_eq!(hv.materialize::<Pair>().unwrap(), Pair { a: 1, b: 2 });
}
