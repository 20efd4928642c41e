//! The demo photos every other test and `kyc submit` use (examples/submit, drawn by
//! kyc-cli's make_demo_images) pass the gate: a drawn card filling the frame, a white bill,
//! a cartoon face that the real detector finds.

use kyc_vision::{assess_document, assess_selfie, FaceDetector, Subject};

fn load(name: &str) -> image::RgbImage {
    let path = format!("{}/../../examples/submit/{name}", env!("CARGO_MANIFEST_DIR"));
    image::open(&path).unwrap_or_else(|e| panic!("{path}: {e}")).to_rgb8()
}

#[test]
fn the_demo_photos_pass_their_checks() {
    assert_eq!(assess_document(&load("id-front.png"), Subject::IdDocument).findings, []);
    assert_eq!(assess_document(&load("address-proof.png"), Subject::ProofOfAddress).findings, []);
    let selfie = assess_selfie(&load("selfie.jpg"), &FaceDetector::new().expect("the model loads")).expect("runs");
    assert_eq!((selfie.faces.len(), selfie.findings), (1, vec![]));
}
