//! Smart pointers, slice pointers and options.

use crate::support::*;

#[test]
fn smart_pointers_from_staged_pointees() {
    let d = Drops::start();
    let mut t = Trame::new::<Box<Pair>>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(Tracked::new(10)));
    ok(&mut t, Op::end());
    assert_eq!(built::<Box<Pair>>(t), Box::new(pair(1)));

    let mut t = Trame::new::<Arc<Pair>>();
    ok(&mut t, Op::set().at(0).at(0).imm(2u32));
    ok(&mut t, Op::set().at(1).imm(Tracked::new(20)));
    assert_eq!(built::<Arc<Pair>>(t), Arc::new(pair(2)));

    let mut t = Trame::new::<Rc<Pair>>();
    ok(&mut t, Op::set().at(0).imm(pair(3)));
    assert_eq!(built::<Rc<Pair>>(t), Rc::new(pair(3)));

    // Whole Imm, and overwriting a staged pointee with a whole value.
    let mut t = Trame::new::<Box<Pair>>();
    ok(&mut t, Op::set().at(0).imm(pair(99)));
    ok(&mut t, Op::set().imm(Box::new(pair(4))));
    assert_eq!(built::<Box<Pair>>(t), Box::new(pair(4)));

    // Field(0) of a pointer set whole drops it and starts over.
    let mut t = Trame::new::<Box<u32>>();
    ok(&mut t, Op::set().imm(Box::new(1u32)));
    ok(&mut t, Op::set().at(0).imm(5u32));
    assert_eq!(built::<Box<u32>>(t), Box::new(5));
    d.assert_balanced();
}

#[test]
fn slice_pointers_from_staged_elements_and_str_pointers_by_imm() {
    let d = Drops::start();
    let mut t = Trame::new::<Box<[u32]>>();
    for v in 0..MANY as u32 {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(v));
        ok(&mut t, Op::end());
    }
    assert_eq!(
        built::<Box<[u32]>>(t),
        (0..MANY as u32).collect::<Box<[u32]>>()
    );

    let mut t = Trame::new::<Arc<[u32]>>();
    ok(&mut t, Op::set().stage());
    assert_eq!(built::<Arc<[u32]>>(t), Arc::from(Vec::<u32>::new()));

    let mut t = Trame::new::<Rc<[Tracked]>>();
    for v in 0..3 {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(Tracked::new(v)));
        ok(&mut t, Op::end());
    }
    let r: Rc<[Tracked]> = built(t);
    assert_eq!(r.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 1, 2]);
    drop(r);
    d.assert_balanced();

    let mut t = Trame::new::<Box<str>>();
    ok(&mut t, Op::set().imm(Box::<str>::from("hi")));
    assert_eq!(&*built::<Box<str>>(t), "hi");
    let mut t = Trame::new::<Arc<str>>();
    ok(&mut t, Op::set().imm(Arc::<str>::from("yo")));
    assert_eq!(&*built::<Arc<str>>(t), "yo");
}

#[test]
fn options_stage_some_default_none_and_whole_imm() {
    let d = Drops::start();
    let mut t = Trame::new::<Option<Pair>>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(Tracked::new(10)));
    ok(&mut t, Op::end());
    assert_eq!(built::<Option<Pair>>(t), Some(pair(1)));

    let mut t = Trame::new::<Option<Pair>>();
    ok(&mut t, Op::set().default());
    assert_eq!(built::<Option<Pair>>(t), None);

    let mut t = Trame::new::<Option<Box<u32>>>();
    ok(&mut t, Op::set().at(0).at(0).imm(7u32));
    assert_eq!(built::<Option<Box<u32>>>(t), Some(Box::new(7)));

    let mut t = Trame::new::<Option<&'static str>>();
    ok(&mut t, Op::set().at(0).imm("borrowed"));
    assert_eq!(built::<Option<&str>>(t), Some("borrowed"));

    let mut t = Trame::new::<Option<NonZeroU32>>();
    ok(&mut t, Op::set().at(0).imm(NonZeroU32::new(9).unwrap()));
    assert_eq!(built::<Option<NonZeroU32>>(t), NonZeroU32::new(9));

    let mut t = Trame::new::<Option<NonZeroU32>>();
    ok(&mut t, Op::set().imm(None::<NonZeroU32>));
    assert_eq!(built::<Option<NonZeroU32>>(t), None);

    // A staged payload replaced by a whole None drops the payload.
    let mut t = Trame::new::<Option<Pair>>();
    ok(&mut t, Op::set().at(0).at(1).imm(Tracked::new(5)));
    ok(&mut t, Op::set().at(0).imm(6u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().default());
    assert_eq!(built::<Option<Pair>>(t), None);
    d.assert_balanced();
}

#[derive(Facet, Debug)]
struct BoxedAndScalar {
    p: Box<Pair>,
    c: u32,
}

/// Deferred validation of a pointer whose pointee is staged but
/// incomplete reports the pointee's missing field and keeps collecting:
/// the other missing fields are named too.
#[test]
fn deferred_incomplete_pointee_is_reported_with_every_other_missing_path() {
    let d = Drops::start();
    let mut t = Trame::new_deferred::<BoxedAndScalar>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    let e = t.build().unwrap_err();
    let TrameError::Incomplete { all, .. } = &e else {
        panic!("expected Incomplete, got {e:?}");
    };
    assert_eq!(all, &["$.p.*.b", "$.c"], "{e}");
    assert_eq!(
        e.to_string(),
        "missing field b in Pair at $.p.*; also missing $.c"
    );
    d.assert_balanced();
}
