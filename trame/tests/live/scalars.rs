//! Scalars as the root: `Imm`, `Default`, overwrite, and what a scalar
//! node refuses.

use trame::{Op, Trame, TrameError};

use crate::support::{Counter, Tracker, fails, finish, ok};

// t[verify state.init.byte-tracking]
#[test]
fn scalar_u32_imm() {
    let mut t = Trame::new::<u32>();
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ○\n");
    ok(&mut t, Op::set().imm(42u32));
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ●\n");
    assert_eq!(finish::<u32>(t), 42);
}

#[test]
fn scalar_u32_default() {
    let mut t = Trame::new::<u32>();
    ok(&mut t, Op::set().default());
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ●\n");
    assert_eq!(finish::<u32>(t), 0);
}

// t[verify state.machine.build-finalization]
#[test]
fn scalar_never_written_does_not_build() {
    let t = Trame::new::<u32>();
    let err = t.build().unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$".into(),
            shape: "u32".into(),
            missing: vec![],
            all: vec!["$".into()],
        }
    );
    assert_eq!(err.to_string(), "missing value of u32 at $");
}

#[test]
fn scalar_imm_then_default_then_imm() {
    let mut t = Trame::new::<u64>();
    ok(&mut t, Op::set().imm(5u64));
    ok(&mut t, Op::set().default());
    ok(&mut t, Op::set().imm(u64::MAX));
    assert_eq!(finish::<u64>(t), u64::MAX);
}

#[test]
fn assorted_scalar_types() {
    let mut t = Trame::new::<bool>();
    ok(&mut t, Op::set().imm(true));
    assert!(finish::<bool>(t));

    let mut t = Trame::new::<char>();
    ok(&mut t, Op::set().imm('é'));
    assert_eq!(finish::<char>(t), 'é');

    let mut t = Trame::new::<f64>();
    ok(&mut t, Op::set().imm(-1.5f64));
    assert_eq!(finish::<f64>(t), -1.5);

    let mut t = Trame::new::<i8>();
    ok(&mut t, Op::set().imm(-7i8));
    assert_eq!(finish::<i8>(t), -7);

    // 16-byte alignment: the Imm cannot use its inline storage.
    let mut t = Trame::new::<u128>();
    ok(&mut t, Op::set().imm(u128::MAX - 1));
    assert_eq!(finish::<u128>(t), u128::MAX - 1);

    let mut t = Trame::new::<i128>();
    ok(&mut t, Op::set().default());
    assert_eq!(finish::<i128>(t), 0);
}

#[test]
fn string_root_imm_and_default() {
    let mut t = Trame::new::<String>();
    ok(&mut t, Op::set().imm(String::from("hello")));
    assert_eq!(finish::<String>(t), "hello");

    let mut t = Trame::new::<String>();
    ok(&mut t, Op::set().imm(String::from("dropped on overwrite")));
    ok(&mut t, Op::set().default());
    assert_eq!(finish::<String>(t), "");
}

#[test]
fn static_str_root() {
    let mut t = Trame::new::<&'static str>();
    ok(&mut t, Op::set().imm("static"));
    assert_eq!(finish::<&'static str>(t), "static");
}

#[test]
fn unit_scalar_needs_a_value() {
    let t = Trame::new::<()>();
    assert!(matches!(t.build(), Err(TrameError::Incomplete { .. })));

    let mut t = Trame::new::<()>();
    ok(&mut t, Op::set().imm(()));
    finish::<()>(t);

    let mut t = Trame::new::<()>();
    ok(&mut t, Op::set().default());
    finish::<()>(t);
}

#[test]
fn opaque_root_by_imm() {
    let c = Counter::new();
    let mut t = Trame::new::<Tracker>();
    ok(&mut t, Op::set().imm(Tracker::tagged(&c, 1)));
    ok(&mut t, Op::set().imm(Tracker::tagged(&c, 2)));
    c.assert(2, 1);
    let tracker = finish::<Tracker>(t);
    assert_eq!(tracker.tag(), 2);
    drop(tracker);
    c.assert_all_dropped(2);
}

#[test]
fn opaque_root_without_default() {
    let mut t = Trame::new::<Tracker>();
    let err = fails(&mut t, Op::set().default());
    assert_eq!(
        err,
        TrameError::NoDefault {
            path: "$".into(),
            shape: "Tracker".into()
        }
    );
    assert_eq!(err.to_string(), "Tracker has no default value, at $");
}

#[test]
fn empty_path_stage_on_scalar_is_a_no_op() {
    let mut t = Trame::new::<u32>();
    ok(&mut t, Op::set().stage());
    assert_eq!(t.depth(), 0);
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ○\n");
    ok(&mut t, Op::set().imm(3u32));
    ok(&mut t, Op::set().stage());
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ●\n");
    assert_eq!(finish::<u32>(t), 3);
}

#[test]
fn scalar_has_no_fields() {
    let mut t = Trame::new::<u32>();
    let err = fails(&mut t, Op::set().at(0).imm(1u32));
    assert_eq!(
        err,
        TrameError::FieldOutOfRange {
            path: "$".into(),
            shape: "u32".into(),
            index: 0,
            count: 0
        }
    );

    let mut t = Trame::new::<u32>();
    let err = fails(&mut t, Op::set().at(0).stage());
    assert!(matches!(
        err,
        TrameError::FieldOutOfRange {
            index: 0,
            count: 0,
            ..
        }
    ));
}

#[test]
fn scalar_root_shape_mismatch() {
    let mut t = Trame::new::<u32>();
    let err = fails(&mut t, Op::set().imm(1u64));
    assert_eq!(
        err,
        TrameError::ShapeMismatch {
            path: "$".into(),
            expected: "u32".into(),
            found: "u64".into()
        }
    );
    assert_eq!(err.to_string(), "expected u32, found u64 at $");
}
