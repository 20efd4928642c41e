//! Replays every input the fuzzer (`fuzz/`) found or was seeded with (its committed
//! corpus too): each must be prepared or refused with an error — a panic or abort
//! fails this test.

use kyc_imaging::{inspect, prepare, Limits, Options};

#[test]
fn every_saved_fuzz_input_is_handled_without_panicking() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = [root.join("tests/fuzz-regressions"), root.join("fuzz/seeds/prepare")];
    let entries = folders.iter().flat_map(|dir| std::fs::read_dir(dir).expect("the folder exists"));
    let mut replayed = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let options = Options {
            max_edge: 256,
            max_bytes: 40_000,
            limits: Limits { max_pixels: 4_000_000, ..Limits::default() },
            ..Options::document()
        };
        if let Ok(prepared) = prepare(&bytes, &options) {
            assert!(prepared.bytes.len() <= options.max_bytes, "{}: over budget", path.display());
            assert!(prepared.width.max(prepared.height) <= 256, "{}: over the long edge", path.display());
        }
        let _ = inspect(&bytes, &options.limits, 128);
        replayed += 1;
    }
    assert!(replayed > 10, "only {replayed} inputs in {folders:?}");
}
