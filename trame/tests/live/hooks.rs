//! Construction hooks on the live runtime: values parsed from text
//! (`Source::Parse`), converted from another type (`Source::Convert`), and
//! invariants checked when a staged node completes.

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZero;
use std::sync::Arc;

use facet::{PtrConst, Shape, TryFromOutcome};
use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Counter, Tracker};

#[derive(Facet, Debug, PartialEq)]
struct Host {
    name: String,
    addr: IpAddr,
}

#[derive(Facet, Debug)]
struct Guarded {
    t: Tracker,
    addr: IpAddr,
}

// t[verify hook.parse]
#[test]
fn parse_builds_the_root_and_a_field() {
    let mut t = Trame::new::<IpAddr>();
    t.apply(Op::set().parse("10.0.0.1")).unwrap();
    let ip = t.build().unwrap().materialize::<IpAddr>().unwrap();
    assert_eq!(ip, IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));

    let mut t = Trame::new::<Host>();
    t.apply(Op::set().at(0).imm(String::from("db"))).unwrap();
    // Owned text (decoded escapes, say) works like borrowed text.
    t.apply(Op::set().at(1).parse(String::from("::1"))).unwrap();
    let host = t.build().unwrap().materialize::<Host>().unwrap();
    assert_eq!(
        host,
        Host {
            name: "db".into(),
            addr: "::1".parse().unwrap()
        }
    );
}

#[test]
fn parse_overwrites_a_value_already_set() {
    let mut t = Trame::new::<Host>();
    t.apply(Op::set().at(0).imm(String::from("db"))).unwrap();
    t.apply(Op::set().at(1).parse("1.2.3.4")).unwrap();
    t.apply(Op::set().at(1).parse("5.6.7.8")).unwrap();
    let host = t.build().unwrap().materialize::<Host>().unwrap();
    assert_eq!(host.addr, IpAddr::V4(Ipv4Addr::new(5, 6, 7, 8)));
}

// t[verify hook.parse]
#[test]
fn parse_failure_names_type_path_and_message_and_poisons() {
    let counter = Counter::new();
    let mut t = Trame::new::<Guarded>();
    t.apply(Op::set().at(0).imm(Tracker::new(&counter)))
        .unwrap();
    let err = t.apply(Op::set().at(1).parse("not an ip")).unwrap_err();
    let TrameError::ParseFailed {
        path,
        shape,
        message,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((path.as_str(), shape.as_str()), ("$.addr", "IpAddr"));
    assert!(!message.is_empty());
    assert_eq!(
        err.to_string(),
        format!("cannot parse IpAddr: {message}, at $.addr")
    );
    assert!(t.is_poisoned());
    // The tracker set before the failure was dropped by the cleanup, once.
    counter.assert_all_dropped(1);
    assert!(t.apply(Op::end()).unwrap_err().is_poisoned());
}

// t[verify hook.missing]
#[test]
fn parse_of_a_shape_without_the_hook_is_an_error() {
    let counter = Counter::new();
    let mut t = Trame::new::<(Tracker, u8)>();
    t.apply(Op::set().at(0).imm(Tracker::new(&counter)))
        .unwrap();
    let err = t.apply(Op::set().at(0).parse("x")).unwrap_err();
    assert_eq!(
        err,
        TrameError::NoHook {
            path: "$.0".into(),
            shape: "Tracker".into(),
            hook: "parse",
        }
    );
    assert_eq!(err.to_string(), "Tracker has no parse hook, at $.0");
    assert!(t.is_poisoned());
    // Checked before anything was dropped: the tracker in the slot is
    // dropped by the cleanup, once.
    counter.assert_all_dropped(1);
    let mut t = Trame::new::<u32>();
    let err = t.apply(Op::set().parse_bytes(&[1u8][..])).unwrap_err();
    assert!(matches!(
        err,
        TrameError::NoHook {
            hook: "parse_bytes",
            ..
        }
    ));
}

#[test]
fn parse_ops_travel_in_batches_and_through_source() {
    let mut batch = trame::OpBatch::new();
    batch.push(Op::Set {
        dst: trame::Path::field(1),
        src: trame::Source::Parse("127.0.0.1".into()),
    });
    batch.push(Op::set().at(0).imm(String::from("h")));
    let mut t = Trame::new::<Host>();
    t.apply_batch(&mut batch).unwrap();
    let host = t.build().unwrap().materialize::<Host>().unwrap();
    assert_eq!(host.addr, IpAddr::V4(Ipv4Addr::LOCALHOST));
}

// t[verify hook.convert]
#[test]
fn convert_builds_a_non_zero_and_refuses_zero() {
    let mut t = Trame::new::<(u8, NonZero<u32>)>();
    t.apply(Op::set().at(0).imm(1u8)).unwrap();
    t.apply(Op::set().at(1).convert(7u32)).unwrap();
    let v = t
        .build()
        .unwrap()
        .materialize::<(u8, NonZero<u32>)>()
        .unwrap();
    assert_eq!(v.1.get(), 7);

    let mut t = Trame::new::<(u8, NonZero<u32>)>();
    let err = t.apply(Op::set().at(1).convert(0u32)).unwrap_err();
    assert_eq!(
        err,
        TrameError::ConversionFailed {
            path: "$.1".into(),
            shape: "NonZero".into(),
            from: "u32".into(),
            message: "NonZero value cannot be zero".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot convert u32 into NonZero: NonZero value cannot be zero, at $.1"
    );
    assert!(t.is_poisoned());
}

// t[verify hook.convert]
#[test]
fn convert_from_an_unsupported_type_drops_the_value_once() {
    let counter = Counter::new();
    let mut t = Trame::new::<NonZero<u32>>();
    let err = t
        .apply(Op::set().convert(Tracker::new(&counter)))
        .unwrap_err();
    assert!(
        matches!(&err, TrameError::ConversionFailed { from, .. } if from == "Tracker"),
        "{err:?}"
    );
    counter.assert_all_dropped(1);
    // A shape with no conversion hook at all: the value is dropped too.
    let mut t = Trame::new::<Range>();
    let err = t
        .apply(Op::set().convert(Tracker::new(&counter)))
        .unwrap_err();
    assert!(matches!(
        err,
        TrameError::NoHook {
            hook: "try_from",
            ..
        }
    ));
    counter.assert_all_dropped(2);
    // An op never applied drops its value with the op.
    drop(Op::set().convert(Tracker::new(&counter)));
    counter.assert_all_dropped(3);
}

// t[verify hook.convert.identity]
#[test]
fn convert_from_the_destination_type_moves_the_value_once() {
    // facet's `String` try_from copies a `String` source and reports it
    // consumed; trame moves a value of the destination's own type instead,
    // so its buffer is neither leaked nor freed twice (Miri checks both).
    let mut t = Trame::new::<Host>();
    t.apply(Op::set().at(0).convert(String::from("db.internal")))
        .unwrap();
    t.apply(Op::set().at(1).convert(IpAddr::V4(Ipv4Addr::LOCALHOST)))
        .unwrap();
    let host = t.build().unwrap().materialize::<Host>().unwrap();
    assert_eq!(
        host,
        Host {
            name: "db.internal".into(),
            addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
        }
    );
    // A type with no conversion hook at all takes its own type too, and a
    // tracked value is dropped exactly once, with the built value.
    let counter = Counter::new();
    let mut t = Trame::new::<Tracker>();
    t.apply(Op::set().convert(Tracker::new(&counter))).unwrap();
    let built = t.build().unwrap().materialize::<Tracker>().unwrap();
    counter.assert(1, 0);
    drop(built);
    counter.assert_all_dropped(1);
}

/// A type made from a [`Tracker`] by its `try_from` hook, which consumes the
/// tracker whether it accepts it (an even tag) or not.
#[derive(Debug, PartialEq)]
struct Even(u32);

/// # Safety
/// `dst` is valid for writes of `Even`; `src` holds a value of `src_shape`.
unsafe fn even_from(dst: *mut Even, src_shape: &'static Shape, src: PtrConst) -> TryFromOutcome {
    if src_shape != Tracker::SHAPE {
        return TryFromOutcome::Unsupported;
    }
    // SAFETY: `src` holds a `Tracker` (its shape was just checked), which
    // this hook takes, as `Converted` and `Failed` say it does.
    let tracker = unsafe { src.read::<Tracker>() };
    match tracker.tag() % 2 {
        // SAFETY: `dst` is valid for writes (the hook's contract).
        0 => unsafe {
            dst.write(Even(tracker.tag()));
            TryFromOutcome::Converted
        },
        _ => TryFromOutcome::Failed("odd".into()),
    }
}

// SAFETY: the shape is built for `Even` by facet's builder (layout, drop),
// `Even` has no lifetime or type parameter (the default variance says so),
// and its `try_from` hook follows `TryFromOutcome`'s contract.
unsafe impl Facet<'_> for Even {
    const SHAPE: &'static Shape = &const {
        facet::ShapeBuilder::for_sized::<Even>("Even")
            .ty(facet::Type::User(facet::UserType::Opaque))
            .def(facet::Def::Scalar)
            .vtable_direct(
                &const {
                    facet::VTableDirect::builder_for::<Even>()
                        .try_from(even_from)
                        .build()
                },
            )
            .type_ops_direct(&const { facet::type_ops_direct!(Even =>) })
            .build()
    };
}

// t[verify hook.convert]
#[test]
fn a_consuming_conversion_drops_its_source_once_whatever_it_says() {
    let counter = Counter::new();
    let mut t = Trame::new::<Even>();
    t.apply(Op::set().convert(Tracker::tagged(&counter, 4)))
        .unwrap();
    assert_eq!(t.build().unwrap().materialize::<Even>().unwrap(), Even(4));
    counter.assert_all_dropped(1);

    let mut t = Trame::new::<Even>();
    let err = t
        .apply(Op::set().convert(Tracker::tagged(&counter, 3)))
        .unwrap_err();
    assert!(matches!(&err, TrameError::ConversionFailed { message, .. } if message == "odd"));
    counter.assert_all_dropped(2);
}

fn ordered(r: &Range) -> bool {
    r.min <= r.max
}

#[derive(Facet, Debug, PartialEq)]
#[facet(invariants = ordered)]
struct Range {
    min: u32,
    max: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Ranges {
    label: String,
    range: Range,
    list: Vec<Range>,
}

/// # Safety
/// `p` points to a `u32`.
unsafe fn small(p: PtrConst) -> bool {
    // SAFETY: the caller's guarantee.
    unsafe { *p.get::<u32>() < 100 }
}

/// A field predicate (`Field::invariants`), which facet's own deserializer
/// does not run either: not a shape's invariants.
#[derive(Facet, Debug, PartialEq)]
struct Percent {
    #[facet(invariants = small)]
    value: u32,
}

fn stage_range(t: &mut Trame<'_>, min: u32, max: u32) {
    t.apply(Op::set().at(0).imm(min)).unwrap();
    t.apply(Op::set().at(1).imm(max)).unwrap();
}

// t[verify hook.invariants]
// t[verify hook.invariants.when]
#[test]
fn invariants_run_when_a_staged_node_completes() {
    // At strict End.
    let mut t = Trame::new::<Ranges>();
    t.apply(Op::set().at(0).imm(String::from("r"))).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    stage_range(&mut t, 5, 1);
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        err,
        TrameError::InvariantViolated {
            path: "$.range".into(),
            shape: "Range".into(),
            message: "invariant check failed".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "Range breaks its invariants: invariant check failed, at $.range"
    );
    assert!(t.is_poisoned());

    // A list element at its End.
    let mut t = Trame::new::<Ranges>();
    t.apply(Op::set().at(2).stage()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    stage_range(&mut t, 1, 2);
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    stage_range(&mut t, 3, 2);
    let err = t.apply(Op::end()).unwrap_err();
    assert!(matches!(&err, TrameError::InvariantViolated { path, .. } if path == "$.list[1]"));

    // The root, at build.
    let mut t = Trame::new::<Range>();
    stage_range(&mut t, 9, 0);
    let err = t.build().unwrap_err();
    assert!(matches!(&err, TrameError::InvariantViolated { path, .. } if path == "$"));

    // A valid tree builds.
    let mut t = Trame::new::<Range>();
    stage_range(&mut t, 0, 9);
    assert_eq!(
        t.build().unwrap().materialize::<Range>().unwrap(),
        Range { min: 0, max: 9 }
    );
}

// t[verify hook.invariants.when]
#[test]
fn deferred_invariants_wait_for_validation() {
    // In deferred mode a node may be complete but wrong for a while: it is
    // checked when its deferred root validates, not at its End.
    let mut t = Trame::new_deferred::<Ranges>();
    t.apply(Op::set().at(0).imm(String::from("r"))).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    stage_range(&mut t, 5, 1);
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().at(2).default()).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    t.apply(Op::set().at(1).imm(8u32)).unwrap();
    t.apply(Op::end()).unwrap();
    let v = t.build().unwrap().materialize::<Ranges>().unwrap();
    assert_eq!(v.range, Range { min: 5, max: 8 });

    // And still wrong at validation: an error.
    let mut t = Trame::new_deferred::<Ranges>();
    t.apply(Op::set().at(0).imm(String::from("r"))).unwrap();
    t.apply(Op::set().at(2).default()).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    stage_range(&mut t, 5, 1);
    t.apply(Op::end()).unwrap();
    let err = t.build().unwrap_err();
    assert!(matches!(&err, TrameError::InvariantViolated { path, .. } if path == "$.range"));
}

// t[verify hook.invariants.when]
#[test]
fn values_set_whole_into_a_slot_are_not_checked_nodes_are() {
    // An `Imm` written into a slot is a value made by Rust code; trame does
    // not second-guess it.
    let mut t = Trame::new::<(Range, u8)>();
    t.apply(Op::set().at(0).imm(Range { min: 9, max: 0 }))
        .unwrap();
    t.apply(Op::set().at(1).imm(0u8)).unwrap();
    let v = t.build().unwrap().materialize::<(Range, u8)>().unwrap();
    assert_eq!(v.0, Range { min: 9, max: 0 });
    // A node is checked however its value was made: the root set whole.
    let mut t = Trame::new::<Range>();
    t.apply(Op::set().imm(Range { min: 9, max: 0 })).unwrap();
    let err = t.build().unwrap_err();
    assert!(matches!(err, TrameError::InvariantViolated { .. }));
}

#[test]
fn field_predicates_are_not_shape_invariants() {
    let mut t = Trame::new::<Percent>();
    t.apply(Op::set().at(0).imm(100u32)).unwrap();
    assert_eq!(
        t.build().unwrap().materialize::<Percent>().unwrap(),
        Percent { value: 100 }
    );
}

#[test]
fn a_poisoned_trame_with_staged_invariant_nodes_drops_everything_once() {
    let counter = Counter::new();
    let mut t = Trame::new::<(Tracker, Range, Vec<Range>)>();
    t.apply(Op::set().at(0).imm(Tracker::new(&counter)))
        .unwrap();
    t.apply(Op::set().at(2).stage()).unwrap();
    t.apply(Op::set().append().stage()).unwrap();
    stage_range(&mut t, 7, 1);
    assert!(t.apply(Op::end()).is_err());
    counter.assert_all_dropped(1);
    let _ = Arc::strong_count(&counter);
}

// t[verify hook.declared]
#[test]
fn shapes_report_the_hooks_they_declare() {
    use trame::{Hooks, IShape};
    let ip = <IpAddr as Facet>::SHAPE.hooks();
    assert!(ip.parse && !ip.invariants);
    let nz = <NonZero<u32> as Facet>::SHAPE.hooks();
    assert!(nz.try_from && nz.invariants);
    assert!(<Range as Facet>::SHAPE.hooks().invariants);
    assert!(!<Percent as Facet>::SHAPE.hooks().invariants);
    assert_eq!(<Host as Facet>::SHAPE.hooks(), Hooks::NONE);
    assert!(!<Tracker as Facet>::SHAPE.hooks().parse);
}

#[derive(Facet, Debug)]
struct ParsedThenRefused {
    ip: IpAddr,
    name: String,
    n: NonZero<u32>,
}

#[test]
fn a_refused_conversion_after_parsed_fields_drops_them() {
    let mut t = Trame::new::<ParsedThenRefused>();
    t.apply(Op::set().at(0).parse("1.2.3.4")).unwrap();
    t.apply(Op::set().at(1).parse("a parsed string")).unwrap();
    assert!(t.apply(Op::set().at(2).convert(0u32)).is_err());
}
