//! Thin command shims: unpack state, call a crate, map the error.

pub mod camera;
#[cfg(mobile)]
pub mod mobile;

use kyc_flow::{Consent, CountryName, Form, Overview, Screen, Step};
use serde::Serialize;
use tauri::ipc::{Channel, InvokeBody, Request, Response};
use tauri::State;

use crate::state::{Api, Camera, Notice, Vault};
use kyc_app::{AppError, Deferred};

/// What the start screen shows about the setup.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppInfo {
    /// True when the app runs its own sandbox (a badge says so). The API's address is not
    /// given: the page has no use for it and must not be able to call it.
    pub sandbox: bool,
    /// Which camera the selfie screen uses, in words.
    pub camera: String,
    /// True in phone builds: the selfie camera is the page's own (`getUserMedia`), its still
    /// sent with `webview_still`. False on desktops, where the camera is in Rust.
    pub webview_camera: bool,
    /// What to tell the person about this device (no keychain, a discarded draft).
    pub notices: Vec<Notice>,
    /// The consent given for the current text, if it was.
    pub consent: Option<Consent>,
    /// The screens whose photo this device holds, not yet sent: the page fetches only these.
    pub photos: Vec<Screen>,
}

// Commands that touch the draft, the keychain, the disk or the API are `async`: Tauri runs
// synchronous commands on the main (UI) thread. The draft and the API are made while the
// window loads (`Deferred`): a command that needs one waits for it.

#[tauri::command]
pub async fn app_info(
    api: State<'_, Deferred<Api>>,
    camera: State<'_, Camera>,
    vault: State<'_, Deferred<Vault>>,
) -> Result<AppInfo, AppError> {
    let (api, vault) = (api.get().await?, vault.get().await?);
    let camera = match &camera.choice {
        Ok(choice) => choice.describe(),
        Err(problem) => problem.clone(),
    };
    let consent = vault.consent();
    let photos = vault.read(|draft| draft.photos.iter().map(|photo| photo.screen).collect());
    let webview_camera = cfg!(mobile);
    Ok(AppInfo { sandbox: api.sandbox, camera, webview_camera, notices: vault.notices.clone(), consent, photos })
}

/// Where the person stands, from the server: which screen to open, and the forms to
/// show (what they typed on this device and have not sent yet, else what the server holds).
#[tauri::command]
pub async fn overview(api: State<'_, Deferred<Api>>, vault: State<'_, Deferred<Vault>>) -> Result<Overview, AppError> {
    let (api, vault) = (api.get().await?, vault.get().await?);
    let overview = kyc_flow::overview(&api.client().get_profile().await?);
    Ok(vault.read(|draft| draft.apply(overview)))
}

/// Keeps what the person typed on a form, encrypted, so nothing is lost before it is sent.
#[tauri::command]
pub async fn save_form(vault: State<'_, Deferred<Vault>>, form: Form) -> Result<(), AppError> {
    vault.get().await?.update(|draft| draft.put_form(form))
}

/// The photo held for a screen (chosen or taken, not yet sent), as the prepared JPEG.
#[tauri::command]
pub async fn held_photo(vault: State<'_, Deferred<Vault>>, screen: Screen) -> Result<Response, AppError> {
    let photo = vault.get().await?.photo(screen).ok_or(AppError::NoPhoto { screen })?;
    let bytes = photo.file.decode().map_err(|e| AppError::Internal { message: e.to_string() })?;
    Ok(Response::new(bytes))
}

/// Forgets everything typed and taken on this device and not yet sent (the person asked).
#[tauri::command]
pub async fn discard_draft(vault: State<'_, Deferred<Vault>>) -> Result<(), AppError> {
    vault.get().await?.discard()
}

/// The person accepted the consent screen's current text: its version and the time are kept.
#[tauri::command]
pub async fn record_consent(vault: State<'_, Deferred<Vault>>) -> Result<Consent, AppError> {
    let given_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| AppError::Internal { message: e.to_string() })?;
    let consent = Consent { version: kyc_flow::CONSENT_VERSION.into(), given_at };
    vault.get().await?.record_consent(&consent)?;
    Ok(consent)
}

/// The UI's language (a BCP 47 tag), sent as `Accept-Language` from now on.
#[tauri::command]
pub async fn set_language(api: State<'_, Deferred<Api>>, language: String) -> Result<(), AppError> {
    let valid = !language.is_empty()
        && language.len() <= 35
        && language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !valid {
        return Err(AppError::Internal { message: format!("\"{language}\" is not a language tag") });
    }
    api.get().await?.set_language(&language);
    Ok(())
}

#[tauri::command]
pub fn countries() -> Vec<CountryName> {
    kyc_flow::countries()
}

/// The photo of a document screen, as raw bytes (header `kyc-screen` names the
/// screen). Answers the prepared JPEG so the page shows exactly what will be sent.
#[tauri::command]
pub async fn prepare_photo(
    request: Request<'_>,
    vault: State<'_, Deferred<Vault>>,
    upload: State<'_, kyc_app::DocumentUpload>,
) -> Result<Response, AppError> {
    let screen = kyc_app::document_screen(request.headers().get("kyc-screen").and_then(|v| v.to_str().ok()))?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::Internal { message: "prepare_photo takes the file's bytes".into() });
    };
    // Which try at this screen's photo, and whether the person accepted the warnings shown.
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let attempt = kyc_app::Attempt {
        number: header("kyc-attempt").and_then(|n| n.parse().ok()).unwrap_or(1),
        accept_warnings: header("kyc-accept-warnings") == Some("1"),
    };
    Ok(Response::new(kyc_app::prepare_photo(&*vault.get().await?, screen, bytes.clone(), attempt, *upload).await?))
}

/// Sends one screen (see `kyc_app::send`), against the person's local date from the
/// page's UTC offset in minutes, reporting each step over `steps`.
#[tauri::command]
pub async fn send(
    api: State<'_, Deferred<Api>>,
    vault: State<'_, Deferred<Vault>>,
    form: Form,
    steps: Channel<Step>,
    utc_offset_minutes: Option<i32>,
) -> Result<Overview, AppError> {
    let today = kyc_flow::local_date(time::OffsetDateTime::now_utc(), utc_offset_minutes);
    // A closed page only loses the progress display, never the send.
    let (api, vault) = (api.get().await?, vault.get().await?);
    kyc_app::send(&api.client(), &vault, form, today, |step| drop(steps.send(step))).await
}

/// Reads screen 1's ID photo (held in the draft) on the device — its corners, its MRZ — and sets
/// it against the details typed so far (`kyc_app::DocumentCheck`).
#[tauri::command]
pub async fn read_document(
    vault: State<'_, Deferred<Vault>>,
    details: kyc_flow::PersonalDetails,
) -> Result<kyc_app::DocumentCheck, AppError> {
    kyc_app::read_document(&*vault.get().await?, details).await
}

/// The typed details against what the document says (after an edit): the fields that disagree.
#[tauri::command]
pub fn compare_document(
    details: kyc_flow::PersonalDetails,
    fields: kyc_flow::DocumentFields,
) -> Vec<kyc_flow::Mismatch> {
    kyc_flow::mismatches(&details, &fields)
}

/// The update announced at the configured address, if it is newer (none configured: none).
#[tauri::command]
pub async fn update_check<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    updates: State<'_, crate::updates::Updates>,
) -> Result<Option<kyc_app::UpdateOffer>, AppError> {
    updates.check(&app).await
}

/// Installs the offered update, its signature checked, and restarts into it: on the person's say-so.
#[tauri::command]
pub async fn update_install<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    updates: State<'_, crate::updates::Updates>,
) -> Result<(), AppError> {
    updates.install(&app).await
}
