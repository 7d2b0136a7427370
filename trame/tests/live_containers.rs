//! Pointers, options and containers on the live runtime, with real types.
//!
//! Drop counting uses a thread-local counter that every test resets when it
//! starts (`Drops::start`): tests run on their own threads (or one after the
//! other on one thread), so no count is shared between tests.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::num::NonZeroU32;
use std::rc::Rc;
use std::sync::Arc;

use trame::{Facet, Op, Trame, TrameError};

thread_local! {
    static MADE: Cell<usize> = const { Cell::new(0) };
    static DROPPED: Cell<usize> = const { Cell::new(0) };
}

/// A value that counts its creations and drops (per thread).
#[derive(Facet, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Tracked(u32);

impl Tracked {
    fn new(v: u32) -> Tracked {
        MADE.with(|m| m.set(m.get() + 1));
        Tracked(v)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

/// This test's drop counter.
struct Drops;

impl Drops {
    fn start() -> Drops {
        MADE.with(|m| m.set(0));
        DROPPED.with(|d| d.set(0));
        Drops
    }
    fn made(&self) -> usize {
        MADE.with(Cell::get)
    }
    fn dropped(&self) -> usize {
        DROPPED.with(Cell::get)
    }
    /// Every value made was dropped exactly once.
    fn assert_balanced(&self) {
        assert_eq!(
            self.dropped(),
            self.made(),
            "made {} dropped {}",
            self.made(),
            self.dropped()
        );
    }
}

#[derive(Facet, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Pair {
    a: u32,
    b: Tracked,
}

fn pair(a: u32) -> Pair {
    Pair {
        a,
        b: Tracked::new(a * 10),
    }
}

/// Element count for the large tests.
const MANY: usize = if cfg!(miri) { 40 } else { 10_000 };

fn ok(t: &mut Trame<'static>, op: Op<'static>) {
    if let Err(e) = t.apply(op) {
        panic!("op failed: {e}\n{t}");
    }
}

fn built<T: Facet<'static>>(t: Trame<'static>) -> T {
    t.build()
        .expect("build")
        .materialize::<T>()
        .expect("materialize")
}

/// Appends one `Pair` element (a, a*10) to the list at the cursor.
fn push_pair(t: &mut Trame<'static>, a: u32) {
    ok(t, Op::set().append().stage());
    ok(t, Op::set().at(0).imm(a));
    ok(t, Op::set().at(1).imm(Tracked::new(a * 10)));
    ok(t, Op::end());
}

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
        Some(1 << 40),
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

// t[verify state.machine.container-append-stage-only]
#[test]
fn append_rules_and_closed_containers() {
    let d = Drops::start();
    let mut t = Trame::new::<Vec<Pair>>();
    let e = t.apply(Op::set().append().imm(pair(1))).unwrap_err();
    assert!(matches!(e, TrameError::AppendRequiresStage { .. }), "{e}");
    assert!(t.is_poisoned());

    let mut t = Trame::new::<Vec<u32>>();
    let e = t.apply(Op::set().append().default()).unwrap_err();
    assert!(matches!(e, TrameError::AppendRequiresStage { .. }), "{e}");

    let mut t = Trame::new::<Pair>();
    let e = t.apply(Op::set().append().stage()).unwrap_err();
    assert!(matches!(e, TrameError::NotAContainer { .. }), "{e}");
    let mut t = Trame::new::<Option<u32>>();
    let e = t.apply(Op::set().append().stage()).unwrap_err();
    assert!(matches!(e, TrameError::NotAContainer { .. }), "{e}");

    // A container set whole is closed: no Append, no staging, no element
    // re-entry; Imm/Default overwrite it (dropping the old value).
    let mut t = Trame::new::<Vec<Pair>>();
    ok(&mut t, Op::set().imm(vec![pair(1), pair(2)]));
    let e = t.apply(Op::set().append().stage()).unwrap_err();
    assert!(matches!(e, TrameError::ContainerClosed { .. }), "{e}");
    assert_eq!(d.made(), d.dropped());

    let mut t = Trame::new::<Vec<Pair>>();
    ok(&mut t, Op::set().imm(vec![pair(1), pair(2)]));
    for op in [
        Op::set().stage(),
        Op::set().at(0).stage(),
        Op::set().at(0).at(0).imm(1u32),
    ] {
        let mut t2 = Trame::new::<Vec<Pair>>();
        ok(&mut t2, Op::set().imm(vec![pair(1)]));
        let e = t2.apply(op).unwrap_err();
        assert!(matches!(e, TrameError::ContainerClosed { .. }), "{e}");
    }
    let before = d.dropped();
    ok(&mut t, Op::set().imm(vec![pair(3)]));
    assert_eq!(
        d.dropped(),
        before + 2,
        "the overwritten closed list dropped once"
    );
    ok(&mut t, Op::set().default());
    assert_eq!(d.dropped(), before + 3);
    assert_eq!(built::<Vec<Pair>>(t), vec![]);

    // A closed field of a struct cannot be staged either.
    #[derive(Facet, Debug, PartialEq)]
    struct Holder {
        items: Vec<u32>,
    }
    let mut t = Trame::new::<Holder>();
    ok(&mut t, Op::set().at(0).imm(vec![1u32]));
    let e = t.apply(Op::set().at(0).append().stage()).unwrap_err();
    assert!(matches!(e, TrameError::ContainerClosed { .. }), "{e}");

    // Re-entry past the staged count.
    let mut t = Trame::new::<Vec<u32>>();
    ok(&mut t, Op::set().append().stage());
    ok(&mut t, Op::set().imm(1u32));
    ok(&mut t, Op::end());
    let e = t.apply(Op::set().at(1).stage()).unwrap_err();
    assert!(
        matches!(
            e,
            TrameError::FieldOutOfRange {
                index: 1,
                count: 1,
                ..
            }
        ),
        "{e}"
    );
    d.assert_balanced();
}

#[test]
fn incomplete_elements_error_with_paths_and_clean_up() {
    let d = Drops::start();
    let mut t = Trame::new::<Vec<Pair>>();
    for a in 0..MANY as u32 {
        push_pair(&mut t, a);
    }
    ok(&mut t, Op::set().append().at(1).imm(Tracked::new(1)));
    let e = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("missing field a in Pair at $[{MANY}]")
    );
    assert!(t.is_poisoned());
    d.assert_balanced();

    let mut t = Trame::new::<HashMap<String, Option<Pair>>>();
    ok(&mut t, Op::set().append().at(1).at(0).at(0).imm(1u32));
    let e = t.apply(Op::end()).unwrap_err();
    assert_eq!(e.to_string(), "missing field b in Pair at $[0].value.some");
    let mut t = Trame::new::<Vec<Box<Pair>>>();
    ok(&mut t, Op::set().append().at(0).at(0).imm(1u32));
    let e = t.apply(Op::end()).unwrap_err();
    assert_eq!(e.to_string(), "missing field b in Pair at $[0].*");
    let mut t = Trame::new::<HashMap<String, u32>>();
    ok(&mut t, Op::set().append().at(0).imm("k".to_owned()));
    let e = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field value in entry of HashMap<String, u32> at $[0]"
    );
    let mut t = Trame::new::<Option<u32>>();
    ok(&mut t, Op::set().stage());
    let e = t.build().unwrap_err();
    assert_eq!(e.to_string(), "missing value of Option<u32> at $");
}

/// Builds a Vec<Pair> and abandons or poisons it at step `stop`.
fn run_until(stop: usize, poison: bool) {
    let d = Drops::start();
    let mut t = Trame::new::<Vec<Option<Box<Pair>>>>();
    let mut step = 0;
    let mut go = |t: &mut Trame<'static>, op: Op<'static>| -> bool {
        if step == stop {
            if poison {
                assert!(t.apply(Op::set().at(9999).stage()).is_err());
            }
            return false;
        }
        step += 1;
        ok(t, op);
        true
    };
    'outer: for a in 0..12u32 {
        let ops = [
            Op::set().append().stage(),
            Op::set().at(0).stage(),
            Op::set().at(0).stage(),
            Op::set().at(0).imm(a),
            Op::set().at(1).imm(Tracked::new(a)),
            Op::end(),
            Op::end(),
            Op::end(),
        ];
        for op in ops {
            if !go(&mut t, op) {
                break 'outer;
            }
        }
    }
    drop(t);
    d.assert_balanced();
}

// t[verify state.machine.poison-cleanup]
// t[verify state.machine.cleanup-no-double-free]
#[test]
fn abandon_or_poison_at_every_step_drops_exactly_once() {
    let step = if cfg!(miri) { 13 } else { 1 };
    for stop in (0..12 * 8).step_by(step) {
        run_until(stop, false);
        run_until(stop, true);
    }
}

// t[verify state.machine.container-no-live-partial]
#[test]
fn rendering_shows_chunks_elements_and_closed_containers() {
    let mut t = Trame::new::<Vec<Pair>>();
    ok(&mut t, Op::set().stage_with_capacity(1));
    push_pair(&mut t, 1);
    ok(&mut t, Op::set().append().at(0).imm(2u32));
    let s = t.to_string();
    assert!(s.starts_with("  ⟨Root: Vec<Pair>⟩ 📦0 📦1\n"), "{s}");
    assert!(s.contains("├─ 0 ●"), "{s}");
    assert!(s.contains("▶ └─ 1 → ⟨Child: Pair⟩"), "{s}");
    assert!(s.contains("├─ a ●") && s.contains("└─ b ○"), "{s}");
    drop(t);

    let mut t = Trame::new::<HashMap<String, u32>>();
    ok(&mut t, Op::set().append().at(0).imm("k".to_owned()));
    let s = t.to_string();
    assert!(s.contains("⟨Entry: (String, u32)⟩"), "{s}");
    assert!(s.contains("├─ key ●") && s.contains("└─ value ○"), "{s}");

    let mut t = Trame::new::<Vec<u32>>();
    ok(&mut t, Op::set().imm(vec![1u32]));
    assert_eq!(t.to_string(), "▶ ⟨Root: Vec<u32>⟩ ● 🔒️\n");
    let mut t = Trame::new::<Box<Pair>>();
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(Tracked::new(1)));
    ok(&mut t, Op::end());
    assert_eq!(t.to_string(), "▶ ⟨Root: Box<Pair>⟩ 📦\n  └─ 0 ●\n");
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(
        t.to_string(),
        "  ⟨Root: Box<Pair>⟩ 📦\n▶ └─ 0 → ⟨Child: Pair⟩\n      ├─ a ●\n      └─ b ●\n"
    );
}

#[test]
fn deferred_elements_are_reentered_and_materialized_at_build() {
    let d = Drops::start();
    let mut t = Trame::new_deferred::<Vec<Pair>>();
    // Every element is left incomplete at first.
    for a in 0..MANY as u32 {
        ok(&mut t, Op::set().append().at(0).imm(a));
        ok(&mut t, Op::end());
    }
    // Then completed by index, in reverse order.
    for a in (0..MANY as u32).rev() {
        ok(&mut t, Op::set().at(a).at(1).imm(Tracked::new(a * 10)));
        ok(&mut t, Op::end());
    }
    let v: Vec<Pair> = built(t);
    assert_eq!(v, (0..MANY as u32).map(pair).collect::<Vec<_>>());
    drop(v);
    d.assert_balanced();

    // A map entry built out of order across re-entries.
    let mut t = Trame::new_deferred::<BTreeMap<u32, Pair>>();
    ok(&mut t, Op::set().append().at(1).at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(0).at(0).imm(9u32));
    ok(&mut t, Op::set().at(1).at(1).imm(Tracked::new(10)));
    let m: BTreeMap<u32, Pair> = built(t);
    assert_eq!(m.len(), 1);
    assert_eq!(m[&9].a, 1);
    drop(m);

    // Incomplete elements at build: an error naming them, and cleanup.
    let mut t = Trame::new_deferred::<Vec<Pair>>();
    ok(&mut t, Op::set().append().at(1).imm(Tracked::new(1)));
    ok(&mut t, Op::end());
    let e = t.build().unwrap_err();
    assert!(
        e.to_string().starts_with("missing field a in Pair at $[0]"),
        "{e}"
    );
    d.assert_balanced();
}
