//! A walk through the specification's examples: a scalar, a struct, and a
//! nested struct in strict mode (including the failing `End`), printing the
//! tree after every op.
//!
//! Run with `cargo run --example tour`.

use trame::{Facet, Op, Trame, TrameError};

#[derive(Facet, Debug, PartialEq)]
struct Pair {
    a: u32,
    b: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Outer {
    inner: Pair,
    c: u32,
}

/// Applies `op`, printing it and the tree (or the error) afterwards.
fn step<'f>(trame: &mut Trame<'f>, label: &str, op: Op<'f>) -> Result<(), TrameError> {
    println!("{label}");
    let result = trame.apply(op);
    match &result {
        Ok(()) => print!("{trame}"),
        Err(e) => println!("error: {e}\n{trame}"),
    }
    println!();
    result
}

fn title(text: &str) {
    println!("━━ {text} ━━\n");
}

fn main() -> Result<(), TrameError> {
    title("Simple scalar: Trame<u32>");
    let mut t = Trame::new::<u32>();
    println!("{t}");
    step(&mut t, "set(&[], imm(42))", Op::set().imm(42u32))?;
    let value = t.build()?.materialize::<u32>()?;
    println!("build() → {value}\n");

    title("Simple struct: Pair { a: u32, b: u32 }");
    let mut t = Trame::new::<Pair>();
    println!("{t}");
    step(
        &mut t,
        "set(&[Field(0)], imm(13))",
        Op::set().at(0).imm(13u32),
    )?;
    let err = Trame::new::<Pair>().build().unwrap_err();
    println!("(build() on a fresh Pair would fail: {err})\n");
    step(
        &mut t,
        "set(&[Field(1)], imm(7))",
        Op::set().at(1).imm(7u32),
    )?;
    let value = t.build()?.materialize::<Pair>()?;
    println!("build() → {value:?}\n");

    title("Nested struct, strict mode: Outer { inner: Pair, c: u32 }");
    let mut t = Trame::new::<Outer>();
    println!("{t}");
    step(&mut t, "set(&[Field(0)], stage())", Op::set().at(0).stage())?;
    step(
        &mut t,
        "set(&[Field(0)], imm(1))",
        Op::set().at(0).imm(1u32),
    )?;
    step(
        &mut t,
        "set(&[Field(1)], imm(2))",
        Op::set().at(1).imm(2u32),
    )?;
    step(&mut t, "end()", Op::end())?;
    step(
        &mut t,
        "set(&[Field(1)], imm(9))",
        Op::set().at(1).imm(9u32),
    )?;
    let value = t.build()?.materialize::<Outer>()?;
    println!("build() → {value:?}\n");

    title("Nested struct, strict mode: End on an incomplete child");
    let mut t = Trame::new::<Outer>();
    step(&mut t, "set(&[Field(0)], stage())", Op::set().at(0).stage())?;
    step(
        &mut t,
        "set(&[Field(0)], imm(1))",
        Op::set().at(0).imm(1u32),
    )?;
    let _ = step(&mut t, "end()", Op::end());
    let again = t.apply(Op::set().at(1).imm(9u32)).unwrap_err();
    println!("any later op: {again}");
    Ok(())
}
