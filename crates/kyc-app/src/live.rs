//! The selfie preview's live check: each checked frame's guidance and the moment to take the
//! photo by itself. One `kyc_vision::LiveCheck` serves both cameras: the desktop camera's
//! preview frames, already in Rust, and the small frames a phone's page hands over from its own
//! camera.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kyc_camera::Preview;
use kyc_vision::{FaceDetector, Live, LiveCheck};

use crate::{AppError, Vault, FRAME_WAIT};

/// At most one check per this much camera time: every other frame of a 30 fps camera (15 a
/// second; 80 ms would wait for every third, only 10), often enough for guidance that follows
/// the person while the preview keeps the rest of the machine.
pub const CHECK_EVERY: Duration = Duration::from_millis(60);

/// The largest frame a page may hand over, long edge in pixels (it sends about 320).
pub const PAGE_FRAME_EDGE: u32 = 640;

fn detector() -> Result<&'static FaceDetector, AppError> {
    FaceDetector::shared().map_err(|e| AppError::Internal { message: e.to_string() })
}

/// Checks the preview's newest frame, at most once per `CHECK_EVERY` of the camera's clock, and
/// hands each result to `deliver` until the preview ends or `deliver` answers `false` (the page
/// is gone). A failing camera is the preview's frames to tell; here it only ends the checks.
/// Runs on the caller's thread.
pub fn watch_preview(preview: &Preview, mut deliver: impl FnMut(Live) -> bool) -> Result<(), AppError> {
    let mut check = LiveCheck::new(detector()?);
    let mut not_before = Duration::ZERO;
    while let Ok(pixels) = preview.pixels(not_before, FRAME_WAIT) {
        let live = check
            .observe(&pixels.image, pixels.timestamp)
            .map_err(|e| AppError::Internal { message: e.to_string() })?;
        if !deliver(live) {
            break;
        }
        not_before = pixels.timestamp + CHECK_EVERY;
    }
    Ok(())
}

/// A small frame from the page's own camera (phones): RGBA pixels as a canvas gives them.
pub struct PageFrame {
    pub width: u32,
    pub height: u32,
    /// When the page drew it, in milliseconds on the page's clock (only ever forward).
    pub at_ms: u64,
    /// The first frame of a new preview: the check starts again.
    pub first: bool,
    pub rgba: Vec<u8>,
}

/// The live check of the page's camera, kept between its frames.
#[derive(Default, Clone)]
pub struct PageLive(Arc<Mutex<Option<LiveCheck>>>);

impl PageLive {
    /// Checks one of the page's frames (after consent, as the still), off the async threads.
    pub async fn check(&self, vault: &Vault, frame: PageFrame) -> Result<Live, AppError> {
        vault.consent().ok_or(AppError::NoConsent)?;
        let image = pixels(frame.width, frame.height, frame.rgba)?;
        let state = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let mut check = state.lock().unwrap_or_else(|e| e.into_inner());
            if frame.first || check.is_none() {
                *check = Some(LiveCheck::new(detector()?));
            }
            let check = check.as_mut().ok_or(AppError::Internal { message: "no live check".into() })?;
            check
                .observe(&image, Duration::from_millis(frame.at_ms))
                .map_err(|e| AppError::Internal { message: e.to_string() })
        })
        .await
        .map_err(|e| AppError::Internal { message: e.to_string() })?
    }
}

/// The page's RGBA as RGB, refused when its size is not what it says or larger than a preview.
fn pixels(width: u32, height: u32, rgba: Vec<u8>) -> Result<image::RgbImage, AppError> {
    let wrong = |why: &str| AppError::Internal { message: format!("The page sent a camera frame {why}.") };
    if width == 0 || height == 0 || width.max(height) > PAGE_FRAME_EDGE {
        return Err(wrong(&format!("of {width}×{height} pixels (at most {PAGE_FRAME_EDGE} on the long edge)")));
    }
    if rgba.len() as u64 != u64::from(width) * u64::from(height) * 4 {
        return Err(wrong("whose bytes do not match its size"));
    }
    let rgba =
        image::RgbaImage::from_raw(width, height, rgba).ok_or_else(|| wrong("whose bytes do not match its size"))?;
    Ok(image::DynamicImage::ImageRgba8(rgba).into_rgb8())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use kyc_camera::synthetic::scene;
    use kyc_vision::Guidance::*;

    use super::*;

    /// The synthetic camera's scene as the live check sees it, ten frames a second for one
    /// cycle: its cartoon face is found by the real detector, told to come to the middle while
    /// at the side, and taken by itself once it has been still in the middle for half a second.
    #[test]
    fn the_synthetic_scene_is_guided_into_the_middle_and_taken_by_itself() {
        let mut check = LiveCheck::new(detector().unwrap());
        let mut said = Vec::new();
        let mut taken = Vec::new();
        for i in 0..80u64 {
            let at = Duration::from_millis(100 * i);
            let live = check.observe(&scene(640, 480, i, at), at).unwrap();
            assert!(live.face.is_some(), "the cartoon face is found at {at:?}");
            said.push(live.guidance);
            if live.capture {
                taken.push(i);
            }
        }
        assert!(said[..15].iter().all(|g| *g == CentreFace), "at the side: {said:?}");
        assert!(said[25..30].contains(&HoldStill), "{said:?}");
        // Still in the middle from 2.5 s: taken half a second later, once.
        assert_eq!(taken.len(), 1, "{said:?}");
        assert!((29..=31).contains(&taken[0]), "taken at frame {}: {said:?}", taken[0]);
        assert!(said[66..].iter().all(|g| *g == CentreFace), "back at the side: {said:?}");
    }

    /// The same through a running synthetic camera, as the shell's check thread runs it: the
    /// guidance follows the face until it is taken, and the check ends when told to.
    #[test]
    fn watching_a_running_preview_tells_the_guidance_until_the_photo_is_taken() {
        let camera = kyc_camera::SyntheticCamera::new();
        let request = kyc_camera::StreamRequest { width: 640, height: 480, fps: 30, frame_timeout: FRAME_WAIT };
        let preview =
            kyc_camera::Choice::Synthetic.open(&camera, request, kyc_camera::PreviewOptions::default()).unwrap();
        let mut said = Vec::new();
        watch_preview(&preview, |live| {
            said.push(live.guidance);
            !live.capture
        })
        .unwrap();
        assert_eq!(said.first(), Some(&CentreFace), "{said:?}");
        assert_eq!(said.last(), Some(&Ready), "{said:?}");
        assert!(said.contains(&HoldStill), "{said:?}");
        // Taken about 3 s into the scene, checked about 15 times a second: not every frame of 30.
        assert!((30..=60).contains(&said.len()), "{} checks: {said:?}", said.len());
        preview.close();
        assert!(watch_preview(&preview, |_| true).is_ok(), "a closed preview ends the check");
    }

    #[test]
    fn a_page_frame_must_be_the_size_it_says_and_no_larger_than_a_preview() {
        assert!(pixels(2, 2, vec![0; 16]).is_ok());
        for (w, h, len) in [(2, 2, 15), (2, 2, 17), (0, 2, 0), (641, 10, 641 * 40), (4000, 3000, 10)] {
            match pixels(w, h, vec![0; len]) {
                Err(AppError::Internal { message }) => assert!(message.starts_with("The page sent a camera frame")),
                other => panic!("{w}×{h} with {len} bytes: {other:?}"),
            }
        }
    }
}
