// An `Imm<'short>` cannot reach a `Trame<'static>`, even through a
// hand-built `Op::Set`.

use trame::{Imm, Op, Path, Source, Trame};

fn apply_short<'short>(trame: &mut Trame<'static>, imm: Imm<'short>) {
    let op = Op::Set { dst: Path::empty(), src: Source::Imm(imm) };
    trame.apply(op).unwrap();
}

fn main() {
    let mut trame = Trame::new::<&'static str>();
    let local = String::from("local");
    apply_short(&mut trame, Imm::new(local.as_str()));
}
