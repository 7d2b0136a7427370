//! Facts the walk derives from shapes, remembered for the rest of a parse:
//! which native scalar a shape is and which [`ShapeKind`] trame gives it,
//! in which order an object's keys name
//! its struct's fields, and which of a struct's fields the input must
//! give.
//!
//! Both are small direct-mapped tables keyed by addresses of `'static`
//! shape data: a lookup is a few instructions, a miss recomputes (and
//! replaces the entry), so a wrong or stale entry is impossible and a
//! collision costs only time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use facet::{Field, Shape};

use trame::{IShape, ShapeKind};

use super::scalar::{NativeKind, native_kind};

/// Entries per table (a power of two).
const ENTRIES: usize = 128;

/// The remembered facts of one parse.
pub(crate) struct Memo {
    /// `(shape address, what it is)`; address 0 marks an empty entry.
    kinds: [(usize, Class); ENTRIES],
    /// `(fields address, previous field + 1, the field the next key
    /// named)`: objects of one struct usually list their keys in the same
    /// order, which need not be the declaration order.
    order: [(usize, usize, usize); ENTRIES],
    /// `(fields address, what closing a body of them needs)`.
    bodies: [(usize, BodyFacts); ENTRIES],
}

/// What a shape is to the walk: a native scalar it reads itself, or
/// what trame says it builds.
#[derive(Clone, Copy)]
pub(crate) struct Class {
    /// The native scalar, when the walk reads the value itself.
    pub(crate) native: Option<NativeKind>,
    /// Trame's [`ShapeKind`] of the shape: which way it is built.
    pub(crate) kind: ShapeKind,
}

impl Class {
    fn of(shape: &'static Shape) -> Class {
        Class {
            native: native_kind(shape),
            kind: IShape::kind(shape),
        }
    }
}

/// What closing a struct body needs to know of its fields, for bodies of
/// fewer than 128 fields none of which is flattened.
#[derive(Clone, Copy, Default)]
pub(crate) struct BodyFacts {
    /// The fields the input must give (`flatten::needs_no_key` says
    /// which need no key).
    pub(crate) required: u128,
    /// The skipped fields that get their type's default (no default of
    /// their own).
    pub(crate) skipped: u128,
}

impl BodyFacts {
    /// The facts of `fields`; `None` when there are 128 fields or more, or
    /// a flattened one (such bodies are checked field by field).
    fn of(fields: &'static [Field]) -> Option<BodyFacts> {
        if fields.len() >= 128 {
            return None;
        }
        let mut facts = BodyFacts::default();
        for (i, f) in fields.iter().enumerate() {
            if f.is_flattened() {
                return None;
            }
            let skipped = f.should_skip_deserializing();
            if skipped && f.default.is_none() {
                facts.skipped |= 1 << i;
            }
            if !super::flatten::needs_no_key(f) {
                facts.required |= 1 << i;
            }
        }
        Some(facts)
    }
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
            kinds: [(
                0,
                Class {
                    native: None,
                    kind: ShapeKind::Unsupported,
                },
            ); ENTRIES],
            order: [(0, 0, 0); ENTRIES],
            bodies: [(0, BodyFacts::default()); ENTRIES],
        })
    }

    /// [`BodyFacts::of`] `fields`, remembered (a body whose facts are
    /// `None` is computed again each time: it is checked field by field
    /// anyway).
    #[inline]
    pub(crate) fn body_facts(&mut self, fields: &'static [Field]) -> Option<BodyFacts> {
        let addr = fields.as_ptr() as usize;
        let entry = &mut self.bodies[slot(addr, 1)];
        if entry.0 == addr && addr != 0 {
            return Some(entry.1);
        }
        let facts = BodyFacts::of(fields)?;
        *entry = (addr, facts);
        Some(facts)
    }

    /// The [`Class`] of `shape`, remembered.
    #[inline]
    pub(crate) fn class(&mut self, shape: &'static Shape) -> Class {
        let addr = core::ptr::from_ref(shape) as usize;
        let entry = &mut self.kinds[slot(addr, 0)];
        if entry.0 == addr {
            return entry.1;
        }
        let class = Class::of(shape);
        *entry = (addr, class);
        class
    }

    /// [`native_kind`] of `shape`, remembered.
    #[inline]
    pub(crate) fn native_kind(&mut self, shape: &'static Shape) -> Option<NativeKind> {
        self.class(shape).native
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

/// What checking the value at one position against one untagged enum found.
pub(crate) struct Verdict<Src> {
    /// How many levels below its own the check descended (it fits the
    /// depth limit from any depth at most `MAX_DEPTH - height`).
    pub(crate) height: u32,
    /// The variant that fits and the tokens just past the value; `None`
    /// when none does.
    pub(crate) matched: Option<(u32, Src)>,
}

/// Verdicts by (position in the input, enum shape address).
pub(crate) type Verdicts<Src> =
    HashMap<(usize, usize), Verdict<Src>, BuildHasherDefault<KeyHasher>>;

/// Empties `v`, keeping its allocation only while that is not much larger
/// than what it held (so that emptying costs time in what was stored, not
/// in the largest table ever held).
pub(crate) fn forget<Src>(v: &mut Verdicts<Src>) {
    if v.capacity() > 4 * v.len() + 64 {
        *v = Verdicts::default();
    } else {
        v.clear();
    }
}

/// A multiplicative hash of the words of a key, its high half folded into
/// the low one (the table picks buckets by the low bits). Keys are
/// positions in the input and shape addresses: an input chooses only which
/// positions hold values, and no two keys are equal.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Whether `key` is a name of field `f` (its name in the input, or its
/// alias).
#[inline]
pub(crate) fn names(f: &Field, key: &str) -> bool {
    f.effective_name() == key || f.alias == Some(key)
}

/// Whether a field matches `key` directly (not through flatten).
#[inline]
pub(crate) fn field_matches(f: &Field, key: &str) -> bool {
    names(f, key) && !f.is_flattened() && !f.should_skip_deserializing()
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
                assert_eq!(m.class(s).kind, IShape::kind(s));
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
