//! Reading a document photo: its corners found and the page straightened (`kyc-vision`), the
//! machine-readable zone read off it, and what the zone says judged by `kyc-flow` (fields only
//! when every check digit holds). The app reads the photo it holds; `kyc read-document` a file.

use image::RgbImage;
use kyc_flow::DocumentReading;
use kyc_vision::{find_document, quality::luma, straighten, DetectorError, MrzReader};

/// Reads a document photo's pixels (upright, as prepared). Loads the MRZ reader on first use.
pub fn read_document(pixels: &RgbImage) -> Result<DocumentReading, DetectorError> {
    let Some(quad) = find_document(pixels) else { return Ok(DocumentReading::of(None, Vec::new())) };
    let lines = match straighten(pixels, &quad) {
        Some((_, page)) => MrzReader::shared()?.read_page(&luma(&page))?,
        None => Vec::new(),
    };
    Ok(DocumentReading::of(Some(quad.0), lines))
}
