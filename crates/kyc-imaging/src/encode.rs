//! Encoding to the upload's byte budget.

use image::RgbImage;
use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

use crate::{resize, Error, OutputFormat, Result};

/// The lowest JPEG quality worth sending; below it the image shrinks instead.
const MIN_QUALITY: i32 = 50;
const MAX_QUALITY: i32 = 95;

/// The outcome of one size: the best encoding within budget, or the smallest seen.
enum Fit {
    Fits(Vec<u8>, Option<u8>),
    Smallest(usize),
}

pub(crate) struct Encoded {
    pub bytes: Vec<u8>,
    pub quality: Option<u8>,
    pub width: u32,
    pub height: u32,
}

/// Encodes at the highest quality that fits `budget`; if even the lowest quality does
/// not fit, the image is shrunk by a fifth and tried again (at most six times).
pub(crate) fn encode(mut image: RgbImage, format: OutputFormat, budget: usize) -> Result<Encoded> {
    let mut last = 0;
    for _ in 0..6 {
        let (w, h) = image.dimensions();
        let found = match format {
            OutputFormat::Jpeg => best_jpeg(&image, budget)?,
            OutputFormat::Png => {
                let bytes = png(&image)?;
                if bytes.len() <= budget {
                    Fit::Fits(bytes, None)
                } else {
                    Fit::Smallest(bytes.len())
                }
            }
        };
        match found {
            Fit::Fits(bytes, quality) => return Ok(Encoded { bytes, quality, width: w, height: h }),
            Fit::Smallest(smallest) => last = smallest,
        }
        let long = w.max(h);
        if long <= 64 {
            break;
        }
        image = resize::downscale(image, long * 4 / 5)?;
    }
    Err(Error::OverBudget { bytes: last, budget })
}

/// The highest quality in `MIN_QUALITY..=MAX_QUALITY` whose encoding fits `budget`.
///
/// Size grows monotonically with quality, so this is a search over a bracket
/// [fits, too big] that guesses by interpolating sizes (usually 2–4 encodes after
/// the first) and keeps the bracket exact, so the answer is the one bisection finds.
fn best_jpeg(image: &RgbImage, budget: usize) -> Result<Fit> {
    let mut encoder = JpegEncoder::new()?;
    let top = encoder.at(image, MAX_QUALITY)?;
    if top.len() <= budget {
        return Ok(Fit::Fits(top, Some(MAX_QUALITY as u8)));
    }
    let mut too_big = (MAX_QUALITY, top.len());
    let mut fits: Option<(i32, Vec<u8>)> = None;
    let mut guess = MAX_QUALITY - 10;
    loop {
        let floor = fits.as_ref().map_or(MIN_QUALITY - 1, |(q, _)| *q);
        if too_big.0 - floor <= 1 {
            break;
        }
        let quality = guess.clamp(floor + 1, too_big.0 - 1);
        let bytes = encoder.at(image, quality)?;
        if bytes.len() <= budget {
            fits = Some((quality, bytes));
        } else {
            too_big = (quality, bytes.len());
        }
        guess = match &fits {
            Some((q, b)) => {
                let share = (budget - b.len()) as f64 / (too_big.1 - b.len()).max(1) as f64;
                q + (share * f64::from(too_big.0 - q)).floor() as i32
            }
            None => too_big.0 - (too_big.0 - MIN_QUALITY + 2) / 2,
        };
    }
    Ok(fits.map_or(Fit::Smallest(too_big.1), |(q, bytes)| Fit::Fits(bytes, Some(q as u8))))
}

/// One libjpeg-turbo compressor, reused across the search: 4:2:0, optimised Huffman tables.
struct JpegEncoder(Compressor);

impl JpegEncoder {
    fn new() -> Result<Self> {
        let mut compressor = Compressor::new().map_err(encode_error)?;
        compressor.set_subsamp(Subsamp::Sub2x2).map_err(encode_error)?;
        compressor.set_optimize(true).map_err(encode_error)?;
        Ok(JpegEncoder(compressor))
    }

    fn at(&mut self, image: &RgbImage, quality: i32) -> Result<Vec<u8>> {
        self.0.set_quality(quality).map_err(encode_error)?;
        let (width, height) = (image.width() as usize, image.height() as usize);
        let pixels =
            Image { pixels: image.as_raw().as_slice(), width, pitch: width * 3, height, format: PixelFormat::RGB };
        self.0.compress_to_vec(pixels).map_err(encode_error)
    }
}

/// One encode at a given quality, for the benches.
pub(crate) fn jpeg_at(image: &RgbImage, quality: i32, optimize: bool) -> Result<Vec<u8>> {
    let mut encoder = JpegEncoder::new()?;
    encoder.0.set_optimize(optimize).map_err(encode_error)?;
    encoder.at(image, quality)
}

fn png(image: &RgbImage) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).map_err(|e| Error::Encode { detail: e.to_string() })?;
    Ok(out.into_inner())
}

fn encode_error(e: turbojpeg::Error) -> Error {
    Error::Encode { detail: crate::probe::clean(&e.to_string()) }
}
