fn main() {
    let detector = kyc_vision::FaceDetector::new().unwrap();
    for path in std::env::args().skip(1) {
        let image = image::open(&path).unwrap().to_rgb8();
        let t = std::time::Instant::now();
        let faces = detector.detect(&image).unwrap();
        let a = kyc_vision::assess_selfie(&image, &detector).unwrap();
        let d = kyc_vision::assess_document(&image, kyc_vision::Subject::IdDocument);
        println!(
            "{path}: {:?} {:?} faces {:?}\n   selfie {:?} sharp {}\n   doc {:?} sharp {} region {:?}",
            image.dimensions(),
            t.elapsed(),
            faces,
            a.findings.iter().map(|f| f.problem).collect::<Vec<_>>(),
            a.sharpness,
            d.findings.iter().map(|f| (f.problem, f.value)).collect::<Vec<_>>(),
            d.sharpness,
            d.region
        );
    }
}
