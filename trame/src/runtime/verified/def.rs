//! Shape definitions: the bounds, [`ShapeId`] handles, the definition types
//! a [`ShapeStore`](super::ShapeStore) holds, and [`StoreError`].

use core::fmt;

use crate::runtime::VariantStyle;

/// Most shapes one store holds: keeps generated graphs, and the state space
/// an exhaustive exploration has to cover, small.
pub const MAX_SHAPES: usize = 64;
/// Most fields of one struct or tuple: each field is a slot the core tracks,
/// so this bounds the branching factor of the construction tree.
pub const MAX_FIELDS: usize = 8;
/// Longest array: every element is a slot, like a field, so the same
/// branching-factor argument applies.
pub const MAX_ARRAY_LEN: usize = 8;
/// Largest value in bytes: the checked heap keeps a byte map per allocation,
/// and this keeps those maps small.
pub const MAX_VALUE_SIZE: usize = 4096;

/// Largest alignment a scalar may ask for (that of `u128` on most targets).
pub(super) const MAX_SCALAR_ALIGN: usize = 16;

/// A handle to a shape definition in a [`ShapeStore`](super::ShapeStore).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId(pub u16);

impl ShapeId {
    /// The position of the definition in its store.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A field of a struct or tuple definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VField {
    /// The field name (for tuples, the position as decimal).
    pub name: String,
    /// Byte offset of the field from the start of its parent.
    pub offset: usize,
    /// The field's shape.
    pub shape: ShapeId,
    /// Whether a missing field is filled by a default at validation (as
    /// `#[facet(default)]` does).
    pub default: bool,
}

/// A variant of an enum definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VVariant {
    /// The variant name.
    pub name: String,
    /// How the payload is written (unit, tuple-like, struct-like).
    pub style: VariantStyle,
    /// The payload fields; offsets count from the start of the enum.
    pub fields: Vec<VField>,
}

/// What a shape is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeBody {
    /// An opaque value, set whole.
    Scalar {
        /// Whether a default value exists.
        has_default: bool,
    },
    /// A struct with named fields, listed in declaration order.
    Struct {
        /// The fields in declaration order (slot `i` is `fields[i]`).
        fields: Vec<VField>,
        /// Whether a default value exists.
        has_default: bool,
    },
    /// A tuple: fields addressed by position.
    Tuple {
        /// The elements in order.
        fields: Vec<VField>,
    },
    /// `[elem; len]`.
    Array {
        /// The element shape.
        elem: ShapeId,
        /// The number of elements.
        len: usize,
    },
    /// An enum with an explicit integer representation: a little-endian
    /// discriminant of `tag_size` bytes at offset 0 (variant `i` has
    /// discriminant `i`), then each variant's fields laid out after it as
    /// in a `repr(C)` struct.
    Enum {
        /// Size of the discriminant in bytes (1, 2, 4 or 8).
        tag_size: usize,
        /// The variants in declaration order.
        variants: Vec<VVariant>,
    },
    /// `Option<some>`. Modelled as a [`HANDLE_SIZE`]-byte handle: a flag and
    /// the id of a heap allocation holding the payload (not niche-packed;
    /// the core never depends on an option's layout).
    Option {
        /// The payload shape.
        some: ShapeId,
    },
    /// `Result<ok, err>`. Modelled like an option: a [`HANDLE_SIZE`]-byte
    /// handle whose allocation id names a heap allocation holding the
    /// payload, and whose flag is 0 for `Ok` (the payload is an `ok`) and 1
    /// for `Err` (an `err`). Variant 0 is `Ok`, variant 1 `Err`; each has one
    /// payload field, which is not built in place
    /// ([`IShape::variant_payload_in_place`](crate::IShape::variant_payload_in_place)).
    Result {
        /// The `Ok` payload shape.
        ok: ShapeId,
        /// The `Err` payload shape.
        err: ShapeId,
    },
    /// A smart pointer (`Box<pointee>`-like): a handle naming the pointee's
    /// own heap allocation.
    Pointer {
        /// The pointee shape.
        pointee: ShapeId,
    },
    /// A list (`Vec<elem>`-like): a handle naming an element storage
    /// allocation and the length.
    List {
        /// The element shape.
        elem: ShapeId,
    },
    /// A set: like a list, with elements unique by value bytes.
    Set {
        /// The element shape.
        elem: ShapeId,
    },
    /// A map: a handle naming an entry storage allocation (entries laid out
    /// per [`IShape::staging_layout`](crate::IShape::staging_layout)), keys
    /// unique by value bytes.
    Map {
        /// The key shape.
        key: ShapeId,
        /// The value shape.
        value: ShapeId,
    },
    /// A dynamic value (`facet_value::Value`-like): a handle whose second
    /// word is `len << 2 | form`, form 0 null, 1 a scalar (its `len` value
    /// bytes copied into a storage allocation the handle names), 2 an array
    /// of `len` dynamic values, 3 an object of `len` entries (a copy of the
    /// key's bytes, then a dynamic value, laid out per
    /// [`IShape::staging_layout`](crate::IShape::staging_layout)), with
    /// keys unique by value bytes. Objects are staged with keys of shape
    /// `key`, a scalar (the model's `String`).
    Dynamic {
        /// The shape of an object's keys (a scalar).
        key: ShapeId,
    },
}

/// Size of every handle value (option, result, pointer, list, set, map,
/// dynamic value): a
/// `u32` allocation id (or [`NO_ALLOCATION`]) and a `u32` length/flag,
/// little endian.
pub const HANDLE_SIZE: usize = 8;
/// Alignment of handle values.
pub const HANDLE_ALIGN: usize = 4;
/// The allocation id of a handle that owns no allocation (`None`, an
/// empty container).
pub const NO_ALLOCATION: u32 = u32::MAX;

/// A complete shape definition: name, layout and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeDef {
    /// The type name (`S3`, `u32`, `(u8, u16)`, `[u8; 3]`).
    pub name: String,
    /// Size of a value in bytes.
    pub size: usize,
    /// Alignment in bytes (a power of two).
    pub align: usize,
    /// What the shape is made of.
    pub body: ShapeBody,
}

impl ShapeDef {
    /// The ids of the shapes this one contains by value, the pointee of a
    /// pointer, and both payloads of a result: a value always holds one of
    /// each (a result one of its two, which is treated as both, keeping
    /// generated values finite), so a shape reaching itself through these
    /// could never be finite. Options and containers may be empty, so
    /// recursion through them is allowed.
    pub fn children(&self) -> Vec<ShapeId> {
        match &self.body {
            ShapeBody::Scalar { .. }
            | ShapeBody::Option { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => Vec::new(),
            ShapeBody::Struct { fields, .. } | ShapeBody::Tuple { fields } => {
                fields.iter().map(|f| f.shape).collect()
            }
            ShapeBody::Array { elem, .. } => vec![*elem],
            ShapeBody::Enum { variants, .. } => variants
                .iter()
                .flat_map(|v| v.fields.iter().map(|f| f.shape))
                .collect(),
            ShapeBody::Pointer { pointee } => vec![*pointee],
            ShapeBody::Result { ok, err } => vec![*ok, *err],
        }
    }

    /// Every shape id this definition refers to (by value or indirectly).
    pub fn references(&self) -> Vec<ShapeId> {
        match &self.body {
            ShapeBody::Option { some: t }
            | ShapeBody::List { elem: t }
            | ShapeBody::Set { elem: t } => vec![*t],
            ShapeBody::Map { key, value } => vec![*key, *value],
            ShapeBody::Dynamic { key } => vec![*key],
            _ => self.children(),
        }
    }
}

/// Why a shape could not be built or defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The store already holds [`MAX_SHAPES`] shapes.
    TooManyShapes,
    /// More than [`MAX_FIELDS`] fields.
    TooManyFields(usize),
    /// An array longer than [`MAX_ARRAY_LEN`].
    ArrayTooLong(usize),
    /// A value larger than [`MAX_VALUE_SIZE`] bytes.
    ValueTooLarge(usize),
    /// A scalar size or alignment outside the allowed set.
    InvalidScalar {
        /// The requested size.
        size: usize,
        /// The requested alignment.
        align: usize,
    },
    /// An id that does not name a shape of this store.
    UnknownShape(ShapeId),
    /// An id that was reserved but not defined yet, used where its layout is
    /// needed.
    Undefined(ShapeId),
    /// `define` on an id that is already defined.
    AlreadyDefined(ShapeId),
    /// The definition would make the shape contain itself by value.
    ContainsItself(ShapeId),
    /// A memory order that is not a permutation of the field indices.
    BadOrder,
    /// Two struct fields with the same name.
    DuplicateField(String),
    /// A hand-written definition whose layout is inconsistent.
    BadLayout(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::TooManyShapes => write!(f, "more than {MAX_SHAPES} shapes"),
            StoreError::TooManyFields(n) => write!(f, "{n} fields (at most {MAX_FIELDS})"),
            StoreError::ArrayTooLong(n) => write!(f, "array of {n} (at most {MAX_ARRAY_LEN})"),
            StoreError::ValueTooLarge(n) => {
                write!(f, "value of {n} bytes (at most {MAX_VALUE_SIZE})")
            }
            StoreError::InvalidScalar { size, align } => {
                write!(f, "invalid scalar layout: size {size}, align {align}")
            }
            StoreError::UnknownShape(id) => write!(f, "unknown shape id {}", id.0),
            StoreError::Undefined(id) => write!(f, "shape id {} is reserved but undefined", id.0),
            StoreError::AlreadyDefined(id) => write!(f, "shape id {} is already defined", id.0),
            StoreError::ContainsItself(id) => {
                write!(f, "shape id {} would contain itself by value", id.0)
            }
            StoreError::BadOrder => write!(f, "field order is not a permutation"),
            StoreError::DuplicateField(name) => write!(f, "duplicate field `{name}`"),
            StoreError::BadLayout(why) => write!(f, "inconsistent layout: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}
