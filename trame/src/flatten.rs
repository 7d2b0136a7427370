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

/// How many levels of flattened structs a route may cross. Deeper nesting
/// than this is not found (real types stay far below it).
pub const MAX_ROUTE_DEPTH: usize = 8;

/// A route from a struct to one of its fields, through flattened fields:
/// field indices, outermost first. Stored inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRoute {
    fields: [u32; MAX_ROUTE_DEPTH],
    len: u8,
}

impl FieldRoute {
    const EMPTY: FieldRoute = FieldRoute {
        fields: [0; MAX_ROUTE_DEPTH],
        len: 0,
    };

    /// The field indices, outermost first.
    pub fn fields(&self) -> &[u32] {
        &self.fields[..self.len as usize]
    }

    /// Number of fields on the route (1 for a direct field).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the route is empty (never the case for a found key).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The route as a path of `Field` segments.
    pub fn to_path(&self) -> Path {
        self.fields()
            .iter()
            .fold(Path::empty(), |p, &i| p.then_field(i))
    }

    fn push(&mut self, i: usize) -> bool {
        if (self.len as usize) == MAX_ROUTE_DEPTH {
            return false;
        }
        // A field index that does not fit a `Field` segment cannot be
        // routed to.
        let Ok(i) = u32::try_from(i) else {
            return false;
        };
        self.fields[self.len as usize] = i;
        self.len += 1;
        true
    }
}

/// The fields of a struct shape, if it is one.
fn fields_of(shape: &'static Shape) -> &'static [facet::Field] {
    match &shape.ty {
        Type::User(UserType::Struct(st)) => st.fields,
        _ => &[],
    }
}

/// Finds the field that `key` names in struct `shape`, looking through
/// `#[facet(flatten)]` fields at any depth (up to [`MAX_ROUTE_DEPTH`]).
///
/// A field matches by its effective name (its `rename`, if any) or its
/// `alias`. Fields skipped for deserialization never match. A direct field
/// wins over a field of a flattened struct; among flattened structs, the
/// first in declaration order wins.
pub fn route_key(shape: &'static Shape, key: &str) -> Option<FieldRoute> {
    let mut route = FieldRoute::EMPTY;
    find(shape, key, &mut route).then_some(route)
}

fn find(shape: &'static Shape, key: &str, route: &mut FieldRoute) -> bool {
    let fields = fields_of(shape);
    for (i, field) in fields.iter().enumerate() {
        let named = field.effective_name() == key || field.alias == Some(key);
        if !field.is_flattened() && !field.should_skip_deserializing() && named {
            return route.push(i);
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if field.is_flattened() && route.push(i) {
            if find(field.shape(), key, route) {
                return true;
            }
            route.len -= 1;
        }
    }
    false
}
