//! Criterion benches: face detection on a 640×480 frame (the live preview's size), the whole
//! selfie check, the live preview's per-frame check, and the document checks on a 12 MP photo
//! and on the 1920 px image that is sent.
//!
//! `cargo bench -p kyc-vision --bench vision`

use criterion::{criterion_group, criterion_main, Criterion};
use image::imageops;
use kyc_vision::{assess_document, assess_selfie, FaceDetector, Subject};

#[path = "../tests/generate/mod.rs"]
mod generate;

fn benches(c: &mut Criterion) {
    let detector = FaceDetector::new().expect("the model loads");
    let mut frame = generate::background(&mut generate::rng(1), 640, 480);
    let p = generate::portrait_with_face(170);
    generate::paste(&mut frame, &p, i64::from((640 - p.width()) / 2), i64::from((480 - p.height()) / 2));
    let mut group = c.benchmark_group("kyc-vision");
    group.sample_size(20);
    group.bench_function("face detection, 640x480 frame", |b| b.iter(|| detector.detect(&frame).expect("runs")));
    group.bench_function("selfie check, 640x480 frame", |b| b.iter(|| assess_selfie(&frame, &detector).expect("runs")));
    // The preview's per-frame work: detection, the face's light, the guidance and auto-capture rule.
    let mut live = kyc_vision::LiveCheck::new(FaceDetector::shared().expect("the model loads"));
    let mut at = std::time::Duration::ZERO;
    group.bench_function("live check, 640x480 frame", |b| {
        b.iter(|| {
            at += std::time::Duration::from_millis(100);
            live.observe(&frame, at).expect("runs")
        })
    });

    let mut rng = generate::rng(2);
    let page = generate::document(&mut rng, 1000);
    let mut photo = generate::background(&mut rng, 1400, 1050);
    generate::paste(&mut photo, &page, 200, 170);
    let twelve = imageops::resize(&photo, 4032, 3024, imageops::FilterType::Triangle);
    let sent = imageops::resize(&photo, 1920, 1440, imageops::FilterType::Triangle);
    group.sample_size(10);
    group.bench_function("document checks, 12 MP (4032x3024)", |b| {
        b.iter(|| assess_document(&twelve, Subject::IdDocument))
    });
    group.bench_function("document checks, 1920x1440", |b| b.iter(|| assess_document(&sent, Subject::IdDocument)));

    // Reading a passport photographed in perspective at 12 MP: corners, straightening, the MRZ.
    let truth = generate::specimen(&mut rng);
    let passport = generate::passport_page(&mut rng, 1000, &truth);
    let ground = generate::Surface::DarkPlain.picture(&mut rng, 1600, 1200);
    let (scene, _) = generate::in_perspective(&mut rng, &ground, &passport);
    let scene = imageops::resize(&scene, 4032, 3024, imageops::FilterType::Triangle);
    let reader = kyc_vision::MrzReader::shared().expect("the model loads");
    let gray = kyc_vision::quality::luma(&scene);
    let never = std::sync::atomic::AtomicBool::new(false);
    // Holds when it has a zone's shape (the check digits are kyc-flow's; the bench reads what it measures below).
    let judge = |lines: &[String]| Some(lines.len() == 2 && lines.iter().all(|l| l.len() == 44));
    let read = || {
        let quad = kyc_vision::find_in(&gray).expect("found");
        let page = kyc_vision::straighten(&gray, &quad).map(|(_, page)| page);
        reader.read(&gray, page.as_ref(), &never, &judge).expect("read").lines
    };
    assert_eq!(read(), truth.lines, "the bench reads what it measures");
    group.bench_function("corners, straightening and MRZ, 12 MP (4032x3024)", |b| b.iter(read));
    group.bench_function("corners only, 12 MP", |b| b.iter(|| kyc_vision::find_document(&scene)));

    // The reader's worst 12 MP inputs, as `kyc read-document` takes them (outline, straightening,
    // zones, at most MAX_RUNS network runs): a page of stripes shaped like zone lines whose
    // check digits fail, a page of dense print without a zone (scikit-image's text photo tiled),
    // and a real specimen passport held open (PassportEye's Latvian specimen) scaled up.
    let striped = imageops::resize(&generate::striped_page(), 4032, 3024, imageops::FilterType::Triangle);
    let text = generate::load("text.png");
    let mut dense = image::RgbImage::new(4032, 3024);
    for y in (0..3024).step_by(text.height() as usize) {
        for x in (0..4032).step_by(text.width() as usize) {
            imageops::overlay(&mut dense, &text, i64::from(x), i64::from(y));
        }
    }
    let real =
        image::open(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/real/documents/0_pass-lva.jpg")).expect("committed");
    let open_passport = imageops::resize(&real.to_rgb8(), 4032, 3024, imageops::FilterType::Triangle);
    let holds = |lines: &[String]| generate::zone_holds(lines);
    for (name, photo) in [("striped page", &striped), ("dense print", &dense), ("open passport", &open_passport)] {
        let gray = kyc_vision::quality::luma(photo);
        let read = || {
            let page = kyc_vision::find_in(&gray).and_then(|q| kyc_vision::straighten(&gray, &q)).map(|(_, p)| p);
            reader.read(&gray, page.as_ref(), &never, &holds).expect("read")
        };
        println!("{name}: {} network runs", read().runs);
        group.bench_function(format!("MRZ worst case, {name}, 12 MP"), |b| b.iter(read));
    }
    group.finish();
}

criterion_group!(vision, benches);
criterion_main!(vision);
