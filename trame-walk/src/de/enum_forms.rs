//! Enums read without a variant name in the usual place: `#[facet(cow)]`
//! enums (the payload's value, into `Owned`), `#[facet(is_numeric)]`
//! enums (the discriminant as a number), and the `#[facet(other)]`
//! variant that takes the names no other variant has (or, when it has
//! `#[facet(tag)]` and `#[facet(content)]` fields, every value that is not
//! another variant's: the tag a format's variant tag names, the value
//! itself as content).

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// A name no variant has, as a bare string, read into the
    /// `#[facet(other)]` variant `o`: a unit variant takes nothing, a
    /// newtype variant takes the name as its value (a string, or a type
    /// read from its text as a map key is).
    // t[impl walk.enum.forms]
    pub(super) fn other_from_text(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        o: usize,
        name: KeyText<'de>,
        at: usize,
        dst: Dst,
    ) -> Result<()> {
        let var = &et.variants[o];
        self.open(dst, false)?;
        self.op(Op::set().at(o as u32).stage())?;
        match (var.data.kind, var.data.fields) {
            (StructKind::Unit, _) => {}
            (StructKind::TupleStruct | StructKind::Tuple, [field]) => {
                self.op(Op::set().at(0).stage())?;
                self.map_key(field.shape(), &name, at)
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

    /// Whether the value `peek` starts is not another variant's, and so
    /// goes to the capturing `#[facet(other)]` variant (as facet's
    /// deserializer decides): a string that names no unit variant, an
    /// object whose first key names no variant, any other value but a
    /// variant tag. Looked at on a copy of the source.
    pub(super) fn captured(&mut self, et: &'static EnumType, peek: Peek) -> Result<bool> {
        let mut probe = self.src.clone();
        Ok(match peek {
            Peek::TAG => false,
            Peek::STRING => named_variant(et, probe.scratch_str()?).is_none(),
            Peek::OBJECT => probe
                .object_start()?
                .is_none_or(|key| named_variant(et, key).is_none()),
            _ => true,
        })
    }

    /// The capturing `#[facet(other)]` variant `cap` at `dst`: its tag
    /// field the variant tag's name (`tag`; its default when there is
    /// none), its content field the value `peek` starts.
    // t[impl walk.enum.forms]
    pub(super) fn other_captured(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        cap: Capture,
        tag: Option<String>,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let var = &et.variants[cap.variant];
        if var.data.kind != StructKind::Struct {
            return Err(self.unsupported(
                shape,
                "a #[facet(other)] variant with tag or content fields must have named fields",
            ));
        }
        let name = var.effective_name();
        self.open(dst, false)?;
        self.op(Op::set().at(cap.variant as u32).stage())?;
        self.open(Dst::Field(0), false)?;
        if let Some(t) = cap.tag {
            let f = &var.data.fields[t];
            let at = Dst::Field(t as u32);
            match tag {
                Some(tag) if f.shape() == String::SHAPE => self.put(at, tag)?,
                Some(tag) if f.shape() == <Option<String>>::SHAPE => self.put(at, Some(tag))?,
                None => self.put_default(at)?,
                Some(_) => {
                    return Err(self.unsupported(
                        shape,
                        "a #[facet(tag)] field that is not a String or an Option<String>",
                    ));
                }
            }
        }
        match cap.content {
            Some(c) => {
                let f = &var.data.fields[c];
                self.field_value(f, Dst::Field(c as u32), peek)
                    .map_err(|e| e.in_field(name))?;
            }
            // No content field: the tag must have no payload.
            None => self.null(shape, peek)?,
        }
        self.op(Op::end())?;
        self.op(Op::end())?;
        self.close(dst)
    }

    /// A `#[facet(cow)]` enum (`Borrowed(..)` / `Owned(..)`) is its
    /// payload's value, with no tag: read into the `Owned` variant, as
    /// facet's deserializer does.
    pub(super) fn cow(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let Some(v) = et.variants.iter().position(|v| v.name == "Owned") else {
            return Err(self.unsupported(shape, "a cow enum without an Owned variant"));
        };
        self.open(dst, false)?;
        self.variant(shape, et, v, peek)?;
        self.close(dst)
    }

    /// An `#[facet(is_numeric)]` enum is its discriminant: an integer (or
    /// a string holding one) selects the unit variant with that
    /// discriminant.
    pub(super) fn numeric(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let at = self.at();
        let d = if peek.is_number() {
            match self.src.int(peek)? {
                Int::I64(d) => Some(d),
                Int::U64(d) => i64::try_from(d).ok(),
                Int::I128(d) => i64::try_from(d).ok(),
                Int::U128(d) => i64::try_from(d).ok(),
                Int::Big(_) | Int::Float | Int::F64(_) => None,
            }
        } else if peek == Peek::STRING {
            self.src.scratch_str()?.parse::<i64>().ok()
        } else {
            return Err(self.wrong(shape, peek));
        };
        let Some(d) = d else {
            return Err(Error::new(
                ErrorKind::WrongType {
                    expected: format!("{shape} (an integer discriminant)"),
                    found: if peek.is_number() { "number" } else { "string" },
                },
                at,
            ));
        };
        let Some(v) = et
            .variants
            .iter()
            .position(|v| v.discriminant == Some(d) && v.data.kind == StructKind::Unit)
        else {
            return self.unknown_variant(shape, d.to_string(), at);
        };
        self.open(dst, false)?;
        self.op(Op::set().at(v as u32).stage())?;
        self.op(Op::end())?;
        self.close(dst)
    }
}

/// The `#[facet(other)]` variant whose fields capture what the input
/// gives instead of a known variant: its `#[facet(tag)]` field (the
/// variant tag's name) and its `#[facet(content)]` field (the value).
#[derive(Clone, Copy)]
pub(super) struct Capture {
    pub(super) variant: usize,
    tag: Option<usize>,
    content: Option<usize>,
}

/// The capturing `#[facet(other)]` variant of `et`, if it has one (a
/// struct variant with a `tag` or `content` field).
pub(super) fn capturing_other(et: &'static EnumType) -> Option<Capture> {
    let variant = other_variant(et)?;
    let fields = et.variants[variant].data.fields;
    let tag = fields.iter().position(Field::is_variant_tag);
    let content = fields.iter().position(Field::is_variant_content);
    (tag.is_some() || content.is_some()).then_some(Capture {
        variant,
        tag,
        content,
    })
}

/// The `#[facet(other)]` variant, which takes the names no other variant
/// has.
pub(super) fn other_variant(et: &'static EnumType) -> Option<usize> {
    et.variants.iter().position(|v| v.is_other())
}

/// The variant `name` names (never the `#[facet(other)]` one, which takes
/// the names no variant has).
#[inline]
pub(super) fn named_variant(et: &'static EnumType, name: &str) -> Option<usize> {
    et.variants
        .iter()
        .position(|v| v.effective_name() == name && !v.is_other())
}
