//! What a photo shows, on the device: the quality findings that stop a bad photo at capture
//! (blurred, too dark or bright, glare, too small, cut off; for the selfie: no face, several
//! faces, too far, off centre, cut off), the faces in it, and the selfie's live guidance and
//! auto-capture rule. Pixels in, findings out: no IO, no clock (the caller passes the time).
//!
//! A finding is a code with its measured value and the limit it crossed; the UI words it.
//! The rule the capture SDKs use decides what a finding does: it blocks on the first two
//! attempts of a screen, then becomes a warning the person may accept; a selfie without
//! exactly one face is always refused.

pub mod corners;
mod face;
mod geometry;
mod guidance;
pub mod mrz;
pub mod quality;
pub mod zone;

pub use corners::{find_document, find_in, straighten, Format, Quad};
pub use face::{DetectorError, Face, FaceDetector, MIN_SCORE};
pub use geometry::Rect;
pub use guidance::{guide, AutoCapture, Guidance, Live, LiveCheck, STABLE_FOR, STABLE_IOU};
pub use mrz::{MrzReader, Reading, MAX_RUNS};

use image::RgbImage;

/// What a photo is of: each has its own checks (proof of address skips glare, as Onfido's
/// SDK does: a bill is often glossy and its print survives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    IdDocument,
    ProofOfAddress,
    Selfie,
}

/// A problem with a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Blurred,
    TooDark,
    TooBright,
    Glare,
    TooSmall,
    CutOff,
    NoFace,
    SeveralFaces,
    FaceTooSmall,
    FaceOffCentre,
    FaceCutOff,
}

impl Problem {
    /// Refused however often the person tries: without exactly one face there is no selfie.
    pub fn always_blocks(self) -> bool {
        matches!(self, Problem::NoFace | Problem::SeveralFaces)
    }
}

/// A problem found, with the value measured and the limit it crossed.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub problem: Problem,
    pub value: f32,
    pub limit: f32,
}

/// Limits, calibrated on the committed generators' sets (tests/quality.rs, tests/faces.rs).
pub mod limits {
    /// Laplacian variance of the document's region at `quality::DOCUMENT_WIDTH`: sharp print
    /// measures in the hundreds, σ = 1 about 75, σ = 1.5 about 40, σ = 2 under 28.
    pub const DOCUMENT_SHARPNESS: f32 = 40.0;
    /// Laplacian variance of the face scaled to `quality::FACE_WIDTH` (small enough that sensor
    /// noise averages out: a face is smooth, so at full size noise would pass for detail).
    pub const FACE_SHARPNESS: f32 = 100.0;
    /// Mean luma (0–1) under which a region is too dark.
    pub const DARK: f32 = 0.2;
    /// Share of blown-out pixels over which a region is too bright, if its print is washed out
    /// too (a scan's white paper is blown out, its print still black).
    pub const BLOWN: f32 = 0.25;
    /// The darkest print's luma (0–1) above which it is washed out.
    pub const WASHED_OUT: f32 = 0.35;
    /// Share of glare pixels on the document over which the print may be hidden.
    pub const GLARE: f32 = 0.005;
    /// Share of the photo the document must cover.
    pub const DOCUMENT_SHARE: f32 = 0.2;
    /// Share of the photo's area the face should cover in the live preview (Stripe's selfie
    /// rule: 0.07): guidance to come closer, not a reason to refuse a still.
    pub const FACE_SHARE: f32 = 0.05;
    /// Width in pixels a face must have for a reviewer to compare it with the document's
    /// portrait (a still is judged by its pixels, not by its share of the frame).
    pub const FACE_PIXELS: f32 = 96.0;
    /// Largest offset of the face's centre from the photo's, as a share of its width or height:
    /// guidance in the live preview only (a still off centre still shows the face).
    pub const FACE_OFFSET: f32 = 0.2;
    /// Share of the face's box that may lie outside the photo.
    pub const FACE_OUTSIDE: f32 = 0.1;
}

/// The findings on a photo and what they were measured on.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Assessment {
    pub subject: Subject,
    pub findings: Vec<Finding>,
    pub sharpness: f32,
    pub light: quality::Light,
    /// The document's region, when it could be told from its background.
    pub region: Option<quality::Region>,
    /// The document's outline, when it was found (then the measures are the straightened
    /// document's).
    pub outline: Option<Quad>,
    /// The faces found (a selfie only).
    pub faces: Vec<Face>,
}

fn check(findings: &mut Vec<Finding>, problem: Problem, found: bool, value: f32, limit: f32) {
    if found {
        findings.push(Finding { problem, value, limit });
    }
}

/// A document's photo (ID or proof of address), as it is sent. Measured on the document
/// straightened (`corners`) when its outline is found and holds the photo's patch of detail
/// (an outline inside the print, such as a box on a scanned page, is not the document), else
/// on that patch of detail.
pub fn assess_document(image: &RgbImage, subject: Subject) -> Assessment {
    let gray = quality::luma(image);
    let detail = quality::document_region(&gray);
    let found = find_in(&gray)
        .map(|quad| (quad, quality::Region::of_outline(&quad, gray.dimensions())))
        .filter(|(_, outline)| detail.is_none_or(|d| outline.holds(&d.bounds, gray.dimensions())))
        .and_then(|(quad, outline)| straighten(&gray, &quad).map(|(_, page)| (quad, outline, page)));
    let (outline, region, area) = match found {
        Some((quad, outline, page)) => (Some(quad), Some(outline), page),
        None => (None, detail, detail.map_or_else(|| gray.clone(), |r| quality::crop(&gray, &r.bounds))),
    };
    let sharpness = quality::sharpness(&quality::at_most(&area, quality::DOCUMENT_WIDTH));
    let light = quality::light(&area);
    let mut findings = Vec::new();
    sharp_and_lit(&mut findings, sharpness, limits::DOCUMENT_SHARPNESS, &light);
    if subject != Subject::ProofOfAddress {
        check(&mut findings, Problem::Glare, light.glare > limits::GLARE, light.glare, limits::GLARE);
    }
    if let Some(r) = region {
        // Off one side of the photo: touching the left or the right edge, not both (a document
        // filling the width is a scan or a close crop), and likewise top or bottom.
        let [left, top, right, bottom] = r.touches;
        let edges = r.touches.iter().filter(|t| **t).count();
        // A photo with an ID card's or a passport page's proportions, whose detail reaches its
        // edge, is a scan or a crop of the document itself: its edges are the document's.
        let whole = edges > 0 && Quad::filling(gray.dimensions()).is_some();
        let cut = if whole { 0 } else { usize::from(left != right) + usize::from(top != bottom) };
        check(&mut findings, Problem::CutOff, cut > 0, cut as f32, 0.0);
        check(
            &mut findings,
            Problem::TooSmall,
            edges == 0 && r.share < limits::DOCUMENT_SHARE,
            r.share,
            limits::DOCUMENT_SHARE,
        );
    }
    Assessment { subject, findings, sharpness, light, region, outline, faces: Vec::new() }
}

/// Blurred (under `sharpness_limit`), too dark, or too bright: the checks a document's region
/// and a face share. Too bright only when the print is washed out too.
fn sharp_and_lit(findings: &mut Vec<Finding>, sharpness: f32, sharpness_limit: f32, light: &quality::Light) {
    check(findings, Problem::Blurred, sharpness < sharpness_limit, sharpness, sharpness_limit);
    check(findings, Problem::TooDark, light.mean < limits::DARK, light.mean, limits::DARK);
    let too_bright = light.blown > limits::BLOWN && light.darkest > limits::WASHED_OUT;
    check(findings, Problem::TooBright, too_bright, light.blown, limits::BLOWN);
}

/// A selfie: exactly one face, with pixels enough for a reviewer, in frame, sharp and lit.
/// Where the face sits and its share of the frame are the live preview's guidance, not reasons
/// to refuse a still.
pub fn assess_selfie(image: &RgbImage, detector: &FaceDetector) -> Result<Assessment, DetectorError> {
    let faces = detector.detect(image)?;
    let gray = quality::luma(image);
    let mut findings = Vec::new();
    let (mut sharpness, mut light) = (0.0, quality::light(&gray));
    match faces.as_slice() {
        [] => check(&mut findings, Problem::NoFace, true, 0.0, 1.0),
        [face] => {
            let (w, h) = (image.width() as f32, image.height() as f32);
            let b = face.bounds;
            let inside = Rect { x: b.x.max(0.0), y: b.y.max(0.0), width: 0.0, height: 0.0 };
            let inside =
                Rect { width: (b.x + b.width).min(w) - inside.x, height: (b.y + b.height).min(h) - inside.y, ..inside };
            let outside = 1.0 - inside.area() / b.area().max(1.0);
            let region = quality::crop(&gray, &b);
            sharpness = quality::sharpness(&quality::to_width(&region, quality::FACE_WIDTH));
            light = quality::light(&region);
            check(&mut findings, Problem::FaceCutOff, outside > limits::FACE_OUTSIDE, outside, limits::FACE_OUTSIDE);
            let pixels = b.width.min(b.height);
            check(&mut findings, Problem::FaceTooSmall, pixels < limits::FACE_PIXELS, pixels, limits::FACE_PIXELS);
            sharp_and_lit(&mut findings, sharpness, limits::FACE_SHARPNESS, &light);
        }
        several => check(&mut findings, Problem::SeveralFaces, true, several.len() as f32, 1.0),
    }
    Ok(Assessment { subject: Subject::Selfie, findings, sharpness, light, region: None, outline: None, faces })
}

/// What the findings mean on the person's `attempt` (1 for the first photo of a screen).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "verdict", content = "findings", rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    /// The person must take another photo.
    Blocked(Vec<Finding>),
    /// The person may send it anyway, having been told.
    Warned(Vec<Finding>),
}

/// Attempts on which a finding blocks; from the next one on it is a warning (Onfido's rule).
pub const BLOCKING_ATTEMPTS: u32 = 2;

pub fn verdict(findings: &[Finding], attempt: u32) -> Verdict {
    if findings.is_empty() {
        Verdict::Pass
    } else if attempt <= BLOCKING_ATTEMPTS || findings.iter().any(|f| f.problem.always_blocks()) {
        Verdict::Blocked(findings.to_vec())
    } else {
        Verdict::Warned(findings.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_blocks_twice_then_warns_but_a_missing_face_always_blocks() {
        let blur = Finding { problem: Problem::Blurred, value: 5.0, limit: 40.0 };
        let no_face = Finding { problem: Problem::NoFace, value: 0.0, limit: 1.0 };
        assert_eq!(verdict(&[], 1), Verdict::Pass);
        assert_eq!(verdict(&[blur], 1), Verdict::Blocked(vec![blur]));
        assert_eq!(verdict(&[blur], 2), Verdict::Blocked(vec![blur]));
        assert_eq!(verdict(&[blur], 3), Verdict::Warned(vec![blur]));
        assert_eq!(verdict(&[no_face], 9), Verdict::Blocked(vec![no_face]));
    }
}
