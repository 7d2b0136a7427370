//! [`TrameError`]: what went wrong, where (as a `$.field.0[3]` path), and
//! which shapes were involved.

use core::fmt;

/// An error from a [`Trame`](crate::Trame) operation.
///
/// Every error poisons the Trame it came from (except errors from
/// [`HeapValue::materialize`](crate::HeapValue::materialize), which consume
/// nothing but the `HeapValue`). After poisoning, every call returns
/// [`TrameError::Poisoned`].
///
/// Paths are rendered from the root: `$` is the root, `.name` a struct
/// field, `.0` a tuple element, `[3]` an array element.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrameError {
    /// The Trame was poisoned by an earlier error (or its tree is gone).
    Poisoned,
    /// A node was not fully initialized at strict `End` or `build`.
    Incomplete {
        /// Path of the incomplete node.
        path: String,
        /// Name of the node's shape.
        shape: String,
        /// Names of the fields (or positions) that are missing; empty when
        /// the node is a leaf whose value itself is missing.
        missing: Vec<String>,
        /// Full paths of every missing part of the validated subtree: the
        /// node above and, when a deferred subtree was validated, every
        /// other incomplete node in it.
        all: Vec<String>,
    },
    /// An `Imm` value's shape differs from the destination's shape.
    ShapeMismatch {
        /// Path of the destination.
        path: String,
        /// Shape the destination holds.
        expected: String,
        /// Shape of the value that was offered.
        found: String,
    },
    /// `Field(n)` named a field, element or variant that does not exist.
    FieldOutOfRange {
        /// Path of the node the segment was applied to.
        path: String,
        /// Shape of that node.
        shape: String,
        /// The index that was asked for.
        index: u32,
        /// How many fields/elements the shape has.
        count: usize,
    },
    /// `Append` at a node that is not a list, set or map.
    NotAContainer {
        /// Path of the node.
        path: String,
        /// Shape of the node.
        shape: String,
    },
    /// `Append` with `Imm` or `Default`: appending only stages.
    AppendRequiresStage {
        /// Path of the container.
        path: String,
        /// Shape of the container.
        shape: String,
    },
    /// `Root` appeared after the first segment of a path.
    RootNotFirst {
        /// Position of the offending segment in the path.
        position: usize,
    },
    /// Staging or `Append` into a container that was set whole (closed).
    ContainerClosed {
        /// Path of the container.
        path: String,
        /// Shape of the container.
        shape: String,
    },
    /// `End` with the cursor at the root.
    EndAtRoot,
    /// `Default` for a shape that has no default value.
    NoDefault {
        /// Path of the destination.
        path: String,
        /// The shape without a default.
        shape: String,
    },
    /// An operation this version of trame does not support for this shape.
    Unsupported {
        /// Path of the node.
        path: String,
        /// The shape involved.
        shape: String,
        /// What was attempted.
        what: &'static str,
    },
    /// The runtime ran out of memory or node capacity (only bounded
    /// runtimes report this).
    OutOfCapacity {
        /// What ran out.
        what: &'static str,
    },
    /// The allocator refused memory for a value (the root, an option's
    /// payload, a pointee) or a staging chunk.
    AllocationFailed {
        /// The shape being allocated (for a chunk: the container's).
        shape: String,
        /// How many bytes were asked for.
        size: usize,
    },
    /// [`HeapValue::materialize`](crate::HeapValue::materialize) was asked
    /// for a type whose shape is not the built shape.
    MaterializeMismatch {
        /// The built shape.
        built: String,
        /// The requested type's shape.
        requested: String,
    },
    /// A `Parse`, `ParseBytes` or `Convert` source for a shape that does
    /// not declare the hook it needs.
    NoHook {
        /// Path of the destination.
        path: String,
        /// The shape without the hook.
        shape: String,
        /// The hook: `"parse"`, `"parse_bytes"` or `"try_from"`.
        hook: &'static str,
    },
    /// The shape's parse hook refused the text (or bytes).
    ParseFailed {
        /// Path of the destination.
        path: String,
        /// The shape being parsed.
        shape: String,
        /// The hook's own message (`invalid IP address syntax`).
        message: String,
    },
    /// The shape's conversion hook refused the value, or does not convert
    /// from its shape. The value was dropped (once).
    ConversionFailed {
        /// Path of the destination.
        path: String,
        /// The shape converted into.
        shape: String,
        /// The shape of the value offered.
        from: String,
        /// The hook's own message.
        message: String,
    },
    /// A complete value broke the invariants its shape declares
    /// (`#[facet(invariants = …)]`).
    InvariantViolated {
        /// Path of the value.
        path: String,
        /// The value's shape.
        shape: String,
        /// The hook's own message.
        message: String,
    },
    /// A value whose type's lifetimes the safe API cannot check was moved in
    /// by [`Imm::new`](crate::Imm::new) or out by
    /// [`HeapValue::materialize`](crate::HeapValue::materialize): its
    /// `Facet` impl does not tie every lifetime in the type to `'facet`, so
    /// one shape stands for types with different lifetimes (see
    /// [`lifetimes`](crate::lifetimes)).
    UncheckedLifetimes {
        /// Where the value was moved in (`None` for `materialize`).
        path: Option<String>,
        /// The value's shape.
        shape: String,
    },
}

impl TrameError {
    /// Whether this is [`TrameError::Poisoned`].
    pub fn is_poisoned(&self) -> bool {
        matches!(self, TrameError::Poisoned)
    }
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

impl fmt::Display for TrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrameError::Poisoned => {
                f.write_str("the Trame is poisoned by an earlier error; its value was cleaned up")
            }
            // A leaf (a scalar, or a value set only whole) has no fields to
            // name: what is missing is the value itself.
            TrameError::Incomplete {
                path,
                shape,
                missing,
                all,
            } => {
                if missing.is_empty() {
                    write!(f, "missing value of {shape} at {path}")?;
                } else {
                    let noun = if missing.len() == 1 {
                        "field"
                    } else {
                        "fields"
                    };
                    write!(f, "missing {noun} {} in {shape} at {path}", list(missing))?;
                }
                let shown = missing.len().max(1);
                if all.len() > shown {
                    write!(f, "; also missing {}", list(&all[shown..]))?;
                }
                Ok(())
            }
            TrameError::ShapeMismatch {
                path,
                expected,
                found,
            } => {
                write!(f, "expected {expected}, found {found} at {path}")
            }
            TrameError::FieldOutOfRange {
                path,
                shape,
                index,
                count,
            } => write!(
                f,
                "field index {index} out of range for {shape} ({count} fields) at {path}"
            ),
            TrameError::NotAContainer { path, shape } => {
                write!(
                    f,
                    "cannot Append to {shape}: not a list, set or map, at {path}"
                )
            }
            TrameError::AppendRequiresStage { path, shape } => write!(
                f,
                "Append into {shape} accepts only Stage, not Imm or Default, at {path}"
            ),
            TrameError::RootNotFirst { position } => write!(
                f,
                "Root is only legal as the first path segment, found at position {position}"
            ),
            TrameError::ContainerClosed { path, shape } => write!(
                f,
                "cannot stage into {shape}: it was set whole and is closed, at {path}"
            ),
            TrameError::EndAtRoot => f.write_str("End with the cursor at the root"),
            TrameError::NoDefault { path, shape } => {
                write!(f, "{shape} has no default value, at {path}")
            }
            TrameError::Unsupported { path, shape, what } => {
                write!(f, "{what} is not supported for {shape}, at {path}")
            }
            TrameError::OutOfCapacity { what } => write!(f, "out of capacity: {what}"),
            TrameError::AllocationFailed { shape, size } => {
                write!(f, "allocation of {size} bytes for {shape} failed")
            }
            TrameError::MaterializeMismatch { built, requested } => {
                write!(
                    f,
                    "cannot materialize {requested}: the built value is a {built}"
                )
            }
            TrameError::NoHook { path, shape, hook } => {
                write!(f, "{shape} has no {hook} hook, at {path}")
            }
            TrameError::ParseFailed {
                path,
                shape,
                message,
            } => write!(f, "cannot parse {shape}: {message}, at {path}"),
            TrameError::ConversionFailed {
                path,
                shape,
                from,
                message,
            } => write!(
                f,
                "cannot convert {from} into {shape}: {message}, at {path}"
            ),
            TrameError::InvariantViolated {
                path,
                shape,
                message,
            } => write!(f, "{shape} breaks its invariants: {message}, at {path}"),
            TrameError::UncheckedLifetimes { path, shape } => {
                write!(
                    f,
                    "cannot check the lifetimes of {shape}: its Facet impl does not tie \
                     them to the Trame's lifetime"
                )?;
                match path {
                    Some(path) => write!(f, ", at {path}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for TrameError {}
