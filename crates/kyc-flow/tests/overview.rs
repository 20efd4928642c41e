//! The forms come back from what the server holds, so a rejected screen opens filled in.

use kyc_core::{AddressRecord, DocumentRecord, DocumentType, ProfileResponse};
use kyc_flow::{
    countries, overview, validate_address, validate_personal, AddressDetails, IdDocumentKind, PersonalDetails,
    ProofKind, Screen,
};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 28);

fn fixture() -> ProfileResponse {
    serde_json::from_str(include_str!("../../kyc-core/tests/fixtures/3-address.profile.response.json")).unwrap()
}

/// A server record holding exactly these fields.
fn record(template: &DocumentRecord, fields: &kyc_core::DocumentFields) -> DocumentRecord {
    DocumentRecord {
        document_type: fields.document_type.clone(),
        identification_type: fields.identification_type.clone(),
        identification_value: fields.identification_value.clone(),
        identification_doc_expiry: fields.identification_doc_expiry.clone(),
        identification_issuing_date: fields.identification_issuing_date.clone(),
        identification_doc_holder_name: fields.identification_doc_holder_name.clone(),
        identification_issuing_authority: fields.identification_issuing_authority.clone(),
        identification_doc_issuance_country: fields.identification_doc_issuance_country.clone(),
        identification_doc_reference_number: fields.identification_doc_reference_number.clone(),
        ..template.clone()
    }
}

#[test]
fn the_forms_come_back_as_they_were_sent() {
    let personal = PersonalDetails {
        kind: Some(IdDocumentKind::NationalId),
        number: "1-2345-67890-12-3".into(),
        issue_date: "2021-06-18".into(),
        expiry_date: "2031-06-17".into(),
        issuing_country: "Thailand".into(),
        holder_name: "Alex Sample".into(),
        issuing_authority: "Sandbox District Office".into(),
    };
    let address = AddressDetails {
        line_1: "221 Sample Road".into(),
        line_2: "Soi 3".into(),
        building: "Tower B".into(),
        city: "Chiang Mai".into(),
        state: "Chiang Mai".into(),
        postcode: "50200".into(),
        country_code: "TH".into(),
        proof_kind: Some(ProofKind::WaterBill),
        proof_date: "2026-10-21".into(),
        proof_reference: "WB-778".into(),
        proof_issuer: "Provincial Waterworks".into(),
    };
    let front = validate_personal(&personal, TODAY).unwrap();
    let (proof, input) = validate_address(&address, TODAY).unwrap();

    let mut profile = fixture();
    let template = profile.documents[0].clone();
    profile.documents = vec![record(&template, &front), record(&template, &proof)];
    let held: &mut AddressRecord = &mut profile.profile.addresses.as_mut().unwrap()[0];
    held.address_line_1 = input.address_line_1.clone();
    held.address_line_2 = input.address_line_2.clone();
    held.building = input.building.clone();
    held.city = input.city.clone();
    held.state = input.state.clone();
    held.zip_code = input.zip_code.clone();
    held.country_code = input.country_code.clone();

    let view = overview(&profile);
    assert_eq!(view.personal, Some(personal));
    assert_eq!(view.address, Some(address));
    assert_eq!(view.progress.next, Screen::Selfie, "the selfie is the one not held");
}

#[test]
fn nothing_held_means_empty_forms() {
    let mut profile = fixture();
    profile.documents.retain(|d| d.document_type == DocumentType::IdProofLive);
    let view = overview(&profile);
    assert_eq!(view.personal, None);
    assert_eq!(view.address, None, "an address without its proof is not a finished form");
}

#[test]
fn every_listed_country_is_accepted_by_validation() {
    let list = countries();
    assert!(list.len() >= 240, "{} countries", list.len());
    let names: Vec<_> = list.iter().map(|c| c.name).collect();
    assert!(names.contains(&"Thailand"));
    for country in &list {
        let details = PersonalDetails {
            kind: Some(IdDocumentKind::Passport),
            number: "SX1234567".into(),
            issue_date: "2021-06-18".into(),
            expiry_date: "2031-06-17".into(),
            issuing_country: country.name.into(),
            holder_name: "Alex Sample".into(),
            issuing_authority: "Office".into(),
        };
        assert!(validate_personal(&details, TODAY).is_ok(), "{} is listed but refused", country.name);
    }
}
