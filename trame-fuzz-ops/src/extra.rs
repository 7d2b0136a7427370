//! The fuzz types built through a proxy, holding a `Uuid`, or holding
//! dynamic values (`facet_value::Value`), with their value makers.
//!
//! - [`Ticket`] is built through a container-level proxy, [`TicketProxy`]
//!   (a counted [`Tracked`] and a label); the conversion fails when the
//!   label is not a number, and drops the proxy (so its `Tracked`) either
//!   way.
//! - [`Badge`] holds a `u16` built through a field-level proxy,
//!   [`PortText`] (a `String`, refused when it is not a port), a
//!   [`Ticket`] and a list of them.
//! - [`Tagged`] holds a `Uuid`; [`Doc`] a `Value` between counted values.

use facet::Facet;
use facet_value::{VArray, VBytes, VObject, Value};
use uuid::Uuid;

use crate::types::{Make, Tracked};

/// The proxy of [`Ticket`]: a counted payload and a label.
#[derive(Facet, Debug)]
pub struct TicketProxy {
    /// Moved into the ticket.
    pub t: Tracked,
    /// The ticket's number, as text.
    pub label: String,
}

/// Built whole, field by field, or through [`TicketProxy`].
#[derive(Facet, Debug, PartialEq)]
#[facet(proxy = TicketProxy)]
pub struct Ticket {
    /// The label's number.
    pub id: u32,
    /// The proxy's payload.
    pub t: Tracked,
}

/// `Ticket::try_from(p)`'s error for a label that is not a number.
pub const BAD_LABEL: &str = "label is not a number";

impl TryFrom<TicketProxy> for Ticket {
    type Error = &'static str;
    fn try_from(p: TicketProxy) -> Result<Ticket, &'static str> {
        match p.label.parse() {
            Ok(id) => Ok(Ticket { id, t: p.t }),
            Err(_) => Err(BAD_LABEL),
        }
    }
}

impl TryFrom<&Ticket> for TicketProxy {
    type Error = &'static str;
    fn try_from(t: &Ticket) -> Result<TicketProxy, &'static str> {
        Ok(TicketProxy {
            t: Tracked::new(t.t.value()),
            label: t.id.to_string(),
        })
    }
}

/// The field-level proxy of [`Badge::port`]: a port as text.
#[derive(Facet, Debug)]
pub struct PortText {
    /// Decimal, at most `u16::MAX`.
    pub text: String,
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

/// A field proxy, a type proxy, and a list of proxied values.
#[derive(Facet, Debug)]
pub struct Badge {
    /// Built from [`PortText`] through the field's proxy.
    #[facet(proxy = PortText)]
    pub port: u16,
    /// Built through its type's proxy (or field by field).
    pub ticket: Ticket,
    /// Each element through its type's proxy.
    pub tickets: Vec<Ticket>,
}

/// A `Uuid` field between others.
#[derive(Facet, Debug)]
pub struct Tagged {
    /// Parsed from text or bytes, or moved in.
    pub id: Uuid,
    /// A counted payload.
    pub t: Tracked,
    /// A scalar after it.
    pub n: u32,
}

/// A dynamic value between counted values.
#[derive(Facet, Debug)]
pub struct Doc {
    /// A counted payload.
    pub t: Tracked,
    /// A dynamic value.
    pub data: Value,
    /// More dynamic values.
    pub more: Vec<Value>,
}

/// The label of `TicketProxy::make(seed)`: a number, except one seed in
/// four.
pub fn label(seed: u8) -> String {
    match seed % 4 {
        3 => format!("x{seed}"),
        _ => u32::from(seed % 16).to_string(),
    }
}

impl Make for TicketProxy {
    fn make(s: u8) -> Self {
        TicketProxy {
            t: Tracked::make(s),
            label: label(s),
        }
    }
}

impl Make for Ticket {
    fn make(s: u8) -> Self {
        Ticket {
            id: u32::make(s),
            t: Tracked::make(s),
        }
    }
}

impl Make for PortText {
    fn make(s: u8) -> Self {
        PortText {
            text: match s % 4 {
                3 => "70000".into(),
                _ => format!("{}", u16::from(s) * 100),
            },
        }
    }
}

impl Make for Badge {
    fn make(s: u8) -> Self {
        Badge {
            port: u16::make(s),
            ticket: Ticket::make(s),
            tickets: Make::make(s),
        }
    }
}

impl Make for Uuid {
    fn make(s: u8) -> Self {
        Uuid::from_u128(u128::from(s) * 0x0101_0101_0101_0101_0101_0101_0101_0101)
    }
}

impl Make for Tagged {
    fn make(s: u8) -> Self {
        Tagged {
            id: Uuid::make(s),
            t: Tracked::make(s),
            n: u32::make(s),
        }
    }
}

impl Make for Value {
    fn make(s: u8) -> Self {
        match s % 8 {
            0 => Value::NULL,
            1 => Value::from(s & 16 != 0),
            2 => Value::from(-i64::from(s)),
            3 => Value::from(String::make(s)),
            4 => Value::from(VArray::from(vec![
                Value::from(u32::from(s)),
                Value::from("e"),
            ])),
            5 => {
                let mut o = VObject::new();
                o.insert(String::make(s), Value::from(u32::from(s)));
                o.insert("n", Value::NULL);
                Value::from(o)
            }
            6 => Value::from(VBytes::new(&[s, s])),
            _ => Value::from(f64::from(s) / 4.0),
        }
    }
}

impl Make for Doc {
    fn make(s: u8) -> Self {
        Doc {
            t: Tracked::make(s),
            data: Value::make(s),
            more: Make::make(s),
        }
    }
}

/// A scalar `Imm` a dynamic value's setters take (or, for one seed in
/// ten, a `u128`, which they refuse), and the value it makes.
pub fn scalar(seed: u8) -> (trame::Imm<'static>, Option<Value>) {
    use trame::Imm;
    match seed % 10 {
        0 => (Imm::new(()), Some(Value::NULL)),
        1 => (Imm::new(seed & 16 != 0), Some(Value::from(seed & 16 != 0))),
        2 => (Imm::new(seed), Some(Value::from(seed))),
        3 => (
            Imm::new(-i64::from(seed)),
            Some(Value::from(-i64::from(seed))),
        ),
        4 => (
            Imm::new(u32::from(seed) << 24),
            Some(Value::from(u32::from(seed) << 24)),
        ),
        5 => (
            Imm::new(f64::from(seed) / 2.0),
            Some(Value::from(f64::from(seed) / 2.0)),
        ),
        6 => (
            Imm::new(format!("s{seed}")),
            Some(Value::from(format!("s{seed}"))),
        ),
        7 => (Imm::new("static"), Some(Value::from("static"))),
        8 => (
            Imm::new(vec![seed; usize::from(seed % 3)]),
            Some(Value::from(VBytes::new(&vec![seed; usize::from(seed % 3)]))),
        ),
        _ => (Imm::new(u128::from(seed)), None),
    }
}
