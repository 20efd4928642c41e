//! A live frame-rate counter, for checks on real hardware:
//!
//! `cargo run --release -p kyc-camera --example cli -- [--synthetic] [--device ID] [--size 1280x720] [--seconds 10]`
//!
//! Lists the cameras, opens one, and prints each second how many preview frames
//! (scaled to 640 px and JPEG-encoded, as the app sends them) arrived.

use std::time::{Duration, Instant};

use kyc_camera::{native::NativeCameras, CameraSource, Preview, PreviewOptions, StreamRequest, SyntheticCamera};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let source: Box<dyn CameraSource> = if args.iter().any(|a| a == "--synthetic") {
        Box::new(SyntheticCamera::new())
    } else {
        Box::new(NativeCameras)
    };
    let devices = source.devices()?;
    if devices.is_empty() {
        return Err(kyc_camera::native::no_camera().into());
    }
    for d in &devices {
        println!("camera {}: {}", d.id, d.name);
    }
    let id = value("--device").unwrap_or_else(|| devices[0].id.clone());
    let (width, height) = value("--size")
        .and_then(|s| s.split_once('x').and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?))))
        .unwrap_or((1280, 720));
    let seconds: u64 = value("--seconds").and_then(|s| s.parse().ok()).unwrap_or(10);
    let stream = source.open(&id, StreamRequest { width, height, ..StreamRequest::default() })?;
    let format = stream.format();
    println!("opened {id}: {}×{} at {} fps ({:?})", format.width, format.height, format.fps, format.encoding);
    let preview = Preview::start(stream, PreviewOptions::default());
    let started = Instant::now();
    let mut window = (Instant::now(), 0u32);
    while started.elapsed() < Duration::from_secs(seconds) {
        let frame = preview.next(Duration::from_secs(5))?;
        window.1 += 1;
        if window.0.elapsed() >= Duration::from_secs(1) {
            println!("{:>3} fps  (frame #{}, {} bytes of JPEG)", window.1, frame.sequence, frame.jpeg.len());
            window = (Instant::now(), 0);
        }
    }
    let still = preview.capture_still(Duration::from_secs(5))?;
    println!("still: {}×{}", still.width, still.height);
    Ok(())
}
