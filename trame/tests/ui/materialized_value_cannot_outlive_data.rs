// A value built from a local borrow cannot be kept after the local is gone.

use trame::{Facet, Op, Trame};

#[derive(Facet, Debug)]
struct B<'a> {
    s: &'a str,
}

fn main() {
    let b;
    {
        let local = String::from("local");
        let mut trame = Trame::new::<B<'_>>();
        trame.apply(Op::set().at(0).imm(local.as_str())).unwrap();
        b = trame.build().unwrap().materialize::<B<'_>>().unwrap();
    }
    println!("{}", b.s);
}
