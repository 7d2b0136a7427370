//! Dynamic values (`facet_value::Value`, facet's `Def::DynamicValue`) on
//! the live runtime: scalars set whole through the vtable's setters,
//! arrays and objects staged element by element, in every place a value
//! can stand, and drops on every path. A `Value` cannot hold a `Tracker`,
//! so drops are counted on tracked siblings, and Miri (which runs these
//! tests in CI) reports any `Value` leaked or freed twice.

use std::collections::HashMap;

use facet_value::{VBytes, Value, value};
use trame::{Facet, IShape, Op, ShapeKind, Trame, TrameError};

use crate::support::{Counter, Tracker};

#[derive(Facet, Debug, PartialEq)]
struct Doc {
    id: u32,
    data: Value,
}

#[derive(Facet, Debug)]
struct TrackedDoc {
    t: Tracker,
    data: Value,
    u: Tracker,
}

/// Builds a `Value` from `ops` applied to a fresh Trame.
fn build(ops: Vec<Op<'static>>) -> Value {
    let mut t = Trame::new::<Value>();
    for op in ops {
        t.apply(op).unwrap();
    }
    t.build().unwrap().materialize::<Value>().unwrap()
}

/// Ops that stage one array element and set it to `op` (at the element).
fn element(op: Op<'static>) -> [Op<'static>; 3] {
    [Op::set().append().stage(), op, Op::end()]
}

/// Ops that stage one object entry `key: op`.
fn entry(key: &str, op: Op<'static>) -> [Op<'static>; 4] {
    [
        Op::set().append().stage(),
        Op::set().at(0).imm(key.to_owned()),
        op,
        Op::end(),
    ]
}

#[test]
fn a_dynamic_value_is_of_kind_dynamic() {
    assert_eq!(<Value as Facet>::SHAPE.kind(), ShapeKind::Dynamic);
    assert!(ShapeKind::Dynamic.is_container());
}

// t[verify dynamic.scalar]
#[test]
fn scalars_are_set_whole_through_the_setters() {
    let cases: Vec<(Op<'static>, Value)> = vec![
        (Op::set().imm(()), value!(null)),
        (Op::set().imm(true), value!(true)),
        (Op::set().imm(-3i8), value!(-3)),
        (Op::set().imm(-300i16), value!(-300)),
        (Op::set().imm(-70_000i32), value!(-70_000)),
        (Op::set().imm(i64::MIN), Value::from(i64::MIN)),
        (Op::set().imm(-1isize), value!(-1)),
        (Op::set().imm(200u8), value!(200)),
        (Op::set().imm(60_000u16), value!(60_000)),
        (Op::set().imm(4_000_000_000u32), value!(4_000_000_000u32)),
        (Op::set().imm(u64::MAX), Value::from(u64::MAX)),
        (Op::set().imm(7usize), value!(7)),
        (Op::set().imm(0.5f32), value!(0.5)),
        (Op::set().imm(-2.25f64), value!(-2.25)),
        (Op::set().imm(String::from("owned")), value!("owned")),
        (Op::set().imm("borrowed"), value!("borrowed")),
        (
            Op::set().imm(vec![1u8, 2, 3]),
            Value::from(VBytes::new(&[1, 2, 3])),
        ),
        (Op::set().imm(&b"xy"[..]), Value::from(VBytes::new(b"xy"))),
    ];
    for (op, expected) in cases {
        assert_eq!(build(vec![op]), expected);
    }
}

#[test]
fn a_whole_value_is_moved_in_and_a_scalar_replaces_it() {
    let whole = value!({"a": [1, "two"], "b": null});
    assert_eq!(build(vec![Op::set().imm(whole.clone())]), whole);
    // Overwrites drop what was there, once (Miri would see a leak).
    let v = build(vec![
        Op::set().imm(whole),
        Op::set().imm("x"),
        Op::set().imm(String::from("y")),
    ]);
    assert_eq!(v, value!("y"));
}

// t[verify dynamic.default]
#[test]
fn default_is_null() {
    assert_eq!(build(vec![Op::set().default()]), Value::NULL);
    let mut t = Trame::new::<Doc>();
    t.apply(Op::set().at(0).imm(1u32)).unwrap();
    t.apply(Op::set().at(1).default()).unwrap();
    let doc = t.build().unwrap().materialize::<Doc>().unwrap();
    assert_eq!(doc.data, Value::NULL);
}

// t[verify dynamic.scalar]
#[test]
fn other_shapes_are_a_mismatch_and_are_dropped_once() {
    let counter = Counter::new();
    let mut t = Trame::new::<TrackedDoc>();
    t.apply(Op::set().at(0).imm(Tracker::new(&counter)))
        .unwrap();
    let err = t
        .apply(Op::set().at(1).imm(Tracker::new(&counter)))
        .unwrap_err();
    assert_eq!(
        err,
        TrameError::ShapeMismatch {
            path: "$.data".into(),
            expected: "Value".into(),
            found: "Tracker".into(),
        }
    );
    assert!(t.is_poisoned());
    counter.assert_all_dropped(2);
    // A 128-bit integer has no setter.
    let mut t = Trame::new::<Value>();
    let err = t.apply(Op::set().imm(1u128)).unwrap_err();
    assert!(matches!(err, TrameError::ShapeMismatch { .. }), "{err:?}");
}

// t[verify dynamic.array]
#[test]
fn arrays_are_staged_element_by_element() {
    let mut ops = vec![Op::set().stage()];
    ops.extend(element(Op::set().imm(1u8)));
    ops.extend(element(Op::set().imm("two")));
    ops.extend(element(Op::set().default()));
    assert_eq!(build(ops), value!([1, "two", null]));
    // A first `Append` opens an array too; an array with no element is
    // empty.
    let mut ops = vec![];
    ops.extend(element(Op::set().imm(false)));
    assert_eq!(build(ops), value!([false]));
    assert_eq!(build(vec![Op::set().stage()]), value!([]));
    // Many elements spread over several staging chunks, in order.
    let mut ops = vec![Op::set().stage_with_capacity(2)];
    for i in 0..40u32 {
        ops.extend(element(Op::set().imm(i)));
    }
    let v = build(ops);
    let expected: Vec<Value> = (0..40u32).map(Value::from).collect();
    assert_eq!(v, Value::from(facet_value::VArray::from(expected)));
}

// t[verify dynamic.object]
#[test]
fn objects_are_staged_entry_by_entry_and_later_keys_win() {
    let mut ops = vec![Op::set().stage_object()];
    ops.extend(entry("a", Op::set().at(1).imm(1u8)));
    ops.extend(entry("b", Op::set().at(1).imm("x")));
    ops.extend(entry("a", Op::set().at(1).imm(2u8)));
    assert_eq!(build(ops), value!({"a": 2, "b": "x"}));
    assert_eq!(build(vec![Op::set().stage_object()]), value!({}));
    // The value of an entry may be set before its key.
    let v = build(vec![
        Op::set().stage_object_with_capacity(1),
        Op::set().append().stage(),
        Op::set().at(1).imm(true),
        Op::set().at(0).imm(String::from("k")),
    ]);
    assert_eq!(v, value!({"k": true}));
}

#[test]
fn arrays_and_objects_nest_to_any_depth() {
    // [{"a": [[1], {"b": {}}]}], built level by level.
    let v = build(vec![
        Op::set().stage(),
        Op::set().append().stage_object(),
        Op::set().append().stage(),
        Op::set().at(0).imm(String::from("a")),
        Op::set().at(1).stage(),
        Op::set().append().stage(),
        Op::set().append().stage(),
        Op::set().imm(1u8),
        Op::end(),
        Op::end(),
        Op::set().append().stage_object(),
        Op::set().append().stage(),
        Op::set().at(0).imm(String::from("b")),
        Op::set().at(1).stage_object(),
    ]);
    assert_eq!(v, value!([{"a": [[1], {"b": {}}]}]));
    // A chain of arrays, closed by `build`.
    let mut t = Trame::new::<Value>();
    for _ in 0..32 {
        t.apply(Op::set().append().stage()).unwrap();
    }
    t.apply(Op::set().imm(0u8)).unwrap();
    let v = t.build().unwrap().materialize::<Value>().unwrap();
    let mut at = &v;
    for _ in 0..32 {
        at = &at.as_array().unwrap()[0];
    }
    assert_eq!(*at, value!(0));
}

#[derive(Facet, Debug, PartialEq)]
struct Places {
    list: Vec<Value>,
    map: HashMap<String, Value>,
    opt: Option<Value>,
    boxed: Box<Value>,
}

#[test]
fn dynamic_values_stand_anywhere_a_value_can() {
    let mut t = Trame::new::<Places>();
    // A list element, staged as an array.
    t.apply(Op::set().at(0).append().stage()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().imm(1u8)).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    // A map value, staged as an object.
    t.apply(Op::set().at(1).append().stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from("m"))).unwrap();
    t.apply(Op::set().at(1).stage_object()).unwrap();
    for op in entry("k", Op::set().at(1).imm(())) {
        t.apply(op).unwrap();
    }
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    // An option's payload and a box's pointee.
    t.apply(Op::set().at(2).at(0).imm("some")).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().at(3).at(0).stage()).unwrap();
    t.apply(Op::end()).unwrap();
    let p = t.build().unwrap().materialize::<Places>().unwrap();
    assert_eq!(p.list, vec![value!([1])]);
    assert_eq!(p.map.get("m"), Some(&value!({"k": null})));
    assert_eq!(p.opt, Some(value!("some")));
    assert_eq!(*p.boxed, value!([]));
}

#[test]
fn deferred_mode_reenters_elements_and_entries() {
    let mut t = Trame::new_deferred::<Doc>();
    t.apply(Op::set().at(1).stage_object()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from("xs"))).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    // Leave the element, the array, the entry and the object incomplete.
    for _ in 0..4 {
        t.apply(Op::end()).unwrap();
    }
    t.apply(Op::set().at(0).imm(7u32)).unwrap();
    // Re-enter by index: entry 0, its value, element 0.
    t.apply(Op::set().at(1).at(0).at(1).at(0).imm(3u8)).unwrap();
    let doc = t.build().unwrap().materialize::<Doc>().unwrap();
    assert_eq!(
        doc,
        Doc {
            id: 7,
            data: value!({"xs": [3]})
        }
    );
}

#[test]
fn incomplete_elements_and_entries_are_reported() {
    // A dynamic value never set, staged or opened is missing.
    let mut t = Trame::new::<Doc>();
    t.apply(Op::set().at(0).imm(1u32)).unwrap();
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field data in Doc at $");
    // Staging an element opens it (an empty array, unless set).
    assert_eq!(
        build(vec![Op::set().append().stage(), Op::end()]),
        value!([[]])
    );
    let mut t = Trame::new::<Value>();
    t.apply(Op::set().append().stage_object()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from("k"))).unwrap();
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing field value in entry of Value at $[0][0]"
    );
    // Deferred: every missing part at once.
    let mut t = Trame::new_deferred::<Value>();
    t.apply(Op::set().stage_object()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::end()).unwrap();
    let TrameError::Incomplete { all, .. } = t.build().unwrap_err() else {
        panic!()
    };
    assert_eq!(all, vec!["$[0].key", "$[0].value"]);
}

// t[verify dynamic.form]
#[test]
fn the_form_is_fixed_once_elements_are_staged() {
    // An open array with no element becomes an object.
    let v = build(vec![Op::set().stage(), Op::set().stage_object()]);
    assert_eq!(v, value!({}));
    // `Stage` re-enters an object as an object.
    let mut ops = vec![Op::set().stage_object(), Op::set().stage()];
    ops.extend(entry("k", Op::set().at(1).imm(1u8)));
    assert_eq!(build(ops), value!({"k": 1}));
    // An array with an element cannot become one.
    let mut t = Trame::new::<Value>();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::end()).unwrap();
    let err = t.apply(Op::set().stage_object()).unwrap_err();
    assert!(matches!(err, TrameError::Unsupported { .. }), "{err:?}");
    assert!(t.is_poisoned());
    // Nor can anything that is not a dynamic value.
    let mut t = Trame::new::<Doc>();
    let err = t.apply(Op::set().at(0).stage_object()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "staging as an object (only a dynamic value is staged so) is not supported for u32, at $.id"
    );
    // A value set whole is closed.
    let mut t = Trame::new::<Doc>();
    t.apply(Op::set().at(1).imm(value!([1]))).unwrap();
    let err = t.apply(Op::set().at(1).stage()).unwrap_err();
    assert!(matches!(err, TrameError::ContainerClosed { .. }), "{err:?}");
}

// t[verify dynamic.dropped-once]
#[test]
fn every_part_is_dropped_once_on_every_path() {
    let counter = Counter::new();
    // Poisoned while an object with nested arrays is staged.
    let mut t = Trame::new::<TrackedDoc>();
    t.apply(Op::set().at(0).imm(Tracker::new(&counter)))
        .unwrap();
    t.apply(Op::set().at(1).stage_object()).unwrap();
    for op in entry("a", Op::set().at(1).imm("text")) {
        t.apply(op).unwrap();
    }
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from("b"))).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().imm(String::from("deep"))).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    let err = t.apply(Op::set().imm(Tracker::new(&counter)));
    assert!(err.is_err() && t.is_poisoned());
    counter.assert_all_dropped(2);

    // Abandoned with a staged subtree (deferred: incomplete nodes stay).
    let mut t = Trame::new_deferred::<TrackedDoc>();
    t.apply(Op::set().at(2).imm(Tracker::new(&counter)))
        .unwrap();
    t.apply(Op::set().at(1).append().stage_object()).unwrap();
    for op in entry("k", Op::set().at(1).imm(vec![1u8])) {
        t.apply(op).unwrap();
    }
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from("key only")))
        .unwrap();
    drop(t);
    counter.assert_all_dropped(3);

    // Overwritten whole while staged, then built: the value is owned by
    // the result.
    let mut t = Trame::new::<TrackedDoc>();
    t.apply(Op::set().at(0).imm(Tracker::new(&counter)))
        .unwrap();
    t.apply(Op::set().at(2).imm(Tracker::new(&counter)))
        .unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    for op in element(Op::set().imm("gone")) {
        t.apply(op).unwrap();
    }
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().at(1).imm(1u8)).unwrap();
    let doc = t.build().unwrap().materialize::<TrackedDoc>().unwrap();
    assert_eq!(doc.data, value!(1));
    drop(doc);
    counter.assert_all_dropped(5);

    // A built value dropped without being materialized.
    let mut t = Trame::new::<Value>();
    for op in element(Op::set().imm(String::from("s"))) {
        t.apply(op).unwrap();
    }
    drop(t.build().unwrap());
}

#[test]
fn the_tree_marks_arrays_and_objects() {
    let mut t = Trame::new::<Value>();
    t.apply(Op::set().stage_object()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from("tags"))).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    t.apply(Op::set().imm(1u32)).unwrap();
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Value⟩ {} 📦0\n",
            "  └─ 0 → ⟨Entry: (String, Value)⟩\n",
            "      ├─ key ●\n",
            "      └─ value → ⟨Child: Value⟩ [] 📦0\n",
            "▶         └─ 0 → ⟨Child: Value⟩ ● 🔒️\n",
        )
    );
}
