//! Proxies in the model: `StageProxy` and the conversion of a proxy value
//! when its node closes.
//!
//! A proxy node is a node of its destination's shape standing for
//! [`Part::Proxy`]: a wrapper whose one slot (`Field(0)`, unnamed in
//! paths) holds a value of the proxy's shape. Which proxy applies is read
//! from the store's declarations ([`ShapeStore::proxy_at`]): the one the
//! destination's struct field declares, else the one its shape declares,
//! the Trame's format first (`proxy.choice`). `StageProxy` at a slot
//! resumes a proxy node staged there, and otherwise drops what the slot
//! holds and stages a new one; at `Append`, a new element through the
//! element shape's proxy; at the empty path, the cursor node is rebuilt
//! through its proxy (`proxy.stage`). At validation the complete proxy
//! value is converted as the checked heap's `proxy_convert_in` does
//! ([`convert`]): a proxy whose first value byte is odd is refused, any
//! other makes the destination with that byte plus one as its tag (`1`
//! for a proxy without value bytes); either way the proxy value is gone
//! (`proxy.convert`).

use trame::verified::{ProxyAt, ShapeId, ShapeStore, VShape};
use trame::{IShape, PathSegment, ShapeKind};

use super::MError;
use super::facts::{NodeKind, Part};
use super::hooks::{FirstByte, first_value_byte};
use super::ops::{Builder, kind_of};
use super::tree::{ModelNode, NodeState, Slot};
use super::value::{AValue, Leaf, fill};

/// The proxy shape for a value of `shape` at slot `i` of a node of
/// `parent` standing for `part` (`None`: no parent, the root): the
/// struct field's own proxy, else the shape's, each for `format` first.
pub fn choose(
    store: &ShapeStore,
    parent: Option<(ShapeId, Part, usize)>,
    shape: ShapeId,
    format: Option<&str>,
) -> Option<ShapeId> {
    let field = parent.and_then(|(p, part, i)| {
        let kind = store.shape(p).kind();
        let slotted = matches!(kind, ShapeKind::Struct | ShapeKind::Tuple);
        (part == Part::Value && slotted)
            .then(|| store.proxy_at(ProxyAt::Field(p, i), format))
            .flatten()
    });
    field.or_else(|| store.proxy_at(ProxyAt::Shape(shape), format))
}

/// The value a complete proxy value `value` of shape `proxy` converts
/// into at a destination of `shape` (path `path`), or the refusal.
pub fn convert(
    shape: VShape<'_>,
    proxy: VShape<'_>,
    value: &AValue,
    path: &str,
) -> Result<AValue, MError> {
    let made = |tag: u8| fill(shape, Part::Value, Leaf::Imm(tag), 0);
    match first_value_byte(proxy, Part::Value, value) {
        FirstByte::Byte(b) if b % 2 == 1 => Err(MError::ConversionFailed {
            path: path.to_owned(),
            shape: shape.name().to_owned(),
            from: proxy.name().to_owned(),
        }),
        FirstByte::Byte(b) => Ok(made(b.wrapping_add(1))),
        FirstByte::None => Ok(made(1)),
        FirstByte::Handle => panic!(
            "a proxy {} whose first byte is a handle's is not modeled",
            proxy.name()
        ),
    }
}

impl Builder<'_, '_> {
    /// The proxy for slot `i` of the cursor node, holding `shape`.
    fn slot_proxy(&self, i: u32, shape: ShapeId) -> Option<ShapeId> {
        let node = self.cur();
        choose(
            self.store,
            Some((node.shape, node.part, i as usize)),
            shape,
            self.format,
        )
    }

    fn no_proxy(&self, path: String, shape: ShapeId) -> MError {
        MError::NoHook {
            path,
            shape: self.shape(shape).name().to_owned(),
            hook: "proxy",
        }
    }

    /// `[.., seg] ← StageProxy`.
    pub(super) fn enter_proxy(&mut self, seg: PathSegment) -> Result<(), MError> {
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return self.append_proxy(),
            PathSegment::Root => return Err(MError::RootNotFirst { position: 0 }),
        };
        let node = self.cur();
        match kind_of(self.store, node) {
            NodeKind::Enum => return Err(MError::Unsupported { path: self.here() }),
            NodeKind::Leaf => return Err(self.out_of_range(n, 0)),
            NodeKind::Unmodeled(k) => return Err(MError::Other(format!("{k:?} not modeled"))),
            _ => {}
        }
        let ty = self.slot_ty(n)?;
        // A map entry, or an in-place variant's payload: no value slot.
        if !ty.part.is_value() {
            return Err(MError::Unsupported { path: self.here() });
        }
        let Some(proxy) = self.slot_proxy(n, ty.shape.id()) else {
            return Err(self.no_proxy(self.here_slot(n), ty.shape.id()));
        };
        if let Some(child) = self.cur().child(n)
            && child.part == Part::Proxy(proxy)
        {
            self.cursor.push(n);
            return Ok(());
        }
        let node = self.cur_mut();
        if let NodeState::Wrapper { whole, .. } = &mut node.state {
            *whole = None;
        }
        node.slots_mut().expect("a slotted node")[n as usize] = Slot::Uninit;
        self.check_capacity()?;
        let child = self.proxy_child(ty.shape.id(), proxy);
        self.cur_mut().slots_mut().expect("a slotted node")[n as usize] =
            Slot::Staged(Box::new(child));
        self.cursor.push(n);
        Ok(())
    }

    /// A new proxy node below the cursor node.
    fn proxy_child(&self, shape: ShapeId, proxy: ShapeId) -> ModelNode {
        let mut child = ModelNode::new(self.store, shape, Part::Proxy(proxy), None);
        child.deferred = self.cur().deferred;
        child
    }

    /// `[.., Append] ← StageProxy`: a new element through the element
    /// shape's own proxy.
    fn append_proxy(&mut self) -> Result<(), MError> {
        let node = self.cur();
        if kind_of(self.store, node) != NodeKind::Container {
            return Err(MError::NotAContainer { path: self.here() });
        }
        let ty = node.element(self.store).expect("a container's element");
        if ty.part != Part::Value {
            return Err(MError::Unsupported { path: self.here() });
        }
        let shape = ty.shape.id();
        let Some(proxy) = self.store.proxy_at(ProxyAt::Shape(shape), self.format) else {
            return Err(self.no_proxy(self.here(), shape));
        };
        let closed = MError::ContainerClosed { path: self.here() };
        super::ops::open(self.cur_mut()).map_err(|()| closed)?;
        self.check_capacity()?;
        let child = self.proxy_child(shape, proxy);
        let NodeState::Container(super::tree::Elements::Staging(slots)) = &mut self.cur_mut().state
        else {
            unreachable!("an open container stages");
        };
        slots.push(Slot::Staged(Box::new(child)));
        let n = slots.len() as u32 - 1;
        self.cursor.push(n);
        Ok(())
    }

    /// `[] ← StageProxy`: a proxy node stays as it is; a whole value is
    /// rebuilt through its proxy (what the node held is dropped).
    pub(super) fn proxy_here(&mut self) -> Result<(), MError> {
        let node = self.cur();
        if let Part::Proxy(_) = node.part {
            return Ok(());
        }
        if node.part != Part::Value {
            return Err(MError::Unsupported { path: self.here() });
        }
        let shape = node.shape;
        let parent = match self.cursor.split_last() {
            Some((&i, up)) => {
                let p = self.root.descendant(up);
                Some((p.shape, p.part, i as usize))
            }
            None => None,
        };
        let Some(proxy) = choose(self.store, parent, shape, self.format) else {
            return Err(self.no_proxy(self.here(), shape));
        };
        let fresh = ModelNode::new(self.store, shape, Part::Proxy(proxy), None);
        let node = self.cur_mut();
        node.part = fresh.part;
        node.state = fresh.state;
        Ok(())
    }
}
