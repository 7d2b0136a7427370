//! Fixed-size arrays: element by element, whole, nested, arrays of structs,
//! and arrays long enough to cross the 64-slot word of the init bitmap.

use trame::{Op, Trame, TrameError};

use crate::support::{Counter, Pair, Tracker, fails, finish, ok};

#[test]
fn u16_array_element_by_element() {
    let mut t = Trame::new::<[u16; 3]>();
    ok(&mut t, Op::set().at(2).imm(30u16));
    ok(&mut t, Op::set().at(0).imm(10u16));
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: [u16; 3]⟩\n  ├─ 0 ●\n  ├─ 1 ○\n  └─ 2 ●\n"
    );
    ok(&mut t, Op::set().at(1).imm(20u16));
    assert_eq!(finish::<[u16; 3]>(t), [10, 20, 30]);
}

#[test]
fn u16_array_whole_and_default() {
    let mut t = Trame::new::<[u16; 3]>();
    ok(&mut t, Op::set().imm([1u16, 2, 3]));
    assert_eq!(finish::<[u16; 3]>(t), [1, 2, 3]);

    let mut t = Trame::new::<[u16; 3]>();
    ok(&mut t, Op::set().default());
    ok(&mut t, Op::set().at(1).imm(5u16));
    assert_eq!(finish::<[u16; 3]>(t), [0, 5, 0]);
}

#[test]
fn u16_array_missing_and_out_of_range() {
    let mut t = Trame::new::<[u16; 3]>();
    ok(&mut t, Op::set().at(1).imm(1u16));
    let err = t.build().unwrap_err();
    assert_eq!(
        err,
        TrameError::Incomplete {
            path: "$".into(),
            shape: "[u16; 3]".into(),
            missing: vec!["0".into(), "2".into()],
            all: vec!["$[0]".into(), "$[2]".into()],
        }
    );
    assert_eq!(err.to_string(), "missing fields 0, 2 in [u16; 3] at $");

    let mut t = Trame::new::<[u16; 3]>();
    let err = fails(&mut t, Op::set().at(3).imm(1u16));
    assert_eq!(
        err.to_string(),
        "field index 3 out of range for [u16; 3] (3 fields) at $"
    );
}

#[test]
fn array_of_pairs_staged() {
    let mut t = Trame::new::<[Pair; 2]>();
    ok(&mut t, Op::set().at(1).stage());
    assert_eq!(t.depth(), 1);
    ok(&mut t, Op::set().at(0).imm(3u32));
    ok(&mut t, Op::set().at(1).imm(4u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(0).imm(Pair { a: 1, b: 2 }));
    assert_eq!(
        finish::<[Pair; 2]>(t),
        [Pair { a: 1, b: 2 }, Pair { a: 3, b: 4 }]
    );
}

#[test]
fn array_of_pairs_incomplete_element() {
    let mut t = Trame::new::<[Pair; 2]>();
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    let err = fails(&mut t, Op::end());
    assert_eq!(err.to_string(), "missing field b in Pair at $[0]");
}

#[test]
fn nested_arrays() {
    let mut t = Trame::new::<[[u8; 2]; 2]>();
    ok(&mut t, Op::set().at(0).at(0).imm(1u8));
    ok(&mut t, Op::set().at(1).imm(2u8)); // relative to `[0]`
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).stage());
    ok(&mut t, Op::set().at(1).imm(4u8));
    ok(&mut t, Op::set().at(0).imm(3u8));
    assert_eq!(finish::<[[u8; 2]; 2]>(t), [[1, 2], [3, 4]]);
}

#[test]
fn nested_arrays_paths_in_errors() {
    let mut t = Trame::new::<[[u8; 2]; 2]>();
    ok(&mut t, Op::set().at(1).at(0).imm(0u8));
    let err = fails(&mut t, Op::set().at(1).imm(1u16));
    assert_eq!(err.to_string(), "expected u8, found u16 at $[1][1]");

    let mut t = Trame::new::<[[u8; 2]; 2]>();
    ok(&mut t, Op::set().at(1).at(0).imm(0u8));
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field 1 in [u8; 2] at $[1]");
}

// t[verify state.init.byte-tracking]
#[test]
fn array_of_70_crosses_the_bitmap_word() {
    let mut t = Trame::new::<[u8; 70]>();
    for i in (0..70u32).filter(|&i| i != 64) {
        ok(&mut t, Op::set().at(i).imm(i as u8));
    }
    let lines: Vec<String> = t.to_string().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 71);
    assert_eq!(lines[0], "▶ ⟨Root: [u8; 70]⟩");
    assert_eq!(lines[64], "  ├─ 63 ●");
    assert_eq!(lines[65], "  ├─ 64 ○");
    assert_eq!(lines[70], "  └─ 69 ●");
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field 64 in [u8; 70] at $");

    let mut t = Trame::new::<[u8; 70]>();
    for i in (0..70u32).rev() {
        ok(&mut t, Op::set().at(i).imm(i as u8));
    }
    let expected: [u8; 70] = core::array::from_fn(|i| i as u8);
    assert_eq!(finish::<[u8; 70]>(t), expected);
}

#[test]
fn array_of_70_only_the_high_word_missing() {
    let mut t = Trame::new::<[u8; 70]>();
    for i in 0..64u32 {
        ok(&mut t, Op::set().at(i).imm(1u8));
    }
    let err = t.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing fields 64, 65, 66, 67, 68, 69 in [u8; 70] at $"
    );
}

#[test]
fn array_of_70_whole_then_element() {
    let mut t = Trame::new::<[u8; 70]>();
    ok(&mut t, Op::set().imm([7u8; 70]));
    ok(&mut t, Op::set().at(69).imm(1u8));
    ok(&mut t, Op::set().at(0).stage()); // re-enter a complete element
    ok(&mut t, Op::end());
    let mut expected = [7u8; 70];
    expected[69] = 1;
    assert_eq!(finish::<[u8; 70]>(t), expected);
}

/// A 70-element array set whole and re-entered starts with all 70 slots
/// initialized and no more (the bitmap's second word holds 6 bits): the
/// cleanup drops the 69 elements still owned one by one, and the re-entered
/// element's subtree, each exactly once.
#[test]
fn array_of_70_re_entered_after_being_set_whole_cleans_up_once() {
    let c = Counter::new();
    let mut t = Trame::new::<([Option<Tracker>; 70],)>();
    let whole: [Option<Tracker>; 70] =
        core::array::from_fn(|i| Some(Tracker::tagged(&c, i as u32)));
    ok(&mut t, Op::set().at(0).imm(whole));
    // Re-enter element 3 (a whole `Some`) and rebuild its payload: the old
    // payload is dropped, the element is left incomplete.
    ok(
        &mut t,
        Op::set().at(0).at(3).at(0).imm(Tracker::tagged(&c, 100)),
    );
    assert_eq!(t.depth(), 2);
    c.assert(71, 1);
    drop(t);
    c.assert_all_dropped(71);
}

/// Cleanup walks the initialized slots word by word: here the first word
/// has nothing after slot 0, so the walk must step to the second word to
/// find slots 64–69.
#[test]
fn array_of_70_partly_built_in_both_words_drops_each_element_once() {
    let c = Counter::new();
    let mut t = Trame::new::<[Tracker; 70]>();
    for i in [0u32, 64, 65, 66, 67, 68, 69] {
        ok(&mut t, Op::set().at(i).imm(Tracker::tagged(&c, i)));
    }
    c.assert(7, 0);
    drop(t);
    c.assert_all_dropped(7);
}

#[test]
fn array_of_exactly_64() {
    let mut t = Trame::new::<[u8; 64]>();
    for i in 0..63u32 {
        ok(&mut t, Op::set().at(i).imm(i as u8));
    }
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field 63 in [u8; 64] at $");

    let mut t = Trame::new::<[u8; 64]>();
    for i in 0..64u32 {
        ok(&mut t, Op::set().at(i).imm(i as u8));
    }
    let expected: [u8; 64] = core::array::from_fn(|i| i as u8);
    assert_eq!(finish::<[u8; 64]>(t), expected);
}

#[test]
fn empty_array_is_complete_from_the_start() {
    let t = Trame::new::<[u32; 0]>();
    assert_eq!(finish::<[u32; 0]>(t), []);

    let mut t = Trame::new::<[u32; 0]>();
    let err = fails(&mut t, Op::set().at(0).imm(1u32));
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
fn array_of_strings_partially_built_then_dropped() {
    let mut t = Trame::new::<[String; 3]>();
    ok(&mut t, Op::set().at(0).imm(String::from("zero")));
    ok(&mut t, Op::set().at(2).imm(String::from("two")));
    drop(t); // only elements 0 and 2 are dropped (checked under Miri/ASan)

    let mut t = Trame::new::<[String; 3]>();
    ok(&mut t, Op::set().at(0).imm(String::from("zero")));
    ok(&mut t, Op::set().at(2).imm(String::from("two")));
    ok(&mut t, Op::set().at(1).default());
    assert_eq!(
        finish::<[String; 3]>(t),
        ["zero".to_string(), String::new(), "two".into()]
    );
}
