//! Compile-fail tests: the borrow checker rejects every way of letting a
//! built value (or a Trame) outlive the data it borrows. Each case in
//! `tests/ui/` is otherwise correct code with exactly one intended error.

// t[verify api.imm.dropck]
// (`tests/ui/*_dropped_after_its_borrow.rs`: an unapplied `Imm`, `Source`,
// `Op` or `OpBatch` cannot outlive what its value borrows.)
#[test]
#[cfg_attr(miri, ignore)]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
