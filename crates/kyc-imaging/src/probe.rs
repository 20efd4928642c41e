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

/// More scans than any encoder writes: libjpeg's progressive default is 10, and the
/// most elaborate scan scripts stay in the tens. Each scan is decoded over the whole
/// image, so a file of thousands of tiny scans costs minutes of CPU.
pub const MAX_SCANS: usize = 100;

/// The most memory a JPEG's coefficients may need. A progressive (or multi-scan)
/// JPEG is decoded into a buffer of every block's 64 coefficients at 2 bytes each —
/// even when it is scaled down on decoding — so 6 bytes a pixel at 4:4:4 and 3 at
/// 4:2:0: 40 MP at 4:4:4 and 85 MP at 4:2:0 fit.
pub const MAX_COEFFICIENT_BYTES: u64 = 256 << 20;

pub fn probe(bytes: &[u8]) -> Result<Probe> {
    let format = sniff(bytes)?;
    let (width, height, orientation) = match format {
        Format::Jpeg => {
            check_jpeg_structure(bytes)?;
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

/// Counts the scans of a JPEG by walking its markers (skipping entropy-coded data)
/// and refuses one that would take libjpeg too long or too much memory, before a
/// single pixel is decoded.
fn check_jpeg_structure(bytes: &[u8]) -> Result<()> {
    let mut scans = 0usize;
    let mut frame: Option<(u8, &[u8])> = None;
    let mut at = 2;
    // The next marker: skip entropy-coded bytes, then any 0xFF fill bytes.
    while let Some(ff) = bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) {
        at += ff;
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else { break };
        at += 1;
        match marker {
            // A stuffed zero, a restart marker, TEM or another SOI: no length follows.
            0x00 | 0x01 | 0xD0..=0xD8 => continue,
            0xD9 => break,
            _ => {}
        }
        let Some(len) = bytes.get(at..at + 2).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))) else { break };
        let body = bytes.get(at + 2..at + len.max(2)).unwrap_or_default();
        if marker == 0xDA {
            scans += 1;
            if scans > MAX_SCANS {
                return Err(Error::TooComplex {
                    detail: format!("more than {MAX_SCANS} scans; cameras and editors write at most a few dozen"),
                });
            }
        } else if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) && frame.is_none() {
            frame = Some((marker, body));
        }
        at += len;
    }
    // Progressive frames (SOF2, 6, 10, 14) and sequential ones in several scans are
    // decoded through the whole-image coefficient buffer; single-scan baseline is not.
    let buffered = |marker: u8| marker & 0x03 == 0x02 || scans > 1;
    if let Some((_, frame)) = frame.filter(|(marker, _)| buffered(*marker)) {
        let bytes = coefficient_bytes(frame);
        if bytes > MAX_COEFFICIENT_BYTES {
            return Err(Error::TooComplex {
                detail: format!(
                    "a progressive JPEG needing {} MB to decode; at most {} MB",
                    bytes >> 20,
                    MAX_COEFFICIENT_BYTES >> 20
                ),
            });
        }
    }
    Ok(())
}

/// Bytes of libjpeg's whole-image coefficient buffer for a frame header (SOFn body):
/// every component's 8×8 blocks, padded to its sampling factors, 64 × 2 bytes each.
fn coefficient_bytes(frame: &[u8]) -> u64 {
    let [_, hh, hl, wh, wl, count, ..] = *frame else { return 0 };
    let (height, width) = (u64::from(u16::from_be_bytes([hh, hl])), u64::from(u16::from_be_bytes([wh, wl])));
    let sampling: Vec<(u64, u64)> = frame[6..]
        .chunks_exact(3)
        .take(usize::from(count))
        .map(|c| (u64::from(c[1] >> 4).max(1), u64::from(c[1] & 0x0F).max(1)))
        .collect();
    let h_max = sampling.iter().map(|s| s.0).max().unwrap_or(1);
    let v_max = sampling.iter().map(|s| s.1).max().unwrap_or(1);
    let mcus_x = width.div_ceil(8 * h_max);
    let mcus_y = height.div_ceil(8 * v_max);
    sampling.iter().map(|(h, v)| mcus_x * h * mcus_y * v * 128).sum()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, a frame header of `marker` with `components` (id, sampling, table), one scan, EOI.
    fn jpeg_header(marker: u8, width: u16, height: u16, components: &[[u8; 3]]) -> Vec<u8> {
        let mut sof = vec![8];
        sof.extend(height.to_be_bytes());
        sof.extend(width.to_be_bytes());
        sof.push(components.len() as u8);
        sof.extend(components.iter().flatten());
        let mut out = vec![0xFF, 0xD8, 0xFF, marker];
        out.extend(((sof.len() + 2) as u16).to_be_bytes());
        out.extend(sof);
        out.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xFF, 0x00, 0xFF, 0xD9]);
        out
    }

    #[test]
    fn a_progressive_jpeg_whose_coefficients_would_not_fit_is_refused() {
        let ycc_444 = [[1, 0x11, 0], [2, 0x11, 1], [3, 0x11, 1]];
        let ycc_420 = [[1, 0x22, 0], [2, 0x11, 1], [3, 0x11, 1]];
        // 9000×8000 at 4:4:4: 72 MP × 3 components × 2 bytes = 432 MB of coefficients.
        let big = jpeg_header(0xC2, 9000, 8000, &ycc_444);
        assert_eq!(coefficient_bytes(&big[6..]), 9000 / 8 * 8000 / 8 * 3 * 128);
        assert!(matches!(check_jpeg_structure(&big), Err(Error::TooComplex { .. })));
        // The same size at 4:2:0 needs half, and fits; so does a baseline (single-scan) frame.
        assert!(check_jpeg_structure(&jpeg_header(0xC2, 9000, 8000, &ycc_420)).is_ok());
        assert!(check_jpeg_structure(&jpeg_header(0xC0, 9000, 8000, &ycc_444)).is_ok());
    }
}
