//! Untagged enums: the variant a value fits, found by a dry walk that
//! looks ahead (its verdict remembered per position and enum), then
//! built.

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    /// No tag: the first variant whose payload the value fits, in
    /// declaration order, found by a dry walk ([`Self::check_untagged`])
    /// and then built (the building walk's untagged values inside it reuse
    /// what that dry walk found: the look-ahead is never repeated).
    pub(super) fn untagged(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        dst: Dst,
        peek: Peek,
    ) -> Result<()> {
        // A string naming a unit variant is that variant (as facet's
        // deserializer reads `#[facet(untagged)] enum Color { Red, Blue }`).
        if peek == Peek::STRING && et.variants.iter().any(|v| v.data.kind == StructKind::Unit) {
            let mut probe = self.src.clone();
            let name = probe.scratch_str()?;
            if let Some(v) = et
                .variants
                .iter()
                .position(|v| v.data.kind == StructKind::Unit && v.effective_name() == name)
            {
                self.src = probe;
                self.open(dst, false)?;
                self.op(Op::set().at(v as u32).stage())?;
                self.op(Op::end())?;
                return self.close(dst);
            }
        }
        if S::DRY {
            // Checking is all a dry walk does: no second pass.
            return match self.check_untagged(shape, et, peek)? {
                Some(_) => Ok(()),
                None => Err(self.no_variant(shape)),
            };
        }
        let look = self
            .look
            .get_or_insert_with(|| Box::new(De::new(self.src.clone(), Dry)));
        look.src = self.src.clone();
        look.depth = self.depth;
        look.peak = self.depth;
        let Some(v) = look.check_untagged(shape, et, peek)? else {
            return Err(self.no_variant(shape));
        };
        self.untagged_open += 1;
        self.open(dst, false)?;
        self.variant(shape, et, v, peek)?;
        self.close(dst)?;
        self.untagged_open -= 1;
        if self.untagged_open == 0
            && let Some(look) = &mut self.look
        {
            // Positions behind the outermost untagged value are never
            // looked at again.
            memo::forget(&mut look.verdicts);
        }
        Ok(())
    }

    #[cold]
    pub(super) fn no_variant(&self, shape: &'static Shape) -> Error {
        self.err(ErrorKind::NoVariantMatched {
            shape: shape.to_string(),
        })
    }

    /// Which variant of an untagged enum the value here fits (the first in
    /// declaration order), checked dry: `Some(v)` with the walk moved past
    /// the value, or `None` with the walk where it was. A depth error is
    /// not a mismatch: it ends the parse.
    ///
    /// Remembered per (position, enum): each is checked once, however many
    /// variants around it look at it, so the look-ahead costs work linear
    /// in the input for a given type. A remembered verdict is reused only
    /// when checking again from this depth could not have reached the
    /// depth limit; otherwise the check runs again (and finds the depth
    /// error where it is).
    // t[impl json.bounds.untagged-once]
    pub(super) fn check_untagged(
        &mut self,
        shape: &'static Shape,
        et: &'static EnumType,
        peek: Peek,
    ) -> Result<Option<usize>> {
        // t[impl walk.tokens.position]
        // A verdict found strictly is kept apart from one found coercing
        // (a shape's address is aligned: its low bit is free).
        let key = (
            self.src.position(),
            core::ptr::from_ref(shape) as usize | usize::from(self.strict),
        );
        if let Some(vd) = self.verdicts.get(&key)
            && self.depth + vd.height <= MAX_DEPTH
        {
            let reached = self.depth + vd.height;
            let found = match &vd.matched {
                Some((v, end)) => {
                    let v = *v as usize;
                    self.src = end.clone();
                    Some(v)
                }
                None => None,
            };
            self.reached(reached);
            return Ok(found);
        }
        let start = self.src.clone();
        let depth = self.depth;
        let outer_peak = self.peak;
        self.peak = depth;
        let mut found = None;
        // Where the source coerces, a first pass without: a variant the
        // value fits as it is wins over one it fits coerced.
        let lenient = !self.strict;
        let passes: &[bool] = if self.coerce() {
            &[true, false]
        } else {
            &[self.strict]
        };
        'passes: for &strict in passes {
            self.strict = strict;
            for v in 0..et.variants.len() {
                match self.variant(shape, et, v, peek) {
                    Ok(()) => {
                        found = Some(v);
                        break 'passes;
                    }
                    Err(e) if matches!(e.kind(), ErrorKind::RecursionLimit) => {
                        self.strict = !lenient;
                        return Err(e);
                    }
                    Err(_) => {
                        self.src = start.clone();
                        self.depth = depth;
                    }
                }
            }
        }
        self.strict = !lenient;
        let verdict = memo::Verdict {
            height: self.peak - depth,
            matched: found.map(|v| (v as u32, self.src.clone())),
        };
        self.peak = self.peak.max(outer_peak);
        self.verdicts.insert(key, verdict);
        Ok(found)
    }
}
