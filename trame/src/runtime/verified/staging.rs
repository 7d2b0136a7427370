//! The checked forms of the wrapper and container operations: making
//! `Some`/pointers from a staged inner value, staging chunks, and
//! materializing chunks into list, set and map values (with set uniqueness
//! and map last-wins decided by comparing value bytes).

use crate::runtime::{IShape, OutOfCapacity, StagedChunk};

use super::def::NO_ALLOCATION;
use super::heap::{MAX_CHUNK_BYTES, VPtr, ViolationKind};
use super::shape::VShape;
use super::state::{AllocKind, HeapState};

const FULL: OutOfCapacity = OutOfCapacity {
    what: "heap allocations",
};

/// How staged elements are combined into the container.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Collect {
    /// Keep every element, in order.
    List,
    /// Drop an element equal to one already kept.
    Set,
    /// For an entry whose key equals a kept one: drop the newcomer key and
    /// the kept value, keep the newcomer value.
    Map,
}

impl<'s> HeapState<'s> {
    /// Checks that a handle of `shape` may be written at `dst`; returns
    /// `(allocation, offset)`.
    pub(super) fn handle_dst(
        &mut self,
        op: &str,
        dst: VPtr,
        shape: VShape<'_>,
    ) -> Option<(usize, usize)> {
        let (idx, base) = self.access(op, dst, shape)?;
        self.check_uninit(op, dst, idx, base, shape);
        Some((idx, base))
    }

    /// `Some(payload)` (`flag` 1), a pointer (`flag` 0), `Ok(payload)`
    /// (`flag` 0) or `Err(payload)` (`flag` 1) at `dst`, owning a new
    /// allocation the inner value of shape `inner` at `src` is moved into.
    /// `inner` is `None` when `shape` has no such inner value (recorded).
    pub(super) fn wrap(
        &mut self,
        op: &str,
        dst: VPtr,
        shape: VShape<'s>,
        inner: Option<VShape<'s>>,
        src: VPtr,
        flag: u32,
    ) -> Result<(), OutOfCapacity> {
        let Some(inner) = inner else {
            self.record(
                ViolationKind::WrongAllocationKind,
                format!("{op} on {}", shape.name()),
            );
            return Ok(());
        };
        if !self.has_room(1) {
            return Err(FULL);
        }
        let Some((idx, base)) = self.handle_dst(op, dst, shape) else {
            return Ok(());
        };
        let owned = self.alloc(inner)?;
        self.move_value(op, owned, src, inner);
        self.put_handle(idx, base, owned.alloc, flag);
        Ok(())
    }

    pub(super) fn alloc_chunk(
        &mut self,
        shape: VShape<'s>,
        n: usize,
    ) -> Result<VPtr, OutOfCapacity> {
        let too_big = OutOfCapacity {
            what: "staging chunk size",
        };
        let sl = shape.staging_layout().ok_or(too_big)?;
        let size = sl.stride.checked_mul(n).ok_or(too_big)?;
        if size > MAX_CHUNK_BYTES.max(sl.stride) {
            return Err(too_big);
        }
        self.alloc_raw(shape, AllocKind::Chunk { n }, size, sl.align)
    }

    /// Checks that `ptr` is a live chunk of `shape` for `n` elements; returns
    /// its index.
    pub(super) fn chunk(
        &mut self,
        op: &str,
        ptr: VPtr,
        shape: VShape<'_>,
        n: usize,
    ) -> Option<usize> {
        let site = format!("{op} of chunk #{} ({} × {})", ptr.alloc, n, shape.name());
        let idx = ptr.alloc as usize;
        let problem = match self.allocs.get(idx) {
            None => Some(ViolationKind::UnknownAllocation),
            Some(a) if a.freed => Some(ViolationKind::DoubleFree),
            Some(_) if ptr.offset != 0 => Some(ViolationKind::FreeOfInteriorPointer),
            Some(a) if a.kind != (AllocKind::Chunk { n }) || a.shape != shape => {
                Some(ViolationKind::WrongAllocationKind)
            }
            Some(_) => None,
        };
        match problem {
            None => Some(idx),
            Some(kind) => {
                self.record(kind, site);
                None
            }
        }
    }

    pub(super) fn dealloc_chunk(&mut self, ptr: VPtr, shape: VShape<'_>, n: usize) {
        if let Some(idx) = self.chunk("dealloc_chunk", ptr, shape, n) {
            self.free(idx, &format!("dealloc_chunk of chunk #{idx}"));
        }
    }

    /// Whether the value bytes of `shape` at `(ai, ab)` and `(bi, bb)` are
    /// equal (the model's equality for set elements and map keys).
    pub(super) fn same_bytes(
        &self,
        shape: VShape<'_>,
        ai: usize,
        ab: usize,
        bi: usize,
        bb: usize,
    ) -> bool {
        let read = |idx: usize, base: usize| -> Vec<u8> {
            self.value_bytes(idx, base, shape)
                .into_iter()
                .map(|b| self.allocs[idx].bytes[b])
                .collect()
        };
        read(ai, ab) == read(bi, bb)
    }

    // t[impl state.machine.set-uniqueness]
    // t[impl state.machine.map-last-wins]
    /// Materializes `chunks` into a container value of `shape` at `dst`.
    pub(super) fn collect(
        &mut self,
        op: &str,
        dst: VPtr,
        shape: VShape<'s>,
        chunks: &[StagedChunk<VPtr>],
        how: Collect,
    ) -> Result<(), OutOfCapacity> {
        let (Some(sl), Some(key)) = (shape.staging_layout(), shape.map_key().or(shape.inner()))
        else {
            self.record(
                ViolationKind::WrongAllocationKind,
                format!("{op} on {}", shape.name()),
            );
            return Ok(());
        };
        let value = shape.map_value();
        let total: usize = chunks.iter().map(|c| c.len).sum();
        if total > 0 && !self.has_room(1) {
            return Err(FULL);
        }
        let Some((idx, base)) = self.handle_dst(op, dst, shape) else {
            return Ok(());
        };
        let storage = if total > 0 {
            let size = sl.stride.saturating_mul(total);
            Some(self.alloc_raw(shape, AllocKind::Storage { cap: total }, size, sl.align)?)
        } else {
            None
        };
        let mut len = 0usize;
        for c in chunks {
            let Some(ci) = self.chunk(op, c.ptr, shape, c.cap) else {
                continue;
            };
            for k in 0..c.len.min(c.cap) {
                let at = k * sl.stride;
                let src = VPtr {
                    alloc: c.ptr.alloc,
                    offset: offset(at),
                };
                let Some(st) = storage else { break };
                let dup = (how != Collect::List)
                    .then(|| {
                        (0..len).find(|&j| {
                            self.same_bytes(key, st.alloc as usize, j * sl.stride, ci, at)
                        })
                    })
                    .flatten();
                match (dup, how) {
                    (Some(_), Collect::Set) => {
                        self.drop_element(ci, at, shape, 1);
                        self.dropped += 1;
                    }
                    (Some(j), _) => {
                        // Last wins: drop the newcomer key and the kept
                        // value, move the newcomer value in.
                        self.drop_value(ci, at, key, 1);
                        self.set_init(ci, at, key, false);
                        let kept = j * sl.stride + sl.value_offset;
                        if let Some(v) = value {
                            self.drop_value(st.alloc as usize, kept, v, 1);
                            self.set_init(st.alloc as usize, kept, v, false);
                            let vsrc = VPtr {
                                alloc: c.ptr.alloc,
                                offset: offset(at + sl.value_offset),
                            };
                            self.move_value(
                                op,
                                VPtr {
                                    alloc: st.alloc,
                                    offset: offset(kept),
                                },
                                vsrc,
                                v,
                            );
                        }
                        self.dropped += 2;
                    }
                    (None, _) => {
                        let to = VPtr {
                            alloc: st.alloc,
                            offset: offset(len * sl.stride),
                        };
                        self.move_value(op, to, src, key);
                        if let Some(v) = value {
                            let vsrc = VPtr {
                                alloc: c.ptr.alloc,
                                offset: offset(at + sl.value_offset),
                            };
                            let vdst = VPtr {
                                alloc: st.alloc,
                                offset: offset(len * sl.stride + sl.value_offset),
                            };
                            self.move_value(op, vdst, vsrc, v);
                        }
                        len += 1;
                    }
                }
            }
            // Every staged element was moved or dropped: the chunk must hold
            // nothing any more.
            self.free(ci, &format!("{op}: free of chunk #{ci}"));
        }
        let id = storage.map_or(NO_ALLOCATION, |p| p.alloc);
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        self.put_handle(idx, base, id, len);
        Ok(())
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
