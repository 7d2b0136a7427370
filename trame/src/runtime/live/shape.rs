//! [`IShape`] for `&'static facet::Shape`: maps facet's `Type`/`Def` onto
//! the kinds the core knows.

use core::fmt;

use facet::{Def, Shape, StructKind, Type, UserType};

use crate::runtime::{IShape, ShapeKind, SlotDefault, SlotInfo};

pub(super) fn struct_type(shape: &'static Shape) -> Option<&'static facet::StructType> {
    match &shape.ty {
        Type::User(UserType::Struct(st)) => Some(st),
        _ => None,
    }
}

impl IShape for &'static Shape {
    #[inline]
    fn size(self) -> usize {
        self.layout.sized_layout().map_or(0, |l| l.size())
    }

    #[inline]
    fn align(self) -> usize {
        self.layout.sized_layout().map_or(1, |l| l.align())
    }

    fn kind(self) -> ShapeKind {
        if self.layout.sized_layout().is_err() {
            return ShapeKind::Unsupported;
        }
        match self.def {
            Def::Scalar => return ShapeKind::Scalar,
            Def::Option(_) => return ShapeKind::Option,
            Def::Result(_) => return ShapeKind::Enum,
            Def::Pointer(_) => return ShapeKind::Pointer,
            Def::List(_) => return ShapeKind::List,
            Def::Set(_) => return ShapeKind::Set,
            Def::Map(_) => return ShapeKind::Map,
            Def::Array(_) => return ShapeKind::Array,
            _ => {}
        }
        match &self.ty {
            Type::User(UserType::Struct(st)) => match st.kind {
                StructKind::Struct => ShapeKind::Struct,
                StructKind::Unit | StructKind::TupleStruct | StructKind::Tuple => ShapeKind::Tuple,
            },
            Type::User(UserType::Enum(_)) => ShapeKind::Enum,
            Type::Sequence(facet::SequenceType::Array(_)) => ShapeKind::Array,
            Type::Sequence(facet::SequenceType::Slice(_)) => ShapeKind::Unsupported,
            _ => ShapeKind::Scalar,
        }
    }

    fn slot_count(self) -> usize {
        match self.kind() {
            ShapeKind::Struct | ShapeKind::Tuple => {
                struct_type(self).map_or(0, |st| st.fields.len())
            }
            ShapeKind::Array => match self.def {
                Def::Array(a) => a.n,
                _ => match &self.ty {
                    Type::Sequence(facet::SequenceType::Array(a)) => a.n,
                    _ => 0,
                },
            },
            _ => 0,
        }
    }

    fn slot(self, i: usize) -> Option<SlotInfo<Self>> {
        match self.kind() {
            ShapeKind::Struct | ShapeKind::Tuple => {
                let field = struct_type(self)?.fields.get(i)?;
                Some(SlotInfo {
                    offset: field.offset,
                    shape: field.shape(),
                })
            }
            ShapeKind::Array => {
                let (elem, n) = match self.def {
                    Def::Array(a) => (a.t, a.n),
                    _ => match &self.ty {
                        Type::Sequence(facet::SequenceType::Array(a)) => (a.t, a.n),
                        _ => return None,
                    },
                };
                if i >= n {
                    return None;
                }
                Some(SlotInfo {
                    offset: i * elem.size(),
                    shape: elem,
                })
            }
            _ => None,
        }
    }

    fn has_default(self) -> bool {
        match self.type_ops {
            Some(facet::TypeOps::Direct(ops)) => ops.default_in_place.is_some(),
            Some(facet::TypeOps::Indirect(ops)) => ops.default_in_place.is_some(),
            _ => false,
        }
    }

    fn slot_default(self, i: usize) -> SlotDefault {
        if self.kind() != ShapeKind::Struct {
            return SlotDefault::None;
        }
        match struct_type(self)
            .and_then(|st| st.fields.get(i))
            .and_then(|f| f.default.as_ref())
        {
            Some(facet::DefaultSource::Custom(_)) => SlotDefault::Custom,
            Some(_) => SlotDefault::FieldType,
            None => SlotDefault::None,
        }
    }

    fn write_name(self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{self}")
    }

    fn write_slot_name(self, i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match struct_type(self).and_then(|st| st.fields.get(i)) {
            Some(field) if self.kind() == ShapeKind::Struct => out.write_str(field.name),
            _ => write!(out, "{i}"),
        }
    }
}
