//! Reads each photo's zone and prints what was read, the network runs and the CPU time:
//! `cargo run --release -p kyc-vision --example read -- photo.jpg …` (`KYC_TURN=1` turns each a quarter first).
#[path = "../tests/generate/mod.rs"]
mod generate;

fn main() {
    for path in std::env::args().skip(1) {
        let image = image::open(&path).expect("an image").to_rgb8();
        // KYC_TURN=1|2|3: the photo turned that many quarters clockwise first.
        let image = match std::env::var("KYC_TURN").as_deref() {
            Ok("1") => image::imageops::rotate90(&image),
            Ok("2") => image::imageops::rotate180(&image),
            Ok("3") => image::imageops::rotate270(&image),
            _ => image,
        };
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
