//! Dynamic values in the model (`ShapeKind::Dynamic`, the checked heap's
//! `ShapeBody::Dynamic`): a value whose structure is chosen at run time.
//!
//! A dynamic node is a container node ([`NodeKind::Container`]) whose
//! form is kept in [`ModelNode::object`](super::ModelNode::object): staged
//! as an array, its elements are dynamic values; as an object, its
//! entries are a key (the shape's `map_key`) and a dynamic value, like a
//! map's. `StageObject` opens it as an object, or turns an open array
//! with no element into one; with elements, or at anything else, it is
//! `Unsupported` (`dynamic.form`). Closing the node makes the value from
//! the staged elements in staging order (`dynamic.array`) or entries, an
//! entry whose key bytes equal an earlier one's replacing that entry's
//! value (`dynamic.object`).
//!
//! Written whole, a dynamic value takes an `Imm` of its own shape (the
//! checked heap makes it a one-byte scalar, the tag), `Default` (null,
//! `dynamic.default`), or an `Imm` of any scalar of the store: null from a
//! zero-sized one, otherwise the scalar's value bytes, refused
//! (`ConversionFailed`) when the first is [`REFUSED_BYTE`]
//! (`dynamic.scalar`).
//!
//! [`NodeKind::Container`]: super::NodeKind::Container

use trame::verified::{REFUSED_BYTE, VShape};
use trame::{IShape, ShapeKind};

use super::MError;
use super::facts::{Part, SlotTy};
use super::tree::{Elements, ModelNode, NodeState};
use super::value::{AValue, Leaf};

/// A complete dynamic value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Dyn {
    /// Null.
    Null,
    /// A scalar: its value bytes.
    Bytes(Vec<u8>),
    /// An array of dynamic values.
    Array(Vec<AValue>),
    /// An object: entries `Fields([key, value])`, in order.
    Object(Vec<AValue>),
}

/// Whether `shape` is a dynamic value's.
pub fn is_dynamic(shape: VShape<'_>) -> bool {
    shape.kind() == ShapeKind::Dynamic
}

/// The value the checked heap makes for `leaf` at a dynamic value: a
/// one-byte scalar holding the tag, or null.
pub fn fill(leaf: Leaf) -> AValue {
    match leaf {
        Leaf::Imm(t) => AValue::Dyn(Dyn::Bytes(vec![t])),
        Leaf::Default => AValue::Dyn(Dyn::Null),
    }
}

/// What an element of dynamic node `node` is: a dynamic value (an array)
/// or an entry (an object).
pub fn element<'s>(shape: VShape<'s>, object: bool) -> SlotTy<'s> {
    SlotTy {
        shape,
        part: if object { Part::Entry } else { Part::Value },
        offset: 0,
        defaulted: false,
    }
}

/// The value of an `Imm` of scalar `from` with `tag` written at dynamic
/// `shape` (path `path`): null, its bytes, or refused. `None` when `from`
/// is no scalar (a shape mismatch).
pub fn from_scalar(
    shape: VShape<'_>,
    from: VShape<'_>,
    tag: u8,
    path: &str,
) -> Option<Result<AValue, MError>> {
    if !is_dynamic(shape) || from.kind() != ShapeKind::Scalar {
        return None;
    }
    Some(match from.size() {
        0 => Ok(AValue::Dyn(Dyn::Null)),
        _ if tag == REFUSED_BYTE => Err(MError::ConversionFailed {
            path: path.to_owned(),
            shape: shape.name().to_owned(),
            from: from.name().to_owned(),
        }),
        n => Ok(AValue::Dyn(Dyn::Bytes(vec![tag; n]))),
    })
}

/// The dynamic value of `shape` made from `staged` elements (entries as
/// `Fields([key, value])`) in staging order.
pub fn collect(shape: VShape<'_>, object: bool, staged: Vec<AValue>) -> AValue {
    if !object {
        return AValue::Dyn(Dyn::Array(staged));
    }
    let key = shape.map_key().expect("a dynamic value's key shape");
    let mut kept: Vec<(Option<Vec<u8>>, AValue)> = Vec::new();
    for e in staged {
        let AValue::Fields(kv) = &e else {
            panic!("an object entry {e}");
        };
        let bytes = super::value::key_bytes(key, &kv[0]);
        let dup =
            (bytes.as_ref()).and_then(|k| kept.iter().position(|(b, _)| b.as_ref() == Some(k)));
        match dup {
            Some(j) => {
                if let AValue::Fields(old) = &mut kept[j].1 {
                    old[1] = kv[1].clone();
                }
            }
            None => kept.push((bytes, e)),
        }
    }
    AValue::Dyn(Dyn::Object(kept.into_iter().map(|(_, e)| e).collect()))
}

/// How many allocations dynamic value `d` owns: a scalar's or an array's
/// or object's storage (none for null or an empty array or object), and
/// what its elements own.
pub fn owned_allocations(shape: VShape<'_>, d: &Dyn) -> usize {
    let own = |vs: &[AValue], part: Part| match vs.is_empty() {
        true => 0,
        false => {
            1 + vs
                .iter()
                .map(|v| super::image::owned_allocations(shape, part, v))
                .sum::<usize>()
        }
    };
    match d {
        Dyn::Null => 0,
        Dyn::Bytes(b) => usize::from(!b.is_empty()),
        Dyn::Array(vs) => own(vs, Part::Value),
        Dyn::Object(vs) => own(vs, Part::Entry),
    }
}

/// `StageObject` at `node` (opened already; at `path`): an object stays
/// one, an open array with no element becomes one, anything else is
/// `Unsupported`.
pub fn make_object(shape: VShape<'_>, node: &mut ModelNode, path: String) -> Result<(), MError> {
    let unsupported = || MError::Unsupported { path: path.clone() };
    if !is_dynamic(shape) || node.part != Part::Value {
        return Err(unsupported());
    }
    match &node.state {
        NodeState::Container(Elements::Staging(_)) if node.object => Ok(()),
        NodeState::Container(Elements::Staging(slots)) if slots.is_empty() => {
            node.object = true;
            Ok(())
        }
        _ => Err(unsupported()),
    }
}
