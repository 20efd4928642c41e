//! The document photo uploaded whole (the default) or straightened, and either read back.

use kyc_core::DocumentType;
use kyc_send::{prepare_checked, read_document, DocumentUpload};

fn passport() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/submit/passport.jpg")).unwrap()
}

fn pixels(prepared: &kyc_imaging::Prepared) -> image::RgbImage {
    image::load_from_memory(&prepared.bytes).unwrap().to_rgb8()
}

#[test]
fn a_passport_photo_is_sent_whole_by_default_and_straightened_when_asked_and_reads_the_same_either_way() {
    let photo = passport();
    let (whole, assessment) = prepare_checked(&DocumentType::IdProofFront, &photo, DocumentUpload::Whole).unwrap();
    let (straightened, _) = prepare_checked(&DocumentType::IdProofFront, &photo, DocumentUpload::Straightened).unwrap();
    assert!(assessment.outline.is_some(), "the page's outline is found");
    let probe = image::load_from_memory(&photo).unwrap();
    assert_eq!(whole.width, probe.width().min(1920), "the whole photo");
    assert_eq!((straightened.width, straightened.height), (1000, 704), "the page alone, at a TD3 page's proportions");
    assert!(assessment.region.is_some_and(|r| r.touches == [false; 4] && r.share > 0.2), "{:?}", assessment.region);

    let read_whole = read_document(&pixels(&whole)).unwrap();
    let read_straightened = read_document(&pixels(&straightened)).unwrap();
    assert!(read_whole.fields.is_some(), "{read_whole:?}");
    assert_eq!(read_straightened.fields, read_whole.fields, "the straightened page reads as the whole photo");
    assert_eq!(read_straightened.corners, Some([(0.0, 0.0), (1000.0, 0.0), (1000.0, 704.0), (0.0, 704.0)]));
    assert_ne!(read_whole.corners, read_straightened.corners);
}

#[test]
fn a_selfie_is_never_straightened_and_a_photo_without_an_outline_is_sent_whole() {
    let selfie = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/submit/selfie.jpg")).unwrap();
    let (sent, assessment) =
        prepare_checked(&DocumentType::IdProofLive, &selfie, DocumentUpload::Straightened).unwrap();
    let (whole, _) = prepare_checked(&DocumentType::IdProofLive, &selfie, DocumentUpload::Whole).unwrap();
    assert_eq!(assessment.outline, None);
    assert_eq!(sent.bytes, whole.bytes);
    // A flat grey picture has no document in it: whole, and a reading that says so.
    let mut grey = Vec::new();
    image::RgbImage::from_pixel(1600, 1200, image::Rgb([90, 90, 90]))
        .write_to(&mut std::io::Cursor::new(&mut grey), image::ImageFormat::Png)
        .unwrap();
    let (sent, assessment) = prepare_checked(&DocumentType::AddressProof, &grey, DocumentUpload::Straightened).unwrap();
    assert_eq!((assessment.outline, sent.width, sent.height), (None, 1600, 1200));
    assert_eq!(read_document(&pixels(&sent)).unwrap().problem, Some(kyc_flow::ZoneProblem::NoDocument));
}

#[test]
fn the_setting_is_whole_or_straightened_and_anything_else_says_what_to_write() {
    assert_eq!("whole".parse(), Ok(DocumentUpload::Whole));
    assert_eq!("straightened".parse(), Ok(DocumentUpload::Straightened));
    assert_eq!(DocumentUpload::default(), DocumentUpload::Whole);
    let error = "crop".parse::<DocumentUpload>().unwrap_err();
    assert!(error.contains("\"crop\"") && error.contains("whole or straightened"), "{error}");
}
