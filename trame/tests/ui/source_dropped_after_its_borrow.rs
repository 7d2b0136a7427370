// A value held by an unapplied `Source` is dropped with it, and its `Drop`
// may read what it borrows: the borrow must outlive the holder.

use trame::{Facet, Source};

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
    let _held: Source<'_>;
    let local = String::from("local");
    _held = Source::imm(Loud { s: &local });
}
