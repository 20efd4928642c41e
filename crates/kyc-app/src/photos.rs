//! Photos on their way into the draft: a chosen file prepared for its document, and
//! the selfie camera — opened only after consent — and its still.

use std::sync::Arc;
use std::time::Duration;

use kyc_camera::{CameraError, Choice, Preview, PreviewOptions, StreamRequest};
use kyc_flow::Screen;

use crate::{AppError, CameraCode, DocumentUpload, Vault};

/// How long a preview frame may take before the preview is reported stalled.
pub const FRAME_WAIT: Duration = Duration::from_secs(3);
const STILL_WAIT: Duration = Duration::from_secs(5);

/// The screen a chosen file is for, by its wire name: only the two with a document photo.
pub fn document_screen(name: Option<&str>) -> Result<Screen, AppError> {
    match name {
        Some("personal_details") => Ok(Screen::PersonalDetails),
        Some("address") => Ok(Screen::Address),
        _ => Err(AppError::Internal { message: "a photo needs its screen: personal_details or address".into() }),
    }
}

/// Which try at a screen's photo this is (1 for the first), and whether the person has said
/// to keep it despite the warnings they were shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub number: u32,
    pub accept_warnings: bool,
}

impl Attempt {
    pub const FIRST: Attempt = Attempt { number: 1, accept_warnings: false };
}

/// The quality gate's decision on a checked photo: kept, or refused with what to do.
fn gate(findings: &[kyc_vision::Finding], attempt: Attempt) -> Result<(), AppError> {
    let refuse = |findings, can_accept| AppError::Quality { findings, can_accept };
    match kyc_vision::verdict(findings, attempt.number) {
        kyc_vision::Verdict::Pass => Ok(()),
        kyc_vision::Verdict::Blocked(findings) => Err(refuse(findings, false)),
        kyc_vision::Verdict::Warned(_) if attempt.accept_warnings => Ok(()),
        kyc_vision::Verdict::Warned(findings) => Err(refuse(findings, true)),
    }
}

/// The selfie's face check on a prepared still: refused unless it shows exactly one face.
/// (Framing, light and sharpness are the live preview's guidance to get right; a still is not
/// refused for them.)
fn check_selfie(prepared: &kyc_imaging::Prepared) -> Result<(), AppError> {
    let pixels = image::load_from_memory(&prepared.bytes)
        .map_err(|e| AppError::Internal { message: format!("the prepared selfie cannot be read back: {e}") })?
        .to_rgb8();
    let assessment = kyc_vision::FaceDetector::shared()
        .and_then(|faces| kyc_vision::assess_selfie(&pixels, faces))
        .map_err(|e| AppError::Internal { message: e.to_string() })?;
    gate(&assessment.findings, Attempt { number: u32::MAX, accept_warnings: true })
}

/// Prepares the file the person chose for `screen` (off the async threads), checks it with
/// the quality gate, and holds it in the draft under a new upload key if it passes (or the
/// person accepted its warnings): the whole photo, or the document straightened as `upload`
/// says. Answers the prepared JPEG, to show what will be sent. A refused photo leaves the one
/// held before in place.
pub async fn prepare_photo(
    vault: &Vault,
    screen: Screen,
    bytes: Vec<u8>,
    attempt: Attempt,
    upload: DocumentUpload,
) -> Result<Vec<u8>, AppError> {
    let document_type = screen.document_type().ok_or(AppError::NoPhoto { screen })?;
    let (prepared, assessment) = blocking(move || kyc_send::prepare_checked(&document_type, &bytes, upload)).await??;
    gate(&assessment.findings, attempt)?;
    vault.put_photo(screen, &prepared)?;
    Ok(prepared.bytes)
}

/// Opens the configured camera for the selfie preview, once the person has consented.
pub async fn open_camera(choice: &Result<Choice, String>, vault: &Vault) -> Result<Arc<Preview>, AppError> {
    // The camera does not open before the person has read and accepted what is collected.
    vault.consent().ok_or(AppError::NoConsent)?;
    let choice = choice.clone().map_err(|message| AppError::Camera { code: CameraCode::Configuration, message })?;
    let opened = blocking(move || -> Result<Preview, CameraError> {
        let source = choice.source()?;
        let request = StreamRequest { width: 640, height: 480, fps: 30, frame_timeout: FRAME_WAIT };
        choice.open(source.as_ref(), request, PreviewOptions::default())
    })
    .await??;
    Ok(Arc::new(opened))
}

/// Takes a still at the camera's full resolution, prepares it as the selfie, stops the
/// preview and holds the selfie in the draft. Answers the prepared JPEG.
pub async fn capture_selfie(preview: Option<Arc<Preview>>, vault: &Vault) -> Result<Vec<u8>, AppError> {
    let preview =
        preview.ok_or(AppError::Camera { code: CameraCode::Closed, message: CameraError::Closed.to_string() })?;
    let prepared = blocking(move || -> Result<kyc_imaging::Prepared, AppError> {
        let still = preview.capture_prepared(STILL_WAIT, &kyc_imaging::Options::selfie());
        preview.close();
        let still = still?;
        check_selfie(&still)?;
        Ok(still)
    })
    .await??;
    vault.put_photo(Screen::Selfie, &prepared)?;
    Ok(prepared.bytes)
}

/// A still from the phone's own camera, taken on the page (`getUserMedia`): on Android and
/// iOS, where nokhwa has no backend, the webview is the camera. Same rules as the desktop
/// camera: refused before consent, prepared as the selfie (at most 1280 px, nothing but
/// pixels) off the async threads, and held in the draft. Answers the prepared JPEG.
pub async fn webview_still(vault: &Vault, bytes: Vec<u8>) -> Result<Vec<u8>, AppError> {
    vault.consent().ok_or(AppError::NoConsent)?;
    let prepared = blocking(move || -> Result<kyc_imaging::Prepared, AppError> {
        let still = kyc_imaging::prepare(&bytes, &kyc_imaging::Options::selfie())
            .map_err(|e| AppError::Image { code: (&e).into(), message: e.to_string() })?;
        check_selfie(&still)?;
        Ok(still)
    })
    .await??;
    vault.put_photo(Screen::Selfie, &prepared)?;
    Ok(prepared.bytes)
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Internal { message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
    }

    struct Dir(std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A vault in a fresh folder, with a keychain that is not there (the draft stays in memory).
    fn vault() -> (Vault, Dir) {
        let dir = std::env::temp_dir().join(format!(
            "kyc-app-still-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let keychain = kyc_vault::Keychain::choose("kyc-app-test", Err("no keychain in this test".into()));
        (Vault::open(&dir, &keychain), Dir(dir))
    }

    /// A 1920×1080 camera still as a phone's webview gives it, with an EXIF block after SOI:
    /// the demo selfie's face (examples/submit) in the middle of a plain background, or
    /// without a face.
    fn still_with_exif(with_face: bool) -> Vec<u8> {
        let mut image = image::RgbImage::from_fn(1920, 1080, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
        if with_face {
            let face = image::load_from_memory(&demo("selfie.jpg")).unwrap().to_rgb8();
            let face = image::imageops::resize(&face, 720, 960, image::imageops::FilterType::Triangle);
            image::imageops::overlay(&mut image, &face, 600, 60);
        }
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&image).unwrap();
        let exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0GPS-and-serial-would-be-here";
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        segment.extend_from_slice(exif);
        jpeg.splice(2..2, segment);
        jpeg
    }

    #[test]
    fn a_webview_still_is_refused_before_consent_and_nothing_is_kept() {
        let (vault, _dir) = vault();
        let refused = block_on(webview_still(&vault, still_with_exif(true))).unwrap_err();
        assert!(matches!(refused, AppError::NoConsent), "{refused:?}");
        assert!(vault.photo(Screen::Selfie).is_none());
    }

    /// The person accepted the consent text.
    fn consent(vault: &Vault) {
        vault
            .record_consent(&kyc_flow::Consent {
                version: kyc_flow::CONSENT_VERSION.into(),
                given_at: "2026-12-01T00:00:00Z".into(),
            })
            .unwrap();
    }

    #[test]
    fn a_webview_still_becomes_the_selfie_fitted_and_stripped_and_is_kept() {
        let (vault, _dir) = vault();
        consent(&vault);
        let input = still_with_exif(true);
        assert!(input.windows(4).any(|w| w == b"Exif"), "the input has metadata");
        let jpeg = block_on(webview_still(&vault, input)).unwrap();
        let image = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((image.width(), image.height()), (1280, 720), "fitted as a selfie");
        assert!(!jpeg.windows(4).any(|w| w == b"Exif"), "no metadata leaves");
        let held = vault.photo(Screen::Selfie).expect("kept in the draft");
        assert_eq!(held.file.decode().unwrap(), jpeg, "the draft holds exactly what was shown");
    }

    #[test]
    fn a_webview_still_without_a_face_is_refused_and_nothing_is_kept() {
        let (vault, _dir) = vault();
        consent(&vault);
        match block_on(webview_still(&vault, still_with_exif(false))) {
            Err(AppError::Quality { findings, can_accept: false }) => {
                assert_eq!(findings[0].problem, kyc_vision::Problem::NoFace)
            }
            other => panic!("{other:?}"),
        }
        assert!(vault.photo(Screen::Selfie).is_none());
    }

    #[test]
    fn a_webview_still_that_is_not_an_image_says_so() {
        let (vault, _dir) = vault();
        consent(&vault);
        let refused = block_on(webview_still(&vault, b"not a picture".to_vec())).unwrap_err();
        assert!(matches!(refused, AppError::Image { .. }), "{refused:?}");
        assert!(vault.photo(Screen::Selfie).is_none());
    }

    /// The page's small camera frames go through the same live check as the desktop's: not
    /// before consent; the demo selfie's face is found and guided; a new preview starts again.
    #[test]
    fn the_page_camera_frames_are_checked_after_consent_and_a_new_preview_starts_again() {
        let (vault, _dir) = vault();
        let face = image::load_from_memory(&demo("selfie.jpg")).unwrap().resize(320, 320, image::imageops::Triangle);
        let frame = |at_ms, first| crate::PageFrame {
            width: face.width(),
            height: face.height(),
            at_ms,
            first,
            rgba: face.to_rgba8().into_raw(),
        };
        let live = crate::PageLive::default();
        assert!(matches!(block_on(live.check(&vault, frame(0, true))), Err(AppError::NoConsent)));
        consent(&vault);
        let mut taken = Vec::new();
        for i in 0..8 {
            let checked = block_on(live.check(&vault, frame(i * 100, i == 0))).unwrap();
            assert!(checked.face.is_some(), "the face is found in the page's frame");
            taken.push(checked.capture);
        }
        // Steady from the second frame (100 ms): taken at 600 ms, once.
        assert_eq!(taken, [false, false, false, false, false, false, true, false]);
        let again = block_on(live.check(&vault, frame(0, true))).unwrap();
        assert_eq!((again.guidance, again.capture), (kyc_vision::Guidance::HoldStill, false), "a new preview");
    }

    fn demo(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../../examples/submit/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The demo ID card, blurred (σ = 3): the gate's finding `blurred`.
    fn blurred_id() -> Vec<u8> {
        let image = image::load_from_memory(&demo("id-front.png")).unwrap().to_rgb8();
        let mut png = Vec::new();
        image::imageops::blur(&image, 3.0)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    }

    #[test]
    fn a_blurred_document_is_refused_twice_then_kept_only_if_the_person_accepts() {
        let (vault, _dir) = vault();
        let good = block_on(prepare_photo(
            &vault,
            Screen::PersonalDetails,
            demo("id-front.png"),
            Attempt::FIRST,
            DocumentUpload::Whole,
        ))
        .unwrap();
        let try_number = |number, accept_warnings| {
            block_on(prepare_photo(
                &vault,
                Screen::PersonalDetails,
                blurred_id(),
                Attempt { number, accept_warnings },
                DocumentUpload::Whole,
            ))
        };
        for number in [1, 2] {
            match try_number(number, true) {
                Err(AppError::Quality { findings, can_accept: false }) => {
                    assert_eq!(findings[0].problem, kyc_vision::Problem::Blurred);
                    assert!(findings[0].value < findings[0].limit);
                }
                other => panic!("attempt {number}: {other:?}"),
            }
            let held = vault.photo(Screen::PersonalDetails).expect("the good photo stays");
            assert_eq!(held.file.decode().unwrap(), good, "a refused photo never replaces a kept one");
        }
        assert!(matches!(try_number(3, false), Err(AppError::Quality { can_accept: true, .. })));
        assert_eq!(vault.photo(Screen::PersonalDetails).unwrap().file.decode().unwrap(), good);
        let kept = try_number(3, true).expect("kept once the person accepts");
        assert_eq!(vault.photo(Screen::PersonalDetails).unwrap().file.decode().unwrap(), kept);
    }

    #[test]
    fn a_white_bill_passes() {
        let (vault, _dir) = vault();
        assert!(block_on(prepare_photo(
            &vault,
            Screen::Address,
            demo("address-proof.png"),
            Attempt::FIRST,
            DocumentUpload::Whole
        ))
        .is_ok());
    }
}
