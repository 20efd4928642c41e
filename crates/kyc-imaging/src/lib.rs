//! The image pipeline every upload goes through: the trust boundary between what
//! a user picks or a camera gives and what leaves the device.
//!
//! Bytes in, bytes out: the format is sniffed from content; dimensions are read
//! from the header and capped before decoding; decoding is bounded and cannot
//! panic; EXIF orientation is applied to the pixels; the result is 8-bit sRGB RGB
//! with every piece of metadata gone (it is re-encoded from pixels alone), fitted
//! to a long edge and encoded at the highest quality that fits a byte budget.
//!
//! No IO, no clock, no threads. Colour profiles are not converted: pixels are taken
//! as sRGB and the profile is dropped with the rest of the metadata.

mod decode;
mod encode;
mod error;
mod metrics;
mod probe;
mod resize;

use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};
use kyc_core::{DataUrl, MediaType};

pub use error::{Error, Result};
pub use metrics::{laplacian_variance, luma, measure, Metrics};
pub use probe::{describe, probe, sniff, Format, Probe, MAX_COEFFICIENT_BYTES, MAX_SCANS};
pub use resize::{downscale, fit};

/// Caps on inputs, checked against the header before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_input_bytes: usize,
    pub max_width: u32,
    pub max_height: u32,
    /// Width × height. The default admits 48–50 MP phone cameras.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_input_bytes: 40 * 1024 * 1024, max_width: 16_384, max_height: 16_384, max_pixels: 64_000_000 }
    }
}

impl Limits {
    pub fn check(&self, width: u32, height: u32) -> Result<()> {
        let too_large = |limit: String| Err(Error::TooLarge { width, height, limit });
        if width == 0 || height == 0 {
            return Err(Error::corrupt("the image has no pixels"));
        }
        if width > self.max_width || height > self.max_height {
            return too_large(format!("at most {}×{} pixels", self.max_width, self.max_height));
        }
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return too_large(format!("at most {:.1} megapixels", self.max_pixels as f64 / 1e6));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jpeg,
    Png,
}

/// What `prepare` makes of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The long edge is fitted to this (never upscaled).
    pub max_edge: u32,
    /// The output is at most this many bytes.
    pub max_bytes: usize,
    pub format: OutputFormat,
    pub limits: Limits,
}

impl Options {
    /// ID documents and proofs of address: 1920 px keeps small print legible; 600 KB.
    pub fn document() -> Self {
        Options { max_edge: 1920, max_bytes: 600_000, format: OutputFormat::Jpeg, limits: Limits::default() }
    }

    /// Selfies: 1280 px gives a face several hundred pixels wide — more than face
    /// matching needs — and is what most webcams deliver anyway; 400 KB.
    pub fn selfie() -> Self {
        Options { max_edge: 1280, max_bytes: 400_000, ..Options::document() }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::document()
    }
}

/// A clean image, ready to upload.
#[derive(Clone, PartialEq, Eq)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub media_type: MediaType,
    pub width: u32,
    pub height: u32,
    /// The JPEG quality chosen, when JPEG.
    pub quality: Option<u8>,
    /// How many times the whole image was encoded to find it (trials not counted).
    pub encodes: u32,
    /// What the input was.
    pub source: Probe,
}

impl Prepared {
    /// The `file` of the upload contract.
    pub fn data_url(&self) -> DataUrl {
        DataUrl::from_bytes(self.media_type, &self.bytes)
    }

    /// The `ext` of the upload contract.
    pub fn ext(&self) -> &'static str {
        self.media_type.ext()
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("bytes", &self.bytes.len())
            .field("media_type", &self.media_type)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("quality", &self.quality)
            .field("encodes", &self.encodes)
            .field("source", &self.source)
            .finish()
    }
}

/// Asks work in progress to stop: set from another thread (a request whose client
/// hung up, a deadline that passed), seen between decoding stages and between a
/// PNG's rows. A JPEG's decode is one libjpeg call, bounded by `MAX_SCANS` instead.
#[derive(Debug, Clone, Default)]
pub struct Cancel(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Decodes, orients, strips, resizes and encodes one image.
pub fn prepare(bytes: &[u8], options: &Options) -> Result<Prepared> {
    let (source, image) = load(bytes, &options.limits, options.max_edge, &Cancel::new())?;
    finish(source, image, options)
}

/// `prepare`, also answering the upright pixels as they were fitted for sending, for the
/// quality checks to measure what is sent (without decoding the result again).
pub fn prepare_keeping_pixels(bytes: &[u8], options: &Options) -> Result<(Prepared, RgbImage)> {
    let (source, image) = load(bytes, &options.limits, options.max_edge, &Cancel::new())?;
    let pixels = image.clone();
    Ok((finish(source, image, options)?, pixels))
}

/// Prepares pixels that never were a file (a camera frame): fitted and encoded.
pub fn prepare_pixels(image: RgbImage, options: &Options) -> Result<Prepared> {
    let (width, height) = image.dimensions();
    options.limits.check(width, height)?;
    let source = Probe { format: Format::Pixels, width, height, orientation: 1 };
    finish(source, resize::downscale(image, options.max_edge)?, options)
}

fn finish(source: Probe, image: RgbImage, options: &Options) -> Result<Prepared> {
    let encoded = encode::encode(image, options.format, options.max_bytes)?;
    let media_type = match options.format {
        OutputFormat::Jpeg => MediaType::Jpeg,
        OutputFormat::Png => MediaType::Png,
    };
    Ok(Prepared {
        bytes: encoded.bytes,
        media_type,
        width: encoded.width,
        height: encoded.height,
        quality: encoded.quality,
        encodes: encoded.encodes,
        source,
    })
}

/// What `inspect` reports.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Inspection {
    pub source: Probe,
    /// Measured on the upright image fitted to `max_edge`, as it would be uploaded.
    pub metrics: Metrics,
}

/// Measures an image as `prepare` would send it (upright, fitted to `max_edge`).
pub fn inspect(bytes: &[u8], limits: &Limits, max_edge: u32) -> Result<Inspection> {
    inspect_until(bytes, limits, max_edge, &Cancel::new())
}

/// `inspect` that gives up with `Error::Cancelled` once `cancel` is set.
pub fn inspect_until(bytes: &[u8], limits: &Limits, max_edge: u32, cancel: &Cancel) -> Result<Inspection> {
    let (source, image) = load(bytes, limits, max_edge, cancel)?;
    Ok(Inspection { source, metrics: measure(&image) })
}

/// Every check, then decoding, orientation and downscaling: the upright RGB image.
fn load(bytes: &[u8], limits: &Limits, max_edge: u32, cancel: &Cancel) -> Result<(Probe, RgbImage)> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::TooManyBytes { bytes: bytes.len(), max: limits.max_input_bytes });
    }
    let source = probe(bytes)?;
    limits.check(source.width, source.height)?;
    cancel.check()?;
    let image = decode::decode(bytes, &source, limits, Some(max_edge), cancel)?;
    cancel.check()?;
    let image = orient(image, source.orientation);
    let image = resize::downscale(image, max_edge)?;
    cancel.check()?;
    Ok((source, image))
}

fn orient(image: RgbImage, exif: u8) -> RgbImage {
    match Orientation::from_exif(exif) {
        None | Some(Orientation::NoTransforms) => image,
        Some(orientation) => {
            let mut dynamic = DynamicImage::ImageRgb8(image);
            dynamic.apply_orientation(orientation);
            dynamic.into_rgb8()
        }
    }
}

/// Stages exposed for the criterion benches only; not part of the API.
#[doc(hidden)]
pub mod bench {
    pub fn encode_jpeg(image: &image::RgbImage, quality: i32, optimize: bool) -> Vec<u8> {
        crate::encode::jpeg_at(image, quality, optimize).expect("encodes")
    }
}
