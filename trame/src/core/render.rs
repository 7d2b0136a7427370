//! Rendering: paths for error messages (`$.inner.b`, `$.0[3]`) and the
//! tree diagram of `Display for Trame`, in the spec's notation.

use core::fmt::{self, Write as _};

use crate::runtime::{IArena, IRuntime, IShape};

use super::node::{EnumState, NodeId, NodeState, Step};
use super::{State, Trame};

/// The name of a shape, as a `String`.
pub(super) fn shape_name<S: IShape>(shape: S) -> String {
    let mut s = String::new();
    let _ = shape.write_name(&mut s);
    s
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    /// The path of node `id` from the root, `$.inner.b` style.
    pub(super) fn path_of(&self, id: NodeId) -> String {
        let mut steps = Vec::new();
        let mut cur = id;
        while let Some((parent, slot)) = self.nodes.get(cur).parent {
            steps.push((parent, slot as usize));
            cur = parent;
        }
        let mut out = String::from("$");
        for (parent, slot) in steps.into_iter().rev() {
            self.write_step(parent, slot, &mut out);
        }
        out
    }

    /// The path of slot `i` of node `id`.
    pub(super) fn path_of_slot(&self, id: NodeId, i: usize) -> String {
        let mut out = self.path_of(id);
        self.write_step(id, i, &mut out);
        out
    }

    /// Writes the path step from node `id` to its slot `i`: `.name` for a
    /// struct field, `.i` for a tuple element, `[i]` for an array element,
    /// `.Variant` for an enum's variant, nothing for a variant's payload.
    fn write_step(&self, id: NodeId, i: usize, out: &mut String) {
        let node = self.nodes.get(id);
        if let NodeState::Enum(_) = node.state {
            out.push('.');
            let _ = node.shape.write_variant_name(i, out);
            return;
        }
        match node.step() {
            Step::Indexed => {
                let _ = write!(out, "[{i}]");
            }
            Step::Named | Step::Positional => {
                out.push('.');
                let _ = node.write_slot_name(i, out);
            }
            Step::Transparent => {}
        }
    }

    /// Writes node `id`'s slots as tree lines under `indent`.
    fn render_slots(&self, f: &mut fmt::Formatter<'_>, id: NodeId, indent: &str) -> fmt::Result {
        let node = self.nodes.get(id);
        if let NodeState::Enum(e) = &node.state {
            let (Some(v), Some(child)) = (e.variant, e.child) else {
                return Ok(());
            };
            let marker = if child == self.cursor { "▶ " } else { "  " };
            let child_node = self.nodes.get(child);
            writeln!(
                f,
                "{marker}{indent}└─ variant {v} → ⟨Variant: {}⟩",
                child_node.name()
            )?;
            return self.render_slots(f, child, &format!("{indent}    "));
        }
        let NodeState::Slots(slots) = &node.state else {
            return Ok(());
        };
        let count = slots.count();
        for i in 0..count {
            let last = i + 1 == count;
            let branch = if last { "└─ " } else { "├─ " };
            let mut name = String::new();
            let _ = node.write_slot_name(i, &mut name);
            match slots.child(i) {
                Some(child) => {
                    let child_node = self.nodes.get(child);
                    let marker = if child == self.cursor { "▶ " } else { "  " };
                    write!(
                        f,
                        "{marker}{indent}{branch}{name} → ⟨Child: {}⟩",
                        child_node.name()
                    )?;
                    leaf_mark(f, &child_node.state)?;
                    writeln!(f)?;
                    let deeper = format!("{indent}{}", if last { "    " } else { "│   " });
                    self.render_slots(f, child, &deeper)?;
                }
                None => {
                    let mark = if slots.is_init(i) { "●" } else { "○" };
                    writeln!(f, "  {indent}{branch}{name} {mark}")?;
                }
            }
        }
        Ok(())
    }
}

/// ` ●`/` ○` after a leaf node's label; nothing for slotted nodes (their
/// slots show their state).
fn leaf_mark(f: &mut fmt::Formatter<'_>, state: &NodeState) -> fmt::Result {
    match state {
        NodeState::Leaf { init: true } | NodeState::Enum(EnumState { init: true, .. }) => {
            f.write_str(" ●")
        }
        NodeState::Leaf { init: false } | NodeState::Enum(EnumState { child: None, .. }) => {
            f.write_str(" ○")
        }
        NodeState::Slots(_) | NodeState::Enum(_) => Ok(()),
    }
}

/// Renders the tree in the notation of the spec diagrams
/// (`▶ ⟨Root: Outer⟩`, `├─ a ●`, `○`), for debugging. A poisoned Trame
/// renders as `∅`.
impl<R: IRuntime> fmt::Display for Trame<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.state != State::Active {
            return writeln!(f, "∅  (Trame poisoned; no tree remains)");
        }
        let root = self.nodes.get(self.root);
        let marker = if self.cursor == self.root {
            "▶ "
        } else {
            "  "
        };
        write!(f, "{marker}⟨Root: {}⟩", root.name())?;
        leaf_mark(f, &root.state)?;
        writeln!(f)?;
        self.render_slots(f, self.root, "")
    }
}

impl<R: IRuntime> fmt::Debug for Trame<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
