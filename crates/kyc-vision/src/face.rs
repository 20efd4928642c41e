//! Faces, found by MediaPipe's BlazeFace models (Apache-2.0), converted once to ONNX
//! (models/README.md) and run by `tract` in pure Rust: the full-range model, made for faces at a
//! distance (standing portraits, groups), and — when it sees none — the short-range model, made
//! for a face near the camera (a phone's front camera, a face filling the frame, a face crop).
//! The models are in the binary: nothing is read from disk or the network at run time.

use std::io::Cursor;

use image::{imageops, RgbImage};
use tract_onnx::prelude::*;

use crate::geometry::Rect;

/// A BlazeFace model: its file (as converted and recorded in models/README.md), its square
/// input in pixels, and its anchors as (grid cells across, anchors per cell), one grid per
/// stride, each anchor centred in its cell and the size of the input.
struct Model {
    file: &'static [u8],
    input: u32,
    grids: &'static [(usize, usize)],
}

/// Full range: 192 px, one anchor per cell of a 48×48 grid (stride 4).
const FULL_RANGE: Model =
    Model { file: include_bytes!("../models/face_detection_full_range.onnx"), input: 192, grids: &[(48, 1)] };
/// Short range: 128 px, two anchors per cell of 16×16 (stride 8) and six per cell of 8×8
/// (strides 16, 16, 16 merged, as MediaPipe's SsdAnchorsCalculator makes them): 896 anchors.
const SHORT_RANGE: Model =
    Model { file: include_bytes!("../models/face_detection_short_range.onnx"), input: 128, grids: &[(16, 2), (8, 6)] };

/// MediaPipe's own thresholds for the full-range model: a face from a score of 0.6; boxes
/// overlapping by more than 0.3 are one face, their boxes averaged by score.
pub const MIN_SCORE: f32 = 0.6;
const SAME_FACE_IOU: f32 = 0.3;
/// A full-range face scored under this is kept only when the short-range model, shown the
/// square around it, finds a face there too (from `MIN_SCORE`). Fitted on the real corpus
/// (tests/real_faces.rs): coffee, a clock and galaxies scored 0.62–0.72 as small faces; real
/// faces that scored as low were far (in groups) or close-ups, and the second look confirms them.
pub const SURE_SCORE: f32 = 0.75;
/// The short-range model alone (the full-range model saw no face) is believed from this score:
/// on the real corpus its faces filling the frame scored 0.72–0.89, its inventions (a cat, a
/// clock, coffee, galaxies) 0.61–0.73.
pub const SHORT_RANGE_SCORE: f32 = 0.75;
/// The square shown to the short-range model for a second look: the face's box grown this much.
const SECOND_LOOK: f32 = 1.6;

/// A face: its box in the image's pixels and the model's confidence (0–1).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Face {
    pub bounds: Rect,
    pub score: f32,
}

/// A model (the face detector, the MRZ reader) could not be loaded or run; a fault of the
/// build, not of the photo.
#[derive(Debug, thiserror::Error)]
#[error("an on-device model failed: {0}")]
pub struct DetectorError(String);

impl DetectorError {
    pub(crate) fn new(message: String) -> Self {
        DetectorError(message)
    }
}

pub(crate) type Plan = std::sync::Arc<TypedSimplePlan>;

/// An ONNX model compiled into the binary, planned for one input shape.
pub(crate) fn plan(model: &[u8], input: [usize; 4]) -> Result<Plan, DetectorError> {
    let fail = |e: TractError| DetectorError(e.to_string());
    tract_onnx::onnx()
        .model_for_read(&mut Cursor::new(model))
        .map_err(fail)?
        .with_input_fact(0, f32::fact(input).into())
        .map_err(fail)?
        .into_optimized()
        .map_err(fail)?
        .into_runnable()
        .map_err(fail)
}

/// A model planned for its input.
struct Net {
    model: &'static Model,
    plan: Plan,
}

/// The detector, loaded once (about 2.5 MB of weights, ~100 ms) and used for every frame.
pub struct FaceDetector {
    full: Net,
    short: Net,
}

impl FaceDetector {
    /// The one detector of this process, loaded on first use.
    pub fn shared() -> Result<&'static FaceDetector, DetectorError> {
        static SHARED: std::sync::OnceLock<Result<FaceDetector, String>> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| FaceDetector::new().map_err(|e| e.0)).as_ref().map_err(|e| DetectorError(e.clone()))
    }

    pub fn new() -> Result<Self, DetectorError> {
        Ok(FaceDetector { full: Net::load(&FULL_RANGE)?, short: Net::load(&SHORT_RANGE)? })
    }

    /// Every face in the image, the most certain first: the full-range model's faces, or, when
    /// it sees none, the short-range model's (a face too near for the first).
    /// A face the full-range model is unsure of (under `SURE_SCORE`) is kept only when the
    /// short-range model finds one in the square around it; the short-range model's own faces
    /// need `SHORT_RANGE_SCORE`.
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<Face>, DetectorError> {
        let faces = self.full.detect(image)?;
        if faces.is_empty() {
            let mut near = self.short.detect(image)?;
            near.retain(|f| f.score >= SHORT_RANGE_SCORE);
            return Ok(near);
        }
        let mut kept = Vec::with_capacity(faces.len());
        for face in faces {
            if face.score >= SURE_SCORE || self.second_look(image, &face)? {
                kept.push(face);
            }
        }
        Ok(kept)
    }

    /// Whether the short-range model finds a face in the square around `face`.
    fn second_look(&self, image: &RgbImage, face: &Face) -> Result<bool, DetectorError> {
        let Some(square) = face.bounds.grown(SECOND_LOOK).within(image.dimensions()) else { return Ok(false) };
        let crop = imageops::crop_imm(image, square.0, square.1, square.2, square.3).to_image();
        Ok(!self.short.detect(&crop)?.is_empty())
    }
}

impl Net {
    fn load(model: &'static Model) -> Result<Net, DetectorError> {
        let side = model.input as usize;
        Ok(Net { model, plan: plan(model.file, [1, 3, side, side])? })
    }

    fn detect(&self, image: &RgbImage) -> Result<Vec<Face>, DetectorError> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Ok(Vec::new());
        }
        let input = self.model.input;
        let letterbox = Letterbox::of(width, height, input);
        let small = imageops::resize(image, letterbox.inner_w, letterbox.inner_h, imageops::FilterType::Triangle);
        let side = input as usize;
        let tensor = tract_ndarray::Array4::from_shape_fn((1, 3, side, side), |(_, c, y, x)| {
            let (x, y) = (x as i64 - i64::from(letterbox.pad_x), y as i64 - i64::from(letterbox.pad_y));
            if x < 0 || y < 0 || x >= i64::from(letterbox.inner_w) || y >= i64::from(letterbox.inner_h) {
                -1.0
            } else {
                f32::from(small.get_pixel(x as u32, y as u32)[c]) / 127.5 - 1.0
            }
        });
        let outputs =
            self.plan.run(tvec!(Tensor::from(tensor).into_tvalue())).map_err(|e| DetectorError(e.to_string()))?;
        let boxes = outputs[0].to_plain_array_view::<f32>().map_err(|e| DetectorError(e.to_string()))?;
        let scores = outputs[1].to_plain_array_view::<f32>().map_err(|e| DetectorError(e.to_string()))?;
        let mut candidates = Vec::new();
        for (anchor, (ax, ay)) in anchors(self.model).enumerate() {
            let score = sigmoid(scores[[0, anchor, 0]]);
            if score < MIN_SCORE {
                continue;
            }
            let cx = ax * input as f32 + boxes[[0, anchor, 0]];
            let cy = ay * input as f32 + boxes[[0, anchor, 1]];
            let (w, h) = (boxes[[0, anchor, 2]], boxes[[0, anchor, 3]]);
            let bounds = letterbox.to_image(Rect { x: cx - w / 2.0, y: cy - h / 2.0, width: w, height: h });
            candidates.push(Face { bounds, score });
        }
        Ok(weighted_nms(candidates))
    }
}

/// Each anchor's centre as a share of the input, in the model's output order (grid by grid,
/// row by row, cell by cell, the anchors of a cell together).
fn anchors(model: &Model) -> impl Iterator<Item = (f32, f32)> + '_ {
    model.grids.iter().flat_map(|&(grid, per_cell)| {
        (0..grid * grid).flat_map(move |cell| {
            let centre = (((cell % grid) as f32 + 0.5) / grid as f32, ((cell / grid) as f32 + 0.5) / grid as f32);
            std::iter::repeat_n(centre, per_cell)
        })
    })
}

/// Where the image sits, scaled to fit, in the model's square input.
struct Letterbox {
    scale: f32,
    inner_w: u32,
    inner_h: u32,
    pad_x: u32,
    pad_y: u32,
}

impl Letterbox {
    fn of(width: u32, height: u32, input: u32) -> Letterbox {
        let scale = input as f32 / width.max(height) as f32;
        let inner_w = ((width as f32 * scale).round() as u32).clamp(1, input);
        let inner_h = ((height as f32 * scale).round() as u32).clamp(1, input);
        Letterbox { scale, inner_w, inner_h, pad_x: (input - inner_w) / 2, pad_y: (input - inner_h) / 2 }
    }

    fn to_image(&self, r: Rect) -> Rect {
        Rect {
            x: (r.x - self.pad_x as f32) / self.scale,
            y: (r.y - self.pad_y as f32) / self.scale,
            width: r.width / self.scale,
            height: r.height / self.scale,
        }
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-100.0, 100.0)).exp())
}

/// A box with a finite position and a positive, finite size: anything else is not a face (and
/// has no overlap with itself).
fn is_box(r: &Rect) -> bool {
    [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite()) && r.width > 0.0 && r.height > 0.0
}

/// MediaPipe's weighted non-maximum suppression: overlapping boxes become one, averaged by score.
/// Boxes that are not boxes are dropped first, and the best candidate always leaves with its
/// group, so every turn removes at least one candidate.
fn weighted_nms(mut candidates: Vec<Face>) -> Vec<Face> {
    candidates.retain(|c| is_box(&c.bounds) && c.score.is_finite());
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut faces = Vec::new();
    while !candidates.is_empty() {
        let best = candidates.remove(0);
        let (mut same, rest): (Vec<Face>, Vec<Face>) =
            candidates.into_iter().partition(|c| c.bounds.iou(&best.bounds) > SAME_FACE_IOU);
        same.push(best);
        let total: f32 = same.iter().map(|f| f.score).sum();
        let avg = |get: fn(&Rect) -> f32| same.iter().map(|f| get(&f.bounds) * f.score).sum::<f32>() / total;
        faces.push(Face {
            bounds: Rect { x: avg(|r| r.x), y: avg(|r| r.y), width: avg(|r| r.width), height: avg(|r| r.height) },
            score: best.score,
        });
        candidates = rest;
    }
    faces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letterboxed_box_maps_back_to_the_image() {
        let l = Letterbox::of(640, 480, 192);
        assert_eq!((l.inner_w, l.inner_h, l.pad_x, l.pad_y), (192, 144, 0, 24));
        let r = l.to_image(Rect { x: 96.0, y: 24.0, width: 96.0, height: 72.0 });
        let rounded = [r.x, r.y, r.width, r.height].map(|v| (v * 1000.0).round() / 1000.0);
        assert_eq!(rounded, [320.0, 0.0, 320.0, 240.0]);
    }

    #[test]
    fn the_shared_detector_is_loaded_once() {
        let first = FaceDetector::shared().expect("the model loads");
        assert!(std::ptr::eq(first, FaceDetector::shared().unwrap()));
    }

    #[test]
    fn overlapping_boxes_become_one_face_and_apart_ones_stay_two() {
        let face = |x: f32, score| Face { bounds: Rect { x, y: 0.0, width: 10.0, height: 10.0 }, score };
        let faces = weighted_nms(vec![face(0.0, 0.9), face(1.0, 0.9), face(50.0, 0.7)]);
        assert_eq!(faces.len(), 2);
        assert_eq!((faces[0].bounds.x, faces[0].score), (0.5, 0.9));
        assert_eq!(faces[1].bounds.x, 50.0);
    }

    #[test]
    fn a_box_that_is_not_a_box_leaves_the_suppression_at_once() {
        // Before the fix each of these made the suppression loop for ever (its overlap with
        // itself is 0, so it was never removed).
        let face = |width: f32, height: f32| Face { bounds: Rect { x: 5.0, y: 5.0, width, height }, score: 0.9 };
        let bad = [face(0.0, 10.0), face(10.0, -3.0), face(f32::NAN, 10.0), face(10.0, f32::INFINITY)];
        for b in bad {
            assert_eq!(weighted_nms(vec![b]), Vec::new(), "{b:?}");
        }
        let good = Face { bounds: Rect { x: 100.0, y: 0.0, width: 10.0, height: 10.0 }, score: 0.7 };
        assert_eq!(weighted_nms(bad.iter().copied().chain([good]).collect()), vec![good]);
    }

    #[test]
    fn the_anchors_are_those_of_each_model() {
        assert_eq!(anchors(&FULL_RANGE).count(), 2304);
        assert_eq!(anchors(&SHORT_RANGE).count(), 896);
        let short: Vec<(f32, f32)> = anchors(&SHORT_RANGE).collect();
        // The first cell's two anchors, then the second cell's; the 8×8 grid's begin at 512.
        assert_eq!(&short[..3], &[(1.0 / 32.0, 1.0 / 32.0), (1.0 / 32.0, 1.0 / 32.0), (3.0 / 32.0, 1.0 / 32.0)]);
        assert_eq!(short[512], (1.0 / 16.0, 1.0 / 16.0));
        assert_eq!(short[895], (15.0 / 16.0, 15.0 / 16.0));
    }
}
