//! [`HeapValue`]: a fully built value in trame-managed memory, ready to be
//! moved out with [`HeapValue::materialize`].

use core::marker::PhantomData;
use core::mem::ManuallyDrop;

use facet::{Facet, Shape};

use crate::error::TrameError;
use crate::runtime::{IHeap, IRuntime, LRuntime, PtrOf};

/// A fully initialized value produced by [`Trame::build`](crate::Trame::build).
///
/// Dropping an unmaterialized `HeapValue` drops the value and frees its
/// memory.
///
/// # Invariants
///
/// 1. `ptr` is an allocation made by `heap` for `shape`, holding a complete
///    value of `shape` that this `HeapValue` owns.
pub struct HeapValue<'facet, R: IRuntime = LRuntime> {
    heap: R::Heap,
    ptr: PtrOf<R>,
    shape: R::Shape,
    _facet: PhantomData<fn(&'facet ()) -> &'facet ()>,
}

impl<'facet, R: IRuntime> HeapValue<'facet, R> {
    /// Wraps a complete value. The caller hands over the allocation and
    /// the value in it (invariant 1).
    pub(crate) fn new(heap: R::Heap, ptr: PtrOf<R>, shape: R::Shape) -> Self {
        HeapValue {
            heap,
            ptr,
            shape,
            _facet: PhantomData,
        }
    }

    /// Where the value lives (for inspecting a verified heap).
    pub fn ptr(&self) -> PtrOf<R> {
        self.ptr
    }

    /// The built shape, in the runtime's representation.
    pub fn runtime_shape(&self) -> R::Shape {
        self.shape
    }

    /// The heap that holds the value.
    pub fn heap(&self) -> &R::Heap {
        &self.heap
    }
}

impl<'facet> HeapValue<'facet> {
    /// The built shape.
    pub fn shape(&self) -> &'static Shape {
        self.shape
    }

    // t[impl api.materialize.shape-check]
    /// Moves the value out. Errors (no panic) if `T`'s shape is not the
    /// built shape; the value is then dropped with the `HeapValue`.
    ///
    /// Also errors (`TrameError::UncheckedLifetimes`) when `T`'s `Facet`
    /// impl does not pin every lifetime in `T` (see
    /// [`lifetimes`](crate::lifetimes)): then the shape cannot tell `T` from
    /// the type the Trame was started with.
    /// [`HeapValue::materialize_unchecked`] moves such a value out.
    pub fn materialize<T: Facet<'facet>>(self) -> Result<T, TrameError> {
        self.check_shape::<T>()?;
        // t[impl api.lifetimes.checked]
        if !crate::lifetimes::accepts::<T>(crate::lifetimes::Crossing::Out) {
            return Err(TrameError::UncheckedLifetimes {
                path: None,
                shape: T::SHAPE.to_string(),
            });
        }
        // SAFETY: the shape is `T`'s (checked above), and `T`'s impl pins
        // its lifetimes (checked above): equal shapes then mean the same
        // type, lifetimes included (`T: Facet<'facet>` ties them to the
        // Trame's, like the type it was started with).
        Ok(unsafe { self.take::<T>() })
    }

    /// Moves the value out without the lifetime check of
    /// [`HeapValue::materialize`]. Errors (no panic) if `T`'s shape is not
    /// the built shape.
    ///
    /// # Safety
    /// `T` must be exactly the type the Trame was started with, lifetimes
    /// included.
    pub unsafe fn materialize_unchecked<T: Facet<'facet>>(self) -> Result<T, TrameError> {
        self.check_shape::<T>()?;
        // SAFETY: the shape is `T`'s (checked above), and the caller
        // guarantees `T` is the built type, lifetimes included.
        Ok(unsafe { self.take::<T>() })
    }

    fn check_shape<T: Facet<'facet>>(&self) -> Result<(), TrameError> {
        match T::SHAPE == self.shape {
            true => Ok(()),
            false => Err(TrameError::MaterializeMismatch {
                built: self.shape.to_string(),
                requested: T::SHAPE.to_string(),
            }),
        }
    }

    /// Reads the value out and frees the allocation.
    ///
    /// # Safety
    /// `T` is the type of the built value (invariant 1), lifetimes included.
    unsafe fn take<T>(self) -> T {
        let mut this = ManuallyDrop::new(self);
        let ptr = this.ptr;
        // SAFETY: invariant 1: `ptr` holds a complete value of the built
        // type, which the caller says is `T`. The value is read out once;
        // `this` is never dropped, so it is not dropped again.
        let value = unsafe { ptr.cast::<T>().read() };
        let shape = this.shape;
        // SAFETY: `ptr` was allocated by this heap for `shape` and its value
        // was just moved out.
        unsafe { this.heap.dealloc(ptr, shape) };
        // SAFETY: `this` is not used again; the heap handle is dropped once.
        unsafe { core::ptr::drop_in_place(&mut this.heap) };
        value
    }
}

impl<R: IRuntime> Drop for HeapValue<'_, R> {
    fn drop(&mut self) {
        // SAFETY: invariant 1: the value is complete and owned by `self`,
        // which is being dropped, so this is its one drop.
        unsafe { self.heap.drop_in_place(self.ptr, self.shape) };
        // SAFETY: invariant 1: the allocation was made for `shape` by this
        // heap, and its value was just dropped.
        unsafe { self.heap.dealloc(self.ptr, self.shape) };
    }
}

impl<R: IRuntime> core::fmt::Debug for HeapValue<'_, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "HeapValue({:?})", self.shape)
    }
}
