//! Expected values for the inputs whose outcome the harness can predict
//! without a model of the whole runtime:
//!
//! - a `Uuid` root written whole (`Imm`, `Parse` of a text, `ParseBytes`
//!   of 16 bytes), the last write winning; a [`Tagged`] root written field
//!   by field or whole;
//! - a `Value` root written whole (`Imm` of a `Value`, a scalar, or
//!   `Default`), or staged as an array of elements or an object of
//!   entries (later keys win), each written whole;
//! - a [`Ticket`] root built through its proxy (`StageProxy`, then the
//!   proxy value whole): the conversion's result, or its error.
//!
//! Anything else in such an input (another path, a staged element, a
//! re-entry, `End` of an incomplete entry) gives no prediction.

use facet_value::{VArray, VObject, Value};
use trame::{HeapValue, TrameError};
use uuid::Uuid;

use crate::extra::{BAD_LABEL, Tagged, Ticket, TicketProxy, label, scalar};
use crate::types::{Make, Tracked};
use crate::{AOp, ASeg, ASrc, EXT_TEXTS, Input, uuid_bytes};

/// A predicted build.
#[derive(Debug)]
pub enum Expected {
    /// A `Uuid`.
    Uuid(Uuid),
    /// A `Tagged`, as `(id, t, n)`.
    Tagged(Uuid, u32, u32),
    /// A `Value`.
    Value(Value),
    /// A `Ticket` as `(id, t)`, or the conversion fails.
    Ticket(Option<(u32, u32)>),
}

impl Expected {
    /// The build succeeded with `hv`: it holds the predicted value.
    pub fn check(&self, hv: HeapValue<'static>) {
        match self {
            Expected::Uuid(want) => {
                assert_eq!(
                    hv.materialize::<Uuid>().expect("a Uuid"),
                    *want,
                    "built Uuid"
                );
            }
            Expected::Tagged(id, t, n) => {
                let got = hv.materialize::<Tagged>().expect("a Tagged");
                assert_eq!(
                    (got.id, got.t.value(), got.n),
                    (*id, *t, *n),
                    "built Tagged"
                );
            }
            Expected::Value(want) => {
                assert_eq!(
                    hv.materialize::<Value>().expect("a Value"),
                    *want,
                    "built Value"
                );
            }
            Expected::Ticket(want) => {
                let got = hv.materialize::<Ticket>().expect("a Ticket");
                assert_eq!(Some((got.id, got.t.value())), *want, "built Ticket");
            }
        }
    }

    /// The build failed with `e`: only a failing conversion is predicted.
    pub fn check_failure(&self, e: &TrameError) {
        match self {
            Expected::Ticket(None) => assert!(
                matches!(e, TrameError::ConversionFailed { message, .. } if message == BAD_LABEL),
                "a Ticket's conversion fails with {BAD_LABEL:?}: {e:?}"
            ),
            _ => panic!("build failed ({e}), predicted {self:?}"),
        }
    }
}

/// The prediction for `input`, if there is one.
pub fn predict(input: &Input) -> Option<Expected> {
    let shape = input.root().shape;
    if shape == <Uuid as facet::Facet>::SHAPE {
        predict_uuid(&input.ops).map(Expected::Uuid)
    } else if shape == <Tagged as facet::Facet>::SHAPE {
        predict_tagged(&input.ops)
    } else if shape == <Value as facet::Facet>::SHAPE {
        predict_value(&input.ops).map(Expected::Value)
    } else if shape == <Ticket as facet::Facet>::SHAPE {
        predict_ticket(&input.ops).map(Expected::Ticket)
    } else {
        None
    }
}

/// The `Uuid` `src` writes, where it writes one.
fn uuid_of(src: ASrc) -> Option<Uuid> {
    match src {
        ASrc::Imm(s) => Some(Uuid::make(s)),
        ASrc::ParseExt(s) => Uuid::parse_str(EXT_TEXTS[usize::from(s) % EXT_TEXTS.len()]).ok(),
        ASrc::ParseBytesExt(s) => Uuid::from_slice(&uuid_bytes(s)).ok(),
        _ => None,
    }
}

fn predict_uuid(ops: &[AOp]) -> Option<Uuid> {
    let mut last = None;
    for op in ops {
        match op {
            AOp::Set(path, src) if path.is_empty() => last = Some(uuid_of(*src)?),
            _ => return None,
        }
    }
    last
}

fn predict_tagged(ops: &[AOp]) -> Option<Expected> {
    let (mut id, mut t, mut n) = (None, None, None);
    for op in ops {
        let AOp::Set(path, src) = op else {
            return None;
        };
        match (path.as_slice(), *src) {
            ([], ASrc::Imm(s)) => {
                let whole = Tagged::make(s);
                (id, t, n) = (Some(whole.id), Some(whole.t.value()), Some(whole.n));
            }
            ([ASeg::Field(0)], src) => id = Some(uuid_of(src)?),
            ([ASeg::Field(1)], ASrc::Imm(s)) => t = Some(Tracked::make(s).value()),
            ([ASeg::Field(2)], ASrc::Imm(s)) => n = Some(u32::make(s)),
            _ => return None,
        }
    }
    Some(Expected::Tagged(id?, t?, n?))
}

fn predict_ticket(ops: &[AOp]) -> Option<Option<(u32, u32)>> {
    match ops {
        [AOp::Set(p, ASrc::StageProxy), AOp::Set(q, ASrc::Imm(s))]
            if p.is_empty() && q.as_slice() == [ASeg::Field(0)] =>
        {
            let proxy = TicketProxy::make(*s);
            assert_eq!(proxy.label, label(*s));
            Some(Ticket::try_from(proxy).ok().map(|t| (t.id, t.t.value())))
        }
        _ => None,
    }
}

/// The `Value` a whole write of `src` makes at a `Value` slot.
fn value_of(src: ASrc) -> Option<Value> {
    match src {
        ASrc::Imm(s) => Some(Value::make(s)),
        ASrc::Default => Some(Value::NULL),
        ASrc::Scalar(s) => scalar(s).1,
        _ => None,
    }
}

/// What the root `Value` holds so far.
enum Root {
    Nothing,
    Whole(Value),
    Array(Vec<Value>),
    Object(VObject),
}

/// The open node below the root.
enum Open {
    Element(Option<Value>),
    Entry(Option<String>, Option<Value>),
}

fn predict_value(ops: &[AOp]) -> Option<Value> {
    let mut root = Root::Nothing;
    let mut open: Option<Open> = None;
    for op in ops {
        let (path, src) = match op {
            AOp::End => {
                match (open.take()?, &mut root) {
                    (Open::Element(v), Root::Array(a)) => a.push(v?),
                    (Open::Entry(k, v), Root::Object(o)) => {
                        o.insert(k?, v?);
                    }
                    _ => return None,
                }
                continue;
            }
            AOp::Set(path, src) => (path.as_slice(), *src),
        };
        match (&mut open, path, src) {
            (None, [], ASrc::Stage(_) | ASrc::StageDeferred(_)) => match root {
                Root::Nothing => root = Root::Array(Vec::new()),
                Root::Array(_) | Root::Object(_) => {}
                Root::Whole(_) => return None,
            },
            (None, [], ASrc::StageObject(_) | ASrc::StageObjectDeferred(_)) => match &root {
                Root::Nothing => root = Root::Object(VObject::new()),
                Root::Array(a) if a.is_empty() => root = Root::Object(VObject::new()),
                Root::Object(_) => {}
                _ => return None,
            },
            (None, [], src) => match root {
                Root::Nothing | Root::Whole(_) => root = Root::Whole(value_of(src)?),
                _ => return None,
            },
            (None, [ASeg::Append], ASrc::Stage(_)) => match root {
                Root::Nothing => {
                    root = Root::Array(Vec::new());
                    open = Some(Open::Element(None));
                }
                Root::Array(_) => open = Some(Open::Element(None)),
                Root::Object(_) => open = Some(Open::Entry(None, None)),
                Root::Whole(_) => return None,
            },
            (Some(Open::Element(v)), [], src) => *v = Some(value_of(src)?),
            (Some(Open::Entry(k, _)), [ASeg::Field(0)], ASrc::Imm(s)) => {
                *k = Some(String::make(s));
            }
            (Some(Open::Entry(_, v)), [ASeg::Field(1)], src) => *v = Some(value_of(src)?),
            _ => return None,
        }
    }
    match (open, root) {
        (Some(_), _) | (None, Root::Nothing) => None,
        (None, Root::Whole(v)) => Some(v),
        (None, Root::Array(a)) => Some(Value::from(VArray::from(a))),
        (None, Root::Object(o)) => Some(Value::from(o)),
    }
}
