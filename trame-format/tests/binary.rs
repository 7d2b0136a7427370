//! What the per-format files leave to the binary formats (MessagePack and
//! postcard) and TOML: hooks, proxies and invariants in postcard,
//! invariants in MessagePack, skipped fields in postcard, borrowed strings
//! in MessagePack, and the depth limit in TOML, MessagePack and postcard.
//! Documents are written by each format's own serializer (or by hand where
//! a serializer cannot write them).

mod common;

use std::net::IpAddr;
use std::num::NonZero;
use std::time::Duration;

use common::types::{Borrowed, Deep, Holder, Positive, Skipped};
use common::{Format, MsgPack, Postcard, Toml, ours, ours_reject};
use facet::Facet;

/// `Holder`'s layout without the invariants, to write broken documents.
#[derive(Facet)]
struct Wire {
    name: String,
    p: WireN,
    list: Vec<WireN>,
}

#[derive(Facet)]
struct WireN {
    n: i32,
}

fn wire(p: i32, list: &[i32]) -> Wire {
    Wire {
        name: "x".into(),
        p: WireN { n: p },
        list: list.iter().map(|&n| WireN { n }).collect(),
    }
}

fn invariants<F: Format>() {
    ours::<F, _>(
        &F::write(&wire(1, &[2])),
        Holder {
            name: "x".into(),
            p: Positive { n: 1 },
            list: vec![Positive { n: 2 }],
        },
    );
    let msg = ours_reject::<F, Holder>(&F::write(&wire(-1, &[])));
    assert!(msg.contains("invariant") && msg.contains("$.p"), "{msg}");
    let msg = ours_reject::<F, Holder>(&F::write(&wire(1, &[0])));
    assert!(
        msg.contains("invariant") && msg.contains("$.list[0]"),
        "{msg}"
    );
}

#[test]
fn invariants_in_msgpack_and_postcard() {
    invariants::<MsgPack>();
    invariants::<Postcard>();
}

#[derive(Facet, Debug, PartialEq)]
struct Hooked {
    addr: IpAddr,
    count: NonZero<u32>,
    wait: Duration,
}

/// `Hooked` as postcard writes its parts: the address as text (facet's
/// postcard serializer has no form for an `IpAddr`), the count as a `u32`,
/// the duration as facet's proxy for it, `(u64, u32)`.
#[derive(Facet)]
struct HookedWire {
    addr: String,
    count: u32,
    wait: (u64, u32),
}

#[test]
fn parse_try_from_and_proxies_in_postcard() {
    let wire = |count| HookedWire {
        addr: "192.168.0.1".into(),
        count,
        wait: (5, 7),
    };
    ours::<Postcard, _>(
        &Postcard::write(&wire(3)),
        Hooked {
            addr: "192.168.0.1".parse().unwrap(),
            count: NonZero::new(3).unwrap(),
            wait: Duration::new(5, 7),
        },
    );
    let msg = ours_reject::<Postcard, Hooked>(&Postcard::write(&wire(0)));
    assert!(msg.contains("$.count"), "{msg}");
    let mut bad = HookedWire {
        addr: "not an address".into(),
        ..wire(1)
    };
    let msg = ours_reject::<Postcard, Hooked>(&Postcard::write(&bad));
    assert!(msg.contains("$.addr"), "{msg}");
    bad.addr = "::1".into();
    assert!(Postcard::ours::<Hooked>(&Postcard::write(&bad)).is_ok());
}

// t[verify walk.positional]
#[test]
fn skipped_fields_in_postcard() {
    // facet's postcard serializer leaves out `skip` fields but writes
    // `skip_deserializing` ones: trame-format reads what is written, in
    // order, and gives both their default. FormatDeserializer reads every
    // field the type declares and runs out of input.
    let bytes = Postcard::write(&Skipped {
        a: 1,
        b: 7,
        c: "written".into(),
    });
    assert!(Postcard::theirs::<Skipped>(&bytes).is_err());
    ours::<Postcard, _>(
        &bytes,
        Skipped {
            a: 1,
            b: 0,
            c: String::new(),
        },
    );
}

#[test]
fn borrowed_strings_in_msgpack() {
    let bytes = MsgPack::write(&Borrowed {
        s: "plain",
        c: "also".into(),
    });
    let b = MsgPack::ours::<Borrowed<'_>>(&bytes).unwrap();
    assert_eq!(b.s, "plain");
    assert_eq!(b.c, "also");
}

/// `Deep` nested `levels` deep, in MessagePack (written by hand: a map of
/// one key `next`, `levels` times, then nil).
fn deep_msgpack(levels: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..levels {
        out.push(0x81);
        out.push(0xa4);
        out.extend_from_slice(b"next");
    }
    out.push(0xc0);
    out
}

#[test]
fn depth_is_limited_in_toml_msgpack_and_postcard() {
    let recursion = |msg: &str| assert!(msg.starts_with("recursion limit exceeded"), "{msg}");
    recursion(&ours_reject::<MsgPack, Deep>(&deep_msgpack(200)));
    assert!(MsgPack::ours::<Deep>(&deep_msgpack(20)).is_ok());
    // postcard: `Some` 200 times, then `None`.
    let mut pc = vec![1u8; 200];
    pc.push(0);
    recursion(&ours_reject::<Postcard, Deep>(&pc));
    assert!(Postcard::ours::<Deep>(&[1, 1, 0]).is_ok());
    // TOML: a dotted key 200 deep (inline tables that deep are refused by
    // the parser itself, before any value is built).
    let toml = format!("{}next = {{}}\n", "next.".repeat(199));
    recursion(&ours_reject::<Toml, Deep>(toml.as_bytes()));
    let toml = format!("{}next = {{}}\n", "next.".repeat(9));
    assert!(Toml::ours::<Deep>(toml.as_bytes()).is_ok());
}

/// What the text formats' tests read, written by facet-msgpack's
/// serializer from plain types of the same keys (trame-format only:
/// FormatDeserializer looks ahead with the parser's own save/restore,
/// which facet-msgpack does not implement).
mod msgpack_shapes {
    use super::*;
    use common::types::{Body, Event, Listing, Message, Op, Paging, ShapeEvent};

    #[derive(Facet)]
    struct ListingWire {
        page: u32,
        id: u32,
    }

    #[derive(Facet)]
    struct IdWire {
        id: u32,
    }

    #[test]
    fn flattened_option() {
        let some = MsgPack::write(&ListingWire { page: 2, id: 1 });
        let paging = Some(Paging {
            page: 2,
            per_page: 20,
        });
        ours::<MsgPack, _>(&some, Listing { id: 1, paging });
        let none = MsgPack::write(&IdWire { id: 1 });
        ours::<MsgPack, _>(
            &none,
            Listing {
                id: 1,
                paging: None,
            },
        );
    }

    #[derive(Facet)]
    #[allow(non_snake_case)]
    struct MessageWire {
        Code: u32,
        id: u32,
    }

    #[test]
    fn flattened_enum() {
        let bytes = MsgPack::write(&MessageWire { Code: 3, id: 7 });
        let expected = Message {
            id: 7,
            body: Body::Code(3),
        };
        ours::<MsgPack, _>(&bytes, expected);
    }

    #[derive(Facet)]
    struct EventWire {
        r: u32,
        shape: String,
        kind: String,
    }

    #[test]
    fn nested_internal_tags() {
        let bytes = MsgPack::write(&EventWire {
            r: 2,
            shape: "Circle".into(),
            kind: "Shape".into(),
        });
        ours::<MsgPack, _>(&bytes, Event::Shape(ShapeEvent::Circle { r: 2 }));
    }

    #[derive(Facet, Debug, PartialEq)]
    struct Step {
        op: Op,
    }

    #[derive(Facet)]
    struct StepWire {
        op: String,
    }

    #[test]
    fn other_variant() {
        let bytes = MsgPack::write(&StepWire { op: "Jump".into() });
        ours::<MsgPack, _>(
            &bytes,
            Step {
                op: Op::Unknown("Jump".into()),
            },
        );
        let bytes = MsgPack::write(&StepWire { op: "Stop".into() });
        ours::<MsgPack, _>(&bytes, Step { op: Op::Stop });
        // TOML too.
        ours::<Toml, _>(
            b"op = \"Jump\"\n",
            Step {
                op: Op::Unknown("Jump".into()),
            },
        );
    }
}
