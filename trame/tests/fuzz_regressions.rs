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
