//! Thin command shims: unpack state, call a crate, map the error.

pub mod camera;

use kyc_flow::{CountryName, Form, Overview, Screen, Step};
use serde::Serialize;
use tauri::ipc::{Channel, InvokeBody, Request, Response};
use tauri::State;

use crate::error::AppError;
use crate::state::{Api, Camera, Photos};

/// What the start screen shows about the setup.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppInfo {
    /// True when the app runs its own sandbox (a badge says so).
    pub sandbox: bool,
    pub api: String,
    /// Which camera the selfie screen uses, in words.
    pub camera: String,
}

#[tauri::command]
pub fn app_info(api: State<'_, Api>, camera: State<'_, Camera>) -> AppInfo {
    let camera = match &camera.choice {
        Ok(choice) => choice.describe(),
        Err(problem) => problem.clone(),
    };
    AppInfo { sandbox: api.sandbox, api: api.client().config().base_url.clone(), camera }
}

/// Where the person stands, from the server: which screen to open, and the forms as held.
#[tauri::command]
pub async fn overview(api: State<'_, Api>) -> Result<Overview, AppError> {
    Ok(kyc_flow::overview(&api.client().get_profile().await?))
}

/// The UI's language (a BCP 47 tag), sent as `Accept-Language` from now on.
#[tauri::command]
pub fn set_language(api: State<'_, Api>, language: String) -> Result<(), AppError> {
    let valid = !language.is_empty()
        && language.len() <= 35
        && language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !valid {
        return Err(AppError::Internal { message: format!("\"{language}\" is not a language tag") });
    }
    api.set_language(&language);
    Ok(())
}

#[tauri::command]
pub fn countries() -> Vec<CountryName> {
    kyc_flow::countries()
}

/// The photo of a document screen, as raw bytes (header `kyc-screen` names the
/// screen). Answers the prepared JPEG so the page shows exactly what will be sent.
#[tauri::command]
pub async fn prepare_photo(request: Request<'_>, photos: State<'_, Photos>) -> Result<Response, AppError> {
    let screen = match request.headers().get("kyc-screen").and_then(|v| v.to_str().ok()) {
        Some("personal_details") => Screen::PersonalDetails,
        Some("address") => Screen::Address,
        _ => return Err(AppError::Internal { message: "prepare_photo needs the kyc-screen header".into() }),
    };
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::Internal { message: "prepare_photo takes the file's bytes".into() });
    };
    let bytes = bytes.clone();
    let document_type = screen.document_type().unwrap_or(kyc_core::DocumentType::IdProofFront);
    let prepared = tauri::async_runtime::spawn_blocking(move || kyc_send::prepare_for(&document_type, &bytes))
        .await
        .map_err(|e| AppError::Internal { message: e.to_string() })??;
    let preview = prepared.bytes.clone();
    photos.put(screen, prepared);
    Ok(Response::new(preview))
}

/// Sends one screen: validate, then upload its photo, update the profile, read back
/// and verify, telling `steps` as each step starts. The photo stays until it is sent.
#[tauri::command]
pub async fn send(
    api: State<'_, Api>,
    photos: State<'_, Photos>,
    form: Form,
    steps: Channel<Step>,
) -> Result<Overview, AppError> {
    let screen = form.screen();
    let _ = steps.send(Step::Validate);
    let (fields, address) = form.validate(today()).map_err(|errors| AppError::Invalid { errors })?;
    let photo = photos.get(screen).ok_or(AppError::NoPhoto { screen })?;
    let sent = kyc_send::send_screen_reporting(&api.client(), &photo, &fields, address.as_ref(), |step| {
        // A closed page only loses the progress display, never the send.
        let _ = steps.send(step);
    })
    .await?;
    photos.remove(screen);
    Ok(kyc_flow::overview(&sent.profile))
}

/// The shell is where the clock is read; the flow gets the date passed in.
fn today() -> kyc_flow::Date {
    time::OffsetDateTime::now_utc().date()
}
