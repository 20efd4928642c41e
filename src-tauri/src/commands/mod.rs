//! Thin command shims: unpack state, call a crate, map the error.

use kyc_core::DocumentType;
use kyc_flow::{AddressDetails, PersonalDetails, Progress};
use serde::Serialize;
use tauri::State;

use crate::error::AppError;
use crate::state::Api;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub sandbox: bool,
    pub api: String,
}

#[tauri::command]
pub fn app_info(api: State<'_, Api>) -> AppInfo {
    AppInfo { sandbox: api.sandbox, api: api.client.config().base_url.clone() }
}

#[tauri::command]
pub async fn progress(api: State<'_, Api>) -> Result<Progress, AppError> {
    Ok(kyc_flow::resume(&api.client.get_profile().await?))
}

#[tauri::command]
pub async fn send_personal(
    api: State<'_, Api>,
    details: PersonalDetails,
    photo: Vec<u8>,
) -> Result<Progress, AppError> {
    let fields = kyc_flow::validate_personal(&details, today()).map_err(|errors| AppError::Invalid { errors })?;
    let image = kyc_send::prepare_for(&DocumentType::IdProofFront, &photo)?;
    let sent = kyc_send::send_screen(&api.client, &image, &fields, None).await?;
    Ok(kyc_flow::resume(&sent.profile))
}

#[tauri::command]
pub async fn send_address(api: State<'_, Api>, details: AddressDetails, photo: Vec<u8>) -> Result<Progress, AppError> {
    let (fields, address) =
        kyc_flow::validate_address(&details, today()).map_err(|errors| AppError::Invalid { errors })?;
    let image = kyc_send::prepare_for(&DocumentType::AddressProof, &photo)?;
    let sent = kyc_send::send_screen(&api.client, &image, &fields, Some(&address)).await?;
    Ok(kyc_flow::resume(&sent.profile))
}

/// The shell is where the clock is read; the flow gets the date passed in.
fn today() -> kyc_flow::Date {
    time::OffsetDateTime::now_utc().date()
}
