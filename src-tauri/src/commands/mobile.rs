//! The phone's camera, through the page: on Android and iOS nokhwa has no backend, so the
//! selfie preview is the webview's own (`getUserMedia`) and its still comes here as raw bytes.
//! This command exists only in phone builds (and only their capability grants it): on the
//! desktop a selfie comes from the camera in Rust, never from the page.

use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

use crate::state::Vault;
use kyc_app::{AppError, Deferred};

/// A still the page took from the phone's camera (raw JPEG or PNG bytes): prepared as the
/// selfie and held in the draft, after consent only. Answers the prepared JPEG.
#[tauri::command]
pub async fn webview_still(request: Request<'_>, vault: State<'_, Deferred<Vault>>) -> Result<Response, AppError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::Internal { message: "webview_still takes the still's bytes".into() });
    };
    Ok(Response::new(kyc_app::webview_still(&*vault.get().await?, bytes.clone()).await?))
}
