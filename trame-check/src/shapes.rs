//! The bounded shape space the explorer enumerates.
//!
//! Shapes are described as trees ([`Desc`]) and interned into a store of
//! their own ([`build`]), which also holds an extra scalar so that every
//! store has a shape to offer as a mismatching `Imm`.
//!
//! The bound, by nesting depth:
//!
//! - depth 0, the two atoms: `D`, a 2-byte scalar with a default, and `N`,
//!   a 1-byte scalar without one.
//! - depth 1, every kind over the atoms: structs of 0–3 fields from
//!   `{D, N, N with a field default}` (a struct has a default exactly when
//!   all its fields' shapes do); tuples of 1–2 elements from `{D, N}`;
//!   arrays `[D; 0]`, `[D; 1]`, `[N; 1]`, `[D; 2]`, `[N; 2]`; enums
//!   (1-byte discriminant) of 1–2 variants from `{unit, (D), { N with a
//!   field default }, (N), (D, N), { N with a field default, D }}`; and
//!   three layouts: a struct `{N, D}` laid out `D` first, an enum with a
//!   2-byte discriminant, a struct with a zero-sized field; and the kinds
//!   whose values are handles: `Option<N>`, `Option<D>`, a pointer to
//!   `D`, lists of `N` and of `D`, a set of `D`, a map `D → N`, and
//!   `Result<D, N>`.
//! - depth 2, every kind around one representative of each depth-1 kind
//!   (`P = struct { D, N }`, `T = (N, D)`, `A = [N; 2]`,
//!   `E = enum { unit, (D) }`, the empty struct, `enum { { N with a field
//!   default } }`, `Option<N>`, a list of `N`, `Result<D, N>`): for each
//!   such `c`, `Option<c>`, a pointer to `c`, a list and a set of `c`, a
//!   map `D → c`, `Result<c, N>`, `struct { c }`, `struct { c, N }`,
//!   `struct { N with a field default, c with a field default }`, `(c,)`,
//!   `(D, c)`, `[c; 2]`, `enum { unit, (c) }` and `enum { { c with a
//!   field default }, (N) }`. (With `c = Option<N>`, `struct { c }` has an
//!   `Option` field, which validation fills with `None`.)
//!
//! - shapes with construction hooks: depth 0 `H`, a 1-byte scalar
//!   declaring every hook (parse, parse_bytes, try_from `D`,
//!   invariants); depth 1 `I = struct { a: H, b: N }` declaring
//!   invariants and parse, `(N, H)`, `Option<H>`, a list of `H`; depth 2
//!   `struct { I, N }`, `Option<I>`, a list of `I`, `enum { unit, (I) }`,
//!   and `struct { I, N }` declaring invariants and parse itself.
//!
//! - shapes with proxies: depth 0 `X`, a 4-byte scalar without a default
//!   whose proxy is `Wire = struct { a: N, b: N }`; depth 1 `struct { x:
//!   N, t: X }` whose field `t` declares the proxy `N` (the field's proxy
//!   wins), a list of `X` (elements staged through the proxy), `(N, X)`,
//!   and `enum { unit, (N) }` whose proxy is `N` (a variant is no value
//!   slot).
//!
//! - dynamic values: depth 0 `V`, a dynamic value keyed by `N`; depth 1
//!   `struct { a: N, b: V }`.
//!
//! Depth `d` enumerates every shape of depth at most `d`.

use std::collections::HashMap;

use trame::VariantStyle;
use trame::verified::{ProxyAt, ShapeBody, ShapeId, ShapeStore, VHooks, VariantSpec};

/// A shape described as a tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Desc {
    /// A scalar: `D` (2 bytes, has a default) or `N` (1 byte, none).
    Scalar {
        /// Whether the scalar has a default.
        default: bool,
    },
    /// `H`: a 1-byte scalar without a default that declares every hook:
    /// parse, parse_bytes, try_from `D`, and invariants.
    Hooked,
    /// `X`: a 4-byte scalar without a default whose proxy is
    /// `Wire = struct { a: N, b: N }`.
    Proxied,
    /// `struct { x: N, t: X }` whose field `t` declares the proxy `N`.
    FieldProxied,
    /// `enum { unit, (N) }` whose proxy is `N`.
    ProxiedEnum,
    /// `V`: a dynamic value keyed by `N`.
    Dynamic,
    /// A struct that declares invariants and a parse hook (its first value
    /// byte is its first field's).
    Checked(Vec<(Desc, bool)>),
    /// A struct: fields with a field-default flag each.
    Struct(Vec<(Desc, bool)>),
    /// A struct `{ a: N, b: D }` laid out with `b` first.
    Reordered,
    /// A zero-sized scalar with a default.
    Zst,
    /// An enum `{ unit, (N) }` with a 2-byte discriminant.
    WideEnum,
    /// A tuple.
    Tuple(Vec<Desc>),
    /// An array of `len` elements.
    Array(Box<Desc>, usize),
    /// An enum: variants (unit when empty), each field with a field-default
    /// flag; a variant is struct-like when any field has a default flag,
    /// tuple-like otherwise.
    Enum(Vec<Vec<(Desc, bool)>>),
    /// `Option<T>`.
    Option(Box<Desc>),
    /// A `Box<T>`-like pointer.
    Pointer(Box<Desc>),
    /// A list of `T`.
    List(Box<Desc>),
    /// A set of `T`.
    Set(Box<Desc>),
    /// A map from the first to the second.
    Map(Box<Desc>, Box<Desc>),
    /// `Result<ok, err>`.
    Result(Box<Desc>, Box<Desc>),
}

/// `Option<d>`.
pub fn option(d: Desc) -> Desc {
    Desc::Option(Box::new(d))
}

/// `D`: a 2-byte scalar with a default.
pub const D: Desc = Desc::Scalar { default: true };
/// `N`: a 1-byte scalar without a default.
pub const N: Desc = Desc::Scalar { default: false };

impl Desc {
    /// Whether a value of the shape has a default (structs: exactly when
    /// all field shapes do, as with `#[derive(Default)]`).
    pub fn has_default(&self) -> bool {
        match self {
            Desc::Scalar { default } => *default,
            Desc::Struct(fields) => fields.iter().all(|(f, _)| f.has_default()),
            Desc::Tuple(elems) => elems.iter().all(Desc::has_default),
            Desc::Array(elem, len) => *len == 0 || elem.has_default(),
            Desc::Enum(_) | Desc::WideEnum | Desc::Reordered => false,
            Desc::Hooked | Desc::Checked(_) => false,
            Desc::Proxied | Desc::FieldProxied | Desc::ProxiedEnum => false,
            Desc::Dynamic => true,
            Desc::Pointer(_) | Desc::Result(..) => false,
            Desc::Zst | Desc::Option(_) | Desc::List(_) | Desc::Set(_) | Desc::Map(..) => true,
        }
    }
}

fn structs(children: &[(Desc, bool)], max: usize) -> Vec<Desc> {
    let mut out = vec![Vec::new()];
    let mut last = vec![Vec::new()];
    for _ in 0..max {
        let mut next = Vec::new();
        for prefix in &last {
            for c in children {
                let mut fields: Vec<(Desc, bool)> = prefix.clone();
                fields.push(c.clone());
                next.push(fields);
            }
        }
        out.extend(next.iter().cloned());
        last = next;
    }
    out.into_iter().map(Desc::Struct).collect()
}

/// The shapes of depth exactly 1.
fn depth1() -> Vec<Desc> {
    let mut out = structs(&[(D, false), (N, false), (N, true)], 3);
    for a in [D, N] {
        out.push(Desc::Tuple(vec![a.clone()]));
        for b in [D, N] {
            out.push(Desc::Tuple(vec![a.clone(), b]));
        }
    }
    out.push(Desc::Array(Box::new(D), 0));
    for len in 1..=2 {
        for e in [D, N] {
            out.push(Desc::Array(Box::new(e), len));
        }
    }
    let variants = [
        vec![],
        vec![(D, false)],
        vec![(N, true)],
        vec![(N, false)],
        vec![(D, false), (N, false)],
        vec![(N, true), (D, false)],
    ];
    for (i, a) in variants.iter().enumerate() {
        out.push(Desc::Enum(vec![a.clone()]));
        for b in &variants[i..] {
            out.push(Desc::Enum(vec![a.clone(), b.clone()]));
        }
    }
    out.extend([
        Desc::Reordered,
        Desc::WideEnum,
        Desc::Struct(vec![(Desc::Zst, false), (N, false)]),
    ]);
    let b = |d: Desc| Box::new(d);
    out.extend([
        option(N),
        option(D),
        Desc::Pointer(b(D)),
        Desc::List(b(N)),
        Desc::List(b(D)),
        Desc::Set(b(D)),
        Desc::Map(b(D), b(N)),
        Desc::Result(b(D), b(N)),
    ]);
    out
}

/// `I = struct { a: H, b: N }` with invariants and a parse hook.
pub fn checked() -> Desc {
    Desc::Checked(vec![(Desc::Hooked, false), (N, false)])
}

/// The shapes with hooks, by depth: `H`; then `I`, `(N, H)`, `Option<H>`
/// and a list of `H`; then around `I`: `struct { I, N }`, `Option<I>`, a
/// list of `I`, `enum { unit, (I) }`, and `J = struct { I, N }` with
/// invariants and a parse hook of its own.
fn hooked(depth: u32) -> Vec<Desc> {
    let h = || Desc::Hooked;
    let mut out = vec![h()];
    if depth >= 1 {
        out.extend([
            checked(),
            Desc::Tuple(vec![N, h()]),
            option(h()),
            Desc::List(Box::new(h())),
        ]);
    }
    if depth >= 2 {
        out.extend([
            Desc::Struct(vec![(checked(), false), (N, false)]),
            option(checked()),
            Desc::List(Box::new(checked())),
            Desc::Enum(vec![vec![], vec![(checked(), false)]]),
            Desc::Checked(vec![(checked(), false), (N, false)]),
        ]);
    }
    out
}

/// The shapes of depth exactly 2.
fn depth2() -> Vec<Desc> {
    let reps = [
        Desc::Struct(vec![(D, false), (N, false)]),
        Desc::Tuple(vec![N, D]),
        Desc::Array(Box::new(N), 2),
        Desc::Enum(vec![vec![], vec![(D, false)]]),
        Desc::Struct(Vec::new()),
        Desc::Enum(vec![vec![(N, true)]]),
        option(N),
        Desc::List(Box::new(N)),
        Desc::Result(Box::new(D), Box::new(N)),
    ];
    let mut out = Vec::new();
    for c in reps {
        let b = || Box::new(c.clone());
        out.extend([
            option(c.clone()),
            Desc::Pointer(b()),
            Desc::List(b()),
            Desc::Set(b()),
            Desc::Map(Box::new(D), b()),
            Desc::Result(b(), Box::new(N)),
        ]);
        out.push(Desc::Struct(vec![(c.clone(), false)]));
        out.push(Desc::Struct(vec![(c.clone(), false), (N, false)]));
        out.push(Desc::Struct(vec![(N, true), (c.clone(), true)]));
        out.push(Desc::Tuple(vec![c.clone()]));
        out.push(Desc::Tuple(vec![D, c.clone()]));
        out.push(Desc::Array(Box::new(c.clone()), 2));
        out.push(Desc::Enum(vec![vec![], vec![(c.clone(), false)]]));
        out.push(Desc::Enum(vec![vec![(c, true)], vec![(N, false)]]));
    }
    out
}

/// Every shape of depth at most `depth` (0, 1 or 2; larger depths are
/// treated as 2).
pub fn enumerate(depth: u32) -> Vec<Desc> {
    let mut out = vec![D, N];
    if depth >= 1 {
        out.extend(depth1());
    }
    if depth >= 2 {
        out.extend(depth2());
    }
    out.extend(hooked(depth));
    out.extend(proxied(depth));
    out.push(Desc::Dynamic);
    if depth >= 1 {
        out.push(Desc::Struct(vec![(N, false), (Desc::Dynamic, false)]));
    }
    out
}

/// The shapes with proxies, by depth: `X`; then `struct { x: N, t: X }`
/// with a field proxy on `t`, a list of `X`, `(N, X)`, and an enum with a
/// proxy.
fn proxied(depth: u32) -> Vec<Desc> {
    let mut out = vec![Desc::Proxied];
    if depth >= 1 {
        out.extend([
            Desc::FieldProxied,
            Desc::List(Box::new(Desc::Proxied)),
            Desc::Tuple(vec![N, Desc::Proxied]),
            Desc::ProxiedEnum,
        ]);
    }
    out
}

/// A shape interned into a store of its own.
pub struct Built {
    /// The store: the shape, its parts, and an extra scalar.
    pub store: ShapeStore,
    /// The shape.
    pub root: ShapeId,
}

/// Interns `desc` into a fresh store.
pub fn build(desc: &Desc) -> Built {
    let mut i = Interner {
        store: ShapeStore::new(),
        seen: HashMap::new(),
        named: 0,
    };
    let root = i.intern(desc);
    // Something to offer as a mismatching `Imm` in every store.
    i.store.scalar("Alien", 4, 4, true).expect("valid scalar");
    Built {
        store: i.store,
        root,
    }
}

struct Interner {
    store: ShapeStore,
    seen: HashMap<Desc, ShapeId>,
    named: usize,
}

impl Interner {
    fn intern(&mut self, desc: &Desc) -> ShapeId {
        if let Some(id) = self.seen.get(desc) {
            return *id;
        }
        let id = match desc {
            Desc::Scalar { default: true } => self.store.scalar("D", 2, 2, true),
            Desc::Scalar { default: false } => self.store.scalar("N", 1, 1, false),
            Desc::Hooked => {
                let d = self.intern(&D);
                let h = self.store.scalar("H", 1, 1, false).expect("room");
                let hooks = VHooks {
                    parse: true,
                    parse_bytes: true,
                    try_from: Some(d),
                    invariants: true,
                };
                self.store.set_hooks(h, hooks).map(|()| h)
            }
            Desc::Checked(fields) => {
                let ids: Vec<ShapeId> = fields.iter().map(|(f, _)| self.intern(f)).collect();
                let names = field_names(ids.len());
                let named: Vec<(&str, ShapeId)> =
                    names.iter().map(String::as_str).zip(ids).collect();
                let name = self.next_name("I");
                let id = self
                    .store
                    .structure(&name, &named, false)
                    .expect("bounded structs fit the store");
                let hooks = VHooks {
                    parse: true,
                    invariants: true,
                    ..VHooks::default()
                };
                self.store.set_hooks(id, hooks).map(|()| id)
            }
            Desc::Proxied => {
                let n = self.intern(&N);
                let wire = (self.store)
                    .structure("Wire", &[("a", n), ("b", n)], false)
                    .expect("room");
                let x = self.store.scalar("X", 4, 4, false).expect("room");
                (self.store)
                    .set_proxy(ProxyAt::Shape(x), None, wire)
                    .map(|()| x)
            }
            Desc::FieldProxied => {
                let (n, x) = (self.intern(&N), self.intern(&Desc::Proxied));
                let name = self.next_name("S");
                let id = (self.store)
                    .structure(&name, &[("x", n), ("t", x)], false)
                    .expect("room");
                (self.store)
                    .set_proxy(ProxyAt::Field(id, 1), None, n)
                    .map(|()| id)
            }
            Desc::ProxiedEnum => {
                let n = self.intern(&N);
                let id = self.intern_enum(&[vec![], vec![(N, false)]]);
                (self.store)
                    .set_proxy(ProxyAt::Shape(id), None, n)
                    .map(|()| id)
            }
            Desc::Dynamic => {
                let n = self.intern(&N);
                self.store.dynamic("V", n)
            }
            Desc::Zst => self.store.scalar("Z", 0, 1, true),
            Desc::Reordered => {
                let (n, d) = (self.intern(&N), self.intern(&D));
                let name = self.next_name("R");
                self.store
                    .structure_reordered(&name, &[("a", n), ("b", d)], &[1, 0], false)
            }
            Desc::WideEnum => {
                let n = self.intern(&N);
                let name = self.next_name("W");
                let spec: [VariantSpec<'_>; 2] = [
                    ("V0", VariantStyle::Unit, &[]),
                    ("V1", VariantStyle::Tuple, &[("0", n)]),
                ];
                self.store.enumeration(&name, 2, &spec)
            }
            Desc::Struct(fields) => {
                let ids: Vec<ShapeId> = fields.iter().map(|(f, _)| self.intern(f)).collect();
                let names = field_names(ids.len());
                let named: Vec<(&str, ShapeId)> =
                    names.iter().map(String::as_str).zip(ids).collect();
                let defaulted: Vec<usize> = (0..fields.len()).filter(|&k| fields[k].1).collect();
                let name = self.next_name("S");
                self.store.structure_with_field_defaults(
                    &name,
                    &named,
                    &defaulted,
                    desc.has_default(),
                )
            }
            Desc::Tuple(elems) => {
                let ids: Vec<ShapeId> = elems.iter().map(|e| self.intern(e)).collect();
                self.store.tuple(&ids)
            }
            Desc::Array(elem, len) => {
                let e = self.intern(elem);
                self.store.array(e, *len)
            }
            Desc::Enum(variants) => Ok(self.intern_enum(variants)),
            Desc::Option(d) => {
                let d = self.intern(d);
                self.store.option(d)
            }
            Desc::Pointer(d) => {
                let d = self.intern(d);
                self.store.pointer(d)
            }
            Desc::List(d) => {
                let d = self.intern(d);
                self.store.list(d)
            }
            Desc::Set(d) => {
                let d = self.intern(d);
                self.store.set(d)
            }
            Desc::Map(k, v) => {
                let (k, v) = (self.intern(k), self.intern(v));
                self.store.map(k, v)
            }
            Desc::Result(ok, err) => {
                let (ok, err) = (self.intern(ok), self.intern(err));
                self.store.result(ok, err)
            }
        }
        .expect("bounded shapes fit the store");
        self.seen.insert(desc.clone(), id);
        id
    }

    fn next_name(&mut self, prefix: &str) -> String {
        self.named += 1;
        format!("{prefix}{}", self.named)
    }

    fn intern_enum(&mut self, variants: &[Vec<(Desc, bool)>]) -> ShapeId {
        let ids: Vec<Vec<ShapeId>> = variants
            .iter()
            .map(|v| v.iter().map(|(f, _)| self.intern(f)).collect())
            .collect();
        let names = field_names(4);
        let vnames: Vec<String> = (0..variants.len()).map(|k| format!("V{k}")).collect();
        let fields: Vec<Vec<(&str, ShapeId)>> = ids
            .iter()
            .map(|ids| {
                names
                    .iter()
                    .map(String::as_str)
                    .zip(ids.iter().copied())
                    .collect()
            })
            .collect();
        let specs: Vec<VariantSpec<'_>> = variants
            .iter()
            .zip(&fields)
            .zip(&vnames)
            .map(|((v, f), name)| {
                let style = match (v.is_empty(), v.iter().any(|(_, d)| *d)) {
                    (true, _) => VariantStyle::Unit,
                    (false, true) => VariantStyle::Struct,
                    (false, false) => VariantStyle::Tuple,
                };
                (name.as_str(), style, f.as_slice())
            })
            .collect();
        let name = self.next_name("E");
        let mut def = self
            .store
            .enum_def(&name, 1, &specs)
            .expect("bounded enums fit the store");
        if let ShapeBody::Enum { variants: vs, .. } = &mut def.body {
            for (vdef, v) in vs.iter_mut().zip(variants) {
                for (f, (_, defaulted)) in vdef.fields.iter_mut().zip(v) {
                    f.default = *defaulted;
                }
            }
        }
        let id = self.store.reserve(&name).expect("store capacity");
        self.store.define(id, def).expect("valid enum");
        id
    }
}

fn field_names(n: usize) -> Vec<String> {
    ["a", "b", "c", "d"][..n]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bounded_shape_builds() {
        let all = enumerate(2);
        assert_eq!(enumerate(0).len(), 5);
        for d in &all {
            let b = build(d);
            assert!(crate::model::is_modeled(b.store.shape(b.root)), "{d:?}");
        }
        let distinct: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(distinct.len(), all.len(), "no shape twice");
    }

    #[test]
    fn depth_one_holds_every_kind() {
        use trame::{IShape, ShapeKind};
        let mut kinds = std::collections::BTreeSet::new();
        for d in enumerate(1) {
            let b = build(&d);
            let s = b.store.shape(b.root);
            let kind = match s.kind() {
                ShapeKind::Enum if !s.variant_payload_in_place() => "Result".to_owned(),
                k => format!("{k:?}"),
            };
            kinds.insert(kind);
        }
        let want = [
            "Array", "Dynamic", "Enum", "List", "Map", "Option", "Pointer", "Result", "Scalar",
            "Set", "Struct", "Tuple",
        ];
        assert_eq!(kinds.into_iter().collect::<Vec<_>>(), want);
    }
}
