//! [`ShapeKind`]: the construction-relevant category of a shape.

/// The construction-relevant category of a shape.
///
/// The core dispatches on this and nothing else; every runtime maps its own
/// shape representation onto these kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ShapeKind {
    /// A value with no structure trame can see into (integers, `String`,
    /// opaque types). Set whole, by `Imm` or `Default`.
    Scalar,
    /// A struct with named fields.
    Struct,
    /// A tuple or tuple struct: fields addressed by position.
    Tuple,
    /// A fixed-size array `[T; N]`: `N` slots of the element shape.
    Array,
    /// An enum: a user enum, or `Result<T, E>`. Built variant by variant
    /// when [`IShape::variant_count`](super::IShape::variant_count) is not 0
    /// (see
    /// [`IShape::variant_payload_in_place`](super::IShape::variant_payload_in_place)
    /// for where payloads live).
    Enum,
    /// `Option<T>`: `Field(0)` is the `Some` payload
    /// ([`IShape::inner`](super::IShape::inner)).
    Option,
    /// A smart pointer that can be made from its sized pointee (`Box<T>`,
    /// `Arc<T>`, `Rc<T>`): `Field(0)` is the pointee
    /// ([`IShape::inner`](super::IShape::inner)).
    /// Other pointers (references, `Box<str>`, weak pointers) are
    /// [`ShapeKind::Scalar`]: set whole only.
    Pointer,
    /// A list (`Vec<T>`, …), and slice pointers (`Box<[T]>`, `Arc<[T]>`,
    /// `Rc<[T]>`), which are built the same way from staged elements.
    List,
    /// A set (`HashSet<T>`, `BTreeSet<T>`).
    Set,
    /// A map (`HashMap<K, V>`, `BTreeMap<K, V>`).
    Map,
    /// A dynamic value (`facet_value::Value`, facet's `Def::DynamicValue`):
    /// set whole from a scalar (converted through the shape's setters), or
    /// staged as an array of dynamic values
    /// ([`IShape::inner`](super::IShape::inner) is the shape itself) or as
    /// an object whose entries are keyed by a string
    /// ([`IShape::map_key`](super::IShape::map_key)) and hold dynamic values
    /// ([`IShape::map_value`](super::IShape::map_value)).
    Dynamic,
    /// Something trame cannot construct piece by piece (unsized, unions, …).
    Unsupported,
}

impl ShapeKind {
    /// Whether values of this kind are made of positional slots that the core
    /// tracks one by one (struct fields, tuple elements, array elements).
    pub fn has_slots(self) -> bool {
        matches!(
            self,
            ShapeKind::Struct | ShapeKind::Tuple | ShapeKind::Array
        )
    }

    /// Whether values of this kind are lists, sets, maps or dynamic values:
    /// built from staged elements (entries) materialized when the container
    /// closes.
    pub fn is_container(self) -> bool {
        matches!(
            self,
            ShapeKind::List | ShapeKind::Set | ShapeKind::Map | ShapeKind::Dynamic
        )
    }

    /// Whether values of this kind wrap one inner value (`Option` payload,
    /// pointee) staged in its own allocation.
    pub fn is_wrapper(self) -> bool {
        matches!(self, ShapeKind::Option | ShapeKind::Pointer)
    }

    /// A short lowercase name, used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            ShapeKind::Scalar => "scalar",
            ShapeKind::Struct => "struct",
            ShapeKind::Tuple => "tuple",
            ShapeKind::Array => "array",
            ShapeKind::Enum => "enum",
            ShapeKind::Option => "option",
            ShapeKind::Pointer => "pointer",
            ShapeKind::List => "list",
            ShapeKind::Set => "set",
            ShapeKind::Map => "map",
            ShapeKind::Dynamic => "dynamic",
            ShapeKind::Unsupported => "unsupported",
        }
    }
}
