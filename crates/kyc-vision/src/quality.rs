//! The measures behind the quality findings, each taken where it matters: on the document's
//! region (found as the largest patch of detail) at a fixed width, or on the face.

use image::{imageops, GrayImage, RgbImage};

use crate::geometry::Rect;

/// Sharpness is measured with the region scaled down to this width, so that its value does not
/// depend on the photo's size (a Laplacian's variance falls as an image is enlarged).
pub const DOCUMENT_WIDTH: u32 = 1000;
/// The face is measured at this width.
pub const FACE_WIDTH: u32 = 96;
/// The grid the document's region is looked for on: cells of 8 px on a 256 px wide thumbnail.
const GRID_WIDTH: u32 = 256;
const CELL: u32 = 8;
/// A cell with a mean gradient (|dx| + |dy|, luma 0–255) above this holds detail.
const DETAIL: f32 = 10.0;

/// 8-bit luma, as `kyc-imaging` measures it.
pub fn luma(image: &RgbImage) -> GrayImage {
    GrayImage::from_raw(image.width(), image.height(), kyc_imaging::luma(image)).unwrap_or_default()
}

/// A grey image no wider than `width` (never enlarged).
pub fn at_most(gray: &GrayImage, width: u32) -> GrayImage {
    if gray.width() <= width {
        return gray.clone();
    }
    let height = ((u64::from(gray.height()) * u64::from(width)) / u64::from(gray.width())).max(1) as u32;
    imageops::resize(gray, width, height, imageops::FilterType::Triangle)
}

/// A grey image scaled to `width`, keeping its proportions.
pub fn to_width(gray: &GrayImage, width: u32) -> GrayImage {
    let height = ((u64::from(gray.height()) * u64::from(width)) / u64::from(gray.width().max(1))).max(1) as u32;
    imageops::resize(gray, width, height, imageops::FilterType::Triangle)
}

/// Variance of the 4-neighbour Laplacian: higher is sharper (`kyc-imaging`'s own measure).
pub fn sharpness(gray: &GrayImage) -> f32 {
    kyc_imaging::laplacian_variance(gray.as_raw(), gray.width() as usize, gray.height() as usize) as f32
}

/// Light on a region: its mean luma (0–1), the share of its pixels that are blown out
/// (luma ≥ 250), the share that are glare — blown out on a page clearly less bright — and how
/// dark its darkest print is (the 1st percentile of luma, 0–1: near black in a good photo,
/// grey when over-exposure has washed the print out).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Light {
    pub mean: f32,
    pub blown: f32,
    pub glare: f32,
    pub darkest: f32,
}

pub fn light(gray: &GrayImage) -> Light {
    let mut histogram = [0u64; 256];
    for p in gray.as_raw() {
        histogram[usize::from(*p)] += 1;
    }
    let total = gray.as_raw().len().max(1) as u64;
    let mean = histogram.iter().enumerate().map(|(v, n)| v as u64 * n).sum::<u64>() as f32 / total as f32 / 255.0;
    let blown = histogram[250..].iter().sum::<u64>() as f32 / total as f32;
    // Glare is blown-out white on a page that is clearly less bright: a white page (unclipped
    // in a good photo) is not glare, and a page blown out all over is too bright instead.
    let percentile = |share: f64| {
        let mut seen = 0;
        histogram
            .iter()
            .position(|n| {
                seen += n;
                seen as f64 >= share * total as f64
            })
            .unwrap_or(0)
    };
    let median = percentile(0.5);
    let glare_from = (median + 15).max(250);
    let glare = if glare_from > 255 { 0.0 } else { highlights(gray, glare_from as u8) as f32 / total as f32 };
    Light { mean, blown, glare, darkest: percentile(0.01) as f32 / 255.0 }
}

/// Pixels at or above `from` in patches that lie inside the region, are blobs rather than strips
/// and fade out into a bright halo: a specular highlight sits on the document and fades at its
/// rim, while white paper at its edge (a card's white margin, a page running to the crop's
/// border) touches the border, and white paper inside runs in strips between lines of print or
/// ends sharply at print — none of that is glare (fitted on tests/real_documents.rs's real pages
/// and tests/quality.rs's seeded highlights).
fn highlights(gray: &GrayImage, from: u8) -> u64 {
    use imageproc::region_labelling::{connected_components, Connectivity};
    let mask = imageproc::contrast::threshold(gray, from - 1, imageproc::contrast::ThresholdType::Binary);
    let labels = connected_components(&mask, Connectivity::Eight, image::Luma([0u8]));
    let (w, h) = labels.dimensions();
    // Per patch: its area, whether it touches the photo's border, its bounding box.
    let mut patches: Vec<(u64, bool, [u32; 4])> = Vec::new();
    for (x, y, l) in labels.enumerate_pixels() {
        let l = l.0[0] as usize;
        if l == 0 {
            continue;
        }
        if patches.len() < l {
            patches.resize(l, (0, false, [u32::MAX, u32::MAX, 0, 0]));
        }
        let p = &mut patches[l - 1];
        p.0 += 1;
        p.1 |= x == 0 || y == 0 || x + 1 == w || y + 1 == h;
        p.2 = [p.2[0].min(x), p.2[1].min(y), p.2[2].max(x), p.2[3].max(y)];
    }
    let mut total = 0;
    for (i, (area, touches, [x0, y0, x1, y1])) in patches.iter().enumerate() {
        let (bw, bh) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
        let big = *area as f32 >= HIGHLIGHT_SHARE * (w as f32 * h as f32);
        if *touches || *area < 4 || !big || bw.min(bh) / bw.max(bh) < HIGHLIGHT_ASPECT {
            continue;
        }
        // The ring just outside the patch's box (looked at only for a patch that could be a
        // highlight): a highlight fades out into it (bright), white paper ends at print (darker).
        let (mut sum, mut n) = (0u64, 0u64);
        let r = HALO;
        for y in y0.saturating_sub(r)..=(y1 + r).min(h - 1) {
            for x in x0.saturating_sub(r)..=(x1 + r).min(w - 1) {
                if x >= *x0 && x <= *x1 && y >= *y0 && y <= *y1 {
                    continue;
                }
                if labels.get_pixel(x, y).0[0] as usize != i + 1 {
                    sum += u64::from(gray.get_pixel(x, y).0[0]);
                    n += 1;
                }
            }
        }
        if sum as f32 / n.max(1) as f32 >= HALO_LUMA {
            total += area;
        }
    }
    total
}

/// How far around a bright patch its halo is looked for, in pixels (at the measured size).
const HALO: u32 = 3;
/// A highlight hides print: one patch at least this share of the region (at 1000 px across, a
/// disc of about 50 px, a character and a half). Specks of white between print are not glare:
/// on the real corpus the largest blob-shaped one measured 0.0016; seeded highlights 0.009 and up.
const HIGHLIGHT_SHARE: f32 = 0.003;
/// A highlight is a blob, not a strip: its box's short side at least this share of its long
/// side. White paper between lines of print and white fields run in strips (0.03–0.3 on the real
/// corpus); the seeded highlights measure about 1.
const HIGHLIGHT_ASPECT: f32 = 0.35;
/// A highlight fades out: the mean luma just around its box at least this (seeded highlights
/// 224–239); compact white paper ends at print (109–182 on the real corpus).
const HALO_LUMA: f32 = 200.0;

/// Where the document is: the bounding box of the largest patch of detail, and which edges of
/// the photo it touches. `None` when detail fills the whole photo (a textured background, or a
/// document filling the frame): the region cannot be told apart, so framing is not judged.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Region {
    pub bounds: Rect,
    /// Share of the photo's area.
    pub share: f32,
    /// Edges touched: left, top, right, bottom.
    pub touches: [bool; 4],
}

impl Region {
    /// The region of a document whose outline was found (never touching the photo's edges):
    /// its bounding box, and the share of the photo inside the outline.
    pub fn of_outline(quad: &crate::Quad, (width, height): (u32, u32)) -> Region {
        let xs = quad.0.map(|p| p.0);
        let ys = quad.0.map(|p| p.1);
        let (x0, y0) = (xs.iter().copied().fold(f32::MAX, f32::min), ys.iter().copied().fold(f32::MAX, f32::min));
        let (x1, y1) = (xs.iter().copied().fold(0.0, f32::max), ys.iter().copied().fold(0.0, f32::max));
        Region {
            bounds: Rect { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
            share: quad.area() / (width as f32 * height as f32),
            touches: [false; 4],
        }
    }

    /// Whether `inner` lies inside this region's bounds, give or take 5 % of the photo's size
    /// (a patch of detail is measured in cells of about 3 %).
    pub fn holds(&self, inner: &Rect, (width, height): (u32, u32)) -> bool {
        let (mx, my) = (width as f32 * 0.05, height as f32 * 0.05);
        let b = &self.bounds;
        inner.x >= b.x - mx
            && inner.y >= b.y - my
            && inner.x + inner.width <= b.x + b.width + mx
            && inner.y + inner.height <= b.y + b.height + my
    }
}

pub fn document_region(gray: &GrayImage) -> Option<Region> {
    let small = at_most(gray, GRID_WIDTH);
    let (cols, rows) = (small.width() / CELL, small.height() / CELL);
    if cols < 3 || rows < 3 {
        return None;
    }
    let detail = |cx: u32, cy: u32| {
        let mut sum = 0u32;
        for y in cy * CELL..(cy + 1) * CELL {
            for x in cx * CELL..(cx + 1) * CELL {
                let p = i32::from(small.get_pixel(x, y)[0]);
                let right = i32::from(small.get_pixel((x + 1).min(small.width() - 1), y)[0]);
                let down = i32::from(small.get_pixel(x, (y + 1).min(small.height() - 1))[0]);
                sum += (right - p).unsigned_abs() + (down - p).unsigned_abs();
            }
        }
        sum as f32 / (CELL * CELL) as f32 > DETAIL
    };
    let active: Vec<bool> =
        (0..rows).flat_map(|cy| (0..cols).map(move |cx| (cx, cy))).map(|(x, y)| detail(x, y)).collect();
    // Close the gaps between lines of print: a cell next to detail counts as detail.
    let at = |x: i64, y: i64| {
        x >= 0 && y >= 0 && x < i64::from(cols) && y < i64::from(rows) && active[(y * i64::from(cols) + x) as usize]
    };
    let closed: Vec<bool> = (0..rows as i64)
        .flat_map(|y| (0..cols as i64).map(move |x| (x, y)))
        .map(|(x, y)| (-1..=1).any(|dy| (-1..=1).any(|dx| at(x + dx, y + dy))))
        .collect();
    let (cx0, cy0, cx1, cy1) = largest_component(&closed, cols, rows)?;
    // The patch's own detail, without the cells the closing added around it.
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in cy0..=cy1 {
        for x in cx0..=cx1 {
            if active[(y * cols + x) as usize] {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    if x0 > x1 {
        return None;
    }
    let touches = [x0 == 0, y0 == 0, x1 == cols - 1, y1 == rows - 1];
    if touches.iter().all(|t| *t) {
        return None;
    }
    let scale = gray.width() as f32 / small.width() as f32;
    let bounds = Rect {
        x: (x0 * CELL) as f32 * scale,
        y: (y0 * CELL) as f32 * scale,
        width: ((x1 - x0 + 1) * CELL) as f32 * scale,
        height: ((y1 - y0 + 1) * CELL) as f32 * scale,
    };
    let share = ((x1 - x0 + 1) * (y1 - y0 + 1)) as f32 / (cols * rows) as f32;
    Some(Region { bounds, share, touches })
}

/// The bounding box (in cells, inclusive) of the largest 4-connected patch of set cells.
fn largest_component(cells: &[bool], cols: u32, rows: u32) -> Option<(u32, u32, u32, u32)> {
    let mut seen = vec![false; cells.len()];
    let mut best: Option<(usize, (u32, u32, u32, u32))> = None;
    for start in 0..cells.len() {
        if !cells[start] || seen[start] {
            continue;
        }
        let (mut size, mut bounds) = (0, (u32::MAX, u32::MAX, 0, 0));
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(i) = stack.pop() {
            let (x, y) = (i as u32 % cols, i as u32 / cols);
            size += 1;
            bounds = (bounds.0.min(x), bounds.1.min(y), bounds.2.max(x), bounds.3.max(y));
            let mut visit = |nx: u32, ny: u32| {
                let j = (ny * cols + nx) as usize;
                if cells[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(x - 1, y);
            }
            if y > 0 {
                visit(x, y - 1);
            }
            if x + 1 < cols {
                visit(x + 1, y);
            }
            if y + 1 < rows {
                visit(x, y + 1);
            }
        }
        if best.is_none_or(|(s, _)| size > s) {
            best = Some((size, bounds));
        }
    }
    best.map(|(_, b)| b)
}

/// A crop of a grey image to a box (clamped to the image).
pub fn crop(gray: &GrayImage, r: &Rect) -> GrayImage {
    let x = r.x.max(0.0) as u32;
    let y = r.y.max(0.0) as u32;
    let w =
        (r.width.min(gray.width() as f32 - r.x.max(0.0)).max(1.0) as u32).min(gray.width().saturating_sub(x)).max(1);
    let h =
        (r.height.min(gray.height() as f32 - r.y.max(0.0)).max(1.0) as u32).min(gray.height().saturating_sub(y)).max(1);
    imageops::crop_imm(gray, x.min(gray.width() - 1), y.min(gray.height() - 1), w, h).to_image()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grey page (luma 170) with a highlight at (cx, cy): blown within `core` px, fading to
    /// the page over as many again.
    fn highlight(cx: f32, cy: f32, core: f32) -> GrayImage {
        GrayImage::from_fn(100, 100, |x, y| {
            let d = (x as f32 - cx).hypot(y as f32 - cy);
            let a = if d < core { 1.0 } else { (1.0 - (d - core) / core).max(0.0) };
            image::Luma([(170.0 + 85.0 * a) as u8])
        })
    }

    #[test]
    fn a_white_page_is_bright_but_not_glare_and_a_hot_spot_on_grey_is() {
        let page = GrayImage::from_pixel(100, 100, image::Luma([235]));
        assert_eq!(light(&page).glare, 0.0);
        let l = light(&highlight(50.0, 50.0, 10.0));
        // The blown core (about π·10² px of 10,000) fading out into a bright rim: glare.
        assert!(l.glare > 0.025 && l.glare <= l.blown, "{l:?}");
        assert_eq!(l.darkest, 170.0 / 255.0);
    }

    #[test]
    fn white_paper_inside_the_page_is_not_glare() {
        // As bright as the highlight, but each not one: a strip between lines of print, a white
        // box whose edge is print (no fading rim), and specks too small to hide a character.
        let mut page = GrayImage::from_pixel(100, 100, image::Luma([170]));
        for x in 10..90 {
            for y in 20..26 {
                page.put_pixel(x, y, image::Luma([255]));
            }
        }
        for x in 30..50 {
            for y in 40..60 {
                page.put_pixel(x, y, image::Luma([255]));
            }
        }
        for (x, y) in [(70, 70), (80, 75), (75, 85)] {
            page.put_pixel(x, y, image::Luma([255]));
            page.put_pixel(x + 1, y, image::Luma([255]));
        }
        let l = light(&page);
        assert_eq!(l.glare, 0.0, "{l:?}");
        assert!(l.blown > 0.08);
        // A speck with a rim, too small to hide print, is not glare either.
        assert_eq!(light(&highlight(50.0, 50.0, 1.5)).glare, 0.0);
    }

    #[test]
    fn a_white_margin_round_a_card_is_white_paper_not_glare() {
        // A grey card whose outer 10 px are blown-out white paper (the straightened crop of a
        // white card with a white margin): as bright as a highlight, but at the edge.
        let mut card = GrayImage::from_pixel(200, 120, image::Luma([170]));
        for (x, y, p) in card.enumerate_pixels_mut() {
            if x < 10 || y < 10 || x >= 190 || y >= 110 {
                *p = image::Luma([255]);
            }
        }
        let l = light(&card);
        assert!(l.blown > 0.2, "{l:?}");
        assert_eq!(l.glare, 0.0);
    }

    #[test]
    fn detail_in_the_middle_of_a_plain_photo_is_the_region_and_touches_nothing() {
        let mut gray = GrayImage::from_pixel(400, 300, image::Luma([40]));
        for y in 100..200 {
            for x in 100..300 {
                gray.put_pixel(x, y, image::Luma([if (x / 3 + y / 5) % 2 == 0 { 20 } else { 220 }]));
            }
        }
        let region = document_region(&gray).expect("a region");
        assert_eq!(region.touches, [false; 4]);
        assert!((region.share - 1.0 / 6.0).abs() < 0.1, "{region:?}");
        let filled =
            GrayImage::from_fn(400, 300, |x, y| image::Luma([if (x / 3 + y / 5) % 2 == 0 { 20 } else { 220 }]));
        assert_eq!(document_region(&filled), None, "detail everywhere: no region");
    }
}
