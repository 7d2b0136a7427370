//! Types facet builds through hooks, from their usual JSON form: parse
//! hooks (addresses, ids, dates, decimals, paths, small strings), `try_from`
//! (`NonZero`), proxies (`Duration`, and fields and types that declare
//! one, the JSON one first). Each is compared with what facet-json builds
//! from the same input.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZero;
use std::time::Duration;

use facet::Facet;

#[path = "common/facet_json.rs"]
mod facet_json_compare;
use facet_json_compare::both;

#[derive(Facet, Debug, PartialEq)]
struct Everything {
    ip: IpAddr,
    sock: SocketAddr,
    id: uuid::Uuid,
    chrono: chrono::DateTime<chrono::Utc>,
    jiff: jiff::Timestamp,
    time: time::OffsetDateTime,
    decimal: rust_decimal::Decimal,
    path: camino::Utf8PathBuf,
    smol: smol_str::SmolStr,
    compact: compact_str::CompactString,
    count: NonZero<u32>,
    wait: Duration,
}

const EVERYTHING: &str = r#"{
    "ip": "10.1.2.3",
    "sock": "127.0.0.1:8080",
    "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
    "chrono": "2024-05-06T07:08:09Z",
    "jiff": "2024-05-06T07:08:09Z",
    "time": "2024-05-06T07:08:09Z",
    "decimal": "12.50",
    "path": "/etc/hosts",
    "smol": "small",
    "compact": "compact",
    "count": 7,
    "wait": [3, 500]
}"#;

// t[verify json.hooks.scalar]
// t[verify json.hooks.proxy]
#[test]
fn every_hook_built_type_from_its_usual_json_form() {
    let v: Everything = both(EVERYTHING);
    assert_eq!(v.ip, IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)));
    assert_eq!(v.sock.port(), 8080);
    assert_eq!(v.id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(v.chrono.to_rfc3339(), "2024-05-06T07:08:09+00:00");
    assert_eq!(v.jiff.as_second(), v.chrono.timestamp());
    assert_eq!(v.time.unix_timestamp(), v.chrono.timestamp());
    assert_eq!(v.decimal.to_string(), "12.50");
    assert_eq!(v.path.as_str(), "/etc/hosts");
    assert_eq!((v.smol.as_str(), v.compact.as_str()), ("small", "compact"));
    assert_eq!(v.count.get(), 7);
    assert_eq!(v.wait, Duration::new(3, 500));
}

#[test]
fn hook_built_types_in_containers_and_options() {
    let v: Vec<IpAddr> = both(r#"["::1", "192.168.0.1"]"#);
    assert_eq!(v.len(), 2);
    let v: Option<uuid::Uuid> = both(r#""67e55044-10b1-426f-9247-bb680e5fe0c8""#);
    assert!(v.is_some());
    let v: Vec<NonZero<u8>> = both("[1, 2, 255]");
    assert_eq!(v[2].get(), 255);
    let v: Vec<Duration> = both("[[1, 0], [0, 5]]");
    assert_eq!(v, [Duration::from_secs(1), Duration::from_nanos(5)]);
    let v: std::collections::BTreeMap<String, IpAddr> = both(r#"{"a": "1.1.1.1"}"#);
    assert_eq!(v["a"], IpAddr::V4(Ipv4Addr::new(1, 1, 1, 1)));
}

#[test]
fn a_number_builds_a_decimal_through_its_text() {
    let d: rust_decimal::Decimal = trame_json::from_str("12.5").unwrap();
    assert_eq!(d.to_string(), "12.5");
}

/// The refusal cases use types facet can drop: facet-core 0.50.0-rc.7
/// gives `Utf8PathBuf`, `SmolStr`, `CompactString` (and a few more) no drop
/// function, so a value of theirs that trame must drop after an error is
/// leaked (see the README).
#[derive(Facet, Debug, PartialEq)]
struct Droppable {
    ip: IpAddr,
    id: uuid::Uuid,
    name: String,
    count: NonZero<u32>,
}

// t[verify json.hooks.scalar]
#[test]
fn refusals_name_the_type_the_path_and_the_reason() {
    let ok = r#"{"ip": "10.1.2.3", "id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "name": "n", "count": 7}"#;
    let v: Droppable = both(ok);
    assert_eq!(v.count.get(), 7);
    let err = trame_json::from_str::<Droppable>(&ok.replace("10.1.2.3", "10.1.2"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("IpAddr") && err.contains("$.ip"), "{err}");
    let err = trame_json::from_str::<Droppable>(&ok.replace("\"count\": 7", "\"count\": 0"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("NonZero value cannot be zero") && err.contains("$.count"),
        "{err}"
    );
    let err = trame_json::from_str::<Vec<uuid::Uuid>>(r#"["x"]"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Uuid") && err.contains("$[0]"), "{err}");
}

/// A port written as text in JSON (the JSON proxy), as a number elsewhere.
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

#[derive(Facet, Debug, PartialEq)]
struct Server {
    #[facet(json::proxy = PortText)]
    #[facet(proxy = PortBytes)]
    port: u16,
    #[facet(proxy = PortBytes)]
    admin: u16,
}

/// A type whose values are written as their string form.
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

// t[verify json.hooks.proxy]
#[test]
fn field_and_type_proxies_the_json_one_first() {
    let s: Server = both(r#"{"port": "8080", "admin": [1, 0]}"#);
    assert_eq!((s.port, s.admin), (8080, 256));
    let v: Vec<Upper> = both(r#"["a", "bc"]"#);
    assert_eq!(v, [Upper("A".into()), Upper("BC".into())]);
    let err = trame_json::from_str::<Server>(r#"{"port": "http", "admin": [0, 1]}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"http\" is not a port") && err.contains("$.port"),
        "{err}"
    );
    let err = trame_json::from_str::<Vec<Upper>>(r#"["a", ""]"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty") && err.contains("$[1]"), "{err}");
}
