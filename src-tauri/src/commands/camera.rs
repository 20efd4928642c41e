//! The selfie camera: a preview streamed to the page as raw JPEG frames over a
//! Channel, and a still through the imaging pipeline.

use std::sync::Arc;
use std::time::Duration;

use kyc_camera::{CameraError, Preview, PreviewOptions, StreamRequest};
use kyc_flow::Screen;
use serde::Serialize;
use tauri::ipc::{Channel, InvokeResponseBody, Response};
use tauri::State;

use kyc_app::AppError;

use crate::state::{Camera, Vault};

/// How long a frame may take before the preview is reported stalled.
const FRAME_WAIT: Duration = Duration::from_secs(3);
const STILL_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CameraStarted {
    /// Which camera, in words.
    pub camera: String,
    pub width: u32,
    pub height: u32,
}

/// Opens the camera and streams preview frames to `frames`: raw JPEG bytes, or
/// one JSON `AppError` when the camera fails (after which nothing more comes).
#[tauri::command]
pub async fn camera_start(
    camera: State<'_, Camera>,
    vault: State<'_, Vault>,
    frames: Channel<InvokeResponseBody>,
) -> Result<CameraStarted, AppError> {
    // The camera does not open before the person has read and accepted what is collected.
    vault.consent().ok_or(AppError::NoConsent)?;
    let choice = camera.choice.clone().map_err(|message| AppError::Camera { code: "configuration", message })?;
    let opened = tauri::async_runtime::spawn_blocking({
        let choice = choice.clone();
        move || -> Result<Preview, CameraError> {
            let source = choice.source()?;
            let request = StreamRequest { width: 640, height: 480, fps: 30, frame_timeout: FRAME_WAIT };
            choice.open(source.as_ref(), request, PreviewOptions::default())
        }
    })
    .await
    .map_err(|e| AppError::Internal { message: e.to_string() })??;
    let preview = Arc::new(opened);
    let format = preview.format();
    if let Some(previous) = camera.running().replace(preview.clone()) {
        previous.close();
    }
    // Frames go to the page until it stops listening or the camera fails; a failure is told as one JSON `AppError`.
    std::thread::Builder::new()
        .name("kyc-preview-pump".into())
        .spawn(move || {
            let failed = preview.forward(FRAME_WAIT, |jpeg| frames.send(InvokeResponseBody::Raw(jpeg)).is_ok());
            if let Some(json) = failed.and_then(|error| serde_json::to_string(&AppError::from(error)).ok()) {
                let _ = frames.send(InvokeResponseBody::Json(json));
            }
        })
        .map_err(|e| AppError::Internal { message: e.to_string() })?;
    Ok(CameraStarted { camera: choice.describe(), width: format.width, height: format.height })
}

/// Takes a still at the camera's full resolution, prepares it as the selfie, stops
/// the preview and answers the prepared JPEG for the page to show before confirming.
#[tauri::command]
pub async fn camera_capture(camera: State<'_, Camera>, vault: State<'_, Vault>) -> Result<Response, AppError> {
    let preview =
        camera.running().take().ok_or(AppError::Camera { code: "closed", message: CameraError::Closed.to_string() })?;
    let prepared = tauri::async_runtime::spawn_blocking(move || {
        let still = preview.capture_prepared(STILL_WAIT, &kyc_imaging::Options::selfie());
        preview.close();
        still
    })
    .await
    .map_err(|e| AppError::Internal { message: e.to_string() })??;
    vault.put_photo(Screen::Selfie, &prepared)?;
    Ok(Response::new(prepared.bytes))
}

/// Stops the preview (leaving the screen, or the window losing it).
#[tauri::command]
pub fn camera_stop(camera: State<'_, Camera>) {
    if let Some(preview) = camera.running().take() {
        preview.close();
    }
}
