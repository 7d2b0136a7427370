//! The model's transitions, part two: what a path segment does at the
//! cursor node. `Field(n)` enters slot `n` (staging a child node, or
//! resuming the one there), selects variant `n` of an enum, or re-enters
//! staged element `n` of a container; `Append` stages a new element or
//! entry of a container; `Imm`/`Default` at the last segment overwrite a
//! slot.

use trame::PathSegment;

use super::MError;
use super::Src;
use super::facts::{self, NodeKind, Part, SlotTy};
use super::ops::{Builder, has_slots, kind_of, open};
use super::tree::{Elements, EnumSlot, ModelNode, NodeState, Slot};
use super::value::{self, AValue, Leaf};

impl<'s> Builder<'_, 's> {
    /// The error for `Append` with `Imm`/`Default` here.
    fn append_write_error(&self) -> MError {
        match kind_of(self.store, self.cur()) {
            NodeKind::Container => MError::AppendRequiresStage { path: self.here() },
            _ => MError::NotAContainer { path: self.here() },
        }
    }

    /// What slot `n` of the cursor node (a slotted node, a wrapper or a
    /// container) holds, or the error for `Field(n)` there.
    pub(super) fn slot_ty(&self, n: u32) -> Result<SlotTy<'s>, MError> {
        let node = self.cur();
        let shape = self.shape(node.shape);
        let count = match &node.state {
            NodeState::Container(Elements::Closed(_)) => {
                return Err(MError::ContainerClosed { path: self.here() });
            }
            NodeState::Container(Elements::Empty) => 0,
            NodeState::Container(Elements::Staging(slots)) => slots.len(),
            _ => {
                let tys = facts::slots(shape, node.part);
                return tys
                    .get(n as usize)
                    .copied()
                    .ok_or_else(|| self.out_of_range(n, tys.len()));
            }
        };
        match (n as usize) < count {
            true => Ok(node.element(self.store).expect("a container's element")),
            false => Err(self.out_of_range(n, count)),
        }
    }

    /// Moves the cursor into the child `seg` names, staging it if needed.
    pub(super) fn enter(&mut self, seg: PathSegment, defer: bool) -> Result<(), MError> {
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return self.append(defer),
            PathSegment::Root => return Err(MError::RootNotFirst { position: 0 }),
        };
        match kind_of(self.store, self.cur()) {
            NodeKind::Enum => return self.enter_variant(n, defer),
            NodeKind::Leaf => return Err(self.out_of_range(n, 0)),
            NodeKind::Unmodeled(k) => return Err(MError::Other(format!("{k:?} not modeled"))),
            _ => {}
        }
        let ty = self.slot_ty(n)?;
        let slots = self.cur().slots().expect("a slotted node");
        let value = match &slots[n as usize] {
            Slot::Staged(_) => {
                self.cursor.push(n);
                return Ok(());
            }
            Slot::Init(v) => Some(v.clone()),
            Slot::Uninit => None,
        };
        if ty.part == Part::Value && !facts::is_stageable(ty.shape) {
            return Err(MError::Unsupported {
                path: self.here_slot(n),
            });
        }
        // Staging a wrapper's inner value drops a whole value it holds.
        if let NodeState::Wrapper { whole, .. } = &mut self.cur_mut().state {
            *whole = None;
        }
        if value.is_some() && ty.part == Part::Value && facts::is_container(ty.shape) {
            return Err(MError::ContainerClosed {
                path: self.here_slot(n),
            });
        }
        self.check_capacity()?;
        let mut child = self.new_child(ty, value, defer);
        open(&mut child).expect("a new container child is not closed");
        let slots = self.cur_mut().slots_mut().expect("a slotted node");
        slots[n as usize] = Slot::Staged(Box::new(child));
        self.cursor.push(n);
        Ok(())
    }

    /// `Append` with a staging source: opens the container at the cursor
    /// (an error when it is closed) and stages a new element or entry.
    fn append(&mut self, defer: bool) -> Result<(), MError> {
        let node = self.cur();
        if kind_of(self.store, node) != NodeKind::Container {
            return Err(MError::NotAContainer { path: self.here() });
        }
        let ty = node.element(self.store).expect("a container's element");
        if ty.part == Part::Value && !facts::is_stageable(ty.shape) {
            return Err(MError::Unsupported { path: self.here() });
        }
        let closed = MError::ContainerClosed { path: self.here() };
        open(self.cur_mut()).map_err(|()| closed)?;
        self.check_capacity()?;
        let mut child = self.new_child(ty, None, defer);
        open(&mut child).expect("a new container child is not closed");
        let NodeState::Container(Elements::Staging(slots)) = &mut self.cur_mut().state else {
            unreachable!("an open container stages");
        };
        slots.push(Slot::Staged(Box::new(child)));
        let n = slots.len() as u32 - 1;
        self.cursor.push(n);
        Ok(())
    }

    /// A child node for slot `ty` of the cursor node, complete with
    /// `value` if the slot held one.
    fn new_child(&self, ty: SlotTy<'_>, value: Option<AValue>, defer: bool) -> ModelNode {
        let parent_deferred = self.cur().deferred;
        let mut child = ModelNode::new(self.store, ty.shape.id(), ty.part, value);
        child.deferred = parent_deferred || defer;
        child.deferred_root = defer && !parent_deferred;
        child
    }

    /// `Field(n)` at an enum node: select variant `n` (resume it if it is
    /// the active one), then move to its variant node. For an enum built
    /// in place the discriminant is written now; for a `Result` nothing is
    /// written until the variant node closes.
    fn enter_variant(&mut self, n: u32, defer: bool) -> Result<(), MError> {
        let node = self.cur();
        let shape = self.shape(node.shape);
        let count = trame::IShape::variant_count(shape);
        if n as usize >= count {
            return Err(self.out_of_range(n, count));
        }
        let NodeState::Enum(e) = &node.state else {
            unreachable!("enum kind without enum state");
        };
        let resumed = match e {
            EnumSlot::Selected { variant, .. } if *variant == n => {
                self.cursor.push(n);
                return Ok(());
            }
            // The active variant of a whole value resumes with its payload
            // (a `Result`'s variant node holds the whole value).
            EnumSlot::Whole(AValue::Enum { variant, payload }) if *variant == n => {
                Some(AValue::Enum {
                    variant: n,
                    payload: payload.clone(),
                })
            }
            // Another variant: the old payload or whole value is dropped.
            _ => None,
        };
        if let NodeState::Enum(e) = &mut self.cur_mut().state {
            *e = EnumSlot::Empty;
        }
        self.check_capacity()?;
        let in_place = trame::IShape::variant_payload_in_place(shape);
        let unit = in_place && trame::IShape::variant_field_count(shape, n as usize) == 0;
        let value = match (resumed, unit) {
            (Some(v), _) => Some(v),
            (None, true) => Some(value::fill(shape, Part::Variant(n), Leaf::Default, 0)),
            (None, false) => None,
        };
        let ty = SlotTy {
            shape,
            part: Part::Variant(n),
            offset: 0,
            defaulted: false,
        };
        let child = self.new_child(ty, value, defer);
        if let NodeState::Enum(e) = &mut self.cur_mut().state {
            *e = EnumSlot::Selected {
                variant: n,
                child: Box::new(child),
            };
        }
        self.cursor.push(n);
        Ok(())
    }

    /// `Imm`/`Default` at the last segment: overwrite that slot (for a
    /// wrapper holding a whole value: drop it first).
    pub(super) fn write_slot(&mut self, seg: PathSegment, src: Src) -> Result<(), MError> {
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return Err(self.append_write_error()),
            PathSegment::Root => return Err(MError::RootNotFirst { position: 0 }),
        };
        let node = self.cur();
        let kind = kind_of(self.store, node);
        match (kind, node.part) {
            (NodeKind::Enum, _) | (NodeKind::Slots, Part::Variant(_)) => {
                return Err(self.staged_only());
            }
            (NodeKind::Leaf, _) => return Err(self.out_of_range(n, 0)),
            (NodeKind::Unmodeled(k), _) => return Err(MError::Other(format!("{k:?} not modeled"))),
            (k, _) => debug_assert!(has_slots(k)),
        }
        let ty = self.slot_ty(n)?;
        if ty.part == Part::Entry {
            return Err(MError::Unsupported {
                path: self.here_slot(n),
            });
        }
        let value = self.check_write(src, ty.shape, self.here_slot(n))?;
        // Overwrite: whatever the slot held (value or staged subtree) goes.
        let node = self.cur_mut();
        if let NodeState::Wrapper { whole, .. } = &mut node.state {
            *whole = None;
        }
        node.slots_mut().expect("a slotted node")[n as usize] = Slot::Init(value);
        Ok(())
    }
}
