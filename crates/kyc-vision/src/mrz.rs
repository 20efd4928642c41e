//! Reading a document's machine-readable zone: its lines found in the photo by their shape
//! (`zone`: no outline needed, any orientation), each cut out straight and read by PaddleOCR's PP-OCRv4 recognition network
//! (Apache-2.0, from the PyPI wheel `rapidocr_onnxruntime`; its last layer cut to the MRZ's 37
//! characters, models/README.md) run by `tract`, decoded greedily (CTC). What the lines say, and
//! whether their check digits hold, is `kyc-flow`'s to judge (the `mrz` crate).

use std::sync::atomic::{AtomicBool, Ordering};

use image::{imageops, GrayImage};
use tract_onnx::prelude::*;

use crate::face::{plan, Plan};
use crate::zone::{cut, find_zones};
use crate::DetectorError;

const MODEL: &[u8] = include_bytes!("../models/mrz_recognition.onnx");
/// The classes after CTC's blank (index 0), in the model's order.
const ALPHABET: &[u8; 37] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
/// The network's input: a line scaled to 48 px high, padded to this width (a 44-character
/// line is about 27 times as wide as high).
const HEIGHT: u32 = 48;
const WIDTH: u32 = 2048;
/// The probability from which a character the network nearly read instead counts as a doubt,
/// for the document number's check digit to settle.
const DOUBT: f32 = 0.05;
/// The probability from which a character the network nearly read instead makes a character
/// unsure (`Reading::unsure`): a field no check digit protects is then not believed. On the real
/// corpus (tests/real_documents.rs) 0.05, 0.1 both left no name or state wrong and read 76 and 81
/// of 100 pages exactly; 0.1 is kept.
const UNSURE: f32 = 0.1;

/// A character read, and the one the network nearly read instead with its probability.
#[derive(Debug, Clone, Copy)]
struct Read {
    read: char,
    doubt: Option<char>,
    doubt_score: f32,
}

impl Read {
    /// The other character, when it came within `DOUBT`.
    fn doubted(&self) -> Option<char> {
        self.doubt.filter(|_| self.doubt_score >= DOUBT)
    }
}

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
        Ok(self.read_doubting(line)?.into_iter().map(|c| c.read).collect())
    }

    /// `read_line`, each character with the one the network nearly read instead.
    fn read_doubting(&self, line: &GrayImage) -> Result<Vec<Read>, DetectorError> {
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
        // Greedy CTC: the best class per step; repeats merged; blanks dropped. Scores are
        // 1 × steps × classes, softmax probabilities.
        let mut text: Vec<Read> = Vec::new();
        let mut previous = 0;
        let steps = scores.index_axis(tract_ndarray::Axis(0), 0);
        for step in steps.outer_iter() {
            let best = step.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
            if best != 0 && best != previous {
                text.push(Read { read: char::from(ALPHABET[best - 1]), doubt: None, doubt_score: 0.0 });
            }
            if best != 0 {
                // The strongest other character over the steps this one was read at.
                let other =
                    step.iter().enumerate().filter(|&(i, _)| i != 0 && i != best).max_by(|a, b| a.1.total_cmp(b.1));
                if let (Some(current), Some((i, &p))) = (text.last_mut(), other) {
                    if p > current.doubt_score {
                        (current.doubt, current.doubt_score) = (Some(char::from(ALPHABET[i - 1])), p);
                    }
                }
            }
            previous = best;
        }
        Ok(text)
    }

    /// The zone's lines in a photo (grey, as prepared; any orientation), found without the
    /// document's outline (`zone`); `straightened`, the page cut out along its outline when it
    /// was found, is tried first. Each candidate zone is read the way its fillers say first, its
    /// first line only until that line looks like a zone's, and half a turn round if not. The
    /// first reading that `judge` says holds (`Some(true)`: it parses and its check digits hold)
    /// is the answer, else the first that parsed as a zone (`Some(false)`), else nothing. At
    /// most `MAX_RUNS` lines are read, and none once `cancel` is set.
    pub fn read(
        &self,
        photo: &GrayImage,
        straightened: Option<&GrayImage>,
        cancel: &AtomicBool,
        judge: &dyn Fn(&[String]) -> Option<bool>,
    ) -> Result<Reading, DetectorError> {
        let mut reading = Reading::default();
        // The straightened page first, by its rows of print (the zone at its foot).
        if let Some(page) = straightened {
            let mut lines = Vec::new();
            for (top, bottom) in rows(page) {
                let Some(text) = self.counted(&mut reading, cancel, || row_crop(page, top, bottom))? else {
                    return Ok(reading);
                };
                if text.len() >= 20 {
                    lines.push(text);
                }
            }
            if reading.offer(tidy(lines), judge) {
                return Ok(reading);
            }
        }
        // Then the zone found by its shape anywhere in the photo, in any orientation.
        for zone in find_zones(photo) {
            let ways = if zone.fillers_at_end { [zone.clone(), zone.turned()] } else { [zone.turned(), zone.clone()] };
            for way in ways {
                let mut lines = Vec::new();
                for line in &way.lines {
                    let Some(text) = self.counted(&mut reading, cancel, || cut(photo, line, HEIGHT, WIDTH))? else {
                        return Ok(reading);
                    };
                    let looks_like_zone =
                        (26..=48).contains(&text.len()) && text.iter().filter(|c| c.read == '<').count() >= 2;
                    if lines.is_empty() && !looks_like_zone {
                        break;
                    }
                    lines.push(text);
                }
                if lines.len() == way.lines.len() && reading.offer(tidy(lines), judge) {
                    return Ok(reading);
                }
            }
        }
        Ok(reading)
    }

    /// One line read, counted against `MAX_RUNS`; `None` (nothing read) once the cap is reached
    /// or `cancel` is set. The line is cut only when it is read.
    fn counted(
        &self,
        reading: &mut Reading,
        cancel: &AtomicBool,
        line: impl FnOnce() -> GrayImage,
    ) -> Result<Option<Vec<Read>>, DetectorError> {
        if cancel.load(Ordering::Relaxed) {
            reading.cancelled = true;
            return Ok(None);
        }
        if reading.runs >= MAX_RUNS {
            return Ok(None);
        }
        reading.runs += 1;
        self.read_doubting(&line()).map(Some)
    }
}

/// Lines read off a photo, and how many times the network ran for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The zone's lines: one whose check digits all hold, else the first that parsed, else none.
    pub lines: Vec<String>,
    /// Where in `lines` (line, column) the network nearly read another character: for the
    /// fields no check digit protects (names, states) to be left unbelieved.
    pub unsure: Vec<(usize, usize)>,
    /// Lines the network read (at most `MAX_RUNS`).
    pub runs: usize,
    /// The reading was given up because it was cancelled.
    pub cancelled: bool,
}

impl Reading {
    /// Keeps `text` when the judge says it holds (then true), or when it is the first reading
    /// to parse as a zone.
    fn offer(&mut self, (text, unsure): Tidied, judge: &dyn Fn(&[String]) -> Option<bool>) -> bool {
        match judge(&text) {
            Some(true) => {
                (self.lines, self.unsure) = (text, unsure);
                true
            }
            Some(false) if self.lines.is_empty() => {
                (self.lines, self.unsure) = (text, unsure);
                false
            }
            _ => false,
        }
    }
}

/// Lines the recogniser reads for one photo at most (about 200 ms each on 2 loaded cores): a
/// three-line zone read both ways round. A page of stripes or of dense print costs no more.
pub const MAX_RUNS: usize = 6;

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
            vec![(1, Letters), (1, Any), (42, Letters)],
            vec![(9, Any), (1, Digits), (3, Letters), (7, Digits), (1, Any), (7, Digits), (14, Any), (2, Digits)],
        ]),
        // TD2 (ID cards, older passports): as TD3 at 36 characters, the optional data shorter.
        (2, 36) => Some(vec![
            vec![(1, Letters), (1, Any), (34, Letters)],
            vec![(9, Any), (1, Digits), (3, Letters), (7, Digits), (1, Any), (7, Digits), (7, Any), (1, Digits)],
        ]),
        // TD1 (ID cards): type, state, number, check, optional; birth + check, sex, expiry +
        // check, nationality, optional, composite; names.
        (3, 30) => Some(vec![
            vec![(1, Letters), (1, Any), (3, Letters), (9, Any), (1, Digits), (15, Any)],
            vec![(7, Digits), (1, Any), (7, Digits), (3, Letters), (11, Any), (1, Digits)],
            vec![(30, Letters)],
        ]),
        _ => None,
    }
}

/// How many of the page's last lines are its zone: print of the visual zone just above it (the
/// date of issue, the issuing office) is left out when the last three or two lines alone have a
/// zone's layout; otherwise every line is kept, for the parser to refuse.
fn zone_lines(lines: &[Vec<Read>]) -> usize {
    [3, 2]
        .into_iter()
        .find(|&n| {
            let Some(tail) = lines.len().checked_sub(n).map(|from| &lines[from..]) else { return false };
            layout(n, tail[0].len()).is_some() && tail.iter().all(|l| l.len() == tail[0].len())
        })
        .unwrap_or(lines.len())
}

/// Where the document number and its check digit stand: (line, first column, length).
fn number_field(lines: usize) -> Option<(usize, usize, usize)> {
    match lines {
        2 => Some((1, 0, 9)),
        3 => Some((0, 5, 9)),
        _ => None,
    }
}

/// Letter–digit confusions undone where the layout allows only one of them (a recogniser
/// reads OCR-B's O as 0 and I as 1 now and then). In the document number, where letters and
/// digits both may stand, the characters the network doubted are settled by the number's check
/// digit: of every way to take the doubted alternatives, the reading is changed only when
/// exactly one makes the check digit hold (two or more: left as read, for the check digits to
/// refuse). Anything else is left for the check digits.
fn tidy(mut lines: Vec<Vec<Read>>) -> Tidied {
    lines.drain(..lines.len() - zone_lines(&lines));
    let classes = layout(lines.len(), lines.first().map_or(0, Vec::len));
    let mut unsure = Vec::new();
    for (l, line) in lines.iter().enumerate() {
        let class = |i: usize| {
            let runs = classes.as_ref().and_then(|c| c.get(l));
            runs.and_then(|runs| runs.iter().flat_map(|&(n, class)| std::iter::repeat_n(class, n)).nth(i))
        };
        for (i, c) in line.iter().enumerate() {
            // A digit nearly read in a field of letters (or the reverse) is undone by the
            // layout: no doubt there.
            let undone = match (class(i), c.doubt) {
                (Some(Class::Letters), Some(d)) => d.is_ascii_digit(),
                (Some(Class::Digits), Some(d)) => d.is_ascii_uppercase(),
                _ => false,
            };
            if c.doubt_score >= UNSURE && !undone {
                unsure.push((l, i));
            }
        }
    }
    (tidied(lines), unsure)
}

/// The lines of a zone, and where the network was unsure (line, column).
type Tidied = (Vec<String>, Vec<(usize, usize)>);

fn tidied(lines: Vec<Vec<Read>>) -> Vec<String> {
    let text: Vec<String> = lines.iter().map(|l| l.iter().map(|c| c.read).collect()).collect();
    let Some(mut layout) = layout(text.len(), text.first().map_or(0, String::len)) else { return text };
    if text.len() == 2 && text[0].starts_with('V') {
        // A visa's second line ends in optional data, with no composite check digit.
        layout[1].iter_mut().skip(6).for_each(|run| run.1 = Class::Any);
    }
    if text.iter().any(|l| l.len() != text[0].len() || !l.is_ascii()) {
        return text;
    }
    let mut text = by_class(&text, layout);
    if let Some((line, from, len)) = number_field(text.len()) {
        let check = text[line].as_bytes()[from + len] as char;
        let field: Vec<Read> = lines[line][from..from + len].to_vec();
        if let Some(settled) = settle(&field, check) {
            text[line].replace_range(from..from + len, &settled);
        }
    }
    text
}

/// The one reading of a field, taking or leaving each doubted alternative (at most 2⁶ ways),
/// whose check digit holds; `None` when there is none, or more than one.
fn settle(field: &[Read], check: char) -> Option<String> {
    let read: String = field.iter().map(|c| c.read).collect();
    if mrz::verify(&read, check) {
        return None;
    }
    let doubted: Vec<usize> = (0..field.len()).filter(|&i| field[i].doubted().is_some()).collect();
    if doubted.is_empty() || doubted.len() > 6 {
        return None;
    }
    let mut found = None;
    for mask in 1u32..(1 << doubted.len()) {
        let mut chars: Vec<char> = field.iter().map(|c| c.read).collect();
        for (bit, &i) in doubted.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                chars[i] = field[i].doubted()?;
            }
        }
        let candidate: String = chars.into_iter().collect();
        // A filler may only close a number shorter than the field.
        if mrz::verify(&candidate, check) && !candidate.trim_end_matches('<').contains('<') {
            if found.is_some() {
                return None;
            }
            found = Some(candidate);
        }
    }
    found
}

fn by_class(lines: &[String], layout: Vec<Vec<(usize, Class)>>) -> Vec<String> {
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
                        '6' => 'G',
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

/// Rows of print in the lower 40 % of a straightened page, as (top, bottom) pixel rows: runs of
/// rows where more than 4 % of the pixels are ink and the ink spreads across more than half the
/// width; the last `MAX_RUNS` of them at most (the zone is at the page's foot).
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
    found.drain(..found.len().saturating_sub(MAX_RUNS));
    found
}

/// A row of print cut out of the straightened page with a margin, from its first ink to its last.
fn row_crop(page: &GrayImage, top: u32, bottom: u32) -> GrayImage {
    let margin = ((bottom - top) / 5).max(2);
    let (y0, y1) = (top.saturating_sub(margin), (bottom + margin).min(page.height()));
    let band = imageops::crop_imm(page, 0, y0, page.width(), y1 - y0).to_image();
    let (x0, x1) = columns(&band);
    let pad = (y1 - y0) / 2;
    let (x0, x1) = (x0.saturating_sub(pad), (x1 + pad).min(page.width()));
    imageops::crop_imm(&band, x0, 0, x1 - x0, band.height()).to_image()
}

/// The first and last column with ink in a band.
fn columns(band: &GrayImage) -> (u32, u32) {
    let ink = ink(band);
    let has_ink = |x: u32| (0..ink.height()).filter(|&y| ink.get_pixel(x, y).0[0] > 0).count() > 1;
    let first = (0..ink.width()).find(|&x| has_ink(x)).unwrap_or(0);
    let last = (0..ink.width()).rev().find(|&x| has_ink(x)).unwrap_or(ink.width() - 1);
    (first, last.max(first) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field as read, with the network's doubts at some positions.
    fn read(text: &str, doubts: &[(usize, char)]) -> Vec<Read> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                let doubt = doubts.iter().find(|(at, _)| *at == i).map(|&(_, d)| d);
                Read { read: c, doubt, doubt_score: if doubt.is_some() { 0.2 } else { 0.0 } }
            })
            .collect()
    }

    fn check(field: &str) -> char {
        char::from_digit(mrz::check_digit(field).unwrap(), 10).unwrap()
    }

    #[test]
    fn print_above_the_zone_is_left_out_and_the_zone_kept_whole() {
        let td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
        let td1 =
            ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"];
        let lines = |text: &[&str]| text.iter().map(|t| read(t, &[])).collect::<Vec<_>>();
        let above = "15APR2012PASSPORTOFFICE";
        assert_eq!(tidy(lines(&[above, td3[0], td3[1]])).0, td3);
        assert_eq!(tidy(lines(&[above, td1[0], td1[1], td1[2]])).0, td1);
        // A line of the zone's width above a two-line zone is not taken for a third zone line.
        assert_eq!(tidy(lines(&[td3[1], td3[0], td3[1]])).0, td3);
        // Nothing with a zone's layout: every line is kept, for the parser to refuse.
        assert_eq!(tidy(lines(&[td3[0], above])).0, [td3[0], above]);
        assert_eq!(tidy(lines(&[])).0, Vec::<String>::new());
    }

    #[test]
    fn the_check_digit_settles_the_doubted_characters_only_when_one_reading_fits() {
        let truth = "08LCA0GSX";
        // Both zeros read as O, each nearly read as 0: the one fitting reading is taken.
        assert_eq!(settle(&read("O8LCAOGSX", &[(0, '0'), (5, '0')]), check(truth)).as_deref(), Some(truth));
        // Undoubted, or the doubt elsewhere: nothing is changed (the check digit will refuse it).
        assert_eq!(settle(&read("O8LCAOGSX", &[]), check(truth)), None);
        assert_eq!(settle(&read("O8LCAOGSX", &[(3, 'O')]), check(truth)), None);
        // A reading that already fits is left alone, whatever was doubted.
        assert_eq!(settle(&read(truth, &[(0, 'O')]), check(truth)), None);
        // Two doubts each of which would fit alone (both add 1 at a weight of 1): ambiguous, left.
        let fits_both = check("AB1234568");
        assert_eq!(check("AB1235567"), fits_both);
        assert_eq!(settle(&read("AB1234567", &[(5, '5'), (8, '8')]), fits_both), None);
    }

    #[test]
    fn the_document_code_and_the_letters_fields_are_letters_and_the_number_stays_as_read() {
        let line = |s: &str| read(s, &[]);
        let tidied = tidy(vec![
            line("1<UT0O8LCA0GSX8<<<<<<<<<<<<<<<"),
            line("77O71O2<291O231UT0<<<<<<<<<<<2"),
            line("SAMPLE<<MARY<<<<<<<<<<<<<<<<<<"),
        ])
        .0;
        assert_eq!(tidied[0], "I<UTOO8LCA0GSX8<<<<<<<<<<<<<<<");
        assert_eq!(tidied[1], "7707102<2910231UTO<<<<<<<<<<<2");
    }

    #[test]
    fn where_the_network_nearly_read_another_character_is_told_by_line_and_column() {
        let td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
        let above = read("15APR2012PASSPORTOFFICE", &[(0, '7')]);
        // The doubts of the line left out are not told; the zone's are, by the zone's lines.
        // A digit nearly read among the name's letters is undone by the layout: no doubt.
        let (lines, unsure) = tidy(vec![above, read(td3[0], &[(5, 'F'), (8, '0')]), read(td3[1], &[(13, '8')])]);
        assert_eq!(lines, td3);
        assert_eq!(unsure, [(0, 5), (1, 13)]);
    }
}
