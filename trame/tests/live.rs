//! Integration tests for trame on the live runtime (`LRuntime`): building
//! values piece by piece, paths and the cursor, errors and poisoning, drop
//! accounting, batches, rendering, materialization and borrowed data.
//!
//! Tests that verify a rule of `docs/spec.md` carry a `t[verify …]` comment.

#[path = "live/support.rs"]
mod support;

#[path = "live/arrays.rs"]
mod arrays;
#[path = "live/batch.rs"]
mod batch;
#[path = "live/batch_props.rs"]
mod batch_props;
#[path = "live/borrowed.rs"]
mod borrowed;
#[path = "live/defaults.rs"]
mod defaults;
#[path = "live/deferred.rs"]
mod deferred;
#[path = "live/drops.rs"]
mod drops;
#[path = "live/dynamic.rs"]
mod dynamic;
#[path = "live/enums.rs"]
mod enums;
#[path = "live/enums_nested.rs"]
mod enums_nested;
#[path = "live/enums_reprs.rs"]
mod enums_reprs;
#[path = "live/enums_result.rs"]
mod enums_result;
#[path = "live/errors.rs"]
mod errors;
#[path = "live/hand_made.rs"]
mod hand_made;
#[path = "live/hooks.rs"]
mod hooks;
#[path = "live/lifetimes.rs"]
mod lifetimes;
#[path = "live/materialize.rs"]
mod materialize;
#[path = "live/nesting.rs"]
mod nesting;
#[path = "live/overwrite.rs"]
mod overwrite;
#[path = "live/paths.rs"]
mod paths;
#[path = "live/poison.rs"]
mod poison;
#[path = "live/proxies.rs"]
mod proxies;
#[path = "live/render.rs"]
mod render;
#[path = "live/resources.rs"]
mod resources;
#[path = "live/scalars.rs"]
mod scalars;
#[path = "live/shapes.rs"]
mod shapes;
#[path = "live/structs.rs"]
mod structs;
