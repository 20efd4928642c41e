//! Finding a document's four corners in a photo, and straightening it: the edges of the photo
//! at a working size (`imageproc`'s Canny), the outlines they close, and the largest outline that
//! is a convex four-sided shape covering a fair part of the photo; then a perspective warp of that
//! shape to the document's own proportions. Works when the document stands out from what it lies
//! on (a dark, plain table); on white, gravel or printed paper the outline does not close, no
//! document is found, and the person is told to use a dark plain surface.

use image::{GrayImage, ImageBuffer, Pixel, RgbImage};
use imageproc::contours::{find_contours, BorderType};
use imageproc::definitions::{Clamp, Image};
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};
use imageproc::geometry::{approximate_polygon_dp, arc_length, convex_hull};
use imageproc::point::Point;

/// The long edge the search works at: enough for corners within a few pixels of a 12 MP photo.
pub const WORK_EDGE: u32 = 640;
/// The share of the photo a document's outline must cover to count (a document under 20 % is
/// then "too small"; a photo printed on the page covers less than this).
pub const MIN_SHARE: f32 = 0.15;

/// A document's corners in the photo's pixels: top-left, top-right, bottom-right, bottom-left
/// (as the document is held, the long side across).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Quad(pub [(f32, f32); 4]);

impl Quad {
    /// The area (shoelace), in square pixels.
    pub fn area(&self) -> f32 {
        Quad::polygon_area(&self.0)
    }

    fn polygon_area(p: &[(f32, f32)]) -> f32 {
        let n = p.len();
        (0..n).map(|i| p[i].0 * p[(i + 1) % n].1 - p[(i + 1) % n].0 * p[i].1).sum::<f32>().abs() / 2.0
    }

    /// The whole frame of a photo with a document's proportions (within 3 % of an ID-1 card's
    /// or a TD3 page's): a scan, or a photo sent straightened, is all document.
    pub fn filling((width, height): (u32, u32)) -> Option<Quad> {
        let (w, h) = (width as f32, height as f32);
        let ratio = w.max(h) / w.min(h).max(1.0);
        let near = |target: f32| (ratio / target - 1.0).abs() <= 0.03;
        (width >= height && (near(1.586) || near(1.420))).then_some(Quad([(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]))
    }

    /// Its width and height, each the mean of its two opposite sides.
    pub fn size(&self) -> (f32, f32) {
        let d = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).hypot(a.1 - b.1);
        let p = &self.0;
        ((d(p[0], p[1]) + d(p[3], p[2])) / 2.0, (d(p[0], p[3]) + d(p[1], p[2])) / 2.0)
    }
}

/// The sizes a straightened document is warped to, by its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// An ID-1 card (85.60 × 53.98 mm): ID cards, driving licences.
    Id1,
    /// A TD3 passport data page (125 × 88 mm).
    Td3,
}

impl Format {
    /// The straightened size in pixels (1000 px across).
    pub fn size(self) -> (u32, u32) {
        match self {
            Format::Id1 => (1000, 631),
            Format::Td3 => (1000, 704),
        }
    }

    /// The format whose proportions are nearest a shape of this width and height.
    pub fn nearest(width: f32, height: f32) -> Format {
        let ratio = width.max(height) / width.min(height).max(1.0);
        if (ratio - 1.586).abs() < (ratio - 1.420).abs() {
            Format::Id1
        } else {
            Format::Td3
        }
    }
}

/// The document's corners in `image`, or `None` when no outline stands out.
pub fn find_document(image: &RgbImage) -> Option<Quad> {
    find_in(&crate::quality::luma(image))
}

/// `find_document` on the photo's grey (luma) pixels.
pub fn find_in(gray: &GrayImage) -> Option<Quad> {
    let (w, h) = gray.dimensions();
    let scale = (WORK_EDGE as f32 / w.max(h) as f32).min(1.0);
    let small = if scale < 1.0 {
        let (sw, sh) = (((w as f32 * scale).round() as u32).max(1), ((h as f32 * scale).round() as u32).max(1));
        image::imageops::resize(gray, sw, sh, image::imageops::FilterType::Triangle)
    } else {
        gray.clone()
    };
    let quad = outline(&small)?;
    Some(Quad(quad.0.map(|(x, y)| (x / scale, y / scale))))
}

/// The largest convex four-sided outline in a working-size grey image, from two views of it:
/// its edges (Canny, for a document that differs from the surface in any way) and its bright
/// part (Otsu's threshold, opened to drop specks: a light page on a textured, darker surface
/// whose own edges would join the page's).
fn outline(gray: &GrayImage) -> Option<Quad> {
    use imageproc::distance_transform::Norm;
    let smooth = imageproc::filter::gaussian_blur_f32(gray, 1.5);
    // Close one-pixel gaps in the document's edge.
    let edges = imageproc::morphology::dilate(&imageproc::edges::canny(&smooth, 20.0, 50.0), Norm::LInf, 1);
    // Otsu's level, and one halfway to white for a surface with light parts of its own (mortar).
    let otsu = imageproc::contrast::otsu_level(&smooth);
    let bright = [otsu, otsu / 2 + 128].map(|level| {
        let binary = imageproc::contrast::threshold(&smooth, level, imageproc::contrast::ThresholdType::Binary);
        imageproc::morphology::open(&binary, Norm::LInf, 2)
    });
    std::iter::once(&edges).chain(&bright).filter_map(largest_quad).max_by(|a, b| a.area().total_cmp(&b.area()))
}

/// The largest outer outline in a binary image that is a four-sided shape covering a fair part
/// of it, away from its border (a shape that runs off the photo is the surface's, not a page).
fn largest_quad(binary: &GrayImage) -> Option<Quad> {
    let (w, h) = binary.dimensions();
    let frame = (w * h) as f32;
    let on_border = |&(x, y): &(f32, f32)| x < 2.0 || y < 2.0 || x > w as f32 - 3.0 || y > h as f32 - 3.0;
    let mut best: Option<Quad> = None;
    for contour in find_contours::<i32>(binary) {
        if contour.border_type != BorderType::Outer || contour.points.len() < 20 {
            continue;
        }
        let hull = convex_hull(contour.points);
        let outline: Vec<(f32, f32)> = hull.iter().map(|p| (p.x as f32, p.y as f32)).collect();
        if Quad::polygon_area(&outline) < MIN_SHARE * frame {
            continue;
        }
        let Some(quad) = four_sides(&hull) else { continue };
        let area = quad.area();
        if area < MIN_SHARE * frame || quad.0.iter().filter(|c| on_border(c)).count() >= 2 {
            continue;
        }
        if best.as_ref().is_none_or(|b| area > b.area()) {
            best = Some(quad);
        }
    }
    best
}

/// The hull as four corners, if it is close to a four-sided shape: the largest quadrilateral on
/// the hull's vertices (for a document, its corners, wherever perspective put them) must cover
/// nearly all of the hull.
fn four_sides(hull: &[Point<i32>]) -> Option<Quad> {
    // A hull of a few hundred vertices on a smooth edge: thin it to its bends first.
    let perimeter = arc_length(hull, true);
    let vertices = approximate_polygon_dp(hull, 0.004 * perimeter, true);
    let points: Vec<(f32, f32)> = vertices.iter().map(|p| (p.x as f32, p.y as f32)).collect();
    let n = points.len();
    if !(4..=48).contains(&n) {
        return None;
    }
    let mut best = (0.0, [0; 4]);
    for a in 0..n {
        for b in a + 1..n {
            for c in b + 1..n {
                for d in c + 1..n {
                    let area = Quad([points[a], points[b], points[c], points[d]]).area();
                    if area > best.0 {
                        best = (area, [a, b, c, d]);
                    }
                }
            }
        }
    }
    // The thinning may have moved a corner to a neighbour: let each corner in turn take the hull
    // point that makes the quadrilateral largest, the other three held.
    let all: Vec<(f32, f32)> = hull.iter().map(|p| (p.x as f32, p.y as f32)).collect();
    let mut corners = best.1.map(|i| points[i]);
    for _ in 0..2 {
        for i in 0..4 {
            let mut trial = corners;
            for p in &all {
                trial[i] = *p;
                if Quad(trial).area() > Quad(corners).area() && is_convex(&trial) {
                    corners[i] = *p;
                }
            }
        }
    }
    let quad = Quad(corners);
    let hull_area = Quad::polygon_area(&all);
    if quad.area() < 0.96 * hull_area {
        return None;
    }
    // Each side at least a twentieth of the perimeter: not a sliver.
    let (qw, qh) = quad.size();
    if qw.min(qh) < perimeter as f32 / 20.0 {
        return None;
    }
    Some(order(quad.0))
}

/// Whether four points, in this order, make a convex quadrilateral (all turns the same way).
fn is_convex(p: &[(f32, f32); 4]) -> bool {
    let turns = (0..4).map(|i| {
        let (a, b, c) = (p[i], p[(i + 1) % 4], p[(i + 2) % 4]);
        (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0)
    });
    let signs: Vec<bool> = turns.map(|t| t > 0.0).collect();
    signs.iter().all(|s| *s) || signs.iter().all(|s| !*s)
}

/// Corners in reading order: top-left first, clockwise, the long side across.
fn order(points: [(f32, f32); 4]) -> Quad {
    let (cx, cy) = points.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0 / 4.0, y + p.1 / 4.0));
    let mut sorted = points;
    // Clockwise on screen (y down) is increasing angle.
    sorted.sort_by(|a, b| (a.1 - cy).atan2(a.0 - cx).total_cmp(&(b.1 - cy).atan2(b.0 - cx)));
    let first =
        (0..4).min_by(|&i, &j| (sorted[i].0 + sorted[i].1).total_cmp(&(sorted[j].0 + sorted[j].1))).unwrap_or(0);
    sorted.rotate_left(first);
    let quad = Quad(sorted);
    let (qw, qh) = quad.size();
    if qh > qw {
        // Held upright: the long side is the left one; start from the bottom-left instead.
        sorted.rotate_right(1);
        return Quad(sorted);
    }
    quad
}

/// The document straightened: the shape inside `quad` warped to its format's size (colour or
/// grey; outside the photo is black).
pub fn straighten<P>(image: &Image<P>, quad: &Quad) -> Option<(Format, Image<P>)>
where
    P: Pixel + Send + Sync,
    P::Subpixel: Send + Sync + Into<f32> + Clamp<f32>,
{
    let (qw, qh) = quad.size();
    let format = Format::nearest(qw, qh);
    let (w, h) = format.size();
    let (fw, fh) = (w as f32, h as f32);
    let projection = Projection::from_control_points(quad.0, [(0.0, 0.0), (fw, 0.0), (fw, fh), (0.0, fh)])?;
    let mut out = ImageBuffer::new(w, h);
    let black = *out.get_pixel(0, 0);
    warp_into(image, &projection, Interpolation::Bilinear, black, &mut out);
    Some((format, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_are_put_in_reading_order_whatever_order_they_come_in() {
        let truth = [(10.0, 12.0), (300.0, 20.0), (290.0, 200.0), (15.0, 190.0)];
        for shift in 0..4 {
            let mut points = truth;
            points.rotate_left(shift);
            points.swap(1, 3);
            assert_eq!(order(points).0, truth, "shift {shift}");
        }
    }

    #[test]
    fn a_plain_bright_card_on_a_dark_table_is_found_and_straightened() {
        let mut photo = RgbImage::from_pixel(1200, 900, image::Rgb([40, 45, 50]));
        let corners = [(200.0, 150.0), (1000.0, 190.0), (980.0, 720.0), (230.0, 700.0)];
        let inside = |x: f32, y: f32| {
            (0..4).all(|i| {
                let (a, b) = (corners[i], corners[(i + 1) % 4]);
                (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
            })
        };
        for (x, y, p) in photo.enumerate_pixels_mut() {
            if inside(x as f32, y as f32) {
                *p = image::Rgb([230, 225, 210]);
            }
        }
        let found = find_document(&photo).expect("found");
        for (f, t) in found.0.iter().zip(corners) {
            assert!((f.0 - t.0).abs() < 8.0 && (f.1 - t.1).abs() < 8.0, "{:?} vs {corners:?}", found.0);
        }
        let (format, page) = straighten(&photo, &found).expect("straightened");
        assert_eq!(format, Format::Td3);
        assert_eq!(page.dimensions(), (1000, 704));
        assert_eq!(page.get_pixel(500, 352), &image::Rgb([230, 225, 210]));
        assert!(find_document(&RgbImage::from_pixel(800, 600, image::Rgb([40, 45, 50]))).is_none(), "nothing there");
    }
}
