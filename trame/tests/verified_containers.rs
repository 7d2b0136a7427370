//! Pointers, options and containers on the verified runtime: hand-built
//! dynamic shapes for each kind, then generated shapes (including recursive
//! ones) driven by generated op sequences. The checked heap is inspected
//! after every op; after teardown nothing may be left.

#[path = "verified_containers/generated.rs"]
mod generated;
#[path = "verified_containers/scenarios.rs"]
mod scenarios;
#[path = "verified_containers/support.rs"]
mod support;
