//! Op generation for property tests: guided ops, resolved against the
//! model's current state so that they name real slots and sequences get
//! deep, and raw ops (any segments, mismatching values) for the error
//! paths.

use proptest::prelude::*;
use trame::PathSegment;
use trame::verified::{ShapeId, VShape};

use crate::driver::Action;
use crate::model::facts::{self, NodeKind, Part, node_kind};
use crate::model::{Model, Src};

/// A source, before it is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenSrc {
    /// An `Imm` of the destination's shape (`matching`) or of another.
    Imm {
        /// Whether the value's shape is the destination's.
        matching: bool,
    },
    /// `Default`.
    Default,
    /// `Stage`.
    Stage,
    /// `StageDeferred`.
    StageDeferred,
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

/// A source: mostly matching values and staging.
pub fn source() -> impl Strategy<Value = GenSrc> {
    prop_oneof![
        30 => Just(GenSrc::Imm { matching: true }),
        2 => Just(GenSrc::Imm { matching: false }),
        10 => Just(GenSrc::Default),
        30 => Just(GenSrc::Stage),
        8 => Just(GenSrc::StageDeferred),
    ]
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

/// The shape and part of the node a path starts from: the cursor node,
/// or the root after a leading `Root`.
fn start<'s>(model: &Model<'s>, root: bool) -> Option<(VShape<'s>, Part)> {
    if root {
        return Some((model.root_shape(), Part::Value));
    }
    let node = model.cursor_node()?;
    Some((model.store().shape(node.shape), node.part))
}

/// What `Field(n)` leads to from a node of `shape`/`part`: the child's
/// shape and part, or `None` when out of range.
pub fn child_of<'s>(shape: VShape<'s>, part: Part, n: usize) -> Option<(VShape<'s>, Part)> {
    match node_kind(shape, part) {
        NodeKind::Enum => {
            (n < trame::IShape::variant_count(shape)).then_some((shape, Part::Variant(n as u32)))
        }
        NodeKind::Slots => facts::slots(shape, part).get(n).map(|s| (s.shape, s.part)),
        NodeKind::Leaf | NodeKind::Unmodeled(_) => None,
    }
}

/// Number of slots (or variants) of a node of `shape`/`part`.
pub fn child_count(shape: VShape<'_>, part: Part) -> usize {
    match node_kind(shape, part) {
        NodeKind::Enum => trame::IShape::variant_count(shape),
        NodeKind::Slots => facts::slots(shape, part).len(),
        NodeKind::Leaf | NodeKind::Unmodeled(_) => 0,
    }
}

/// The path a guided op names in the model's current state. With
/// `to_value`, the path is extended (reusing the last pick) until it names
/// a whole value rather than an enum's variant or payload, so that writes
/// mostly land.
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
    let Some((mut shape, mut part)) = start(model, root) else {
        return path;
    };
    for &pick in picks {
        let count = child_count(shape, part);
        if count == 0 {
            break;
        }
        let n = pick as usize % count;
        path.push(PathSegment::Field(n as u32));
        (shape, part) = child_of(shape, part, n).expect("in range");
    }
    let last = picks.last().copied().unwrap_or(0) as usize;
    while to_value && part != Part::Value {
        let count = child_count(shape, part);
        if count == 0 {
            break;
        }
        path.push(PathSegment::Field((last % count) as u32));
        (shape, part) = child_of(shape, part, last % count).expect("in range");
    }
    path
}

/// The shape of the whole value a path names, if it names one.
pub fn dest_shape(model: &Model<'_>, path: &[PathSegment]) -> Option<ShapeId> {
    let (root, rest) = match path {
        [PathSegment::Root, rest @ ..] => (true, rest),
        _ => (false, path),
    };
    let (mut shape, mut part) = start(model, root)?;
    for seg in rest {
        let PathSegment::Field(n) = seg else {
            return None;
        };
        (shape, part) = child_of(shape, part, *n as usize)?;
    }
    (part == Part::Value).then_some(shape.id())
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
        GenSrc::Imm { matching } => {
            let dest = dest_shape(model, path);
            let shape = match dest {
                Some(s) if matching => s,
                _ => other_shape(model, dest, i),
            };
            Src::Imm { shape, tag: tag(i) }
        }
        GenSrc::Default => Src::Default,
        GenSrc::Stage => Src::Stage,
        GenSrc::StageDeferred => Src::StageDeferred,
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
            let writes = matches!(src, GenSrc::Imm { .. } | GenSrc::Default);
            let path = guided_path(model, *root, picks, writes);
            // Guided ops lean towards what is accepted (raw ops keep the
            // errors): `Default` where there is none becomes a matching
            // `Imm`, and a write that can only name a unit variant's
            // payload stages it instead.
            let dest = dest_shape(model, &path);
            let has_default =
                dest.is_some_and(|s| trame::IShape::has_default(model.store().shape(s)));
            let src = match src {
                GenSrc::Imm { .. } | GenSrc::Default if dest.is_none() => GenSrc::Stage,
                GenSrc::Default if !has_default => GenSrc::Imm { matching: true },
                other => *other,
            };
            let src = resolve_src(model, &path, src, i);
            Action::Set { path, src }
        }
    })
}
