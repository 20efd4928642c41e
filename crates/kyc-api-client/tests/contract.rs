//! Every request body the client sends, checked against the OpenAPI document the sandbox serves
//! (`kyc_core::openapi`): the schema of the operation's request body, looked up by the path the
//! client called. Bodies built the way the app builds each screen's (the contract's examples),
//! plus the selfie's bare update and each kind of review.

use kyc_api_client::{Client, Config, RetryPolicy, Token};
use kyc_core::{
    DataUrl, DocumentFields, DocumentType, FileData, KycStatus, MediaType, ReviewRequest, ReviewTarget,
    UpdateProfileRequest, UploadRequest,
};
use kyc_faults::{Action, Scripted};
use serde_json::Value;

const PROFILE: &str = include_str!("../../kyc-core/tests/fixtures/1-personal-details.profile.response.json");
const UPLOADED: &str = r#"{"document_type":"id_proof_front","document_reference":"r/x.png","document_file_name":"f.png","document_mime_type":"image/png","kyc_status":"PENDING","when_created":"2026-11-28T00:00:00.000000+00:00"}"#;

fn update(fixture: &str) -> UpdateProfileRequest {
    let json: Value = serde_json::from_str(fixture).unwrap();
    serde_json::from_value(json.get("data").cloned().unwrap_or(json)).unwrap()
}

/// The request body's validator for a path, from the document.
fn validator_for(document: &Value, path: &str) -> jsonschema::Validator {
    let operation = document["paths"][path].as_object().unwrap().values().next().unwrap();
    let reference = &operation["requestBody"]["content"]["application/json"]["schema"]["$ref"];
    let mut schema = document.clone();
    schema["$ref"] = reference.clone();
    jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap()
}

#[tokio::test]
async fn every_body_the_client_sends_matches_the_openapi_document() {
    let server = Scripted::start_with(|_, seen| match seen.path.as_str() {
        "/upload-KYC-document" => Action::respond(201, &[], UPLOADED),
        _ => Action::respond(200, &[], PROFILE),
    })
    .await;
    let mut config = Config::new(&server.url, Token::new("kyc_sbx_test-token"));
    config.retry = RetryPolicy::never();
    let client = Client::new(config).unwrap();

    let png = b"\x89PNG\r\n\x1a\n-not-checked-by-the-client";
    for document_type in DocumentType::KNOWN {
        let file = DataUrl::from_bytes(MediaType::Png, png);
        let file_data = FileData { document_type: document_type.clone(), file, ext: "png".into() };
        client.upload(&UploadRequest { file_data }).await.unwrap();
    }
    for fixture in [
        include_str!("../../kyc-core/tests/fixtures/1-personal-details.update.request.json"),
        include_str!("../../kyc-core/tests/fixtures/2-selfie.update.request.json"),
        include_str!("../../kyc-core/tests/fixtures/3-address.update.request.json"),
    ] {
        client.update_profile(&update(fixture)).await.unwrap();
    }
    let selfie =
        UpdateProfileRequest { documents: vec![DocumentFields::only(DocumentType::IdProofLive)], ..Default::default() };
    client.update_profile(&selfie).await.unwrap();
    client.get_profile().await.unwrap();
    for target in [
        ReviewTarget::Document { document_type: DocumentType::IdProofLive },
        ReviewTarget::Address,
        ReviewTarget::Profile,
    ] {
        let review =
            ReviewRequest { target, status: KycStatus::Rejected, failed_reason: Some("Face not visible".into()) };
        client.review(&review).await.unwrap();
    }

    let document = kyc_core::openapi::document();
    let seen = server.seen();
    assert_eq!(seen.len(), 3 + 4 + 1 + 3);
    let mut checked = 0;
    for request in seen.iter().filter(|s| s.method == "POST") {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let errors: Vec<String> =
            validator_for(&document, &request.path).iter_errors(&body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{} {body}: {errors:#?}", request.path);
        checked += 1;
    }
    assert_eq!(checked, 10);
    // The validator is not a yes-sayer: a body the server refuses is refused here too.
    let wrong = serde_json::json!({"fileData": {"type": "id_proof_back", "file": "data:", "ext": "png"}});
    assert!(!validator_for(&document, "/upload-KYC-document").is_valid(&wrong));
}
