// A value held by an unapplied `Imm` is dropped with it, and its `Drop`
// may read what it borrows: the borrow must outlive the holder.

use trame::{Facet, Imm};

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
    let _held: Imm<'_>;
    let local = String::from("local");
    _held = Imm::new(Loud { s: &local });
}
