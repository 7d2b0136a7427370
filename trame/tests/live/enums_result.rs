//! `Result<T, E>` on the live runtime: `Ok`/`Err` selected like enum
//! variants, payloads staged in an allocation of their own and moved in when
//! the variant closes; switching, whole values, exact drop counts at every
//! level, nesting and deferred re-entry.

use std::sync::Arc;

use trame::{Facet, Op, Trame};

use crate::support::{Counter, Pair, Tracker, ok};

fn build<T: for<'a> Facet<'a>>(ops: Vec<Op<'static>>) -> T {
    let mut t = Trame::new::<T>();
    for op in ops {
        ok(&mut t, op);
    }
    t.build().unwrap().materialize::<T>().unwrap()
}

type R = Result<u32, String>;
type RP = Result<Pair, Vec<String>>;
/// A result whose payloads count their drops.
type RT = Result<(Tracker, Tracker), Tracker>;

#[test]
fn ok_and_err_by_staging_and_by_imm() {
    assert_eq!(build::<R>(vec![Op::set().at(0).at(0).imm(3u32)]), Ok(3));
    assert_eq!(
        build::<R>(vec![Op::set().at(1).at(0).imm(String::from("no"))]),
        Err("no".into())
    );
    // Level by level: variant, payload (a leaf), its value.
    let mut t = Trame::new::<R>();
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 2);
    ok(&mut t, Op::set().imm(4u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    assert_eq!(t.build().unwrap().materialize::<R>().unwrap(), Ok(4));
    // The payload's own default, and a whole value.
    assert_eq!(
        build::<R>(vec![Op::set().at(1).at(0).default()]),
        Err(String::new())
    );
    assert_eq!(
        build::<R>(vec![Op::set().imm(Err::<u32, String>("w".into()))]),
        Err("w".into())
    );
}

#[test]
fn struct_and_list_payloads_are_built_piece_by_piece() {
    let v = build::<RP>(vec![
        Op::set().at(0).at(0).at(1).imm(2u32),
        Op::set().at(0).imm(1u32),
    ]);
    assert_eq!(v, Ok(Pair { a: 1, b: 2 }));
    let mut t = Trame::new::<RP>();
    ok(&mut t, Op::set().at(1).at(0).stage());
    for s in ["x", "y"] {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(String::from(s)));
        ok(&mut t, Op::end());
    }
    let v = t.build().unwrap().materialize::<RP>().unwrap();
    assert_eq!(v, Err(vec!["x".to_owned(), "y".to_owned()]));
}

#[test]
fn display_and_errors_name_the_variant() {
    let mut t = Trame::new::<RP>();
    ok(&mut t, Op::set().at(0).at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    let expected = "  ⟨Root: Result<Pair, Vec<String>>⟩\n  └─ variant 0 → ⟨Variant: Result<Pair, Vec<String>>::Ok⟩\n▶     └─ payload → ⟨Child: Pair⟩\n          ├─ a ●\n          └─ b ○\n";
    assert_eq!(t.to_string(), expected);
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing field b in Pair at $.Ok"
    );

    let mut t = Trame::new::<RP>();
    ok(&mut t, Op::set().at(1).stage());
    assert_eq!(
        t.build().unwrap_err().to_string(),
        "missing field payload in Result<Pair, Vec<String>>::Err at $.Err"
    );

    let mut t = Trame::new::<RP>();
    let err = t.apply(Op::set().at(2).stage()).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
    let mut t = Trame::new::<RP>();
    let err = t.apply(Op::set().at(0).at(1).stage()).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
    // An `Imm` of the wrong payload type is a mismatch, not a move.
    let mut t = Trame::new::<R>();
    let err = t.apply(Op::set().at(1).at(0).imm(3u32)).unwrap_err();
    assert!(
        matches!(err, trame::TrameError::ShapeMismatch { .. }),
        "{err}"
    );
}

fn tagged(c: &Arc<Counter>, tag: u32) -> Tracker {
    Tracker::tagged(c, tag)
}

// t[verify state.machine.enum-switch-drops-previous]
#[test]
fn switching_drops_the_staged_payload_once() {
    // A partial `Ok` payload, kept by deferred `End`s, then `Err`.
    let c = Counter::new();
    let mut t = Trame::new_deferred::<RT>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(tagged(&c, 1)));
    ok(&mut t, Op::end()); // payload kept
    ok(&mut t, Op::end()); // variant kept
    ok(&mut t, Op::set().at(1).at(0).imm(tagged(&c, 2)));
    c.assert(2, 1);
    let v = t.build().unwrap().materialize::<RT>().unwrap();
    assert!(matches!(&v, Err(e) if e.tag() == 2));
    drop(v);
    c.assert_all_dropped(2);

    // A closed `Ok` (moved into the result), then `Err`.
    let c = Counter::new();
    let mut t = Trame::new::<RT>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(tagged(&c, 1)));
    ok(&mut t, Op::set().at(1).imm(tagged(&c, 2)));
    ok(&mut t, Op::end()); // payload folds
    ok(&mut t, Op::end()); // `Ok` made
    ok(&mut t, Op::set().at(1).at(0).imm(tagged(&c, 3)));
    c.assert(3, 2);
    let v = t.build().unwrap().materialize::<RT>().unwrap();
    assert!(matches!(&v, Err(e) if e.tag() == 3));
    drop(v);
    c.assert_all_dropped(3);

    // Re-selecting the active variant while its payload is staged resumes.
    let c = Counter::new();
    let mut t = Trame::new_deferred::<RT>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(tagged(&c, 1)));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(tagged(&c, 2)));
    c.assert(2, 0);
    let v = t.build().unwrap().materialize::<RT>().unwrap();
    assert!(matches!(&v, Ok((a, b)) if a.tag() == 1 && b.tag() == 2));
    drop(v);
    c.assert_all_dropped(2);
}

// t[verify state.machine.enum-direct-then-switch]
#[test]
fn a_whole_result_is_dropped_before_a_switch() {
    let c = Counter::new();
    let mut t = Trame::new::<RT>();
    ok(
        &mut t,
        Op::set().imm(RT::Ok((tagged(&c, 1), tagged(&c, 2)))),
    );
    ok(&mut t, Op::set().at(1).at(0).imm(tagged(&c, 3)));
    c.assert(3, 2);
    let v = t.build().unwrap().materialize::<RT>().unwrap();
    assert!(matches!(&v, Err(e) if e.tag() == 3));
    drop(v);
    c.assert_all_dropped(3);
}

#[test]
fn re_selecting_the_variant_of_a_whole_result_restarts_its_payload() {
    let c = Counter::new();
    let mut t = Trame::new::<RT>();
    ok(
        &mut t,
        Op::set().imm(RT::Ok((tagged(&c, 1), tagged(&c, 2)))),
    );
    // Selecting it again keeps the whole value.
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::end());
    c.assert(2, 0);
    // Staging its payload drops it and starts the payload afresh.
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(tagged(&c, 9)));
    c.assert(3, 2);
    ok(&mut t, Op::set().at(0).imm(tagged(&c, 8)));
    let v = t.build().unwrap().materialize::<RT>().unwrap();
    assert!(matches!(&v, Ok((a, b)) if a.tag() == 8 && b.tag() == 9));
    drop(v);
    c.assert_all_dropped(4);

    // A restarted payload left incomplete is an error; all dropped once.
    let c = Counter::new();
    let mut t = Trame::new::<RT>();
    ok(
        &mut t,
        Op::set().imm(RT::Ok((tagged(&c, 1), tagged(&c, 2)))),
    );
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(tagged(&c, 9)));
    assert!(t.build().is_err());
    c.assert_all_dropped(3);
}

#[test]
fn abandoned_and_poisoned_results_drop_every_part_once() {
    type Script = fn(&mut Trame<'static>, &Arc<Counter>);
    let scripts: &[(&str, usize, Script)] = &[
        ("variant selected", 0, |t, _| {
            ok(t, Op::set().at(0).stage());
        }),
        ("payload staged, empty", 0, |t, _| {
            ok(t, Op::set().at(0).at(0).stage());
        }),
        ("payload partial", 1, |t, c| {
            ok(t, Op::set().at(0).at(0).at(0).imm(tagged(c, 1)));
        }),
        ("payload complete, open", 2, |t, c| {
            ok(t, Op::set().at(0).at(0).at(0).imm(tagged(c, 1)));
            ok(t, Op::set().at(1).imm(tagged(c, 2)));
        }),
        ("payload folded, variant open", 2, |t, c| {
            ok(t, Op::set().at(0).at(0).at(0).imm(tagged(c, 1)));
            ok(t, Op::set().at(1).imm(tagged(c, 2)));
            ok(t, Op::end());
        }),
        ("variant closed", 2, |t, c| {
            ok(t, Op::set().at(0).at(0).at(0).imm(tagged(c, 1)));
            ok(t, Op::set().at(1).imm(tagged(c, 2)));
            ok(t, Op::end());
            ok(t, Op::end());
        }),
        ("payload written whole", 1, |t, c| {
            ok(t, Op::set().at(1).at(0).imm(tagged(c, 1)));
        }),
        ("whole value", 1, |t, c| {
            ok(t, Op::set().imm(RT::Err(tagged(c, 1))));
        }),
        ("whole value re-selected", 1, |t, c| {
            ok(t, Op::set().imm(RT::Err(tagged(c, 1))));
            ok(t, Op::set().at(1).stage());
        }),
        ("whole value restarted", 3, |t, c| {
            ok(t, Op::set().imm(RT::Ok((tagged(c, 1), tagged(c, 2)))));
            ok(t, Op::set().at(0).at(0).at(0).imm(tagged(c, 3)));
        }),
        ("switched", 2, |t, c| {
            ok(t, Op::set().at(1).at(0).imm(tagged(c, 1)));
            ok(t, Op::end());
            ok(t, Op::set().at(0).at(0).at(1).imm(tagged(c, 2)));
        }),
    ];
    for (name, created, script) in scripts {
        // Abandoned: dropped as is.
        let c = Counter::new();
        let mut t = Trame::new::<RT>();
        script(&mut t, &c);
        drop(t);
        assert_eq!(
            (c.created(), c.dropped()),
            (*created, *created),
            "abandoned, {name}"
        );
        // Poisoned: an error at the cursor's level, then cleanup.
        let c = Counter::new();
        let mut t = Trame::new::<RT>();
        script(&mut t, &c);
        assert!(t.apply(Op::set().at(7).stage()).is_err(), "{name}");
        assert!(t.is_poisoned());
        assert_eq!(
            (c.created(), c.dropped()),
            (*created, *created),
            "poisoned, {name}"
        );
    }
}

#[derive(Facet, Debug, PartialEq)]
struct WithResult {
    r: Result<Pair, String>,
    n: u32,
}

#[test]
fn results_nested_in_structs_lists_options_and_boxes() {
    let v = build::<WithResult>(vec![
        Op::set().at(0).at(0).at(0).at(1).imm(2u32),
        Op::set().at(0).imm(1u32),
        Op::set().root().at(1).imm(5u32),
    ]);
    assert_eq!(
        v,
        WithResult {
            r: Ok(Pair { a: 1, b: 2 }),
            n: 5
        }
    );
    let v = build::<Vec<R>>(vec![
        Op::set().append().at(1).at(0).imm(String::from("e")),
        Op::end(),
        Op::end(),
        Op::set().append().at(0).at(0).imm(3u32),
        Op::end(),
        Op::end(),
    ]);
    assert_eq!(v, vec![Err("e".to_owned()), Ok(3)]);
    let v = build::<Option<R>>(vec![Op::set().at(0).at(1).at(0).imm(String::from("x"))]);
    assert_eq!(v, Some(Err("x".to_owned())));
    let v = build::<Box<Result<Pair, String>>>(vec![
        Op::set().at(0).at(0).at(0).at(0).imm(1u32),
        Op::set().at(1).imm(2u32),
    ]);
    assert_eq!(v, Box::new(Ok(Pair { a: 1, b: 2 })));
    let v = build::<Result<R, u8>>(vec![
        Op::set().at(0).at(0).at(1).at(0).imm(String::from("in")),
    ]);
    assert_eq!(v, Ok(Err("in".to_owned())));
    let v = build::<Result<Option<u32>, u8>>(vec![Op::set().at(0).at(0).default()]);
    assert_eq!(v, Ok(None));
}

#[test]
fn deferred_re_entry_of_a_result_payload() {
    let mut t = Trame::new_deferred::<Result<Pair, String>>();
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(2u32));
    let v = t.build().unwrap().materialize::<Result<Pair, String>>();
    assert_eq!(v.unwrap(), Ok(Pair { a: 1, b: 2 }));

    // A deferred subtree inside a strict struct: left incomplete, then
    // completed through a path from the root.
    let mut t = Trame::new::<WithResult>();
    ok(&mut t, Op::set().at(0).stage_deferred());
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(2u32));
    ok(&mut t, Op::end()); // payload kept
    ok(&mut t, Op::end()); // variant kept
    ok(&mut t, Op::set().at(0).at(0).at(0).imm(1u32));
    ok(&mut t, Op::end()); // payload folds into the variant
    ok(&mut t, Op::end()); // variant stays until the deferred root closes
    ok(&mut t, Op::end()); // deferred root: `Ok` made, folded
    ok(&mut t, Op::set().at(1).imm(7u32));
    let v = t.build().unwrap().materialize::<WithResult>().unwrap();
    assert_eq!(
        v,
        WithResult {
            r: Ok(Pair { a: 1, b: 2 }),
            n: 7
        }
    );
}
