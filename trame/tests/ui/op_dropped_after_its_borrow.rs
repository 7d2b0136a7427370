// A value held by an unapplied `Op` is dropped with it, and its `Drop`
// may read what it borrows: the borrow must outlive the holder.

use trame::{Facet, Op};

#[derive(Facet)]
struct Loud<'a> {
    s: &'a str,
}

impl Drop for Loud<'_> {
    fn drop(&mut self) {
        let _ = self.s.to_string();
    }
}

fn main() {
    let _held: Op<'_>;
    let local = String::from("local");
    _held = Op::set().at(0).imm(Loud { s: &local });
}
