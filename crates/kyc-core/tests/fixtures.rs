//! Every example of the contract deserializes into the contract types and
//! serializes back to the same JSON value.

use kyc_core::{
    DocumentType, KycStatus, OverallStatus, ProfileResponse, RequestDescriptor, UpdateProfileRequest, UploadExample,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn check<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let original: Value = serde_json::from_str(&text).expect("fixtures are valid JSON");
    let typed: T =
        serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{name} does not fit the type: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, original, "{name} must serialize back to the same JSON value");
    typed
}

#[test]
fn personal_details_upload() {
    let ex: UploadExample = check("1-personal-details.upload.request.json");
    assert_eq!(ex.body.file_data.document_type, DocumentType::IdProofFront);
}

#[test]
fn personal_details_update() {
    let ex: RequestDescriptor<UpdateProfileRequest> = check("1-personal-details.update.request.json");
    assert_eq!(ex.data.documents[0].identification_type.as_deref(), Some("Passport"));
}

#[test]
fn personal_details_profile() {
    let p: ProfileResponse = check("1-personal-details.profile.response.json");
    assert!(p.profile.addresses.is_none());
    assert_eq!(p.documents[0].kyc_status, KycStatus::Pending);
    assert_eq!(p.kyc_status.status, OverallStatus::VerificationPending);
}

#[test]
fn selfie_upload() {
    let ex: UploadExample = check("2-selfie.upload.request.json");
    assert_eq!(ex.body.file_data.document_type, DocumentType::IdProofLive);
    assert!(ex.headers.is_some());
}

#[test]
fn selfie_update() {
    let ex: RequestDescriptor<UpdateProfileRequest> = check("2-selfie.update.request.json");
    assert_eq!(ex.data.documents[0], kyc_core::DocumentFields::only(DocumentType::IdProofLive));
}

#[test]
fn selfie_profile() {
    let p: ProfileResponse = check("2-selfie.profile.response.json");
    assert_eq!(p.documents[1].identification_type, None);
    assert_eq!(p.addresses().len(), 1);
}

#[test]
fn address_upload() {
    let ex: UploadExample = check("3-address.upload.request.json");
    assert_eq!(ex.body.file_data.document_type, DocumentType::AddressProof);
}

#[test]
fn address_update() {
    let body: UpdateProfileRequest = check("3-address.update.request.json");
    assert_eq!(body.user_addresses[0].city, "Tokyo");
    assert_eq!(body.documents[0].identification_value.as_deref(), Some(""));
}

#[test]
fn address_profile() {
    let p: ProfileResponse = check("3-address.profile.response.json");
    let proof = p.document(&DocumentType::AddressProof).expect("listed");
    assert_eq!(proof.identification_doc_reference_number.as_deref(), Some(""));
    assert_eq!(proof.identification_doc_expiry, None);
}
