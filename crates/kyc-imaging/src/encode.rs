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

/// Binary search over quality for the highest that fits.
fn best_jpeg(image: &RgbImage, budget: usize) -> Result<Fit> {
    let mut compressor = Compressor::new().map_err(encode_error)?;
    compressor.set_subsamp(Subsamp::Sub2x2).map_err(encode_error)?;
    compressor.set_optimize(true).map_err(encode_error)?;
    let mut at = |quality: i32| -> Result<Vec<u8>> {
        compressor.set_quality(quality).map_err(encode_error)?;
        let (width, height) = (image.width() as usize, image.height() as usize);
        let pixels =
            Image { pixels: image.as_raw().as_slice(), width, pitch: width * 3, height, format: PixelFormat::RGB };
        compressor.compress_to_vec(pixels).map_err(encode_error)
    };
    let top = at(MAX_QUALITY)?;
    if top.len() <= budget {
        return Ok(Fit::Fits(top, Some(MAX_QUALITY as u8)));
    }
    let (mut lo, mut hi) = (MIN_QUALITY, MAX_QUALITY - 1);
    let mut best: Option<(Vec<u8>, i32)> = None;
    let mut smallest = top.len();
    while lo <= hi {
        let mid = (lo + hi) / 2;
        let bytes = at(mid)?;
        smallest = smallest.min(bytes.len());
        if bytes.len() <= budget {
            best = Some((bytes, mid));
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    Ok(best.map_or(Fit::Smallest(smallest), |(bytes, q)| Fit::Fits(bytes, Some(q as u8))))
}

fn png(image: &RgbImage) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).map_err(|e| Error::Encode { detail: e.to_string() })?;
    Ok(out.into_inner())
}

fn encode_error(e: turbojpeg::Error) -> Error {
    Error::Encode { detail: crate::probe::clean(&e.to_string()) }
}
