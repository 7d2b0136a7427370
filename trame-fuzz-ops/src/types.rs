//! The types the fuzzer builds, how to make a value of each reachable shape
//! from a one-byte seed, and the drop counter.
//!
//! Every shape reachable from a root type has an entry in [`makers`]
//! (checked by a test), found by shape identity, so an abstract op can be
//! turned into an `Imm` of exactly the slot's type, or of a deliberately
//! wrong one.
//!
//! The types built through proxies, holding a `Uuid` or holding dynamic
//! values are defined in [`crate::extra`]; they are registered here with
//! the others.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::num::NonZero;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use facet::Facet;
use trame::{HeapValue, Imm, Shape, Trame};

pub use crate::extra::{Badge, Doc, PortText, Tagged, Ticket, TicketProxy};
pub use crate::make::Make;
use crate::model::{ToV, V};
use facet_value::Value;
use uuid::Uuid;

thread_local! {
    static MADE: Cell<usize> = const { Cell::new(0) };
    static DROPPED: Cell<usize> = const { Cell::new(0) };
}

/// Per-thread counts of [`Tracked`] values made and dropped. The fuzzer runs
/// one input at a time on one thread; [`reset`](drops::reset) starts each input at zero.
pub mod drops {
    use super::{DROPPED, MADE};

    /// Sets both counts to zero.
    pub fn reset() {
        MADE.with(|m| m.set(0));
        DROPPED.with(|d| d.set(0));
    }

    /// `(made, dropped)` since the last [`reset`].
    pub fn counts() -> (usize, usize) {
        (MADE.with(|m| m.get()), DROPPED.with(|d| d.get()))
    }
}

/// An opaque drop-counting payload: every value made is counted, every drop
/// is counted, so a leak or a double drop unbalances the counts.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tracked(u32);

// An opaque leaf written by hand rather than derived with
// `#[facet(opaque)]`: the derive cannot tell whether an opaque type has
// lifetimes, so trame's safe `Imm::new` refuses derived opaque types; this
// shape says (truly) that `Tracked` has none.
//
// SAFETY: facet's builder makes the shape for `Tracked` (layout, its drop
// and its `Default`); `Tracked` has no lifetime or type parameter, as the
// builder's default variance (bivariant) says.
unsafe impl Facet<'_> for Tracked {
    const SHAPE: &'static facet::Shape = &const {
        facet::ShapeBuilder::for_sized::<Tracked>("Tracked")
            .ty(facet::Type::User(facet::UserType::Opaque))
            .def(facet::Def::Scalar)
            .type_ops_direct(&const { facet::type_ops_direct!(Tracked => Default) })
            .build()
    };
}

impl Tracked {
    /// A new counted value.
    pub fn new(v: u32) -> Tracked {
        MADE.with(|m| m.set(m.get() + 1));
        Tracked(v)
    }

    /// The payload.
    pub fn value(&self) -> u32 {
        self.0
    }
}

impl Default for Tracked {
    fn default() -> Self {
        Tracked::new(0)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

/// The spec's `Pair`.
#[derive(Facet, Debug, PartialEq, Default)]
pub struct Pair {
    /// First field.
    pub a: u32,
    /// Second field.
    pub b: u32,
}

/// The spec's `Outer`.
#[derive(Facet, Debug, PartialEq, Default)]
pub struct Outer {
    /// A nested struct.
    pub inner: Pair,
    /// A scalar after it.
    pub c: u32,
}

/// `Outer` with its inner struct flattened.
#[derive(Facet, Debug, PartialEq, Default)]
pub struct Flat {
    /// Flattened.
    #[facet(flatten)]
    pub inner: Pair,
    /// A scalar after it.
    pub c: u32,
}

/// Owned heap data and a counted payload.
#[derive(Facet, Debug)]
pub struct Named {
    /// A string.
    pub s: String,
    /// A counted payload.
    pub t: Tracked,
    /// Bytes.
    pub v: Vec<u8>,
}

/// A tuple struct with a counted payload.
#[derive(Facet, Debug)]
pub struct Wrap(pub u32, pub Tracked);

/// Unit, tuple and struct variants, `u8` discriminant.
#[derive(Facet, Debug)]
#[repr(u8)]
#[allow(dead_code)]
pub enum E1 {
    /// No payload.
    Unit,
    /// Tuple payload.
    Tup(u32, String),
    /// Struct payload with a counted field.
    Named {
        /// A scalar.
        x: u16,
        /// A counted payload.
        t: Tracked,
    },
}

/// `repr(C, u16)` enum with nested struct payloads.
#[derive(Facet, Debug)]
#[repr(C, u16)]
#[allow(dead_code)]
pub enum E2 {
    /// A counted payload.
    A(Tracked),
    /// A nested struct and a string.
    B {
        /// Nested struct.
        inner: Pair,
        /// A string.
        s: String,
    },
    /// No payload.
    C,
}

/// `i64` discriminant, payloads with pointers and containers.
#[derive(Facet, Debug)]
#[repr(i64)]
#[allow(dead_code)]
pub enum E3 {
    /// No payload.
    X,
    /// A boxed byte.
    Y(Box<u8>),
    /// A list of counted payloads and a defaulted field.
    Z {
        /// Counted payloads.
        v: Vec<Tracked>,
        /// Filled by its default when missing.
        #[facet(default)]
        n: u32,
    },
}

/// Field defaults of every kind.
#[derive(Facet, Debug)]
pub struct WithDefaults {
    /// The type's default.
    #[facet(default)]
    pub a: u32,
    /// A custom default.
    #[facet(default = 7)]
    pub b: u16,
    /// `None` when missing.
    pub c: Option<String>,
    /// Required.
    pub d: String,
    /// A counted default.
    #[facet(default)]
    pub t: Tracked,
}

/// A recursive list through `Option<Box<_>>`.
#[derive(Facet, Debug)]
pub struct Chain {
    /// A counted payload.
    pub val: Tracked,
    /// The rest.
    pub next: Option<Box<Chain>>,
}

/// Nesting of containers, structs and enums.
#[derive(Facet, Debug)]
pub struct Deep {
    /// A list of structs.
    pub items: Vec<Named>,
    /// A map of tuple structs.
    pub map: BTreeMap<u16, Wrap>,
    /// An enum.
    pub e: E1,
    /// Recursive chains.
    pub chains: Vec<Chain>,
}

fn ordered(s: &Span) -> bool {
    s.lo <= s.hi
}

/// A range with a counted payload whose invariants (`lo <= hi`) run when
/// a node of it completes.
#[derive(Facet, Debug)]
#[facet(invariants = ordered)]
pub struct Span {
    /// Low end.
    pub lo: u32,
    /// High end, at least `lo`.
    pub hi: u32,
    /// A counted payload.
    pub t: Tracked,
}

/// Hooks and counted values side by side: an address parsed from text, a
/// port converted from a `u32` (not zero), checked spans.
#[derive(Facet, Debug)]
pub struct Host {
    /// A counted payload before the hooks.
    pub t: Tracked,
    /// Parsed from text (`Source::Parse`).
    pub addr: IpAddr,
    /// Converted from a `u32` (`Source::Convert`).
    pub port: NonZero<u32>,
    /// Checked when staged.
    pub span: Span,
    /// Checked element by element.
    pub spans: Vec<Span>,
    /// A counted payload after them.
    pub last: Box<Tracked>,
}

/// How to make values of one shape.
pub struct Maker {
    /// The shape.
    pub shape: &'static Shape,
    /// A value of the shape from a seed.
    pub imm: fn(u8) -> Imm<'static>,
    /// For modelled types: the value for a seed, and the type's default.
    pub model: Option<ModelFns>,
}

/// What the expected-value model needs of a modelled type.
#[derive(Clone, Copy)]
pub struct ModelFns {
    /// The model of `make(seed)`.
    pub whole: fn(u8) -> V,
    /// The model of `Default::default()`.
    pub default: fn() -> V,
}

fn maker<T: Make + Facet<'static>>() -> Maker {
    Maker {
        shape: T::SHAPE,
        // SAFETY: every type the harness makes is `'static` and its own
        // slot's type: it has no lifetime that a shape could hide. (The
        // unchecked form lets the harness move in whole `HashMap`s, which
        // `Imm::new` refuses: their shapes do not describe the hasher.)
        imm: |s| unsafe { Imm::new_unchecked(T::make(s)) },
        model: None,
    }
}

fn modelled<T: Make + Facet<'static> + ToV + Default>() -> Maker {
    Maker {
        model: Some(ModelFns {
            whole: |s| T::make(s).to_v(),
            default: || T::default().to_v(),
        }),
        ..maker::<T>()
    }
}

/// The makers of every shape reachable from a root type.
pub fn makers() -> &'static [Maker] {
    static MAKERS: OnceLock<Vec<Maker>> = OnceLock::new();
    MAKERS.get_or_init(|| {
        vec![
            maker::<u8>(),
            maker::<u16>(),
            modelled::<u32>(),
            maker::<i64>(),
            maker::<bool>(),
            maker::<f64>(),
            modelled::<String>(),
            maker::<Tracked>(),
            modelled::<Pair>(),
            modelled::<Outer>(),
            modelled::<Flat>(),
            modelled::<(u32, String)>(),
            maker::<[u16; 3]>(),
            maker::<Named>(),
            maker::<Wrap>(),
            maker::<E1>(),
            maker::<E2>(),
            maker::<E3>(),
            maker::<Option<u32>>(),
            maker::<Option<String>>(),
            maker::<Box<Pair>>(),
            maker::<Arc<String>>(),
            maker::<Rc<Tracked>>(),
            maker::<Box<Tracked>>(),
            maker::<Box<u8>>(),
            maker::<Option<Box<u8>>>(),
            modelled::<Vec<u32>>(),
            modelled::<Vec<String>>(),
            maker::<Vec<u8>>(),
            maker::<Vec<Vec<u8>>>(),
            modelled::<HashMap<String, u32>>(),
            modelled::<BTreeMap<u32, String>>(),
            maker::<HashSet<String>>(),
            maker::<BTreeSet<u16>>(),
            maker::<[Option<Box<u8>>; 2]>(),
            maker::<WithDefaults>(),
            maker::<Chain>(),
            maker::<Option<Box<Chain>>>(),
            maker::<Box<Chain>>(),
            maker::<Deep>(),
            maker::<Vec<Named>>(),
            maker::<BTreeMap<u16, Wrap>>(),
            maker::<Vec<Chain>>(),
            maker::<Vec<Tracked>>(),
            maker::<HashMap<String, Vec<Tracked>>>(),
            maker::<Option<Box<Outer>>>(),
            maker::<Box<Outer>>(),
            maker::<Vec<E1>>(),
            maker::<Box<[u32]>>(),
            maker::<Result<u32, String>>(),
            maker::<HashSet<Tracked>>(),
            maker::<BTreeMap<Tracked, Option<Tracked>>>(),
            maker::<Option<Tracked>>(),
            maker::<Arc<Vec<String>>>(),
            maker::<IpAddr>(),
            maker::<NonZero<u32>>(),
            maker::<Span>(),
            maker::<Host>(),
            maker::<Vec<Span>>(),
            maker::<Option<NonZero<u32>>>(),
            maker::<Uuid>(),
            maker::<Tagged>(),
            maker::<TicketProxy>(),
            maker::<Ticket>(),
            maker::<PortText>(),
            maker::<Badge>(),
            maker::<Vec<Ticket>>(),
            maker::<Value>(),
            maker::<Doc>(),
            maker::<Vec<Value>>(),
        ]
    })
}

/// The maker for `shape`, if it is reachable from a root type.
pub fn maker_for(shape: &'static Shape) -> Option<&'static Maker> {
    makers().iter().find(|m| m.shape == shape)
}

/// A root type: how to start a Trame for it and check a built value.
pub struct Root {
    /// The shape.
    pub shape: &'static Shape,
    /// A strict Trame.
    pub strict: fn() -> Trame<'static>,
    /// A deferred Trame.
    pub deferred: fn() -> Trame<'static>,
    /// Materializes the value as the root type (which must succeed), drops
    /// it, and returns its model when the type is modelled.
    pub take: fn(HeapValue<'static>) -> Option<V>,
}

fn root<T: Facet<'static>>() -> Root {
    Root {
        shape: T::SHAPE,
        strict: Trame::new::<T>,
        deferred: Trame::new_deferred::<T>,
        take: |hv| {
            let v = hv
                .materialize::<T>()
                .expect("materialize as the built type");
            drop(v);
            None
        },
    }
}

fn root_m<T: Facet<'static> + ToV>() -> Root {
    Root {
        take: |hv| Some(hv.materialize::<T>().expect("materialize").to_v()),
        ..root::<T>()
    }
}

/// The root types, indexed by the input's first byte.
pub fn roots() -> &'static [Root] {
    static ROOTS: OnceLock<Vec<Root>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        vec![
            root::<u8>(),
            root::<u16>(),
            root_m::<u32>(),
            root::<i64>(),
            root::<bool>(),
            root::<f64>(),
            root_m::<String>(),
            root::<Tracked>(),
            root_m::<Pair>(),
            root_m::<Outer>(),
            root_m::<(u32, String)>(),
            root::<[u16; 3]>(),
            root::<Named>(),
            root::<Wrap>(),
            root::<E1>(),
            root::<E2>(),
            root::<E3>(),
            root::<Option<u32>>(),
            root::<Option<String>>(),
            root::<Box<Pair>>(),
            root::<Arc<String>>(),
            root::<Rc<Tracked>>(),
            root::<Box<Tracked>>(),
            root_m::<Vec<u32>>(),
            root_m::<Vec<String>>(),
            root::<Vec<Vec<u8>>>(),
            root_m::<HashMap<String, u32>>(),
            root_m::<BTreeMap<u32, String>>(),
            root::<HashSet<String>>(),
            root::<BTreeSet<u16>>(),
            root::<[Option<Box<u8>>; 2]>(),
            root::<WithDefaults>(),
            root_m::<Flat>(),
            root::<Chain>(),
            root::<Deep>(),
            root::<Vec<Tracked>>(),
            root::<HashMap<String, Vec<Tracked>>>(),
            root::<Option<Box<Outer>>>(),
            root::<Vec<E1>>(),
            root::<Box<[u32]>>(),
            root::<Result<u32, String>>(),
            root::<HashSet<Tracked>>(),
            root::<BTreeMap<Tracked, Option<Tracked>>>(),
            root::<Arc<Vec<String>>>(),
            root::<IpAddr>(),
            root::<NonZero<u32>>(),
            root_span(),
            root::<Host>(),
            root::<Vec<Span>>(),
            root::<Option<NonZero<u32>>>(),
            root::<Uuid>(),
            root::<Tagged>(),
            root::<Ticket>(),
            root::<Badge>(),
            root::<Vec<Ticket>>(),
            root::<Value>(),
            root::<Doc>(),
            root::<Vec<Value>>(),
        ]
    })
}

/// `Span` as a root: a built span has been checked, so it is ordered.
fn root_span() -> Root {
    Root {
        take: |hv| {
            let span = hv.materialize::<Span>().expect("materialize as Span");
            assert!(span.lo <= span.hi, "a built Span broke its invariants");
            None
        },
        ..root::<Span>()
    }
}
