//! Enums read without a variant name in the usual place: `#[facet(cow)]`
//! enums (the payload's value, into `Owned`), `#[facet(is_numeric)]`
//! enums (the discriminant as a number), and the `#[facet(other)]`
//! variant that takes the names no other variant has.

use std::borrow::Cow;

use facet::{EnumType, Shape, StructKind};
use facet_format::{ParseEventKind, ScalarValue};
use trame::Op;

use super::{Dst, Sink, Walk, idx};
use crate::error::{ErrorKind, Result};
use crate::source::Events;

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// A name no variant has, as a bare string, read into the
    /// `#[facet(other)]` variant `o`: a unit variant takes nothing, a
    /// newtype variant takes the name as its value.
    pub(crate) fn other_from_text(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        o: usize,
        name: Cow<'de, str>,
        dst: Dst,
    ) -> Result<()> {
        let var = &et.variants[o];
        self.open(dst, false)?;
        self.op(Op::set().at(idx(o)).stage())?;
        match (var.data.kind, var.data.fields) {
            (StructKind::Unit, _) => {}
            (StructKind::TupleStruct | StructKind::Tuple, [field]) => {
                self.op(Op::set().at(0).stage())?;
                self.text_into(field.shape(), name, Dst::Field(0))
                    .map_err(|e| e.in_field(var.effective_name()))?;
                self.op(Op::end())?;
            }
            _ => {
                return Err(self.unsupported(
                    shape,
                    "a #[facet(other)] variant read from a name must be a unit or a newtype",
                ));
            }
        }
        self.op(Op::end())?;
        self.close(dst)
    }

    /// A `#[facet(cow)]` enum (`Borrowed(..)` / `Owned(..)`) is its
    /// payload's value, with no tag: read into the `Owned` variant, as
    /// facet's deserializer does.
    pub(crate) fn cow(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
    ) -> Result<()> {
        let Some(v) = et.variants.iter().position(|v| v.name == "Owned") else {
            return Err(self.unsupported(shape, "a cow enum without an Owned variant"));
        };
        self.open(dst, false)?;
        self.variant(shape, et, v)?;
        self.close(dst)
    }

    /// An `#[facet(is_numeric)]` enum is its discriminant: an integer (or
    /// a string holding one) selects the unit variant with that
    /// discriminant.
    pub(crate) fn numeric(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
    ) -> Result<()> {
        let e = self.next()?;
        let d = match &e.kind {
            ParseEventKind::Scalar(ScalarValue::I64(n)) => Some(*n),
            ParseEventKind::Scalar(ScalarValue::U64(n)) => i64::try_from(*n).ok(),
            ParseEventKind::Scalar(ScalarValue::Str(s)) => s.parse::<i64>().ok(),
            _ => None,
        };
        let Some(d) = d else {
            return Err(self.wrong(format!("{shape} (an integer discriminant)"), Some(&e)));
        };
        let Some(v) = et
            .variants
            .iter()
            .position(|v| v.discriminant == Some(d) && v.data.kind == StructKind::Unit)
        else {
            return Err(self.err(ErrorKind::UnknownVariant {
                shape: shape.to_string(),
                variant: d.to_string(),
            }));
        };
        self.open(dst, false)?;
        self.op(Op::set().at(idx(v)).stage())?;
        self.op(Op::end())?;
        self.close(dst)
    }
}

/// The `#[facet(other)]` variant, which takes the names no other variant
/// has.
pub(crate) fn other_variant(et: &'static EnumType) -> Option<usize> {
    et.variants.iter().position(|v| v.is_other())
}
