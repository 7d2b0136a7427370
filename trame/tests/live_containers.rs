//! Pointers, options and containers on the live runtime, with real types.
//!
//! Drop counting uses a thread-local counter that every test resets when it
//! starts (`Drops::start`): tests run on their own threads (or one after the
//! other on one thread), so no count is shared between tests.

#[path = "live_containers/lists.rs"]
mod lists;
#[path = "live_containers/maps_sets.rs"]
mod maps_sets;
#[path = "live_containers/render.rs"]
mod render;
#[path = "live_containers/rules.rs"]
mod rules;
#[path = "live_containers/support.rs"]
mod support;
#[path = "live_containers/wrappers.rs"]
mod wrappers;
