//! Untagged verdicts: which variant of an untagged enum the value at a
//! position fits, remembered for the rest of the look-ahead.
//!
//! An untagged value is checked by a dry walk of each variant in turn.
//! Nested untagged values (`enum U { L(Vec<U>), S(String) }` on
//! `[[[[…]]]]`) would otherwise be checked again by every check around
//! them, and once more when built: work exponential in the nesting. Each
//! (event position, enum shape) is checked once; every later check of it,
//! dry or building, reuses the verdict (as trame-json does, spec rule
//! `json.bounds.untagged-once`), so the look-ahead costs work linear in the
//! input for a given type (times the nesting, for skipping values already
//! judged).
//!
//! A verdict is reused only when checking again from the current depth
//! could not reach the depth limit where it did not before (`height`);
//! otherwise the check runs again and finds the depth error where it is.

use std::collections::HashMap;

/// What checking the value at one position against one untagged enum
/// found.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Verdict {
    /// How many levels below its own the check descended.
    pub(crate) height: u32,
    /// The variant that fits, if one does.
    pub(crate) variant: Option<u32>,
}

/// Verdicts by (event position, enum shape address).
pub(crate) type Verdicts = HashMap<(usize, usize), Verdict>;
