//! Wrappers around one value: `Option<T>`, owning pointers (`Box`, `Arc`,
//! `Rc`, and their `str` and slice forms) and `Result<T, E>`.

use std::rc::Rc;
use std::sync::Arc;

use facet::{Def, Facet, KnownPointer, PointerDef, Shape};
use facet_format::{ParseEventKind, ScalarValue};
use trame::Op;

use super::{Dst, Sink, Walk};
use crate::error::{ErrorKind, Result};
use crate::source::Peeked;
use crate::source::{Events, Hint};

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// `Option<T>`: null (or unit) is `None`; anything else (after an
    /// explicit "some" marker, if the format has one) is `Some`.
    pub(crate) fn option(
        &mut self,
        _shape: &'static Shape,
        inner: &'static Shape,
        dst: Dst,
    ) -> Result<()> {
        self.ev.hint(Hint::Option);
        match self.peek_kind()? {
            Peeked::Null | Peeked::Unit => {
                self.next()?;
                return self.put_default(dst);
            }
            Peeked::Some | Peeked::Ordered => {
                self.next()?;
            }
            _ => {}
        }
        self.open(dst, false)?;
        self.value(inner, Dst::Field(0))?;
        self.close(dst)
    }

    /// A string read whole, for `Box<str>`, `Arc<str>`, `Rc<str>`.
    fn owned_string(&mut self, shape: &'static Shape) -> Result<String> {
        self.ev
            .hint(Hint::Scalar(facet_format::ScalarTypeHint::String));
        let e = self.next()?;
        match e.kind {
            ParseEventKind::Scalar(ScalarValue::Str(s)) => Ok(s.into_owned()),
            _ => Err(self.wrong(shape, Some(&e))),
        }
    }

    /// `Box<T>`, `Arc<T>`, `Rc<T>`: the pointee, built in place.
    pub(crate) fn pointer(
        &mut self,
        shape: &'static Shape,
        pd: &PointerDef,
        dst: Dst,
    ) -> Result<()> {
        if shape == <Box<str>>::SHAPE {
            let s = self.owned_string(shape)?;
            return self.put(dst, s.into_boxed_str());
        }
        if shape == <Arc<str>>::SHAPE {
            let s = self.owned_string(shape)?;
            return self.put(dst, Arc::<str>::from(s));
        }
        if shape == <Rc<str>>::SHAPE {
            let s = self.owned_string(shape)?;
            return self.put(dst, Rc::<str>::from(s));
        }
        let owning = matches!(
            pd.known,
            Some(KnownPointer::Box | KnownPointer::Arc | KnownPointer::Rc)
        );
        match pd.pointee {
            Some(t) if owning && t.layout.sized_layout().is_ok() => {
                self.open(dst, false)?;
                self.value(t, Dst::Field(0))?;
                self.close(dst)
            }
            Some(t) if owning => match t.def {
                // `Box<[T]>` and friends: built from elements, like a list.
                Def::Slice(sd) => self.seq(shape, sd.t, dst),
                _ => Err(self.unsupported(shape, "a pointer to this unsized type")),
            },
            _ => Err(self.unsupported(shape, "this kind of pointer")),
        }
    }

    /// `Result<T, E>`: a map with one key, `Ok` or `Err` (or, in a format
    /// that does not describe itself, the variant index 0 or 1).
    pub(crate) fn result(
        &mut self,
        shape: &'static Shape,
        ok: &'static Shape,
        err: &'static Shape,
        dst: Dst,
    ) -> Result<()> {
        let v = if self.ev.self_describing() {
            let e = self.next()?;
            if !matches!(e.kind, ParseEventKind::StructStart(_)) {
                return Err(self.wrong(format!("{shape} (a map with one key)"), Some(&e)));
            }
            let e = self.next()?;
            match &e.kind {
                ParseEventKind::FieldKey(k) => match k.name().map(|n| n.as_ref()) {
                    Some("Ok") => 0u32,
                    Some("Err") => 1,
                    other => {
                        return Err(self.err(ErrorKind::UnknownVariant {
                            shape: shape.to_string(),
                            variant: other.unwrap_or("").to_owned(),
                        }));
                    }
                },
                _ => return Err(self.wrong(format!("{shape} (a map with one key)"), Some(&e))),
            }
        } else {
            self.variant_index(shape, 2)?
        };
        let (payload, name) = if v == 0 { (ok, "Ok") } else { (err, "Err") };
        self.open(dst, false)?;
        self.op(Op::set().at(v).stage())?;
        self.value(payload, Dst::Field(0))
            .map_err(|e| e.in_field(name))?;
        self.op(Op::end())?;
        if self.ev.self_describing() {
            self.struct_end(&format!("{shape} (a map with one key)"))?;
        }
        self.close(dst)
    }
}
