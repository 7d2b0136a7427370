//! Rendering: paths for error messages and the tree diagram of
//! `Display for Trame`, in the spec's notation.
//!
//! Path steps: `.name` for a struct field, `.0` for a tuple element, `[3]`
//! for an array element, list/set element or map entry, `.key` / `.value`
//! inside a map entry, `.some` for an option's payload and `.*` for a
//! pointer's pointee. For example `$.items[3].value.*.b`.

use core::fmt::{self, Write as _};

use crate::runtime::{IArena, IRuntime, IShape, ShapeKind};

use super::container::Status;
use super::node::{EnumState, Node, NodeId, NodeState, Step, View};
use super::{State, Trame};

/// The name of a shape, as a `String`.
pub(super) fn shape_name<S: IShape>(shape: S) -> String {
    let mut s = String::new();
    let _ = shape.write_name(&mut s);
    s
}

/// The name of slot `i` of a map entry.
pub(super) fn entry_slot_name(i: usize) -> &'static str {
    if i == 0 { "key" } else { "value" }
}

/// Writes the path step to slot `i` of `node`: `.name` for a struct field,
/// `.i` for a tuple element, `[i]` for an array or container element,
/// `.Variant` for an enum's variant, nothing for a variant's payload,
/// `.key`/`.value` in a map entry, `.some` and `.*` for wrappers.
fn write_step<R: IRuntime>(node: &Node<R>, i: usize, input: bool, out: &mut String) {
    let _ = match &node.state {
        NodeState::Enum(_) => {
            out.push('.');
            if input {
                node.shape.write_variant_key(i, out)
            } else {
                node.shape.write_variant_name(i, out)
            }
        }
        NodeState::Container(_) => write!(out, "[{i}]"),
        NodeState::Entry(_) => write!(out, ".{}", entry_slot_name(i)),
        // A `Result`'s variant: its payload, like an enum's, adds nothing;
        // nor does a proxy value (it stands for the node's own value).
        NodeState::Wrapper(w) if node.view != View::Value || w.proxy.is_some() => Ok(()),
        NodeState::Wrapper(_) if node.shape.kind() == ShapeKind::Option => write!(out, ".some"),
        NodeState::Wrapper(_) => write!(out, ".*"),
        _ => match node.step() {
            Step::Indexed => write!(out, "[{i}]"),
            Step::Named | Step::Positional => {
                out.push('.');
                node.write_slot_name(i, input, out)
            }
            Step::Transparent => Ok(()),
        },
    };
}

/// The label of a slot in the tree: field name, position, `key`/`value`.
fn slot_label<R: IRuntime>(node: &Node<R>, i: usize) -> String {
    match &node.state {
        NodeState::Entry(_) => entry_slot_name(i).to_owned(),
        // A `Result`'s variant names its slot `payload`, like an enum's.
        NodeState::Wrapper(_) if node.view != View::Value => "payload".to_owned(),
        NodeState::Wrapper(w) if w.proxy.is_some() => "proxy".to_owned(),
        NodeState::Slots(_) => {
            let mut name = String::new();
            let _ = node.write_slot_name(i, false, &mut name);
            name
        }
        _ => i.to_string(),
    }
}

impl<'facet, R: IRuntime> Trame<'facet, R> {
    // t[impl resource.depth.no-recursion]
    /// The path of node `id` from the root, `$.inner.b` style (climbing
    /// parent links: no recursion).
    pub(super) fn path_of(&self, id: NodeId) -> String {
        let mut steps = Vec::new();
        let mut cur = id;
        while let Some((parent, slot)) = self.nodes.get(cur).parent() {
            steps.push((parent, slot));
            cur = parent;
        }
        let mut out = String::from("$");
        for (parent, slot) in steps.into_iter().rev() {
            write_step(self.nodes.get(parent), slot, self.input_names, &mut out);
        }
        out
    }

    /// The path of slot `i` of node `id`.
    pub(super) fn path_of_slot(&self, id: NodeId, i: usize) -> String {
        let mut out = self.path_of(id);
        write_step(self.nodes.get(id), i, self.input_names, &mut out);
        out
    }

    /// The label of node `id` as a child: `⟨Child: T⟩`, or
    /// `⟨Entry: (K, V)⟩` for a map entry, followed by its marks.
    fn child_label(&self, id: NodeId) -> String {
        let node = self.nodes.get(id);
        let mut out = match &node.state {
            NodeState::Entry(_) => format!(
                "⟨Entry: ({}, {})⟩",
                node.shape.map_key().map(shape_name).unwrap_or_default(),
                node.shape.map_value().map(shape_name).unwrap_or_default()
            ),
            _ => format!("⟨Child: {}⟩", node.name()),
        };
        out.push_str(self.form_mark(id));
        out.push_str(&node_marks(&node.state));
        out
    }

    /// Writes node `id`'s slots, and those of every node staged below it,
    /// as tree lines. Runs of initialized container elements are shown as
    /// one line (`3..=41 ●`). Iterative: a stack holds, per open node, the
    /// next slot to write and the length of its indent (the indent itself
    /// is one string, cut back when a node is resumed).
    fn render_slots(&self, f: &mut fmt::Formatter<'_>, id: NodeId) -> fmt::Result {
        let mut indent = String::new();
        let mut stack: Vec<(NodeId, usize, usize)> = vec![(id, 0, 0)];
        while let Some((id, from, indent_len)) = stack.pop() {
            indent.truncate(indent_len);
            let node = self.nodes.get(id);
            if let NodeState::Enum(e) = &node.state {
                let (Some(v), Some(child), 0) = (e.variant, e.child, from) else {
                    continue;
                };
                let marker = if child == self.cursor { "▶ " } else { "  " };
                let child_node = self.nodes.get(child);
                writeln!(
                    f,
                    "{marker}{indent}└─ variant {v} → ⟨Variant: {}⟩",
                    child_node.name()
                )?;
                indent.push_str("    ");
                stack.push((child, 0, indent.len()));
                continue;
            }
            let Some(slots) = node.state.slots() else {
                continue;
            };
            let is_container = matches!(node.state, NodeState::Container(_));
            let count = slots.count();
            let mut i = from;
            while i < count {
                let child = slots.child(i);
                let mut end = i;
                if is_container && child.is_none() {
                    let init = slots.is_init(i);
                    while end + 1 < count
                        && slots.child(end + 1).is_none()
                        && slots.is_init(end + 1) == init
                    {
                        end += 1;
                    }
                }
                let last = end + 1 == count;
                let branch = if last { "└─ " } else { "├─ " };
                let name = if end > i {
                    format!("{i}..={end}")
                } else {
                    slot_label(node, i)
                };
                if let Some(child) = child {
                    let marker = if child == self.cursor { "▶ " } else { "  " };
                    writeln!(
                        f,
                        "{marker}{indent}{branch}{name} → {}",
                        self.child_label(child)
                    )?;
                    // The child's lines come next, then this node's from
                    // slot `end + 1`.
                    stack.push((id, end + 1, indent_len));
                    indent.push_str(if last { "    " } else { "│   " });
                    stack.push((child, 0, indent.len()));
                    break;
                }
                let mark = if slots.is_init(i) { "●" } else { "○" };
                writeln!(f, "  {indent}{branch}{name} {mark}")?;
                i = end + 1;
            }
        }
        Ok(())
    }
}

/// The marks after a node's label: ` ●`/` ○` for a leaf, ` ● 🔒️` for a
/// closed container, ` 📦0 📦1` for a container's staging chunks, ` 📦` for
/// a wrapper's inner allocation, ` ●` for a wrapper set whole.
fn node_marks<P: Copy, S: IShape>(state: &NodeState<P, S>) -> String {
    match state {
        NodeState::Leaf { init: true } | NodeState::Enum(EnumState { init: true, .. }) => {
            " ●".into()
        }
        NodeState::Leaf { init: false } | NodeState::Enum(EnumState { child: None, .. }) => {
            " ○".into()
        }
        NodeState::Slots(_) | NodeState::Entry(_) | NodeState::Enum(_) => String::new(),
        NodeState::Wrapper(w) if w.whole() => " ●".into(),
        NodeState::Wrapper(w) if w.inner().is_some() => " 📦".into(),
        NodeState::Wrapper(_) => " ○".into(),
        NodeState::Container(c) => match c.status {
            Status::Closed => " ● 🔒️".into(),
            Status::Empty => " ○".into(),
            Status::Staging => (0..c.rope.chunks().len())
                .map(|k| format!(" 📦{k}"))
                .collect(),
        },
    }
}

/// Renders the tree in the notation of the spec diagrams
/// (`▶ ⟨Root: Outer⟩`, `├─ a ●`, `○`, `🔒️`, `📦0`, `[]`/`{}` for a dynamic
/// value staged as an array/object), for debugging. A
/// poisoned Trame renders as `∅`.
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
        writeln!(
            f,
            "{marker}⟨Root: {}⟩{}{}",
            root.name(),
            self.form_mark(self.root),
            node_marks(&root.state)
        )?;
        self.render_slots(f, self.root)
    }
}

impl<R: IRuntime> fmt::Debug for Trame<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
