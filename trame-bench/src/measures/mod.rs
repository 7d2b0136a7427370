//! The measures of the compare command, one module per area.

pub mod core;
pub mod format;
pub mod json;
pub mod swap;
pub mod vec;
