//! Reading a document's machine-readable zone: its lines found on the straightened page (rows of
//! dark print in the page's lower part), each read by PaddleOCR's PP-OCRv4 recognition network
//! (Apache-2.0, from the PyPI wheel `rapidocr_onnxruntime`; its last layer cut to the MRZ's 37
//! characters, models/README.md) run by `tract`, decoded greedily (CTC). What the lines say, and
//! whether their check digits hold, is `kyc-flow`'s to judge (the `mrz` crate).

use image::{imageops, GrayImage};
use tract_onnx::prelude::*;

use crate::face::{plan, Plan};
use crate::DetectorError;

const MODEL: &[u8] = include_bytes!("../models/mrz_recognition.onnx");
/// The classes after CTC's blank (index 0), in the model's order.
const ALPHABET: &[u8; 37] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
/// The network's input: a line scaled to 48 px high, padded to this width (a 44-character
/// line is about 27 times as wide as high).
const HEIGHT: u32 = 48;
const WIDTH: u32 = 2048;

/// The recogniser, loaded once (7.6 MB of weights) and used for every line.
pub struct MrzReader {
    plan: Plan,
}

impl MrzReader {
    /// The one reader of this process, loaded on first use.
    pub fn shared() -> Result<&'static MrzReader, DetectorError> {
        static SHARED: std::sync::OnceLock<Result<MrzReader, String>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| MrzReader::new().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| DetectorError::new(e.clone()))
    }

    pub fn new() -> Result<Self, DetectorError> {
        Ok(MrzReader { plan: plan(MODEL, [1, 3, HEIGHT as usize, WIDTH as usize])? })
    }

    /// The characters of one line of print (a grey crop a little taller than the line).
    pub fn read_line(&self, line: &GrayImage) -> Result<String, DetectorError> {
        let (w, h) = line.dimensions();
        let width = ((w as f32 * HEIGHT as f32 / h.max(1) as f32).ceil() as u32).clamp(1, WIDTH);
        let scaled = imageops::resize(line, width, HEIGHT, imageops::FilterType::Triangle);
        // As PaddleOCR feeds it: x / 127.5 − 1 in all three channels, zero (mid-grey) padding.
        let input = tract_ndarray::Array4::from_shape_fn((1, 3, HEIGHT as usize, WIDTH as usize), |(_, _, y, x)| {
            if (x as u32) < width {
                f32::from(scaled.get_pixel(x as u32, y as u32).0[0]) / 127.5 - 1.0
            } else {
                0.0
            }
        });
        let fail = |e: TractError| DetectorError::new(e.to_string());
        let outputs = self.plan.run(tvec!(Tensor::from(input).into_tvalue())).map_err(fail)?;
        let scores = outputs[0].to_plain_array_view::<f32>().map_err(fail)?;
        // Greedy CTC: the best class per step; repeats merged; blanks dropped.
        let mut text = String::new();
        let mut previous = 0;
        // Scores are 1 × steps × classes.
        let steps = scores.index_axis(tract_ndarray::Axis(0), 0);
        for step in steps.outer_iter() {
            let best = step.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
            if best != 0 && best != previous {
                text.push(char::from(ALPHABET[best - 1]));
            }
            previous = best;
        }
        Ok(text)
    }

    /// The MRZ lines on a straightened page: the rows of print in its lower third, read from
    /// the top, those of at least 20 characters (a TD3 page has two of 44, an ID card three of 30).
    pub fn read_page(&self, page: &GrayImage) -> Result<Vec<String>, DetectorError> {
        let mut lines = Vec::new();
        for (top, bottom) in rows(page) {
            let margin = ((bottom - top) / 5).max(2);
            let (y0, y1) = (top.saturating_sub(margin), (bottom + margin).min(page.height()));
            let band = imageops::crop_imm(page, 0, y0, page.width(), y1 - y0).to_image();
            let (x0, x1) = columns(&band);
            let pad = (y1 - y0) / 2;
            let (x0, x1) = (x0.saturating_sub(pad), (x1 + pad).min(page.width()));
            let crop = imageops::crop_imm(&band, x0, 0, x1 - x0, band.height()).to_image();
            let text = self.read_line(&crop)?;
            if text.len() >= 20 {
                lines.push(text);
            }
        }
        Ok(tidy(lines))
    }
}

/// What a character read at a position may be, by the zone's layout (ICAO 9303).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letters and the filler: codes of states, names.
    Letters,
    /// Digits (and the filler): dates and check digits.
    Digits,
    /// Anything: document numbers, optional data.
    Any,
}

/// The layout of each line, as runs of (length, class).
fn layout(lines: usize, width: usize) -> Option<Vec<Vec<(usize, Class)>>> {
    use Class::*;
    match (lines, width) {
        // TD3 (passports): type and state, names; number, check, nationality, birth + check,
        // sex, expiry + check, personal number, its check, the composite.
        (2, 44) => Some(vec![
            vec![(2, Any), (42, Letters)],
            vec![(9, Any), (1, Digits), (3, Letters), (7, Digits), (1, Any), (7, Digits), (14, Any), (2, Digits)],
        ]),
        // TD1 (ID cards): type, state, number, check, optional; birth + check, sex, expiry +
        // check, nationality, optional, composite; names.
        (3, 30) => Some(vec![
            vec![(2, Any), (3, Letters), (9, Any), (1, Digits), (15, Any)],
            vec![(7, Digits), (1, Any), (7, Digits), (3, Letters), (11, Any), (1, Digits)],
            vec![(30, Letters)],
        ]),
        _ => None,
    }
}

/// Letter–digit confusions undone where the layout allows only one of them (a recogniser
/// reads OCR-B's O as 0 and I as 1 now and then). Anything else is left for the check digits.
fn tidy(lines: Vec<String>) -> Vec<String> {
    let Some(layout) = layout(lines.len(), lines.first().map_or(0, String::len)) else { return lines };
    if lines.iter().any(|l| l.len() != lines[0].len()) {
        return lines;
    }
    lines
        .iter()
        .zip(layout)
        .map(|(line, runs)| {
            let classes = runs.iter().flat_map(|&(n, class)| std::iter::repeat_n(class, n));
            line.chars()
                .zip(classes)
                .map(|(c, class)| match class {
                    Class::Letters => match c {
                        '0' => 'O',
                        '1' => 'I',
                        '2' => 'Z',
                        '5' => 'S',
                        '8' => 'B',
                        other => other,
                    },
                    Class::Digits => match c {
                        'O' | 'D' | 'Q' => '0',
                        'I' | 'L' => '1',
                        'Z' => '2',
                        'S' => '5',
                        'B' => '8',
                        other => other,
                    },
                    Class::Any => c,
                })
                .collect()
        })
        .collect()
}

/// Dark print: below the band's own Otsu level.
fn ink(gray: &GrayImage) -> GrayImage {
    let level = imageproc::contrast::otsu_level(gray);
    imageproc::contrast::threshold(gray, level, imageproc::contrast::ThresholdType::BinaryInverted)
}

/// Rows of print in the lower 40 % of the page, as (top, bottom) pixel rows: runs of rows where
/// more than 4 % of the pixels are ink and the ink spreads across more than half the width.
fn rows(page: &GrayImage) -> Vec<(u32, u32)> {
    let (w, h) = page.dimensions();
    let from = h * 3 / 5;
    let ink = ink(&imageops::crop_imm(page, 0, from, w, h - from).to_image());
    let mut found = Vec::new();
    let mut start = None;
    for y in 0..ink.height() {
        let dark: Vec<u32> = (0..w).filter(|&x| ink.get_pixel(x, y).0[0] > 0).collect();
        let spread = dark.last().zip(dark.first()).map_or(0, |(l, f)| l - f);
        let printed = dark.len() as f32 > 0.04 * w as f32 && spread > w / 2;
        match (printed, start) {
            (true, None) => start = Some(y),
            (false, Some(s)) => {
                if y - s >= 4 {
                    found.push((from + s, from + y));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start.filter(|s| ink.height() - s >= 4) {
        found.push((from + s, from + ink.height()));
    }
    found
}

/// The first and last column with ink in a band.
fn columns(band: &GrayImage) -> (u32, u32) {
    let ink = ink(band);
    let has_ink = |x: u32| (0..ink.height()).filter(|&y| ink.get_pixel(x, y).0[0] > 0).count() > 1;
    let first = (0..ink.width()).find(|&x| has_ink(x)).unwrap_or(0);
    let last = (0..ink.width()).rev().find(|&x| has_ink(x)).unwrap_or(ink.width() - 1);
    (first, last.max(first) + 1)
}
