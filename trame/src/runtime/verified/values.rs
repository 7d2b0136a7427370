//! Values in the checked heap: making them (`new_imm`, `default_in_place`),
//! dropping them recursively, and reading them back for inspection.
//!
//! Handle values (options, results, pointers, lists, sets, maps) are
//! [`HANDLE_SIZE`] bytes: a little-endian `u32` allocation id
//! ([`NO_ALLOCATION`] for none) and a `u32` length (containers) or flag
//! (options: 1 for `Some`; results: 0 for `Ok`, 1 for `Err`). The named allocation is owned by the handle:
//! dropping the handle drops what the allocation holds and frees it, so a
//! missed or doubled drop anywhere below shows up as a violation or a leak.

use crate::runtime::IShape;

use super::def::{HANDLE_SIZE, NO_ALLOCATION, ShapeBody};
use super::heap::{MAX_VALUE_DEPTH, VValue, ViolationKind};
use super::shape::VShape;
use super::state::{AllocKind, DEFAULT_BYTE, HeapState};

/// What a made value is filled with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fill {
    /// Every scalar byte is the tag. Options are `Some` and containers hold
    /// one element when the tag is odd (and the value is not too deep).
    /// Enums take variant `tag % variants` (results: `Ok` for an even tag,
    /// `Err` for an odd one).
    Tag(u8),
    /// Scalars are [`DEFAULT_BYTE`]; options are `None`, containers empty;
    /// pointers point to a default pointee; enums take variant 0 (results:
    /// `Ok` of a default payload).
    Default,
}

impl Fill {
    /// The variant an enum of `count` variants made with this fill takes.
    fn variant(self, count: usize) -> usize {
        match self {
            Fill::Tag(t) => usize::from(t) % count.max(1),
            Fill::Default => 0,
        }
    }

    /// Whether an option/container made with this fill at `depth` is
    /// populated.
    fn populated(self, depth: usize) -> bool {
        matches!(self, Fill::Tag(t) if t % 2 == 1) && depth < MAX_VALUE_DEPTH
    }
}

/// Elements `(offset, shape)` of a value that are themselves values.
fn parts<'s>(shape: VShape<'s>) -> Vec<(usize, VShape<'s>)> {
    (0..shape.slot_count())
        .filter_map(|i| shape.slot(i))
        .map(|s| (s.offset, s.shape))
        .collect()
}

/// The payload fields `(offset, shape)` of variant `v` of enum `shape`.
fn variant_parts<'s>(shape: VShape<'s>, v: usize) -> Vec<(usize, VShape<'s>)> {
    (0..shape.variant_field_count(v))
        .filter_map(|i| shape.variant_field(v, i))
        .map(|s| (s.offset, s.shape))
        .collect()
}

impl<'s> HeapState<'s> {
    /// How many allocations `make_value(shape, fill, depth)` makes.
    pub(super) fn allocs_needed(&self, shape: VShape<'s>, fill: Fill, depth: usize) -> usize {
        match &shape.def().body {
            ShapeBody::Pointer { .. } => match shape.inner() {
                Some(p) => 1 + self.allocs_needed(p, fill, depth + 1),
                None => 0,
            },
            ShapeBody::Option { .. } | ShapeBody::List { .. } | ShapeBody::Set { .. }
                if fill.populated(depth) =>
            {
                shape
                    .inner()
                    .map_or(0, |t| 1 + self.allocs_needed(t, fill, depth + 1))
            }
            ShapeBody::Map { .. } if fill.populated(depth) => {
                match (shape.map_key(), shape.map_value()) {
                    (Some(k), Some(v)) => {
                        1 + self.allocs_needed(k, fill, depth + 1)
                            + self.allocs_needed(v, fill, depth + 1)
                    }
                    _ => 0,
                }
            }
            // A tagged dynamic value is a one-byte scalar; the default null.
            ShapeBody::Dynamic { .. } => usize::from(matches!(fill, Fill::Tag(_))),
            ShapeBody::Result { .. } => match shape.variant_field(fill.variant(2), 0) {
                Some(p) => 1 + self.allocs_needed(p.shape, fill, depth + 1),
                None => 0,
            },
            ShapeBody::Enum { variants, .. } => {
                let v = fill.variant(variants.len());
                variant_parts(shape, v)
                    .into_iter()
                    .map(|(_, s)| self.allocs_needed(s, fill, depth))
                    .sum()
            }
            _ => parts(shape)
                .into_iter()
                .map(|(_, s)| self.allocs_needed(s, fill, depth))
                .sum(),
        }
    }

    /// Makes a value of `shape` at `base` of allocation `idx` (accessible,
    /// uninitialized, with room for `allocs_needed` allocations checked).
    pub(super) fn make_value(
        &mut self,
        idx: usize,
        base: usize,
        shape: VShape<'s>,
        fill: Fill,
        depth: usize,
    ) {
        let populated = fill.populated(depth);
        let body = &shape.def().body;
        let (id, len) = match body {
            ShapeBody::Scalar { .. } => {
                let byte = match fill {
                    Fill::Tag(t) => t,
                    Fill::Default => DEFAULT_BYTE,
                };
                let a = &mut self.allocs[idx];
                for b in base..base + shape.size() {
                    a.bytes[b] = byte;
                    a.init[b] = true;
                }
                return;
            }
            ShapeBody::Enum { variants, .. } => {
                let v = fill.variant(variants.len());
                self.write_tag(idx, base, shape, v);
                for (offset, s) in variant_parts(shape, v) {
                    self.make_value(idx, base + offset, s, fill, depth);
                }
                return;
            }
            ShapeBody::Struct { .. } | ShapeBody::Tuple { .. } | ShapeBody::Array { .. } => {
                for (offset, s) in parts(shape) {
                    self.make_value(idx, base + offset, s, fill, depth);
                }
                return;
            }
            ShapeBody::Pointer { .. } => match shape.inner() {
                Some(p) => (self.make_owned(p, fill, depth + 1), 0),
                None => (NO_ALLOCATION, 0),
            },
            ShapeBody::Dynamic { .. } => self.make_dynamic(shape, fill),
            ShapeBody::Option { .. } => match shape.inner() {
                Some(t) if populated => (self.make_owned(t, fill, depth + 1), 1),
                _ => (NO_ALLOCATION, 0),
            },
            ShapeBody::Result { .. } => {
                let v = fill.variant(2);
                match shape.variant_field(v, 0) {
                    Some(p) => (
                        self.make_owned(p.shape, fill, depth + 1),
                        u32::try_from(v).expect("a Result has two variants"),
                    ),
                    None => (NO_ALLOCATION, 0),
                }
            }
            ShapeBody::List { .. } | ShapeBody::Set { .. } | ShapeBody::Map { .. } => {
                match shape.staging_layout() {
                    Some(sl) if populated => {
                        let storage = self.alloc_raw(
                            shape,
                            AllocKind::Storage { cap: 1 },
                            sl.stride,
                            sl.align,
                        );
                        match storage {
                            Ok(p) => {
                                let sidx = p.alloc as usize;
                                if let (Some(k), Some(v)) = (shape.map_key(), shape.map_value()) {
                                    self.make_value(sidx, 0, k, fill, depth + 1);
                                    self.make_value(sidx, sl.value_offset, v, fill, depth + 1);
                                } else if let Some(e) = shape.inner() {
                                    self.make_value(sidx, 0, e, fill, depth + 1);
                                }
                                (p.alloc, 1)
                            }
                            Err(_) => (NO_ALLOCATION, 0),
                        }
                    }
                    _ => (NO_ALLOCATION, 0),
                }
            }
        };
        self.put_handle(idx, base, id, len);
    }

    /// A new value allocation of `shape` holding a made value; its id.
    fn make_owned(&mut self, shape: VShape<'s>, fill: Fill, depth: usize) -> u32 {
        match self.alloc(shape) {
            Ok(p) => {
                self.make_value(p.alloc as usize, 0, shape, fill, depth);
                p.alloc
            }
            Err(_) => NO_ALLOCATION,
        }
    }

    /// Writes handle bytes `(id, len)` at `base` of `idx` and marks them
    /// initialized (bounds already checked).
    pub(super) fn put_handle(&mut self, idx: usize, base: usize, id: u32, len: u32) {
        let a = &mut self.allocs[idx];
        let bytes = [id.to_le_bytes(), len.to_le_bytes()].concat();
        a.bytes[base..base + HANDLE_SIZE].copy_from_slice(&bytes);
        a.init[base..base + HANDLE_SIZE].fill(true);
    }

    /// The handle `(id, len)` at `base` of `idx`.
    pub(super) fn handle(&self, idx: usize, base: usize) -> (u32, u32) {
        let b = &self.allocs[idx].bytes[base..base + HANDLE_SIZE];
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        (word(0), word(4))
    }

    /// Checks that handle id `id` names a live allocation of `kind` and
    /// `shape`; records a violation otherwise.
    pub(super) fn owned(
        &mut self,
        id: u32,
        kind: fn(AllocKind) -> bool,
        shape: VShape<'_>,
    ) -> Option<usize> {
        let idx = id as usize;
        let problem = match self.allocs.get(idx) {
            None => Some(ViolationKind::BadHandle),
            Some(a) if a.freed => Some(ViolationKind::UseAfterFree),
            Some(a) if !kind(a.kind) || a.shape != shape => {
                Some(ViolationKind::WrongAllocationKind)
            }
            Some(_) => None,
        };
        match problem {
            None => Some(idx),
            Some(k) => {
                let detail = format!("handle of {} names allocation #{id}", shape.name());
                self.record(k, detail);
                None
            }
        }
    }

    /// Drops what the complete value of `shape` at `base` of `idx` owns:
    /// every allocation its handles name (recursively). Leaves the value's
    /// own bytes as they are.
    pub(super) fn drop_value(&mut self, idx: usize, base: usize, shape: VShape<'s>, depth: usize) {
        if depth > 4 * MAX_VALUE_DEPTH + 64 {
            self.record(
                ViolationKind::BadHandle,
                format!("handle cycle through {}", shape.name()),
            );
            return;
        }
        let body = &shape.def().body;
        match body {
            ShapeBody::Scalar { .. } => {}
            ShapeBody::Dynamic { .. } => self.drop_dynamic(idx, base, shape, depth),
            ShapeBody::Struct { .. } | ShapeBody::Tuple { .. } | ShapeBody::Array { .. } => {
                for (offset, s) in parts(shape) {
                    self.drop_value(idx, base + offset, s, depth);
                }
            }
            ShapeBody::Enum { .. } => {
                if let Some(v) = self.read_tag(idx, base, shape) {
                    for (offset, s) in variant_parts(shape, v) {
                        self.drop_value(idx, base + offset, s, depth);
                    }
                }
            }
            ShapeBody::Pointer { .. } | ShapeBody::Option { .. } => {
                let (id, flag) = self.handle(idx, base);
                let present = matches!(body, ShapeBody::Pointer { .. }) || flag == 1;
                if let (true, Some(t)) = (present && id != NO_ALLOCATION, shape.inner())
                    && let Some(o) = self.owned(id, |k| k == AllocKind::Value, t)
                {
                    self.drop_value(o, 0, t, depth + 1);
                    self.set_init(o, 0, t, false);
                    self.free(o, "drop of owned value");
                }
            }
            ShapeBody::Result { .. } => {
                let (id, flag) = self.handle(idx, base);
                let payload = shape.variant_field(flag as usize, 0).map(|p| p.shape);
                match payload {
                    Some(t) => {
                        if let Some(o) = self.owned(id, |k| k == AllocKind::Value, t) {
                            self.drop_value(o, 0, t, depth + 1);
                            self.set_init(o, 0, t, false);
                            self.free(o, "drop of owned value");
                        }
                    }
                    None => self.record(
                        ViolationKind::BadHandle,
                        format!("{} with flag {flag}", shape.name()),
                    ),
                }
            }
            ShapeBody::List { .. } | ShapeBody::Set { .. } | ShapeBody::Map { .. } => {
                let (id, len) = self.handle(idx, base);
                let Some(sl) = shape.staging_layout() else {
                    return;
                };
                if id == NO_ALLOCATION {
                    return;
                }
                let Some(o) = self.owned(id, |k| matches!(k, AllocKind::Storage { .. }), shape)
                else {
                    return;
                };
                for k in 0..len as usize {
                    self.drop_element(o, k * sl.stride, shape, depth + 1);
                }
                self.free(o, "drop of container storage");
            }
        }
    }

    /// Drops the complete element (or entry) of container `shape` at `base`
    /// of `idx` and marks its bytes uninitialized.
    pub(super) fn drop_element(
        &mut self,
        idx: usize,
        base: usize,
        shape: VShape<'s>,
        depth: usize,
    ) {
        let offset = shape.staging_layout().map_or(0, |sl| sl.value_offset);
        let parts = match (shape.map_key(), shape.map_value(), shape.inner()) {
            (Some(k), Some(v), _) => vec![(0, k), (offset, v)],
            (_, _, Some(e)) => vec![(0, e)],
            _ => Vec::new(),
        };
        for (off, s) in parts {
            self.drop_value(idx, base + off, s, depth);
            self.set_init(idx, base + off, s, false);
        }
    }

    /// The value of `shape` at `base` of `idx`, if complete and well formed.
    pub(super) fn inspect(
        &self,
        idx: usize,
        base: usize,
        shape: VShape<'s>,
        depth: usize,
    ) -> Option<VValue> {
        let a = self.allocs.get(idx)?;
        if a.freed || depth > 4 * MAX_VALUE_DEPTH + 64 || base + shape.size() > a.size {
            return None;
        }
        let bytes = self.value_bytes(idx, base, shape);
        if !bytes.iter().all(|&b| a.init[b]) {
            return None;
        }
        let body = &shape.def().body;
        Some(match body {
            ShapeBody::Scalar { .. } => VValue::Bytes(bytes.iter().map(|&b| a.bytes[b]).collect()),
            ShapeBody::Dynamic { .. } => self.inspect_dynamic(idx, base, shape, depth)?,
            ShapeBody::Enum { .. } => {
                let v = self.read_tag(idx, base, shape)?;
                let mut out = Vec::new();
                for (offset, s) in variant_parts(shape, v) {
                    out.push(self.inspect(idx, base + offset, s, depth)?);
                }
                VValue::Variant(v, out)
            }
            ShapeBody::Struct { .. } | ShapeBody::Tuple { .. } | ShapeBody::Array { .. } => {
                let mut out = Vec::new();
                for (offset, s) in parts(shape) {
                    out.push(self.inspect(idx, base + offset, s, depth)?);
                }
                VValue::Fields(out)
            }
            ShapeBody::Pointer { .. } => {
                let (id, _) = self.handle(idx, base);
                VValue::Pointer(Box::new(self.inspect(
                    id as usize,
                    0,
                    shape.inner()?,
                    depth + 1,
                )?))
            }
            ShapeBody::Result { .. } => {
                let (id, flag) = self.handle(idx, base);
                let payload = shape.variant_field(flag as usize, 0)?.shape;
                let v = self.inspect(id as usize, 0, payload, depth + 1)?;
                VValue::Variant(flag as usize, vec![v])
            }
            ShapeBody::Option { .. } => {
                let (id, flag) = self.handle(idx, base);
                if flag == 1 {
                    let v = self.inspect(id as usize, 0, shape.inner()?, depth + 1)?;
                    VValue::Option(Some(Box::new(v)))
                } else {
                    VValue::Option(None)
                }
            }
            ShapeBody::List { .. } | ShapeBody::Set { .. } | ShapeBody::Map { .. } => {
                let (id, len) = self.handle(idx, base);
                let sl = shape.staging_layout()?;
                let mut elems = Vec::new();
                let mut entries = Vec::new();
                for k in 0..len as usize {
                    let at = k * sl.stride;
                    if let (Some(ks), Some(vs)) = (shape.map_key(), shape.map_value()) {
                        let key = self.inspect(id as usize, at, ks, depth + 1)?;
                        let value =
                            self.inspect(id as usize, at + sl.value_offset, vs, depth + 1)?;
                        entries.push((key, value));
                    } else {
                        elems.push(self.inspect(id as usize, at, shape.inner()?, depth + 1)?);
                    }
                }
                match body {
                    ShapeBody::Map { .. } => VValue::Map(entries),
                    ShapeBody::Set { .. } => VValue::Set(elems),
                    _ => VValue::List(elems),
                }
            }
        })
    }
}
