//! Pixels out of bytes, never more than the limits allow, never a panic: JPEG
//! through libjpeg-turbo (with DCT-domain downscaling when the target allows it),
//! PNG and WebP through the `image` crate. Everything becomes 8-bit RGB, alpha
//! composited on white.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, RgbImage};
use turbojpeg::{Colorspace, Decompressor, PixelFormat, ScalingFactor};

use crate::probe::{clean, Format, Probe};
use crate::{Error, Limits, Result};

/// Decodes to RGB. With `min_long_edge`, a JPEG is decoded at the smallest of
/// 1/8, 1/4, 1/2 or full scale whose long edge still reaches it.
pub(crate) fn decode(bytes: &[u8], probe: &Probe, limits: &Limits, min_long_edge: Option<u32>) -> Result<RgbImage> {
    // A decoder bug must not take the app down: a panic is reported as a corrupt image.
    std::panic::catch_unwind(|| match probe.format {
        Format::Jpeg => decode_jpeg(bytes, min_long_edge),
        Format::Png => decode_with_image(bytes, ImageFormat::Png, limits),
        Format::WebP => decode_with_image(bytes, ImageFormat::WebP, limits),
        Format::Pixels => Err(Error::corrupt("raw pixels have no file to decode")),
    })
    .unwrap_or_else(|_| Err(Error::corrupt("the decoder could not read it")))
}

fn decode_jpeg(bytes: &[u8], min_long_edge: Option<u32>) -> Result<RgbImage> {
    if !jpeg_has_end(bytes) {
        return Err(Error::corrupt("the JPEG ends before its last marker"));
    }
    let jpeg = |e: turbojpeg::Error| Error::corrupt(clean(&e.to_string()));
    let mut decompressor = Decompressor::new().map_err(jpeg)?;
    let header = decompressor.read_header(bytes).map_err(jpeg)?;
    let long = header.width.max(header.height);
    let factor = [ScalingFactor::ONE_EIGHTH, ScalingFactor::ONE_QUARTER, ScalingFactor::ONE_HALF]
        .into_iter()
        .find(|f| min_long_edge.is_some_and(|target| f.scale(long) >= target as usize))
        .unwrap_or(ScalingFactor::ONE);
    decompressor.set_scaling_factor(factor).map_err(jpeg)?;
    let scaled = header.scaled(factor);
    let (width, height) = (scaled.width, scaled.height);
    let cmyk = matches!(header.colorspace, Colorspace::CMYK | Colorspace::YCCK);
    let format = if cmyk { PixelFormat::CMYK } else { PixelFormat::RGB };
    let mut pixels = vec![0u8; width * height * format.size()];
    let image = turbojpeg::Image { pixels: pixels.as_mut_slice(), width, pitch: width * format.size(), height, format };
    if let Err(e) = decompressor.decompress(bytes, image) {
        let message = clean(&e.to_string());
        // Cameras often leave stray bytes between markers; libjpeg recovers and so do we.
        if !message.contains("extraneous bytes before marker") {
            return Err(Error::corrupt(message));
        }
    }
    if cmyk {
        pixels = cmyk_to_rgb(&pixels);
    }
    let (w, h) = (u32::try_from(width).unwrap_or(0), u32::try_from(height).unwrap_or(0));
    RgbImage::from_raw(w, h, pixels).ok_or_else(|| Error::corrupt("unexpected pixel buffer size"))
}

/// CMYK JPEGs follow Adobe's convention (as Photoshop writes them): values are stored
/// inverted, so 255 means no ink. Without a colour profile, R = C·K, G = M·K, B = Y·K.
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        let k = u16::from(px[3]);
        for &ink in &px[..3] {
            rgb.push(((u16::from(ink) * k + 127) / 255) as u8);
        }
    }
    rgb
}

/// True when an end-of-image marker follows the first start-of-scan. Entropy-coded
/// data stuffs every 0xFF with 0x00, so 0xFFD9 there can only be the real end.
pub(crate) fn jpeg_has_end(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else { return false };
    bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

fn decode_with_image(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<RgbImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    // Room for the decoded image at 16 bits × 4 channels, and no more.
    image_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8).saturating_add(1 << 20));
    reader.limits(image_limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Error::TooLarge { width: 0, height: 0, limit: "over the memory limit".into() },
        other => Error::corrupt(other),
    })?;
    Ok(flatten(image))
}

/// 8-bit RGB; transparent pixels are composited on white.
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(w as usize * h as usize * 3);
    for px in rgba.pixels() {
        let a = u32::from(px[3]);
        for &c in &px.0[..3] {
            rgb.push(((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    RgbImage::from_raw(w, h, rgb).unwrap_or_default()
}
