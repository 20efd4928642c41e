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
    group.finish();
}

criterion_group!(vision, benches);
criterion_main!(vision);
