//! Facts the walk derives from shapes, remembered for the rest of a parse:
//! which native scalar a shape is, and in which order an object's keys
//! name its struct's fields.
//!
//! Both are small direct-mapped tables keyed by addresses of `'static`
//! shape data: a lookup is a few instructions, a miss recomputes (and
//! replaces the entry), so a wrong or stale entry is impossible and a
//! collision costs only time.

use facet::{Field, Shape};

use super::scalar::{NativeKind, native_kind};

/// Entries per table (a power of two).
const ENTRIES: usize = 64;

/// The remembered facts of one parse.
pub(crate) struct Memo {
    /// `(shape address, its native kind)`; address 0 marks an empty entry.
    kinds: [(usize, Option<NativeKind>); ENTRIES],
    /// `(fields address, previous field + 1, the field the next key
    /// named)`: objects of one struct usually list their keys in the same
    /// order, which need not be the declaration order.
    order: [(usize, usize, usize); ENTRIES],
}

/// The table index of an address (and a small number mixed in).
#[inline]
fn slot(addr: usize, extra: usize) -> usize {
    ((addr >> 4) ^ (addr >> 10) ^ extra.wrapping_mul(0x9E37)) & (ENTRIES - 1)
}

impl Memo {
    /// Empty tables.
    pub(crate) fn new() -> Box<Memo> {
        Box::new(Memo {
            kinds: [(0, None); ENTRIES],
            order: [(0, 0, 0); ENTRIES],
        })
    }

    /// [`native_kind`] of `shape`, remembered.
    #[inline]
    pub(crate) fn native_kind(&mut self, shape: &'static Shape) -> Option<NativeKind> {
        let addr = core::ptr::from_ref(shape) as usize;
        let entry = &mut self.kinds[slot(addr, 0)];
        if entry.0 == addr {
            return entry.1;
        }
        let kind = native_kind(shape);
        *entry = (addr, kind);
        kind
    }

    /// The field of `fields` that `key` names, directly (not through
    /// flatten): first the field that followed field `after - 1` last time,
    /// then field `after` (declaration order), then every field.
    #[inline]
    pub(crate) fn find_field(
        &mut self,
        fields: &'static [Field],
        key: &str,
        after: usize,
    ) -> Option<usize> {
        let addr = fields.as_ptr() as usize;
        let entry = &mut self.order[slot(addr, after)];
        if entry.0 == addr
            && entry.1 == after
            && fields.get(entry.2).is_some_and(|f| field_matches(f, key))
        {
            return Some(entry.2);
        }
        let found = if fields.get(after).is_some_and(|f| field_matches(f, key)) {
            Some(after)
        } else {
            fields.iter().position(|f| field_matches(f, key))
        };
        if let Some(i) = found {
            *entry = (addr, after, i);
        }
        found
    }
}

/// Whether a field matches `key` directly (not through flatten).
#[inline]
pub(crate) fn field_matches(f: &Field, key: &str) -> bool {
    (f.effective_name() == key || f.alias == Some(key))
        && !f.is_flattened()
        && !f.should_skip_deserializing()
}

#[cfg(test)]
mod tests {
    use facet::Facet;

    use super::*;

    #[derive(Facet)]
    struct Three {
        a: u32,
        b: String,
        #[facet(rename = "see")]
        c: Option<u8>,
    }

    fn fields() -> &'static [Field] {
        match &Three::SHAPE.ty {
            facet::Type::User(facet::UserType::Struct(st)) => st.fields,
            _ => unreachable!(),
        }
    }

    #[test]
    fn kinds_are_the_same_as_computed() {
        let mut m = Memo::new();
        for _ in 0..2 {
            for s in [u32::SHAPE, String::SHAPE, Three::SHAPE, <(f64, f64)>::SHAPE] {
                assert_eq!(m.native_kind(s), native_kind(s));
            }
        }
    }

    #[test]
    fn fields_are_found_in_any_order_and_remembered() {
        let mut m = Memo::new();
        let f = fields();
        // Declaration order, then another order twice: the same answers.
        let runs = [["a", "b", "see"], ["see", "a", "b"], ["see", "a", "b"]];
        for keys in runs {
            let mut after = 0;
            for key in keys {
                let i = m.find_field(f, key, after).expect("a field");
                assert_eq!(f[i].effective_name(), key);
                after = i + 1;
            }
        }
        assert_eq!(m.find_field(f, "c", 0), None);
        assert_eq!(m.find_field(f, "zzz", 2), None);
        // A remembered answer is checked against the key, never trusted.
        assert_eq!(m.find_field(f, "b", 0), Some(1));
        assert_eq!(m.find_field(f, "a", 0), Some(0));
    }
}
