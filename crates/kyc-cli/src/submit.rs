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

/// The three photos, as bytes.
pub struct Images {
    pub id_front: Vec<u8>,
    pub selfie: Vec<u8>,
    pub address_proof: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("the fields file is not as expected: {detail}. See examples/submit/fields.json for its shape.")]
    Fields { detail: String },
    #[error(transparent)]
    Send(#[from] kyc_send::SendError),
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
    // Prepare every photo before sending anything, so a bad file costs no half-done submission.
    let mut prepared = Vec::new();
    for (_, document_type, image, _, _) in &screens {
        prepared.push(kyc_send::prepare_for(document_type, image)?);
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
