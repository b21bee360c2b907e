//! The WASM build under Node: `wasm-pack test --node -- --test wasm_node`.
//! (`wasm_browser.rs` runs the same tests in headless Chromium.)
#![cfg(target_arch = "wasm32")]

mod wasm_common;

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
