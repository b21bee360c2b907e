//! The WASM build in headless Chromium: `wasm-pack test --headless --chrome -- --test wasm_browser`.
//! (`wasm_node.rs` runs the same tests under Node.)
#![cfg(target_arch = "wasm32")]

mod wasm_common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn parity_with_native() {
    wasm_common::parity();
}

#[wasm_bindgen_test]
fn bad_indexes_are_errors() {
    wasm_common::bad_indexes_are_errors();
}

#[wasm_bindgen_test]
fn api_round_trip() {
    wasm_common::api_round_trip();
}
