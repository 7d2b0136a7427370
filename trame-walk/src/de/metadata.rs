//! Metadata containers (`#[facet(metadata_container)]`, such as a
//! `Spanned<T>`): read as their one value field, as facet's serializers
//! write them (transparently). Their metadata fields
//! (`#[facet(metadata = "…")]`) are filled from the input: `span` with
//! where the value is (its offset and length in the input), any other kind
//! (`doc`, `tag`: comments and type tags, which none of the sources here
//! gives) with its default.

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    // t[impl walk.metadata]
    /// A metadata container at `dst`, from the value that starts with
    /// `peek`.
    #[cold]
    pub(super) fn metadata_container(
        &mut self,
        shape: &'static Shape,
        st: &'static facet::StructType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let Some(value) = st.fields.iter().position(|f| f.metadata_kind().is_none()) else {
            return Err(self.unsupported(shape, "a metadata container with no value field"));
        };
        let start = self.at();
        self.open(dst, false)?;
        self.field_value(&st.fields[value], Dst::Field(slot(value)), peek)?;
        let end = self.src.end().max(start);
        for (i, f) in st.fields.iter().enumerate() {
            match f.metadata_kind() {
                None => {}
                Some("span") => self.span(f.shape(), Dst::Field(slot(i)), start, end - start)?,
                Some(_) => self.put_default(Dst::Field(slot(i)))?,
            }
        }
        self.close(dst)
    }

    /// A span (a struct with `offset` and `len` fields, or an option of
    /// one, as `facet_reflect::Span` and `Option<Span>`) at `dst`.
    fn span(&mut self, shape: &'static Shape, dst: Dst, offset: usize, len: usize) -> Result<()> {
        if let Def::Option(od) = shape.def {
            self.open(dst, false)?;
            self.span(od.t, Dst::Field(0), offset, len)?;
            return self.close(dst);
        }
        let fields = match struct_of(shape) {
            Some(st) if st.kind == StructKind::Struct => st.fields,
            _ => return Err(self.unsupported(shape, "a span that is not a struct")),
        };
        self.open(dst, false)?;
        for (i, f) in fields.iter().enumerate() {
            let n = match f.name {
                "offset" => offset,
                "len" => len,
                _ => continue,
            };
            let at = Dst::Field(slot(i));
            if f.shape() == u32::SHAPE {
                // Spans past 4 GiB saturate, as facet's own do.
                self.put(at, u32::try_from(n).unwrap_or(u32::MAX))?;
            } else if f.shape() == usize::SHAPE {
                self.put(at, n)?;
            } else {
                return Err(self.unsupported(shape, "a span whose offset or length is not a u32"));
            }
        }
        self.close(dst)
    }
}

/// Field `i`'s slot (a struct's fields are numbered by `u32`; one with
/// more would not be a type).
fn slot(i: usize) -> u32 {
    u32::try_from(i).expect("a struct has fewer than 2^32 fields")
}
