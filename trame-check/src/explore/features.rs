//! The explorer's actions for proxies and dynamic values, added to the
//! alphabet (see [`alphabet`](super::alphabet)) in stores that declare a
//! proxy or hold a dynamic value.

use trame::verified::{ProxyAt, REFUSED_BYTE, ShapeId, ShapeStore};
use trame::{IShape, PathSegment, ShapeKind};

use crate::driver::Action;
use crate::generate::Place;
use crate::model::facts::Part;
use crate::model::{Model, Src, dynamic, proxy};

/// A scalar of a store that holds a dynamic value (to write into it),
/// `None` when it holds none.
pub(super) fn dynamic_scalar(store: &ShapeStore) -> Option<ShapeId> {
    let ids = || (0..store.len()).map(|k| ShapeId(k as u16));
    ids().find(|&id| dynamic::is_dynamic(store.shape(id)))?;
    ids().find(|&id| store.shape(id).kind() == ShapeKind::Scalar)
}

/// The dynamic-value actions: `StageObject` and `StageObjectDeferred` at
/// the empty path and at each way down, an `Imm` of a scalar (tag `tag`,
/// and one the setters refuse) at the empty path and at each `Field`
/// naming a whole value; at things that are not dynamic values these are
/// errors (`Unsupported`, `ShapeMismatch`).
pub(super) fn dynamic_actions(
    here: &Place<'_, '_>,
    choices: &[PathSegment],
    scalar: ShapeId,
    tag: u8,
) -> Vec<Action> {
    let set = |path: Vec<PathSegment>, src: Src| Action::Set { path, src };
    let imm = |tag| Src::Imm { shape: scalar, tag };
    let mut out = vec![
        set(vec![], Src::StageObject),
        set(vec![], Src::StageObjectDeferred),
    ];
    if here.part == Part::Value && dynamic::is_dynamic(here.shape) {
        out.push(set(vec![], imm(tag)));
        out.push(set(vec![], imm(REFUSED_BYTE)));
    }
    for &seg in choices {
        let child = here.step(seg).expect("a choice leads somewhere");
        if !dynamic::is_dynamic(child.shape) {
            continue;
        }
        out.push(set(vec![seg], Src::StageObject));
        if seg != PathSegment::Append && child.part.is_value() {
            out.push(set(vec![seg], imm(tag)));
        }
    }
    out
}

/// Whether any shape or struct field of `store` declares a proxy.
pub(super) fn declares_proxies(store: &ShapeStore) -> bool {
    (0..store.len()).any(|k| {
        let s = store.shape(ShapeId(k as u16));
        store.proxy_at(ProxyAt::Shape(s.id()), None).is_some()
            || (0..trame::IShape::slot_count(s))
                .any(|i| store.proxy_at(ProxyAt::Field(s.id(), i), None).is_some())
    })
}

/// `StageProxy` where a proxy is declared: at each way down from the
/// cursor node whose destination (a field or its shape, or an `Append`ed
/// element's shape) declares one, whatever it is (an enum's variant, an
/// in-place variant's payload, a map entry: errors), and at the empty
/// path when the cursor node has a proxy or is a proxy node; and once at
/// the first field that has none (`NoHook`).
pub(super) fn proxy_actions(
    model: &Model<'_>,
    here: &Place<'_, '_>,
    choices: &[PathSegment],
) -> Vec<Action> {
    let store = model.store();
    let set = |path: Vec<PathSegment>| Action::Set {
        path,
        src: Src::StageProxy,
    };
    let mut out = Vec::new();
    let mut missing = None;
    for &seg in choices {
        let child = here.step(seg).expect("a choice leads somewhere");
        let applies = match seg {
            PathSegment::Field(n) => {
                let parent = Some((here.shape.id(), here.part, n as usize));
                proxy::choose(store, parent, child.shape.id(), None).is_some()
            }
            _ => (store.proxy_at(ProxyAt::Shape(child.shape.id()), None)).is_some(),
        };
        match applies {
            true => out.push(set(vec![seg])),
            false if missing.is_none() && child.part == Part::Value => missing = Some(seg),
            false => {}
        }
    }
    out.extend(missing.map(|seg| set(vec![seg])));
    let cursor = model.cursor().unwrap_or(&[]);
    let parent = cursor.split_last().and_then(|(&i, up)| {
        let p = model.root()?.descendant(up);
        Some((p.shape, p.part, i as usize))
    });
    let here_applies = match here.part {
        Part::Proxy(_) => true,
        Part::Value => proxy::choose(store, parent, here.shape.id(), None).is_some(),
        _ => false,
    };
    if here_applies {
        out.push(set(vec![]));
    }
    out
}
