//! Enums built variant by variant inside lists, map values, boxes and
//! options, compared to directly constructed values, and a drop-counting
//! enum in the same places with exact drop counts.

use std::collections::HashMap;
use std::sync::Arc;

use trame::{Facet, Op, Trame};

use crate::support::{Counter, Tracker, ok};

/// The spec's example enum.
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum E {
    Unit,
    Pair(u32, u32),
    Named { x: u32, y: u32 },
}

/// An enum whose payloads count their drops.
#[derive(Facet, Debug, PartialEq)]
#[repr(u16)]
#[allow(dead_code)]
enum Tracked {
    A(Tracker, Tracker),
    B { t: Tracker },
    C,
}

fn build<T: for<'a> Facet<'a>>(ops: Vec<Op<'static>>) -> T {
    let mut t = Trame::new::<T>();
    for op in ops {
        ok(&mut t, op);
    }
    t.build().unwrap().materialize::<T>().unwrap()
}

#[test]
fn enums_in_lists() {
    let v = build::<Vec<E>>(vec![
        Op::set().append().at(1).at(0).at(0).imm(1u32),
        Op::set().at(1).imm(2u32),
        Op::end(), // payload
        Op::end(), // variant
        Op::end(), // element
        Op::set().append().at(0).stage(),
        Op::end(),
        Op::end(),
        Op::set().append().at(2).at(0).at(1).imm(4u32),
        Op::set().at(0).imm(3u32),
        Op::end(),
        Op::end(),
        Op::end(),
        Op::set().append().stage(),
        Op::set().imm(E::Pair(5, 6)),
    ]);
    assert_eq!(
        v,
        vec![
            E::Pair(1, 2),
            E::Unit,
            E::Named { x: 3, y: 4 },
            E::Pair(5, 6)
        ]
    );
}

#[test]
fn enums_in_map_values() {
    let v = build::<HashMap<String, E>>(vec![
        Op::set().append().stage(),
        Op::set().at(0).imm(String::from("k")),
        Op::set().at(1).at(2).at(0).at(0).imm(3u32),
        Op::set().at(1).imm(4u32),
        Op::end(), // payload
        Op::end(), // variant
        Op::end(), // value
        Op::end(), // entry
        Op::set().append().stage(),
        Op::set().at(1).at(0).stage(),
        Op::end(),
        Op::end(),
        Op::set().at(0).imm(String::from("u")),
        Op::end(),
    ]);
    let expected: HashMap<String, E> = [
        ("k".to_owned(), E::Named { x: 3, y: 4 }),
        ("u".to_owned(), E::Unit),
    ]
    .into_iter()
    .collect();
    assert_eq!(v, expected);
}

#[test]
fn enums_in_boxes_and_options() {
    let v = build::<Box<E>>(vec![
        Op::set().at(0).at(1).at(0).at(0).imm(5u32),
        Op::set().at(1).imm(6u32),
    ]);
    assert_eq!(v, Box::new(E::Pair(5, 6)));
    let v = build::<Option<E>>(vec![
        Op::set().at(0).at(2).at(0).at(1).imm(8u32),
        Op::set().at(0).imm(7u32),
    ]);
    assert_eq!(v, Some(E::Named { x: 7, y: 8 }));
    let v = build::<Option<E>>(vec![Op::set().at(0).at(0).stage()]);
    assert_eq!(v, Some(E::Unit));
    let v = build::<Option<Box<E>>>(vec![
        Op::set().at(0).at(0).at(1).at(0).at(1).imm(2u32),
        Op::set().at(0).imm(1u32),
    ]);
    assert_eq!(v, Some(Box::new(E::Pair(1, 2))));
}

fn tagged(c: &Arc<Counter>, tag: u32) -> Tracker {
    Tracker::tagged(c, tag)
}

// t[verify state.machine.enum-switch-drops-previous]
#[test]
fn switching_inside_containers_drops_once() {
    // A list element switched from a partial `A` to `B`.
    let c = Counter::new();
    let mut t = Trame::new_deferred::<Vec<Tracked>>();
    ok(
        &mut t,
        Op::set().append().at(0).at(0).at(0).imm(tagged(&c, 1)),
    );
    ok(&mut t, Op::end()); // payload kept
    ok(&mut t, Op::end()); // variant kept
    ok(&mut t, Op::set().at(1).at(0).at(0).imm(tagged(&c, 2)));
    c.assert(2, 1);
    let v = t.build().unwrap().materialize::<Vec<Tracked>>().unwrap();
    assert!(matches!(&v[..], [Tracked::B { t }] if t.tag() == 2));
    drop(v);
    c.assert_all_dropped(2);

    // A map value set whole, then switched to `C`.
    let c = Counter::new();
    let mut t = Trame::new::<HashMap<u32, Tracked>>();
    ok(&mut t, Op::set().append().stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(Tracked::B { t: tagged(&c, 1) }));
    ok(&mut t, Op::set().at(1).at(2).stage());
    c.assert(1, 1);
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    let v = t
        .build()
        .unwrap()
        .materialize::<HashMap<u32, Tracked>>()
        .unwrap();
    assert_eq!(v.get(&1), Some(&Tracked::C));

    // A boxed enum and an optional one, built then switched.
    let c = Counter::new();
    let mut t = Trame::new_deferred::<(Box<Tracked>, Option<Tracked>)>();
    ok(
        &mut t,
        Op::set().at(0).at(0).at(0).at(0).at(1).imm(tagged(&c, 1)),
    );
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).at(0).at(0).imm(tagged(&c, 2)));
    c.assert(2, 1);
    ok(&mut t, Op::set().root().at(1).at(0).at(2).stage());
    let v = t.build().unwrap();
    let v = v.materialize::<(Box<Tracked>, Option<Tracked>)>().unwrap();
    assert!(matches!(&*v.0, Tracked::B { t } if t.tag() == 2));
    assert_eq!(v.1, Some(Tracked::C));
    drop(v);
    c.assert_all_dropped(2);
}

#[test]
fn abandoned_enums_in_containers_drop_every_part_once() {
    type Script = fn(&mut Trame<'static>, &Arc<Counter>);
    let scripts: &[(&str, usize, Script)] = &[
        ("list element partial", 1, |t, c| {
            ok(
                t,
                Op::set().at(0).append().at(0).at(0).at(0).imm(tagged(c, 1)),
            );
        }),
        ("list element complete, open", 2, |t, c| {
            ok(
                t,
                Op::set().at(0).append().at(0).at(0).at(0).imm(tagged(c, 1)),
            );
            ok(t, Op::set().at(1).imm(tagged(c, 2)));
        }),
        ("list element closed", 1, |t, c| {
            ok(
                t,
                Op::set().at(0).append().at(1).at(0).at(0).imm(tagged(c, 1)),
            );
            ok(t, Op::end());
            ok(t, Op::end());
            ok(t, Op::end());
        }),
        ("map value partial", 1, |t, c| {
            ok(
                t,
                Op::set()
                    .at(1)
                    .append()
                    .at(1)
                    .at(0)
                    .at(0)
                    .at(1)
                    .imm(tagged(c, 1)),
            );
        }),
        ("map value whole, key missing", 1, |t, c| {
            ok(
                t,
                Op::set()
                    .at(1)
                    .append()
                    .at(1)
                    .imm(Tracked::B { t: tagged(c, 1) }),
            );
        }),
        ("box pointee partial", 1, |t, c| {
            ok(t, Op::set().at(2).at(0).at(0).at(0).at(0).imm(tagged(c, 1)));
        }),
        ("option payload complete", 1, |t, c| {
            ok(t, Op::set().at(3).at(0).at(1).at(0).at(0).imm(tagged(c, 1)));
        }),
    ];
    type Holder = (
        Vec<Tracked>,
        HashMap<u32, Tracked>,
        Box<Tracked>,
        Option<Tracked>,
    );
    for (name, created, script) in scripts {
        let c = Counter::new();
        let mut t = Trame::new::<Holder>();
        script(&mut t, &c);
        drop(t);
        assert_eq!(
            (c.created(), c.dropped()),
            (*created, *created),
            "abandoned, {name}"
        );
        let c = Counter::new();
        let mut t = Trame::new::<Holder>();
        script(&mut t, &c);
        assert!(t.apply(Op::set().at(9).stage()).is_err(), "{name}");
        assert_eq!(
            (c.created(), c.dropped()),
            (*created, *created),
            "poisoned, {name}"
        );
    }
}
