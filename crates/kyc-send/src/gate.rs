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

/// What is uploaded for an ID document's or a proof of address's photo: the whole photo (the
/// default, as the server expects), or the document alone, straightened, when its outline is
/// found (else the whole photo). A selfie is always whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentUpload {
    #[default]
    Whole,
    Straightened,
}

impl std::str::FromStr for DocumentUpload {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "whole" => Ok(DocumentUpload::Whole),
            "straightened" => Ok(DocumentUpload::Straightened),
            other => Err(format!("the document upload \"{other}\" is not known: use whole or straightened")),
        }
    }
}

/// Prepares a photo for its document type and checks it (a selfie with the process's face
/// detector, loaded on the first selfie); with `DocumentUpload::Straightened`, a document
/// whose outline was found is prepared as the straightened document.
pub fn prepare_checked(
    document_type: &DocumentType,
    image: &[u8],
    upload: DocumentUpload,
) -> Result<(kyc_imaging::Prepared, Assessment), SendError> {
    let options = crate::options_for(document_type);
    let (prepared, pixels, assessment) = checked(document_type, image, &options)?;
    let straightened = match (upload, &assessment.outline) {
        (DocumentUpload::Straightened, Some(quad)) => kyc_vision::straighten(&pixels, quad),
        _ => None,
    };
    let prepared = match straightened {
        Some((_, page)) => kyc_imaging::prepare_pixels(page, &options)
            .map_err(|error| SendError::Image { document_type: document_type.clone(), error })?,
        None => prepared,
    };
    Ok((prepared, assessment))
}

/// `prepare_checked` of the whole photo with other imaging options (`kyc inspect --max-edge`).
pub fn check_with(
    document_type: &DocumentType,
    image: &[u8],
    options: &kyc_imaging::Options,
) -> Result<(kyc_imaging::Prepared, Assessment), SendError> {
    checked(document_type, image, options).map(|(prepared, _, assessment)| (prepared, assessment))
}

fn checked(
    document_type: &DocumentType,
    image: &[u8],
    options: &kyc_imaging::Options,
) -> Result<(kyc_imaging::Prepared, image::RgbImage, Assessment), SendError> {
    let (prepared, pixels) = kyc_imaging::prepare_keeping_pixels(image, options)
        .map_err(|error| SendError::Image { document_type: document_type.clone(), error })?;
    let assessment = match subject(document_type) {
        Subject::Selfie => FaceDetector::shared()
            .and_then(|faces| kyc_vision::assess_selfie(&pixels, faces))
            .map_err(|error| SendError::Vision { document_type: document_type.clone(), error })?,
        other => kyc_vision::assess_document(&pixels, other),
    };
    Ok((prepared, pixels, assessment))
}
