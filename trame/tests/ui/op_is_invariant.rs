// `Op<'facet>` is invariant: an op made for one `'facet` is not an op for
// a shorter one either, so it only ever fits a Trame with the same `'facet`.

use trame::Op;

fn shorten<'short>(op: Op<'static>) -> Op<'short> {
    op
}

fn main() {
    let op = shorten(Op::set().imm("static"));
    drop(op);
}
