//! The architecture's rules that a compiler does not check, checked on the sources:
//! `kyc-core`, `kyc-imaging` and `kyc-flow` do no IO, read no clock and spawn nothing,
//! and only the shell (and the empty-window baseline) depends on Tauri.

use std::path::{Path, PathBuf};

fn crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_pure_crates_do_no_io_read_no_clock_and_spawn_nothing() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "thread::spawn",
        "SystemTime::now",
        "Instant::now",
        "OffsetDateTime::now",
        "tokio",
        "reqwest",
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for name in ["kyc-core", "kyc-imaging", "kyc-flow"] {
        let mut files = Vec::new();
        rust_files(&crates().join(name).join("src"), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Unit tests may read fixtures; the code above them may not.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for word in forbidden {
                if code.contains(word) {
                    problems.push(format!("{}: {word}", file.display()));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 15, "only {checked} files read");
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn only_the_shell_depends_on_tauri() {
    let mut dependents = Vec::new();
    for entry in std::fs::read_dir(crates()).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        if text.lines().any(|line| line.trim_start().starts_with("tauri")) {
            dependents.push(manifest.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    // `src-tauri` is outside `crates/`; the empty window is the start-up bench's baseline.
    assert_eq!(dependents, ["empty-window"]);
}
