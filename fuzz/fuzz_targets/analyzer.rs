#![no_main]
//! See `tests/support/fuzz.rs`, which holds the body of this target.

#[path = "../../tests/support/fuzz.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::analyzer(data));
