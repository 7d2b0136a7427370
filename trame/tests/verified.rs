//! The construction core on the verified runtime: hand-built dynamic shapes
//! for the spec's scenarios, and generated shapes driven by generated op
//! sequences, with the checked heap inspected after every op.

mod verified {
    pub mod dynamic;
    pub mod enums;
    pub mod generated;
    pub mod hooks;
    pub mod proxies;
    pub mod results;
    pub mod scenarios;
    pub mod support;
}
