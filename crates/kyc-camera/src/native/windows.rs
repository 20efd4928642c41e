//! Windows (Media Foundation): access is a privacy setting, per app.

use crate::Result;

pub const NO_CAMERA_HINT: &str =
    "On Windows, check Device Manager › Cameras, and any camera privacy switch on the laptop.";
pub const PERMISSION_HINT: &str =
    "On Windows, open Settings › Privacy & security › Camera and allow desktop apps to use the camera, then try again.";

/// Windows asks no one up front: the privacy setting is enforced when the device opens.
pub fn ensure_access() -> Result<()> {
    Ok(())
}
