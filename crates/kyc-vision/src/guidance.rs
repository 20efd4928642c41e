//! The selfie preview's guidance: what to do next, from the faces in a frame, and the rule
//! that takes the photo by itself once the face has been steady and well placed for a moment
//! (Stripe's rule of thumb: boxes overlapping by IoU ≥ 0.95 between frames for 500 ms). The
//! manual button stays; this only adds a way.

use std::time::Duration;

use crate::{limits, Face, Rect};

/// What the person is told, one message at a time, the most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Guidance {
    /// No face: "Put your face in the oval".
    FaceInOval,
    /// "Only one person, please".
    OnlyOnePerson,
    /// "Move closer".
    MoveCloser,
    /// "Move back a little".
    MoveBack,
    /// "Centre your face".
    CentreFace,
    /// "More light, please".
    MoreLight,
    /// Well placed, moving: "Hold still".
    HoldStill,
    /// Well placed and steady: the photo is about to be taken.
    Ready,
}

impl Guidance {
    /// Every message, in the order of importance `guide` uses.
    pub const ALL: [Guidance; 8] = [
        Guidance::FaceInOval,
        Guidance::OnlyOnePerson,
        Guidance::MoveCloser,
        Guidance::MoveBack,
        Guidance::CentreFace,
        Guidance::MoreLight,
        Guidance::HoldStill,
        Guidance::Ready,
    ];
}

/// The largest share of the frame a face may fill before it is too close (the oval's edge).
pub const FACE_SHARE_MAX: f32 = 0.6;
/// Frames whose face boxes overlap at least this much are steady.
pub const STABLE_IOU: f32 = 0.95;
/// How long the face must stay steady and well placed before the photo is taken.
pub const STABLE_FOR: Duration = Duration::from_millis(500);

/// The guidance for a frame of `width`×`height` with these faces and this mean luma (0–1) on
/// the face. Steadiness is `AutoCapture`'s to judge: a well-placed face gives `HoldStill`.
pub fn guide(width: u32, height: u32, faces: &[Face], face_luma: f32) -> Guidance {
    let face = match faces {
        [] => return Guidance::FaceInOval,
        [face] => face.bounds,
        _ => return Guidance::OnlyOnePerson,
    };
    let (w, h) = (width as f32, height as f32);
    let share = face.area() / (w * h);
    let (cx, cy) = face.centre();
    let offset = ((cx - w / 2.0).abs() / w).max((cy - h / 2.0).abs() / h);
    if share < limits::FACE_SHARE {
        Guidance::MoveCloser
    } else if share > FACE_SHARE_MAX {
        Guidance::MoveBack
    } else if offset > limits::FACE_OFFSET {
        Guidance::CentreFace
    } else if face_luma < limits::DARK {
        Guidance::MoreLight
    } else {
        Guidance::HoldStill
    }
}

/// Takes the photo once the face has been well placed and steady for `STABLE_FOR`, once.
/// Fed one frame at a time with the time it was taken (any clock: tests script it).
#[derive(Debug, Default)]
pub struct AutoCapture {
    last: Option<Rect>,
    steady_since: Option<Duration>,
    taken: bool,
}

impl AutoCapture {
    /// The guidance to show for this frame, and whether to take the photo now.
    pub fn observe(&mut self, at: Duration, guidance: Guidance, face: Option<Rect>) -> (Guidance, bool) {
        let previous = std::mem::replace(&mut self.last, face);
        if guidance != Guidance::HoldStill {
            // Face gone, moved out of place, or a second person: start again.
            self.steady_since = None;
            if guidance == Guidance::FaceInOval {
                self.taken = false;
            }
            return (guidance, false);
        }
        let steady = matches!((previous, face), (Some(a), Some(b)) if a.iou(&b) >= STABLE_IOU);
        if !steady {
            self.steady_since = None;
            return (Guidance::HoldStill, false);
        }
        let since = *self.steady_since.get_or_insert(at);
        if at.saturating_sub(since) >= STABLE_FOR && !self.taken {
            self.taken = true;
            return (Guidance::Ready, true);
        }
        (if self.taken { Guidance::Ready } else { Guidance::HoldStill }, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Duration = Duration::from_millis(100);

    fn face(x: f32) -> Face {
        Face { bounds: Rect { x, y: 140.0, width: 200.0, height: 200.0 }, score: 0.9 }
    }

    /// Feeds boxes one frame apart; answers the frame indexes at which the photo was taken.
    fn run(frames: &[Option<Face>]) -> Vec<usize> {
        let mut auto = AutoCapture::default();
        let mut taken = Vec::new();
        for (i, f) in frames.iter().enumerate() {
            let faces: Vec<Face> = f.iter().copied().collect();
            let guidance = guide(640, 480, &faces, 0.5);
            if auto.observe(FRAME * i as u32, guidance, f.map(|f| f.bounds)).1 {
                taken.push(i);
            }
        }
        taken
    }

    #[test]
    fn a_steady_centred_face_is_taken_once_after_half_a_second() {
        let steady = vec![Some(face(220.0)); 12];
        // Steady from the second frame (t = 100 ms); 500 ms later is frame 6.
        assert_eq!(run(&steady), [6]);
    }

    #[test]
    fn a_face_that_jitters_is_never_taken() {
        let jitter: Vec<Option<Face>> = (0..30).map(|i| Some(face(if i % 2 == 0 { 220.0 } else { 232.0 }))).collect();
        assert!(face(220.0).bounds.iou(&face(232.0).bounds) < STABLE_IOU);
        assert_eq!(run(&jitter), Vec::<usize>::new());
    }

    #[test]
    fn a_face_that_leaves_starts_the_count_again_and_may_be_taken_again() {
        let mut frames = vec![Some(face(220.0)); 4];
        frames.push(None);
        frames.extend(vec![Some(face(220.0)); 8]);
        // Not at 4 frames (300 ms steady); after leaving, steady again from frame 6: taken at 11.
        assert_eq!(run(&frames), [11]);
        let mut twice = vec![Some(face(220.0)); 8];
        twice.push(None);
        twice.extend(vec![Some(face(220.0)); 8]);
        assert_eq!(run(&twice), [6, 15]);
    }

    #[test]
    fn guidance_says_the_most_important_thing_first() {
        assert_eq!(guide(640, 480, &[], 0.5), Guidance::FaceInOval);
        assert_eq!(guide(640, 480, &[face(220.0), face(0.0)], 0.5), Guidance::OnlyOnePerson);
        let small = Face { bounds: Rect { x: 300.0, y: 220.0, width: 40.0, height: 40.0 }, score: 0.9 };
        assert_eq!(guide(640, 480, &[small], 0.5), Guidance::MoveCloser);
        let close = Face { bounds: Rect { x: 20.0, y: 0.0, width: 600.0, height: 480.0 }, score: 0.9 };
        assert_eq!(guide(640, 480, &[close], 0.5), Guidance::MoveBack);
        assert_eq!(guide(640, 480, &[face(0.0)], 0.5), Guidance::CentreFace);
        assert_eq!(guide(640, 480, &[face(220.0)], 0.1), Guidance::MoreLight);
        assert_eq!(guide(640, 480, &[face(220.0)], 0.5), Guidance::HoldStill);
    }
}

/// The live check of one selfie preview: each frame's faces, the guidance to show, and whether
/// to take the photo now. One per preview (it remembers the last frames); the desktop camera's
/// frames and the phone page's small frames go through the same one.
pub struct LiveCheck {
    detector: &'static crate::FaceDetector,
    auto: AutoCapture,
}

/// What the preview shows for a frame.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Live {
    pub guidance: Guidance,
    /// The face found, in the frame's pixels (none, or the first of several).
    pub face: Option<Rect>,
    /// Take the photo now (once per steady spell).
    pub capture: bool,
}

impl LiveCheck {
    pub fn new(detector: &'static crate::FaceDetector) -> LiveCheck {
        LiveCheck { detector, auto: AutoCapture::default() }
    }

    /// Checks a frame taken at `at` (any clock, as long as it only goes forward).
    pub fn observe(&mut self, frame: &image::RgbImage, at: Duration) -> Result<Live, crate::DetectorError> {
        let faces = self.detector.detect(frame)?;
        let face = faces.first().map(|f| f.bounds);
        let luma =
            face.map_or(1.0, |b| crate::quality::light(&crate::quality::crop(&crate::quality::luma(frame), &b)).mean);
        let (guidance, capture) = self.auto.observe(at, guide(frame.width(), frame.height(), &faces, luma), face);
        Ok(Live { guidance, face, capture })
    }
}
