// `materialize` cannot turn a value borrowing for `'a` into a `B<'static>`.

use trame::{Facet, Op, Trame};

#[derive(Facet, Debug)]
struct B<'a> {
    s: &'a str,
}

fn lengthen<'a>(s: &'a str) -> B<'static> {
    let mut trame = Trame::<'a>::new::<B<'a>>();
    trame.apply(Op::set().at(0).imm(s)).unwrap();
    trame.build().unwrap().materialize::<B<'static>>().unwrap()
}

fn main() {
    let local = String::from("local");
    let b = lengthen(&local);
    println!("{}", b.s);
}
