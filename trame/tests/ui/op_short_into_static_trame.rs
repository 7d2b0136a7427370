// An `Op<'short>` cannot be applied to a `Trame<'static>`.

use trame::{Op, Trame};

fn apply_short<'short>(trame: &mut Trame<'static>, op: Op<'short>) {
    trame.apply(op).unwrap();
}

fn main() {
    let mut trame = Trame::new::<&'static str>();
    let local = String::from("local");
    apply_short(&mut trame, Op::set().imm(local.as_str()));
}
