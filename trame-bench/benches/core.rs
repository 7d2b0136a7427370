//! Criterion benchmarks of the core: building a value through ops against
//! building it directly, in one group.

// `criterion_group!` defines an undocumented `pub fn`.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use trame_bench::measures::core as core_measures;

fn wide(c: &mut Criterion) {
    let mut g = c.benchmark_group("build_wide_8_fields");
    g.bench_function("trame", |b| {
        b.iter(|| core_measures::build_wide_trame(black_box(1)))
    });
    g.bench_function("direct", |b| {
        b.iter(|| core_measures::build_wide_direct(black_box(1)))
    });
    g.finish();
}

criterion_group!(benches, wide);
criterion_main!(benches);
