//! What an input is, from its bytes alone: the format, the dimensions from the
//! header (before any pixel is decoded) and the EXIF orientation.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};

use crate::{Error, Result};

/// An input format the pipeline decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    /// Pixels handed over directly (a camera frame), not a file.
    Pixels,
}

/// What the header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Probe {
    pub format: Format,
    /// As stored, before orientation is applied.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation, 1–8 (1 when there is none).
    pub orientation: u8,
}

/// Recognises the format by content. Anything else is named in the error.
pub fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        if png_is_animated(bytes) {
            return Err(Error::UnsupportedFormat { found: "an animated PNG (APNG)".into() });
        }
        return Ok(Format::Png);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        if webp_is_animated(bytes) {
            return Err(Error::UnsupportedFormat { found: "an animated WebP".into() });
        }
        return Ok(Format::WebP);
    }
    Err(Error::UnsupportedFormat { found: describe(bytes).into() })
}

/// Names a format the pipeline does not take.
pub fn describe(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if bytes.is_empty() {
        "an empty file"
    } else if head.starts_with(b"%PDF") {
        "a PDF document"
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        "a ZIP archive (or an office document)"
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        "a GIF image"
    } else if head.get(4..8) == Some(b"ftyp") {
        match head.get(8..12) {
            Some(b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc") => "a HEIC/HEIF photo",
            Some(b"avif" | b"avis") => "an AVIF image",
            _ => "an MP4/QuickTime video",
        }
    } else if head.starts_with(b"BM") {
        "a BMP image"
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        "a TIFF image"
    } else if text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg")) {
        "an SVG drawing"
    } else if text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<script") {
        "an HTML page"
    } else if head.starts_with(&[0xFF, 0xD8]) || head.starts_with(b"\x89PNG") {
        "an incomplete JPEG or PNG header"
    } else {
        "a file of an unknown kind"
    }
}

/// An `acTL` chunk before the first `IDAT` makes a PNG animated.
fn png_is_animated(bytes: &[u8]) -> bool {
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        let kind = &bytes[at + 4..at + 8];
        if kind == b"acTL" {
            return true;
        }
        if kind == b"IDAT" {
            return false;
        }
        at = at.saturating_add(12).saturating_add(len);
    }
    false
}

/// A `VP8X` header with the animation flag makes a WebP animated.
fn webp_is_animated(bytes: &[u8]) -> bool {
    bytes.get(12..16) == Some(b"VP8X") && bytes.get(20).is_some_and(|flags| flags & 0x02 != 0)
}

pub fn probe(bytes: &[u8]) -> Result<Probe> {
    let format = sniff(bytes)?;
    let (width, height, orientation) = match format {
        Format::Jpeg => {
            let header = turbojpeg::read_header(bytes).map_err(|e| Error::corrupt(clean(&e.to_string())))?;
            let orientation = jpeg_exif(bytes).and_then(Orientation::from_exif_chunk);
            (dimension(header.width)?, dimension(header.height)?, orientation)
        }
        Format::Png | Format::WebP | Format::Pixels => {
            let image_format = if format == Format::Png { ImageFormat::Png } else { ImageFormat::WebP };
            let decoder =
                ImageReader::with_format(Cursor::new(bytes), image_format).into_decoder().map_err(Error::corrupt)?;
            let (w, h) = decoder.dimensions();
            // EXIF is found by our own bounds-checked walk: a decoder that trusts a chunk's
            // declared length allocates whatever a hostile file claims (found by fuzzing).
            let exif = if format == Format::Png { png_exif(bytes) } else { webp_exif(bytes) };
            (w, h, exif.and_then(Orientation::from_exif_chunk))
        }
    };
    let orientation = orientation.map_or(1, Orientation::to_exif);
    Ok(Probe { format, width, height, orientation })
}

fn dimension(value: usize) -> Result<u32> {
    u32::try_from(value).map_err(|_| Error::corrupt("impossible dimensions"))
}

/// The TIFF body of the first `APP1 Exif` segment of a JPEG, if any.
pub(crate) fn jpeg_exif(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            return None; // Start of scan: no more headers.
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let body = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") {
            return Some(&body[6..]);
        }
        at += 2 + len;
    }
    None
}

/// The body of a PNG's `eXIf` chunk (before the image data), within the file's bytes.
fn png_exif(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = 8;
    loop {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        if kind == b"IDAT" {
            return None;
        }
        let body = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        if kind == b"eXIf" {
            return Some(body);
        }
        at = at + 12 + len;
    }
}

/// The body of a WebP's `EXIF` chunk (without an `Exif\0\0` prefix some writers add).
fn webp_exif(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = 12;
    loop {
        let kind = bytes.get(at..at + 4)?;
        let len = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        let body = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        if kind == b"EXIF" {
            return Some(body.strip_prefix(b"Exif\0\0").unwrap_or(body));
        }
        at = at + 8 + len + (len & 1);
    }
}

/// libjpeg messages sometimes end in a newline.
pub(crate) fn clean(message: &str) -> String {
    message.trim().trim_start_matches("TurboJPEG error: ").to_owned()
}
