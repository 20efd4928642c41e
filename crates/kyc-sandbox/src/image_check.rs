//! Checks an uploaded image for real, with the same pipeline the app prepares
//! images with (`kyc-imaging`): the type comes from the bytes, the dimensions from
//! the header (before any pixel is decoded), and the whole image must then decode
//! within the limits.

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

pub fn check(bytes: &[u8], limits: ImageLimits, cancel: &kyc_imaging::Cancel) -> Result<CheckedImage, ApiError> {
    if bytes.len() > limits.max_bytes {
        return Err(ApiError::new(
            Code::PayloadTooLarge,
            format!("{} bytes, at most {} allowed", bytes.len(), limits.max_bytes),
        ));
    }
    // The API takes JPEG and PNG only, whatever else the app can read.
    let media_type = MediaType::sniff(bytes)
        .ok_or_else(|| ApiError::new(Code::UnsupportedMediaType, format!("found {}", kyc_imaging::describe(bytes))))?;
    let imaging_limits = kyc_imaging::Limits {
        max_input_bytes: limits.max_bytes,
        max_width: limits.max_side,
        max_height: limits.max_side,
        max_pixels: limits.max_pixels,
    };
    // Decoding at a small size still reads every byte of the image, so damage is found.
    let inspection = kyc_imaging::inspect_until(bytes, &imaging_limits, 256, cancel).map_err(|e| match e {
        kyc_imaging::Error::TooLarge { width, height, .. } => {
            ApiError::new(Code::ImageTooLarge, format!("{width}×{height} pixels"))
        }
        kyc_imaging::Error::UnsupportedFormat { found } => ApiError::new(Code::UnsupportedMediaType, found),
        kyc_imaging::Error::TooManyBytes { bytes, max } => {
            ApiError::new(Code::PayloadTooLarge, format!("{bytes} bytes, at most {max} allowed"))
        }
        kyc_imaging::Error::Corrupt { detail } => ApiError::new(Code::CorruptImage, detail),
        kyc_imaging::Error::TooComplex { detail } => ApiError::new(Code::ImageTooComplex, detail),
        kyc_imaging::Error::Cancelled => ApiError::new(Code::ImageTooComplex, "its check was stopped"),
        other => ApiError::new(Code::CorruptImage, other.to_string()),
    })?;
    Ok(CheckedImage { media_type, width: inspection.source.width, height: inspection.source.height })
}
