//! Values facet builds through hooks rather than structure: a field or a
//! type with a proxy (built as the proxy, converted when its node closes),
//! and opaque scalars made by their shape's `parse` hook (from a string,
//! or a number's text), `parse_bytes` hook (from a byte string: a UUID's
//! 16 bytes) or `try_from` hook (from their inner scalar, `NonZero<u32>`
//! from a number).
//!
//! Which proxy applies is the one trame chooses for the same slot
//! ([`trame::Source::StageProxy`]): the field's, else the type's, the
//! source's format's one first. trame stays the judge: a value of another proxy type would
//! be refused there, never converted.

use super::*;
use trame::{IShape, Path, Source};

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// The value of field `f` at `dst`: through the field's proxy if it
    /// declares one for the source's format (or for every format), else as its type.
    #[inline]
    pub(super) fn field_value(&mut self, f: &'static Field, dst: Dst, peek: Peek) -> Result<()> {
        if f.has_any_proxy()
            && let Some(proxy) = f.effective_proxy(self.src.format())
        {
            return self.proxied(proxy.shape, dst, peek);
        }
        self.value(f.shape(), dst, peek)
    }

    // t[impl json.hooks.proxy]
    /// The value at `dst` built as `proxy` (the proxy's shape), which trame
    /// converts when the proxy node closes.
    pub(super) fn proxied(&mut self, proxy: &'static Shape, dst: Dst, peek: Peek) -> Result<()> {
        self.open_with(dst, Source::StageProxy)?;
        self.value(proxy, Dst::Field(0), peek)?;
        self.close(dst)
    }

    // t[impl json.hooks.scalar]
    /// An opaque scalar: by its parse hook from a string (or a number's
    /// text), or by its `try_from` hook from its inner scalar.
    pub(super) fn hooked_scalar(
        &mut self,
        shape: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let hooks = shape.hooks();
        if hooks.parse && peek == Peek::STRING {
            let text = self.read_cow(shape, peek)?;
            return self.put_source(dst, Source::Parse(text));
        }
        if hooks.parse_bytes && peek == Peek::BYTES {
            // The type's bytes (a UUID's 16, as postcard and MessagePack
            // may write it).
            let bytes = self.src.bytes()?;
            return self.put_source(dst, Source::ParseBytes(bytes));
        }
        if let Some(inner) = shape.inner
            && hooks.try_from
            && let Some(k) = self.memo.native_kind(inner)
        {
            return native!(k, self.convert_native(inner, dst, peek));
        }
        if hooks.parse && is_number(peek) {
            let text = match self.src.number(peek)? {
                Number::Text(text) => Cow::Borrowed(text),
                n => Cow::Owned(n.text().into_owned()),
            };
            return self.put_source(dst, Source::Parse(text));
        }
        Err(self.no_form(shape))
    }

    /// The error for a scalar none of whose forms the input has: an
    /// opaque adapter (`#[facet(opaque = A)]`) is named as such, as it is
    /// refused in every input (facet does not document what its
    /// deserialize function writes, or leaves, at its target, which
    /// calling it soundly would rest on).
    #[cold]
    pub(super) fn no_form(&self, shape: &'static Shape) -> Error {
        if shape.opaque_adapter.is_some() {
            return self.unsupported(shape, "an opaque adapter (`#[facet(opaque = ...)]`)");
        }
        self.unsupported(shape, "an opaque type with no form in this input")
    }

    /// A native `T` read here and converted into the slot's type by its
    /// `try_from` hook.
    fn convert_native<T: scalar::Native<'de>>(
        &mut self,
        inner: &'static Shape,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        let v = T::read(self, inner, peek)?;
        if S::DRY {
            return Ok(());
        }
        self.put_source(dst, Source::convert(v))
    }

    /// Writes `src` at `dst` (a new element for `Append`).
    pub(super) fn put_source(&mut self, dst: Dst, src: Source<'de>) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match dst {
            Dst::Here => self.op(Op::Set {
                dst: Path::empty(),
                src,
            }),
            Dst::Field(i) => self.op(Op::Set {
                dst: Path::field(i),
                src,
            }),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::Set {
                    dst: Path::empty(),
                    src,
                })?;
                self.op(Op::end())
            }
        }
    }

    /// Opens `dst` with a staging source (the cursor moves onto it, or
    /// stays for `Here`).
    pub(super) fn open_with(&mut self, dst: Dst, src: Source<'de>) -> Result<()> {
        let path = match dst {
            Dst::Here => Path::empty(),
            Dst::Field(i) => Path::field(i),
            Dst::Append => Path::append(),
        };
        self.op(Op::Set { dst: path, src })
    }
}

/// Whether a peeked token starts a number.
fn is_number(peek: Peek) -> bool {
    peek.is_number() || peek.is_non_finite()
}
