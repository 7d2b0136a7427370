//! [`LArena`]: growable node storage with slot reuse.

use crate::runtime::{IArena, OutOfCapacity};

/// A growable arena: a vector of slots plus a free list.
///
/// Nodes mostly come and go last in, first out (strict mode frees each
/// node before the next sibling is staged), so freeing the last slot
/// shrinks the vector instead of growing the free list: the free list is
/// used only when a node other than the last one goes (deferred subtrees),
/// and is not even allocated before.
///
/// # Invariants
///
/// 1. Every id in `free` is below `slots.len()` and names a `None` slot,
///    at most once.
/// 2. `len` is the number of `Some` slots.
#[derive(Debug)]
pub struct LArena<T> {
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    len: usize,
}

/// Slots allocated when an arena is made.
const INITIAL_SLOTS: usize = 8;

impl<T> LArena<T> {
    /// Forgets the slot `id`, just emptied: the vector shrinks when it is
    /// the last one (invariant 1 holds: no free id is that high, as the
    /// slot was occupied), otherwise the id joins the free list.
    #[inline]
    fn release(&mut self, id: u32) {
        self.len -= 1;
        if id as usize + 1 == self.slots.len() {
            self.slots.pop();
        } else {
            self.free.push(id);
        }
    }
}

impl<T> IArena<T> for LArena<T> {
    fn new() -> Self {
        LArena {
            // Room for a few levels at once: the root goes in first thing,
            // and growing from empty one node at a time costs more than
            // this one allocation.
            slots: Vec::with_capacity(INITIAL_SLOTS),
            free: Vec::new(),
            len: 0,
        }
    }

    #[inline]
    fn insert(&mut self, value: T) -> Result<u32, OutOfCapacity> {
        self.len += 1;
        // Invariant 1: a free id names an empty slot below the length.
        if let Some(id) = self.free.pop() {
            self.slots[id as usize] = Some(value);
            return Ok(id);
        }
        // `u32::MAX` is never an id (the core's parent link uses it).
        let id = u32::try_from(self.slots.len())
            .ok()
            .filter(|&id| id != u32::MAX)
            .ok_or(OutOfCapacity {
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
        self.release(id);
        value
    }

    #[inline]
    fn free(&mut self, id: u32) {
        let slot = &mut self.slots[id as usize];
        assert!(slot.is_some(), "arena: node id not occupied");
        // Dropped where it stands: no move of the value out first.
        *slot = None;
        self.release(id);
    }

    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freeing_the_last_slot_shrinks_and_others_are_reused() {
        let mut a = LArena::<String>::new();
        let ids: Vec<u32> = ["x", "y", "z"]
            .iter()
            .map(|s| a.insert((*s).into()).unwrap())
            .collect();
        assert_eq!(ids, [0, 1, 2]);
        // The last slot goes: the vector shrinks, and the free list is
        // not used (nor allocated).
        assert_eq!(a.remove(2), "z");
        assert_eq!((a.slots.len(), a.free.len()), (2, 0));
        assert_eq!(a.free.capacity(), 0);
        // The next insert takes its place again.
        assert_eq!(a.insert("w".into()).unwrap(), 2);
        // A middle slot goes: it is reused before the vector grows.
        a.free(1);
        assert_eq!(a.len(), 2);
        assert_eq!(a.insert("p".into()).unwrap(), 1);
        assert_eq!(a.insert("q".into()).unwrap(), 3);
        assert_eq!(
            [a.get(0), a.get(1), a.get(2), a.get(3)],
            ["x", "p", "w", "q"]
        );
        a.get_mut(2).push('!');
        assert_eq!(a.get(2), "w!");
        assert_eq!(a.len(), 4);
    }

    #[test]
    #[should_panic(expected = "not occupied")]
    fn get_of_a_freed_slot_panics() {
        let mut a = LArena::<u8>::new();
        let x = a.insert(1).unwrap();
        a.insert(2).unwrap();
        a.free(x);
        a.get(x);
    }

    #[test]
    #[should_panic]
    fn remove_of_a_popped_slot_panics() {
        let mut a = LArena::<u8>::new();
        let x = a.insert(1).unwrap();
        a.remove(x);
        a.remove(x);
    }
}
