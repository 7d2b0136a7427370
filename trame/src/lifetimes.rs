//! Which types the safe API can move in ([`Imm::new`](crate::Imm::new)) and
//! move out ([`HeapValue::materialize`](crate::HeapValue::materialize))
//! without knowing their lifetimes.
//!
//! Trame compares shapes, and facet's shape ids ignore lifetimes: `X<'a>`
//! and `X<'static>` have one shape. That is sound where the type's `Facet`
//! impl *pins* every lifetime in the type to the impl's own lifetime: then
//! `T: Facet<'facet>` leaves one candidate type per shape, and the bound on
//! `Imm::new` and `materialize` chooses it. facet's derive pins (a struct's
//! lifetime parameters get `'a: 'ʄ, 'ʄ: 'a`, its type parameters
//! `T: Facet<'ʄ>`), and so do most of facet's own impls (`&'a T`, `Vec<T>`,
//! `Option<T>` … require `T: Facet<'a>`). Some impls do not: they bound a
//! parameter only by a lifetime (`T: 'a`), so one shape stands for
//! `X<&'short str>` and `X<&'static str>` alike, and moving one in and the
//! other out would lengthen a borrow. In facet 0.50.0-rc.7 these are:
//!
//! - `OpaqueBorrow<'a, T>` (`T: 'a`);
//! - `LazyLock<T, F>` (`F: 'a`), and lock_api's `Mutex<R, T>` / `RwLock<R, T>`
//!   (`R: 'a`);
//! - `HashMap<K, V, S>` and `IndexMap<K, V, S>` (the hasher, `S: 'a`);
//! - `PhantomData<T>` (`T: 'a`), harmless: it holds no value, and safe code
//!   can make a `PhantomData` of any type;
//! - types derived with `#[facet(opaque)]` that have type parameters
//!   (`T: 'ʄ`). Their shape does not list the parameters, so trame cannot
//!   tell `#[facet(opaque)] struct Holder<T>(T)` from a non-generic opaque
//!   type: every opaque shape that does not declare itself free of
//!   lifetimes is refused.
//!
//! The rule, applied to the type's own shape and recursively to its type
//! arguments (never to a derived type's fields, which its parameters fix):
//!
//! 1. Refused: `OpaqueBorrow`; `LazyLock`, `Mutex` and `RwLock` pointers; an
//!    opaque leaf (a shape with no structure trame walks: a scalar or an
//!    opaque type) whose declared variance is not facet's `BIVARIANT`
//!    ("no lifetime parameters at all", facet-core's `Variance` docs);
//!    `Opaque<T>` is accepted (facet requires `T: 'static`).
//! 2. Maps and sets: their keys and values are walked. Moving *in* a whole
//!    map or set other than `BTreeMap`, `BTreeSet` or `HashSet` (whose hasher
//!    facet bounds by `'static`) is refused, because the shape does not
//!    describe the hasher. Moving a built value *out* accepts them: every
//!    hasher in a tree that trame built was made by `S::default()`, a
//!    function of no borrowed input, or came inside a moved-in value of a
//!    type that this rule accepted.
//! 3. Everything else (primitives, references and smart pointers, lists,
//!    arrays, options, results, tuples, derived structs and enums) is
//!    accepted when its type arguments are: pointees, elements, a tuple's
//!    fields, a derived type's `type_params`.
//!
//! The rule is computed at compile time for each `T` (a `const` per
//! instantiation), except for tuples, whose element shapes facet gives only
//! through functions; those are walked once per call.
//!
//! Types the rule refuses can still be moved in and out, by a caller who
//! vouches for their lifetimes: [`Imm::new_unchecked`](crate::Imm::new_unchecked)
//! and [`HeapValue::materialize_unchecked`](crate::HeapValue::materialize_unchecked).

use facet::{Def, Facet, KnownPointer, Shape, Type, UserType, Variance};

// t[impl api.lifetimes.checked]

/// Which way a value crosses the safe API.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Crossing {
    /// Moved in by [`Imm::new`](crate::Imm::new).
    In,
    /// Moved out by [`HeapValue::materialize`](crate::HeapValue::materialize).
    Out,
}

/// The verdict of the compile-time walk.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Every lifetime in the type is pinned by `T: Facet<'facet>`.
    Pinned,
    /// Some lifetime may be chosen freely: the safe API refuses the type.
    Loose,
    /// A tuple was reached: decided at run time ([`pinned_at_run_time`]).
    Undecided,
}

/// What the rule says of one shape, before its type arguments are walked.
enum Step {
    Pinned,
    Loose,
    /// Pinned when each of these shapes is.
    Args(&'static [facet::TypeParam]),
    One(&'static Shape),
    Two(&'static Shape, &'static Shape),
    /// A tuple: pinned when each field's shape is.
    Fields(&'static [facet::Field]),
}

/// Beyond this depth of type arguments a type is refused (no real type
/// nests its generic arguments this deep; the bound keeps the walk finite).
const MAX_DEPTH: usize = 32;

const OPAQUE_BORROW: u128 = <facet::OpaqueBorrow<'static, ()> as Facet<'static>>::SHAPE
    .decl_id
    .0;
const OPAQUE: u128 = <facet::Opaque<()> as Facet<'static>>::SHAPE.decl_id.0;
const BTREE_MAP: u128 = <std::collections::BTreeMap<(), ()> as Facet<'static>>::SHAPE
    .decl_id
    .0;
const BTREE_SET: u128 = <std::collections::BTreeSet<()> as Facet<'static>>::SHAPE
    .decl_id
    .0;
const HASH_SET: u128 = <std::collections::HashSet<()> as Facet<'static>>::SHAPE
    .decl_id
    .0;

/// The rule at one shape (see the module docs).
const fn step(shape: &'static Shape, crossing: Crossing) -> Step {
    let decl = shape.decl_id.0;
    if decl == OPAQUE_BORROW {
        return Step::Loose;
    }
    if decl == OPAQUE {
        return Step::Pinned;
    }
    match shape.def {
        Def::Pointer(p) => match p.known {
            Some(KnownPointer::LazyLock | KnownPointer::Mutex | KnownPointer::RwLock) => {
                Step::Loose
            }
            _ => match p.pointee {
                Some(t) => Step::One(t),
                None => leaf(shape),
            },
        },
        Def::Map(m) => {
            if matches!(crossing, Crossing::In) && decl != BTREE_MAP {
                Step::Loose
            } else {
                Step::Two(m.k, m.v)
            }
        }
        Def::Set(s) => {
            if matches!(crossing, Crossing::In) && decl != BTREE_SET && decl != HASH_SET {
                Step::Loose
            } else {
                Step::One(s.t)
            }
        }
        Def::List(l) => Step::One(l.t),
        Def::Array(a) => Step::One(a.t),
        Def::Slice(s) => Step::One(s.t),
        Def::Option(o) => Step::One(o.t),
        Def::Result(r) => Step::Two(r.t, r.e),
        _ => match shape.ty {
            Type::Primitive(_) => Step::Pinned,
            Type::User(UserType::Struct(s)) => match s.kind {
                facet::StructKind::Tuple => Step::Fields(s.fields),
                _ => Step::Args(shape.type_params),
            },
            Type::User(UserType::Enum(_) | UserType::Union(_)) => Step::Args(shape.type_params),
            _ => leaf(shape),
        },
    }
}

/// An opaque leaf: pinned only when it declares that it has no lifetimes.
const fn leaf(shape: &'static Shape) -> Step {
    match (shape.variance.base, shape.variance.deps) {
        (Variance::Bivariant, []) => Step::Pinned,
        _ => Step::Loose,
    }
}

/// The rule for `shape`, as far as it can be decided at compile time.
pub(crate) const fn verdict(shape: &'static Shape, crossing: Crossing) -> Verdict {
    verdict_at(shape, crossing, 0)
}

const fn verdict_at(shape: &'static Shape, crossing: Crossing, depth: usize) -> Verdict {
    if depth > MAX_DEPTH {
        return Verdict::Loose;
    }
    match step(shape, crossing) {
        Step::Pinned => Verdict::Pinned,
        Step::Loose => Verdict::Loose,
        Step::Fields(_) => Verdict::Undecided,
        Step::One(t) => verdict_at(t, crossing, depth + 1),
        Step::Two(a, b) => both(
            verdict_at(a, crossing, depth + 1),
            verdict_at(b, crossing, depth + 1),
        ),
        Step::Args(params) => {
            let mut out = Verdict::Pinned;
            let mut i = 0;
            while i < params.len() {
                out = both(out, verdict_at(params[i].shape, crossing, depth + 1));
                i += 1;
            }
            out
        }
    }
}

/// Both parts' verdicts: loose if either is, undecided if either is.
const fn both(a: Verdict, b: Verdict) -> Verdict {
    match (a, b) {
        (Verdict::Loose, _) | (_, Verdict::Loose) => Verdict::Loose,
        (Verdict::Undecided, _) | (_, Verdict::Undecided) => Verdict::Undecided,
        _ => Verdict::Pinned,
    }
}

/// The whole rule for `shape`, tuples included.
pub(crate) fn pinned_at_run_time(shape: &'static Shape, crossing: Crossing) -> bool {
    pinned_at(shape, crossing, 0)
}

fn pinned_at(shape: &'static Shape, crossing: Crossing, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let deeper = |s: &'static Shape| pinned_at(s, crossing, depth + 1);
    match step(shape, crossing) {
        Step::Pinned => true,
        Step::Loose => false,
        Step::One(t) => deeper(t),
        Step::Two(a, b) => deeper(a) && deeper(b),
        Step::Args(params) => params.iter().all(|p| deeper(p.shape)),
        Step::Fields(fields) => fields.iter().all(|f| deeper(f.shape.get())),
    }
}

/// Whether the safe API accepts `T` crossing this way. Free at run time
/// for every type but those with a tuple among their type arguments.
#[inline(always)]
pub(crate) fn accepts<'facet, T: Facet<'facet>>(crossing: Crossing) -> bool {
    let compile_time = match crossing {
        Crossing::In => const { verdict(T::SHAPE, Crossing::In) },
        Crossing::Out => const { verdict(T::SHAPE, Crossing::Out) },
    };
    match compile_time {
        Verdict::Pinned => true,
        Verdict::Loose => false,
        Verdict::Undecided => pinned_at_run_time(T::SHAPE, crossing),
    }
}
