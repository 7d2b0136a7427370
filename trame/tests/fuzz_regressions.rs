//! Inputs found by the `ops` fuzz target (`fuzz/`), replayed as plain op
//! sequences so that they run in `cargo test` and under Miri. The raw
//! inputs are kept in `fuzz/regressions/` and replayed through the fuzz
//! decoder by `trame-fuzz-ops/tests/corpus.rs`.

use trame::{Facet, Op, Trame, TrameError, View};

/// `fuzz/regressions/result-payload-cursor`. Selecting a `Result`'s variant
/// and staging its payload puts the cursor on a whole value of the `Ok`
/// shape, not on a payload view of the enum as for enums with an integer
/// representation. The fuzz harness's cursor prediction had assumed the
/// latter (the harness was wrong, not trame). Then `Root` after the first
/// segment is refused and poisons the Trame.
#[test]
fn result_payload_cursor_then_root_not_first() {
    let mut t = Trame::new::<Result<u32, String>>();
    t.apply(Op::set().at(0).at(0).stage()).unwrap();
    assert_eq!(t.depth(), 2);
    assert_eq!(t.cursor_shape(), Some(u32::SHAPE));
    assert_eq!(t.cursor_view(), Some(View::Value));
    let err = t
        .apply(Op::set().at(2).at(0).root().stage_with_capacity(18))
        .unwrap_err();
    assert!(
        matches!(err, TrameError::RootNotFirst { position: 2 }),
        "{err:?}"
    );
    assert!(t.is_poisoned());
    assert!(matches!(t.apply(Op::end()), Err(TrameError::Poisoned)));
}

/// `fuzz/regressions/string-convert-into-string`. A `String` converted into
/// the `String` field of a tuple went through facet's `String` `try_from`,
/// which clones its source and reports it consumed, so the source's buffer
/// leaked (LeakSanitizer; Miri's leak check here). A value of the
/// destination's own shape is now moved in (`hook.convert.identity`). The
/// rest of the input poisons the Trame, which then drops the moved string
/// once.
#[test]
fn string_converted_into_a_string_field_is_moved() {
    let mut t = Trame::new::<(u32, String)>();
    t.apply(Op::set().at(1).convert(String::from("29")))
        .unwrap();
    let err = t
        .apply(Op::set().at(0).at(1).stage_deferred_with_capacity(172))
        .unwrap_err();
    assert!(t.is_poisoned(), "{err:?}");
    drop(t);
    // The same conversion, built: the value is the one moved in.
    let mut t = Trame::new::<(u32, String)>();
    t.apply(Op::set().at(0).imm(7u32)).unwrap();
    t.apply(Op::set().at(1).convert(String::from("29")))
        .unwrap();
    let v = t.build().unwrap().materialize::<(u32, String)>().unwrap();
    assert_eq!(v, (7, "29".to_owned()));
}

/// The field-level proxy of [`Badge::port`]: a port as text.
#[derive(Facet, Debug)]
struct PortText {
    text: String,
}

impl TryFrom<PortText> for u16 {
    type Error = &'static str;
    fn try_from(p: PortText) -> Result<u16, &'static str> {
        p.text.parse().map_err(|_| "not a port")
    }
}

impl TryFrom<&u16> for PortText {
    type Error = &'static str;
    fn try_from(v: &u16) -> Result<PortText, &'static str> {
        Ok(PortText {
            text: v.to_string(),
        })
    }
}

#[derive(Facet, Debug)]
struct Badge {
    #[facet(proxy = PortText)]
    port: u16,
    n: u32,
}

/// `fuzz/regressions/proxy-reentry-cursor`. In deferred mode, a slot
/// staged through its proxy and left is re-entered by a plain path: the
/// proxy node resumes, so `Field(0)` below it is the proxy value, not a
/// field of the target. The fuzz harness's cursor prediction had assumed a
/// plain slot again (the harness was wrong, not trame).
#[test]
fn a_proxy_node_left_in_deferred_mode_resumes_on_reentry() {
    let mut t = Trame::new_deferred::<Badge>();
    t.apply(Op::set().at(0).stage_proxy()).unwrap();
    t.apply(Op::set().at(0).stage_deferred()).unwrap();
    t.apply(Op::set().imm(PortText { text: "80".into() }))
        .unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    assert_eq!(t.depth(), 0);
    t.apply(Op::set().at(0).at(0).stage_deferred_with_capacity(0))
        .unwrap();
    assert_eq!(t.depth(), 2);
    assert_eq!(t.cursor_shape(), Some(PortText::SHAPE));
    t.apply(Op::set().at(0).imm(String::from("8080"))).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::end()).unwrap();
    t.apply(Op::set().at(1).imm(7u32)).unwrap();
    let b = t.build().unwrap().materialize::<Badge>().unwrap();
    assert_eq!((b.port, b.n), (8080, 7));
}
