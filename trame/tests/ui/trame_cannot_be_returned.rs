// A Trame holding a borrow of a function's local cannot be returned.

use trame::{Facet, Op, Trame};

#[derive(Facet, Debug)]
struct B<'a> {
    s: &'a str,
}

fn make<'a>() -> Trame<'a> {
    let local = String::from("local");
    let mut trame = Trame::new::<B<'_>>();
    trame.apply(Op::set().at(0).imm(local.as_str())).unwrap();
    trame
}

fn main() {
    let trame = make();
    println!("{}", trame.depth());
}
