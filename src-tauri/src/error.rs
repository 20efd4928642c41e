use serde::Serialize;

/// Errors as the UI sees them: a tagged enum it switches on, never a bare string.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Fields to fix, one message per field.
    Invalid { errors: Vec<kyc_flow::FieldError> },
    /// The photo cannot be used.
    Image { code: &'static str, message: String },
    /// The KYC service could not be reached or refused.
    Api { code: &'static str, message: String },
    /// The read-back did not confirm what was sent.
    NotConfirmed { message: String },
}

impl From<kyc_send::SendError> for AppError {
    fn from(error: kyc_send::SendError) -> Self {
        match &error {
            kyc_send::SendError::Image { error: e, .. } => {
                AppError::Image { code: e.code(), message: error.to_string() }
            }
            kyc_send::SendError::Api { error: e, .. } => AppError::Api { code: e.code(), message: e.to_string() },
            kyc_send::SendError::NotConfirmed { .. } => AppError::NotConfirmed { message: error.to_string() },
        }
    }
}

impl From<kyc_api_client::Error> for AppError {
    fn from(error: kyc_api_client::Error) -> Self {
        AppError::Api { code: error.code(), message: error.to_string() }
    }
}
