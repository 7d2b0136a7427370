//! Benchmarks and the goal comparison of trame: the measures (shared by
//! the `compare` command and the criterion benches), the interleaved A/B
//! runner, and an allocation-counting allocator.

pub mod alloc;
pub mod measures;
pub mod runner;
