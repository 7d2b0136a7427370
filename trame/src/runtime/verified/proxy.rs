//! Proxies in the model: [`VProxy`], a proxy a shape or a field of a
//! [`ShapeStore`](super::ShapeStore) declares, and how the checked heap
//! converts a proxy value into its target.
//!
//! The conversion takes the proxy value in both outcomes (it is dropped as
//! a value of its own, as a `convert_in` that moves it out and then fails
//! drops it), accepts a proxy whose first value byte is even (or that has
//! no value bytes), and makes the target with that byte plus one as tag.
//! Checked: a proxy value with uninitialized bytes (`ReadUninit`, then
//! `DropPartlyInit`), a target written over initialized bytes
//! (`InitOverInit`).

use super::def::ShapeId;
use super::heap::{VPtr, ViolationKind};
use super::shape::VShape;
use super::state::HeapState;
use super::values::Fill;
use crate::runtime::HookError;

/// A proxy of the model: values of `proxy` convert into values of `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VProxy<'s> {
    /// The proxy's shape.
    pub proxy: VShape<'s>,
    /// The shape its values convert into.
    pub target: ShapeId,
}

/// Where a proxy is declared in a store: on a shape (for its values
/// everywhere) or on one field of a struct (`(parent, field)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProxyAt {
    /// On the shape: `#[facet(proxy = P)]` on the type.
    Shape(ShapeId),
    /// On field `.1` of struct `.0`: `#[facet(proxy = P)]` on the field.
    Field(ShapeId, usize),
}

impl<'s> HeapState<'s> {
    // t[impl proxy.convert]
    /// The model's proxy conversion: takes the proxy value at `src` (the
    /// caller frees the allocation), makes the target at `dst`.
    pub(super) fn proxy_convert_in(
        &mut self,
        dst: VPtr,
        shape: VShape<'s>,
        proxy: VProxy<'s>,
        src: VPtr,
    ) -> Result<(), HookError> {
        let op = "proxy_convert_in";
        if proxy.target != shape.id() {
            let detail = format!(
                "{op}: a proxy for shape {} used for {}",
                proxy.target.0,
                shape.name()
            );
            self.record(ViolationKind::WrongAllocationKind, detail);
        }
        let first = self.first_value_byte(op, src, proxy.proxy);
        self.drop_in_place(op, src, proxy.proxy);
        match first {
            Some(b) if b % 2 == 1 => Err(HookError::new(format!("odd proxy {b}"))),
            b => {
                let tag = b.unwrap_or(0).wrapping_add(1);
                let Some((idx, base)) = self.access(op, dst, shape) else {
                    return Ok(());
                };
                if !self.has_room(self.allocs_needed(shape, Fill::Tag(tag), 0)) {
                    return Err(HookError::new("out of model allocations"));
                }
                self.check_uninit(op, dst, idx, base, shape);
                self.make_value(idx, base, shape, Fill::Tag(tag), 0);
                self.created += 1;
                Ok(())
            }
        }
    }
}
