//! Dynamic values in the checked heap ([`ShapeBody::Dynamic`]): scalars
//! made by the model's setters, arrays and objects materialized from
//! staging chunks, and their drop and inspection.
//!
//! A dynamic value is a handle: a `u32` allocation id ([`NO_ALLOCATION`]
//! for none) and a word `len << 2 | form`. The model's setters take any
//! scalar: a zero-size one (the model's `()`) makes null, any other a copy
//! of its value bytes, except a scalar whose first value byte is
//! [`REFUSED_BYTE`], which they refuse (as facet's `set_f64` refuses a
//! value it cannot represent). Objects keep a copy of each key's bytes (as
//! `insert_object_entry` copies the borrowed key) and the staged key is
//! dropped; an entry whose key bytes equal an earlier one's replaces that
//! entry's value (the earlier value and the later key are dropped).
//!
//! Checked, besides every move's own checks: a dynamic value made over
//! initialized bytes (`InitOverInit`), from a scalar or an element with
//! uninitialized bytes, or from an element already moved out (an element
//! materialized twice: `ReadUninit`), a chunk freed with an element left in
//! it (`DeallocInitialized`), a chunk used twice (`DoubleFree`), and every
//! storage never freed (a leak at teardown).

use crate::runtime::{HookError, IShape, OutOfCapacity, StagedChunk};

use super::def::{NO_ALLOCATION, ShapeBody};
use super::heap::{VImm, VPtr, VValue, ViolationKind};
use super::shape::VShape;
use super::state::{AllocKind, HeapState};
use super::values::Fill;

/// The first value byte of a scalar the model's setters refuse.
pub const REFUSED_BYTE: u8 = 0xFF;

/// The forms of a dynamic value, the low two bits of its handle's word.
const NULL: u32 = 0;
const SCALAR: u32 = 1;
const ARRAY: u32 = 2;
const OBJECT: u32 = 3;

/// The handle word of a value of `form` with `len` bytes, elements or
/// entries.
fn word(form: u32, len: usize) -> u32 {
    u32::try_from(len).map_or(u32::MAX, |n| n << 2) | form
}

const FULL: OutOfCapacity = OutOfCapacity {
    what: "heap allocations",
};

fn at(alloc: u32, offset: usize) -> VPtr {
    VPtr {
        alloc,
        offset: u32::try_from(offset).unwrap_or(u32::MAX),
    }
}

/// Whether a dynamic value of `shape` can be made from a value of `from`:
/// any scalar of the model.
pub(super) fn accepts(shape: VShape<'_>, from: VShape<'_>) -> bool {
    shape.kind() == crate::ShapeKind::Dynamic
        && matches!(from.def().body, ShapeBody::Scalar { .. })
        && core::ptr::eq(shape.store(), from.store())
}

impl<'s> HeapState<'s> {
    /// The handle of a made dynamic value (`Fill::Tag(t)`: the one-byte
    /// scalar `t`; `Fill::Default`: null).
    pub(super) fn make_dynamic(&mut self, shape: VShape<'s>, fill: Fill) -> (u32, u32) {
        match fill {
            Fill::Tag(t) => match self.alloc_raw(shape, AllocKind::Storage { cap: 1 }, 1, 1) {
                Ok(p) => {
                    let a = &mut self.allocs[p.alloc as usize];
                    a.bytes[0] = t;
                    a.init[0] = true;
                    (p.alloc, word(SCALAR, 1))
                }
                Err(_) => (NO_ALLOCATION, word(NULL, 0)),
            },
            Fill::Default => (NO_ALLOCATION, word(NULL, 0)),
        }
    }

    // t[impl dynamic.scalar]
    /// The model's setters: a dynamic value of `shape` at `dst` from the
    /// scalar `imm` carries, which is dropped afterwards in every outcome.
    pub(super) fn dynamic_from_imm(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        imm: VImm<'s>,
    ) -> Result<(), HookError> {
        let op = "dynamic_from_imm";
        let result = self.set_scalar(op, dst, shape, imm.ptr, imm.shape);
        // The setters only read the scalar: it is dropped as a value of its
        // own, then its memory freed.
        self.drop_in_place(op, imm.ptr, imm.shape);
        self.dealloc(op, imm.ptr, imm.shape);
        result
    }

    fn set_scalar(
        &mut self,
        op: &str,
        dst: VPtr,
        shape: VShape<'s>,
        src: VPtr,
        from: VShape<'s>,
    ) -> Result<(), HookError> {
        if !accepts(shape, from) {
            return Err(HookError::new(format!(
                "{} is not made from {}",
                shape.name(),
                from.name()
            )));
        }
        let Some((si, sb)) = self.access(op, src, from) else {
            return Err(HookError::new("no scalar"));
        };
        let (init, total) = self.count_init(si, sb, from);
        if init < total {
            let site = self.site(op, src, from);
            self.record(
                ViolationKind::ReadUninit,
                format!("{site}: {init} of {total} byte(s) initialized"),
            );
        }
        let bytes: Vec<u8> = (self.value_bytes(si, sb, from).into_iter())
            .map(|b| self.allocs[si].bytes[b])
            .collect();
        if bytes.first() == Some(&REFUSED_BYTE) {
            return Err(HookError::new(format!("{} refused", from.name())));
        }
        if !bytes.is_empty() && !self.has_room(1) {
            return Err(HookError::new("out of model allocations"));
        }
        let Some((idx, base)) = self.handle_dst(op, dst, shape) else {
            return Err(HookError::new("no destination"));
        };
        let (id, w) = match bytes.len() {
            0 => (NO_ALLOCATION, word(NULL, 0)),
            n => {
                let p = (self.alloc_raw(shape, AllocKind::Storage { cap: n }, n, 1))
                    .map_err(|_| HookError::new("out of model allocations"))?;
                let a = &mut self.allocs[p.alloc as usize];
                a.bytes.copy_from_slice(&bytes);
                a.init.fill(true);
                (p.alloc, word(SCALAR, n))
            }
        };
        self.put_handle(idx, base, id, w);
        self.created += 1;
        Ok(())
    }

    // t[impl dynamic.array]
    // t[impl dynamic.object]
    // t[impl dynamic.model]
    /// Materializes `chunks` into a dynamic array (`object == false`) or
    /// object of `shape` at `dst`.
    pub(super) fn dynamic_collect(
        &mut self,
        op: &str,
        dst: VPtr,
        shape: VShape<'s>,
        object: bool,
        chunks: &[StagedChunk<VPtr>],
    ) -> Result<(), OutOfCapacity> {
        let (Some(sl), Some(key), true) = (
            shape.staging_layout(),
            shape.map_key(),
            shape.kind() == crate::ShapeKind::Dynamic,
        ) else {
            self.record(
                ViolationKind::WrongAllocationKind,
                format!("{op} on {}", shape.name()),
            );
            return Ok(());
        };
        // An array keeps its elements at the stride of a dynamic value, an
        // object its entries as staged.
        let stride = if object { sl.stride } else { shape.size() };
        let total: usize = chunks.iter().map(|c| c.len).sum();
        if total > 0 && !self.has_room(1) {
            return Err(FULL);
        }
        let Some((idx, base)) = self.handle_dst(op, dst, shape) else {
            return Ok(());
        };
        let storage = match total {
            0 => None,
            n => {
                let size = stride.saturating_mul(n);
                Some(self.alloc_raw(shape, AllocKind::Storage { cap: n }, size, sl.align)?)
            }
        };
        let mut len = 0usize;
        for c in chunks {
            let Some(ci) = self.chunk(op, c.ptr, shape, c.cap) else {
                continue;
            };
            let Some(st) = storage else {
                self.free(ci, &format!("{op}: free of chunk #{ci}"));
                continue;
            };
            for k in 0..c.len.min(c.cap) {
                let from = k * sl.stride;
                if !object {
                    self.move_value(op, at(st.alloc, len * stride), at(c.ptr.alloc, from), shape);
                    len += 1;
                    continue;
                }
                let value_from = at(c.ptr.alloc, from + sl.value_offset);
                let kept = (0..len)
                    .find(|&j| self.same_bytes(key, st.alloc as usize, j * stride, ci, from));
                let slot = match kept {
                    Some(j) => {
                        // The later entry wins: the earlier value goes.
                        let v = j * stride + sl.value_offset;
                        self.drop_value(st.alloc as usize, v, shape, 1);
                        self.set_init(st.alloc as usize, v, shape, false);
                        self.dropped += 1;
                        j
                    }
                    None => {
                        // The object keeps a copy of the key's bytes.
                        let kb = self.value_bytes(ci, from, key);
                        for b in kb {
                            let byte = self.allocs[ci].bytes[b];
                            let d = len * stride + (b - from);
                            let a = &mut self.allocs[st.alloc as usize];
                            a.bytes[d] = byte;
                            a.init[d] = true;
                        }
                        len += 1;
                        len - 1
                    }
                };
                let v = at(st.alloc, slot * stride + sl.value_offset);
                self.move_value(op, v, value_from, shape);
                // The staged key was only borrowed: it is dropped now.
                self.drop_in_place(op, at(c.ptr.alloc, from), key);
            }
            // Every staged element was moved or dropped: the chunk must hold
            // nothing any more.
            self.free(ci, &format!("{op}: free of chunk #{ci}"));
        }
        let id = storage.map_or(NO_ALLOCATION, |p| p.alloc);
        let form = if object { OBJECT } else { ARRAY };
        self.put_handle(idx, base, id, word(form, len));
        Ok(())
    }

    /// Drops what the dynamic value at `base` of `idx` owns.
    pub(super) fn drop_dynamic(
        &mut self,
        idx: usize,
        base: usize,
        shape: VShape<'s>,
        depth: usize,
    ) {
        let (id, w) = self.handle(idx, base);
        let (form, len) = (w & 3, (w >> 2) as usize);
        if id == NO_ALLOCATION {
            return;
        }
        let Some(o) = self.owned(id, |k| matches!(k, AllocKind::Storage { .. }), shape) else {
            return;
        };
        let (Some(sl), Some(key)) = (shape.staging_layout(), shape.map_key()) else {
            return;
        };
        for k in 0..len {
            match form {
                ARRAY => {
                    self.drop_value(o, k * shape.size(), shape, depth + 1);
                    self.set_init(o, k * shape.size(), shape, false);
                }
                OBJECT => {
                    let v = k * sl.stride + sl.value_offset;
                    self.set_init(o, k * sl.stride, key, false);
                    self.drop_value(o, v, shape, depth + 1);
                    self.set_init(o, v, shape, false);
                }
                _ => {}
            }
        }
        if form == SCALAR {
            self.allocs[o].init.fill(false);
        }
        self.free(o, "drop of dynamic storage");
    }

    /// The dynamic value at `base` of `idx`, read back.
    pub(super) fn inspect_dynamic(
        &self,
        idx: usize,
        base: usize,
        shape: VShape<'s>,
        depth: usize,
    ) -> Option<VValue> {
        let (id, w) = self.handle(idx, base);
        let (form, len) = (w & 3, (w >> 2) as usize);
        let (sl, key) = (shape.staging_layout()?, shape.map_key()?);
        let storage = || self.allocs.get(id as usize).filter(|a| !a.freed);
        Some(match form {
            NULL => VValue::Null,
            SCALAR => VValue::Bytes(storage()?.bytes.get(..len)?.to_vec()),
            ARRAY => VValue::List(
                (0..len)
                    .map(|k| self.inspect(id as usize, k * shape.size(), shape, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            _ => VValue::Map(
                (0..len)
                    .map(|k| {
                        let at = k * sl.stride;
                        let k = self.inspect(id as usize, at, key, depth + 1)?;
                        let v =
                            self.inspect(id as usize, at + sl.value_offset, shape, depth + 1)?;
                        Some((k, v))
                    })
                    .collect::<Option<_>>()?,
            ),
        })
    }
}
