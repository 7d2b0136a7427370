//! The safe API refuses types whose `Facet` impl leaves a lifetime free
//! (`trame::lifetimes`): one shape would stand for `X<&'short str>` and
//! `X<&'static str>`, and moving one in and the other out would lengthen a
//! borrow. Each refusal drops the moved-in value and poisons; types whose
//! impls pin their lifetimes (derived structs, references, std containers)
//! are accepted.

use std::collections::HashMap;
use std::sync::LazyLock;

use facet::{Facet, OpaqueBorrow};
use trame::{Op, Trame, TrameError};

use crate::support::{Counter, Tracker, finish, ok};

/// An opaque type with a type parameter: facet's derive bounds `T` only by
/// the lifetime, so `Holder<&'short str>` and `Holder<&'static str>` share
/// a shape.
#[derive(Facet)]
#[facet(opaque)]
struct Holder<T>(T);

/// A derived struct that borrows: its lifetime is pinned by the derive.
#[derive(Facet, Debug, PartialEq)]
struct Borrows<'a> {
    s: &'a str,
    pair: (u32, &'a str),
}

fn unchecked(err: &TrameError, shape: &str, path: Option<&str>) {
    assert_eq!(
        *err,
        TrameError::UncheckedLifetimes {
            path: path.map(str::to_owned),
            shape: shape.to_owned(),
        }
    );
}

/// The laundering of the soundness report: an `OpaqueBorrow<'f, &'f str>`
/// built, then asked for as `OpaqueBorrow<'f, &'static str>`.
fn launder<'f>(s: &'f str) -> Result<&'static str, TrameError> {
    let mut t = Trame::<'f>::new::<OpaqueBorrow<'f, &'f str>>();
    // The `Imm` is refused first: `OpaqueBorrow` bounds `T` only by `'f`.
    let err = t
        .apply(Op::set().imm(OpaqueBorrow::<'f, &'f str>::new(s)))
        .unwrap_err();
    assert!(t.is_poisoned());
    Err(err)
}

// t[verify api.lifetimes.checked]
#[test]
fn opaque_borrow_is_refused_in_and_out() {
    let local = String::from("short-lived");
    let err = launder(&local).unwrap_err();
    unchecked(&err, "OpaqueBorrow", Some("$"));
    assert_eq!(
        err.to_string(),
        "cannot check the lifetimes of OpaqueBorrow: its Facet impl does not tie them to \
         the Trame's lifetime, at $"
    );

    // Moved in with the unchecked form (the caller vouches for the type),
    // the value still cannot be taken out as another type by `materialize`.
    let mut t = Trame::<'_>::new::<OpaqueBorrow<'_, &str>>();
    // SAFETY: the value's type is exactly the root's.
    ok(&mut t, unsafe {
        Op::set().imm_unchecked(OpaqueBorrow::new(local.as_str()))
    });
    let hv = t.build().unwrap();
    let Err(err) = hv.materialize::<OpaqueBorrow<'_, &'static str>>() else {
        panic!("materialize laundered a lifetime");
    };
    unchecked(&err, "OpaqueBorrow", None);
}

// t[verify api.lifetimes.checked]
#[test]
fn generic_opaque_is_refused_and_its_value_dropped_once() {
    let c = Counter::new();
    let local = String::from("short-lived");
    // A Trame for `Holder<&'static str>` would accept a `Holder<&'f str>`
    // through the shape alone: the `Imm` is refused, its value dropped.
    let mut t = Trame::new::<(Holder<&'static str>, Tracker)>();
    ok(&mut t, Op::set().at(1).imm(Tracker::new(&c)));
    let err = t
        .apply(Op::set().at(0).imm(Holder(local.as_str())))
        .unwrap_err();
    unchecked(&err, "Holder", Some("$"));
    assert!(t.is_poisoned());
    c.assert_all_dropped(1);
    // A tuple reached only at run time is walked too.
    let mut t = Trame::new::<Vec<(u32, Holder<&str>)>>();
    let err = t
        .apply(Op::set().imm(vec![(1u32, Holder(local.as_str()))]))
        .unwrap_err();
    unchecked(&err, "Vec<(u32, Holder)>", Some("$"));
}

#[test]
fn lazy_lock_and_whole_hash_maps_are_refused() {
    let mut t = Trame::new::<LazyLock<u32>>();
    let err = t.apply(Op::set().imm(LazyLock::new(|| 1u32))).unwrap_err();
    unchecked(&err, "LazyLock<u32>", Some("$"));

    // A whole `HashMap` is refused: its shape does not describe the hasher.
    let mut t = Trame::new::<HashMap<String, u32>>();
    let err = t
        .apply(Op::set().imm(HashMap::from([("k".to_owned(), 1u32)])))
        .unwrap_err();
    unchecked(&err, "HashMap<String, u32>", Some("$"));
    // Built entry by entry (every hasher made by `S::default()`), it is
    // taken out.
    let mut t = Trame::new::<HashMap<String, u32>>();
    ok(&mut t, Op::set().append().at(0).imm("k".to_owned()));
    ok(&mut t, Op::set().at(1).imm(1u32));
    let m = finish::<HashMap<String, u32>>(t);
    assert_eq!(m, HashMap::from([("k".to_owned(), 1u32)]));
}

#[test]
fn pinned_types_are_accepted_whole() {
    let local = String::from("borrowed text");
    let mut t = Trame::<'_>::new::<Borrows<'_>>();
    ok(
        &mut t,
        Op::set().imm(Borrows {
            s: &local[..8],
            pair: (3, &local[9..]),
        }),
    );
    let b = finish::<Borrows<'_>>(t);
    assert_eq!(
        b,
        Borrows {
            s: "borrowed",
            pair: (3, "text")
        }
    );

    let mut t = Trame::<'_>::new::<(Vec<(u32, String)>, Vec<&str>, std::borrow::Cow<'_, str>)>();
    ok(&mut t, Op::set().at(0).imm(vec![(1u32, "a".to_owned())]));
    ok(&mut t, Op::set().at(1).imm(vec![local.as_str()]));
    ok(
        &mut t,
        Op::set()
            .at(2)
            .imm(std::borrow::Cow::Borrowed(local.as_str())),
    );
    let (v, m, cow) = finish::<(Vec<(u32, String)>, Vec<&str>, std::borrow::Cow<'_, str>)>(t);
    assert_eq!(v, vec![(1, "a".to_owned())]);
    assert_eq!(m, ["borrowed text"]);
    assert_eq!(cow, "borrowed text");

    let mut t = Trame::new::<(
        std::net::IpAddr,
        std::time::Duration,
        std::num::NonZero<u32>,
    )>();
    ok(
        &mut t,
        Op::set().at(0).imm(std::net::IpAddr::from([127, 0, 0, 1])),
    );
    ok(
        &mut t,
        Op::set().at(1).imm(std::time::Duration::from_secs(2)),
    );
    ok(
        &mut t,
        Op::set().at(2).imm(std::num::NonZero::new(5u32).unwrap()),
    );
    let (ip, d, n) = finish::<(
        std::net::IpAddr,
        std::time::Duration,
        std::num::NonZero<u32>,
    )>(t);
    assert_eq!(
        (ip.to_string(), d.as_secs(), n.get()),
        ("127.0.0.1".to_owned(), 2, 5)
    );
}

/// 8-aligned, but only 4 bytes: it fits the `Imm`'s inline buffer, which
/// must then be 8-aligned on every target (on 32-bit x86 a `u64` array is
/// only 4-aligned; Miri on `i686-unknown-linux-gnu` checks this test).
#[derive(Facet, Debug, PartialEq, Clone, Copy)]
#[repr(C, align(8))]
struct A8 {
    x: u32,
}

#[test]
fn an_over_aligned_small_value_is_moved_in_aligned() {
    let mut t = Trame::new::<(u8, A8, [A8; 2])>();
    ok(&mut t, Op::set().at(0).imm(1u8));
    ok(&mut t, Op::set().at(1).imm(A8 { x: 7 }));
    ok(&mut t, Op::set().at(2).imm([A8 { x: 8 }, A8 { x: 9 }]));
    let v = finish::<(u8, A8, [A8; 2])>(t);
    assert_eq!(v, (1, A8 { x: 7 }, [A8 { x: 8 }, A8 { x: 9 }]));
    let mut t = Trame::new::<A8>();
    ok(&mut t, Op::set().imm(A8 { x: 11 }));
    assert_eq!(finish::<A8>(t), A8 { x: 11 });
}
