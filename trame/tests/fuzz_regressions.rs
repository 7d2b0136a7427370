//! Inputs found by the `ops` fuzz target (`fuzz/`), replayed as plain op
//! sequences so that they run in `cargo test` and under Miri. The raw
//! inputs are kept in `fuzz/regressions/` and replayed through the fuzz
//! decoder by `trame-fuzz-ops/tests/corpus.rs`.

use trame::{Facet, Op, Trame, TrameError, View};

/// `fuzz/regressions/result-payload-cursor`. Selecting a `Result`'s variant
/// and staging its payload puts the cursor on a whole value of the `Ok`
/// shape, not on a payload view of the enum as for enums with an integer
/// representation. The fuzz harness's cursor prediction had assumed the
/// latter (the harness was wrong, not trame). Then `Root` after the first
/// segment is refused and poisons the Trame.
#[test]
fn result_payload_cursor_then_root_not_first() {
    let mut t = Trame::new::<Result<u32, String>>();
    t.apply(Op::set().at(0).at(0).stage()).unwrap();
    assert_eq!(t.depth(), 2);
    assert_eq!(t.cursor_shape(), Some(u32::SHAPE));
    assert_eq!(t.cursor_view(), Some(View::Value));
    let err = t
        .apply(Op::set().at(2).at(0).root().stage_with_capacity(18))
        .unwrap_err();
    assert!(
        matches!(err, TrameError::RootNotFirst { position: 2 }),
        "{err:?}"
    );
    assert!(t.is_poisoned());
    assert!(matches!(t.apply(Op::end()), Err(TrameError::Poisoned)));
}

/// `fuzz/regressions/string-convert-into-string`. A `String` converted into
/// the `String` field of a tuple went through facet's `String` `try_from`,
/// which clones its source and reports it consumed, so the source's buffer
/// leaked (LeakSanitizer; Miri's leak check here). A value of the
/// destination's own shape is now moved in (`hook.convert.identity`). The
/// rest of the input poisons the Trame, which then drops the moved string
/// once.
#[test]
fn string_converted_into_a_string_field_is_moved() {
    let mut t = Trame::new::<(u32, String)>();
    t.apply(Op::set().at(1).convert(String::from("29")))
        .unwrap();
    let err = t
        .apply(Op::set().at(0).at(1).stage_deferred_with_capacity(172))
        .unwrap_err();
    assert!(t.is_poisoned(), "{err:?}");
    drop(t);
    // The same conversion, built: the value is the one moved in.
    let mut t = Trame::new::<(u32, String)>();
    t.apply(Op::set().at(0).imm(7u32)).unwrap();
    t.apply(Op::set().at(1).convert(String::from("29")))
        .unwrap();
    let v = t.build().unwrap().materialize::<(u32, String)>().unwrap();
    assert_eq!(v, (7, "29".to_owned()));
}
