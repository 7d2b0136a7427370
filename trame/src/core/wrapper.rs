//! Wrapper nodes: `Option<T>`, pointers (`Box<T>`, `Arc<T>`, `Rc<T>`), and
//! the selected variant of a `Result<T, E>` (a variant node whose shape's
//! payloads are not built in place, see
//! [`IShape::variant_payload_in_place`]).
//!
//! A wrapper has one slot, `Field(0)`: the `Some` payload, the pointee, or
//! the `Ok`/`Err` payload. The slot never lives inside the wrapper's own
//! bytes (an option or a result may be niche-packed, a pointer's pointee is
//! elsewhere by definition): it lives in an allocation of the inner shape
//! that the wrapper node owns. Staging, writing (`Imm`/`Default`) and
//! folding into the slot work as for a struct field. When the wrapper
//! closes (strict `End`, `build`, deferred exit), the complete inner value
//! is moved into a real `Some(..)`, a new pointer, or an `Ok(..)`/`Err(..)`
//! written at the wrapper's data, and the inner allocation is freed.
//!
//! Setting the wrapper whole (`Imm`, or `Default`, which is `None` for an
//! option) drops the staged inner value and frees its allocation first.
//! Staging or writing `Field(0)` of a wrapper that holds a whole value drops
//! that value first (like selecting another enum variant): the wrapper is
//! then built from its inner value again. (A `Result` variant node holds a
//! whole value when the variant that a whole `Result` already had is
//! selected again.)

use crate::error::TrameError;
use crate::runtime::{IArena, IHeap, IRuntime, IShape, PtrOf, ShapeKind};

use super::Trame;
use super::node::{NodeId, NodeState, Slots, View};

/// The state of a wrapper node.
///
/// # Invariants
///
/// 1. The node holds a whole value or an inner allocation, never both
///    (`held` is one of them, or nothing).
/// 2. `whole()` ⇔ the node's data holds a complete value of the wrapper shape
///    (for a `Result` variant node: a complete `Result` of that variant),
///    owned by the node; slot 0 is then neither initialized nor staged.
/// 3. Slot 0 is initialized or staged only while `inner()` is `Some`: its
///    bytes are that allocation, an allocation of the inner shape
///    ([`Node::wrapper_inner`](super::node::Node::wrapper_inner)) made by the heap
///    (`IHeap::alloc`) and owned by the node (the allocation, not the value:
///    the value belongs to whoever slot 0's state names).
pub(crate) struct Wrapper<P, X> {
    /// What the node holds besides slot 0's state: nothing, a whole value
    /// at its data, or the inner allocation (invariant 1 as a type: never
    /// both).
    held: Held<P>,
    pub(crate) slots: Slots,
    /// For a proxy node: the proxy its value is built as (slot 0 holds a
    /// value of the proxy's shape, converted into the node's shape when
    /// the node closes).
    pub(crate) proxy: Option<X>,
}

/// What a wrapper node holds (one enum rather than a flag and an option:
/// the node stays as small as it was before proxies).
#[derive(Clone, Copy)]
enum Held<P> {
    /// Neither a whole value nor an inner allocation.
    Nothing,
    /// A whole value at the node's data (invariant 2).
    Whole,
    /// The inner allocation of slot 0 (invariant 3).
    Inner(P),
}

impl<P: Copy, X> Wrapper<P, X> {
    /// A fresh wrapper: holding a whole value, or empty.
    pub(crate) fn new(whole: bool) -> Wrapper<P, X> {
        Wrapper {
            held: if whole { Held::Whole } else { Held::Nothing },
            slots: Slots::new(1),
            proxy: None,
        }
    }

    /// A fresh, empty proxy node's wrapper state.
    pub(crate) fn proxy(proxy: X) -> Wrapper<P, X> {
        Wrapper {
            proxy: Some(proxy),
            ..Wrapper::new(false)
        }
    }

    /// Whether the node's data holds a whole value (invariant 2).
    pub(crate) fn whole(&self) -> bool {
        matches!(self.held, Held::Whole)
    }

    /// The inner allocation, if any (invariant 3).
    pub(crate) fn inner(&self) -> Option<P> {
        match self.held {
            Held::Inner(p) => Some(p),
            _ => None,
        }
    }

    /// Records that the node's data holds a whole value (or, `false`,
    /// nothing); forgets the inner allocation, which the caller freed.
    pub(crate) fn set_whole(&mut self, whole: bool) {
        self.held = if whole { Held::Whole } else { Held::Nothing };
    }

    /// Records the inner allocation `p` (the node holds no whole value).
    pub(crate) fn set_inner(&mut self, p: P) {
        self.held = Held::Inner(p);
    }

    /// Takes the inner allocation out of the record, if any.
    pub(crate) fn take_inner(&mut self) -> Option<P> {
        let p = self.inner()?;
        self.held = Held::Nothing;
        Some(p)
    }
}

/// The wrapper state of node state `s` (the caller dispatched on it).
fn wrapper<P, S: IShape>(s: &NodeState<P, S>) -> Option<&Wrapper<P, S::Proxy>> {
    match s {
        NodeState::Wrapper(w) => Some(w),
        _ => None,
    }
}

fn wrapper_mut<P, S: IShape>(s: &mut NodeState<P, S>) -> Option<&mut Wrapper<P, S::Proxy>> {
    match s {
        NodeState::Wrapper(w) => Some(w),
        _ => None,
    }
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// Makes slot 0 of wrapper node `id` ready to be written or staged:
    /// drops a whole value the wrapper holds, and allocates the inner
    /// allocation if there is none. Returns the slot's address.
    pub(super) fn wrapper_prepare(&mut self, id: NodeId) -> Result<PtrOf<R>, TrameError> {
        let (shape, data) = {
            let n = self.nodes.get(id);
            (n.shape, n.data)
        };
        let Some(w) = wrapper_mut(&mut self.nodes.get_mut(id).state) else {
            return Err(self.not_a_wrapper(id));
        };
        if w.whole() {
            w.set_whole(false);
            // SAFETY: invariant 2: the data held a complete wrapper value
            // owned by the node; its record was just erased.
            unsafe { self.heap.drop_in_place(data, shape) };
        }
        if let Some(p) = wrapper(&self.nodes.get(id).state).and_then(|w| w.inner()) {
            return Ok(p);
        }
        let inner = (self.nodes.get(id).wrapper_inner()).ok_or_else(|| self.not_a_wrapper(id))?;
        let p = (self.heap.alloc(inner)).map_err(|e| super::alloc_error(e, inner, inner.size()))?;
        if let Some(w) = wrapper_mut(&mut self.nodes.get_mut(id).state) {
            w.set_inner(p);
        }
        Ok(p)
    }

    /// The address of slot 0 of wrapper node `id`, if allocated.
    pub(super) fn wrapper_slot(&self, id: NodeId) -> Option<PtrOf<R>> {
        wrapper(&self.nodes.get(id).state).and_then(|w| w.inner())
    }

    /// Closes wrapper node `id`: a whole value stays; a complete inner value
    /// becomes `Some(..)`, a new pointer or `Ok(..)`/`Err(..)` at the node's
    /// data, and the inner allocation is freed; anything else is incomplete.
    pub(super) fn close_wrapper(&mut self, id: NodeId) -> Result<(), TrameError> {
        let (shape, data, view) = {
            let n = self.nodes.get(id);
            (n.shape, n.data, n.view)
        };
        let Some(w) = wrapper(&self.nodes.get(id).state) else {
            return Err(self.not_a_wrapper(id));
        };
        if w.whole() {
            return Ok(());
        }
        let (Some(inner), true) = (w.inner(), w.slots.is_complete()) else {
            return Err(TrameError::Incomplete {
                path: self.path_of(id),
                shape: super::render::shape_name(shape),
                missing: Vec::new(),
                all: vec![self.path_of(id)],
            });
        };
        // SAFETY: invariants 1-3: slot 0 holds a complete inner value owned
        // by this node in its own allocation `inner`, disjoint from `data`,
        // which (not `whole`) is uninitialized and valid for the wrapper
        // shape (node invariant 1). The inner shape is the one each call
        // expects: the option's payload, the pointee, or (a variant node
        // exists only for a selected variant `v` of a `Result`, whose
        // payloads are not built in place) the payload of variant `v`.
        if let Some(proxy) = w.proxy {
            return self.close_proxy(id, proxy, inner);
        }
        let made = match (view, shape.kind()) {
            // SAFETY: as above.
            (View::Variant(v), _) => unsafe {
                self.heap.result_init(data, shape, v as usize, inner)
            },
            // SAFETY: as above.
            (_, ShapeKind::Option) => unsafe { self.heap.option_init_some(data, shape, inner) },
            // SAFETY: as above.
            _ => unsafe { self.heap.pointer_from_pointee(data, shape, inner) },
        };
        made.map_err(|e| TrameError::OutOfCapacity { what: e.what })?;
        if let Some(w) = wrapper_mut(&mut self.nodes.get_mut(id).state) {
            // The inner value moved into the wrapper value.
            w.slots.clear_init(0);
            w.set_whole(true);
        }
        let inner_shape =
            (self.nodes.get(id).wrapper_inner()).ok_or_else(|| self.not_a_wrapper(id))?;
        // SAFETY: `inner` was allocated for the inner shape (invariant 3) and
        // its value was just moved out.
        unsafe { self.heap.dealloc(inner, inner_shape) };
        Ok(())
    }

    // t[impl proxy.convert]
    /// Closes proxy node `id`, whose slot 0 holds a complete proxy value in
    /// `inner`: converts it into the node's own value, then frees `inner`.
    /// The conversion takes the proxy value whatever the outcome, so the
    /// slot is emptied either way; on failure the node stays empty.
    fn close_proxy(
        &mut self,
        id: NodeId,
        proxy: <R::Shape as IShape>::Proxy,
        inner: PtrOf<R>,
    ) -> Result<(), TrameError> {
        let (shape, data) = {
            let n = self.nodes.get(id);
            (n.shape, n.data)
        };
        // SAFETY: slot 0 holds a complete value of the proxy's shape in the
        // node's own allocation `inner` (invariants 1-3; the proxy was
        // chosen from `shape`'s or its field's declarations when the node
        // was made), disjoint from `data`, which is uninitialized (not
        // `whole`) and valid for `shape` (node invariant 1).
        let made = unsafe { self.heap.proxy_convert_in(data, shape, proxy, inner) };
        if let Some(w) = wrapper_mut(&mut self.nodes.get_mut(id).state) {
            // The conversion took the proxy value, whatever it returned.
            w.slots.clear_init(0);
            w.set_whole(made.is_ok());
        }
        let proxy_shape = <R::Shape as IShape>::proxy_shape(proxy);
        // SAFETY: `inner` was allocated for the proxy's shape (invariant 3)
        // and its value was taken by the conversion.
        unsafe { self.heap.dealloc(inner, proxy_shape) };
        made.map_err(|e| TrameError::ConversionFailed {
            path: self.path_of(id),
            shape: super::render::shape_name(shape),
            from: super::render::shape_name(proxy_shape),
            message: e.message,
        })
    }

    /// The end of emptying wrapper node `id` (see
    /// `Trame::release_contents`), once slot 0 holds nothing: frees the
    /// inner allocation. The wrapper is empty afterwards.
    pub(super) fn free_wrapper_inner(&mut self, id: NodeId) {
        let taken = wrapper_mut(&mut self.nodes.get_mut(id).state).and_then(|w| w.take_inner());
        if let (Some(p), Some(inner)) = (taken, self.nodes.get(id).wrapper_inner()) {
            // SAFETY: invariant 3: `p` is the node's allocation of the inner
            // shape; slot 0 was emptied before this step.
            unsafe { self.heap.dealloc(p, inner) };
        }
    }

    fn not_a_wrapper(&self, id: NodeId) -> TrameError {
        TrameError::Unsupported {
            path: self.path_of(id),
            shape: super::render::shape_name(self.nodes.get(id).shape),
            what: "using this value as an Option or pointer",
        }
    }
}
