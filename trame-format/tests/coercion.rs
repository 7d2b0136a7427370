//! Scalars read as facet-format's deserializer coerces them, in every
//! self-describing format: an integer into a `String` (its digits), a
//! numeric string into a number, an integer into a float, a number into a
//! `String` (as Rust writes it), a float with no fraction into an integer,
//! `()` from an empty sequence or map.

mod common;

use facet::Facet;

use common::{Format, Json, MsgPack, Toml, Yaml, same_facet_format};

#[derive(Facet, Debug, PartialEq)]
struct Labels {
    name: String,
    names: Vec<String>,
    maybe: Option<String>,
    count: u32,
    ratio: f64,
}

fn labels() -> Labels {
    Labels {
        name: "123".into(),
        names: vec!["-7".into(), "18446744073709551615".into(), "x".into()],
        maybe: Some("0".into()),
        count: 5,
        ratio: 2.0,
    }
}

fn check<F: Format>(ok: &[u8], float: &[u8]) {
    assert_eq!(same_facet_format::<F, Labels>(ok), labels(), "{}", F::NAME);
    let v = same_facet_format::<F, Labels>(float);
    assert_eq!(v.name, "1.5", "{}", F::NAME);
}

#[test]
fn json_coercions() {
    check::<Json>(
        br#"{"name": 123, "names": [-7, 18446744073709551615, "x"], "maybe": 0, "count": "5", "ratio": 2}"#,
        br#"{"name": 1.5, "names": [], "maybe": null, "count": 1, "ratio": 1}"#,
    );
    // trame-json follows serde_json: a number is not a string.
    assert!(
        trame_json::from_str::<Labels>(r#"{"name": 123, "names": [], "count": 1, "ratio": 1}"#)
            .is_err()
    );
}

#[test]
fn yaml_coercions() {
    check::<Yaml>(
        b"name: 123\nnames: [-7, 18446744073709551615, x]\nmaybe: 0\ncount: '5'\nratio: 2\n",
        b"name: 1.5\nnames: []\ncount: 1\nratio: 1\n",
    );
}

#[test]
fn toml_coercions() {
    check::<Toml>(
        b"name = 123\nnames = [-7, \"18446744073709551615\", \"x\"]\nmaybe = 0\ncount = \"5\"\nratio = 2\n",
        b"name = 1.5\nnames = []\ncount = 1\nratio = 1\n",
    );
}

#[test]
fn msgpack_coercions() {
    // {"name": 123, "names": [-7, u64::MAX, "x"], "maybe": 0, "count": "5",
    // "ratio": 2}, written by hand.
    let mut ok = vec![0x85];
    ok.extend_from_slice(&[0xa4, b'n', b'a', b'm', b'e', 0x7b]);
    ok.extend_from_slice(&[0xa5, b'n', b'a', b'm', b'e', b's', 0x93, 0xf9, 0xcf]);
    ok.extend_from_slice(&[0xff; 8]);
    ok.extend_from_slice(&[0xa1, b'x']);
    ok.extend_from_slice(&[0xa5, b'm', b'a', b'y', b'b', b'e', 0x00]);
    ok.extend_from_slice(&[0xa5, b'c', b'o', b'u', b'n', b't', 0xa1, b'5']);
    ok.extend_from_slice(&[0xa5, b'r', b'a', b't', b'i', b'o', 0x02]);
    // {"name": 1.5, "names": [], "count": 1, "ratio": 1}
    let mut float = vec![0x84];
    float.extend_from_slice(&[0xa4, b'n', b'a', b'm', b'e', 0xcb]);
    float.extend_from_slice(&1.5f64.to_be_bytes());
    float.extend_from_slice(&[0xa5, b'n', b'a', b'm', b'e', b's', 0x90]);
    float.extend_from_slice(&[0xa5, b'c', b'o', b'u', b'n', b't', 0x01]);
    float.extend_from_slice(&[0xa5, b'r', b'a', b't', b'i', b'o', 0x01]);
    check::<MsgPack>(&ok, &float);
}

#[derive(Facet, Debug, PartialEq)]
struct Whole {
    n: u8,
    big: i64,
    boxed: Box<str>,
    unit: (),
    units: Vec<()>,
}

/// A float with no fraction into an integer (`1e2` is 100; `1.5` and one
/// out of range are refused), a number into a `Box<str>` as its text, `()`
/// from an empty sequence or map: as FormatDeserializer reads them.
#[test]
fn floats_units_and_boxed_text() {
    let w: Whole = same_facet_format::<Json, _>(
        br#"{"n": 1e2, "big": -3.0e3, "boxed": 7, "unit": [], "units": [null, {}, []]}"#,
    );
    assert_eq!(
        w,
        Whole {
            n: 100,
            big: -3000,
            boxed: "7".into(),
            unit: (),
            units: vec![(), (), ()],
        }
    );
    let yaml: Whole =
        same_facet_format::<Yaml, _>(b"n: 2.0\nbig: 1e3\nboxed: 1.5\nunit: {}\nunits: []\n");
    assert_eq!((yaml.n, yaml.big, &*yaml.boxed), (2, 1000, "1.5"));
    for bad in [
        &br#"{"n": 1.5, "big": 1, "boxed": "", "unit": null, "units": []}"#[..],
        br#"{"n": 256.0, "big": 1, "boxed": "", "unit": null, "units": []}"#,
        br#"{"n": 1, "big": 1e300, "boxed": "", "unit": null, "units": []}"#,
        br#"{"n": 1, "big": 1, "boxed": "", "unit": [1], "units": []}"#,
    ] {
        common::both_reject::<Json, Whole>(bad);
    }
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum Mode {
    Off,
    Level(u8),
}

/// A unit variant's payload may be an empty map (`{"Off": {}}`), as
/// FormatDeserializer takes it; a map with keys is refused.
#[test]
fn unit_variant_from_an_empty_map() {
    assert_eq!(
        same_facet_format::<Json, Mode>(br#"{"Off": {}}"#),
        Mode::Off
    );
    assert_eq!(same_facet_format::<Yaml, Mode>(b"Off: {}\n"), Mode::Off);
    let msg = common::both_reject::<Json, Mode>(br#"{"Off": {"x": 1}}"#);
    assert!(msg.contains("$.Off"), "{msg}");
}

#[derive(Facet, Debug, PartialEq)]
#[facet(untagged)]
#[repr(u8)]
enum Loose {
    Text(String),
    Number(i64),
    Flag(bool),
}

/// An untagged enum takes the first variant the value fits as it is, and
/// only then one it fits coerced: `42` is `Number`, though `Text`, which
/// comes first, would take it as `"42"`; `"42"` is `Text`.
// t[verify json.bounds.untagged-once]
#[test]
fn untagged_variants_fit_before_they_coerce() {
    let input = br#"[42, "42", true, 1.5]"#;
    let expected = vec![
        Loose::Number(42),
        Loose::Text("42".into()),
        Loose::Flag(true),
        Loose::Text("1.5".into()),
    ];
    assert_eq!(same_facet_format::<Json, Vec<Loose>>(input), expected);
    assert_eq!(same_facet_format::<Yaml, Vec<Loose>>(input), expected);
}

#[derive(Facet, Debug, PartialEq)]
struct Single {
    x: f32,
}

/// A number beyond `f32`'s range is refused for an `f32` (as trame-json
/// refuses it), where FormatDeserializer rounds it to infinity (the README
/// says so); an `f64` beyond range is refused by both parsers.
#[test]
fn a_float_beyond_f32_is_refused() {
    fn check<F: Format>(input: &[u8]) {
        let msg = common::ours_reject::<F, Single>(input);
        assert!(
            msg.starts_with(
                "number 1000000000000000000000000000000000000000 out of range for f32 at $.x"
            ),
            "{}: {msg}",
            F::NAME
        );
        assert_eq!(
            F::theirs::<Single>(input).unwrap().x,
            f32::INFINITY,
            "{}",
            F::NAME
        );
    }
    check::<Json>(br#"{"x": 1e39}"#);
    check::<Yaml>(b"x: 1e39\n");
    check::<Toml>(b"x = 1e39\n");
    // Within range, both read it.
    assert_eq!(
        same_facet_format::<Json, Single>(br#"{"x": 3.4e38}"#).x,
        3.4e38
    );
}
