//! The codes of the errors the UI words, as enums: exported to TypeScript, so the UI's
//! catalogue test can list every one and a renamed code fails the UI's type check. Each
//! comes from its crate's error by an exhaustive match, and serialises to the same
//! name as that crate's `code()` (tested below).

use serde::Serialize;

/// Why a photo cannot be used (`kyc_imaging::Error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImageCode {
    UnsupportedFormat,
    TooManyBytes,
    TooLarge,
    Corrupt,
    TooComplex,
    Cancelled,
    OverBudget,
    Encode,
}

impl From<&kyc_imaging::Error> for ImageCode {
    fn from(error: &kyc_imaging::Error) -> Self {
        use kyc_imaging::Error as E;
        match error {
            E::UnsupportedFormat { .. } => ImageCode::UnsupportedFormat,
            E::TooManyBytes { .. } => ImageCode::TooManyBytes,
            E::TooLarge { .. } => ImageCode::TooLarge,
            E::Corrupt { .. } => ImageCode::Corrupt,
            E::TooComplex { .. } => ImageCode::TooComplex,
            E::Cancelled => ImageCode::Cancelled,
            E::OverBudget { .. } => ImageCode::OverBudget,
            E::Encode { .. } => ImageCode::Encode,
        }
    }
}

/// Why the camera cannot give a picture (`kyc_camera::CameraError`), or its setting is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CameraCode {
    NoCamera,
    PermissionDenied,
    Busy,
    UnsupportedFormat,
    Disconnected,
    Timeout,
    Closed,
    UnknownDevice,
    Still,
    Backend,
    /// The configured camera (`--camera`, `KYC_CAMERA`) is not understood.
    Configuration,
}

impl From<&kyc_camera::CameraError> for CameraCode {
    fn from(error: &kyc_camera::CameraError) -> Self {
        use kyc_camera::CameraError as E;
        match error {
            E::NoCamera { .. } => CameraCode::NoCamera,
            E::PermissionDenied { .. } => CameraCode::PermissionDenied,
            E::Busy => CameraCode::Busy,
            E::UnsupportedFormat { .. } => CameraCode::UnsupportedFormat,
            E::Disconnected => CameraCode::Disconnected,
            E::Timeout { .. } => CameraCode::Timeout,
            E::Closed => CameraCode::Closed,
            E::UnknownDevice { .. } => CameraCode::UnknownDevice,
            E::Still(_) => CameraCode::Still,
            E::Backend { .. } => CameraCode::Backend,
        }
    }
}

/// Why a call to the KYC service failed (`kyc_api_client::Error`). `rejected` carries the
/// server's own sentence, which the UI shows as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ApiCode {
    InvalidConfig,
    Offline,
    TimedOut,
    Tls,
    Unauthorized,
    Rejected,
    RateLimited,
    Server,
    BadResponse,
}

impl From<&kyc_api_client::Error> for ApiCode {
    fn from(error: &kyc_api_client::Error) -> Self {
        use kyc_api_client::Error as E;
        match error {
            E::InvalidConfig { .. } => ApiCode::InvalidConfig,
            E::Offline => ApiCode::Offline,
            E::TimedOut => ApiCode::TimedOut,
            E::Tls { .. } => ApiCode::Tls,
            E::Unauthorized { .. } => ApiCode::Unauthorized,
            E::Rejected { .. } => ApiCode::Rejected,
            E::RateLimited { .. } => ApiCode::RateLimited,
            E::Server { .. } => ApiCode::Server,
            E::BadResponse { .. } => ApiCode::BadResponse,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(code: impl Serialize) -> String {
        serde_json::to_value(code).unwrap().as_str().unwrap().to_owned()
    }

    #[test]
    fn every_code_is_named_as_its_crate_names_it() {
        use kyc_imaging::Error as I;
        let detail = || "x".to_owned();
        let images = [
            I::UnsupportedFormat { found: detail() },
            I::TooManyBytes { bytes: 2, max: 1 },
            I::TooLarge { width: 1, height: 1, limit: detail() },
            I::Corrupt { detail: detail() },
            I::TooComplex { detail: detail() },
            I::Cancelled,
            I::OverBudget { bytes: 2, budget: 1 },
            I::Encode { detail: detail() },
        ];
        for error in &images {
            assert_eq!(name(ImageCode::from(error)), error.code());
        }
        use kyc_camera::CameraError as C;
        let cameras = [
            C::NoCamera { hint: "" },
            C::PermissionDenied { hint: "" },
            C::Busy,
            C::UnsupportedFormat { detail: detail() },
            C::Disconnected,
            C::Timeout { waited: std::time::Duration::ZERO },
            C::Closed,
            C::UnknownDevice { id: detail() },
            C::Still(I::Cancelled),
            C::Backend { detail: detail() },
        ];
        for error in &cameras {
            assert_eq!(name(CameraCode::from(error)), error.code());
        }
        use kyc_api_client::Error as A;
        let calls = [
            A::InvalidConfig { detail: detail() },
            A::Offline,
            A::TimedOut,
            A::Tls { detail: detail() },
            A::Unauthorized { server: None },
            A::Rejected { status: 400, server: None },
            A::RateLimited { retry_after: None },
            A::Server { status: 500, retry_after: None },
            A::BadResponse { detail: detail() },
        ];
        for error in &calls {
            assert_eq!(name(ApiCode::from(error)), error.code());
        }
    }
}
