//! The verification layer of trame: a reference model of the spec's
//! construction semantics, a driver that runs the same ops on the model and
//! on a `Trame` over the verified runtime and compares everything after
//! every op, and the generators and explorer that feed it.
//!
//! - [`model`]: the reference model (the oracle).
//! - [`driver`]: lock-step execution and comparison, heap checks.
//! - [`generate`]: op generation for property tests (guided and raw ops).
//! - [`declare`]: hooks and proxies declared on generated shapes.
//! - [`shapes`] and [`explore`]: exhaustive bounded exploration.

pub mod declare;
pub mod driver;
pub mod explore;
pub mod generate;
pub mod model;
pub mod shapes;
