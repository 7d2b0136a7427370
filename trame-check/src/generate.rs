//! Op generation for property tests: guided ops, resolved against the
//! model's current state so that they name real slots and sequences get
//! deep, and raw ops (any segments, mismatching values) for the error
//! paths. Shapes that declare construction hooks and proxies are made in
//! [`declare`](crate::declare) (re-exported here).

use proptest::prelude::*;
use trame::PathSegment;
use trame::verified::{BROKEN_BYTE, REFUSED_BYTE, ShapeId, VHooks, VShape};

pub use crate::declare::{arb_hooked_shape, declare_hooks, declare_proxies, describe_hooks};
use crate::driver::Action;
use crate::model::dynamic::is_dynamic;
use crate::model::facts::{self, NodeKind, Part, node_kind};
use crate::model::{Elements, Model, ModelNode, NodeState, Src, Text, proxy};

/// What a generated conversion's source value is like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvTag {
    /// An even first byte: converted.
    Even,
    /// An odd first byte: refused.
    Odd,
    /// `BROKEN_BYTE - 1`: converted into a value that breaks invariants.
    Broken,
}

/// A source, before it is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenSrc {
    /// An `Imm` of the destination's shape (`matching`) or of another.
    Imm {
        /// Whether the value's shape is the destination's.
        matching: bool,
        /// Whether its tag is [`BROKEN_BYTE`] (it breaks invariants).
        broken: bool,
    },
    /// `Parse` of digits (`Some(true)`), of a text with a letter
    /// (`Some(false)`), or of the empty text (`None`).
    Parse(Option<bool>),
    /// `ParseBytes`: no bytes (`empty`), or bytes whose first is
    /// [`BROKEN_BYTE`] (`broken`) or the op's tag.
    ParseBytes {
        /// No bytes at all.
        empty: bool,
        /// The first byte breaks invariants.
        broken: bool,
    },
    /// `Convert` from the shape the destination converts from
    /// (`matching`, when it has one) or from another.
    Convert {
        /// Whether the value's shape is the one the hook converts from.
        matching: bool,
        /// The value's first byte.
        tag: ConvTag,
    },
    /// `Default`.
    Default,
    /// `Stage`.
    Stage,
    /// `StageDeferred`.
    StageDeferred,
    /// `StageProxy`.
    StageProxy,
    /// `StageObject` (`deferred`: `StageObjectDeferred`).
    StageObject {
        /// Whether the node roots a deferred subtree.
        deferred: bool,
    },
    /// An `Imm` of a scalar of the store (for a dynamic value), with the
    /// op's tag or one the dynamic setters refuse.
    Scalar {
        /// Tagged [`REFUSED_BYTE`].
        refused: bool,
    },
}

/// A generated op, resolved against the state it is applied in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenOp {
    /// These segments as they are (mostly errors).
    Raw(Vec<PathSegment>, GenSrc),
    /// `picks.len()` segments, each `Field(pick % count)` among the slots
    /// (or variants) of the node reached so far; `root` prefixes `Root`.
    Guided {
        /// Whether the path starts with `Root`.
        root: bool,
        /// One pick per segment.
        picks: Vec<u8>,
        /// The source.
        src: GenSrc,
    },
    /// `End` below the root; skipped at the root.
    End,
    /// `End` wherever the cursor is (an error at the root).
    RawEnd,
    /// `build()`, which ends the sequence.
    Build,
}

/// A path segment, mostly fields in or just out of range.
pub fn segment() -> impl Strategy<Value = PathSegment> {
    prop_oneof![
        12 => (0u32..5).prop_map(PathSegment::Field),
        1 => Just(PathSegment::Append),
        2 => Just(PathSegment::Root),
    ]
}

/// A source: mostly matching values and staging, and the hook sources
/// with inputs that pass and fail.
pub fn source() -> impl Strategy<Value = GenSrc> {
    let imm = |matching, broken| GenSrc::Imm { matching, broken };
    let conv = |matching, tag| GenSrc::Convert { matching, tag };
    let bytes = |empty, broken| GenSrc::ParseBytes { empty, broken };
    prop_oneof![
        25 => Just(imm(true, false)),
        5 => Just(imm(true, true)),
        2 => Just(imm(false, false)),
        10 => Just(GenSrc::Default),
        30 => Just(GenSrc::Stage),
        8 => Just(GenSrc::StageDeferred),
        8 => Just(GenSrc::StageProxy),
        3 => Just(GenSrc::StageObject { deferred: false }),
        1 => Just(GenSrc::StageObject { deferred: true }),
        3 => Just(GenSrc::Scalar { refused: false }),
        1 => Just(GenSrc::Scalar { refused: true }),
        5 => Just(GenSrc::Parse(Some(true))),
        1 => Just(GenSrc::Parse(Some(false))),
        1 => Just(GenSrc::Parse(None)),
        3 => Just(bytes(false, false)),
        2 => Just(bytes(false, true)),
        1 => Just(bytes(true, false)),
        4 => Just(conv(true, ConvTag::Even)),
        1 => Just(conv(true, ConvTag::Odd)),
        2 => Just(conv(true, ConvTag::Broken)),
        1 => Just(conv(false, ConvTag::Even)),
    ]
}

impl GenSrc {
    /// Whether the source writes a whole value (not staging).
    pub fn writes(self) -> bool {
        !matches!(
            self,
            GenSrc::Stage | GenSrc::StageDeferred | GenSrc::StageProxy | GenSrc::StageObject { .. }
        )
    }

    /// Whether the source needs a hook the destination may lack.
    pub fn hook_needed(self, hooks: VHooks) -> bool {
        match self {
            GenSrc::Parse(_) => !hooks.parse,
            GenSrc::ParseBytes { .. } => !hooks.parse_bytes,
            GenSrc::Convert { .. } => hooks.try_from.is_none(),
            _ => false,
        }
    }
}

/// A generated op: mostly guided, with raw ops, `End` and `build`.
pub fn op() -> impl Strategy<Value = GenOp> {
    let picks = prop::collection::vec(any::<u8>(), 0..=3);
    prop_oneof![
        2 => (prop::collection::vec(segment(), 0..=3), source())
            .prop_map(|(path, src)| GenOp::Raw(path, src)),
        24 => (prop::bool::weighted(0.1), picks, source())
            .prop_map(|(root, picks, src)| GenOp::Guided { root, picks, src }),
        8 => Just(GenOp::End),
        1 => Just(GenOp::RawEnd),
        1 => Just(GenOp::Build),
    ]
}

/// The tag of the `Imm` made for op `i`: distinct for nearby ops, never 0.
pub fn tag(i: usize) -> u8 {
    1 + (i % 100) as u8
}

/// A place a path can name: a shape seen as a part, and the model node
/// standing there if one is staged (a container's elements are known only
/// through its node).
#[derive(Clone, Copy)]
pub struct Place<'m, 's> {
    /// The shape.
    pub shape: VShape<'s>,
    /// Which part of it.
    pub part: Part,
    /// The staged node, if any.
    pub node: Option<&'m ModelNode>,
}

impl<'m, 's> Place<'m, 's> {
    /// The cursor node, or the root after a leading `Root`.
    pub fn start(model: &'m Model<'s>, root: bool) -> Option<Self> {
        let node = match root {
            true => model.root()?,
            false => model.cursor_node()?,
        };
        Some(Place {
            shape: model.store().shape(node.shape),
            part: node.part,
            node: Some(node),
        })
    }

    /// The segments that lead somewhere from here: each variant of an
    /// enum, each slot, each staged element of a container and `Append`.
    pub fn choices(&self) -> Vec<PathSegment> {
        let fields = |n: usize| (0..n as u32).map(PathSegment::Field).collect::<Vec<_>>();
        match node_kind(self.shape, self.part) {
            NodeKind::Enum => fields(trame::IShape::variant_count(self.shape)),
            NodeKind::Slots | NodeKind::Wrapper => {
                fields(facts::slots(self.shape, self.part).len())
            }
            NodeKind::Container => {
                let staged = match self.node.map(|n| &n.state) {
                    Some(NodeState::Container(Elements::Staging(slots))) => slots.len(),
                    _ => 0,
                };
                let mut out = fields(staged);
                out.push(PathSegment::Append);
                out
            }
            NodeKind::Leaf | NodeKind::Unmodeled(_) => Vec::new(),
        }
    }

    /// Where `seg` leads from here (`None`: nowhere, an error).
    pub fn step(&self, seg: PathSegment) -> Option<Self> {
        let (ty_shape, part) = match (node_kind(self.shape, self.part), seg) {
            (NodeKind::Enum, PathSegment::Field(n)) => {
                if n as usize >= trame::IShape::variant_count(self.shape) {
                    return None;
                }
                (self.shape, Part::Variant(n))
            }
            (NodeKind::Slots | NodeKind::Wrapper, PathSegment::Field(n)) => {
                let ty = *facts::slots(self.shape, self.part).get(n as usize)?;
                (ty.shape, ty.part)
            }
            (NodeKind::Container, PathSegment::Field(_) | PathSegment::Append) => {
                let ty = match self.node {
                    Some(n) => n.element(self.shape.store())?,
                    None => facts::element(self.shape)?,
                };
                (ty.shape, ty.part)
            }
            _ => return None,
        };
        let node = match seg {
            PathSegment::Field(n) => self.node.and_then(|node| node.child(n)),
            _ => None,
        };
        // A staged node stands for what it is (a proxy node for a value
        // built through its proxy), not for what the slot's type says.
        let part = node.map_or(part, |n| n.part);
        Some(Place {
            shape: ty_shape,
            part,
            node,
        })
    }
}

/// The path a guided op names in the model's current state. With
/// `to_value`, the path is extended (reusing the last pick) until it names
/// a whole value rather than an enum's variant or payload or a map entry,
/// so that writes mostly land.
pub fn guided_path(
    model: &Model<'_>,
    root: bool,
    picks: &[u8],
    to_value: bool,
) -> Vec<PathSegment> {
    let mut path = Vec::new();
    if root {
        path.push(PathSegment::Root);
    }
    let Some(mut place) = Place::start(model, root) else {
        return path;
    };
    for &pick in picks {
        let choices = place.choices();
        if choices.is_empty() {
            break;
        }
        let seg = choices[pick as usize % choices.len()];
        path.push(seg);
        place = place.step(seg).expect("a choice leads somewhere");
    }
    let last = picks.last().copied().unwrap_or(0) as usize;
    while to_value && !place.part.is_value() {
        let choices = place.choices();
        if choices.is_empty() {
            break;
        }
        let seg = choices[last % choices.len()];
        path.push(seg);
        place = place.step(seg).expect("a choice leads somewhere");
    }
    path
}

/// The shape of the whole value a path names, if it names one.
pub fn dest_shape(model: &Model<'_>, path: &[PathSegment]) -> Option<ShapeId> {
    let (root, rest) = match path {
        [PathSegment::Root, rest @ ..] => (true, rest),
        _ => (false, path),
    };
    let mut place = Place::start(model, root)?;
    for seg in rest {
        place = place.step(*seg)?;
    }
    place.part.is_value().then_some(place.shape.id())
}

/// A shape of the model's store other than `not` (if there is one).
pub fn other_shape(model: &Model<'_>, not: Option<ShapeId>, i: usize) -> ShapeId {
    let n = model.store().len();
    let pick = |k: usize| ShapeId(u16::try_from((i + k) % n).expect("few shapes"));
    (0..n)
        .map(pick)
        .find(|s| Some(*s) != not)
        .unwrap_or(pick(0))
}

/// Resolves a generated source for `path`.
pub fn resolve_src(model: &Model<'_>, path: &[PathSegment], src: GenSrc, i: usize) -> Src {
    match src {
        GenSrc::Imm { matching, broken } => {
            let dest = dest_shape(model, path);
            let shape = match dest {
                Some(s) if matching => s,
                _ => other_shape(model, dest, i),
            };
            let tag = if broken { BROKEN_BYTE } else { tag(i) };
            Src::Imm { shape, tag }
        }
        GenSrc::Parse(Some(true)) => Src::Parse(Text::Digits((i % 10) as u8)),
        GenSrc::Parse(Some(false)) => Src::Parse(Text::Mixed((i % 10) as u8)),
        GenSrc::Parse(None) => Src::Parse(Text::Empty),
        GenSrc::ParseBytes { empty: true, .. } => Src::ParseBytes(None),
        GenSrc::ParseBytes { broken: true, .. } => Src::ParseBytes(Some(BROKEN_BYTE)),
        GenSrc::ParseBytes { .. } => Src::ParseBytes(Some(tag(i))),
        GenSrc::Convert { matching, tag: t } => {
            let dest = dest_shape(model, path);
            let from = dest.and_then(|s| model.store().shape(s).def_hooks().try_from);
            let shape = match (from, dest) {
                // Now and then the destination's own shape, which moves in.
                (_, Some(d)) if matching && i.is_multiple_of(7) => d,
                (Some(f), _) if matching => f,
                _ => other_shape(model, from, i),
            };
            let tag = match t {
                ConvTag::Even => tag(i) & !1,
                ConvTag::Odd => tag(i) | 1,
                ConvTag::Broken => BROKEN_BYTE - 1,
            };
            Src::Convert { shape, tag }
        }
        GenSrc::Default => Src::Default,
        GenSrc::Stage => Src::Stage,
        GenSrc::StageDeferred => Src::StageDeferred,
        GenSrc::StageProxy => Src::StageProxy,
        GenSrc::StageObject { deferred: false } => Src::StageObject,
        GenSrc::StageObject { deferred: true } => Src::StageObjectDeferred,
        GenSrc::Scalar { refused } => {
            let store = model.store();
            let scalar = (0..store.len())
                .map(|k| ShapeId(k as u16))
                .find(|&id| trame::IShape::kind(store.shape(id)) == trame::ShapeKind::Scalar);
            let shape = scalar.unwrap_or_else(|| other_shape(model, None, i));
            let tag = if refused { REFUSED_BYTE } else { tag(i) };
            Src::Imm { shape, tag }
        }
    }
}

/// The action op `i` stands for in the model's current state (`None`:
/// skipped).
pub fn resolve(model: &Model<'_>, op: &GenOp, i: usize) -> Option<Action> {
    Some(match op {
        GenOp::End if model.depth() == 0 => return None,
        GenOp::End | GenOp::RawEnd => Action::End,
        GenOp::Build => Action::Build,
        GenOp::Raw(path, src) => Action::Set {
            path: path.clone(),
            src: resolve_src(model, path, *src, i),
        },
        GenOp::Guided { root, picks, src } => {
            let writes = src.writes();
            let path = guided_path(model, *root, picks, writes);
            // Guided ops lean towards what is accepted (raw ops keep the
            // errors): `Default` where there is none becomes a matching
            // `Imm`, and so does (three times in four) a hook source where
            // the shape lacks the hook; a write that can only name a unit
            // variant's payload, or a new element at `Append`, stages it
            // instead.
            let dest = dest_shape(model, &path);
            let has_default =
                dest.is_some_and(|s| trame::IShape::has_default(model.store().shape(s)));
            let hooks = dest.map_or_else(VHooks::default, |s| model.store().shape(s).def_hooks());
            let appends = path.last() == Some(&PathSegment::Append);
            let plain = GenSrc::Imm {
                matching: true,
                broken: false,
            };
            // `StageProxy` where no proxy applies mostly goes to a place
            // one or two segments from the cursor where one does, or
            // stages.
            if *src == GenSrc::StageProxy && !i.is_multiple_of(4) && !proxy_applies(model, &path) {
                let near = proxy_places(model);
                return Some(match near.get(i % near.len().max(1)) {
                    Some(p) => Action::Set {
                        path: p.clone(),
                        src: Src::StageProxy,
                    },
                    None => Action::Set {
                        path,
                        src: Src::Stage,
                    },
                });
            }
            let dynamic = dest.is_some_and(|s| is_dynamic(model.store().shape(s)));
            let src = match src {
                // Dynamic sources where there is no dynamic value: mostly
                // what works there.
                GenSrc::Scalar { .. } if !dynamic && !i.is_multiple_of(4) => plain,
                GenSrc::StageObject { .. } if !dynamic && !i.is_multiple_of(4) => GenSrc::Stage,
                // One write at `Append` in eight is kept (refused).
                s if s.writes() && appends && i % 8 == 7 => *s,
                s if s.writes() && (dest.is_none() || appends) => GenSrc::Stage,
                GenSrc::Default if !has_default => plain,
                s if s.hook_needed(hooks) && !i.is_multiple_of(4) => plain,
                other => *other,
            };
            let src = resolve_src(model, &path, src, i);
            Action::Set { path, src }
        }
    })
}

/// Whether a proxy applies at the destination `path` names (for
/// `StageProxy`): the field's or the shape's, or at the empty path the
/// cursor node's (or the cursor is a proxy node).
pub fn proxy_applies(model: &Model<'_>, path: &[PathSegment]) -> bool {
    let store = model.store();
    let (root, rest) = match path {
        [PathSegment::Root, rest @ ..] => (true, rest),
        _ => (false, path),
    };
    let Some(mut place) = Place::start(model, root) else {
        return false;
    };
    let Some((last, prefix)) = rest.split_last() else {
        let node = place.node.expect("the cursor node");
        if let Part::Proxy(_) = node.part {
            return true;
        }
        let cursor = match root {
            true => &[][..],
            false => model.cursor().unwrap_or(&[]),
        };
        let parent = cursor.split_last().and_then(|(&i, up)| {
            let p = model.root()?.descendant(up);
            Some((p.shape, p.part, i as usize))
        });
        return proxy::choose(store, parent, node.shape, None).is_some();
    };
    for seg in prefix {
        match place.step(*seg) {
            Some(p) => place = p,
            None => return false,
        }
    }
    let Some(child) = place.step(*last) else {
        return false;
    };
    let parent = match *last {
        PathSegment::Field(n) => Some((place.shape.id(), place.part, n as usize)),
        _ => None,
    };
    proxy::choose(store, parent, child.shape.id(), None).is_some()
}

/// The paths of at most two segments from the cursor (the empty one
/// included) at which a proxy applies.
fn proxy_places(model: &Model<'_>) -> Vec<Vec<PathSegment>> {
    let mut out = Vec::new();
    let Some(here) = Place::start(model, false) else {
        return out;
    };
    let mut paths = vec![Vec::new()];
    for seg in here.choices() {
        paths.push(vec![seg]);
        if let Some(child) = here.step(seg) {
            paths.extend(child.choices().into_iter().map(|s| vec![seg, s]));
        }
    }
    for p in paths {
        if proxy_applies(model, &p) {
            out.push(p);
        }
    }
    out
}
