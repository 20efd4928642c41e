use std::time::Duration;

/// Why the camera cannot give a picture. Each `Display` says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CameraError {
    #[error("No camera was found. Connect a webcam (and open any privacy shutter), then try again. {hint}")]
    NoCamera { hint: &'static str },
    #[error("The app is not allowed to use the camera. {hint}")]
    PermissionDenied { hint: &'static str },
    #[error("The camera is being used by another app. Close video calls or other camera apps, then try again.")]
    Busy,
    #[error("The camera does not offer a picture format this app can read ({detail}). Try another camera.")]
    UnsupportedFormat { detail: String },
    #[error("The camera was disconnected. Reconnect it and try again.")]
    Disconnected,
    #[error("The camera stopped sending pictures (nothing for {waited:?}). Reconnect it or restart the app, then try again.")]
    Timeout { waited: Duration },
    #[error("The camera is closed. Open it again to take a picture.")]
    Closed,
    #[error("There is no camera with id {id}. Choose one from the list of cameras.")]
    UnknownDevice { id: String },
    #[error("The still could not be prepared: {0}")]
    Still(#[from] kyc_imaging::Error),
    #[error("The camera failed: {detail}. Reconnect it or try another camera.")]
    Backend { detail: String },
}

impl CameraError {
    /// A stable name for the UI to switch on.
    pub fn code(&self) -> &'static str {
        match self {
            CameraError::NoCamera { .. } => "no_camera",
            CameraError::PermissionDenied { .. } => "permission_denied",
            CameraError::Busy => "busy",
            CameraError::UnsupportedFormat { .. } => "unsupported_format",
            CameraError::Disconnected => "disconnected",
            CameraError::Timeout { .. } => "timeout",
            CameraError::Closed => "closed",
            CameraError::UnknownDevice { .. } => "unknown_device",
            CameraError::Still(_) => "still",
            CameraError::Backend { .. } => "backend",
        }
    }
}

pub type Result<T> = std::result::Result<T, CameraError>;
