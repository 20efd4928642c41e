//! Reads each photo's zone and prints what was read, the network runs and the CPU time:
//! `cargo run --release -p kyc-vision --example read -- photo.jpg …`.
#[path = "../tests/generate/mod.rs"]
mod generate;

fn main() {
    for path in std::env::args().skip(1) {
        let image = image::open(&path).expect("an image").to_rgb8();
        let t = std::time::Instant::now();
        let read = generate::read_zone(&image);
        println!(
            "{path}: {:?} runs {} {:?} holds {:?}",
            read.lines,
            read.runs,
            t.elapsed(),
            generate::zone_holds(&read.lines)
        );
    }
}
