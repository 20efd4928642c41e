//! A camera that is not there: a moving test scene (a face-like shape on a
//! background, with the frame counter and timestamp drawn in), or image files
//! played in a loop. It behaves like a device: it lists itself, paces frames at
//! the requested rate, gives stills at its highest resolution, and refuses
//! everything once closed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use image::RgbImage;

use crate::{
    CameraError, CameraSource, CameraStream, DeviceInfo, Frame, PixelEncoding, Result, StreamFormat, StreamRequest,
};

pub const DEVICE_ID: &str = "synthetic-0";

/// Resolutions the synthetic camera offers, like a typical 1080p webcam.
const MODES: [(u32, u32); 3] = [(640, 480), (1280, 720), (1920, 1080)];
const MAX_FPS: u32 = 60;

#[derive(Debug, Clone, Default)]
pub struct SyntheticCamera {
    images: Vec<RgbImage>,
    stall_after: Option<u64>,
}

impl SyntheticCamera {
    /// The moving test scene.
    pub fn new() -> Self {
        SyntheticCamera::default()
    }

    /// Plays these pictures in a loop instead of the scene.
    pub fn from_images(images: Vec<RgbImage>) -> Self {
        SyntheticCamera { images, stall_after: None }
    }

    /// Reads and plays image files (any format `image` reads).
    pub fn from_files(paths: &[PathBuf]) -> Result<Self> {
        let images = paths
            .iter()
            .map(|p| {
                image::open(p)
                    .map(|i| i.into_rgb8())
                    .map_err(|e| CameraError::Backend { detail: format!("cannot play {}: {e}", p.display()) })
            })
            .collect::<Result<Vec<_>>>()?;
        if images.is_empty() {
            return Err(CameraError::Backend { detail: "no image files to play".into() });
        }
        Ok(SyntheticCamera::from_images(images))
    }

    /// After `frames` frames the stream stops producing, as a failing device does.
    pub fn stalling_after(mut self, frames: u64) -> Self {
        self.stall_after = Some(frames);
        self
    }

    fn formats(&self) -> Vec<StreamFormat> {
        MODES
            .iter()
            .map(|&(width, height)| StreamFormat { width, height, fps: 30, encoding: PixelEncoding::Rgb })
            .collect()
    }
}

impl CameraSource for SyntheticCamera {
    fn devices(&self) -> Result<Vec<DeviceInfo>> {
        let name =
            if self.images.is_empty() { "Synthetic camera (test scene)" } else { "Synthetic camera (image files)" };
        Ok(vec![DeviceInfo { id: DEVICE_ID.into(), name: name.into(), formats: self.formats() }])
    }

    fn open(&self, device_id: &str, request: StreamRequest) -> Result<Box<dyn CameraStream>> {
        if device_id != DEVICE_ID {
            return Err(CameraError::UnknownDevice { id: device_id.into() });
        }
        // The closest mode, as a real camera would pick.
        let &(width, height) = MODES
            .iter()
            .min_by_key(|(w, h)| w.abs_diff(request.width) + h.abs_diff(request.height))
            .unwrap_or(&MODES[0]);
        let fps = request.fps.clamp(1, MAX_FPS);
        Ok(Box::new(SyntheticStream {
            format: StreamFormat { width, height, fps, encoding: PixelEncoding::Rgb },
            started: Instant::now(),
            next: 0,
            closed: false,
            frame_timeout: request.frame_timeout,
            stall_after: self.stall_after,
            images: self.images.clone(),
        }))
    }
}

struct SyntheticStream {
    format: StreamFormat,
    started: Instant,
    next: u64,
    closed: bool,
    frame_timeout: Duration,
    stall_after: Option<u64>,
    images: Vec<RgbImage>,
}

impl SyntheticStream {
    fn render(&self, width: u32, height: u32, sequence: u64, at: Duration) -> RgbImage {
        if self.images.is_empty() {
            scene(width, height, sequence, at)
        } else {
            let picture = &self.images[(sequence % self.images.len() as u64) as usize];
            image::imageops::resize(picture, width, height, image::imageops::FilterType::Triangle)
        }
    }
}

impl CameraStream for SyntheticStream {
    fn format(&self) -> StreamFormat {
        self.format
    }

    fn next_frame(&mut self) -> Result<Frame> {
        if self.closed {
            return Err(CameraError::Closed);
        }
        if self.stall_after.is_some_and(|n| self.next >= n) {
            // A stalled device: nothing arrives, and the wait runs out.
            std::thread::sleep(self.frame_timeout);
            return Err(CameraError::Timeout { waited: self.frame_timeout });
        }
        let due = Duration::from_secs_f64(self.next as f64 / f64::from(self.format.fps));
        if let Some(wait) = due.checked_sub(self.started.elapsed()) {
            std::thread::sleep(wait);
        }
        let sequence = self.next;
        self.next += 1;
        let timestamp = self.started.elapsed();
        let image = self.render(self.format.width, self.format.height, sequence, timestamp);
        Ok(Frame { width: image.width(), height: image.height(), rgb: image.into_raw(), sequence, timestamp })
    }

    fn capture_still(&mut self) -> Result<Frame> {
        if self.closed {
            return Err(CameraError::Closed);
        }
        let (width, height) = match self.images.first() {
            Some(picture) if self.images.len() == 1 => picture.dimensions(),
            _ => MODES[MODES.len() - 1],
        };
        let timestamp = self.started.elapsed();
        let sequence = self.next;
        let image = self.render(width, height, sequence, timestamp);
        Ok(Frame { width: image.width(), height: image.height(), rgb: image.into_raw(), sequence, timestamp })
    }

    fn close(&mut self) {
        self.closed = true;
    }
}

/// How long the scene's face takes to go round: it waits off to the side, comes into the
/// middle, stays there, and goes back.
pub const SCENE_CYCLE: Duration = Duration::from_secs(8);

/// Where the scene's face is at `at`, as a share of the frame's width: 0.22 (off to the left)
/// until 1.5 s into each cycle, sliding to 0.5 (the middle) by 2.5 s, still there until 5.5 s,
/// back to 0.22 by 6.5 s. Still between slides, so a live check sees a steady face.
pub fn scene_face_x(at: Duration) -> f32 {
    const SIDE: f32 = 0.22;
    let p = (at.as_millis() % SCENE_CYCLE.as_millis()) as f32 / 1000.0;
    let ease = |from: f32, to: f32, s: f32| {
        let s = s.clamp(0.0, 1.0);
        from + (to - from) * s * s * (3.0 - 2.0 * s)
    };
    if p < 4.0 {
        ease(SIDE, 0.5, p - 1.5)
    } else {
        ease(0.5, SIDE, p - 5.5)
    }
}

/// The test scene: a gradient background, a face-like shape that comes into the middle and
/// goes back to the side (`scene_face_x`), and the frame number and milliseconds drawn as
/// seven-segment digits.
pub fn scene(width: u32, height: u32, sequence: u64, at: Duration) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    let (cx, cy) = (w * scene_face_x(at), h / 2.0);
    let (rx, ry) = (w / 9.0, h / 4.0);
    let eye = |x: f32, y: f32, ex: f32| {
        let (dx, dy) = ((x - ex) / (rx * 0.18), (y - (cy - ry * 0.2)) / (ry * 0.08));
        dx * dx + dy * dy < 1.0
    };
    let mut image = RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let (dx, dy) = ((x - cx) / rx, (y - cy) / ry);
        if eye(x, y, cx - rx * 0.4) || eye(x, y, cx + rx * 0.4) {
            image::Rgb([40, 32, 30])
        } else if dx.abs() < 0.35 && (y - (cy + ry * 0.45)).abs() < ry * 0.05 {
            image::Rgb([150, 70, 70])
        } else if dx * dx + dy * dy < 1.0 {
            image::Rgb([222, 184, 152])
        } else {
            let shade = (y / h * 80.0) as u8;
            image::Rgb([60 + shade, 90 + shade / 2, 140 - shade / 2])
        }
    });
    let size = (height / 24).max(4);
    draw_number(&mut image, sequence, size, size);
    draw_number(&mut image, at.as_millis() as u64, size, size * 4);
    image
}

/// Seven-segment digits, white, `size` pixels per segment.
fn draw_number(image: &mut RgbImage, value: u64, left: u32, top: u32) {
    // Segments a–g of each digit, as bits 0–6.
    const DIGITS: [u8; 10] = [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F];
    let size = (image.height() / 24).max(4);
    let stroke = (size / 4).max(1);
    let text = value.to_string();
    for (i, ch) in text.bytes().enumerate() {
        let bits = DIGITS[usize::from(ch - b'0')];
        let x0 = left + i as u32 * (size + size / 2);
        // (x, y, horizontal?) of each segment.
        let segments = [
            (0, 0, true),
            (size, 0, false),
            (size, size, false),
            (0, 2 * size, true),
            (0, size, false),
            (0, 0, false),
            (0, size, true),
        ];
        for (bit, &(sx, sy, horizontal)) in segments.iter().enumerate() {
            if bits & (1 << bit) == 0 {
                continue;
            }
            let (w, h) = if horizontal { (size + stroke, stroke) } else { (stroke, size + stroke) };
            for y in top + sy..(top + sy + h).min(image.height()) {
                for x in x0 + sx..(x0 + sx + w).min(image.width()) {
                    image.put_pixel(x, y, image::Rgb([255, 255, 255]));
                }
            }
        }
    }
}
