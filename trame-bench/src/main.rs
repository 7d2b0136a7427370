//! `cargo run --release -p trame-bench -- compare [--quick]`: runs every
//! performance measure of the project, A and B interleaved, and prints one
//! line per measure with both times, the ratio and the goal, then
//! `N of M goals met`.

use trame_bench::runner::{self, Budget};
use trame_bench::{alloc, measures};

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("compare") {
        eprintln!("usage: trame-bench compare [--quick]");
        std::process::exit(2);
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; run with --release for meaningful figures");
    }
    let budget = if args.iter().any(|a| a == "--quick") {
        Budget::QUICK
    } else {
        Budget::FULL
    };
    let measures: Vec<fn(Budget) -> runner::Line> = vec![
        measures::core::set_scalar,
        measures::vec::with_hint,
        measures::vec::without_hint,
        measures::vec::allocations,
        |_| measures::swap::verified_code(),
    ];
    let mut met = 0;
    let mut total = 0;
    let lines = measures
        .into_iter()
        .map(|m| vec![m(budget)])
        .chain(std::iter::once_with(|| measures::json::all(budget)))
        .chain(std::iter::once_with(|| measures::format::all(budget)));
    for batch in lines {
        for line in batch {
            total += 1;
            if line.ok() {
                met += 1;
            }
            println!("{}", line.render());
        }
    }
    println!("{met} of {total} goals met");
}
