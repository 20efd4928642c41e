//! The quality gate on a screen's photo: prepared as it is sent, then checked (`kyc-vision`)
//! on the very pixels that are sent. What the findings mean (block or warn) is the caller's
//! to decide with `kyc_vision::verdict`, since it depends on the person's attempt.

use kyc_core::DocumentType;
use kyc_vision::{Assessment, FaceDetector, Subject};

use crate::SendError;

/// What a document type's photo is of, for its checks.
pub fn subject(document_type: &DocumentType) -> Subject {
    match document_type {
        DocumentType::IdProofLive => Subject::Selfie,
        DocumentType::AddressProof => Subject::ProofOfAddress,
        _ => Subject::IdDocument,
    }
}

/// Prepares a photo for its document type and checks it (a selfie with the process's face
/// detector, loaded on the first selfie).
pub fn prepare_checked(
    document_type: &DocumentType,
    image: &[u8],
) -> Result<(kyc_imaging::Prepared, Assessment), SendError> {
    check_with(document_type, image, &crate::options_for(document_type))
}

/// `prepare_checked` with other imaging options (`kyc inspect --max-edge`).
pub fn check_with(
    document_type: &DocumentType,
    image: &[u8],
    options: &kyc_imaging::Options,
) -> Result<(kyc_imaging::Prepared, Assessment), SendError> {
    let (prepared, pixels) = kyc_imaging::prepare_keeping_pixels(image, options)
        .map_err(|error| SendError::Image { document_type: document_type.clone(), error })?;
    let assessment = match subject(document_type) {
        Subject::Selfie => FaceDetector::shared()
            .and_then(|faces| kyc_vision::assess_selfie(&pixels, faces))
            .map_err(|error| SendError::Vision { document_type: document_type.clone(), error })?,
        other => kyc_vision::assess_document(&pixels, other),
    };
    Ok((prepared, assessment))
}
