//! Proxies on the live runtime: values built as their proxy type
//! (`Source::StageProxy`) and converted when the proxy node closes.

use std::time::Duration;

use trame::{Facet, Op, Trame, TrameError};

use crate::support::{Counter, Tracker};

/// The proxy of [`Port`]'s field: a port written as text.
#[derive(Facet, Debug)]
struct PortText(String);

impl TryFrom<PortText> for u16 {
    type Error = String;
    fn try_from(p: PortText) -> Result<u16, String> {
        p.0.parse().map_err(|_| format!("{:?} is not a port", p.0))
    }
}

impl TryFrom<&u16> for PortText {
    type Error = String;
    fn try_from(v: &u16) -> Result<PortText, String> {
        Ok(PortText(v.to_string()))
    }
}

/// The JSON-only proxy of [`Port`]'s field: a port written as `[hi, lo]`.
#[derive(Facet, Debug)]
struct PortBytes([u8; 2]);

impl TryFrom<PortBytes> for u16 {
    type Error = String;
    fn try_from(p: PortBytes) -> Result<u16, String> {
        Ok(u16::from_be_bytes(p.0))
    }
}

impl TryFrom<&u16> for PortBytes {
    type Error = String;
    fn try_from(v: &u16) -> Result<PortBytes, String> {
        Ok(PortBytes(v.to_be_bytes()))
    }
}

#[derive(Facet, Debug, PartialEq)]
struct Port {
    host: String,
    #[facet(proxy = PortText)]
    #[facet(json::proxy = PortBytes)]
    port: u16,
}

/// A type built through a container-level proxy that holds a tracker:
/// the conversion accepts an even tag.
#[derive(Facet, Debug)]
struct TrackedProxy {
    t: Tracker,
    label: String,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(proxy = TrackedProxy)]
struct Labelled {
    tag: u32,
    label: String,
}

impl TryFrom<TrackedProxy> for Labelled {
    type Error = String;
    fn try_from(p: TrackedProxy) -> Result<Labelled, String> {
        match p.t.tag() % 2 {
            0 => Ok(Labelled {
                tag: p.t.tag(),
                label: p.label,
            }),
            _ => Err(format!("odd tag {}", p.t.tag())),
        }
    }
}

impl TryFrom<&Labelled> for TrackedProxy {
    type Error = String;
    fn try_from(_: &Labelled) -> Result<TrackedProxy, String> {
        Err("not serialized in these tests".into())
    }
}

#[derive(Facet, Debug, PartialEq)]
struct Holder {
    first: Labelled,
    rest: Vec<Labelled>,
    maybe: Option<Duration>,
}

fn stage_port(t: &mut Trame<'_>, text: &str) {
    t.apply(Op::set().at(1).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage()).unwrap();
    t.apply(Op::set().at(0).imm(String::from(text))).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
}

// t[verify proxy.stage]
// t[verify proxy.convert]
#[test]
fn a_field_proxy_builds_the_field() {
    let mut t = Trame::new::<Port>();
    t.apply(Op::set().at(0).imm(String::from("db"))).unwrap();
    stage_port(&mut t, "5432");
    let port = t.build().unwrap().materialize::<Port>().unwrap();
    assert_eq!(
        port,
        Port {
            host: "db".into(),
            port: 5432
        }
    );
}

// t[verify proxy.stage]
#[test]
fn the_root_and_elements_build_through_their_type_proxy() {
    // `Duration`'s proxy (facet's own) is `(u64, u32)`.
    let mut t = Trame::new::<Duration>();
    t.apply(Op::set().stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage()).unwrap();
    t.apply(Op::set().at(0).imm(2u64)).unwrap();
    t.apply(Op::set().at(1).imm(7u32)).unwrap();
    let d = t.build().unwrap().materialize::<Duration>().unwrap();
    assert_eq!(d, Duration::new(2, 7));

    let counter = Counter::new();
    let mut t = Trame::new::<Holder>();
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm(TrackedProxy {
        t: Tracker::tagged(&counter, 2),
        label: "a".into(),
    }))
    .unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().at(1).stage()).unwrap();
    for tag in [4, 6] {
        t.apply(Op::set().append().stage_proxy()).unwrap();
        t.apply(Op::set().at(0).stage()).unwrap();
        t.apply(Op::set().at(0).imm(Tracker::tagged(&counter, tag)))
            .unwrap();
        t.apply(Op::set().at(1).imm(format!("l{tag}"))).unwrap();
        t.apply(Op::end()).unwrap();
        t.apply(Op::end()).unwrap();
    }
    t.apply(Op::end()).unwrap();
    // An option's payload, through the payload type's proxy.
    t.apply(Op::set().at(2).stage()).unwrap();
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm((1u64, 0u32))).unwrap();
    let h = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!(h.first.tag, 2);
    assert_eq!(
        h.rest
            .iter()
            .map(|l| (l.tag, l.label.as_str()))
            .collect::<Vec<_>>(),
        [(4, "l4"), (6, "l6")]
    );
    assert_eq!(h.maybe, Some(Duration::from_secs(1)));
    // Every proxy value was taken by its conversion, and dropped there.
    counter.assert_all_dropped(3);
}

// t[verify proxy.choice]
#[test]
fn a_format_proxy_wins_for_its_format() {
    let mut t = Trame::new::<Port>().with_format("json");
    assert_eq!(t.format(), Some("json"));
    t.apply(Op::set().at(0).imm(String::from("h"))).unwrap();
    t.apply(Op::set().at(1).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm(PortBytes([1, 2]))).unwrap();
    let port = t.build().unwrap().materialize::<Port>().unwrap();
    assert_eq!(port.port, 0x0102);
    // Another format falls back to the format-agnostic proxy.
    let mut t = Trame::new::<Port>().with_format("yaml");
    t.apply(Op::set().at(0).imm(String::from("h"))).unwrap();
    stage_port(&mut t, "80");
    assert_eq!(t.build().unwrap().materialize::<Port>().unwrap().port, 80);
    // The proxy value must be of the chosen proxy's type.
    let mut t = Trame::new::<Port>();
    t.apply(Op::set().at(1).stage_proxy()).unwrap();
    let err = t.apply(Op::set().at(0).imm(PortBytes([0, 1]))).unwrap_err();
    assert!(matches!(err, TrameError::ShapeMismatch { .. }), "{err:?}");
}

// t[verify proxy.missing]
#[test]
fn a_slot_without_a_proxy_is_an_error() {
    let mut t = Trame::new::<Port>();
    let err = t.apply(Op::set().at(0).stage_proxy()).unwrap_err();
    assert_eq!(
        err,
        TrameError::NoHook {
            path: "$.host".into(),
            shape: "String".into(),
            hook: "proxy",
        }
    );
    assert!(t.is_poisoned());
}

// t[verify proxy.convert]
#[test]
fn a_failing_conversion_is_an_error_and_the_proxy_is_dropped_once() {
    let mut t = Trame::new::<Port>();
    t.apply(Op::set().at(0).imm(String::from("db"))).unwrap();
    t.apply(Op::set().at(1).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm(PortText("http".into())))
        .unwrap();
    let err = t.apply(Op::end()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot convert PortText into u16: \"http\" is not a port, at $.port"
    );
    assert!(t.is_poisoned());

    let counter = Counter::new();
    let mut t = Trame::new::<Labelled>();
    t.apply(Op::set().stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm(TrackedProxy {
        t: Tracker::tagged(&counter, 1),
        label: "x".into(),
    }))
    .unwrap();
    let err = t.build().unwrap_err();
    assert!(
        matches!(&err, TrameError::ConversionFailed { message, path, .. } if message == "odd tag 1" && path == "$"),
        "{err:?}"
    );
    counter.assert_all_dropped(1);
}

// t[verify proxy.convert]
#[test]
fn a_proxy_never_converted_is_dropped_once() {
    let counter = Counter::new();
    // Abandoned with the proxy value partly staged.
    let mut t = Trame::new::<Holder>();
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage()).unwrap();
    t.apply(Op::set().at(0).imm(Tracker::tagged(&counter, 2)))
        .unwrap();
    drop(t);
    counter.assert_all_dropped(1);
    // Complete but not converted, then poisoned by another error.
    let mut t = Trame::new::<Holder>();
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm(TrackedProxy {
        t: Tracker::tagged(&counter, 2),
        label: "a".into(),
    }))
    .unwrap();
    assert!(t.apply(Op::set().at(9).imm(0u8)).is_err());
    counter.assert_all_dropped(2);
    // Overwritten whole, then staged through the proxy again.
    let mut t = Trame::new::<Labelled>();
    t.apply(Op::set().stage_proxy()).unwrap();
    t.apply(Op::set().at(0).imm(TrackedProxy {
        t: Tracker::tagged(&counter, 2),
        label: "a".into(),
    }))
    .unwrap();
    t.apply(Op::set().imm(Labelled {
        tag: 9,
        label: "whole".into(),
    }))
    .unwrap();
    counter.assert_all_dropped(3);
    let v = t.build().unwrap().materialize::<Labelled>().unwrap();
    assert_eq!(v.tag, 9);
}

// t[verify proxy.stage]
#[test]
fn deferred_proxy_nodes_are_converted_at_validation() {
    let counter = Counter::new();
    let mut t = Trame::new_deferred::<Holder>();
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage()).unwrap();
    t.apply(Op::set().at(0).imm(Tracker::tagged(&counter, 8)))
        .unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().at(1).default()).unwrap();
    t.apply(Op::set().at(2).default()).unwrap();
    // Re-entered through the proxy: the same proxy node resumes.
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage()).unwrap();
    t.apply(Op::set().at(1).imm(String::from("late"))).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    let h = t.build().unwrap().materialize::<Holder>().unwrap();
    assert_eq!((h.first.tag, h.first.label.as_str()), (8, "late"));
    counter.assert_all_dropped(1);
}

#[test]
fn proxy_nodes_render_and_name_paths_by_the_target() {
    let mut t = Trame::new::<Port>();
    t.apply(Op::set().at(1).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage()).unwrap();
    let shown = t.to_string();
    assert!(shown.contains("proxy"), "{shown}");
    // Missing parts of the proxy value are named under the target's path.
    let err = t.build().unwrap_err();
    assert_eq!(err.to_string(), "missing field 0 in PortText at $.port");
}
