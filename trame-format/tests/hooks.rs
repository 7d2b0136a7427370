//! What facet builds through hooks, in every self-describing format:
//! parse hooks (`IpAddr`, `SocketAddr`, `PathBuf` from text), `try_from`
//! (`NonZero` from its integer), proxies (facet's own for `Duration`, a
//! field's, a type's, the parser's format first), invariants (checked when
//! a value completes) and dynamic values (`facet_value::Value`, as the root
//! and as a field). Each is compared with the expected value and, where
//! it builds it, with facet-format's `FormatDeserializer`.

mod common;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZero;
use std::path::PathBuf;
use std::time::Duration;

use facet::Facet;
use facet_value::Value;

use common::types::{Holder, Positive};
use common::{
    Format, Json, MsgPack, Postcard, Toml, Yaml, both, ours, ours_reject, roundtrip, same,
};

#[derive(Facet, Debug, PartialEq, Clone)]
struct Net {
    ip: IpAddr,
    sock: SocketAddr,
    count: NonZero<u32>,
    wait: Duration,
    ips: Vec<IpAddr>,
    maybe: Option<NonZero<u8>>,
}

fn net() -> Net {
    Net {
        ip: IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)),
        sock: "127.0.0.1:8080".parse().unwrap(),
        count: NonZero::new(7).unwrap(),
        wait: Duration::new(3, 500),
        ips: vec!["::1".parse().unwrap(), "192.168.0.1".parse().unwrap()],
        maybe: NonZero::new(9),
    }
}

const NET_JSON: &str = r#"{"ip": "10.1.2.3", "sock": "127.0.0.1:8080",
    "count": 7, "wait": [3, 500], "ips": ["::1", "192.168.0.1"], "maybe": 9}"#;
const NET_YAML: &str = "ip: 10.1.2.3\nsock: 127.0.0.1:8080\ncount: 7\n\
    wait: [3, 500]\nips: ['::1', 192.168.0.1]\nmaybe: 9\n";
const NET_TOML: &str = "ip = \"10.1.2.3\"\nsock = \"127.0.0.1:8080\"\n\
    count = 7\nwait = [3, 500]\nips = [\"::1\", \"192.168.0.1\"]\nmaybe = 9\n";

fn parse_and_try_from<F: Format>(input: &str, bad_ip: &str, zero: &str) {
    both::<F, _>(input.as_bytes(), net());
    let msg = ours_reject::<F, Net>(input.replace("10.1.2.3", "10.1.2").as_bytes());
    assert!(msg.contains("IpAddr") && msg.contains(bad_ip), "{msg}");
    let msg = ours_reject::<F, Net>(
        input
            .replace("count: 7", zero)
            .replace("count = 7", zero)
            .replace("\"count\": 7", zero)
            .as_bytes(),
    );
    assert!(
        msg.contains("NonZero value cannot be zero") && msg.contains("$.count"),
        "{msg}"
    );
}

#[test]
fn json_parse_hooks_and_try_from() {
    parse_and_try_from::<Json>(NET_JSON, "$.ip", "\"count\": 0");
}

#[test]
fn yaml_parse_hooks_and_try_from() {
    parse_and_try_from::<Yaml>(NET_YAML, "$.ip", "count: 0");
}

#[test]
fn toml_parse_hooks_and_try_from() {
    parse_and_try_from::<Toml>(NET_TOML, "$.ip", "count = 0");
}

#[derive(Facet, Debug, PartialEq)]
struct Counts {
    count: NonZero<u32>,
    wait: Duration,
    maybe: Option<NonZero<u8>>,
}

#[test]
fn msgpack_try_from_and_proxy() {
    // facet-msgpack's serializer writes an `IpAddr` as nil (neither reader
    // takes that back): try_from and Duration's proxy only.
    roundtrip::<MsgPack, _>(&Counts {
        count: NonZero::new(7).unwrap(),
        wait: Duration::new(3, 500),
        maybe: NonZero::new(9),
    });
}

/// Parse hooks from MessagePack strings, written by hand (facet-msgpack's
/// serializer has no form for them): an address, a socket address and a
/// path, in a map and as a root.
#[test]
fn msgpack_parse_hooks_from_strings() {
    fn str_(out: &mut Vec<u8>, s: &str) {
        out.push(0xa0 | s.len() as u8);
        out.extend_from_slice(s.as_bytes());
    }
    #[derive(Facet, Debug, PartialEq)]
    struct Net {
        ip: IpAddr,
        sock: std::net::SocketAddr,
        path: PathBuf,
    }
    let mut bytes = vec![0x83];
    for (k, v) in [
        ("ip", "10.0.0.1"),
        ("sock", "127.0.0.1:80"),
        ("path", "/etc"),
    ] {
        str_(&mut bytes, k);
        str_(&mut bytes, v);
    }
    let net: Net = same::<MsgPack, _>(&bytes);
    assert_eq!(
        net,
        Net {
            ip: "10.0.0.1".parse().unwrap(),
            sock: "127.0.0.1:80".parse().unwrap(),
            path: PathBuf::from("/etc"),
        }
    );
    let mut root = Vec::new();
    str_(&mut root, "::1");
    let ip: IpAddr = same::<MsgPack, _>(&root);
    assert_eq!(ip, "::1".parse::<IpAddr>().unwrap());
    let mut bad = Vec::new();
    str_(&mut bad, "not an address");
    let msg = ours_reject::<MsgPack, IpAddr>(&bad);
    assert!(msg.contains("at $"), "{msg}");
}

#[test]
fn hook_types_as_roots_and_map_values() {
    let p: PathBuf = same::<Json, _>(br#""/etc/hosts""#);
    assert_eq!(p, PathBuf::from("/etc/hosts"));
    let p: Vec<PathBuf> = same::<Yaml, _>(b"[/a, b/c]");
    assert_eq!(p, [PathBuf::from("/a"), PathBuf::from("b/c")]);
    let ip: IpAddr = same::<Json, _>(br#""::1""#);
    assert_eq!(ip, "::1".parse::<IpAddr>().unwrap());
    let n: NonZero<u64> = same::<Yaml, _>(b"42");
    assert_eq!(n.get(), 42);
    let d: Duration = same::<Yaml, _>(b"[1, 2]");
    assert_eq!(d, Duration::new(1, 2));
    let m: std::collections::BTreeMap<String, IpAddr> = same::<Toml, _>(b"a = \"1.1.1.1\"\n");
    assert_eq!(m["a"], IpAddr::V4(Ipv4Addr::new(1, 1, 1, 1)));
}

/// A port written as text in JSON (the JSON proxy), as `[hi, lo]`
/// elsewhere.
#[derive(Facet, Debug, PartialEq)]
#[facet(transparent)]
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

/// A port as `[hi, lo]` (the format-agnostic proxy).
#[derive(Facet, Debug, PartialEq)]
#[facet(transparent)]
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

/// Field proxies, one for JSON only.
#[derive(Facet, Debug, PartialEq)]
struct Server {
    #[facet(json::proxy = PortText)]
    #[facet(proxy = PortBytes)]
    port: u16,
    #[facet(proxy = PortBytes)]
    admin: u16,
    names: Vec<Upper>,
}

/// A type built through its proxy (a container proxy).
#[derive(Facet, Debug, PartialEq)]
#[facet(proxy = String)]
struct Upper(String);

impl TryFrom<String> for Upper {
    type Error = String;
    fn try_from(s: String) -> Result<Upper, String> {
        if s.is_empty() {
            return Err("empty".into());
        }
        Ok(Upper(s.to_uppercase()))
    }
}

impl TryFrom<&Upper> for String {
    type Error = String;
    fn try_from(u: &Upper) -> Result<String, String> {
        Ok(u.0.clone())
    }
}

fn server(port: u16) -> Server {
    Server {
        port,
        admin: 256,
        names: vec![Upper("A".into()), Upper("BC".into())],
    }
}

#[test]
fn json_field_and_container_proxies_the_json_one_first() {
    both::<Json, _>(
        br#"{"port": "8080", "admin": [1, 0], "names": ["a", "bc"]}"#,
        server(8080),
    );
    let msg = ours_reject::<Json, Server>(br#"{"port": "http", "admin": [1, 0], "names": []}"#);
    assert!(
        msg.contains("\"http\" is not a port") && msg.contains("$.port"),
        "{msg}"
    );
    let msg = ours_reject::<Json, Server>(br#"{"port": "1", "admin": [1, 0], "names": ["a", ""]}"#);
    assert!(msg.contains("empty") && msg.contains("$.names[1]"), "{msg}");
}

#[test]
fn yaml_field_and_container_proxies() {
    // facet-yaml's parser names no format: the format-agnostic proxies.
    both::<Yaml, _>(
        b"port: [31, 144]\nadmin: [1, 0]\nnames: [a, bc]\n",
        server(8080),
    );
    let msg = ours_reject::<Yaml, Server>(b"port: [0, 1]\nadmin: [1, 0]\nnames: ['']\n");
    assert!(msg.contains("empty") && msg.contains("$.names[0]"), "{msg}");
}

#[test]
fn toml_field_and_container_proxies() {
    both::<Toml, _>(
        b"port = [31, 144]\nadmin = [1, 0]\nnames = [\"a\", \"bc\"]\n",
        server(8080),
    );
}

#[test]
fn msgpack_field_and_container_proxies() {
    roundtrip::<MsgPack, _>(&server(8080));
}

fn invariants<F: Format>(good: &str, bad_field: &str, bad_elem: &str) {
    ours::<F, _>(
        good.as_bytes(),
        Holder {
            name: "x".into(),
            p: Positive { n: 1 },
            list: vec![Positive { n: 2 }],
        },
    );
    let msg = ours_reject::<F, Holder>(bad_field.as_bytes());
    assert!(
        msg.contains("invariant") && msg.contains("$.p"),
        "{}: {msg}",
        F::NAME
    );
    let msg = ours_reject::<F, Holder>(bad_elem.as_bytes());
    assert!(
        msg.contains("invariant") && msg.contains("$.list[0]"),
        "{}: {msg}",
        F::NAME
    );
}

#[test]
fn invariants_checked_when_a_value_completes() {
    invariants::<Json>(
        r#"{"name": "x", "p": {"n": 1}, "list": [{"n": 2}]}"#,
        r#"{"name": "x", "p": {"n": -1}, "list": []}"#,
        r#"{"name": "x", "p": {"n": 1}, "list": [{"n": 0}]}"#,
    );
    invariants::<Yaml>(
        "name: x\np: {n: 1}\nlist: [{n: 2}]\n",
        "name: x\np: {n: -1}\nlist: []\n",
        "name: x\np: {n: 1}\nlist: [{n: 0}]\n",
    );
    invariants::<Toml>(
        "name = \"x\"\np = {n = 1}\nlist = [{n = 2}]\n",
        "name = \"x\"\np = {n = -1}\nlist = []\n",
        "name = \"x\"\np = {n = 1}\n[[list]]\nn = 0\n",
    );
    // The root's invariants too.
    ours_reject::<Json, Positive>(br#"{"n": -1}"#);
    ours::<Yaml, _>(b"n: 3\n", Positive { n: 3 });
}

#[derive(Facet, Debug, PartialEq)]
struct WithValue {
    name: String,
    v: Value,
}

fn dynamic<F: Format>(root: &str, field: &str) {
    let expected = jv(r#"{"a": 1, "b": [true, null, "x", 2.5], "c": {"d": {"e": []}}}"#);
    let v: Value = same::<F, Value>(root.as_bytes());
    assert_eq!(v, expected, "{}", F::NAME);
    let w: WithValue = same::<F, WithValue>(field.as_bytes());
    assert_eq!(w.v, jv(r#"[1, {"k": "v"}, -3]"#), "{}", F::NAME);
}

#[test]
fn json_dynamic_values() {
    dynamic::<Json>(
        r#"{"a": 1, "b": [true, null, "x", 2.5], "c": {"d": {"e": []}}}"#,
        r#"{"name": "nm", "v": [1, {"k": "v"}, -3]}"#,
    );
    let v: Vec<Value> = same::<Json, _>(br#"[1, "two", [3]]"#);
    assert_eq!(v, [jv(r#"1"#), jv(r#""two""#), jv(r#"[3]"#)]);
    let msg = ours_reject::<Json, Value>(br#"{"a": [1, }"#);
    assert!(msg.contains("invalid input"), "{msg}");
}

#[test]
fn yaml_dynamic_values() {
    dynamic::<Yaml>(
        "a: 1\nb: [true, null, x, 2.5]\nc:\n  d:\n    e: []\n",
        "name: nm\nv:\n  - 1\n  - k: v\n  - -3\n",
    );
}

#[test]
fn toml_dynamic_values() {
    // TOML has no null: the root compares without one.
    let v: Value = same::<Toml, Value>(b"a = 1\nb = [true, \"x\", 2.5]\n[c.d]\ne = []\n");
    assert_eq!(
        v,
        jv(r#"{"a": 1, "b": [true, "x", 2.5], "c": {"d": {"e": []}}}"#)
    );
    let w: WithValue = same::<Toml, WithValue>(b"name = \"nm\"\nv = [1, {k = \"v\"}, -3]\n");
    assert_eq!(w.v, jv(r#"[1, {"k": "v"}, -3]"#));
    // A table of dynamic values reopened after another.
    let v: Value = ours_value::<Toml>("[a]\nx = 1\n[b]\ny = 2\n[a.c]\nz = 3\n");
    assert_eq!(v, jv(r#"{"a": {"x": 1, "c": {"z": 3}}, "b": {"y": 2}}"#));
}

/// A dynamic value from its JSON text (the expected values).
fn jv(json: &str) -> Value {
    facet_json::from_str(json).expect("valid JSON")
}

fn ours_value<F: Format>(input: &str) -> Value {
    F::ours::<Value>(input.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", F::NAME))
}

#[test]
fn msgpack_dynamic_values() {
    let mut v = jv(r#"{"a": 1, "b": [true, null, "x", 2.5], "c": {"d": {"e": []}}}"#);
    // MessagePack also has byte strings.
    v.as_object_mut()
        .expect("an object")
        .insert("raw", Value::from(facet_value::VBytes::new(&[0, 1, 255])));
    roundtrip::<MsgPack, _>(&v);
    // As a field, after another.
    let w = WithValue {
        name: "nm".into(),
        v,
    };
    roundtrip::<MsgPack, _>(&w);
}

/// postcard: field and container proxies are read as their proxies (the
/// format-agnostic ones: postcard is not JSON), by position.
#[test]
fn postcard_field_and_container_proxies() {
    roundtrip::<Postcard, _>(&server(8080));
    let bytes = Postcard::write(&server(1));
    // Break the second name (its length prefix 2, then "BC") into "".
    let cut = bytes.len() - 3;
    let mut broken = bytes[..cut].to_vec();
    broken.push(0);
    let msg = ours_reject::<Postcard, Server>(&broken);
    assert!(msg.contains("empty") && msg.contains("$.names[1]"), "{msg}");
}

#[derive(Facet, Debug, PartialEq)]
struct Ids {
    id: uuid::Uuid,
    others: Vec<uuid::Uuid>,
    maybe: Option<uuid::Uuid>,
}

fn ids() -> Ids {
    Ids {
        id: uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
        others: vec![uuid::Uuid::nil(), uuid::Uuid::max()],
        maybe: Some(uuid::Uuid::from_u128(7)),
    }
}

/// A UUID in its text form in the text formats, and in postcard in the
/// parser's own form, 16 bytes (`hint_opaque_scalar`, then the type's
/// `parse_bytes` hook); both readers agree.
// t[verify json.hooks.scalar]
#[test]
fn uuids_in_every_format() {
    roundtrip::<Json, _>(&ids());
    roundtrip::<Yaml, _>(&ids());
    roundtrip::<Toml, _>(&ids());
    roundtrip::<MsgPack, _>(&ids());
    let bytes = Postcard::write(&ids());
    // 16 bytes, no length: the first UUID follows nothing.
    assert_eq!(&bytes[..16], ids().id.as_bytes());
    roundtrip::<Postcard, _>(&ids());
    // Cut short inside a UUID: an error where it is.
    let msg = ours_reject::<Postcard, Ids>(&bytes[..10]);
    assert!(msg.contains("$.id"), "{msg}");
}

/// A UUID from a MessagePack byte string (bin 8, 16 bytes), by its
/// `parse_bytes` hook; a byte string of another length is refused.
#[test]
fn msgpack_uuid_from_bytes() {
    let u = uuid::Uuid::from_u128(42);
    let mut bytes = vec![0xc4, 16];
    bytes.extend_from_slice(u.as_bytes());
    let back: uuid::Uuid = same::<MsgPack, _>(&bytes);
    assert_eq!(back, u);
    ours_reject::<MsgPack, uuid::Uuid>(&[0xc4, 3, 1, 2, 3]);
}

/// A type written and read through an opaque adapter
/// (`#[facet(opaque = A)]`): its bytes, as the adapter makes them.
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(opaque = BlobAdapter)]
enum Blob {
    Bytes(Vec<u8>),
}

struct BlobAdapter;

impl facet::FacetOpaqueAdapter for BlobAdapter {
    type Error = String;
    type SendValue<'a> = Blob;
    type RecvValue<'de> = Blob;

    fn serialize_map(value: &Blob) -> facet::OpaqueSerialize {
        let Blob::Bytes(bytes) = value;
        facet::OpaqueSerialize::mapped(
            facet::PtrConst::new(core::ptr::from_ref(bytes)),
            <Vec<u8>>::SHAPE,
        )
    }

    fn deserialize_build<'de>(input: facet::OpaqueDeserialize<'de>) -> Result<Blob, String> {
        Ok(Blob::Bytes(match input {
            facet::OpaqueDeserialize::Borrowed(b) => b.to_vec(),
            facet::OpaqueDeserialize::Owned(v) => v,
        }))
    }
}

#[derive(Facet, Debug, PartialEq)]
struct Envelope {
    id: u8,
    payload: Blob,
}

/// Opaque adapters are refused, in every format, with an error that names
/// the adapter and where the value is: facet does not document what an
/// adapter's deserialize function writes, or leaves, at its target, which
/// calling it soundly would rest on. FormatDeserializer calls it (it reads
/// the bytes postcard frames the payload in).
#[test]
fn opaque_adapters_are_refused_where_they_are() {
    let value = Envelope {
        id: 7,
        payload: Blob::Bytes(vec![0x10, 0x20]),
    };
    let bytes = Postcard::write(&value);
    let theirs: Envelope = Postcard::theirs(&bytes).expect("FormatDeserializer reads it");
    assert_eq!(theirs.id, 7);
    let msg = ours_reject::<Postcard, Envelope>(&bytes);
    assert!(
        msg.contains("opaque adapter") && msg.contains("$.payload"),
        "{msg}"
    );
    // MessagePack: a `bin` of the payload's bytes.
    let msgpack = [
        0x82, 0xa2, b'i', b'd', 7, 0xa7, b'p', b'a', b'y', b'l', b'o', b'a', b'd', 0xc4, 1, 9,
    ];
    let theirs: Envelope = MsgPack::theirs(&msgpack).expect("FormatDeserializer reads it");
    assert_eq!(theirs.payload, Blob::Bytes(vec![9]));
    let msg = ours_reject::<MsgPack, Envelope>(&msgpack);
    assert!(
        msg.contains("opaque adapter") && msg.contains("$.payload"),
        "{msg}"
    );
    // trame-json likewise.
    let e = trame_json::from_str::<Envelope>(r#"{"id":7,"payload":"AA=="}"#).unwrap_err();
    assert!(e.to_string().contains("opaque adapter"), "{e}");
}
