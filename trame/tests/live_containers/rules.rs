//! Append rules, closed containers, errors and cleanup at every step,
//! rendering, deferred re-entry.

use crate::support::*;

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
