//! The reference model: a small, deliberately simple restatement of the
//! spec's construction semantics, independent of the core's code.
//!
//! A [`Model`] is a plain recursive tree of [`ModelNode`]s with a cursor
//! (the path of child indices from the root), deferred flags per node, and
//! a poisoned/built state. For every op it predicts acceptance or the error
//! (kind and location), the cursor, the exact bytes of the value under
//! construction (which `Imm` or default produced each initialized byte,
//! which bytes are uninitialized, and for each handle the value it stands
//! for: see [`image`]), how many heap allocations are live, and after a
//! successful build the finished [`AValue`].
//!
//! It reads shapes only through their public facts (kind, slots, offsets,
//! variants, defaults, names): see [`facts`]. Modeled kinds: every kind
//! the verified runtime has (scalars, structs, tuples, arrays, enums built
//! in place, `Result`s, options, pointers, lists, sets and maps; see
//! [`NodeKind`]).
//!
//! Construction hooks are modeled as the checked heap declares them
//! ([`trame::verified::VHooks`]): `Parse`, `ParseBytes` and `Convert`
//! write a made value like `Imm` (with the tag the hook derives from its
//! input) or fail, and a node whose shape declares invariants is checked
//! when it becomes complete at validation (strict `End`, the fold of a
//! complete child, the exit of a deferred subtree, `build` for the root),
//! never at the `End` of a deferred node below its deferred root, and
//! never for a value written whole into a slot (see [`hooks`]).
//!
//! Proxies are modeled as the store declares them: `StageProxy` stages a
//! proxy node, converted when it closes as the checked heap's
//! `proxy_convert_in` does (see [`proxy`]). Dynamic values are container
//! nodes staged as arrays or objects, or written whole from scalars (see
//! [`dynamic`]).

pub mod dynamic;
mod enter;
pub mod facts;
pub mod hooks;
pub mod image;
mod ops;
pub mod proxy;
pub mod tree;
mod validate;
pub mod value;

use trame::PathSegment;
use trame::verified::{ShapeId, ShapeStore, VShape};

pub use facts::{NodeKind, Part, SlotTy, is_modeled, node_kind};
pub use image::{Image, PByte};
pub use tree::{Elements, EnumSlot, ModelNode, NodeState, Slot};
pub use value::{AValue, Leaf};

/// Most nodes a tree may hold at once: the verified runtime's arena
/// capacity, beyond which staging fails with `OutOfCapacity`.
pub const NODE_CAPACITY: usize = trame::verified::VARENA_CAPACITY;

/// Where a `Set` takes its value from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Src {
    /// A value of `shape` whose every value byte is `tag`.
    Imm {
        /// The value's shape.
        shape: ShapeId,
        /// The byte written into every value byte.
        tag: u8,
    },
    /// The shape's default.
    Default,
    /// Open a node.
    Stage,
    /// Open a node rooting a deferred subtree.
    StageDeferred,
    /// Open a dynamic value as an object (see [`dynamic`]).
    StageObject,
    /// `StageObject`, the node rooting a deferred subtree.
    StageObjectDeferred,
    /// Open a node building the destination through the proxy its field
    /// or its shape declares (see [`proxy`]).
    StageProxy,
    /// Build the value from text through the shape's parse hook.
    Parse(Text),
    /// Build the value from bytes through the shape's bytes-parse hook:
    /// `[first, b'7']`, or no bytes at all for `None`.
    ParseBytes(Option<u8>),
    /// Build the value from a value of `shape` whose every value byte is
    /// `tag`, through the destination shape's conversion hook.
    Convert {
        /// The shape of the value converted.
        shape: ShapeId,
        /// The byte written into every value byte of that value.
        tag: u8,
    },
}

/// The text of a `Parse` source, abstractly: the checked heap's parse hook
/// accepts non-empty ASCII digits and makes the value with the first
/// digit's value as its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    /// `"{d}7"`: digits, the first being `d` (0–9).
    Digits(u8),
    /// `"{d}x"`: a digit, then a letter (refused).
    Mixed(u8),
    /// `""` (refused).
    Empty,
}

impl Text {
    /// The text itself.
    pub fn render(self) -> String {
        match self {
            Text::Digits(d) => format!("{}7", d % 10),
            Text::Mixed(d) => format!("{}x", d % 10),
            Text::Empty => String::new(),
        }
    }
}

impl Src {
    /// The bytes of a `ParseBytes` source.
    pub fn bytes(first: Option<u8>) -> Vec<u8> {
        first.map_or_else(Vec::new, |b| vec![b, b'7'])
    }
}

/// An error the model predicts, with the details a test can compare: the
/// location (a `$.a.0[1].Variant` path) where the real error carries one,
/// and for an incomplete value every missing path, sorted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MError {
    /// An earlier error poisoned the builder.
    Poisoned,
    /// Validation found missing parts (every one of them, sorted).
    Incomplete {
        /// Full paths of the missing parts, sorted.
        all: Vec<String>,
    },
    /// `Imm` of another shape than the destination's.
    ShapeMismatch {
        /// The destination.
        path: String,
    },
    /// `Field(n)` beyond the node's slots or variants.
    FieldOutOfRange {
        /// The node the segment applied to.
        path: String,
        /// The index asked for.
        index: u32,
        /// How many slots or variants there are.
        count: usize,
    },
    /// `Append` at something that is not a list, set or map.
    NotAContainer {
        /// The node.
        path: String,
    },
    /// `Append` with `Imm` or `Default`.
    AppendRequiresStage {
        /// The container.
        path: String,
    },
    /// `Root` after the first segment.
    RootNotFirst {
        /// Its position in the path.
        position: usize,
    },
    /// `Stage` or `Append` into a closed container.
    ContainerClosed {
        /// The container.
        path: String,
    },
    /// `End` at the root.
    EndAtRoot,
    /// `Default` for a shape without one.
    NoDefault {
        /// The destination.
        path: String,
    },
    /// Something this version does not do (`Imm`/`Default` of a variant
    /// or payload as a whole).
    Unsupported {
        /// The node.
        path: String,
    },
    /// The runtime's node capacity is exhausted.
    OutOfCapacity,
    /// `Parse`, `ParseBytes` or `Convert` at a shape without that hook.
    NoHook {
        /// The destination.
        path: String,
        /// The destination's shape.
        shape: String,
        /// `"parse"`, `"parse_bytes"` or `"try_from"`.
        hook: &'static str,
    },
    /// The parse (or bytes-parse) hook refused the text (bytes).
    ParseFailed {
        /// The destination.
        path: String,
        /// The destination's shape.
        shape: String,
    },
    /// The conversion hook refused the value, or does not convert from
    /// its shape.
    ConversionFailed {
        /// The destination.
        path: String,
        /// The destination's shape.
        shape: String,
        /// The shape of the value offered.
        from: String,
    },
    /// A complete node broke its shape's invariants.
    InvariantViolated {
        /// The node.
        path: String,
        /// Its shape.
        shape: String,
    },
    /// Several nodes broke their invariants and validation reports the
    /// first it checks, in an order the spec leaves open (trame's follows
    /// the order in which children were staged): any one of these
    /// (path, shape) pairs, sorted, none of which has a broken descendant.
    InvariantViolatedAny(Vec<(String, String)>),
    /// Several nodes failed at validation (a conversion refused, or
    /// invariants broken) and validation reports the first it meets, in
    /// an order the spec leaves open: any one of these.
    AnyOf(Vec<MError>),
    /// An error the model has no counterpart for.
    Other(String),
}

impl MError {
    /// Whether trame's error `got` is what the model predicts: the same,
    /// or one of the alternatives of [`MError::InvariantViolatedAny`].
    pub fn admits(&self, got: &MError) -> bool {
        match (self, got) {
            (MError::InvariantViolatedAny(any), MError::InvariantViolated { path, shape }) => {
                any.iter().any(|(p, s)| p == path && s == shape)
            }
            (MError::AnyOf(any), got) => any.iter().any(|e| e.admits(got)),
            _ => self == got,
        }
    }
}

/// Where the model is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Phase {
    /// Ops may be applied.
    Active {
        /// The root node.
        root: ModelNode,
        /// Child indices from the root to the cursor node.
        cursor: Vec<u32>,
    },
    /// An error happened: nothing is left.
    Poisoned,
    /// `build` succeeded: the value was handed out.
    Built,
}

/// The reference model of one builder.
#[derive(Clone, Debug)]
pub struct Model<'s> {
    store: &'s ShapeStore,
    root_shape: ShapeId,
    phase: Phase,
    /// The format whose proxies apply (see [`Model::with_format`]).
    format: Option<&'static str>,
    /// Proxy values converted so far (by ops that succeeded).
    conversions: u64,
}

impl<'s> Model<'s> {
    /// A builder of `root` (a shape of `store`), strict, or with the whole
    /// tree deferred.
    pub fn new(store: &'s ShapeStore, root: ShapeId, deferred: bool) -> Self {
        let mut node = ModelNode::new(store, root, Part::Value, None);
        node.deferred = deferred;
        node.deferred_root = deferred;
        Model {
            store,
            root_shape: root,
            phase: Phase::Active {
                root: node,
                cursor: Vec::new(),
            },
            format: None,
            conversions: 0,
        }
    }

    /// How many proxy values were converted so far, by ops that succeeded.
    pub fn conversions(&self) -> u64 {
        self.conversions
    }

    /// The same builder for `format`: a proxy declared for that format
    /// applies before the format-agnostic one (as `Trame::with_format`).
    pub fn with_format(mut self, format: &'static str) -> Self {
        self.format = Some(format);
        self
    }

    /// The shape store.
    pub fn store(&self) -> &'s ShapeStore {
        self.store
    }

    /// The shape being built.
    pub fn root_shape(&self) -> VShape<'s> {
        self.store.shape(self.root_shape)
    }

    /// Whether an error poisoned the builder.
    pub fn is_poisoned(&self) -> bool {
        self.phase == Phase::Poisoned
    }

    /// Whether ops may still be applied.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, Phase::Active { .. })
    }

    /// The root node, while active.
    pub fn root(&self) -> Option<&ModelNode> {
        match &self.phase {
            Phase::Active { root, .. } => Some(root),
            _ => None,
        }
    }

    /// Child indices from the root to the cursor, while active.
    pub fn cursor(&self) -> Option<&[u32]> {
        match &self.phase {
            Phase::Active { cursor, .. } => Some(cursor),
            _ => None,
        }
    }

    /// The node under the cursor, while active.
    pub fn cursor_node(&self) -> Option<&ModelNode> {
        match &self.phase {
            Phase::Active { root, cursor } => Some(root.descendant(cursor)),
            _ => None,
        }
    }

    /// Number of nodes between the root and the cursor (0 at the root).
    pub fn depth(&self) -> usize {
        self.cursor().map_or(0, <[u32]>::len)
    }

    /// The bytes of the root value as they should be in memory right now,
    /// with the handles among them and the values they stand for.
    pub fn predicted_image(&self) -> Image {
        let mut out = Image::new(trame::IShape::size(self.root_shape()));
        if let Some(root) = self.root() {
            self.render_node(root, 0, &mut out);
        }
        out
    }

    /// Only the bytes a node's own memory holds: a wrapper's inner value,
    /// a container's elements and a map's entries live in allocations of
    /// their own and appear once their node closes.
    fn render_node(&self, node: &ModelNode, base: usize, out: &mut Image) {
        let shape = self.store.shape(node.shape);
        match &node.state {
            NodeState::Leaf(Some(v))
            | NodeState::Enum(EnumSlot::Whole(v))
            | NodeState::Wrapper { whole: Some(v), .. }
            | NodeState::Container(Elements::Closed(v)) => {
                out.render(shape, node.part.as_value(), v, base);
            }
            NodeState::Enum(EnumSlot::Selected { variant, child }) => {
                out.render_tag(shape, *variant, base);
                self.render_node(child, base, out);
            }
            NodeState::Slots(slots) if node.part != Part::Entry => {
                for (ty, slot) in facts::slots(shape, node.part).into_iter().zip(slots) {
                    match slot {
                        Slot::Uninit => {}
                        Slot::Init(v) => out.render(ty.shape, ty.part, v, base + ty.offset),
                        Slot::Staged(c) => self.render_node(c, base + ty.offset, out),
                    }
                }
            }
            _ => {}
        }
    }

    /// The range of heap allocations that should be live right now: the
    /// root, everything the values in the tree own, a wrapper's inner
    /// allocation, and 1 to `n` staging chunks for a container with `n > 0`
    /// staged elements (how many is the core's sizing policy). `None`
    /// unless active.
    pub fn live_allocations(&self) -> Option<(usize, usize)> {
        let root = self.root()?;
        let (mut min, mut max) = (1, 1);
        self.count_node(root, &mut min, &mut max);
        Some((min, max))
    }

    fn count_node(&self, node: &ModelNode, min: &mut usize, max: &mut usize) {
        let shape = self.store.shape(node.shape);
        let add = |n: usize, min: &mut usize, max: &mut usize| {
            *min += n;
            *max += n;
        };
        match &node.state {
            NodeState::Leaf(Some(v))
            | NodeState::Enum(EnumSlot::Whole(v))
            | NodeState::Wrapper { whole: Some(v), .. }
            | NodeState::Container(Elements::Closed(v)) => {
                add(
                    image::owned_allocations(shape, node.part.as_value(), v),
                    min,
                    max,
                );
            }
            NodeState::Enum(EnumSlot::Selected { child, .. }) => self.count_node(child, min, max),
            NodeState::Wrapper { slot, .. } if *slot != Slot::Uninit => add(1, min, max),
            NodeState::Container(Elements::Staging(slots)) if !slots.is_empty() => {
                *min += 1;
                *max += slots.len();
            }
            _ => {}
        }
        let tys = match &node.state {
            NodeState::Container(_) => {
                let ty = node.element(self.store).expect("a container's element");
                vec![ty; node.slots().map_or(0, <[Slot]>::len)]
            }
            _ => facts::slots(shape, node.part),
        };
        for (ty, slot) in tys.into_iter().zip(node.slots().unwrap_or(&[])) {
            match slot {
                Slot::Uninit => {}
                Slot::Init(v) => add(image::owned_allocations(ty.shape, ty.part, v), min, max),
                Slot::Staged(c) => self.count_node(c, min, max),
            }
        }
    }

    /// A hash of everything the model knows (tree, cursor, phase), for
    /// counting distinct states. With `erase_tags`, which `Imm` wrote a
    /// leaf is forgotten (only that an `Imm` or a default did): states that
    /// differ only in the values moved in are the same up to renaming the
    /// values, and trame never inspects value bytes other than enum
    /// discriminants (which stay in the state as the active variant). A
    /// closing set or map compares element bytes, but within a sequence
    /// every `Imm` has a tag of its own, so which elements are equal does
    /// not depend on the tags.
    pub fn fingerprint(&self, erase_tags: bool) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.root_shape.hash(&mut h);
        match (&self.phase, erase_tags) {
            (Phase::Active { root, cursor }, true) => {
                let mut root = root.clone();
                root.erase_tags();
                (&root, cursor).hash(&mut h);
            }
            (phase, _) => phase.hash(&mut h),
        }
        h.finish()
    }

    /// `Set { dst: path, src }`.
    pub fn apply_set(&mut self, path: &[PathSegment], src: Src) -> Result<(), MError> {
        let result = match &mut self.phase {
            Phase::Active { root, cursor } => {
                let mut b = ops::Builder::new(self.store, root, cursor);
                b.format = self.format;
                let r = b.set(path, src);
                self.conversions += b.converted;
                r
            }
            _ => return Err(MError::Poisoned),
        };
        self.poison_on(result)
    }

    /// `End`.
    pub fn apply_end(&mut self) -> Result<(), MError> {
        let result = match &mut self.phase {
            Phase::Active { root, cursor } => {
                let mut b = ops::Builder::new(self.store, root, cursor);
                let r = b.end();
                self.conversions += b.converted;
                r
            }
            _ => return Err(MError::Poisoned),
        };
        self.poison_on(result)
    }

    /// `build()`: climbs to the root with `End` semantics, validates the
    /// root, and returns the finished value.
    pub fn build(&mut self) -> Result<AValue, MError> {
        let result = match &mut self.phase {
            Phase::Active { root, cursor } => {
                let mut b = ops::Builder::new(self.store, root, cursor);
                let r = b.finish();
                self.conversions += b.converted;
                r
            }
            _ => return Err(MError::Poisoned),
        };
        let value = self.poison_on(result)?;
        self.phase = Phase::Built;
        Ok(value)
    }

    fn poison_on<T>(&mut self, result: Result<T, MError>) -> Result<T, MError> {
        if result.is_err() {
            self.phase = Phase::Poisoned;
        }
        result
    }
}
