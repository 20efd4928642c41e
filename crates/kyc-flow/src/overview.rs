//! What the server holds, in the shape of the forms: the status screen shows it,
//! and a form whose document was rejected opens filled with it, so nothing has
//! to be typed twice.

use kyc_core::{DocumentFields, DocumentType, ProfileResponse};
use serde::Serialize;

use crate::{resume, AddressDetails, IdDocumentKind, PersonalDetails, Progress, ProofKind};

/// Where a person stands and what the server holds for each form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    pub progress: Progress,
    /// Screen 1 as the server holds it, if it holds the ID document.
    pub personal: Option<PersonalDetails>,
    /// Screen 3 as the server holds it, if it holds the proof and the address.
    pub address: Option<AddressDetails>,
}

pub fn overview(profile: &ProfileResponse) -> Overview {
    let fields = |document_type: DocumentType| profile.document(&document_type).map(|d| d.fields());
    let personal = fields(DocumentType::IdProofFront).map(|f| personal_details(&f));
    let address = fields(DocumentType::AddressProof).and_then(|proof| {
        let addresses = profile.addresses();
        let held = addresses.iter().find(|a| a.address_type == "personal").or(addresses.first())?;
        Some(AddressDetails {
            line_1: held.address_line_1.clone(),
            line_2: held.address_line_2.clone().unwrap_or_default(),
            building: held.building.clone().unwrap_or_default(),
            city: held.city.clone(),
            state: held.state.clone().unwrap_or_default(),
            postcode: held.zip_code.clone().unwrap_or_default(),
            country_code: held.country_code.clone().unwrap_or_default(),
            proof_kind: proof.identification_type.as_deref().and_then(ProofKind::from_wire_name),
            proof_date: proof.identification_issuing_date.unwrap_or_default(),
            proof_reference: proof.identification_doc_reference_number.unwrap_or_default(),
            proof_issuer: proof.identification_issuing_authority.unwrap_or_default(),
        })
    });
    Overview { progress: resume(profile), personal, address }
}

fn personal_details(fields: &DocumentFields) -> PersonalDetails {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    PersonalDetails {
        kind: fields.identification_type.as_deref().and_then(IdDocumentKind::from_wire_name),
        number: text(&fields.identification_value),
        issue_date: text(&fields.identification_issuing_date),
        expiry_date: text(&fields.identification_doc_expiry),
        issuing_country: text(&fields.identification_doc_issuance_country),
        holder_name: text(&fields.identification_doc_holder_name),
        issuing_authority: text(&fields.identification_issuing_authority),
    }
}
