//! Declarations on generated shapes: construction hooks
//! ([`declare_hooks`]) and proxies ([`declare_proxies`]) on the shapes of
//! an [`arb_shape`](trame::verified::GeneratedShape) store, the strategy
//! that makes such shapes ([`arb_hooked_shape`]), and their description
//! for failure reports ([`describe_hooks`]).

use proptest::prelude::*;
use trame::verified::{GeneratedShape, ProxyAt, ShapeId, ShapeStore, VHooks};
use trame::{IShape, ShapeKind};

use crate::model::hooks::first_byte_known;

/// Declares proxies on the shapes of `g`'s store, one byte of `choices`
/// per shape: with probability ¼ a proxy on the shape, and on a struct,
/// with probability ½ one on one of its fields; the proxy is a shape of
/// the store (not the destination's own) whose first value byte the
/// model knows (see [`first_byte_known`]), so that its conversion can be
/// predicted.
pub fn declare_proxies(g: &mut GeneratedShape, choices: &[u8]) {
    let n = g.store.len();
    let proxies: Vec<ShapeId> = (0..n)
        .map(|k| ShapeId(k as u16))
        .filter(|&id| {
            let s = g.store.shape(id);
            first_byte_known(s) && crate::model::is_modeled(s)
        })
        .collect();
    for k in 0..n {
        let id = ShapeId(k as u16);
        let b = choices.get(k).copied().unwrap_or(0);
        let pick = |salt: usize| {
            let others: Vec<ShapeId> = proxies.iter().copied().filter(|&p| p != id).collect();
            others
                .get((usize::from(b) + salt) % others.len().max(1))
                .copied()
        };
        if b & 3 == 1
            && let Some(p) = pick(0)
        {
            (g.store)
                .set_proxy(ProxyAt::Shape(id), None, p)
                .expect("shapes of the store");
        }
        let shape = g.store.shape(id);
        let fields = trame::IShape::slot_count(shape);
        if shape.kind() == ShapeKind::Struct && fields > 0 && (b >> 3) & 1 == 1 {
            let field = usize::from(b >> 5) % fields;
            let target = trame::IShape::slot(shape, field).map(|s| s.shape.id());
            if let Some(p) = pick(1).filter(|p| Some(*p) != target) {
                (g.store)
                    .set_proxy(ProxyAt::Field(id, field), None, p)
                    .expect("a field of the struct");
            }
        }
    }
}

/// Adds a dynamic value `Value` to `g`'s store, keyed by a scalar of the
/// store (a 1-byte `Key` made for it if there is none), and puts it in
/// the root by `choice`: the root itself, `struct { r: root, v: Value }`,
/// or a list of `Value`. Nothing when the store is full.
pub fn add_dynamic(g: &mut GeneratedShape, choice: u8) {
    let n = g.store.len();
    let scalar = (0..n)
        .map(|k| ShapeId(k as u16))
        .find(|&id| g.store.shape(id).kind() == ShapeKind::Scalar);
    let Some(key) = scalar.or_else(|| g.store.scalar("Key", 1, 1, false).ok()) else {
        return;
    };
    let Ok(value) = g.store.dynamic("Value", key) else {
        return;
    };
    let root = match choice % 3 {
        0 => Ok(value),
        1 => (g.store).structure("Dyn", &[("r", g.root), ("v", value)], false),
        _ => g.store.list(value),
    };
    if let Ok(root) = root {
        g.root = root;
    }
}

/// Declares hooks on the shapes of `g`'s store, one byte of `choices` per
/// shape (a zero byte declares none, so shrinking removes hooks): on a
/// scalar, each hook with probability ½ (`try_from` from another scalar
/// of the store, one made for the purpose if there is none); on another
/// shape, invariants with probability ½ where the first value byte is a
/// scalar's or a discriminant's (see
/// [`first_byte_known`]), each
/// other hook with probability ¼.
pub fn declare_hooks(g: &mut GeneratedShape, choices: &[u8]) {
    let n = g.store.len();
    let scalars: Vec<ShapeId> = (0..n)
        .map(|k| ShapeId(k as u16))
        .filter(|&id| g.store.shape(id).kind() == ShapeKind::Scalar)
        .collect();
    let mut extra: Option<ShapeId> = None;
    for k in 0..n {
        let id = ShapeId(k as u16);
        let b = choices.get(k).copied().unwrap_or(0);
        if b == 0 {
            continue;
        }
        let shape = g.store.shape(id);
        let scalar = shape.kind() == ShapeKind::Scalar;
        let known = first_byte_known(shape);
        let bit = |i: u8| b & (1 << i) != 0;
        let (parse, bytes, from, inv) = match scalar {
            true => (bit(0), bit(1), bit(2), bit(3)),
            false => (
                bit(0) && bit(4),
                bit(1) && bit(5),
                bit(2) && bit(6),
                bit(3) && known,
            ),
        };
        let try_from = match from {
            false => None,
            true => {
                let others: Vec<ShapeId> = scalars.iter().copied().filter(|&s| s != id).collect();
                match others.get(usize::from(b >> 4) % others.len().max(1)) {
                    Some(&s) => Some(s),
                    None => extra.or_else(|| {
                        extra = add_scalar(&mut g.store);
                        extra
                    }),
                }
            }
        };
        let hooks = VHooks {
            parse,
            parse_bytes: bytes,
            try_from,
            invariants: inv,
        };
        if hooks != VHooks::default() {
            g.store.set_hooks(id, hooks).expect("shapes of the store");
        }
    }
}

/// A 1-byte scalar added to `store` to convert from, if it has room.
fn add_scalar(store: &mut ShapeStore) -> Option<ShapeId> {
    store.scalar("From", 1, 1, false).ok()
}

/// Generated shapes ([`GeneratedShape`]), three in four of them with
/// construction hooks declared on some of their shapes (see
/// [`declare_hooks`]), three in five with proxies (see [`declare_proxies`]),
/// one in four with a dynamic value (see [`add_dynamic`]).
pub fn arb_hooked_shape() -> impl Strategy<Value = GeneratedShape> {
    (
        any::<GeneratedShape>(),
        prop::bool::weighted(0.75),
        prop::collection::vec(any::<u8>(), 65),
        prop::bool::weighted(0.6),
        prop::collection::vec(any::<u8>(), 65),
        prop::option::weighted(0.25, any::<u8>()),
    )
        .prop_map(|(mut g, hooked, choices, proxied, proxies, dynamic)| {
            if let Some(choice) = dynamic {
                add_dynamic(&mut g, choice);
            }
            if hooked {
                declare_hooks(&mut g, &choices);
            }
            if proxied {
                declare_proxies(&mut g, &proxies);
            }
            g
        })
}

/// The hooks the shapes of `store` declare, as `name{parse, bytes, from
/// X, inv}`, for failure reports.
pub fn describe_hooks(store: &ShapeStore) -> String {
    let mut out = Vec::new();
    for k in 0..store.len() {
        let s = store.shape(ShapeId(k as u16));
        let h = s.def_hooks();
        let mut parts = Vec::new();
        if h.parse {
            parts.push("parse".to_owned());
        }
        if h.parse_bytes {
            parts.push("bytes".to_owned());
        }
        if let Some(f) = h.try_from {
            parts.push(format!("from {}#{}", store.shape(f).name(), f.0));
        }
        if h.invariants {
            parts.push("inv".to_owned());
        }
        if let Some(p) = store.proxy_at(ProxyAt::Shape(s.id()), None) {
            parts.push(format!("proxy {}#{}", store.shape(p).name(), p.0));
        }
        for i in 0..trame::IShape::slot_count(s) {
            if let Some(p) = store.proxy_at(ProxyAt::Field(s.id(), i), None) {
                parts.push(format!("field {i} proxy {}#{}", store.shape(p).name(), p.0));
            }
        }
        if parts.is_empty() {
            continue;
        }
        out.push(format!("{}#{k}{{{}}}", s.name(), parts.join(", ")));
    }
    out.join(" ")
}
