//! The walk builds each value the way trame classifies its shape
//! (`trame::ShapeKind`): one type of every kind, read and compared with
//! the expected value, after checking that trame gives it that kind (so
//! each arm of the walk's dispatch is taken by the case that names it).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

use facet::Facet;
use trame::{IShape, ShapeKind};
use trame_json::{ErrorKind, from_str};

/// Reads `json` as a `T` whose shape trame classifies as `kind`.
#[track_caller]
fn read<T: Facet<'static> + core::fmt::Debug>(kind: ShapeKind, json: &'static str) -> T {
    assert_eq!(IShape::kind(T::SHAPE), kind, "the kind of {}", T::SHAPE);
    from_str::<T>(json).unwrap_or_else(|e| panic!("{json} as {}: {e}", T::SHAPE))
}

#[derive(Facet, Debug, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Facet, Debug, PartialEq)]
struct Pair(u8, String);

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Shape {
    Dot,
    Circle { r: f64 },
}

/// Not facet-described: a field of it is opaque to trame.
#[derive(Debug, PartialEq)]
struct Handle(u32);

#[derive(Facet, Debug)]
struct HoldsHandle {
    #[facet(opaque)]
    handle: Handle,
}

// t[verify walk.kind]
#[test]
fn every_kind_is_built_as_trame_classifies_it() {
    use ShapeKind as K;
    assert_eq!(
        read::<Point>(K::Struct, r#"{"y":2,"x":1}"#),
        Point { x: 1, y: 2 }
    );
    assert_eq!(read::<Pair>(K::Tuple, r#"[7,"a"]"#), Pair(7, "a".into()));
    assert_eq!(read::<(u8, bool)>(K::Tuple, "[1,true]"), (1, true));
    assert_eq!(read::<[u16; 3]>(K::Array, "[1,2,3]"), [1, 2, 3]);
    assert_eq!(
        read::<Shape>(K::Enum, r#"{"Circle":{"r":1.5}}"#),
        Shape::Circle { r: 1.5 }
    );
    assert_eq!(read::<Shape>(K::Enum, r#""Dot""#), Shape::Dot);
    assert_eq!(
        read::<Result<u8, String>>(K::Enum, r#"{"Err":"no"}"#),
        Err("no".into())
    );
    assert_eq!(read::<Option<Point>>(K::Option, "null"), None);
    assert_eq!(
        read::<Option<Point>>(K::Option, r#"{"x":0,"y":0}"#),
        Some(Point { x: 0, y: 0 })
    );
    assert_eq!(
        read::<Box<Point>>(K::Pointer, r#"{"x":3,"y":4}"#),
        Box::new(Point { x: 3, y: 4 })
    );
    assert_eq!(*read::<Arc<u32>>(K::Pointer, "9"), 9);
    assert_eq!(
        read::<Vec<Pair>>(K::List, r#"[[1,"b"]]"#),
        vec![Pair(1, "b".into())]
    );
    // A pointer to a slice is built like a list.
    assert_eq!(&*read::<Box<[u8]>>(K::List, "[4,5]"), &[4, 5]);
    assert_eq!(
        &*read::<Rc<[String]>>(K::List, r#"["c"]"#),
        &["c".to_string()]
    );
    assert_eq!(
        read::<BTreeSet<u8>>(K::Set, "[3,1,3]"),
        BTreeSet::from([1, 3])
    );
    assert_eq!(
        read::<BTreeMap<String, Option<u8>>>(K::Map, r#"{"a":null,"b":2}"#),
        BTreeMap::from([("a".to_string(), None), ("b".to_string(), Some(2))])
    );
    assert_eq!(
        read::<facet_value::Value>(K::Dynamic, r#"{"k":[1,"x"]}"#),
        facet_value::value!({"k": [1, "x"]})
    );
    // Scalars: native, pointers to `str` set whole, types with a parse hook.
    assert_eq!(read::<u64>(K::Scalar, "18"), 18);
    assert_eq!(&*read::<Box<str>>(K::Scalar, r#""s""#), "s");
    assert_eq!(&*read::<Arc<str>>(K::Scalar, r#""t""#), "t");
    assert_eq!(
        read::<std::net::Ipv4Addr>(K::Scalar, r#""10.0.0.1""#),
        std::net::Ipv4Addr::new(10, 0, 0, 1)
    );
}

#[test]
fn a_scalar_with_no_form_is_refused_not_guessed() {
    let e = from_str::<HoldsHandle>(r#"{"handle":1}"#).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Unsupported { .. }), "{e}");
    assert_eq!(e.path(), "$.handle", "{e}");
}
