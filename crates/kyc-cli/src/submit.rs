//! `kyc submit`: each screen's three steps (upload the image, update the profile,
//! read it back) and the check of step 3 — the document is listed with the values
//! sent and a PENDING status, and the address is listed.

use kyc_api_client::Client;
use kyc_core::{AddressInput, DocumentFields, DocumentType, ProfileResponse, UploadResponse};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The fields of the three screens, as a file (see `examples/submit/fields.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldsFile {
    /// Screen 1: the ID document's fields, without `document_type`.
    pub id_document: Map<String, Value>,
    /// Screen 3: the proof of address's fields, without `document_type`.
    pub address_proof: Map<String, Value>,
    /// Screen 3: the user's address.
    pub address: AddressInput,
}

impl FieldsFile {
    pub fn parse(text: &str) -> Result<FieldsFile, SubmitError> {
        let fields: FieldsFile =
            serde_json::from_str(text).map_err(|e| SubmitError::Fields { detail: e.to_string() })?;
        fields.document(DocumentType::IdProofFront)?;
        fields.document(DocumentType::AddressProof)?;
        Ok(fields)
    }

    fn document(&self, document_type: DocumentType) -> Result<DocumentFields, SubmitError> {
        let source = match document_type {
            DocumentType::AddressProof => &self.address_proof,
            _ => &self.id_document,
        };
        let mut object = source.clone();
        object.insert("document_type".into(), Value::String(document_type.as_str().into()));
        serde_json::from_value(Value::Object(object)).map_err(|e| SubmitError::Fields { detail: e.to_string() })
    }
}

/// How a script's photos are judged and sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct SubmitOptions {
    /// Send photos whose findings only warn (as the app's third attempt).
    pub accept_warnings: bool,
    /// The document photos whole, or straightened when found.
    pub upload: kyc_send::DocumentUpload,
}

/// The three photos, as bytes.
pub struct Images {
    pub id_front: Vec<u8>,
    pub selfie: Vec<u8>,
    pub address_proof: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("the {screen} photo was not sent: {}. {}", describe(findings), advice(findings))]
    Blocked { screen: &'static str, findings: Vec<kyc_vision::Finding> },
    #[error("the fields file is not as expected: {detail}. See examples/submit/fields.json for its shape.")]
    Fields { detail: String },
    #[error(transparent)]
    Send(#[from] kyc_send::SendError),
}

/// The findings in words, for the terminal (the app words them in the person's language).
pub fn describe(findings: &[kyc_vision::Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let what = match f.problem {
                kyc_vision::Problem::Blurred => "it is blurred",
                kyc_vision::Problem::TooDark => "it is too dark",
                kyc_vision::Problem::TooBright => "it is over-exposed",
                kyc_vision::Problem::Glare => "glare hides part of the document",
                kyc_vision::Problem::TooSmall => "the document is too small in the photo",
                kyc_vision::Problem::CutOff => "the document is cut off",
                kyc_vision::Problem::NoFace => "no face was found",
                kyc_vision::Problem::SeveralFaces => "more than one face was found",
                kyc_vision::Problem::FaceTooSmall => "the face is too small",
                kyc_vision::Problem::FaceOffCentre => "the face is not centred",
                kyc_vision::Problem::FaceCutOff => "the face is cut off",
            };
            format!("{what} (measured {:.3}, limit {:.3})", f.value, f.limit)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn advice(findings: &[kyc_vision::Finding]) -> &'static str {
    if findings.iter().any(|f| f.problem.always_blocks()) {
        "Use a photo with exactly one face"
    } else {
        "Take the photo again, or pass --accept-warnings to send it anyway"
    }
}

/// What one screen did, for printing.
#[derive(Debug, Clone)]
pub struct ScreenReport {
    pub title: &'static str,
    pub upload: UploadResponse,
    pub fields_sent: usize,
    /// An address was sent and is listed in the read-back.
    pub address_confirmed: bool,
    pub profile: ProfileResponse,
}

/// Runs all three screens in order; `on_screen` hears of each as it completes.
pub async fn submit(
    client: &Client,
    images: &Images,
    fields: &FieldsFile,
    options: SubmitOptions,
    mut on_screen: impl FnMut(&ScreenReport),
) -> Result<Vec<ScreenReport>, SubmitError> {
    let screens = [
        (
            "Personal details",
            DocumentType::IdProofFront,
            &images.id_front,
            Some(fields.document(DocumentType::IdProofFront)?),
            None,
        ),
        ("Selfie", DocumentType::IdProofLive, &images.selfie, None, None),
        (
            "Address",
            DocumentType::AddressProof,
            &images.address_proof,
            Some(fields.document(DocumentType::AddressProof)?),
            Some(&fields.address),
        ),
    ];
    // Prepare and check every photo before sending anything, so a bad file costs no half-done
    // submission. A script has one attempt: a finding blocks unless warnings are accepted (then
    // it is treated as the app treats a third attempt), and a selfie without one face never goes.
    let attempt = if options.accept_warnings { kyc_vision::BLOCKING_ATTEMPTS + 1 } else { 1 };
    let mut prepared = Vec::new();
    for (title, document_type, image, _, _) in &screens {
        let (photo, assessment) = kyc_send::prepare_checked(document_type, image, options.upload)?;
        if let kyc_vision::Verdict::Blocked(findings) = kyc_vision::verdict(&assessment.findings, attempt) {
            return Err(SubmitError::Blocked { screen: title, findings });
        }
        prepared.push(photo);
    }
    let mut reports = Vec::new();
    for ((title, document_type, _, document, address), image) in screens.into_iter().zip(prepared) {
        let document = document.unwrap_or_else(|| DocumentFields::only(document_type.clone()));
        let report = screen(client, title, image, document, address).await?;
        on_screen(&report);
        reports.push(report);
    }
    Ok(reports)
}

async fn screen(
    client: &Client,
    title: &'static str,
    image: kyc_imaging::Prepared,
    document: DocumentFields,
    address: Option<&AddressInput>,
) -> Result<ScreenReport, SubmitError> {
    let sent = kyc_send::send_screen(client, &image, &document, address).await?;
    let fields_sent = document.named_fields().iter().filter(|(_, v)| v.is_some()).count();
    Ok(ScreenReport {
        title,
        upload: sent.upload,
        fields_sent,
        address_confirmed: address.is_some(),
        profile: sent.profile,
    })
}
