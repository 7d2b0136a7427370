//! Which kind of flattened field a field is (a struct, an `Option` of a
//! struct, a map, an enum and its tagging), and where a key that names no
//! field of its owner directly goes through them ([`route`]).

use super::super::*;
use super::Flattened;

/// What a key that names no field of a body directly names through its
/// flattened fields.
pub(in crate::de) enum FlatRoute {
    /// A field of a flattened struct (at any depth).
    Field(FieldRoute),
    /// A key no field names, for the flattened map that takes them.
    Rest(String),
    /// A key of the struct inside flattened `Option<Struct>` field `.0`.
    Optional(usize, FieldRoute),
    /// The payload of variant `.1` of flattened enum field `.0`: the key
    /// named the variant (externally tagged), or is the enum's content key
    /// (adjacently tagged).
    Variant(usize, usize),
    /// Field `.1` of the variant selected in flattened internally tagged
    /// (or untagged) enum field `.0`.
    Internal(usize, usize),
    /// Passed over (a flattened enum's tag, or an unknown key).
    Skip,
    /// An unknown key, under `deny_unknown_fields`.
    Unknown(String),
}

/// Where `key` goes in body `b` (which has flattened fields), when no
/// field of its own has that name: the first flattened field that takes
/// it, in the order struct, option of a struct, enum variant name,
/// internally tagged (or untagged) enum's field, adjacently tagged enum's
/// tag or content; else the catch-all map.
#[inline(never)]
// t[impl walk.flatten.catch-all]
pub(in crate::de) fn route(b: &Body, fl: Option<&Flattened>, key: &str) -> FlatRoute {
    if let Some(r) = route_key_in(b.fields, key) {
        FlatRoute::Field(r)
    } else if let Some((i, r)) = optional_route(b.fields, key) {
        FlatRoute::Optional(i, r)
    } else if let Some((i, v)) = variant_route(b.fields, key) {
        FlatRoute::Variant(i, v)
    } else if let Some(r) = fl.and_then(|fl| fl.internal_route(b, key)) {
        match r {
            Some((i, j)) => FlatRoute::Internal(i, j),
            None => FlatRoute::Skip,
        }
    } else if let Some(r) = fl.and_then(|fl| fl.adjacent_route(b, key)) {
        r
    } else if catch_all(b.fields).is_some() {
        FlatRoute::Rest(key.to_owned())
    } else if b.deny {
        FlatRoute::Unknown(key.to_owned())
    } else {
        FlatRoute::Skip
    }
}

/// Whether a field needs no key: it has a default, is an `Option`, is
/// skipped, or holds nothing (`PhantomData`, a unit struct with a
/// `Default`).
pub(in crate::de) fn needs_no_key(f: &Field) -> bool {
    f.default.is_some()
        || f.should_skip_deserializing()
        || matches!(f.shape().def, Def::Option(_))
        || empty_with_default(f.shape())
}

/// Whether field `f` of body `b` needs no key: [`needs_no_key`], or its
/// container is marked `#[facet(default)]` and its type has a `Default`
/// (trame fills it: `validate.container-default`).
pub(in crate::de) fn needs_no_key_in(b: &Body, f: &Field) -> bool {
    needs_no_key(f) || (b.defaulted && IShape::has_default(f.shape()))
}

/// The keys of struct `shape` (at route `at`, flattened structs inside it
/// followed) that no route in `read` reached and that a value needs.
pub(super) fn unread(
    shape: &'static Shape,
    at: &mut Vec<u32>,
    read: &[&[u32]],
    out: &mut Vec<&'static str>,
) {
    let Some(st) = struct_of(shape) else {
        return;
    };
    if shape.has_default_attr() {
        return;
    }
    for (j, f) in st.fields.iter().enumerate() {
        at.push(j as u32);
        if f.is_flattened() {
            unread(f.shape(), at, read, out);
        } else if !needs_no_key(f) && !read.contains(&at.as_slice()) {
            out.push(f.effective_name());
        }
        at.pop();
    }
}

/// The first flattened map field, which takes the keys no other field
/// names (its index, key and value shapes).
pub(in crate::de) fn catch_all(
    fields: &'static [Field],
) -> Option<(usize, &'static Shape, &'static Shape)> {
    fields
        .iter()
        .enumerate()
        .find_map(|(i, f)| match f.shape().def {
            Def::Map(md) if f.is_flattened() => Some((i, md.k, md.v)),
            _ => None,
        })
}

/// The struct inside a flattened `Option<Struct>` field.
pub(in crate::de) fn optional_struct(f: &Field) -> Option<&'static Shape> {
    match f.shape().def {
        Def::Option(od) if f.is_flattened() => {
            struct_of(od.t).filter(|st| st.kind == StructKind::Struct)?;
            Some(od.t)
        }
        _ => None,
    }
}

/// Which flattened `Option<Struct>` field of `fields` (the first, in
/// declaration order) has a field that `key` names, and the route to it
/// inside the struct.
pub(in crate::de) fn optional_route(
    fields: &'static [Field],
    key: &str,
) -> Option<(usize, FieldRoute)> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let inner = optional_struct(f)?;
        route_key(inner, key).map(|r| (i, r))
    })
}

/// The enum of a flattened, externally tagged enum field.
pub(in crate::de) fn tagged_enum(f: &Field) -> Option<(&'static Shape, &'static EnumType)> {
    let shape = f.shape();
    match &shape.ty {
        Type::User(UserType::Enum(et))
            if f.is_flattened()
                && !shape.is_untagged()
                && !shape.is_cow()
                && !shape.is_numeric()
                && shape.tag.is_none() =>
        {
            Some((shape, et))
        }
        _ => None,
    }
}

/// The enum and tag key of a flattened enum field whose variant's fields
/// are the owner's keys: internally tagged (its tag key), or untagged
/// (`None`).
pub(in crate::de) fn internal_enum(
    f: &Field,
) -> Option<(&'static Shape, &'static EnumType, Option<&'static str>)> {
    let shape = f.shape();
    match (&shape.ty, shape.tag, shape.content) {
        (Type::User(UserType::Enum(et)), _, None)
            if f.is_flattened() && shape.is_untagged() && !shape.is_cow() =>
        {
            Some((shape, et, None))
        }
        (Type::User(UserType::Enum(et)), Some(tag), None)
            if f.is_flattened() && !shape.is_untagged() =>
        {
            Some((shape, et, Some(tag)))
        }
        _ => None,
    }
}

/// The enum, tag key and content key of a flattened, adjacently tagged
/// enum field.
pub(in crate::de) fn adjacent_enum(
    f: &Field,
) -> Option<(
    &'static Shape,
    &'static EnumType,
    &'static str,
    &'static str,
)> {
    let shape = f.shape();
    match (&shape.ty, shape.tag, shape.content) {
        (Type::User(UserType::Enum(et)), Some(tag), Some(content))
            if f.is_flattened() && !shape.is_untagged() =>
        {
            Some((shape, et, tag, content))
        }
        _ => None,
    }
}

/// The enum of a flattened enum field whose payload is a key's value
/// (externally or adjacently tagged).
pub(super) fn keyed_payload(f: &Field) -> Option<(&'static Shape, &'static EnumType)> {
    tagged_enum(f).or_else(|| adjacent_enum(f).map(|(shape, et, _, _)| (shape, et)))
}

/// Which flattened enum field of `fields` has a variant that `key` names
/// (the first, in declaration order), and the variant.
pub(in crate::de) fn variant_route(fields: &'static [Field], key: &str) -> Option<(usize, usize)> {
    fields.iter().enumerate().find_map(|(i, f)| {
        let (_, et) = tagged_enum(f)?;
        let v = et.variants.iter().position(|v| v.effective_name() == key)?;
        Some((i, v))
    })
}
