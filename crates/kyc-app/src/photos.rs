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

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Internal { message: e.to_string() })
}
