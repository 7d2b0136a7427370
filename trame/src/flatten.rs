//! Key routing through `#[facet(flatten)]`: to which field, at which depth
//! of flattened structs, a key of a flat input object belongs.
//!
//! A front-end that meets key `"b"` while building `Outer { #[facet(flatten)]
//! inner: Pair, c: u32 }` asks [`route_key`] and gets the route `[0, 1]`
//! (`inner`, then `b`). With the Trame in deferred mode it can then stage
//! `Field(0)`, set `Field(1)`, `End`, and carry on with the parent's keys in
//! any order. Routing allocates nothing.

use facet::{Shape, Type, UserType};

use crate::path::Path;

/// Levels of flattened structs a route holds without allocating; deeper
/// routes are found too, and spill to the heap.
pub const INLINE_ROUTE_DEPTH: usize = 8;

/// A route from a struct to one of its fields, through flattened fields:
/// field indices, outermost first. Stored inline up to
/// [`INLINE_ROUTE_DEPTH`] levels.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldRoute {
    fields: smallvec::SmallVec<[u32; INLINE_ROUTE_DEPTH]>,
}

impl FieldRoute {
    /// The field indices, outermost first.
    pub fn fields(&self) -> &[u32] {
        &self.fields
    }

    /// Number of fields on the route (1 for a direct field).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the route is empty (never the case for a found key).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The route as a path of `Field` segments.
    pub fn to_path(&self) -> Path {
        self.fields()
            .iter()
            .fold(Path::empty(), |p, &i| p.then_field(i))
    }
}

/// The fields of a struct shape, if it is one.
fn fields_of(shape: &'static Shape) -> &'static [facet::Field] {
    match &shape.ty {
        Type::User(UserType::Struct(st)) => st.fields,
        _ => &[],
    }
}

// t[impl api.flatten.any-depth]
/// Finds the field that `key` names in struct `shape`, looking through
/// `#[facet(flatten)]` fields at any depth.
///
/// A field matches by its effective name (its `rename`, if any) or its
/// `alias`. Fields skipped for deserialization never match. A direct field
/// wins over a field of a flattened struct; among flattened structs, the
/// first in declaration order wins. Routing allocates nothing for routes of
/// up to [`INLINE_ROUTE_DEPTH`] levels.
pub fn route_key(shape: &'static Shape, key: &str) -> Option<FieldRoute> {
    route_key_in(fields_of(shape), key)
}

/// [`route_key`] over a list of fields: a struct's, or a struct variant's
/// (whose payload is addressed like a struct's fields).
///
/// ```
/// use trame::Facet;
/// use trame::flatten::route_key_in;
///
/// #[derive(Facet)]
/// struct Opts { verbose: bool }
///
/// #[derive(Facet)]
/// #[repr(u8)]
/// enum Cmd {
///     Run { name: String, #[facet(flatten)] opts: Opts },
/// }
///
/// let facet::Type::User(facet::UserType::Enum(et)) = &Cmd::SHAPE.ty else { unreachable!() };
/// let route = route_key_in(et.variants[0].data.fields, "verbose").unwrap();
/// assert_eq!(route.fields(), &[1, 0]);
/// ```
pub fn route_key_in(fields: &'static [facet::Field], key: &str) -> Option<FieldRoute> {
    let mut route = FieldRoute::default();
    find(fields, key, &mut route).then_some(route)
}

/// A struct's field index as a route step. Facet describes a struct's
/// fields in a slice, and trame's paths index fields by `u32`.
fn step(i: usize) -> u32 {
    u32::try_from(i).expect("a struct with more than u32::MAX fields")
}

/// Depth-first search for `key` among `fields`. Recursion is bounded by
/// the type: each level is a flattened struct *field*, held by value, so a
/// type cannot flatten itself.
fn find(fields: &'static [facet::Field], key: &str, route: &mut FieldRoute) -> bool {
    for (i, field) in fields.iter().enumerate() {
        let named = field.effective_name() == key || field.alias == Some(key);
        if !field.is_flattened() && !field.should_skip_deserializing() && named {
            route.fields.push(step(i));
            return true;
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if field.is_flattened() {
            route.fields.push(step(i));
            if find(fields_of(field.shape()), key, route) {
                return true;
            }
            route.fields.pop();
        }
    }
    false
}
