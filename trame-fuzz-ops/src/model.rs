//! An expected-value model for a subset of types (scalars `u32`/`String`,
//! structs and tuples of them, `Vec`s and maps of them).
//!
//! The model follows the ops that trame accepted: it tracks the cursor as
//! an absolute path and the tree of written values. After a build it
//! predicts whether the build succeeds (every leaf written) and, if so, the
//! value, which is compared with the materialized one.

use std::collections::{BTreeMap, HashMap};

use trame::{IShape, Shape, ShapeKind};

use crate::types::{Flat, Outer, Pair, maker_for};

/// A value in comparable form.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum V {
    /// An integer.
    U(u32),
    /// A string.
    S(String),
    /// A struct or tuple: its fields in order.
    Rec(Vec<V>),
    /// A list: its elements in order.
    Seq(Vec<V>),
    /// A map: entries sorted by key, keys unique.
    Map(Vec<(V, V)>),
}

/// Conversion of a modelled type to [`V`].
pub trait ToV {
    /// The value in comparable form.
    fn to_v(&self) -> V;
}

impl ToV for u32 {
    fn to_v(&self) -> V {
        V::U(*self)
    }
}

impl ToV for String {
    fn to_v(&self) -> V {
        V::S(self.clone())
    }
}

impl ToV for Pair {
    fn to_v(&self) -> V {
        V::Rec(vec![self.a.to_v(), self.b.to_v()])
    }
}

impl ToV for Outer {
    fn to_v(&self) -> V {
        V::Rec(vec![self.inner.to_v(), self.c.to_v()])
    }
}

impl ToV for Flat {
    fn to_v(&self) -> V {
        V::Rec(vec![self.inner.to_v(), self.c.to_v()])
    }
}

impl<A: ToV, B: ToV> ToV for (A, B) {
    fn to_v(&self) -> V {
        V::Rec(vec![self.0.to_v(), self.1.to_v()])
    }
}

impl<T: ToV> ToV for Vec<T> {
    fn to_v(&self) -> V {
        V::Seq(self.iter().map(ToV::to_v).collect())
    }
}

fn map_v<'a, K: ToV + 'a, W: ToV + 'a>(it: impl Iterator<Item = (&'a K, &'a W)>) -> V {
    let mut entries: Vec<(V, V)> = it.map(|(k, w)| (k.to_v(), w.to_v())).collect();
    entries.sort();
    V::Map(entries)
}

impl<K: ToV, W: ToV> ToV for HashMap<K, W> {
    fn to_v(&self) -> V {
        map_v(self.iter())
    }
}

impl<K: ToV, W: ToV> ToV for BTreeMap<K, W> {
    fn to_v(&self) -> V {
        map_v(self.iter())
    }
}

/// A node of the model tree.
#[derive(Clone, Debug)]
enum M {
    /// Nothing written.
    Unset,
    /// A written scalar.
    Leaf(V),
    /// A struct or tuple (or a map entry: key, value).
    Fields(Vec<M>),
    /// A list or map: elements (entries) in staging order.
    List(Vec<M>),
}

/// What a model position holds.
#[derive(Clone, Copy, Debug)]
enum Pos {
    /// A value of this shape.
    Value(&'static Shape),
    /// An entry of this map shape.
    Entry(&'static Shape),
}

/// A path step the model understands.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// `Field(n)`.
    Field(u32),
    /// `Append`.
    Append,
    /// `Root`.
    Root,
}

/// The source of a modelled `Set`.
#[derive(Clone, Copy, Debug)]
pub enum Src {
    /// `Imm` of `make(seed)` of the slot's own type.
    Imm(u8),
    /// `Default`.
    Default,
    /// `Stage`/`StageDeferred`.
    Stage,
}

/// The expected-value model of one Trame.
#[derive(Debug)]
pub struct Model {
    root_shape: &'static Shape,
    root: M,
    cursor: Vec<usize>,
}

/// Whether every shape under `shape` is modelled.
pub fn is_modelled(shape: &'static Shape) -> bool {
    maker_for(shape).is_some_and(|m| m.model.is_some())
}

fn to_m(v: V) -> M {
    match v {
        V::U(_) | V::S(_) => M::Leaf(v),
        V::Rec(fs) => M::Fields(fs.into_iter().map(to_m).collect()),
        V::Seq(items) => M::List(items.into_iter().map(to_m).collect()),
        V::Map(es) => M::List(
            es.into_iter()
                .map(|(k, w)| M::Fields(vec![to_m(k), to_m(w)]))
                .collect(),
        ),
    }
}

/// The empty node standing for a freshly opened value of `pos`.
fn opened(pos: Pos) -> M {
    match pos {
        Pos::Entry(_) => M::Fields(vec![M::Unset, M::Unset]),
        Pos::Value(s) => match s.kind() {
            ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array => {
                M::Fields(vec![M::Unset; s.slot_count()])
            }
            ShapeKind::List | ShapeKind::Map => M::List(Vec::new()),
            _ => M::Unset,
        },
    }
}

/// The position below `pos` at index `i`.
fn child_pos(pos: Pos, i: usize) -> Pos {
    match pos {
        Pos::Entry(map) => match i {
            0 => Pos::Value(map.map_key().expect("map key")),
            _ => Pos::Value(map.map_value().expect("map value")),
        },
        Pos::Value(s) => match s.kind() {
            ShapeKind::List => Pos::Value(s.inner().expect("element")),
            ShapeKind::Map => Pos::Entry(s),
            _ => Pos::Value(s.slot(i).expect("slot in range").shape),
        },
    }
}

impl Model {
    /// A model of a fresh Trame for `shape` (a modelled shape).
    pub fn new(shape: &'static Shape) -> Model {
        Model {
            root_shape: shape,
            root: M::Unset,
            cursor: Vec::new(),
        }
    }

    /// The node at `path`, opening unset nodes on the way (and the last
    /// one when `open`), with its position.
    fn node(&mut self, path: &[usize], open: bool) -> (&mut M, Pos) {
        let mut pos = Pos::Value(self.root_shape);
        let mut m = &mut self.root;
        for (depth, &i) in path.iter().enumerate() {
            if matches!(m, M::Unset) {
                *m = opened(pos);
            }
            let next = child_pos(pos, i);
            m = match m {
                M::Fields(fs) | M::List(fs) => match fs.get_mut(i) {
                    Some(c) => c,
                    None => panic!(
                        "trame accepted index {i} at depth {depth} the model does not have: {path:?}"
                    ),
                },
                M::Leaf(_) | M::Unset => {
                    panic!("trame accepted a path through a scalar: {path:?}")
                }
            };
            pos = next;
        }
        if open && matches!(m, M::Unset) {
            *m = opened(pos);
        }
        (m, pos)
    }

    /// Moves the cursor one step, as an accepted intermediate or staging
    /// segment does.
    fn enter(&mut self, step: Step) {
        match step {
            Step::Root => self.cursor.clear(),
            Step::Field(n) => {
                self.cursor.push(n as usize);
                let path = self.cursor.clone();
                self.node(&path, true);
            }
            Step::Append => {
                let path = self.cursor.clone();
                let (m, pos) = self.node(&path, true);
                let entry = child_pos(pos, usize::MAX);
                let M::List(items) = m else {
                    panic!("trame accepted Append at a non-list model node {path:?}")
                };
                items.push(opened(entry));
                let i = items.len() - 1;
                self.cursor.push(i);
            }
        }
    }

    /// Records an accepted `Set { path, src }`.
    pub fn set(&mut self, path: &[Step], src: Src) {
        match src {
            Src::Stage => {
                for &s in path {
                    self.enter(s);
                }
                let here = self.cursor.clone();
                self.node(&here, true);
            }
            Src::Imm(_) | Src::Default => {
                let (slot, prefix): (Option<&Step>, &[Step]) = match path.split_last() {
                    Some((Step::Root, [])) => (None, path),
                    Some((last, prefix)) => (Some(last), prefix),
                    None => (None, &[]),
                };
                for &s in prefix {
                    self.enter(s);
                }
                let mut target = self.cursor.clone();
                if let Some(Step::Field(n)) = slot {
                    target.push(*n as usize);
                }
                let (m, pos) = self.node(&target, false);
                let Pos::Value(shape) = pos else {
                    panic!("trame accepted a whole write of a map entry")
                };
                let fns = maker_for(shape)
                    .and_then(|mk| mk.model)
                    .expect("modelled shape");
                *m = to_m(match src {
                    Src::Imm(seed) => (fns.whole)(seed),
                    _ => (fns.default)(),
                });
            }
        }
    }

    /// Records an accepted `End`.
    pub fn end(&mut self) {
        self.cursor.pop().expect("trame accepted End at the root");
    }

    /// The cursor's depth (root = 0).
    pub fn depth(&self) -> usize {
        self.cursor.len()
    }

    /// The predicted built value, or `None` when something is missing (the
    /// build must then fail).
    pub fn predict(&self) -> Option<V> {
        value_of(&self.root, Pos::Value(self.root_shape))
    }
}

fn value_of(m: &M, pos: Pos) -> Option<V> {
    match m {
        M::Unset => None,
        M::Leaf(v) => Some(v.clone()),
        M::Fields(fs) => Some(V::Rec(
            fs.iter()
                .enumerate()
                .map(|(i, f)| value_of(f, child_pos(pos, i)))
                .collect::<Option<_>>()?,
        )),
        M::List(items) => {
            let vals = items
                .iter()
                .map(|it| value_of(it, child_pos(pos, 0)))
                .collect::<Option<Vec<_>>>()?;
            match pos {
                Pos::Value(s) if s.kind() == ShapeKind::Map => {
                    // Later entries win over earlier ones with the same key.
                    let mut map = BTreeMap::new();
                    for v in vals {
                        let V::Rec(mut kv) = v else { unreachable!() };
                        let w = kv.pop()?;
                        let k = kv.pop()?;
                        map.insert(k, w);
                    }
                    Some(V::Map(map.into_iter().collect()))
                }
                _ => Some(V::Seq(vals)),
            }
        }
    }
}
