//! `StageProxy`: building a value through the proxy its slot declares.
//!
//! A proxy node is a wrapper node (see [`super::wrapper`]) whose slot 0
//! holds a value of the *proxy's* shape, in an allocation the node owns;
//! the node's own shape and bytes are the target's. `Field(0)` stages or
//! writes the proxy value like an option's payload. When the node closes
//! (strict `End`, deferred exit, `build`) the proxy value is converted into
//! the target at the node's bytes by the proxy's `convert_in`, which takes
//! it whatever the outcome, and the allocation is freed.
//!
//! Which proxy applies is decided here, from declarations only, never from
//! anything the caller hands in: the proxy the slot's field declares (for
//! the Trame's format first, see [`Trame::with_format`]), else the one the
//! slot's shape declares.

use crate::error::TrameError;
use crate::path::PathSegment;
use crate::runtime::{FieldRef, IArena, IRuntime, IShape, ShapeKind};

use super::Trame;
use super::node::{NodeId, NodeState, Target, View};
use super::wrapper::Wrapper;

impl<'facet, R: IRuntime> Trame<'facet, R> {
    // t[impl proxy.choice]
    /// The proxy for slot `i` (holding values of `shape`) of node `parent`:
    /// the field's own, else the shape's; `None` when neither declares one.
    fn slot_proxy(
        &self,
        parent: Option<(NodeId, usize)>,
        shape: R::Shape,
    ) -> Option<<R::Shape as IShape>::Proxy> {
        let format = self.format;
        let field = parent.and_then(|(p, i)| {
            let node = self.nodes.get(p);
            match (node.view, &node.state) {
                (View::Value, NodeState::Slots(_))
                    if matches!(node.shape.kind(), ShapeKind::Struct | ShapeKind::Tuple) =>
                {
                    Some((node.shape, FieldRef::Struct(i)))
                }
                (View::Payload(v), NodeState::Slots(_)) => {
                    Some((node.shape, FieldRef::Variant(v as usize, i)))
                }
                _ => None,
            }
        });
        field
            .and_then(|(s, f)| s.field_proxy(f, format))
            .or_else(|| shape.proxy(format))
    }

    // t[impl proxy.missing]
    /// The error for a slot that declares no proxy.
    fn no_proxy(&self, path: String, shape: R::Shape) -> TrameError {
        TrameError::NoHook {
            path,
            shape: super::render::shape_name(shape),
            hook: "proxy",
        }
    }

    // t[impl proxy.stage]
    /// `Set [.., seg] ← StageProxy`: stages the slot `seg` names through
    /// its proxy and moves the cursor into the new proxy node. A proxy node
    /// already staged there is resumed; anything else in the slot is
    /// dropped first (the proxy builds a new value).
    pub(super) fn enter_proxy(&mut self, seg: PathSegment) -> Result<(), TrameError> {
        let cur = self.cursor;
        let n = match seg {
            PathSegment::Field(n) => n,
            PathSegment::Append => return self.append_proxy(cur),
            PathSegment::Root => return Err(TrameError::RootNotFirst { position: 0 }),
        };
        if let NodeState::Enum(_) = self.nodes.get(cur).state {
            return Err(self.staged_only_proxy(cur));
        }
        let (i, target) = self.resolve_field(cur, n)?;
        // A variant built in place: its one slot is its payload, not a
        // value (the slot's "shape" is the enum's own).
        let node = self.nodes.get(cur);
        let variant = matches!(
            (node.view, &node.state),
            (View::Variant(_), NodeState::Slots(_))
        );
        let (Target::Value(shape), false) = (target, variant) else {
            return Err(self.staged_only_proxy(cur));
        };
        let Some(proxy) = self.slot_proxy(Some((cur, i)), shape) else {
            return Err(self.no_proxy(self.path_of_slot(cur, i), shape));
        };
        let staged = self.nodes.get(cur).state.slots().and_then(|s| s.child(i));
        if let Some(child) = staged
            && let NodeState::Wrapper(w) = &self.nodes.get(child).state
            && w.proxy == Some(proxy)
        {
            self.cursor = child;
            return Ok(());
        }
        if matches!(self.nodes.get(cur).state, NodeState::Wrapper(_)) {
            self.wrapper_prepare(cur)?;
        }
        // t[impl state.machine.overwrite]
        self.clear_slot(cur, i);
        let Some(data) = self.slot_ptr(cur, i) else {
            return Err(self.append_error(cur, true));
        };
        let state = NodeState::Wrapper(Wrapper::proxy(proxy));
        self.attach_child(cur, i, shape, state, View::Value, data, false, None, false)
    }

    /// `Append` + `StageProxy` at container node `cur`: a new element,
    /// staged through the proxy its shape declares.
    fn append_proxy(&mut self, cur: NodeId) -> Result<(), TrameError> {
        let element = match &self.nodes.get(cur).state {
            NodeState::Container(c) => c.element,
            _ => None,
        };
        let Some(Target::Value(shape)) = element.map(|e| e.target) else {
            return Err(self.append_error(cur, true));
        };
        let Some(proxy) = shape.proxy(self.format) else {
            return Err(self.no_proxy(self.path_of(cur), shape));
        };
        let (i, data) = self.container_append(cur)?;
        let state = NodeState::Wrapper(Wrapper::proxy(proxy));
        self.attach_child(cur, i, shape, state, View::Value, data, false, None, false)
    }

    /// `Set [] ← StageProxy`: the current node itself is rebuilt through
    /// its proxy (what it held is dropped first); the cursor stays. A proxy
    /// node stays as it is.
    pub(super) fn proxy_here(&mut self) -> Result<(), TrameError> {
        let cur = self.cursor;
        let node = self.nodes.get(cur);
        if let NodeState::Wrapper(w) = &node.state
            && w.proxy.is_some()
        {
            return Ok(());
        }
        if node.view != View::Value || matches!(node.state, NodeState::Entry(_)) {
            return Err(self.staged_only_proxy(cur));
        }
        let shape = node.shape;
        let Some(proxy) = self.slot_proxy(node.parent(), shape) else {
            return Err(self.no_proxy(self.path_of(cur), shape));
        };
        // t[impl state.machine.overwrite]
        self.release_contents(cur);
        self.nodes.get_mut(cur).state = NodeState::Wrapper(Wrapper::proxy(proxy));
        Ok(())
    }

    /// The error for `StageProxy` where no value slot is named: an enum's
    /// variant, a variant or payload as a whole, a map entry.
    fn staged_only_proxy(&self, id: NodeId) -> TrameError {
        TrameError::Unsupported {
            path: self.path_of(id),
            shape: self.nodes.get(id).name(),
            what: "staging through a proxy here (a proxy builds a value slot)",
        }
    }
}
