//! Real cameras through nokhwa (V4L2 on Linux, AVFoundation on macOS, Media
//! Foundation on Windows). Desktop only.
//!
//! Each open camera lives on its own thread (some backends' handles may not cross
//! threads, and decoding must not block the caller); frames come back decoded.
//! MJPEG or YUYV is requested explicitly and the first frame's bytes are checked,
//! because drivers misreport formats.

#[cfg(target_os = "linux")]
#[path = "linux.rs"]
mod platform;
#[cfg(target_os = "macos")]
#[path = "macos.rs"]
mod platform;
#[cfg(target_os = "windows")]
#[path = "windows.rs"]
mod platform;

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType, Resolution,
};
use nokhwa::NokhwaError;

use crate::{
    CameraError, CameraSource, CameraStream, DeviceInfo, Frame, PixelEncoding, Result, StreamFormat, StreamRequest,
};

/// "No camera was found", with this platform's hint.
pub fn no_camera() -> CameraError {
    CameraError::NoCamera { hint: platform::NO_CAMERA_HINT }
}

/// The operating system's cameras.
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeCameras;

impl CameraSource for NativeCameras {
    fn devices(&self) -> Result<Vec<DeviceInfo>> {
        platform::ensure_access()?;
        let cameras = nokhwa::query(ApiBackend::Auto).map_err(|e| classify(&e))?;
        Ok(cameras
            .into_iter()
            .map(|info| DeviceInfo { id: info.index().to_string(), name: info.human_name(), formats: Vec::new() })
            .collect())
    }

    fn open(&self, device_id: &str, request: StreamRequest) -> Result<Box<dyn CameraStream>> {
        platform::ensure_access()?;
        let index = match device_id.parse::<u32>() {
            Ok(n) => CameraIndex::Index(n),
            Err(_) => CameraIndex::String(device_id.to_owned()),
        };
        NativeStream::open(index, request).map(|s| Box::new(s) as Box<dyn CameraStream>)
    }
}

enum Request {
    Frame(mpsc::Sender<Result<Frame>>),
    Still(mpsc::Sender<Result<Frame>>),
    Stop,
}

struct NativeStream {
    format: StreamFormat,
    requests: mpsc::Sender<Request>,
    thread: Option<JoinHandle<()>>,
    frame_timeout: Duration,
    closed: bool,
}

impl NativeStream {
    fn open(index: CameraIndex, request: StreamRequest) -> Result<NativeStream> {
        let (requests, inbox) = mpsc::channel();
        let (opened, on_open) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("kyc-camera-native".into())
            .spawn(move || camera_thread(index, request, &opened, &inbox))
            .map_err(|e| CameraError::Backend { detail: e.to_string() })?;
        let format = on_open
            .recv_timeout(request.frame_timeout.max(Duration::from_secs(10)))
            .map_err(|_| CameraError::Timeout { waited: request.frame_timeout })??;
        Ok(NativeStream { format, requests, thread: Some(thread), frame_timeout: request.frame_timeout, closed: false })
    }

    fn ask(&mut self, make: fn(mpsc::Sender<Result<Frame>>) -> Request) -> Result<Frame> {
        if self.closed {
            return Err(CameraError::Closed);
        }
        let (reply, answer) = mpsc::channel();
        self.requests.send(make(reply)).map_err(|_| CameraError::Disconnected)?;
        match answer.recv_timeout(self.frame_timeout) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(CameraError::Timeout { waited: self.frame_timeout }),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(CameraError::Disconnected),
        }
    }
}

impl CameraStream for NativeStream {
    fn format(&self) -> StreamFormat {
        self.format
    }

    fn next_frame(&mut self) -> Result<Frame> {
        self.ask(Request::Frame)
    }

    fn capture_still(&mut self) -> Result<Frame> {
        self.ask(Request::Still)
    }

    fn close(&mut self) {
        if !self.closed {
            self.closed = true;
            let _ = self.requests.send(Request::Stop);
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for NativeStream {
    fn drop(&mut self) {
        self.close();
    }
}

/// Owns the nokhwa camera from open to release; answers requests one at a time.
fn camera_thread(
    index: CameraIndex,
    request: StreamRequest,
    opened: &mpsc::Sender<Result<StreamFormat>>,
    inbox: &mpsc::Receiver<Request>,
) {
    let wanted = CameraFormat::new(Resolution::new(request.width, request.height), FrameFormat::MJPEG, request.fps);
    let formats = [FrameFormat::MJPEG, FrameFormat::YUYV];
    let requested = RequestedFormat::with_formats(RequestedFormatType::Closest(wanted), &formats);
    let mut camera = match nokhwa::Camera::new(index, requested).and_then(|mut c| c.open_stream().map(|()| c)) {
        Ok(camera) => camera,
        Err(e) => {
            let _ = opened.send(Err(classify(&e)));
            return;
        }
    };
    let actual = camera.camera_format();
    let encoding = match actual.format() {
        FrameFormat::MJPEG => PixelEncoding::Mjpeg,
        FrameFormat::YUYV => PixelEncoding::Yuyv,
        other => {
            let _ = camera.stop_stream();
            let _ = opened.send(Err(CameraError::UnsupportedFormat { detail: format!("{other}") }));
            return;
        }
    };
    let format = StreamFormat {
        width: actual.resolution().width(),
        height: actual.resolution().height(),
        fps: actual.frame_rate(),
        encoding,
    };
    let _ = opened.send(Ok(format));
    let started = Instant::now();
    let mut sequence = 0;
    let mut checked: Option<FrameFormat> = None;
    while let Ok(message) = inbox.recv() {
        let reply = match message {
            Request::Stop => break,
            Request::Frame(reply) | Request::Still(reply) => reply,
        };
        let result = camera.frame().map_err(|e| classify(&e)).and_then(|buffer| {
            let real = *checked.get_or_insert_with(|| real_format(buffer.buffer(), buffer.source_frame_format()));
            let (width, height) = (buffer.resolution().width(), buffer.resolution().height());
            let rgb = decode(buffer.buffer(), real, width, height)?;
            let frame = Frame { width, height, rgb, sequence, timestamp: started.elapsed() };
            sequence += 1;
            Ok(frame)
        });
        let _ = reply.send(result);
    }
    // Released here, on every path out of the loop.
    let _ = camera.stop_stream();
}

/// Decodes a frame to RGB with our own decoders: libjpeg-turbo for MJPEG (the same
/// one the imaging pipeline uses), and BT.601 for YUYV.
fn decode(bytes: &[u8], format: FrameFormat, width: u32, height: u32) -> Result<Vec<u8>> {
    let unsupported = |detail: String| CameraError::UnsupportedFormat { detail };
    match format {
        FrameFormat::MJPEG => turbojpeg::decompress(bytes, turbojpeg::PixelFormat::RGB)
            .map(|image| image.pixels)
            .map_err(|e| unsupported(format!("a broken MJPEG frame: {e}"))),
        FrameFormat::YUYV => {
            let expected = width as usize * height as usize * 2;
            if bytes.len() < expected {
                return Err(unsupported(format!("a YUYV frame of {} bytes, expected {expected}", bytes.len())));
            }
            Ok(yuyv_to_rgb(&bytes[..expected]))
        }
        other => Err(unsupported(format!("{other}"))),
    }
}

/// YUYV 4:2:2 (Y0 U Y1 V per two pixels), BT.601 limited range, to RGB.
pub fn yuyv_to_rgb(yuyv: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(yuyv.len() / 2 * 3);
    for quad in yuyv.chunks_exact(4) {
        let (u, v) = (i32::from(quad[1]) - 128, i32::from(quad[3]) - 128);
        for y in [quad[0], quad[2]] {
            let c = 298 * (i32::from(y) - 16);
            for value in [c + 409 * v, c - 100 * u - 208 * v, c + 516 * u] {
                rgb.push(((value + 128) >> 8).clamp(0, 255) as u8);
            }
        }
    }
    rgb
}

/// What the bytes are, whatever the driver said: a JPEG starts with FF D8.
fn real_format(bytes: &[u8], reported: FrameFormat) -> FrameFormat {
    match (reported, bytes.starts_with(&[0xFF, 0xD8])) {
        (_, true) => FrameFormat::MJPEG,
        (FrameFormat::MJPEG, false) => FrameFormat::YUYV,
        (other, false) => other,
    }
}

/// Turns nokhwa's errors (whose details are the OS's words) into ours.
pub fn classify(error: &NokhwaError) -> CameraError {
    classify_message(&error.to_string())
}

/// The OS error texts each platform uses, mapped to what a person can act on.
pub fn classify_message(message: &str) -> CameraError {
    let m = message.to_ascii_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| m.contains(n));
    if has(&["permission denied", "os error 13", "not authorized", "access is denied", "e_accessdenied", "0x80070005"])
    {
        CameraError::PermissionDenied { hint: platform::PERMISSION_HINT }
    } else if has(&["busy", "os error 16", "in use", "0xc00d3704", "sharing violation"]) {
        CameraError::Busy
    } else if has(&["no such device", "os error 19", "disconnected", "device removed", "0xc00d3ea2"]) {
        CameraError::Disconnected
    } else if has(&["no such file or directory", "os error 2", "not found", "no device", "no cameras", "index out of"])
    {
        CameraError::NoCamera { hint: platform::NO_CAMERA_HINT }
    } else if has(&["timed out", "timeout", "os error 110", "resource temporarily unavailable", "os error 11"]) {
        CameraError::Timeout { waited: Duration::ZERO }
    } else if has(&["format", "fourcc", "decode", "process frame"]) {
        CameraError::UnsupportedFormat { detail: message.trim().to_owned() }
    } else {
        CameraError::Backend { detail: message.trim().to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_become_actionable_ones() {
        let check = |message: &str, code: &str| {
            assert_eq!(classify_message(message).code(), code, "{message}");
        };
        check("Could not open device 0: V4L2 Error: No such file or directory (os error 2)", "no_camera");
        check("Could not open device 0: Permission denied (os error 13)", "permission_denied");
        check("Could not open device stream: Device or resource busy (os error 16)", "busy");
        check("Could not capture frame: No such device (os error 19)", "disconnected");
        check("Could not capture frame: Connection timed out (os error 110)", "timeout");
        check("Could not process frame NV12 to RGB: bad data", "unsupported_format");
        check("AVFoundation: not authorized to capture video", "permission_denied");
        check("MediaFoundation: 0x80070005 Access is denied", "permission_denied");
        check("something else entirely", "backend");
    }

    #[test]
    fn yuyv_converts_to_rgb() {
        // Black, white, and a saturated red pair (BT.601 limited range).
        assert_eq!(yuyv_to_rgb(&[16, 128, 235, 128]), [0, 0, 0, 255, 255, 255]);
        let red = yuyv_to_rgb(&[81, 90, 81, 240]);
        assert!(red[0] > 240 && red[1] < 15 && red[2] < 15, "{red:?}");
    }

    #[test]
    fn the_first_frames_bytes_decide_the_format() {
        assert_eq!(real_format(&[0xFF, 0xD8, 0xFF, 0xE0], FrameFormat::YUYV), FrameFormat::MJPEG);
        assert_eq!(real_format(&[0x10, 0x80, 0x10, 0x80], FrameFormat::MJPEG), FrameFormat::YUYV);
        assert_eq!(real_format(&[0x10, 0x80], FrameFormat::YUYV), FrameFormat::YUYV);
    }

    /// CI machines have no camera (no /dev/video*): the real nokhwa path runs and
    /// must say so clearly, not panic. On a machine with a camera this checks nothing.
    #[cfg(target_os = "linux")]
    #[test]
    fn without_a_camera_the_real_path_says_so() {
        let has_camera = std::fs::read_dir("/dev")
            .map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("video")))
            .unwrap_or(false);
        if !has_camera {
            assert_eq!(NativeCameras.devices().unwrap(), Vec::new(), "nothing is listed");
            let error = NativeCameras.open("0", StreamRequest::default()).err().expect("no camera to open");
            assert_eq!(error.code(), "no_camera", "{error}");
            assert!(error.to_string().contains("No camera was found"));
            assert!(error.to_string().contains("/dev/video0"), "the Linux hint: {error}");
        }
    }
}
