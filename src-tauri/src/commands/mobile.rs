//! The phone's camera, through the page: on Android and iOS nokhwa has no backend, so the
//! selfie preview is the webview's own (`getUserMedia`) and its still comes here as raw bytes.
//! This command exists only in phone builds (and only their capability grants it): on the
//! desktop a selfie comes from the camera in Rust, never from the page.

use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

use crate::state::Vault;
use kyc_app::{AppError, Deferred, PageFrame, PageLive};

/// A still the page took from the phone's camera (raw JPEG or PNG bytes): prepared as the
/// selfie and held in the draft, after consent only. Answers the prepared JPEG.
#[tauri::command]
pub async fn webview_still(request: Request<'_>, vault: State<'_, Deferred<Vault>>) -> Result<Response, AppError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::Internal { message: "webview_still takes the still's bytes".into() });
    };
    Ok(Response::new(kyc_app::webview_still(&*vault.get().await?, bytes.clone()).await?))
}

/// A small frame from the page's camera preview (raw RGBA; headers `kyc-width`, `kyc-height`,
/// `kyc-at` in milliseconds, `kyc-first` on a new preview's first frame), through the same
/// live check as the desktop camera's frames. Answers its `kyc_vision::Live`.
#[tauri::command]
pub async fn webview_frame(
    request: Request<'_>,
    vault: State<'_, Deferred<Vault>>,
    live: State<'_, PageLive>,
) -> Result<kyc_app::Live, AppError> {
    let InvokeBody::Raw(rgba) = request.body() else {
        return Err(AppError::Internal { message: "webview_frame takes the frame's RGBA bytes".into() });
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let frame = PageFrame {
        width: header("kyc-width").parse().unwrap_or(0),
        height: header("kyc-height").parse().unwrap_or(0),
        at_ms: header("kyc-at").parse().unwrap_or(0),
        first: header("kyc-first") == "1",
        rgba: rgba.clone(),
    };
    live.check(&*vault.get().await?, frame).await
}
