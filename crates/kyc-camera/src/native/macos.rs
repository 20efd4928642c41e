//! macOS (AVFoundation): the user must allow camera access once, and the app
//! bundle must carry `NSCameraUsageDescription` in its Info.plist, or macOS ends
//! the app when it asks.

use std::sync::mpsc;
use std::time::Duration;

use crate::{CameraError, Result};

pub const NO_CAMERA_HINT: &str =
    "On a Mac, check that the built-in camera is not covered and that no other app holds it.";
pub const PERMISSION_HINT: &str =
    "On a Mac, open System Settings › Privacy & Security › Camera and switch on KYC Flow, then try again.";

/// Asks macOS for camera access (the system shows its prompt the first time) and
/// waits for the answer.
pub fn ensure_access() -> Result<()> {
    if nokhwa::nokhwa_check() {
        return Ok(());
    }
    let (tell, answer) = mpsc::channel();
    nokhwa::nokhwa_initialize(move |granted| {
        let _ = tell.send(granted);
    });
    match answer.recv_timeout(Duration::from_secs(120)) {
        Ok(true) => Ok(()),
        _ => Err(CameraError::PermissionDenied { hint: PERMISSION_HINT }),
    }
}
