//! The selfie camera: a preview streamed to the page as raw JPEG frames over a
//! Channel, with the live face check's guidance on the same Channel as JSON, and a still
//! through the imaging pipeline.

use kyc_app::{AppError, Deferred};
use serde::Serialize;
use tauri::ipc::{Channel, InvokeResponseBody, Response};
use tauri::State;

use crate::state::{Camera, Vault};

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CameraStarted {
    /// Which camera, in words.
    pub camera: String,
    pub width: u32,
    pub height: u32,
}

/// Opens the camera (after consent) and streams preview frames to `frames`: raw JPEG
/// bytes; about 15 times a second a JSON `kyc_vision::Live` (the guidance, and whether to
/// take the photo now); or one JSON `AppError` when the camera fails (after which nothing
/// more comes).
#[tauri::command]
pub async fn camera_start(
    camera: State<'_, Camera>,
    vault: State<'_, Deferred<Vault>>,
    frames: Channel<InvokeResponseBody>,
) -> Result<CameraStarted, AppError> {
    let preview = kyc_app::open_camera(&camera.choice, &*vault.get().await?).await?;
    let format = preview.format();
    let described = camera.choice.as_ref().map(kyc_camera::Choice::describe).unwrap_or_default();
    if let Some(previous) = camera.running().replace(preview.clone()) {
        previous.close();
    }
    let spawn = |name: &str, work: Box<dyn FnOnce() + Send>| {
        std::thread::Builder::new()
            .name(name.into())
            .spawn(work)
            .map_err(|e| AppError::Internal { message: e.to_string() })
    };
    let (checked, told) = (preview.clone(), frames.clone());
    spawn("kyc-preview-pump", Box::new(move || forward(&preview, &frames)))?;
    spawn("kyc-preview-check", Box::new(move || check(&checked, &told)))?;
    Ok(CameraStarted { camera: described, width: format.width, height: format.height })
}

/// Frames go to the page until it stops listening or the camera fails; a failure is told as one JSON `AppError`.
fn forward(preview: &kyc_camera::Preview, frames: &Channel<InvokeResponseBody>) {
    let failed = preview.forward(kyc_app::FRAME_WAIT, |jpeg| frames.send(InvokeResponseBody::Raw(jpeg)).is_ok());
    if let Some(json) = failed.and_then(|error| serde_json::to_string(&AppError::from(error)).ok()) {
        let _ = frames.send(InvokeResponseBody::Json(json));
    }
}

/// The live check's results go to the page as JSON until it stops listening or the preview
/// ends. Should the check itself fail, the preview goes on without guidance (the capture
/// button is always there) and the log says so.
fn check(preview: &kyc_camera::Preview, frames: &Channel<InvokeResponseBody>) {
    let told = kyc_app::watch_preview(preview, |live| {
        serde_json::to_string(&live).is_ok_and(|json| frames.send(InvokeResponseBody::Json(json)).is_ok())
    });
    if let Err(error) = told {
        tracing::warn!(?error, "the selfie preview's live check stopped");
    }
}

/// Takes a still at the camera's full resolution, prepares it as the selfie, stops
/// the preview and answers the prepared JPEG for the page to show before confirming.
#[tauri::command]
pub async fn camera_capture(
    camera: State<'_, Camera>,
    vault: State<'_, Deferred<Vault>>,
) -> Result<Response, AppError> {
    let vault = vault.get().await?;
    let preview = camera.running().take();
    Ok(Response::new(kyc_app::capture_selfie(preview, &vault).await?))
}

/// Stops the preview (leaving the screen, or the window losing it).
#[tauri::command]
pub fn camera_stop(camera: State<'_, Camera>) {
    if let Some(preview) = camera.running().take() {
        preview.close();
    }
}
