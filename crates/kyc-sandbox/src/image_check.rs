//! Checks an uploaded image for real: the type comes from the bytes, the
//! dimensions from the header (before any pixel is decoded), and the whole image
//! must then decode within memory limits.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};
use kyc_core::MediaType;

use crate::error::{ApiError, Code};

/// Caps on what an upload may be.
#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    pub max_bytes: usize,
    pub max_side: u32,
    pub max_pixels: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits { max_bytes: 10 * 1024 * 1024, max_side: 10_000, max_pixels: 40_000_000 }
    }
}

/// What a valid upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedImage {
    pub media_type: MediaType,
    pub width: u32,
    pub height: u32,
}

pub fn check(bytes: &[u8], limits: ImageLimits) -> Result<CheckedImage, ApiError> {
    if bytes.len() > limits.max_bytes {
        return Err(ApiError::new(
            Code::PayloadTooLarge,
            format!("{} bytes, at most {} allowed", bytes.len(), limits.max_bytes),
        ));
    }
    let media_type =
        MediaType::sniff(bytes).ok_or_else(|| ApiError::new(Code::UnsupportedMediaType, describe(bytes)))?;
    let format = match media_type {
        MediaType::Jpeg => ImageFormat::Jpeg,
        MediaType::Png => ImageFormat::Png,
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| ApiError::new(Code::CorruptImage, format!("unreadable header: {e}")))?;
    if width == 0 || height == 0 {
        return Err(ApiError::new(Code::CorruptImage, "the image has no pixels"));
    }
    if width > limits.max_side || height > limits.max_side || u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ApiError::new(Code::ImageTooLarge, format!("{width}×{height} pixels")));
    }
    if media_type == MediaType::Jpeg && !jpeg_has_end(bytes) {
        return Err(ApiError::new(Code::CorruptImage, "the JPEG ends before its last marker"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut image_limits = Limits::default();
    image_limits.max_image_width = Some(limits.max_side);
    image_limits.max_image_height = Some(limits.max_side);
    image_limits.max_alloc = Some(limits.max_pixels * 8);
    reader.limits(image_limits);
    // A decoder bug must not take the server down: a panic is reported as a corrupt image.
    let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.decode()));
    match decoded {
        Ok(Ok(_)) => Ok(CheckedImage { media_type, width, height }),
        Ok(Err(e)) => Err(ApiError::new(Code::CorruptImage, e.to_string())),
        Err(_) => Err(ApiError::new(Code::CorruptImage, "the decoder could not read it")),
    }
}

/// True when an end-of-image marker follows the first start-of-scan. Entropy-coded
/// data stuffs every 0xFF with 0x00, so 0xFFD9 there can only be the real end.
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return false;
    };
    bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Names what the bytes look like, for the "unsupported" message.
fn describe(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(64)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let found = if bytes.is_empty() {
        "an empty file"
    } else if head.starts_with(b"%PDF") {
        "a PDF document"
    } else if head.starts_with(b"PK\x03\x04") {
        "a ZIP archive"
    } else if head.starts_with(b"GIF8") {
        "a GIF image"
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        "a WebP image"
    } else if head.get(4..8) == Some(b"ftyp") {
        "a HEIC or MP4 file"
    } else if text.contains("<svg") {
        "an SVG drawing"
    } else if text.contains("<html") || text.contains("<!doctype") {
        "an HTML page"
    } else {
        "an unknown kind of file"
    };
    format!("found {found}")
}
