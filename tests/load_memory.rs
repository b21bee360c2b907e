//! Issue 15, finding 5: `check` held about 12× the JSON's size. Loading a
//! catalogue now keeps one parsed copy at a time; this counts the bytes the
//! loader has allocated at its peak, with a counting allocator, on a
//! catalogue of ~6 MB made of the Ministry's matters repeated.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use matter_search::{Catalogue, LoadOptions};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new > l.size() {
                let now = NOW.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

#[test]
fn loading_keeps_one_parsed_copy() {
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json"),
    )
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&src).unwrap();
    let one: Vec<serde_json::Value> = v["matters"].as_array().unwrap().clone();
    let mut all = Vec::new();
    for copy in 0..20 {
        for m in &one {
            let mut m = m.clone();
            let id = format!("{}-{copy}", m["id"].as_str().unwrap());
            m["id"] = id.into();
            if let Some(code) = m.get("code").and_then(|c| c.as_str()).map(str::to_string) {
                m["code"] = format!("{code}{copy:02}").into();
            }
            if m.get("parent").is_some() {
                m.as_object_mut().unwrap().remove("parent");
            }
            all.push(m);
        }
    }
    v["matters"] = all.into();
    let dir = std::env::temp_dir().join(format!("matter-search-mem-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.json");
    let text = serde_json::to_string_pretty(&v).unwrap();
    drop(v);
    std::fs::write(&path, &text).unwrap();
    let size = text.len();
    drop(text);
    assert!(size > 5_000_000, "{size} bytes");

    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let loaded = Catalogue::load_files(&[&path], &LoadOptions::default());
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = NOW.load(Ordering::Relaxed) - before;
    let _ = std::fs::remove_dir_all(&dir);
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => panic!(
            "{}",
            e.problems
                .iter()
                .take(5)
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    assert_eq!(loaded.catalogue.matters.len(), 62 * 20);
    println!(
        "catalogue {size} bytes: peak {peak} bytes allocated while loading ({:.1}×), {kept} kept ({:.1}×)",
        peak as f64 / size as f64,
        kept as f64 / size as f64
    );
    assert!(
        peak < 5 * size,
        "loading a {size}-byte catalogue peaked at {peak} bytes ({:.1}×)",
        peak as f64 / size as f64
    );
}
