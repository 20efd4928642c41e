//! Webcam capture behind our own trait ([`CameraSource`] / [`CameraStream`]), so
//! that nokhwa — whose 0.10 line has known faults and no mobile backend — can be
//! replaced without touching callers.
//!
//! - [`native`]: nokhwa (V4L2, AVFoundation, Media Foundation), desktop only; each
//!   camera runs on its own thread, frames are decoded there, and errors are
//!   recognised and explained (no camera, permission, busy, format, disconnect, stall).
//! - [`synthetic`]: a moving test scene (or image files) with the same trait, pacing
//!   and errors, for tests and demos. Chosen explicitly ([`Choice`]), never as a
//!   silent fallback.
//! - [`preview`]: preview-sized JPEG frames for a UI with latest-frame back-pressure,
//!   and full-resolution stills through `kyc-imaging`.
//!
//! Not used on Android/iOS: there the app captures through the webview. That seam
//! is a `#[cfg]` on [`native`], not a runtime flag.

mod error;
pub mod preview;
pub mod synthetic;

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
pub mod native;

use std::time::Duration;

pub use error::{CameraError, Result};
pub use preview::{Preview, PreviewFrame, PreviewOptions};
pub use synthetic::SyntheticCamera;

/// A camera as a source lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: String,
    pub name: String,
    /// What the device says it can do. Drivers are known to misreport this (see the
    /// crate README); the first frame is checked, not trusted.
    pub formats: Vec<StreamFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelEncoding {
    Mjpeg,
    Yuyv,
    Rgb,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamFormat {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub encoding: PixelEncoding,
}

/// What to ask a camera for; it gives the closest it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamRequest {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    /// How long to wait for a frame before reporting the stream as stalled.
    pub frame_timeout: Duration,
}

impl Default for StreamRequest {
    fn default() -> Self {
        StreamRequest { width: 1280, height: 720, fps: 30, frame_timeout: Duration::from_secs(3) }
    }
}

/// One decoded picture, 8-bit RGB.
#[derive(Clone, PartialEq, Eq)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    /// 0 for the first frame of a stream.
    pub sequence: u64,
    /// Since the stream started.
    pub timestamp: Duration,
}

impl Frame {
    pub fn to_image(&self) -> image::RgbImage {
        image::RgbImage::from_raw(self.width, self.height, self.rgb.clone()).unwrap_or_default()
    }
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frame({}×{}, #{}, {:?})", self.width, self.height, self.sequence, self.timestamp)
    }
}

/// Lists and opens cameras.
pub trait CameraSource: Send + Sync {
    fn devices(&self) -> Result<Vec<DeviceInfo>>;
    fn open(&self, device_id: &str, request: StreamRequest) -> Result<Box<dyn CameraStream>>;
}

/// An open camera. Dropping it releases the device.
pub trait CameraStream: Send {
    /// The format actually delivered.
    fn format(&self) -> StreamFormat;
    /// Blocks until the next frame, at the camera's pace; `Timeout` if none comes in time.
    fn next_frame(&mut self) -> Result<Frame>;
    /// A still at the highest resolution the device offers.
    fn capture_still(&mut self) -> Result<Frame>;
    /// Releases the device; every later call answers `Closed`.
    fn close(&mut self);
}

/// "No camera was found", with this platform's hint.
fn none_listed() -> CameraError {
    #[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
    return native::no_camera();
    #[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
    CameraError::NoCamera { hint: "" }
}

/// Which camera to use. Made from configuration or `KYC_CAMERA`; never guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A real device through the native backend; `None` means the first one.
    Device(Option<String>),
    /// The synthetic camera's moving scene.
    Synthetic,
    /// The synthetic camera playing these image files in a loop.
    Files(Vec<std::path::PathBuf>),
}

impl Choice {
    /// `KYC_CAMERA`: unset or `device` (the first camera), `device:<id>`, `synthetic`,
    /// or `files:<path>[,<path>…]`.
    pub fn from_env() -> std::result::Result<Choice, String> {
        Choice::parse(std::env::var("KYC_CAMERA").ok().as_deref().unwrap_or("device"))
    }

    pub fn parse(value: &str) -> std::result::Result<Choice, String> {
        match value.split_once(':') {
            None if value == "device" || value.is_empty() => Ok(Choice::Device(None)),
            None if value == "synthetic" => Ok(Choice::Synthetic),
            Some(("device", id)) => Ok(Choice::Device(Some(id.to_owned()))),
            Some(("files", list)) if !list.is_empty() => Ok(Choice::Files(list.split(',').map(Into::into).collect())),
            _ => Err(format!(
                "KYC_CAMERA=\"{value}\" is not understood: use device, device:<id>, synthetic or files:<path>,<path>"
            )),
        }
    }

    /// The source this choice reads from.
    pub fn source(&self) -> Result<Box<dyn CameraSource>> {
        Ok(match self {
            Choice::Synthetic => Box::new(SyntheticCamera::new()),
            Choice::Files(files) => Box::new(SyntheticCamera::from_files(files)?),
            #[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
            Choice::Device(_) => Box::new(native::NativeCameras),
            #[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
            Choice::Device(_) => {
                return Err(CameraError::Backend {
                    detail: "native cameras are desktop only; mobile captures in the webview".into(),
                })
            }
        })
    }

    /// Opens the chosen device of `source` (its first one when none was named) and starts a preview.
    pub fn open(&self, source: &dyn CameraSource, request: StreamRequest, options: PreviewOptions) -> Result<Preview> {
        let id = match self {
            Choice::Device(Some(id)) => id.clone(),
            _ => source.devices()?.first().map(|d| d.id.clone()).ok_or_else(none_listed)?,
        };
        Ok(Preview::start(source.open(&id, request)?, options))
    }

    /// Says which camera is in use, for the user to see.
    pub fn describe(&self) -> String {
        match self {
            Choice::Device(None) => "the first camera".into(),
            Choice::Device(Some(id)) => format!("camera {id}"),
            Choice::Synthetic => "the synthetic camera (a test scene, not a real camera)".into(),
            Choice::Files(files) => format!("the synthetic camera playing {} image file(s)", files.len()),
        }
    }
}
