//! The state behind a [`VHeap`](super::VHeap): allocations with their byte
//! and initialization maps, the recorded violations and the value counters,
//! and the checked transitions every heap operation goes through.

use crate::runtime::{IShape, OutOfCapacity};

use super::def::{HANDLE_SIZE, ShapeBody};
use super::heap::{MAX_ALLOCATIONS, VImm, VPtr, Violation, ViolationKind};
use super::shape::VShape;
use super::values::Fill;

/// What uninitialized bytes hold, so that stale data is recognisable.
const POISON: u8 = 0xA5;
/// What `default_in_place` writes into every value byte.
pub(super) const DEFAULT_BYTE: u8 = 0xDF;

/// What an allocation is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AllocKind {
    /// One value of the allocation's shape (`IHeap::alloc`, an `Imm`, a
    /// pointee or option payload owned by a handle).
    Value,
    /// A staging chunk for `n` elements/entries of the allocation's
    /// (container) shape (`IHeap::alloc_chunk`).
    Chunk { n: usize },
    /// The element storage of a materialized container value of the
    /// allocation's shape, owned by that value's handle.
    Storage { cap: usize },
}

/// One allocation: its shape, bytes and per-byte initialization.
pub(super) struct Allocation<'s> {
    pub(super) shape: VShape<'s>,
    pub(super) kind: AllocKind,
    pub(super) size: usize,
    pub(super) align: usize,
    pub(super) bytes: Vec<u8>,
    pub(super) init: Vec<bool>,
    pub(super) freed: bool,
}

/// Everything a heap knows.
#[derive(Default)]
pub(super) struct HeapState<'s> {
    pub(super) allocs: Vec<Allocation<'s>>,
    pub(super) violations: Vec<Violation>,
    pub(super) created: usize,
    pub(super) dropped: usize,
}

impl<'s> HeapState<'s> {
    /// Byte positions (in allocation `idx`) of the value bytes of `shape`
    /// placed at `base`: every scalar byte, never padding. Inside an enum,
    /// the discriminant's bytes count, and when they are initialized they
    /// select the variant whose payload fields count too.
    pub(super) fn value_bytes(&self, idx: usize, base: usize, shape: VShape<'_>) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_value_bytes(idx, base, shape, &mut out);
        out
    }

    fn collect_value_bytes(
        &self,
        idx: usize,
        base: usize,
        shape: VShape<'_>,
        out: &mut Vec<usize>,
    ) {
        match &shape.def().body {
            ShapeBody::Scalar { .. } => out.extend(base..base + shape.size()),
            ShapeBody::Option { .. }
            | ShapeBody::Result { .. }
            | ShapeBody::Pointer { .. }
            | ShapeBody::List { .. }
            | ShapeBody::Set { .. }
            | ShapeBody::Map { .. }
            | ShapeBody::Dynamic { .. } => out.extend(base..base + HANDLE_SIZE),
            ShapeBody::Struct { fields, .. } | ShapeBody::Tuple { fields } => {
                for f in fields {
                    self.collect_value_bytes(
                        idx,
                        base + f.offset,
                        shape.store().shape(f.shape),
                        out,
                    );
                }
            }
            ShapeBody::Array { elem, len } => {
                let elem = shape.store().shape(*elem);
                for k in 0..*len {
                    self.collect_value_bytes(idx, base + k * elem.size(), elem, out);
                }
            }
            ShapeBody::Enum { tag_size, variants } => {
                out.extend(base..base + tag_size);
                if let Some(v) = self.read_tag(idx, base, shape) {
                    for f in &variants[v].fields {
                        self.collect_value_bytes(
                            idx,
                            base + f.offset,
                            shape.store().shape(f.shape),
                            out,
                        );
                    }
                }
            }
        }
    }

    /// The variant an enum's discriminant names, if its bytes are all
    /// initialized and name a variant.
    pub(super) fn read_tag(&self, idx: usize, base: usize, shape: VShape<'_>) -> Option<usize> {
        let a = &self.allocs[idx];
        let tag = shape.tag_size();
        if tag == 0 || !a.init[base..base + tag].iter().all(|b| *b) {
            return None;
        }
        let v = a.bytes[base..base + tag]
            .iter()
            .rev()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        usize::try_from(v)
            .ok()
            .filter(|v| *v < shape.variants().len())
    }

    /// Writes `v` as the little-endian discriminant of the enum at `base`
    /// and marks those bytes initialized.
    pub(super) fn write_tag(&mut self, idx: usize, base: usize, shape: VShape<'_>, v: usize) {
        let a = &mut self.allocs[idx];
        let tag = (v as u64).to_le_bytes();
        debug_assert!(shape.tag_size() <= tag.len());
        for (k, byte) in tag.iter().take(shape.tag_size()).enumerate() {
            a.bytes[base + k] = *byte;
            a.init[base + k] = true;
        }
    }

    /// Number of initialized bytes among an enum's payload bytes (all bytes
    /// after its discriminant).
    fn payload_init(&self, idx: usize, base: usize, shape: VShape<'_>) -> usize {
        let a = &self.allocs[idx];
        a.init[base + shape.tag_size()..base + shape.size()]
            .iter()
            .filter(|b| **b)
            .count()
    }

    /// Checks that the enum `shape` may be accessed at `ptr` and that none
    /// of its payload bytes is still initialized (a stale payload across a
    /// variant change); returns the allocation index and offset.
    fn enum_access(&mut self, op: &str, ptr: VPtr, shape: VShape<'_>) -> Option<(usize, usize)> {
        let (idx, base) = self.access(op, ptr, shape)?;
        let stale = self.payload_init(idx, base, shape);
        if stale > 0 {
            let detail = format!(
                "{}: {stale} payload byte(s) still initialized",
                self.site(op, ptr, shape)
            );
            self.record(ViolationKind::StalePayload, detail);
        }
        Some((idx, base))
    }

    pub(super) fn select_variant(&mut self, ptr: VPtr, shape: VShape<'_>, v: usize) {
        if let Some((idx, base)) = self.enum_access("select_variant", ptr, shape) {
            self.write_tag(idx, base, shape, v);
        }
    }

    pub(super) fn clear_variant(&mut self, ptr: VPtr, shape: VShape<'_>) {
        let Some((idx, base)) = self.enum_access("clear_variant", ptr, shape) else {
            return;
        };
        let a = &mut self.allocs[idx];
        for k in base..base + shape.tag_size() {
            a.init[k] = false;
            a.bytes[k] = POISON;
        }
    }

    pub(super) fn active_variant(&self, ptr: VPtr, shape: VShape<'_>) -> Option<usize> {
        let (idx, base) = (ptr.alloc as usize, ptr.offset as usize);
        let a = self.allocs.get(idx)?;
        if a.freed || base + shape.size() > a.size {
            return None;
        }
        if let ShapeBody::Result { .. } = shape.def().body {
            // The flag of a result handle whose bytes are initialized.
            if !a.init[base..base + HANDLE_SIZE].iter().all(|b| *b) {
                return None;
            }
            let (_, flag) = self.handle(idx, base);
            return usize::try_from(flag).ok().filter(|v| *v < 2);
        }
        self.read_tag(idx, base, shape)
    }

    pub(super) fn live_allocations(&self) -> usize {
        self.allocs.iter().filter(|a| !a.freed).count()
    }

    pub(super) fn record(&mut self, kind: ViolationKind, detail: String) {
        let message = format!("{}: {detail}", kind.describe());
        self.violations.push(Violation { kind, message });
    }

    /// `op at allocation #a (S), offset o, length n, as T`.
    pub(super) fn site(&self, op: &str, ptr: VPtr, shape: VShape<'_>) -> String {
        let owner = match self.allocs.get(ptr.alloc as usize) {
            Some(a) if a.kind == AllocKind::Value => a.shape.name().to_owned(),
            Some(a) => format!("chunk/storage of {}", a.shape.name()),
            None => "?".to_owned(),
        };
        format!(
            "{op} at allocation #{} ({owner}), offset {}, length {}, as {}",
            ptr.alloc,
            ptr.offset,
            shape.size(),
            shape.name()
        )
    }

    /// Checks that `shape` may be accessed at `ptr`; returns the allocation
    /// index and byte offset, or records why not and returns `None`.
    pub(super) fn access(
        &mut self,
        op: &str,
        ptr: VPtr,
        shape: VShape<'_>,
    ) -> Option<(usize, usize)> {
        let idx = ptr.alloc as usize;
        let base = ptr.offset as usize;
        let kind = match self.allocs.get(idx) {
            None => Some(ViolationKind::UnknownAllocation),
            Some(a) if a.freed => Some(ViolationKind::UseAfterFree),
            Some(a) if base.saturating_add(shape.size()) > a.size => {
                Some(ViolationKind::OutOfBounds)
            }
            Some(a) if !base.is_multiple_of(shape.align()) || shape.align() > a.align => {
                Some(ViolationKind::Misaligned)
            }
            Some(_) => None,
        };
        match kind {
            None => Some((idx, base)),
            Some(kind) => {
                let site = self.site(op, ptr, shape);
                self.record(kind, site);
                None
            }
        }
    }

    /// (initialized, total) value bytes of `shape` at `base` in `idx`.
    pub(super) fn count_init(&self, idx: usize, base: usize, shape: VShape<'_>) -> (usize, usize) {
        let init = &self.allocs[idx].init;
        self.value_bytes(idx, base, shape)
            .into_iter()
            .fold((0, 0), |(i, t), b| (i + usize::from(init[b]), t + 1))
    }

    /// Records an init-over-init violation if any value byte is initialized.
    pub(super) fn check_uninit(
        &mut self,
        op: &str,
        ptr: VPtr,
        idx: usize,
        base: usize,
        shape: VShape<'_>,
    ) {
        let (init, _) = self.count_init(idx, base, shape);
        if init > 0 {
            let site = self.site(op, ptr, shape);
            let detail = format!("{site}: {init} byte(s) already initialized");
            self.record(ViolationKind::InitOverInit, detail);
        }
    }

    pub(super) fn set_init(&mut self, idx: usize, base: usize, shape: VShape<'_>, init: bool) {
        let bytes = self.value_bytes(idx, base, shape);
        let a = &mut self.allocs[idx];
        for b in bytes {
            a.init[b] = init;
            if !init {
                a.bytes[b] = POISON;
            }
        }
    }

    pub(super) fn alloc(&mut self, shape: VShape<'s>) -> Result<VPtr, OutOfCapacity> {
        self.alloc_raw(shape, AllocKind::Value, shape.size(), shape.align())
    }

    /// Whether `n` more allocations fit.
    pub(super) fn has_room(&self, n: usize) -> bool {
        self.allocs.len().saturating_add(n) <= MAX_ALLOCATIONS
    }

    pub(super) fn alloc_raw(
        &mut self,
        shape: VShape<'s>,
        kind: AllocKind,
        size: usize,
        align: usize,
    ) -> Result<VPtr, OutOfCapacity> {
        let full = OutOfCapacity {
            what: "heap allocations",
        };
        if !self.has_room(1) {
            return Err(full);
        }
        let alloc = u32::try_from(self.allocs.len()).map_err(|_| full)?;
        self.allocs.push(Allocation {
            shape,
            kind,
            size,
            align,
            bytes: vec![POISON; size],
            init: vec![false; size],
            freed: false,
        });
        Ok(VPtr { alloc, offset: 0 })
    }

    pub(super) fn dealloc(&mut self, op: &str, ptr: VPtr, shape: VShape<'_>) {
        let idx = ptr.alloc as usize;
        let site = self.site(op, ptr, shape);
        let Some(a) = self.allocs.get(idx) else {
            return self.record(ViolationKind::UnknownAllocation, site);
        };
        if a.freed {
            return self.record(ViolationKind::DoubleFree, site);
        }
        if ptr.offset != 0 {
            return self.record(ViolationKind::FreeOfInteriorPointer, site);
        }
        if a.kind != AllocKind::Value {
            let detail = format!("{site}: a {:?} allocation", a.kind);
            self.record(ViolationKind::WrongAllocationKind, detail);
        } else if a.shape != shape {
            let detail = format!("{site}, but allocated as {}", a.shape.name());
            self.record(ViolationKind::DeallocWrongShape, detail);
        }
        self.free(idx, &site);
    }

    /// Marks allocation `idx` (known to exist and be live) freed, reporting
    /// initialized bytes still in it.
    pub(super) fn free(&mut self, idx: usize, site: &str) {
        let init = self.allocs[idx].init.iter().filter(|b| **b).count();
        if init > 0 {
            let detail = format!("{site}: {init} byte(s) still initialized");
            self.record(ViolationKind::DeallocInitialized, detail);
        }
        let a = &mut self.allocs[idx];
        a.freed = true;
        a.init.fill(false);
        a.bytes.fill(POISON);
    }

    pub(super) fn default_in_place(&mut self, dst: VPtr, shape: VShape<'s>) -> bool {
        if !shape.has_default() {
            return false;
        }
        self.write_default(dst, shape)
    }

    /// Writes the default pattern for `shape` at `dst` (whether or not the
    /// shape itself has a default: a field default may exist without one).
    pub(super) fn write_default(&mut self, dst: VPtr, shape: VShape<'s>) -> bool {
        if let Some((idx, base)) = self.access("default_in_place", dst, shape) {
            if !self.has_room(self.allocs_needed(shape, Fill::Default, 0)) {
                // The model ran out of allocations: report "no default"
                // (the core turns it into an error), having written nothing.
                return false;
            }
            self.check_uninit("default_in_place", dst, idx, base, shape);
            self.make_value(idx, base, shape, Fill::Default, 0);
            self.created += 1;
        }
        true
    }

    pub(super) fn drop_in_place(&mut self, op: &str, ptr: VPtr, shape: VShape<'s>) {
        let Some((idx, base)) = self.access(op, ptr, shape) else {
            return;
        };
        let (init, total) = self.count_init(idx, base, shape);
        if init < total {
            let kind = if init == 0 {
                ViolationKind::DropUninit
            } else {
                ViolationKind::DropPartlyInit
            };
            let detail = format!(
                "{}: {init} of {total} byte(s) initialized",
                self.site(op, ptr, shape)
            );
            self.record(kind, detail);
        }
        if init == total {
            self.drop_value(idx, base, shape, 0);
        }
        self.set_init(idx, base, shape, false);
        self.dropped += 1;
    }

    /// Checked move; returns whether both ends were accessible (the move
    /// happened, possibly with recorded violations).
    pub(super) fn move_value(&mut self, op: &str, dst: VPtr, src: VPtr, shape: VShape<'_>) -> bool {
        let Some((si, sb)) = self.access(op, src, shape) else {
            return false;
        };
        let Some((di, db)) = self.access(op, dst, shape) else {
            return false;
        };
        let size = shape.size();
        if si == di && size > 0 && sb < db + size && db < sb + size {
            let detail = format!("{}, to offset {db}", self.site(op, src, shape));
            self.record(ViolationKind::OverlappingMove, detail);
            return false;
        }
        let (init, total) = self.count_init(si, sb, shape);
        if init < total {
            let site = self.site(op, src, shape);
            let detail = format!("{site}: {init} of {total} byte(s) initialized");
            self.record(ViolationKind::ReadUninit, detail);
        }
        self.check_uninit(op, dst, di, db, shape);
        for b in self.value_bytes(si, sb, shape) {
            let byte = self.allocs[si].bytes[b];
            let k = b - sb;
            self.allocs[di].bytes[db + k] = byte;
            self.allocs[di].init[db + k] = true;
        }
        self.set_init(si, sb, shape, false);
        true
    }

    pub(super) fn imm_move_into(&mut self, imm: VImm<'_>, dst: VPtr) {
        let op = "imm_move_into";
        if !self.move_value(op, dst, imm.ptr, imm.shape) {
            // The destination was unusable (already recorded): discard the
            // value so that the free below reports nothing further.
            if let Some(a) = self.allocs.get(imm.ptr.alloc as usize)
                && !a.freed
            {
                self.set_init(imm.ptr.alloc as usize, 0, imm.shape, false);
            }
        }
        self.dealloc(op, imm.ptr, imm.shape);
    }

    /// Whether every value byte of `shape` at `ptr` is initialized; `false`
    /// for pointers that cannot be accessed. Records nothing.
    pub(super) fn is_init(&self, ptr: VPtr, shape: VShape<'_>) -> bool {
        let (idx, base) = (ptr.alloc as usize, ptr.offset as usize);
        match self.allocs.get(idx) {
            Some(a)
                if !a.freed
                    && base.saturating_add(shape.size()) <= a.size
                    && base.is_multiple_of(shape.align()) =>
            {
                self.value_bytes(idx, base, shape)
                    .into_iter()
                    .all(|b| a.init[b])
            }
            _ => false,
        }
    }
}
