// A value held by an unapplied `Batch` is dropped with it, and its `Drop`
// may read what it borrows: the borrow must outlive the holder.

use trame::{Facet, Op, OpBatch};

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
    let _held: OpBatch<'_>;
    let local = String::from("local");
    _held = { let mut b = OpBatch::new(); b.push(Op::set().imm(Loud { s: &local })); b };
}
