//! [`LArena`]: growable node storage with slot reuse.

use crate::runtime::{IArena, OutOfCapacity};

/// A growable arena: a vector of slots plus a free list.
#[derive(Debug)]
pub struct LArena<T> {
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    len: usize,
}

impl<T> IArena<T> for LArena<T> {
    fn new() -> Self {
        LArena {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    #[inline]
    fn insert(&mut self, value: T) -> Result<u32, OutOfCapacity> {
        self.len += 1;
        if let Some(id) = self.free.pop() {
            self.slots[id as usize] = Some(value);
            return Ok(id);
        }
        let id = u32::try_from(self.slots.len()).map_err(|_| OutOfCapacity {
            what: "arena nodes",
        })?;
        self.slots.push(Some(value));
        Ok(id)
    }

    #[inline(always)]
    fn get(&self, id: u32) -> &T {
        self.slots[id as usize]
            .as_ref()
            .expect("arena: node id not occupied")
    }

    #[inline(always)]
    fn get_mut(&mut self, id: u32) -> &mut T {
        self.slots[id as usize]
            .as_mut()
            .expect("arena: node id not occupied")
    }

    #[inline]
    fn remove(&mut self, id: u32) -> T {
        let value = self.slots[id as usize]
            .take()
            .expect("arena: node id not occupied");
        self.free.push(id);
        self.len -= 1;
        value
    }

    #[inline]
    fn free(&mut self, id: u32) {
        let slot = &mut self.slots[id as usize];
        assert!(slot.is_some(), "arena: node id not occupied");
        // Dropped where it stands: no move of the value out first.
        *slot = None;
        self.free.push(id);
        self.len -= 1;
    }

    fn len(&self) -> usize {
        self.len
    }
}
