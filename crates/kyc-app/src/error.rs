use serde::Serialize;

use crate::{ApiCode, CameraCode, ImageCode};

/// Errors as the UI sees them: a tagged enum it switches on, never a bare string.
/// Every `message` is a sentence that says what to do.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Fields to fix, one message per field.
    Invalid { errors: Vec<kyc_flow::FieldError> },
    /// The screen has no photo yet.
    NoPhoto { screen: kyc_flow::Screen },
    /// The photo cannot be used.
    Image { code: ImageCode, message: String },
    /// The photo did not pass the quality gate and was not kept. With `can_accept`, the person
    /// may keep it anyway (from their third attempt on a screen); otherwise they must retake it.
    Quality { findings: Vec<kyc_vision::Finding>, can_accept: bool },
    /// The camera cannot give a picture.
    Camera { code: CameraCode, message: String },
    /// The KYC service could not be reached or refused.
    Api {
        code: ApiCode,
        message: String,
        /// True when trying again may work (network, timeouts, server busy).
        transient: bool,
    },
    /// The selfie needs the person's consent first.
    NoConsent,
    /// The draft could not be saved on this device.
    Storage { message: String },
    /// The read-back did not confirm what was sent.
    NotConfirmed { message: String },
    /// No update was offered or installed.
    Update { code: crate::UpdateCode, message: String },
    /// A fault of the app itself.
    Internal { message: String },
}

impl From<kyc_send::SendError> for AppError {
    fn from(error: kyc_send::SendError) -> Self {
        match &error {
            kyc_send::SendError::Image { error: e, .. } => AppError::Image { code: e.into(), message: e.to_string() },
            kyc_send::SendError::Api { error: e, .. } => e.into(),
            kyc_send::SendError::NotConfirmed { .. } => AppError::NotConfirmed { message: error.to_string() },
            kyc_send::SendError::Vision { .. } => AppError::Internal { message: error.to_string() },
        }
    }
}

impl From<&kyc_api_client::Error> for AppError {
    fn from(error: &kyc_api_client::Error) -> Self {
        AppError::Api { code: error.into(), message: error.to_string(), transient: error.is_transient() }
    }
}

impl From<kyc_api_client::Error> for AppError {
    fn from(error: kyc_api_client::Error) -> Self {
        (&error).into()
    }
}

impl From<kyc_camera::CameraError> for AppError {
    fn from(error: kyc_camera::CameraError) -> Self {
        AppError::Camera { code: (&error).into(), message: error.to_string() }
    }
}
