//! Encoding to the upload's byte budget.
//!
//! The highest JPEG quality that fits is found from a cheap trial: every eighth band
//! of 16 rows (one 4:2:0 MCU row, so each band's blocks are the very blocks the whole
//! image has) is encoded with standard Huffman tables at as many qualities as the
//! search needs, and the trial's sizes, scaled by the whole image's measured ratio to
//! them, predict the whole image's size. Only the predicted quality is encoded at full
//! size, with optimised Huffman tables; each full encode recalibrates the ratio. Most
//! photos take one full encode, some two.
//!
//! Guarantees: the output never exceeds the budget (every candidate is a real encode);
//! the quality is the highest that fits, or one a prediction calibrated at that very
//! quality says is the highest — within two steps of it (`tests/pipeline.rs` checks
//! against encoding at every quality).

use image::RgbImage;
use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

use crate::{resize, Error, OutputFormat, Result};

/// The lowest JPEG quality worth sending; below it the image shrinks instead.
const MIN_QUALITY: i32 = 50;
const MAX_QUALITY: i32 = 95;
/// A 4:2:0 MCU row.
const BAND: usize = 16;
/// One band in this many goes into the trial image.
const SAMPLE_EVERY: usize = 8;
/// Below this many bands the trial would be too small to predict from: the whole
/// image is cheap enough to search exactly.
const MIN_BANDS: usize = 4 * SAMPLE_EVERY;
/// Whole-image size (optimised tables) over trial size (standard tables) per pixel,
/// before a full encode has measured it: optimised tables save ~5%, and the trial's
/// band seams cost about as much (0.95–1.05 on the real-photo corpus).
const PRIOR_SHARE: f64 = 1.0;

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
    /// Full-size encodes made, trials not counted.
    pub encodes: u32,
}

/// Encodes at the highest quality that fits `budget`; if even the lowest quality does
/// not fit, the image is shrunk by a fifth and tried again (at most six times).
pub(crate) fn encode(mut image: RgbImage, format: OutputFormat, budget: usize) -> Result<Encoded> {
    let mut last = 0;
    let mut encodes = 0;
    for _ in 0..6 {
        let (w, h) = image.dimensions();
        let found = match format {
            OutputFormat::Jpeg => {
                let mut search = Search::new(&image)?;
                let found = search.best(budget)?;
                encodes += search.encodes;
                found
            }
            OutputFormat::Png => {
                let bytes = png(&image)?;
                encodes += 1;
                if bytes.len() <= budget {
                    Fit::Fits(bytes, None)
                } else {
                    Fit::Smallest(bytes.len())
                }
            }
        };
        match found {
            Fit::Fits(bytes, quality) => return Ok(Encoded { bytes, quality, width: w, height: h, encodes }),
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

/// One image's search: full encodes (optimised tables) steered by trial sizes.
struct Search<'a> {
    image: &'a RgbImage,
    full: JpegEncoder,
    /// The trial image and, lazily, its size at each quality (standard tables).
    trial: Option<Trial>,
    /// Whole image over trial, measured at the last full encode.
    ratio: f64,
    encodes: u32,
}

struct Trial {
    image: RgbImage,
    encoder: JpegEncoder,
    sizes: [Option<usize>; (MAX_QUALITY - MIN_QUALITY + 1) as usize],
}

impl Trial {
    fn size(&mut self, quality: i32) -> Result<usize> {
        let slot = (quality - MIN_QUALITY) as usize;
        if let Some(size) = self.sizes[slot] {
            return Ok(size);
        }
        let size = self.encoder.at(&self.image, quality)?.len();
        self.sizes[slot] = Some(size);
        Ok(size)
    }
}

impl<'a> Search<'a> {
    fn new(image: &'a RgbImage) -> Result<Self> {
        let trial = sample(image)
            .map(|(sample, scale)| -> Result<(Trial, f64)> {
                let trial = Trial {
                    image: sample,
                    encoder: JpegEncoder::new(false)?,
                    sizes: [None; (MAX_QUALITY - MIN_QUALITY + 1) as usize],
                };
                Ok((trial, scale * PRIOR_SHARE))
            })
            .transpose()?;
        let (trial, ratio) = match trial {
            Some((trial, ratio)) => (Some(trial), ratio),
            None => (None, 1.0),
        };
        Ok(Search { image, full: JpegEncoder::new(true)?, trial, ratio, encodes: 0 })
    }

    fn full(&mut self, quality: i32) -> Result<Vec<u8>> {
        self.encodes += 1;
        self.full.at(self.image, quality)
    }

    /// The predicted whole-image size at `quality`, or `None` without a trial.
    fn predict(&mut self, quality: i32) -> Result<Option<f64>> {
        let ratio = self.ratio;
        match self.trial.as_mut() {
            Some(trial) => Ok(Some(trial.size(quality)? as f64 * ratio)),
            None => Ok(None),
        }
    }

    /// The highest quality in `lo..=hi` predicted to fit (`lo` when none is), by
    /// bisection over the trial's sizes; the middle of the range without a trial.
    fn guess(&mut self, lo: i32, hi: i32, budget: usize) -> Result<i32> {
        if self.trial.is_none() {
            // Try the top first: small images often fit there; then bisect.
            return Ok(if self.encodes == 0 { hi } else { lo + (hi - lo + 1) / 2 });
        }
        let (mut fits, mut over) = (lo - 1, hi + 1);
        while over - fits > 1 {
            let mid = fits + (over - fits) / 2;
            if self.predict(mid)?.is_some_and(|size| size <= budget as f64) {
                fits = mid;
            } else {
                over = mid;
            }
        }
        Ok(fits.max(lo))
    }

    /// The highest quality that fits, within the bracket [fits, too big] the full
    /// encodes keep exact; stops early once the prediction calibrated at a quality
    /// that fits says the next one would not.
    fn best(&mut self, budget: usize) -> Result<Fit> {
        let mut fits: Option<(i32, Vec<u8>)> = None;
        let mut too_big: Option<(i32, usize)> = None;
        loop {
            let lo = fits.as_ref().map_or(MIN_QUALITY, |(q, _)| q + 1);
            let hi = too_big.map_or(MAX_QUALITY, |(q, _)| q - 1);
            if lo > hi {
                break;
            }
            let quality = self.guess(lo, hi, budget)?;
            let bytes = self.full(quality)?;
            if let Some(trial) = self.trial.as_mut() {
                self.ratio = bytes.len() as f64 / trial.size(quality)? as f64;
            }
            if bytes.len() > budget {
                too_big = Some((quality, bytes.len()));
                continue;
            }
            fits = Some((quality, bytes));
            let next_fits = quality < hi && self.predict(quality + 1)?.is_none_or(|size| size <= budget as f64);
            if !next_fits {
                break;
            }
        }
        Ok(match (fits, too_big) {
            (Some((q, bytes)), _) => Fit::Fits(bytes, Some(q as u8)),
            (None, Some((_, smallest))) => Fit::Smallest(smallest),
            (None, None) => Fit::Smallest(usize::MAX),
        })
    }
}

/// Every `SAMPLE_EVERY`th band of `BAND` rows (from the middle of each group), and
/// how many times the whole image's pixels outnumber it; `None` for small images.
fn sample(image: &RgbImage) -> Option<(RgbImage, f64)> {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let bands = height / BAND;
    if bands < MIN_BANDS {
        return None;
    }
    let row = width * 3;
    let raw = image.as_raw();
    let mut pixels = Vec::with_capacity(row * BAND * bands.div_ceil(SAMPLE_EVERY));
    for band in (SAMPLE_EVERY / 2..bands).step_by(SAMPLE_EVERY) {
        pixels.extend_from_slice(&raw[band * BAND * row..(band + 1) * BAND * row]);
    }
    let rows = pixels.len() / row;
    let trial = RgbImage::from_raw(width as u32, rows as u32, pixels)?;
    Some((trial, height as f64 / rows as f64))
}

/// One libjpeg-turbo compressor, reused across the search: 4:2:0, standard or
/// optimised Huffman tables.
struct JpegEncoder(Compressor);

impl JpegEncoder {
    fn new(optimize: bool) -> Result<Self> {
        let mut compressor = Compressor::new().map_err(encode_error)?;
        compressor.set_subsamp(Subsamp::Sub2x2).map_err(encode_error)?;
        compressor.set_optimize(optimize).map_err(encode_error)?;
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

/// One encode at a given quality, for the benches and tests.
pub(crate) fn jpeg_at(image: &RgbImage, quality: i32, optimize: bool) -> Result<Vec<u8>> {
    JpegEncoder::new(optimize)?.at(image, quality)
}

fn png(image: &RgbImage) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).map_err(|e| Error::Encode { detail: e.to_string() })?;
    Ok(out.into_inner())
}

fn encode_error(e: turbojpeg::Error) -> Error {
    Error::Encode { detail: crate::probe::clean(&e.to_string()) }
}
