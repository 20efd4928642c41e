//! Seeded generators of labelled test photos: synthetic document pages (no real person's
//! document) on plain backgrounds, and selfies composed from the public-domain astronaut
//! portrait that ships in scikit-image (tests/data/README.md).
#![allow(dead_code)]

use image::{imageops, Rgb, RgbImage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// A document's data page, `width` px wide, in ID-3 proportions: a guilloche background, a
/// portrait box, lines of print and two dense machine-readable lines.
pub fn document(rng: &mut StdRng, width: u32) -> RgbImage {
    page(rng, width, true)
}

/// The same page without the drawn machine-readable lines (`passport_page` prints real ones).
pub fn document_without_zone(rng: &mut StdRng, width: u32) -> RgbImage {
    page(rng, width, false)
}

fn page(rng: &mut StdRng, width: u32, zone: bool) -> RgbImage {
    let height = width * 88 / 125;
    let tint = [rng.random_range(215..235u8), rng.random_range(215..235u8), rng.random_range(200..225u8)];
    let mut page = RgbImage::from_fn(width, height, |x, y| {
        let wave = ((x as f32 / 9.0).sin() + (y as f32 / 13.0 + x as f32 / 40.0).cos()) * 6.0;
        Rgb(tint.map(|c| (f32::from(c) + wave).clamp(0.0, 255.0) as u8))
    });
    // The portrait box: a smooth grey shape.
    let (px, py, pw, ph) = (width / 20, height / 5, width / 4, height * 3 / 5);
    for y in py..py + ph {
        for x in px..px + pw {
            let d = ((x - px) as f32 / pw as f32 - 0.5).hypot((y - py) as f32 / ph as f32 - 0.4);
            let v = (90.0 + d * 200.0).min(200.0) as u8;
            page.put_pixel(x, y, Rgb([v, v.saturating_sub(10), v.saturating_sub(20)]));
        }
    }
    let glyph = (width / 90).max(4);
    let mut print = |rng: &mut StdRng, x0: u32, y0: u32, chars: u32, size: u32| {
        for c in 0..chars {
            if rng.random_bool(0.15) {
                continue;
            }
            let x = x0 + c * size * 3 / 4;
            for stroke in 0..rng.random_range(2..4) {
                let (sx, sy) = (rng.random_range(0..size / 2), rng.random_range(0..size / 2));
                let (w, h) = if stroke % 2 == 0 { (size / 6 + 1, size - sy) } else { (size / 2, size / 6 + 1) };
                for yy in y0 + sy..(y0 + sy + h).min(y0 + size) {
                    for xx in x + sx..(x + sx + w).min(x + size) {
                        if xx < width && yy < height {
                            page.put_pixel(xx, yy, Rgb([30, 30, 40]));
                        }
                    }
                }
            }
        }
    };
    let text_x = px + pw + width / 25;
    for line in 0..7 {
        let chars = rng.random_range(8..26);
        print(rng, text_x, height / 6 + line * glyph * 2, chars, glyph);
    }
    if zone {
        for line in 0..2 {
            print(rng, width / 25, height - height / 5 + line * glyph * 2, 40, glyph + 2);
        }
    }
    page
}

/// A plain background with a little texture (a table, a dark cloth), `width`×`height`.
pub fn background(rng: &mut StdRng, width: u32, height: u32) -> RgbImage {
    let base = [rng.random_range(20..90u8), rng.random_range(20..80u8), rng.random_range(20..70u8)];
    RgbImage::from_fn(width, height, |x, y| {
        let grain = ((x as f32 * 0.05).sin() * (y as f32 * 0.031).cos() * 4.0) as i16;
        Rgb(base.map(|c| (i16::from(c) + grain).clamp(0, 255) as u8))
    })
}

/// `top` pasted onto `base` at (x, y), which may lie partly outside it.
pub fn paste(base: &mut RgbImage, top: &RgbImage, x: i64, y: i64) {
    imageops::overlay(base, top, x, y);
}

/// Sensor noise: each channel moved by up to ±`amount`.
pub fn noise(rng: &mut StdRng, image: &mut RgbImage, amount: i16) {
    for p in image.pixels_mut() {
        let n: i16 = rng.random_range(-amount..=amount);
        *p = Rgb(p.0.map(|c| (i16::from(c) + n).clamp(0, 255) as u8));
    }
}

/// Light scaled by `factor` (0.2 is a dim room).
pub fn lit(image: &mut RgbImage, factor: f32) {
    for p in image.pixels_mut() {
        *p = Rgb(p.0.map(|c| (f32::from(c) * factor).clamp(0.0, 255.0) as u8));
    }
}

/// Over-exposure as a camera makes it: the highlights clip and the print is lifted to grey.
pub fn overexposed(image: &mut RgbImage, gain: f32) {
    for p in image.pixels_mut() {
        *p = Rgb(p.0.map(|c| ((f32::from(c) / 255.0).powf(0.35) * 255.0 * gain).clamp(0.0, 255.0) as u8));
    }
}

/// A specular reflection: a white blob fading out over `radius` px, centred at (cx, cy).
pub fn glare(image: &mut RgbImage, cx: f32, cy: f32, radius: f32) {
    let (w, h) = image.dimensions();
    for y in 0..h {
        for x in 0..w {
            let d = (x as f32 - cx).hypot(y as f32 - cy) / radius;
            if d < 1.0 {
                let a = if d < 0.6 { 1.0 } else { (1.0 - d) / 0.4 };
                let p = image.get_pixel_mut(x, y);
                *p = Rgb(p.0.map(|c| (f32::from(c) * (1.0 - a) + 255.0 * a) as u8));
            }
        }
    }
}

pub fn blur(image: &RgbImage, sigma: f32) -> RgbImage {
    if sigma <= 0.0 {
        image.clone()
    } else {
        imageops::blur(image, sigma)
    }
}

pub fn load(name: &str) -> RgbImage {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    image::open(&path).unwrap_or_else(|e| panic!("{path}: {e}")).to_rgb8()
}

/// The astronaut's head and shoulders, cropped so that her face is in the middle (the face is
/// about 106 px wide in the 512 px original, around (226, 121)).
pub fn portrait() -> RgbImage {
    imageops::crop_imm(&load("astronaut.png"), 116, 11, 220, 260).to_image()
}

/// A portrait scaled so that the face is about `face` px wide.
pub fn portrait_with_face(face: u32) -> RgbImage {
    let p = portrait();
    let scale = face as f32 / 106.0;
    imageops::resize(&p, (220.0 * scale) as u32, (260.0 * scale) as u32, imageops::FilterType::Triangle)
}

pub const NON_FACES: [&str; 11] = [
    "brick.png",
    "chelsea.png",
    "coffee.png",
    "coins.png",
    "grass.png",
    "gravel.png",
    "horse.png",
    "logo.png",
    "moon.png",
    "rocket.jpg",
    "text.png",
];

/// Labelled counts of a finding: how many samples had it and were flagged, and so on.
#[derive(Default, Debug)]
pub struct Tally {
    pub true_pos: u32,
    pub false_pos: u32,
    pub false_neg: u32,
}

impl Tally {
    pub fn add(&mut self, truth: bool, found: bool) {
        match (truth, found) {
            (true, true) => self.true_pos += 1,
            (false, true) => self.false_pos += 1,
            (true, false) => self.false_neg += 1,
            (false, false) => {}
        }
    }

    pub fn line(&self, name: &str) -> String {
        let p = f64::from(self.true_pos) / f64::from((self.true_pos + self.false_pos).max(1));
        let r = f64::from(self.true_pos) / f64::from((self.true_pos + self.false_neg).max(1));
        format!(
            "{name}: precision {p:.3}, recall {r:.3} (tp {}, fp {}, fn {})",
            self.true_pos, self.false_pos, self.false_neg
        )
    }
}

/// What a document lies on, in a scene for the corner finder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// A dark plain table or cloth (the drawn `background`).
    DarkPlain,
    /// A mid-grey plain surface.
    GreyPlain,
    /// scikit-image's brick wall, grass and gravel textures.
    Brick,
    Grass,
    Gravel,
    /// A white sheet (the document barely stands out).
    White,
    /// Printed and handwritten paper (scikit-image's `text.png`).
    Paper,
}

impl Surface {
    pub const ALL: [Surface; 7] = [
        Surface::DarkPlain,
        Surface::GreyPlain,
        Surface::Brick,
        Surface::Grass,
        Surface::Gravel,
        Surface::White,
        Surface::Paper,
    ];

    /// Whether the document stands out from it (the corner finder's promise).
    pub fn contrasting(self) -> bool {
        matches!(self, Surface::DarkPlain | Surface::GreyPlain | Surface::Brick | Surface::Grass)
    }

    pub fn picture(self, rng: &mut StdRng, width: u32, height: u32) -> RgbImage {
        let photo = |name: &str| imageops::resize(&load(name), width, height, imageops::FilterType::Triangle);
        match self {
            Surface::DarkPlain => background(rng, width, height),
            Surface::GreyPlain => {
                let v = rng.random_range(110..140u8);
                RgbImage::from_pixel(width, height, Rgb([v, v, v.saturating_sub(6)]))
            }
            Surface::Brick => photo("brick.png"),
            Surface::Grass => photo("grass.png"),
            Surface::Gravel => photo("gravel.png"),
            Surface::White => RgbImage::from_pixel(width, height, Rgb([238, 238, 236])),
            Surface::Paper => photo("text.png"),
        }
    }
}

/// `document` laid on `surface` in perspective, as a phone held above a table sees it: its
/// corners moved at random, never off the photo. Answers the scene and the true corners
/// (top-left, top-right, bottom-right, bottom-left).
pub fn in_perspective(rng: &mut StdRng, surface: &RgbImage, document: &RgbImage) -> (RgbImage, [(f32, f32); 4]) {
    use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};
    let (w, h) = (surface.width() as f32, surface.height() as f32);
    let (dw, dh) = (document.width() as f32, document.height() as f32);
    // The document covers 30–60 % of the width, somewhere near the middle, each corner jittered.
    let span = w * rng.random_range(0.45..0.75);
    let (cx, cy) = (w / 2.0 + rng.random_range(-0.1..0.1) * w, h / 2.0 + rng.random_range(-0.1..0.1) * h);
    let angle: f32 = rng.random_range(-0.25..0.25);
    let (half_w, half_h) = (span / 2.0, span * dh / dw / 2.0);
    let corners = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)].map(|(x, y)| {
        let jitter = span * 0.05;
        let (x, y) = (x + rng.random_range(-jitter..jitter), y + rng.random_range(-jitter..jitter));
        let (s, c) = angle.sin_cos();
        ((cx + x * c - y * s).clamp(2.0, w - 3.0), (cy + x * s + y * c).clamp(2.0, h - 3.0))
    });
    let projection = Projection::from_control_points([(0.0, 0.0), (dw, 0.0), (dw, dh), (0.0, dh)], corners)
        .expect("a document's corners make a projection");
    let mut warped = RgbImage::new(surface.width(), surface.height());
    warp_into(document, &projection, Interpolation::Bilinear, Rgb([0, 0, 0]), &mut warped);
    let mask = image::GrayImage::from_pixel(document.width(), document.height(), image::Luma([255]));
    let mut coverage = image::GrayImage::new(surface.width(), surface.height());
    warp_into(&mask, &projection, Interpolation::Bilinear, image::Luma([0]), &mut coverage);
    let mut scene = surface.clone();
    for ((p, d), m) in scene.pixels_mut().zip(warped.pixels()).zip(coverage.pixels()) {
        let a = f32::from(m.0[0]) / 255.0;
        *p = Rgb([0, 1, 2].map(|i| (f32::from(p.0[i]) * (1.0 - a) + f32::from(d.0[i]) * a) as u8));
    }
    (scene, corners)
}

/// JPEG at `quality` and back, as a camera saves it.
pub fn jpeg(image: &RgbImage, quality: u8) -> RgbImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(image).expect("encodes");
    image::load_from_memory(&bytes).expect("decodes").to_rgb8()
}

/// Intersection over union of two convex quadrilaterals, measured on a grid of `step` px.
pub fn quad_iou(a: &[(f32, f32); 4], b: &[(f32, f32); 4], width: u32, height: u32, step: u32) -> f32 {
    let inside = |q: &[(f32, f32); 4], x: f32, y: f32| {
        let sides: Vec<f32> = (0..4)
            .map(|i| {
                let (p, n) = (q[i], q[(i + 1) % 4]);
                (n.0 - p.0) * (y - p.1) - (n.1 - p.1) * (x - p.0)
            })
            .collect();
        sides.iter().all(|s| *s >= 0.0) || sides.iter().all(|s| *s <= 0.0)
    };
    let (mut both, mut either) = (0u32, 0u32);
    for y in (0..height).step_by(step as usize) {
        for x in (0..width).step_by(step as usize) {
            let (ia, ib) = (inside(a, x as f32, y as f32), inside(b, x as f32, y as f32));
            both += u32::from(ia && ib);
            either += u32::from(ia || ib);
        }
    }
    both as f32 / either.max(1) as f32
}

/// OCR-B, the MRZ's typeface, from Debian's `fonts-ocr-b` (public domain).
pub fn ocr_b() -> ab_glyph::FontVec {
    let path = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path} (apt package fonts-ocr-b): {e}"));
    ab_glyph::FontVec::try_from_vec(bytes).expect("OCR-B loads")
}

const SURNAMES: [&str; 10] =
    ["ERIKSSON", "SAMPLE", "MÜLLER", "GARCÍA NÚÑEZ", "O'NEIL", "NGUYEN", "DUBOIS", "ÅBERG", "SMITH-JONES", "TANAKA"];
const GIVEN: [&str; 10] =
    ["ANNA MARIA", "ALEX", "JÜRGEN", "JOSÉ LUIS", "SEAN", "VAN AN", "RENÉE", "BJÖRN", "MARY", "HIROSHI"];
const COUNTRIES: [&str; 8] = ["UTO", "DEU", "FRA", "ESP", "THA", "JPN", "IDN", "VNM"];

/// A holder and their passport, random but valid: what a specimen page prints, and the two
/// MRZ lines (check digits right, names transliterated as ICAO 9303 says).
#[derive(Debug, Clone)]
pub struct Specimen {
    pub surname: String,
    pub given_names: String,
    pub number: String,
    pub country: String,
    pub birth: (u16, u8, u8),
    pub expiry: (u16, u8, u8),
    pub lines: [String; 2],
}

pub fn specimen(rng: &mut StdRng) -> Specimen {
    let surname = SURNAMES[rng.random_range(0..SURNAMES.len())].to_owned();
    let given_names = GIVEN[rng.random_range(0..GIVEN.len())].to_owned();
    let alphanumeric = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let number: String = (0..9).map(|_| char::from(alphanumeric[rng.random_range(0..alphanumeric.len())])).collect();
    let country = COUNTRIES[rng.random_range(0..COUNTRIES.len())].to_owned();
    let birth = (rng.random_range(1950..2005u16), rng.random_range(1..=12u8), rng.random_range(1..=28u8));
    let expiry = (rng.random_range(2027..2036u16), rng.random_range(1..=12u8), rng.random_range(1..=28u8));
    let female = rng.random_bool(0.5);
    specimen_of(&surname, &given_names, &number, &country, birth, expiry, female)
}

/// A specimen with these details.
pub fn specimen_of(
    surname: &str,
    given_names: &str,
    number: &str,
    country: &str,
    birth: (u16, u8, u8),
    expiry: (u16, u8, u8),
    female: bool,
) -> Specimen {
    let (surname, given_names, number, country) =
        (surname.to_owned(), given_names.to_owned(), number.to_owned(), country.to_owned());
    let date =
        |(y, m, d): (u16, u8, u8)| mrz::MrzDate::Calendar(mrz::Date::new(i32::from(y), u32::from(m), u32::from(d)));
    let fields = mrz::Td3Fields {
        issuing_country: country.clone(),
        document_number: number.clone(),
        surname: mrz::encode_name_component(&surname),
        given_names: mrz::encode_name_component(&given_names),
        nationality: country.clone(),
        date_of_birth: date(birth),
        sex: if female { mrz::Sex::Female } else { mrz::Sex::Male },
        date_of_expiry: date(expiry),
        ..Default::default()
    };
    let zone = mrz::format_td3(&fields);
    let mut lines = zone.lines().map(str::to_owned);
    let lines = [lines.next().unwrap_or_default(), lines.next().unwrap_or_default()];
    Specimen { surname, given_names, number, country, birth, expiry, lines }
}

/// A passport data page (TD3, 125 × 88 mm) `width` px wide: the drawn page of `document`, its
/// machine-readable zone printed in OCR-B at the ICAO positions (44 characters at 2.54 mm).
pub fn passport_page(rng: &mut StdRng, width: u32, specimen: &Specimen) -> RgbImage {
    use ab_glyph::{Font, ScaleFont};
    let mut page = document_without_zone(rng, width);
    let mm = width as f32 / 125.0;
    let font = ocr_b();
    // OCR-B is monospaced: the scale whose advance is the MRZ's 2.54 mm pitch.
    let advance = font.as_scaled(100.0).h_advance(font.glyph_id('A')) / 100.0;
    let scale = ab_glyph::PxScale::from(2.54 * mm / advance);
    for (i, line) in specimen.lines.iter().enumerate() {
        let baseline_mm = 88.0 - 10.0 + i as f32 * 4.6;
        let top = (baseline_mm * mm - scale.y * 0.8) as i32;
        imageproc::drawing::draw_text_mut(&mut page, Rgb([25, 25, 35]), (6.5 * mm) as i32, top, scale, &font, line);
    }
    page
}

/// The back of an ID card (ID-1, 85.6 × 54 mm) `width` px wide: a tinted card with a few drawn
/// lines of print and its TD1 machine-readable zone (three lines of 30) in OCR-B at the ICAO
/// positions. Answers the card and its three lines (check digits right).
pub fn id_card_back(rng: &mut StdRng, width: u32, specimen: &Specimen) -> (RgbImage, [String; 3]) {
    use ab_glyph::{Font, ScaleFont};
    let date =
        |(y, m, d): (u16, u8, u8)| mrz::MrzDate::Calendar(mrz::Date::new(i32::from(y), u32::from(m), u32::from(d)));
    let fields = mrz::Td1Fields {
        document_code: "I".into(),
        issuing_country: specimen.country.clone(),
        document_number: specimen.number.clone(),
        surname: mrz::encode_name_component(&specimen.surname),
        given_names: mrz::encode_name_component(&specimen.given_names),
        nationality: specimen.country.clone(),
        date_of_birth: date(specimen.birth),
        sex: mrz::Sex::Unspecified,
        date_of_expiry: date(specimen.expiry),
        ..Default::default()
    };
    let zone = mrz::format_td1(&fields);
    let mut lines = zone.lines().map(str::to_owned);
    let lines = [(); 3].map(|_| lines.next().unwrap_or_default());
    let height = width * 540 / 856;
    let tint = [rng.random_range(200..225u8), rng.random_range(215..235u8), rng.random_range(220..240u8)];
    let mut card = RgbImage::from_fn(width, height, |x, y| {
        let wave = ((x as f32 / 11.0).sin() + (y as f32 / 17.0).cos()) * 5.0;
        Rgb(tint.map(|c| (f32::from(c) + wave).clamp(0.0, 255.0) as u8))
    });
    let mm = width as f32 / 85.6;
    let font = ocr_b();
    let advance = font.as_scaled(100.0).h_advance(font.glyph_id('A')) / 100.0;
    let scale = ab_glyph::PxScale::from(2.54 * mm / advance);
    for (i, line) in lines.iter().enumerate() {
        // TD1 lines sit 3.5 mm apart, the last one about 3 mm above the card's bottom edge.
        let baseline_mm = 54.0 - 3.2 - (2 - i) as f32 * 3.6;
        let top = (baseline_mm * mm - scale.y * 0.8) as i32;
        imageproc::drawing::draw_text_mut(&mut card, Rgb([25, 25, 35]), (4.5 * mm) as i32, top, scale, &font, line);
    }
    (card, lines)
}

/// Whether a zone gives fields (its check digits hold), parses only, or not at all: the app's
/// own judge.
pub use kyc_flow::zone_holds;

/// The zone read off a photo as the app reads it: the page straightened along its outline
/// first when it is found, then the whole photo.
pub fn read_zone(photo: &RgbImage) -> kyc_vision::Reading {
    let reader = kyc_vision::MrzReader::shared().expect("the model loads");
    let gray = kyc_vision::quality::luma(photo);
    let page = kyc_vision::find_in(&gray).and_then(|q| kyc_vision::straighten(&gray, &q)).map(|(_, p)| p);
    let never = std::sync::atomic::AtomicBool::new(false);
    reader.read(&gray, page.as_ref(), &never, &zone_holds).expect("the reader runs")
}

/// A 4000×3000 page of stripes: 24 rows of OCR-B print shaped like a passport's zone lines whose
/// check digits fail, so that no reading ends the search early (the reader's worst case).
pub fn striped_page() -> RgbImage {
    use ab_glyph::{Font, ScaleFont};
    let mut page = RgbImage::from_pixel(4000, 3000, image::Rgb([235, 235, 230]));
    let font = ocr_b();
    let advance = font.as_scaled(100.0).h_advance(font.glyph_id('A')) / 100.0;
    let scale = ab_glyph::PxScale::from(80.0 / advance);
    let lines = ["P<UTOSTRIPE<<PAGE<<<<<<<<<<<<<<<<<<<<<<<<<<<", "X000000000UTO0000000M0000000<<<<<<<<<<<<<<00"];
    for row in 0..24 {
        imageproc::drawing::draw_text_mut(
            &mut page,
            image::Rgb([20, 20, 30]),
            150,
            60 + row as i32 * 120,
            scale,
            &font,
            lines[row % 2],
        );
    }
    page
}
