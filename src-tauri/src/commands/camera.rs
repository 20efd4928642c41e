//! The selfie camera: a preview streamed to the page as raw JPEG frames over a
//! Channel, and a still through the imaging pipeline.

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
/// bytes, or one JSON `AppError` when the camera fails (after which nothing more comes).
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
    std::thread::Builder::new()
        .name("kyc-preview-pump".into())
        .spawn(move || forward(&preview, &frames))
        .map_err(|e| AppError::Internal { message: e.to_string() })?;
    Ok(CameraStarted { camera: described, width: format.width, height: format.height })
}

/// Frames go to the page until it stops listening or the camera fails; a failure is told as one JSON `AppError`.
fn forward(preview: &kyc_camera::Preview, frames: &Channel<InvokeResponseBody>) {
    let failed = preview.forward(kyc_app::FRAME_WAIT, |jpeg| frames.send(InvokeResponseBody::Raw(jpeg)).is_ok());
    if let Some(json) = failed.and_then(|error| serde_json::to_string(&AppError::from(error)).ok()) {
        let _ = frames.send(InvokeResponseBody::Json(json));
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
