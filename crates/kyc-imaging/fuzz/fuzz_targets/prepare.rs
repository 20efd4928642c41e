//! The whole pipeline over arbitrary bytes: it may refuse, it must never panic,
//! abort or exhaust memory. Inputs that once broke it live in
//! `crates/kyc-imaging/tests/fuzz-regressions/` and are replayed by `cargo test`.
#![no_main]

use kyc_imaging::{prepare, Limits, Options};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let options = Options {
        max_edge: 256,
        max_bytes: 40_000,
        limits: Limits { max_pixels: 4_000_000, ..Limits::default() },
        ..Options::document()
    };
    let _ = prepare(data, &options);
    let _ = kyc_imaging::inspect(data, &options.limits, 128);
});
