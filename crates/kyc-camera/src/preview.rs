//! Preview frames for a UI, and stills.
//!
//! A thread owns the open camera: it takes each frame, scales it to preview size
//! and encodes it as JPEG (raw bytes, ready for a `tauri::ipc::Channel`), and puts
//! it in a one-frame slot. A consumer that has not taken the last frame finds it
//! replaced by the newer one: frames never queue, so memory stays flat and the
//! picture is never late. The same frame's pixels, at preview size, are kept beside it for
//! whoever checks them (the selfie's live face check): shared, never taken, never queued.

use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use image::RgbImage;

use crate::{CameraError, CameraStream, Frame, Result, StreamFormat};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewOptions {
    /// Long edge of preview frames (never upscaled).
    pub max_edge: u32,
    /// JPEG quality of preview frames.
    pub quality: i32,
}

impl Default for PreviewOptions {
    fn default() -> Self {
        PreviewOptions { max_edge: 640, quality: 70 }
    }
}

/// One preview frame: JPEG bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct PreviewFrame {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub sequence: u64,
    pub timestamp: Duration,
}

impl std::fmt::Debug for PreviewFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PreviewFrame({}×{}, #{}, {} bytes)", self.width, self.height, self.sequence, self.jpeg.len())
    }
}

/// The newest preview frame's pixels, for a check that runs beside the preview.
#[derive(Clone)]
pub struct PreviewPixels {
    pub image: Arc<RgbImage>,
    pub sequence: u64,
    /// When the camera took it, on the camera's clock.
    pub timestamp: Duration,
}

impl std::fmt::Debug for PreviewPixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PreviewPixels({}×{}, #{})", self.image.width(), self.image.height(), self.sequence)
    }
}

/// Counters of a running preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewStats {
    /// Frames encoded.
    pub produced: u64,
    /// Frames replaced before anyone took them.
    pub replaced: u64,
    /// The most frames ever waiting at once (the design keeps it at 1).
    pub max_waiting: usize,
}

#[derive(Default)]
struct Slot {
    latest: Option<PreviewFrame>,
    pixels: Option<PreviewPixels>,
    stats: PreviewStats,
    failed: Option<CameraError>,
    stopped: bool,
}

struct Shared {
    slot: Mutex<Slot>,
    changed: Condvar,
}

enum Command {
    Still(mpsc::Sender<Result<Frame>>),
    Stop,
}

/// A running preview. Dropping it stops the thread and releases the camera.
pub struct Preview {
    shared: Arc<Shared>,
    commands: mpsc::Sender<Command>,
    thread: Option<JoinHandle<()>>,
    format: StreamFormat,
}

impl Preview {
    pub fn start(mut stream: Box<dyn CameraStream>, options: PreviewOptions) -> Preview {
        let shared = Arc::new(Shared { slot: Mutex::new(Slot::default()), changed: Condvar::new() });
        let (commands, inbox) = mpsc::channel();
        let format = stream.format();
        let worker = shared.clone();
        let thread = std::thread::Builder::new()
            .name("kyc-camera-preview".into())
            .spawn(move || run(stream.as_mut(), &worker, &inbox, options))
            .ok();
        if thread.is_none() {
            let mut slot = lock(&shared);
            slot.failed = Some(CameraError::Backend { detail: "could not start the preview thread".into() });
        }
        Preview { shared, commands, thread, format }
    }

    /// The format the camera delivers.
    pub fn format(&self) -> StreamFormat {
        self.format
    }

    /// Takes the newest frame, waiting up to `timeout` for one that has not been taken.
    pub fn next(&self, timeout: Duration) -> Result<PreviewFrame> {
        let deadline = Instant::now() + timeout;
        let mut slot = lock(&self.shared);
        loop {
            if let Some(frame) = slot.latest.take() {
                return Ok(frame);
            }
            if let Some(error) = &slot.failed {
                return Err(error.clone());
            }
            if slot.stopped {
                return Err(CameraError::Closed);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(CameraError::Timeout { waited: timeout });
            }
            slot = self.shared.changed.wait_timeout(slot, left).map(|(s, _)| s).unwrap_or_else(|e| e.into_inner().0);
        }
    }

    /// The newest frame's pixels once there is one taken at `not_before` or later (on the
    /// camera's clock), waiting up to `timeout`. A check that asks for `last.timestamp + period`
    /// runs at most once per period and always on the newest frame.
    pub fn pixels(&self, not_before: Duration, timeout: Duration) -> Result<PreviewPixels> {
        let deadline = Instant::now() + timeout;
        let mut slot = lock(&self.shared);
        loop {
            if let Some(error) = &slot.failed {
                return Err(error.clone());
            }
            if slot.stopped {
                return Err(CameraError::Closed);
            }
            if let Some(pixels) = slot.pixels.as_ref().filter(|p| p.timestamp >= not_before) {
                return Ok(pixels.clone());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(CameraError::Timeout { waited: timeout });
            }
            slot = self.shared.changed.wait_timeout(slot, left).map(|(s, _)| s).unwrap_or_else(|e| e.into_inner().0);
        }
    }

    /// Hands every new frame's JPEG to `deliver` until the preview is closed, fails,
    /// or `deliver` says the receiver is gone (answers `false`; the preview is then
    /// closed). Returns the failure that ended it, if one did: the caller tells it.
    /// Frames never queue: a slow `deliver` gets the newest frame next.
    pub fn forward(&self, frame_wait: Duration, mut deliver: impl FnMut(Vec<u8>) -> bool) -> Option<CameraError> {
        loop {
            match self.next(frame_wait) {
                Ok(frame) => {
                    if !deliver(frame.jpeg) {
                        self.close();
                        return None;
                    }
                }
                Err(CameraError::Closed) => return None,
                Err(error) => {
                    self.close();
                    return Some(error);
                }
            }
        }
    }

    /// A still at the camera's highest resolution.
    pub fn capture_still(&self, timeout: Duration) -> Result<Frame> {
        let (reply, answer) = mpsc::channel();
        self.commands.send(Command::Still(reply)).map_err(|_| self.failure())?;
        answer.recv_timeout(timeout).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => CameraError::Timeout { waited: timeout },
            mpsc::RecvTimeoutError::Disconnected => self.failure(),
        })?
    }

    /// A still, through the `kyc-imaging` pipeline: upright, stripped, fitted and
    /// encoded for upload as a selfie.
    pub fn capture_prepared(&self, timeout: Duration, options: &kyc_imaging::Options) -> Result<kyc_imaging::Prepared> {
        let still = self.capture_still(timeout)?;
        let image = RgbImage::from_raw(still.width, still.height, still.rgb)
            .ok_or_else(|| CameraError::Backend { detail: "the still has the wrong size".into() })?;
        Ok(kyc_imaging::prepare_pixels(image, options)?)
    }

    pub fn stats(&self) -> PreviewStats {
        lock(&self.shared).stats
    }

    /// Asks the preview to stop, from anyone holding it (for example a thread
    /// forwarding its frames): the camera is released after the frame in hand, and
    /// `next` then answers `Closed`.
    pub fn close(&self) {
        let _ = self.commands.send(Command::Stop);
    }

    /// Stops the preview and releases the camera.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn failure(&self) -> CameraError {
        lock(&self.shared).failed.clone().unwrap_or(CameraError::Closed)
    }

    fn shutdown(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Slot> {
    shared.slot.lock().unwrap_or_else(|e| e.into_inner())
}

fn run(stream: &mut dyn CameraStream, shared: &Shared, inbox: &mpsc::Receiver<Command>, options: PreviewOptions) {
    let mut encoder = PreviewEncoder::new(options);
    loop {
        match inbox.try_recv() {
            Ok(Command::Still(reply)) => {
                let _ = reply.send(stream.capture_still());
            }
            Ok(Command::Stop) | Err(mpsc::TryRecvError::Disconnected) => break,
            Err(mpsc::TryRecvError::Empty) => {}
        }
        let outcome = stream.next_frame().and_then(|frame| encoder.encode_keeping(frame));
        let mut slot = lock(shared);
        match outcome {
            Ok((frame, image)) => {
                slot.pixels = Some(PreviewPixels {
                    image: Arc::new(image),
                    sequence: frame.sequence,
                    timestamp: frame.timestamp,
                });
                if slot.latest.replace(frame).is_some() {
                    slot.stats.replaced += 1;
                }
                slot.stats.produced += 1;
                slot.stats.max_waiting = slot.stats.max_waiting.max(usize::from(slot.latest.is_some()));
            }
            Err(error) => {
                slot.failed = Some(error);
                shared.changed.notify_all();
                break;
            }
        }
        shared.changed.notify_all();
    }
    stream.close();
    lock(shared).stopped = true;
    shared.changed.notify_all();
}

/// Scales to preview size and encodes JPEG, reusing one libjpeg-turbo handle.
pub struct PreviewEncoder {
    options: PreviewOptions,
    compressor: Option<turbojpeg::Compressor>,
}

impl PreviewEncoder {
    pub fn new(options: PreviewOptions) -> Self {
        let compressor = turbojpeg::Compressor::new().ok().and_then(|mut c| {
            c.set_quality(options.quality).ok()?;
            c.set_subsamp(turbojpeg::Subsamp::Sub2x2).ok()?;
            Some(c)
        });
        PreviewEncoder { options, compressor }
    }

    pub fn encode(&mut self, frame: &Frame) -> Result<PreviewFrame> {
        self.encode_keeping(frame.clone()).map(|(encoded, _)| encoded)
    }

    /// Encodes the frame and keeps its pixels at preview size.
    pub fn encode_keeping(&mut self, frame: Frame) -> Result<(PreviewFrame, RgbImage)> {
        let source = RgbImage::from_raw(frame.width, frame.height, frame.rgb)
            .ok_or_else(|| CameraError::Backend { detail: "a frame has the wrong size".into() })?;
        let scaled = kyc_imaging::downscale(source, self.options.max_edge)
            .map_err(|e| CameraError::Backend { detail: e.to_string() })?;
        let (width, height) = scaled.dimensions();
        let compressor =
            self.compressor.as_mut().ok_or_else(|| CameraError::Backend { detail: "no JPEG encoder".into() })?;
        let image = turbojpeg::Image {
            pixels: scaled.as_raw().as_slice(),
            width: width as usize,
            pitch: width as usize * 3,
            height: height as usize,
            format: turbojpeg::PixelFormat::RGB,
        };
        let jpeg = compressor.compress_to_vec(image).map_err(|e| CameraError::Backend { detail: e.to_string() })?;
        Ok((PreviewFrame { jpeg, width, height, sequence: frame.sequence, timestamp: frame.timestamp }, scaled))
    }
}
