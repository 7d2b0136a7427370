//! The shadow cursor: where the path rules put trame's cursor after each
//! accepted op, computed from the shapes alone (slots, variants, option
//! payloads and pointees, list, set and map elements and entries), so the
//! harness knows the shape of the slot each `Imm` writes and can check the
//! cursor trame reports.
//!
//! Two kinds of node need more than a shape:
//!
//! - a **proxy node** (`StageProxy`): its shape is the target's, and its
//!   `Field(0)` is a value of the proxy's shape. Which proxy applies is
//!   read from facet's declarations: the field's `#[facet(proxy)]`, else
//!   the type's.
//! - a **dynamic value** (`facet_value::Value`): what `Append` names
//!   depends on the form it was staged in (an array's element, an
//!   object's entry). The shadow knows the form of a dynamic value it saw
//!   staged from fresh (`Stage` makes an array, `StageObject` an object);
//!   where it cannot know (a re-entered element, a slot written before),
//!   the form is unknown, and a path through such a node makes the shadow
//!   *lost*: the cursor is no longer checked for that input.

use facet::{Type, UserType};
use trame::{IShape, Shape, ShapeKind, View};

use crate::{AOp, ASeg, ASrc};

/// What the shadow knows of a dynamic value's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Neither staged nor written yet (`Append` opens it as an array).
    Fresh,
    /// Staged as an array.
    Array,
    /// Staged as an object.
    Object,
    /// Re-entered or written: unknown.
    Unknown,
}

/// Where the cursor is, as the path rules predict it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Pos {
    pub(crate) shape: &'static Shape,
    pub(crate) view: View,
    pub(crate) entry: bool,
    /// For a proxy node: the proxy's shape (its `Field(0)`).
    proxy: Option<&'static Shape>,
    /// The proxy the slot's field declares, if any.
    field_proxy: Option<&'static Shape>,
    /// For a dynamic value (or an entry of one): its form.
    form: Form,
    /// `Field(n)` slots written or staged from this node, one bit each.
    touched: u64,
    /// `Field(n)` slots staged through a proxy from this node (all bits
    /// once an element was): a path through them again may resume the
    /// proxy node, which the shadow does not follow.
    proxied: u64,
    /// The shadow cannot tell what this node is.
    lost: bool,
}

/// The proxy shape facet declares for `shape` itself.
fn type_proxy(shape: &'static Shape) -> Option<&'static Shape> {
    shape.effective_proxy(None).map(|p| p.shape)
}

/// The proxy shape declared by field `n` of struct `shape`, when trame's
/// slot `n` is that field.
fn field_proxy(
    shape: &'static Shape,
    fields: Option<&'static [facet::Field]>,
    n: usize,
) -> Option<&'static Shape> {
    let f = fields?.get(n)?;
    (shape.slot(n).map(|s| s.shape) == Some(f.shape())).then_some(())?;
    f.effective_proxy(None).map(|p| p.shape)
}

fn struct_fields(shape: &'static Shape) -> Option<&'static [facet::Field]> {
    match shape.ty {
        Type::User(UserType::Struct(st)) => Some(st.fields),
        _ => None,
    }
}

fn variant_fields(shape: &'static Shape, v: u32) -> Option<&'static [facet::Field]> {
    match shape.ty {
        Type::User(UserType::Enum(e)) => e.variants.get(v as usize).map(|v| v.data.fields),
        _ => None,
    }
}

impl Pos {
    pub(crate) fn value(shape: &'static Shape) -> Pos {
        Pos {
            shape,
            view: View::Value,
            entry: false,
            proxy: None,
            field_proxy: None,
            form: Form::Fresh,
            touched: 0,
            proxied: 0,
            lost: false,
        }
    }

    fn is_dynamic(self) -> bool {
        self.shape.kind() == ShapeKind::Dynamic
    }

    /// A value child in slot `n` of this node: fresh unless the slot was
    /// written or staged before.
    fn slot_child(self, n: u8, shape: &'static Shape) -> Pos {
        let mut p = Pos::value(shape);
        if self.proxied & (1 << (n & 63)) != 0 {
            p.lost = true;
        }
        if self.touched & (1 << (n & 63)) != 0 {
            p.form = Form::Unknown;
        }
        p
    }

    fn lost(self) -> Pos {
        Pos { lost: true, ..self }
    }

    /// The node a non-`Root` segment names from here, if any.
    pub(crate) fn child(self, seg: ASeg) -> Option<Pos> {
        let s = self.shape;
        if self.lost {
            return Some(self);
        }
        if let Some(proxy) = self.proxy {
            // Anything but the proxy value: not followed.
            return match seg {
                ASeg::Field(0) => Some(self.slot_child(0, proxy)),
                ASeg::Root => None,
                _ => Some(self.lost()),
            };
        }
        if self.entry {
            return match seg {
                ASeg::Field(0) => s.map_key().map(Pos::value),
                ASeg::Field(1) => s.map_value().map(|v| self.slot_child(1, v)),
                _ => None,
            };
        }
        if self.is_dynamic() && self.view == View::Value {
            return match (seg, self.form) {
                (ASeg::Root, _) => None,
                (ASeg::Append, Form::Fresh | Form::Array) => Some(Pos::value(s)),
                (ASeg::Append, Form::Object) => Some(Pos {
                    entry: true,
                    ..Pos::value(s)
                }),
                // A re-entered element or entry, or an unknown form.
                _ => Some(self.lost()),
            };
        }
        match (self.view, seg) {
            (_, ASeg::Root) => None,
            // A payload built in place is a view of the enum; a `Result`'s
            // payload is a whole value of the `Ok`/`Err` shape.
            (View::Variant(v), ASeg::Field(0)) if s.variant_payload_in_place() => Some(Pos {
                view: View::Payload(v),
                touched: 0,
                ..self
            }),
            (View::Variant(v), ASeg::Field(0)) => {
                s.variant_field(v as usize, 0).map(|f| Pos::value(f.shape))
            }
            (View::Variant(_), _) => None,
            (View::Payload(v), ASeg::Field(n)) => {
                s.variant_field(v as usize, n as usize).map(|f| Pos {
                    field_proxy: field_proxy(s, variant_fields(s, v), n as usize)
                        .filter(|_| s.variant_field(v as usize, n as usize).is_some()),
                    ..self.slot_child(n, f.shape)
                })
            }
            (View::Payload(_), _) => None,
            (View::Value, ASeg::Append) => match s.kind() {
                ShapeKind::List | ShapeKind::Set => s.inner().map(Pos::value),
                ShapeKind::Map => Some(Pos {
                    entry: true,
                    ..Pos::value(s)
                }),
                _ => None,
            },
            (View::Value, ASeg::Field(n)) => match s.kind() {
                ShapeKind::Enum if (n as usize) < s.variant_count() => Some(Pos {
                    view: View::Variant(u32::from(n)),
                    ..self
                }),
                ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array => {
                    s.slot(n as usize).map(|i| Pos {
                        field_proxy: field_proxy(s, struct_fields(s), n as usize),
                        ..self.slot_child(n, i.shape)
                    })
                }
                ShapeKind::Option | ShapeKind::Pointer if n == 0 => {
                    s.inner().map(|i| self.slot_child(0, i))
                }
                // Re-entered elements and entries (an element of a type
                // with a proxy may be a proxy node).
                ShapeKind::List | ShapeKind::Set => s.inner().map(|i| Pos {
                    form: Form::Unknown,
                    lost: type_proxy(i).is_some(),
                    ..Pos::value(i)
                }),
                ShapeKind::Map => Some(Pos {
                    entry: true,
                    form: Form::Unknown,
                    touched: u64::MAX,
                    ..Pos::value(s)
                }),
                _ => None,
            },
        }
    }
}

/// The cursor stack the path rules predict, assuming every op so far was
/// accepted.
pub(crate) struct Shadow {
    pub(crate) stack: Vec<Pos>,
    /// Whether a path went through a node the shadow cannot follow.
    pub(crate) lost: bool,
}

impl Shadow {
    pub(crate) fn new(root: &'static Shape) -> Shadow {
        Shadow {
            stack: vec![Pos::value(root)],
            lost: false,
        }
    }

    fn top(&mut self) -> &mut Pos {
        self.stack.last_mut().expect("root")
    }

    fn touch(&mut self, seg: ASeg) {
        if let ASeg::Field(n) = seg {
            self.top().touched |= 1 << (n & 63);
        }
    }

    fn step(&mut self, seg: ASeg) {
        if seg == ASeg::Root {
            self.stack.truncate(1);
            return;
        }
        let top = *self.stack.last().expect("root");
        self.touch(seg);
        // An unresolvable segment makes the op fail; what is pushed then
        // does not matter (the Trame is poisoned).
        let next = top.child(seg).unwrap_or(top);
        self.lost |= next.lost;
        self.stack.push(next);
    }

    /// The shape an `Imm` at `path` writes, if the path names a value the
    /// shadow can follow.
    pub(crate) fn target(&self, path: &[ASeg]) -> Option<&'static Shape> {
        if self.lost {
            return None;
        }
        let mut pos = *self.stack.last().expect("root");
        for &seg in path {
            pos = match seg {
                ASeg::Root => self.stack[0],
                _ => pos.child(seg)?,
            };
        }
        (pos.view == View::Value && !pos.entry && !pos.lost).then_some(pos.shape)
    }

    /// Follows an op that was (or is assumed to be) accepted.
    pub(crate) fn apply(&mut self, op: &AOp) {
        let (path, src) = match op {
            AOp::End => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                return;
            }
            AOp::Set(path, src) => (path, *src),
        };
        // What a proxy node does with anything but `StageProxy` at itself
        // is not followed.
        if path.is_empty() && src != ASrc::StageProxy && self.top().proxy.is_some() {
            self.lost = true;
        }
        match src {
            ASrc::Stage(_) | ASrc::StageDeferred(_) => {
                path.iter().for_each(|&s| self.step(s));
                let top = self.top();
                if top.is_dynamic() && !top.entry && top.form == Form::Fresh {
                    top.form = Form::Array;
                }
            }
            ASrc::StageObject(_) | ASrc::StageObjectDeferred(_) => {
                path.iter().for_each(|&s| self.step(s));
                self.top().form = Form::Object;
            }
            ASrc::StageProxy => {
                let Some((&last, prefix)) = path.split_last() else {
                    return self.proxy_here();
                };
                prefix.iter().for_each(|&s| self.step(s));
                if last == ASeg::Root {
                    self.step(last);
                    return self.proxy_here();
                }
                let top = *self.stack.last().expect("root");
                self.step(last);
                let parent = self.stack.len() - 2;
                self.stack[parent].proxied |= match last {
                    ASeg::Field(n) => 1 << (n & 63),
                    _ => u64::MAX,
                };
                let p = self.top();
                p.proxy = match last {
                    ASeg::Append => type_proxy(p.shape),
                    _ if top.proxy.is_some() || top.entry => None,
                    _ => p.field_proxy.or_else(|| type_proxy(p.shape)),
                };
            }
            _ => {
                if let Some((&last, prefix)) = path.split_last() {
                    prefix.iter().for_each(|&s| self.step(s));
                    if last == ASeg::Root {
                        self.step(last);
                    } else {
                        self.touch(last);
                        return;
                    }
                }
                // The node at the cursor was written whole.
                let top = self.top();
                top.form = Form::Unknown;
                top.proxy = None;
            }
        }
    }

    /// `StageProxy` with an empty path: the node becomes a proxy node (a
    /// proxy node stays one).
    fn proxy_here(&mut self) {
        let top = self.top();
        if top.proxy.is_none() {
            top.proxy = top.field_proxy.or_else(|| type_proxy(top.shape));
            top.touched = 0;
        }
    }
}
