//! Photos on their way into the draft: a chosen file prepared for its document, and
//! the selfie camera — opened only after consent — and its still.

use std::sync::Arc;
use std::time::Duration;

use kyc_camera::{CameraError, Choice, Preview, PreviewOptions, StreamRequest};
use kyc_flow::Screen;

use crate::{AppError, CameraCode, Vault};

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

/// Prepares the file the person chose for `screen` (off the async threads) and holds it
/// in the draft under a new upload key. Answers the prepared JPEG, to show what will be sent.
pub async fn prepare_photo(vault: &Vault, screen: Screen, bytes: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let document_type = screen.document_type().ok_or(AppError::NoPhoto { screen })?;
    let prepared = blocking(move || kyc_send::prepare_for(&document_type, &bytes)).await??;
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
    let prepared = blocking(move || {
        let still = preview.capture_prepared(STILL_WAIT, &kyc_imaging::Options::selfie());
        preview.close();
        still
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
    let prepared = blocking(move || kyc_imaging::prepare(&bytes, &kyc_imaging::Options::selfie()))
        .await?
        .map_err(|e| AppError::Image { code: (&e).into(), message: e.to_string() })?;
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

    /// A 1920×1080 camera still as a phone's webview gives it, with an EXIF block after SOI.
    fn still_with_exif() -> Vec<u8> {
        let image = image::RgbImage::from_fn(1920, 1080, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
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
        let refused = block_on(webview_still(&vault, still_with_exif())).unwrap_err();
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
        let input = still_with_exif();
        assert!(input.windows(4).any(|w| w == b"Exif"), "the input has metadata");
        let jpeg = block_on(webview_still(&vault, input)).unwrap();
        let image = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((image.width(), image.height()), (1280, 720), "fitted as a selfie");
        assert!(!jpeg.windows(4).any(|w| w == b"Exif"), "no metadata leaves");
        let held = vault.photo(Screen::Selfie).expect("kept in the draft");
        assert_eq!(held.file.decode().unwrap(), jpeg, "the draft holds exactly what was shown");
    }

    #[test]
    fn a_webview_still_that_is_not_an_image_says_so() {
        let (vault, _dir) = vault();
        consent(&vault);
        let refused = block_on(webview_still(&vault, b"not a picture".to_vec())).unwrap_err();
        assert!(matches!(refused, AppError::Image { .. }), "{refused:?}");
        assert!(vault.photo(Screen::Selfie).is_none());
    }
}
