// A Trame building `B<'static>` cannot accept a `&str` borrowed from a local.

use trame::{Facet, Op, Trame};

#[derive(Facet, Debug)]
struct B<'a> {
    s: &'a str,
}

fn main() {
    let mut trame = Trame::new::<B<'static>>();
    let local = String::from("local");
    trame.apply(Op::set().at(0).imm(local.as_str())).unwrap();
    let b = trame.build().unwrap().materialize::<B<'static>>().unwrap();
    println!("{}", b.s);
}
