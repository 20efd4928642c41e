//! Reading a document photo: its machine-readable zone found by its lines' shape and read
//! (`kyc-vision`: no outline needed, any orientation; the page straightened along its outline is
//! tried first when the outline is found), and what the zone says judged by `kyc-flow` (fields
//! only when every check digit holds). The app reads the photo it holds; `kyc read-document` a
//! file.

use std::sync::atomic::AtomicBool;

use image::RgbImage;
use kyc_flow::DocumentReading;
use kyc_vision::{find_in, quality::luma, straighten, DetectorError, MrzReader, Quad};

/// Reads a document photo's pixels (upright or not). Loads the MRZ reader on first use.
pub fn read_document(pixels: &RgbImage) -> Result<DocumentReading, DetectorError> {
    read_document_until(pixels, &AtomicBool::new(false))
}

/// `read_document`, given up as soon as `cancel` is set (then the reading holds what was read
/// by then).
pub fn read_document_until(pixels: &RgbImage, cancel: &AtomicBool) -> Result<DocumentReading, DetectorError> {
    let gray = luma(pixels);
    let quad = find_in(&gray);
    let page = quad.as_ref().and_then(|q| straighten(&gray, q)).map(|(_, page)| page);
    let read = MrzReader::shared()?.read(&gray, page.as_ref(), cancel, &kyc_flow::zone_holds)?;
    // A scan or a photo sent straightened has no outline: with a document's proportions it is
    // all document.
    let corners = quad.or_else(|| Quad::filling(gray.dimensions())).map(|q| q.0);
    Ok(DocumentReading::of(corners, read.lines, &read.unsure))
}
