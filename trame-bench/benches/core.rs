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

fn vec_pair(c: &mut Criterion) {
    use trame_bench::measures::vec;
    let mut g = c.benchmark_group("vec_pair_10k");
    g.bench_function("trame", |b| {
        b.iter(|| vec::build_vec_trame(black_box(10_000), Some(10_000)))
    });
    g.bench_function("direct", |b| {
        b.iter(|| vec::build_vec_direct(black_box(10_000), Some(10_000)))
    });
    g.finish();
}

criterion_group!(benches, wide, vec_pair);
criterion_main!(benches);
