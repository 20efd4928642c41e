//! Linux (V4L2): cameras are `/dev/video*`; access is through the `video` group.

use crate::Result;

pub const NO_CAMERA_HINT: &str =
    "On Linux a camera appears as /dev/video0; check that it is plugged in and that `ls /dev/video*` lists it.";
pub const PERMISSION_HINT: &str =
    "On Linux, add your user to the \"video\" group (sudo usermod -aG video $USER), log out and in, then try again.";

/// Linux asks no one: access is decided by file permissions when the device opens.
pub fn ensure_access() -> Result<()> {
    Ok(())
}
