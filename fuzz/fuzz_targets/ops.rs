//! libFuzzer target: bytes → (root type, op sequence) on the live runtime.
//! Decoding and every oracle live in `trame-fuzz-ops`, shared with the
//! corpus replay test that runs on stable Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    trame_fuzz_ops::run_bytes(data);
});
