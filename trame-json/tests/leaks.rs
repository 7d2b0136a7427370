//! Errors never leak: a document truncated at every byte, or broken at
//! every byte, fails (or parses) with every allocation freed. A counting
//! global allocator sees the bytes still allocated after each attempt.
//!
//! The count is per thread: the test harness's own thread allocates while
//! the test runs (its output), which a global count would see as a leak.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;

use facet::Facet;

struct Counting;

thread_local! {
    /// Bytes allocated and not yet freed by this thread.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn count(bytes: isize) {
    // A const-initialized `Cell` needs no destructor: always accessible.
    let _ = LIVE.try_with(|live| live.set(live.get() + bytes));
}

fn live() -> isize {
    LIVE.with(Cell::get)
}

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[allow(dead_code)]
enum Shape {
    Circle { r: f64, name: String },
    Poly(Vec<(f64, f64)>),
    Named(String),
}

#[derive(Facet, Debug, PartialEq)]
struct Meta {
    owner: String,
    labels: Vec<String>,
}

#[derive(Facet, Debug, PartialEq)]
#[allow(clippy::box_collection)]
struct Doc {
    title: String,
    tags: Vec<String>,
    boxed: Box<Vec<String>>,
    by_name: BTreeMap<String, Vec<String>>,
    shapes: Vec<Shape>,
    maybe: Option<Meta>,
    #[facet(flatten)]
    meta: Meta,
}

const DOC: &str = r#"{
  "title": "a title long enough to live on the heap",
  "tags": ["one", "two", "three"],
  "owner": "someone",
  "boxed": ["in", "a", "box"],
  "by_name": {"k1": ["v1", "v2"], "k2": []},
  "shapes": [
    {"Circle": {"r": 1.5, "name": "c"}},
    {"Poly": [[0, 0], [1, 0], [1, 1]]},
    {"Named": "n"}
  ],
  "maybe": {"owner": "o", "labels": ["l"]},
  "labels": ["x", "y"]
}"#;

/// Parses `input` and returns whether it parsed, checking that nothing
/// allocated during the attempt outlives it.
fn attempt(input: &str) -> bool {
    let before = live();
    let ok = trame_json::from_str::<Doc>(input).map(drop).is_ok();
    let after = live();
    assert_eq!(
        after,
        before,
        "{} bytes leaked on {input:?}",
        after - before
    );
    ok
}

/// Every byte, or under Miri (slow) every `STRIDE`th one.
const STRIDE: usize = if cfg!(miri) { 32 } else { 1 };

#[test]
fn no_leak_on_any_failure() {
    assert!(attempt(DOC));
    let mut tried = 0;
    let mut failures = 0;
    for end in (0..DOC.len()).step_by(STRIDE) {
        if DOC.is_char_boundary(end) {
            tried += 1;
            failures += usize::from(!attempt(&DOC[..end]));
        }
    }
    assert_eq!(failures, tried, "every truncation fails");
    // Break the document at every byte: a wrong type, a stray character.
    for i in (0..DOC.len()).step_by(STRIDE) {
        for b in ["1", "\"", "]", "}", "x", "null"] {
            let mut s = String::with_capacity(DOC.len() + 4);
            s.push_str(&DOC[..i]);
            s.push_str(b);
            s.push_str(&DOC[i + 1..]);
            attempt(&s);
        }
    }
}
