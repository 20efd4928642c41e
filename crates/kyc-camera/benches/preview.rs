//! Preview throughput of the synthetic camera with JPEG encoding included: frames
//! per second reaching a consumer and the CPU the process used, at 640×480 and
//! 1280×720, each for a few seconds at the camera's 30 fps and at its 60 fps maximum.
//!
//! `cargo bench -p kyc-camera --bench preview`

use std::time::{Duration, Instant};

use kyc_camera::{synthetic, CameraSource, Preview, PreviewOptions, StreamRequest, SyntheticCamera};

fn main() {
    let seconds = 4;
    println!("synthetic camera → preview JPEG (q70) → consumer, {seconds} s each");
    for (width, height) in [(640, 480), (1280, 720)] {
        for fps in [30, 60] {
            let (delivered, cpu) = run(width, height, fps, Duration::from_secs(seconds));
            println!(
                "  {width}×{height} @ {fps:>2} fps requested: {:>5.1} frames/s delivered, CPU {:>5.1}% of one core",
                delivered,
                cpu * 100.0
            );
        }
    }
}

fn run(width: u32, height: u32, fps: u32, length: Duration) -> (f64, f64) {
    let request = StreamRequest { width, height, fps, frame_timeout: Duration::from_secs(2) };
    let stream = SyntheticCamera::new().open(synthetic::DEVICE_ID, request).expect("the synthetic camera opens");
    let preview = Preview::start(stream, PreviewOptions { max_edge: width, quality: 70 });
    preview.next(Duration::from_secs(2)).expect("a first frame");
    let (cpu_before, started) = (cpu_seconds(), Instant::now());
    let mut frames = 0u32;
    while started.elapsed() < length {
        if preview.next(Duration::from_secs(2)).is_ok() {
            frames += 1;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    preview.stop();
    (f64::from(frames) / wall, cpu / wall)
}

/// User + system CPU time of this process, from /proc (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the ")" here; 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
}
