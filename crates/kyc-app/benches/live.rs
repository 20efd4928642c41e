//! The selfie preview with and without the live face check: frames per second that reach the
//! consumer (the page, in the app), and checks per second, over the synthetic camera at
//! 640×480 and 30 fps. Prints figures; `cargo bench -p kyc-app --bench live`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kyc_camera::{Choice, PreviewOptions, StreamRequest, SyntheticCamera};

const RUN: Duration = Duration::from_secs(6);

/// Runs the preview for `RUN`; answers (frames per second delivered, checks per second, mean check time).
fn run(with_check: bool) -> (f64, f64, Duration) {
    let request = StreamRequest { width: 640, height: 480, fps: 30, frame_timeout: kyc_app::FRAME_WAIT };
    let preview =
        Arc::new(Choice::Synthetic.open(&SyntheticCamera::new(), request, PreviewOptions::default()).expect("opens"));
    let frames = Arc::new(AtomicU64::new(0));
    let checks = Arc::new(AtomicU64::new(0));
    let checking = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let pump = {
        let (preview, frames, done) = (preview.clone(), frames.clone(), done.clone());
        std::thread::spawn(move || {
            preview.forward(kyc_app::FRAME_WAIT, |jpeg| {
                std::hint::black_box(jpeg);
                frames.fetch_add(1, Ordering::Relaxed);
                !done.load(Ordering::Relaxed)
            })
        })
    };
    let check = with_check.then(|| {
        let (preview, checks, checking, done) = (preview.clone(), checks.clone(), checking.clone(), done.clone());
        std::thread::spawn(move || {
            let mut last = Instant::now();
            kyc_app::watch_preview(&preview, |live| {
                std::hint::black_box(live);
                checks.fetch_add(1, Ordering::Relaxed);
                checking.fetch_add(last.elapsed().as_micros() as u64, Ordering::Relaxed);
                last = Instant::now();
                !done.load(Ordering::Relaxed)
            })
        })
    });
    // Warm up (the detector loads on the first check), then count.
    std::thread::sleep(Duration::from_secs(1));
    let (f0, c0) = (frames.load(Ordering::Relaxed), checks.load(Ordering::Relaxed));
    let started = Instant::now();
    std::thread::sleep(RUN);
    let seconds = started.elapsed().as_secs_f64();
    let (f1, c1) = (frames.load(Ordering::Relaxed), checks.load(Ordering::Relaxed));
    done.store(true, Ordering::Relaxed);
    preview.close();
    let _ = pump.join();
    if let Some(check) = check {
        let _ = check.join();
    }
    let n = checks.load(Ordering::Relaxed).max(1);
    let between = Duration::from_micros(checking.load(Ordering::Relaxed) / n);
    ((f1 - f0) as f64 / seconds, (c1 - c0) as f64 / seconds, between)
}

fn main() {
    // `cargo test --benches` runs this once as a test: keep it short there.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let (plain, _, _) = run(false);
    println!("preview without the check: {plain:.1} frames/s delivered (640×480 JPEG, synthetic camera at 30 fps)");
    let (fps, checks, between) = run(true);
    println!(
        "preview with the live check: {fps:.1} frames/s delivered, {checks:.1} checks/s (one every {:.0} ms)",
        between.as_secs_f64() * 1000.0
    );
}
