//! Pixels out of bytes, never more than the limits allow, never a panic: JPEG
//! through libjpeg-turbo (with DCT-domain downscaling when the target allows it),
//! PNG through `png` row by row, WebP through the `image` crate. Everything becomes
//! 8-bit RGB, alpha composited on white.
//!
//! Memory is bounded by the 8-bit image, not by what the file declares: a PNG's
//! 16-bit samples are reduced to 8 bits as its rows decode, and the conversion to
//! RGB happens in the decoded buffer itself, so decoding never holds more than
//! 4 bytes a pixel (3 for a non-interlaced PNG) plus one row.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, RgbImage};
use turbojpeg::{Colorspace, Decompressor, PixelFormat, ScalingFactor};

use crate::probe::{clean, Format, Probe, MAX_SCANS};
use crate::{Cancel, Error, Limits, Result};

/// Decodes to RGB. With `min_long_edge`, a JPEG is decoded at the smallest of
/// 1/8, 1/4, 1/2 or full scale whose long edge still reaches it.
pub(crate) fn decode(
    bytes: &[u8],
    probe: &Probe,
    limits: &Limits,
    min_long_edge: Option<u32>,
    cancel: &Cancel,
) -> Result<RgbImage> {
    // A decoder bug must not take the app down: a panic is reported as a corrupt image.
    std::panic::catch_unwind(|| match probe.format {
        Format::Jpeg => decode_jpeg(bytes, min_long_edge),
        Format::Png => decode_png(bytes, limits, cancel),
        Format::WebP => decode_webp(bytes, limits),
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
    // `probe` has counted the scans already; this stops libjpeg too, should the two ever disagree.
    decompressor.set_scan_limit(MAX_SCANS as u32).map_err(jpeg)?;
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

/// A PNG row by row, reduced to 8-bit samples (palette and `tRNS` expanded) as it
/// decodes. Stops between rows once `cancel` is set.
fn decode_png(bytes: &[u8], limits: &Limits, cancel: &Cancel) -> Result<RgbImage> {
    let png_error = |e: png::DecodingError| match e {
        png::DecodingError::LimitsExceeded => {
            Error::TooLarge { width: 0, height: 0, limit: "over the memory limit".into() }
        }
        other => Error::corrupt(other),
    };
    // The decoder's own buffers (a row or two and the inflate window); our pixels are counted below.
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: 64 << 20 });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(png_error)?;
    let (width, height) = (reader.info().width, reader.info().height);
    limits.check(width, height)?;
    let channels = reader.output_color_type().0.samples();
    let pixels = width as usize * height as usize;
    let rgb = if reader.info().interlaced {
        // Adam7 rows arrive pass by pass: decode the frame, then convert it where it lies.
        let frame_len = reader.output_buffer_size().ok_or_else(|| Error::corrupt("impossible dimensions"))?;
        let mut frame = Vec::with_capacity(frame_len.max(pixels * 3));
        frame.resize(frame_len, 0);
        reader.next_frame(&mut frame).map_err(png_error)?;
        to_rgb_in_place(frame, channels, pixels)
    } else {
        let mut rgb = Vec::with_capacity(pixels * 3);
        while let Some(row) = reader.next_row().map_err(png_error)? {
            if cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            extend_rgb(&mut rgb, row.data(), channels);
        }
        rgb
    };
    RgbImage::from_raw(width, height, rgb).ok_or_else(|| Error::corrupt("the image ends before its last row"))
}

fn decode_webp(bytes: &[u8], limits: &Limits) -> Result<RgbImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::WebP);
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    // WebP decodes to 8-bit RGB or RGBA: room for the image at 4 bytes a pixel, and no more.
    image_limits.max_alloc = Some(limits.max_pixels.saturating_mul(4).saturating_add(1 << 20));
    reader.limits(image_limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Error::TooLarge { width: 0, height: 0, limit: "over the memory limit".into() },
        other => Error::corrupt(other),
    })?;
    let (width, height) = (image.width(), image.height());
    let channels = usize::from(image.color().channel_count());
    let buffer = match image {
        image::DynamicImage::ImageRgb8(rgb) => rgb.into_raw(),
        image::DynamicImage::ImageRgba8(rgba) => rgba.into_raw(),
        other => return Ok(other.into_rgb8()),
    };
    let rgb = to_rgb_in_place(buffer, channels, width as usize * height as usize);
    RgbImage::from_raw(width, height, rgb).ok_or_else(|| Error::corrupt("unexpected pixel buffer size"))
}

/// Alpha composited on white.
fn over_white(c: u8, a: u8) -> u8 {
    let (c, a) = (u32::from(c), u32::from(a));
    ((c * a + 255 * (255 - a) + 127) / 255) as u8
}

/// One pixel of gray, gray+alpha, RGB or RGBA (8-bit) as RGB.
fn pixel_rgb(px: &[u8]) -> [u8; 3] {
    match *px {
        [g] => [g; 3],
        [g, a] => [over_white(g, a); 3],
        [r, g, b, a] => [over_white(r, a), over_white(g, a), over_white(b, a)],
        [r, g, b, ..] => [r, g, b],
        _ => [0; 3],
    }
}

fn extend_rgb(rgb: &mut Vec<u8>, row: &[u8], channels: usize) {
    if channels == 3 {
        rgb.extend_from_slice(row);
    } else {
        rgb.extend(row.chunks_exact(channels).flat_map(pixel_rgb));
    }
}

/// Converts `pixels` pixels of `channels` 8-bit samples to RGB in the same buffer:
/// narrower pixels are spread from the end backwards, wider ones packed from the
/// start forwards, so no pixel is overwritten before it is read.
fn to_rgb_in_place(mut buffer: Vec<u8>, channels: usize, pixels: usize) -> Vec<u8> {
    match channels {
        3 => {}
        1 | 2 => {
            buffer.resize(pixels * 3, 0);
            for i in (0..pixels).rev() {
                let rgb = pixel_rgb(&buffer[i * channels..(i + 1) * channels]);
                buffer[i * 3..i * 3 + 3].copy_from_slice(&rgb);
            }
        }
        _ => {
            for i in 0..pixels {
                let rgb = pixel_rgb(&buffer[i * channels..(i + 1) * channels]);
                buffer[i * 3..i * 3 + 3].copy_from_slice(&rgb);
            }
            buffer.truncate(pixels * 3);
        }
    }
    buffer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converting_in_place_gives_what_converting_pixel_by_pixel_gives() {
        for channels in 1..=4 {
            let pixels = 37;
            let buffer: Vec<u8> = (0..pixels * channels).map(|i| (i * 67 % 256) as u8).collect();
            let expected: Vec<u8> = buffer.chunks_exact(channels).flat_map(pixel_rgb).collect();
            assert_eq!(to_rgb_in_place(buffer, channels, pixels), expected, "{channels} channels");
        }
        assert_eq!(pixel_rgb(&[10, 20, 30, 0]), [255, 255, 255], "transparent is white");
        assert_eq!(pixel_rgb(&[10, 20, 30, 255]), [10, 20, 30], "opaque is itself");
    }

    #[test]
    fn a_png_decode_stops_between_rows_once_cancelled() {
        let png = kyc_hostile::png16_bomb(64, 64);
        let probe = crate::probe(&png).unwrap();
        let cancel = Cancel::new();
        assert!(decode(&png, &probe, &Limits::default(), None, &cancel).is_ok());
        cancel.cancel();
        assert_eq!(decode(&png, &probe, &Limits::default(), None, &cancel), Err(Error::Cancelled));
    }
}
