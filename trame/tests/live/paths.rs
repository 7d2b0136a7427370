//! Paths and the cursor: relative resolution, multi-segment paths, where
//! the cursor lands after `Stage` and after a write, the empty path, `Root`,
//! `depth()`, and re-entering initialized fields.

use trame::{Facet, Op, Path, PathSegment, Source, Trame, TrameError};

use crate::support::{Counted, CountedPair, Counter, Outer, Pair, Tracker, fails, finish, ok};

/// Three levels of structs.
#[derive(Facet, Debug, PartialEq)]
struct Top {
    mid: Mid,
    n: u8,
}

/// The middle level.
#[derive(Facet, Debug, PartialEq)]
struct Mid {
    pair: Pair,
    tail: (u16, u16),
}

fn expected_top() -> Top {
    Top {
        mid: Mid {
            pair: Pair { a: 1, b: 2 },
            tail: (3, 4),
        },
        n: 5,
    }
}

// t[verify api.path.relative]
// t[verify api.path.cursor-after-write]
#[test]
fn multi_segment_imm_stages_intermediates_and_stays_in_parent() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).at(1).imm(2u32));
    // The cursor is on `inner`, the parent of the written slot.
    assert_eq!(t.depth(), 1);
    assert_eq!(
        t.to_string(),
        "  ⟨Root: Outer⟩\n▶ ├─ inner → ⟨Child: Pair⟩\n  │   ├─ a ○\n  │   └─ b ●\n  └─ c ○\n"
    );
    // Paths are now relative to `inner`: `Field(0)` is `inner.a`.
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(3u32));
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 3
        }
    );
}

// t[verify api.path.relative]
// t[verify api.path.cursor-after-write]
#[test]
fn three_segment_imm_leaves_every_intermediate_open() {
    let mut t = Trame::new::<Top>();
    ok(&mut t, Op::set().at(0).at(0).at(1).imm(2u32));
    assert_eq!(t.depth(), 2); // on `mid.pair`
    ok(&mut t, Op::set().at(0).imm(1u32)); // mid.pair.a
    ok(&mut t, Op::end()); // back on `mid`
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(1).at(1).imm(4u16)); // mid.tail.1
    assert_eq!(t.depth(), 2); // on `mid.tail`
    ok(&mut t, Op::set().at(0).imm(3u16));
    ok(&mut t, Op::end());
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(1).imm(5u8));
    assert_eq!(finish::<Top>(t), expected_top());
}

// t[verify api.path.cursor-after-write]
#[test]
fn single_segment_write_keeps_the_cursor() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(1).imm(1u32));
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).default());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(1).imm(8u32));
    assert_eq!(t.depth(), 1);
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 0, b: 8 },
            c: 1
        }
    );
}

// t[verify api.path.cursor-after-stage]
#[test]
fn stage_moves_the_cursor_onto_the_named_node() {
    let mut t = Trame::new::<Top>();
    ok(&mut t, Op::set().at(0).at(0).stage());
    assert_eq!(t.depth(), 2);
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Top⟩\n",
            "  ├─ mid → ⟨Child: Mid⟩\n",
            "▶ │   ├─ pair → ⟨Child: Pair⟩\n",
            "  │   │   ├─ a ○\n",
            "  │   │   └─ b ○\n",
            "  │   └─ tail ○\n",
            "  └─ n ○\n",
        )
    );
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).stage());
    assert_eq!(t.depth(), 2);
    ok(&mut t, Op::set().at(0).stage()); // a scalar leaf
    assert_eq!(t.depth(), 3);
    ok(&mut t, Op::set().imm(3u16));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(4u16));
    ok(&mut t, Op::set().root().at(1).imm(5u8));
    assert_eq!(finish::<Top>(t), expected_top());
}

// t[verify api.path.empty]
#[test]
fn empty_path_imm_overwrites_the_current_node_and_keeps_the_cursor() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().imm(Pair { a: 1, b: 2 }));
    assert_eq!(t.depth(), 1);
    assert_eq!(
        t.to_string(),
        "  ⟨Root: Outer⟩\n▶ ├─ inner → ⟨Child: Pair⟩\n  │   ├─ a ●\n  │   └─ b ●\n  └─ c ○\n"
    );
    ok(&mut t, Op::set().default());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::end());
    ok(
        &mut t,
        Op::set().imm(Outer {
            inner: Pair { a: 7, b: 8 },
            c: 9,
        }),
    );
    assert_eq!(t.depth(), 0);
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 7, b: 8 },
            c: 9
        }
    );
}

// t[verify api.path.empty]
#[test]
fn empty_path_stage_is_a_no_op() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().stage());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    let before = t.to_string();
    ok(&mut t, Op::set().stage());
    ok(&mut t, Op::set().stage_with_capacity(16));
    assert_eq!(t.depth(), 1);
    assert_eq!(t.to_string(), before);
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(3u32));
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 3
        }
    );
}

// t[verify api.path.empty]
// t[verify state.machine.overwrite]
#[test]
fn empty_path_imm_over_a_partial_node_drops_its_contents() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).stage()); // left
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 1)));
    c.assert(1, 0);
    ok(&mut t, Op::set().imm(Counted::new(2, &c)));
    c.assert(2, 1); // the partial `left.tracker` was dropped first
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(Counted::new(3, &c)));
    // The whole root, partially built, is overwritten too.
    ok(
        &mut t,
        Op::set().imm(CountedPair {
            left: Counted::new(4, &c),
            right: Counted::new(5, &c),
        }),
    );
    c.assert(5, 3);
    let v = finish::<CountedPair>(t);
    assert_eq!((v.left.tracker.tag(), v.right.tracker.tag()), (4, 5));
    drop(v);
    c.assert_all_dropped(5);
}

// t[verify api.path.root-first]
// t[verify api.build.climbs-from-cursor]
#[test]
fn root_first_climbs_folding_complete_nodes() {
    let mut t = Trame::new::<Top>();
    ok(&mut t, Op::set().at(0).at(0).imm(Pair { a: 1, b: 2 }));
    ok(&mut t, Op::set().at(1).imm((3u16, 4u16)));
    assert_eq!(t.depth(), 1); // on `mid`, which is complete
    ok(&mut t, Op::set().root().at(1).imm(5u8));
    assert_eq!(t.depth(), 0);
    assert_eq!(t.to_string(), "▶ ⟨Root: Top⟩\n  ├─ mid ●\n  └─ n ●\n");
    assert_eq!(finish::<Top>(t), expected_top());
}

// t[verify api.path.root-first]
#[test]
fn root_first_from_two_levels_down() {
    let mut t = Trame::new::<Top>();
    ok(&mut t, Op::set().at(0).at(0).imm(Pair { a: 1, b: 2 }));
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().imm((3u16, 4u16)));
    assert_eq!(t.depth(), 2); // on `mid.tail`
    ok(&mut t, Op::set().root().at(1).imm(5u8));
    // `mid.tail` and `mid` were folded on the way up.
    assert_eq!(t.depth(), 0);
    assert_eq!(t.to_string(), "▶ ⟨Root: Top⟩\n  ├─ mid ●\n  └─ n ●\n");
    assert_eq!(finish::<Top>(t), expected_top());
}

// t[verify api.path.root-first]
#[test]
fn root_alone_with_stage_just_climbs() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).imm(Pair { a: 1, b: 2 }));
    ok(&mut t, Op::set().root().stage());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().path(Path::root()).stage());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(1).imm(3u32));
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 3
        }
    );
}

#[test]
fn root_alone_with_imm_replaces_the_root() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().imm(Pair { a: 1, b: 2 }));
    ok(
        &mut t,
        Op::set().root().imm(Outer {
            inner: Pair { a: 3, b: 4 },
            c: 5,
        }),
    );
    assert_eq!(t.depth(), 0);
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 3, b: 4 },
            c: 5
        }
    );
}

// t[verify api.path.root-first]
// t[verify state.machine.strict-end]
#[test]
fn root_first_fails_on_an_incomplete_intermediate() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(1).imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().at(0).at(1).imm(Tracker::new(&c)));
    let err = fails(&mut t, Op::set().root().at(1).imm(Counted::new(2, &c)));
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$.left".into(),
            shape: "Counted".into(),
            missing: vec!["id".into()],
            all: vec!["$.left.id".into()],
        }
    );
    c.assert_all_dropped(3);
}

// t[verify api.path.root-first]
#[test]
fn root_not_first_is_rejected_before_any_effect() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).at(1).imm(Tracker::new(&c)));
    let err = fails(&mut t, Op::set().at(0).root().imm(Counted::new(1, &c)));
    assert_eq!(err, TrameError::RootNotFirst { position: 1 });
    assert_eq!(
        err.to_string(),
        "Root is only legal as the first path segment, found at position 1"
    );
    c.assert_all_dropped(2);

    let mut t = Trame::new::<Top>();
    let path = Path::field(0).then_field(0).then(PathSegment::Root);
    let err = fails(&mut t, Op::set().path(path).stage());
    assert_eq!(err, TrameError::RootNotFirst { position: 2 });

    let mut t = Trame::new::<Top>();
    let err = fails(&mut t, Op::set().root().root().stage());
    assert_eq!(err, TrameError::RootNotFirst { position: 1 });
}

#[test]
fn depth_counts_open_nodes() {
    let mut t = Trame::new::<Top>();
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 2);
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.depth(), 3);
    ok(&mut t, Op::set().imm(1u32));
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 2);
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(1).imm((3u16, 4u16)));
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 0);
    ok(&mut t, Op::set().at(1).imm(5u8));
    assert_eq!(finish::<Top>(t), expected_top());
}

// t[verify state.init.byte-tracking]
#[test]
fn reentering_an_initialized_field_starts_complete() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).imm(Pair { a: 1, b: 2 }));
    ok(&mut t, Op::set().at(1).imm(3u32));
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(
        t.to_string(),
        "  ⟨Root: Outer⟩\n▶ ├─ inner → ⟨Child: Pair⟩\n  │   ├─ a ●\n  │   └─ b ●\n  └─ c ●\n"
    );
    ok(&mut t, Op::end()); // complete: folds without any write
    assert_eq!(t.to_string(), "▶ ⟨Root: Outer⟩\n  ├─ inner ●\n  └─ c ●\n");
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 3
        }
    );
}

// t[verify state.machine.overwrite]
#[test]
fn reentered_field_overwrite_drops_just_that_field() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().at(1).imm(Counted::new(2, &c)));
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 10)));
    c.assert(3, 1); // only `left.tracker` was dropped
    ok(&mut t, Op::set().at(0).imm(11u32));
    c.assert(3, 1); // overwriting a scalar drops no tracker
    ok(&mut t, Op::end());
    let v = finish::<CountedPair>(t);
    assert_eq!(v.left.id, 11);
    assert_eq!(v.left.tracker.tag(), 10);
    assert_eq!(v.right.tracker.tag(), 2);
    drop(v);
    c.assert_all_dropped(3);
}

// t[verify api.path.relative]
#[test]
fn multi_segment_path_reenters_an_initialized_field() {
    let c = Counter::new();
    let mut t = Trame::new::<CountedPair>();
    ok(&mut t, Op::set().at(0).imm(Counted::new(1, &c)));
    ok(&mut t, Op::set().at(0).at(1).imm(Tracker::tagged(&c, 7)));
    c.assert(2, 1);
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().root().at(1).at(0).imm(2u32));
    ok(&mut t, Op::set().at(1).imm(Tracker::tagged(&c, 8)));
    let v = finish::<CountedPair>(t);
    assert_eq!((v.left.id, v.left.tracker.tag()), (1, 7));
    assert_eq!((v.right.id, v.right.tracker.tag()), (2, 8));
    drop(v);
    c.assert_all_dropped(3);
}

#[test]
fn path_values_and_the_builder_agree() {
    let p = Path::field(0).then_field(1);
    assert_eq!(
        p.segments(),
        &[PathSegment::Field(0), PathSegment::Field(1)]
    );
    assert_eq!(p.to_string(), "Field(0)/Field(1)");
    assert_eq!(Path::empty().to_string(), "(empty)");
    assert_eq!(Path::root().then_append().to_string(), "Root/Append");
    assert_eq!(Path::append().segments(), &[PathSegment::Append]);
    assert_eq!(Path::from(&[PathSegment::Root][..]), Path::root());

    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().path(p.clone()).imm(2u32));
    ok(
        &mut t,
        Op::Set {
            dst: Path::field(0),
            src: Source::imm(1u32),
        },
    );
    ok(
        &mut t,
        Op::Set {
            dst: Path::root().then_field(1),
            src: Source::Default,
        },
    );
    assert_eq!(
        finish::<Outer>(t),
        Outer {
            inner: Pair { a: 1, b: 2 },
            c: 0
        }
    );
}
