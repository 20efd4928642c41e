//! Finding a machine-readable zone's lines in a photo without its document's outline: on an
//! open passport over two pages, a scan with no background, a crop holding only the zone, in
//! any of the four orientations. The zone is what nothing else on a document is: two or three
//! parallel lines of equal length, each of 30 to 44 characters of one height set at one pitch
//! (OCR-B is monospaced, and the zone has no spaces: `<` fills them).
//!
//! The characters are the dark blobs of the photo (ink darker than its neighbourhood, labelled
//! by `imageproc`), chained left to right into lines; a line's pitch regularity tells a zone
//! line from proportional print. The search runs on the photo and on it turned a quarter, so
//! lines in any orientation are found; which end of a line comes first is the reader's to try.
//! Candidates are capped, so a page of stripes or dense text costs no more than a passport.

use image::{imageops, GrayImage, Luma};
use imageproc::region_labelling::{connected_components, Connectivity};

/// The working image's longer side: small scans are enlarged to it (their characters would be
/// too small to label), large photos reduced.
const WORKING: u32 = 1400;
/// Characters a zone line has at least (a TD1 line has 30; touching characters merge).
const MIN_CHARS: usize = 20;
/// Share of a line's steps that must be one pitch (within a quarter) for a zone line.
const REGULAR: f32 = 0.6;
/// Zones returned at most, best first.
const MAX_ZONES: usize = 3;

/// A line of characters: its centre line from its first character to its last, in the photo's
/// pixels, and its characters' height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub height: f32,
}

impl Line {
    /// The same line read from its other end.
    pub fn reversed(self) -> Line {
        Line { from: self.to, to: self.from, ..self }
    }

    fn length(&self) -> f32 {
        (self.to.0 - self.from.0).hypot(self.to.1 - self.from.1)
    }
}

/// A zone candidate: its lines from the first to the last as found (a zone upside down is
/// its lines reversed and in reverse order), and whether its fillers lie at the lines' ends
/// (then it is more likely upright as found).
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub lines: Vec<Line>,
    pub score: f32,
    pub fillers_at_end: bool,
}

impl Zone {
    /// The zone turned half a turn.
    pub fn turned(&self) -> Zone {
        Zone { lines: self.lines.iter().rev().map(|l| l.reversed()).collect(), ..self.clone() }
    }
}

/// A dark blob: its box in working pixels.
#[derive(Debug, Clone, Copy)]
struct Blob {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Blob {
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn h(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// The zone candidates in a grey photo, the most zone-like first (at most `MAX_ZONES`).
pub fn find_zones(gray: &GrayImage) -> Vec<Zone> {
    let (w, h) = gray.dimensions();
    if w < 8 || h < 8 {
        return Vec::new();
    }
    let scale = WORKING as f32 / w.max(h) as f32;
    let (ww, wh) = (((w as f32 * scale).round() as u32).max(1), ((h as f32 * scale).round() as u32).max(1));
    let working = imageops::resize(gray, ww, wh, imageops::FilterType::Triangle);
    let ink = ink(&working);
    let mut zones = Vec::new();
    // As found, and turned a quarter (clockwise): a line across the turned image ran down the photo.
    for quarter in [false, true] {
        let ink = if quarter { imageops::rotate90(&ink) } else { ink.clone() };
        let blobs = blobs(&ink);
        let lines = chains(blobs);
        for zone in group(&lines) {
            let back = |(x, y): (f32, f32)| {
                // rotate90 maps (x, y) to (wh − 1 − y, x): undo it, then the working scale.
                let (x, y) = if quarter { (y, wh as f32 - 1.0 - x) } else { (x, y) };
                (x / scale, y / scale)
            };
            let lines = zone
                .lines
                .iter()
                .map(|l| Line { from: back(l.from), to: back(l.to), height: l.height / scale })
                .collect();
            zones.push(Zone { lines, ..zone });
        }
    }
    zones.sort_by(|a, b| b.score.total_cmp(&a.score));
    zones.truncate(MAX_ZONES);
    zones
}

/// Ink: pixels darker than their neighbourhood's mean by a clear margin (white, 255, marks ink).
fn ink(gray: &GrayImage) -> GrayImage {
    let (w, h) = gray.dimensions();
    let integral = imageproc::integral_image::integral_image::<_, u32>(gray);
    let r = (w.max(h) / 80).max(6);
    let mut out = GrayImage::new(w, h);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r).min(h - 1));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r).min(w - 1));
            let sum = imageproc::integral_image::sum_image_pixels(&integral, x0, y0, x1, y1)[0];
            let n = (x1 - x0 + 1) * (y1 - y0 + 1);
            let mean = sum / n;
            let p = u32::from(gray.get_pixel(x, y).0[0]);
            if p + 20 < mean && p * 10 < mean * 9 {
                out.put_pixel(x, y, Luma([255]));
            }
        }
    }
    out
}

/// The ink's connected blobs the size of a character.
fn blobs(ink: &GrayImage) -> Vec<Blob> {
    let labels = connected_components(ink, Connectivity::Eight, Luma([0u8]));
    let (w, h) = labels.dimensions();
    let mut boxes: Vec<[u32; 5]> = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let l = labels.get_pixel(x, y).0[0] as usize;
            if l == 0 {
                continue;
            }
            if boxes.len() < l {
                boxes.resize(l, [u32::MAX, u32::MAX, 0, 0, 0]);
            }
            let b = &mut boxes[l - 1];
            b[0] = b[0].min(x);
            b[1] = b[1].min(y);
            b[2] = b[2].max(x + 1);
            b[3] = b[3].max(y + 1);
            b[4] += 1;
        }
    }
    let max_h = (w.min(h) / 8) as f32;
    boxes
        .into_iter()
        .filter(|b| b[4] > 0)
        .map(|b| (Blob { x0: b[0] as f32, y0: b[1] as f32, x1: b[2] as f32, y1: b[3] as f32 }, b[4]))
        .filter(|(b, _)| {
            let (bw, bh) = (b.x1 - b.x0, b.h());
            (4.0..=max_h).contains(&bh) && bw <= 2.5 * bh
        })
        .map(|(b, _)| b)
        .collect()
}

/// A chain of blobs under construction.
struct Chain {
    blobs: Vec<Blob>,
    height: f32,
}

impl Chain {
    fn last(&self) -> &Blob {
        &self.blobs[self.blobs.len() - 1]
    }

    /// Where the chain's centre line is at `x` (its slope from its first to its last blob).
    fn y_at(&self, x: f32) -> f32 {
        let (a, b) = (&self.blobs[0], self.last());
        if self.blobs.len() < 3 || (b.cx() - a.cx()).abs() < 1.0 {
            return b.cy();
        }
        b.cy() + (x - b.cx()) * (b.cy() - a.cy()) / (b.cx() - a.cx())
    }
}

/// A line found: its centre line and height in working pixels, its pitch regularity, and the
/// mean height of its first and last few blobs (fillers are smaller than letters).
#[derive(Debug, Clone, Copy)]
struct Found {
    line: Line,
    regular: f32,
    pitch: f32,
    ends: (f32, f32),
}

/// Blobs chained left to right into lines of similar height; those long and regular enough
/// to be a zone's.
fn chains(mut blobs: Vec<Blob>) -> Vec<Found> {
    blobs.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
    let mut open: Vec<Chain> = Vec::new();
    let mut done: Vec<Chain> = Vec::new();
    for blob in blobs {
        // Chains that ended well to the left of this blob are closed.
        let (still, ended): (Vec<Chain>, Vec<Chain>) =
            open.into_iter().partition(|c| blob.x0 - c.last().x1 <= 1.5 * c.height);
        open = still;
        done.extend(ended.into_iter().filter(|c| c.blobs.len() >= MIN_CHARS));
        let best = open
            .iter_mut()
            .filter(|c| {
                let gap = blob.x0 - c.last().x1;
                let ratio = blob.h() / c.height;
                gap >= -0.3 * c.height
                    && gap <= 1.2 * c.height
                    && (0.3..=1.5).contains(&ratio)
                    && (blob.cy() - c.y_at(blob.cx())).abs() <= 0.35 * c.height
            })
            .min_by(|a, b| (blob.x0 - a.last().x1).total_cmp(&(blob.x0 - b.last().x1)));
        match best {
            Some(chain) => {
                chain.height = chain.height.max(blob.h());
                chain.blobs.push(blob);
            }
            None => open.push(Chain { blobs: vec![blob], height: blob.h() }),
        }
    }
    done.extend(open.into_iter().filter(|c| c.blobs.len() >= MIN_CHARS));
    done.into_iter().filter_map(found).collect()
}

fn found(chain: Chain) -> Option<Found> {
    let b = &chain.blobs;
    let mut steps: Vec<f32> = b.windows(2).map(|w| w[1].cx() - w[0].cx()).collect();
    let mut sorted = steps.clone();
    sorted.sort_by(f32::total_cmp);
    let pitch = sorted[sorted.len() / 2];
    if pitch <= 0.0 {
        return None;
    }
    steps.retain(|s| (s - pitch).abs() <= 0.25 * pitch);
    let regular = steps.len() as f32 / (b.len() - 1) as f32;
    // Fit the centre line through the letters (the tallest blobs: fillers sit lower).
    let tall: Vec<&Blob> = b.iter().filter(|x| x.h() >= 0.75 * chain.height).collect();
    let (first, last) = (tall.first()?, tall.last()?);
    let slope = if tall.len() >= 2 && last.cx() > first.cx() {
        let n = tall.len() as f32;
        let mx = tall.iter().map(|x| x.cx()).sum::<f32>() / n;
        let my = tall.iter().map(|x| x.cy()).sum::<f32>() / n;
        let sxy: f32 = tall.iter().map(|x| (x.cx() - mx) * (x.cy() - my)).sum();
        let sxx: f32 = tall.iter().map(|x| (x.cx() - mx).powi(2)).sum();
        if sxx > 0.0 {
            (sxy / sxx, mx, my)
        } else {
            (0.0, mx, my)
        }
    } else {
        (0.0, first.cx(), first.cy())
    };
    let at = |x: f32| (x, slope.2 + (x - slope.1) * slope.0);
    let (x0, x1) = (b[0].x0, b[b.len() - 1].x1);
    let k = b.len().min(5);
    let mean_h = |s: &[Blob]| s.iter().map(Blob::h).sum::<f32>() / s.len() as f32;
    Some(Found {
        line: Line { from: at(x0), to: at(x1), height: chain.height },
        regular,
        pitch,
        ends: (mean_h(&b[..k]), mean_h(&b[b.len() - k..])),
    })
}

/// Lines grouped into zones: two or three regular lines, one under the other at about a line's
/// spacing, of one height and length. Among more such lines, the last two and three are
/// tried (print above the zone can look like it).
fn group(lines: &[Found]) -> Vec<Zone> {
    let mut lines: Vec<Found> = lines.iter().copied().filter(|f| f.regular >= REGULAR).collect();
    lines.sort_by(|a, b| mid(&a.line).1.total_cmp(&mid(&b.line).1));
    let fits = |a: &Found, b: &Found| {
        let (ha, hb) = (a.line.height, b.line.height);
        let gap = mid(&b.line).1 - mid(&a.line).1;
        let (la, lb) = (a.line.length(), b.line.length());
        (hb / ha - 1.0).abs() <= 0.35
            && gap >= 1.1 * ha.max(hb)
            && gap <= 3.0 * ha.max(hb)
            && (la / lb - 1.0).abs() <= 0.2
            && (a.line.from.0 - b.line.from.0).abs() <= 2.0 * ha.max(hb)
    };
    let mut zones = Vec::new();
    for (i, first) in lines.iter().enumerate() {
        let mut run = vec![*first];
        for next in &lines[i + 1..] {
            if fits(run.last().unwrap_or(first), next) {
                run.push(*next);
            }
        }
        for n in [3, 2] {
            if run.len() >= n {
                let part = &run[..n];
                let characters: Vec<f32> = part.iter().map(|f| f.line.length() / f.pitch).collect();
                if characters.iter().any(|c| !(18.0..=52.0).contains(c)) {
                    continue;
                }
                let score = part.iter().map(|f| f.regular).sum::<f32>() / n as f32 + 0.01 * n as f32;
                let (start, end): (f32, f32) = part.iter().fold((0.0, 0.0), |(s, e), f| (s + f.ends.0, e + f.ends.1));
                zones.push(Zone { lines: part.iter().map(|f| f.line).collect(), score, fillers_at_end: end <= start });
            }
        }
    }
    zones
}

fn mid(l: &Line) -> (f32, f32) {
    ((l.from.0 + l.to.0) / 2.0, (l.from.1 + l.to.1) / 2.0)
}

/// A line cut out of the photo, straightened along its centre line, `out_height` pixels high
/// (the band around it is 1.7 times its characters' height), with a margin of half a
/// character at each end; at most `max_width` pixels long (a longer line is narrowed).
pub fn cut(gray: &GrayImage, line: &Line, out_height: u32, max_width: u32) -> GrayImage {
    let band = line.height * 1.7;
    let (dx, dy) = (line.to.0 - line.from.0, line.to.1 - line.from.1);
    let length = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    // Reduce the source first when the band is much taller than the output (no aliasing).
    let shrink = (band / out_height as f32 / 1.5).max(1.0);
    let (source, s) = if shrink > 1.0 {
        let (w, h) = gray.dimensions();
        let (x0, x1) = (line.from.0.min(line.to.0) - band, line.from.0.max(line.to.0) + band);
        let (y0, y1) = (line.from.1.min(line.to.1) - band, line.from.1.max(line.to.1) + band);
        let (x0, y0) = (x0.max(0.0) as u32, y0.max(0.0) as u32);
        let (x1, y1) = ((x1.max(0.0) as u32).min(w), (y1.max(0.0) as u32).min(h));
        let crop =
            imageops::crop_imm(gray, x0, y0, x1.saturating_sub(x0).max(1), y1.saturating_sub(y0).max(1)).to_image();
        let (cw, ch) = crop.dimensions();
        let small = imageops::resize(
            &crop,
            ((cw as f32 / shrink).round() as u32).max(1),
            ((ch as f32 / shrink).round() as u32).max(1),
            imageops::FilterType::Triangle,
        );
        (small, (x0 as f32, y0 as f32, shrink))
    } else {
        (gray.clone(), (0.0, 0.0, 1.0))
    };
    let step = band / out_height as f32;
    let margin = line.height * 0.5;
    // A line longer than `max_width` at this scale is narrowed to fit, never cut short.
    let along_step = step.max((length + 2.0 * margin) / max_width as f32);
    let width = (((length + 2.0 * margin) / along_step).ceil() as u32).clamp(1, max_width);
    let mut out = GrayImage::new(width, out_height);
    for v in 0..out_height {
        let off = (v as f32 + 0.5) * step - band / 2.0;
        for u in 0..width {
            let along = (u as f32 + 0.5) * along_step - margin;
            let x = line.from.0 + ux * along - uy * off;
            let y = line.from.1 + uy * along + ux * off;
            let p = bilinear(&source, (x - s.0) / s.2, (y - s.1) / s.2);
            out.put_pixel(u, v, Luma([p]));
        }
    }
    out
}

/// The grey level at a point between pixels (edges repeated).
fn bilinear(img: &GrayImage, x: f32, y: f32) -> u8 {
    let (w, h) = img.dimensions();
    let x = (x - 0.5).clamp(0.0, (w - 1) as f32);
    let y = (y - 0.5).clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |x, y| f32::from(img.get_pixel(x, y).0[0]);
    let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
    let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
    (top * (1.0 - fy) + bottom * fy).round() as u8
}
