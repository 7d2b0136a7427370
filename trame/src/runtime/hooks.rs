//! Construction hooks a shape may declare: [`Hooks`] (which ones), and
//! [`HookError`] (what a hook that refused said).
//!
//! facet describes them in a shape's vtable: `parse` (text → value),
//! `parse_bytes` (bytes → value), `try_from` (a value of another shape →
//! this one) and `invariants` (a check on a complete value). The core asks
//! [`IShape::hooks`](super::IShape::hooks) which ones a shape has before it
//! asks the heap to run one; each runtime runs them its own way (the live
//! heap through facet's vtable, the checked heap through its model).

use core::fmt;

/// Which construction hooks a shape declares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hooks {
    /// The shape can be parsed from text.
    pub parse: bool,
    /// The shape can be parsed from bytes.
    pub parse_bytes: bool,
    /// The shape can be converted from values of some other shapes.
    pub try_from: bool,
    /// The shape checks invariants on a complete value.
    pub invariants: bool,
}

impl Hooks {
    /// No hooks at all.
    pub const NONE: Hooks = Hooks {
        parse: false,
        parse_bytes: false,
        try_from: false,
        invariants: false,
    };
}

/// What a hook said when it refused: its own message (`invalid IP address
/// syntax`), or why it could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HookError {
    /// The message, in the hook's own words.
    pub message: String,
}

impl HookError {
    /// A hook error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        HookError {
            message: message.into(),
        }
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
