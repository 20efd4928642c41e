//! Draws `examples/submit/passport.jpg`: a specimen passport data page (drawn; OCR-B from Debian's
//! fonts-ocr-b; the same holder as `fields.json`, Alex Sample of Thailand — no real person) lying
//! in perspective on a dark table, as a phone photographs it. The demo and the end-to-end test
//! choose it on screen 1, where its machine-readable zone fills the empty fields.
//! `cargo run -p kyc-vision --example make_specimen_passport`.

#[path = "../tests/generate/mod.rs"]
mod generate;

fn main() {
    let mut r = generate::rng(2026);
    let truth = generate::specimen_of("SAMPLE", "ALEX", "SX1234567", "THA", (1990, 4, 12), (2031, 6, 17), false);
    let page = generate::passport_page(&mut r, 1000, &truth);
    let ground = generate::Surface::DarkPlain.picture(&mut r, 1600, 1200);
    let (photo, corners) = generate::in_perspective(&mut r, &ground, &page);
    let path = format!("{}/../../examples/submit/passport.jpg", env!("CARGO_MANIFEST_DIR"));
    let mut file = std::fs::File::create(&path).expect("writable");
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 88).encode_image(&photo).expect("encodes");
    println!("{path}: MRZ {:?}, corners {corners:?}", truth.lines);
}
