//! Borrowed data: a Trame's `'facet` lets the built value borrow from
//! locals (the compile-fail tests check that it cannot outlive them).

use trame::{Facet, Op, Trame};

use crate::support::{finish, ok};

/// A struct borrowing a string.
#[derive(Facet, Debug, PartialEq)]
struct B<'a> {
    s: &'a str,
}

/// A borrowed struct nested in another, next to owned data.
#[derive(Facet, Debug, PartialEq)]
struct Holder<'a> {
    inner: B<'a>,
    tag: (&'a str, u32),
    owned: String,
}

#[test]
fn borrowed_struct_from_a_local_string() {
    let local = String::from("borrowed");
    let mut t = Trame::<'_>::new::<B<'_>>();
    ok(&mut t, Op::set().at(0).imm(local.as_str()));
    let b = finish::<B<'_>>(t);
    assert_eq!(b, B { s: &local });
    assert!(std::ptr::eq(b.s, local.as_str()));
}

#[test]
fn borrowed_struct_whole() {
    let local = String::from("whole");
    let mut t = Trame::<'_>::new::<B<'_>>();
    ok(&mut t, Op::set().imm(B { s: &local[1..] }));
    assert_eq!(finish::<B<'_>>(t), B { s: "hole" });
}

#[test]
fn borrowed_str_root() {
    let local = String::from("root");
    let mut t = Trame::new::<&str>();
    ok(&mut t, Op::set().imm(local.as_str()));
    let s: &str = finish::<&str>(t);
    assert_eq!(s, "root");
}

#[test]
fn nested_borrows() {
    let a = String::from("a");
    let b = String::from("b");
    let mut t = Trame::new::<Holder<'_>>();
    ok(&mut t, Op::set().at(0).at(0).imm(a.as_str()));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).at(0).imm(b.as_str()));
    ok(&mut t, Op::set().at(1).imm(2u32));
    ok(&mut t, Op::set().root().at(2).imm(String::from("owned")));
    let h = finish::<Holder<'_>>(t);
    assert_eq!(
        h,
        Holder {
            inner: B { s: "a" },
            tag: ("b", 2),
            owned: "owned".into()
        }
    );
}

#[test]
fn static_data_in_a_borrowing_trame() {
    let mut t = Trame::new::<B<'_>>();
    ok(&mut t, Op::set().at(0).imm("static"));
    assert_eq!(finish::<B<'_>>(t), B { s: "static" });
}

#[test]
fn unfinished_borrowing_trame_is_dropped_before_its_data() {
    let local = String::from("short");
    let mut t = Trame::new::<Holder<'_>>();
    ok(&mut t, Op::set().at(2).imm(String::from("owned")));
    ok(&mut t, Op::set().at(0).at(0).imm(local.as_str()));
    drop(t);
    drop(local);
}
