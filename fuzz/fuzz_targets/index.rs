#![no_main]
//! See `tests/support/fuzz.rs`, which holds the body of this target.

#[path = "../../tests/support/fuzz.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    // A build walks all of Unicode once per process for the folding
    // table (seconds under the sanitizers): done here, before the clock
    // of the first input starts, by building the index the other targets
    // search.
    init: {
        harness::mofcom();
    },
    |data: &[u8]| harness::index(data)
);
