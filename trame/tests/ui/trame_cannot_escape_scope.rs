// A Trame holding borrowed data cannot outlive the data it borrows.

use trame::{Facet, Op, Trame};

#[derive(Facet, Debug)]
struct B<'a> {
    s: &'a str,
}

fn main() {
    let outer: Trame<'_>;
    {
        let local = String::from("local");
        let mut trame = Trame::new::<B<'_>>();
        trame.apply(Op::set().at(0).imm(local.as_str())).unwrap();
        outer = trame;
    }
    println!("{}", outer.depth());
}
