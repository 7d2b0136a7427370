//! Maps (last wins) and sets (duplicates collapse), nested containers.

use crate::support::*;

/// Appends a map entry with `key` and `value` (both `Imm`).
fn push_entry<K: Facet<'static>, V: Facet<'static>>(t: &mut Trame<'static>, key: K, value: V) {
    ok(t, Op::set().append().stage());
    ok(t, Op::set().at(1).imm(value));
    ok(t, Op::set().at(0).imm(key));
    ok(t, Op::end());
}

// t[verify state.machine.map-last-wins]
#[test]
fn maps_last_value_wins_and_losers_drop_once() {
    let d = Drops::start();
    let mut t = Trame::new::<HashMap<String, u32>>();
    push_entry(&mut t, "a".to_owned(), 1u32);
    push_entry(&mut t, "b".to_owned(), 2u32);
    push_entry(&mut t, "a".to_owned(), 3u32);
    let m: HashMap<String, u32> = built(t);
    assert_eq!(m, HashMap::from([("a".to_owned(), 3), ("b".to_owned(), 2)]));

    let mut t = Trame::new::<BTreeMap<Tracked, Tracked>>();
    push_entry(&mut t, Tracked::new(1), Tracked::new(10));
    push_entry(&mut t, Tracked::new(2), Tracked::new(20));
    push_entry(&mut t, Tracked::new(1), Tracked::new(11));
    let m: BTreeMap<Tracked, Tracked> = built(t);
    assert_eq!(d.dropped(), 2, "the losing key and the losing value");
    let pairs: Vec<(u32, u32)> = m.iter().map(|(k, v)| (k.0, v.0)).collect();
    assert_eq!(pairs, [(1, 11), (2, 20)]);
    drop(m);
    d.assert_balanced();

    let mut t = Trame::new::<BTreeMap<u32, String>>();
    for k in (0..MANY as u32).rev() {
        push_entry(&mut t, k % 100, k.to_string());
    }
    let m: BTreeMap<u32, String> = built(t);
    let keys = 100.min(MANY as u32);
    let expected: BTreeMap<u32, String> = (0..keys).map(|k| (k, k.to_string())).collect();
    assert_eq!(m, expected);
}

#[test]
fn map_of_vecs_of_boxes() {
    let d = Drops::start();
    let mut t = Trame::new::<HashMap<String, Vec<Box<Pair>>>>();
    for (key, n) in [("x", 2u32), ("y", 0), ("z", 3)] {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().at(0).imm(key.to_owned()));
        ok(&mut t, Op::set().at(1).stage());
        for a in 0..n {
            ok(&mut t, Op::set().append().at(0).stage());
            ok(&mut t, Op::set().at(0).imm(a));
            ok(&mut t, Op::set().at(1).imm(Tracked::new(a * 10)));
            ok(&mut t, Op::end()); // pointee
            ok(&mut t, Op::end()); // box
        }
        ok(&mut t, Op::end()); // vec
        ok(&mut t, Op::end()); // entry
    }
    let m: HashMap<String, Vec<Box<Pair>>> = built(t);
    let expected: HashMap<String, Vec<Box<Pair>>> = [("x", 2u32), ("y", 0), ("z", 3)]
        .into_iter()
        .map(|(k, n)| (k.to_owned(), (0..n).map(|a| Box::new(pair(a))).collect()))
        .collect();
    assert_eq!(m, expected);
    drop((m, expected));
    d.assert_balanced();
}

// t[verify state.machine.set-uniqueness]
#[test]
fn sets_collapse_duplicates_and_drop_each_once() {
    let d = Drops::start();
    let mut t = Trame::new::<HashSet<String>>();
    for s in ["a", "b", "a", "c", "b"] {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(s.to_owned()));
        ok(&mut t, Op::end());
    }
    let s: HashSet<String> = built(t);
    assert_eq!(s, HashSet::from(["a", "b", "c"].map(String::from)));

    let mut t = Trame::new::<BTreeSet<Tracked>>();
    for v in [3, 1, 3, 3, 2] {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(Tracked::new(v)));
        ok(&mut t, Op::end());
    }
    let s: BTreeSet<Tracked> = built(t);
    assert_eq!(d.dropped(), 2, "two duplicates");
    assert_eq!(s.iter().map(|t| t.0).collect::<Vec<_>>(), [1, 2, 3]);
    drop(s);
    d.assert_balanced();

    let mut t = Trame::new::<BTreeSet<u32>>();
    ok(&mut t, Op::set().stage_with_capacity(3));
    for v in 0..MANY as u32 {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(v % 1000));
        ok(&mut t, Op::end());
    }
    assert_eq!(
        built::<BTreeSet<u32>>(t),
        (0..1000.min(MANY as u32)).collect()
    );
}
