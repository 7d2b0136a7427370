//! [`VArena`]: fixed-capacity node storage with explicit occupancy, the
//! verified runtime's [`IArena`].

use crate::runtime::{IArena, OutOfCapacity};

/// Most nodes a [`VArena`] holds: bounds the size of a construction tree so
/// that exhaustive exploration stays tractable.
pub const VARENA_CAPACITY: usize = 32;

/// A fixed-capacity arena: [`VARENA_CAPACITY`] slots allocated once, filled
/// lowest free index first. Accessing an unoccupied index panics: by the
/// [`IArena`] contract that is a bug in the caller.
#[derive(Clone, Debug)]
pub struct VArena<T> {
    slots: Box<[Option<T>]>,
    len: usize,
}

impl<T> VArena<T> {
    /// The capacity (always [`VARENA_CAPACITY`]).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Whether `id` is occupied.
    pub fn contains(&self, id: u32) -> bool {
        matches!(self.slots.get(id as usize), Some(Some(_)))
    }

    fn slot(&self, id: u32, op: &str) -> &T {
        match self.slots.get(id as usize) {
            Some(Some(value)) => value,
            _ => panic!("VArena::{op}: index {id} is not occupied"),
        }
    }
}

impl<T> Default for VArena<T> {
    fn default() -> Self {
        <Self as IArena<T>>::new()
    }
}

impl<T> IArena<T> for VArena<T> {
    fn new() -> Self {
        let slots: Box<[Option<T>]> = (0..VARENA_CAPACITY).map(|_| None).collect();
        VArena { slots, len: 0 }
    }

    fn insert(&mut self, value: T) -> Result<u32, OutOfCapacity> {
        let full = OutOfCapacity {
            what: "arena nodes",
        };
        let idx = self.slots.iter().position(Option::is_none).ok_or(full)?;
        let id = u32::try_from(idx)
            .ok()
            .filter(|&id| id != u32::MAX)
            .ok_or(full)?;
        self.slots[idx] = Some(value);
        self.len += 1;
        Ok(id)
    }

    fn get(&self, id: u32) -> &T {
        self.slot(id, "get")
    }

    fn get_mut(&mut self, id: u32) -> &mut T {
        match self.slots.get_mut(id as usize) {
            Some(Some(value)) => value,
            _ => panic!("VArena::get_mut: index {id} is not occupied"),
        }
    }

    fn remove(&mut self, id: u32) -> T {
        match self.slots.get_mut(id as usize).and_then(Option::take) {
            Some(value) => {
                self.len -= 1;
                value
            }
            None => panic!("VArena::remove: index {id} is not occupied"),
        }
    }

    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_lowest_free_index_and_counts_occupancy() {
        let mut a: VArena<&str> = IArena::new();
        assert!(a.is_empty());
        assert_eq!(a.insert("a"), Ok(0));
        assert_eq!(a.insert("b"), Ok(1));
        assert_eq!(a.insert("c"), Ok(2));
        assert_eq!(a.remove(1), "b");
        assert_eq!(a.len(), 2);
        assert!(!a.contains(1));
        assert_eq!(a.insert("d"), Ok(1));
        assert_eq!(*a.get(1), "d");
        *a.get_mut(2) = "e";
        assert_eq!(*a.get(2), "e");
        assert_eq!(a.len(), 3);
        assert_eq!(a.capacity(), VARENA_CAPACITY);
    }

    #[test]
    fn exhaustion_is_an_error_not_a_panic() {
        let mut a: VArena<usize> = IArena::new();
        for i in 0..VARENA_CAPACITY {
            assert_eq!(a.insert(i), Ok(u32::try_from(i).unwrap()));
        }
        assert_eq!(
            a.insert(99),
            Err(OutOfCapacity {
                what: "arena nodes"
            })
        );
        assert_eq!(a.len(), VARENA_CAPACITY);
        a.remove(7);
        assert_eq!(a.insert(99), Ok(7));
    }

    #[test]
    #[should_panic(expected = "VArena::get: index 3 is not occupied")]
    fn get_of_unoccupied_index_panics() {
        let a: VArena<u8> = IArena::new();
        a.get(3);
    }

    #[test]
    #[should_panic(expected = "VArena::remove: index 0 is not occupied")]
    fn double_remove_panics() {
        let mut a: VArena<u8> = IArena::new();
        let id = a.insert(1).unwrap();
        a.remove(id);
        a.remove(id);
    }

    #[test]
    #[should_panic(expected = "VArena::get_mut: index 40 is not occupied")]
    fn get_mut_out_of_range_panics() {
        let mut a: VArena<u8> = IArena::new();
        a.get_mut(40);
    }
}
