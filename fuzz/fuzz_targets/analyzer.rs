#![no_main]
//! See `tests/support/fuzz.rs`, which holds the body of this target.

#[path = "../../tests/support/fuzz.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    // The index every input is searched in, built once before the clock
    // starts (a build under the sanitizers takes seconds).
    init: {
        harness::mofcom();
    },
    |data: &[u8]| harness::analyzer(data)
);
