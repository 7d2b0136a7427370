//! Lists: many elements with every capacity hint, re-entry by index,
//! nested lists, arrays of containers.

use crate::support::*;

// t[verify state.machine.container-stable-staging]
// t[verify state.machine.container-materialize-on-close]
// t[verify state.machine.container-capacity-hint]
#[test]
fn vec_of_many_pairs_with_every_hint() {
    let d = Drops::start();
    let expected: Vec<Pair> = (0..MANY as u32).map(pair).collect();
    let hints = [
        None,
        Some(0),
        Some(1),
        Some(MANY),
        Some(MANY / 3),
        Some(usize::MAX / 2),
    ];
    for hint in hints {
        let mut t = Trame::new::<Vec<Pair>>();
        match hint {
            Some(h) => ok(&mut t, Op::set().stage_with_capacity(h)),
            None => ok(&mut t, Op::set().stage()),
        }
        for a in 0..MANY as u32 {
            push_pair(&mut t, a);
        }
        let v: Vec<Pair> = built(t);
        assert_eq!(v, expected, "hint {hint:?}");
    }
    drop(expected);
    d.assert_balanced();
}

#[test]
fn elements_are_reentered_by_index_after_many_appends() {
    let d = Drops::start();
    let mut t = Trame::new::<Vec<Pair>>();
    for a in 0..MANY as u32 {
        push_pair(&mut t, a);
    }
    // Element 0 was staged in the first chunk, many chunks ago: re-entering
    // it resumes from its complete value at the same stable address.
    ok(&mut t, Op::set().at(0).at(0).imm(7u32));
    ok(&mut t, Op::end());
    // Overwrite element 3 whole (the old element is dropped).
    ok(&mut t, Op::set().at(3).imm(pair(3000)));
    let v: Vec<Pair> = built(t);
    assert_eq!(
        v[0],
        Pair {
            a: 7,
            b: Tracked(0)
        }
    );
    assert_eq!(v[3], pair(3000));
    assert_eq!(v.len(), MANY);
    drop(v);
    // `Tracked(0)` above was made without counting.
    assert_eq!(d.dropped(), d.made() + 1);
}

#[test]
fn vec_of_strings_and_nested_vecs() {
    let mut t = Trame::new::<Vec<String>>();
    for s in ["a", "bb", "ccc"] {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(s.to_owned()));
        ok(&mut t, Op::end());
    }
    assert_eq!(built::<Vec<String>>(t), vec!["a", "bb", "ccc"]);

    let mut t = Trame::new::<Vec<Vec<u32>>>();
    for n in 0..5u32 {
        ok(&mut t, Op::set().append().stage_with_capacity(n as usize));
        for k in 0..n {
            ok(&mut t, Op::set().append().stage());
            ok(&mut t, Op::set().imm(k));
            ok(&mut t, Op::end());
        }
        ok(&mut t, Op::end());
    }
    let expected: Vec<Vec<u32>> = (0..5).map(|n| (0..n).collect()).collect();
    assert_eq!(built::<Vec<Vec<u32>>>(t), expected);

    // An empty staged list builds an empty Vec; an untouched root does not.
    let mut t = Trame::new::<Vec<u32>>();
    ok(&mut t, Op::set().stage());
    assert_eq!(built::<Vec<u32>>(t), Vec::<u32>::new());
    let t = Trame::new::<Vec<u32>>();
    assert!(matches!(t.build(), Err(TrameError::Incomplete { .. })));
}

#[test]
fn arrays_of_vecs_and_options() {
    let mut t = Trame::new::<[Vec<u32>; 2]>();
    ok(&mut t, Op::set().at(1).append().stage());
    ok(&mut t, Op::set().imm(5u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(0).default());
    assert_eq!(built::<[Vec<u32>; 2]>(t), [vec![], vec![5]]);

    let mut t = Trame::new::<[Option<u32>; 3]>();
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).default());
    ok(&mut t, Op::set().at(2).imm(Some(3u32)));
    assert_eq!(built::<[Option<u32>; 3]>(t), [Some(1), None, Some(3)]);
}

#[derive(Facet, Debug)]
struct ListAndScalar {
    v: Vec<Pair>,
    c: u32,
}

/// Deferred validation of a list whose element is staged but incomplete:
/// the list itself is not reported as missing, its element's field is,
/// along with every other missing field.
#[test]
fn deferred_incomplete_element_is_reported_with_every_other_missing_path() {
    let d = Drops::start();
    let mut t = Trame::new_deferred::<ListAndScalar>();
    ok(&mut t, Op::set().at(0).append().at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    let e = t.build().unwrap_err();
    let TrameError::Incomplete { all, .. } = &e else {
        panic!("expected Incomplete, got {e:?}");
    };
    assert_eq!(all, &["$.v[0].b", "$.c"], "{e}");
    d.assert_balanced();
}
