//! Reading a document photo: its corners found and the page straightened (`kyc-vision`), the
//! machine-readable zone read off it, and what the zone says judged by `kyc-flow` (fields only
//! when every check digit holds). The app reads the photo it holds; `kyc read-document` a file.
//! A photo without an outline but with a document's proportions (a scan, or a photo uploaded
//! straightened) is read as the document itself.

use image::RgbImage;
use kyc_flow::DocumentReading;
use kyc_vision::{find_in, quality::luma, straighten, DetectorError, MrzReader, Quad};

/// Reads a document photo's pixels (upright, as prepared). Loads the MRZ reader on first use.
pub fn read_document(pixels: &RgbImage) -> Result<DocumentReading, DetectorError> {
    let gray = luma(pixels);
    // A scan or a photo sent straightened has no outline: it is all document.
    let Some(quad) = find_in(&gray).or_else(|| Quad::filling(gray.dimensions())) else {
        return Ok(DocumentReading::of(None, Vec::new()));
    };
    let lines = match straighten(&gray, &quad) {
        Some((_, page)) => MrzReader::shared()?.read_page(&page)?,
        None => Vec::new(),
    };
    Ok(DocumentReading::of(Some(quad.0), lines))
}
