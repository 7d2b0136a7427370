//! Compile-fail tests: the borrow checker rejects every way of letting a
//! built value (or a Trame) outlive the data it borrows. Each case in
//! `tests/ui/` is otherwise correct code with exactly one intended error.

#[test]
#[cfg_attr(miri, ignore)]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
