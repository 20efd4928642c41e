//! The OpenAPI document: generated from the kyc-core types, served at `/openapi.json`, the
//! committed copy (`docs/openapi.json`) up to date, and every contract example valid against it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use kyc_sandbox::{Config, Sandbox};
use serde_json::Value;
use tower::ServiceExt;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../kyc-core/tests/fixtures");

fn pretty(document: &Value) -> String {
    serde_json::to_string_pretty(document).unwrap() + "\n"
}

#[test]
fn the_committed_document_is_the_generated_one() {
    let generated = pretty(&kyc_core::openapi::document());
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(COMMITTED, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is not what the kyc-core types make: run UPDATE_OPENAPI=1 cargo test -p kyc-sandbox --test openapi"
    );
}

async fn served(review_route: bool) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path());
    config.review_route = review_route;
    let sandbox = Sandbox::open(config).unwrap();
    let request = Request::get("/openapi.json").body(Body::empty()).unwrap();
    let response = kyc_sandbox::app(sandbox).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

#[tokio::test]
async fn the_sandbox_serves_it_without_a_token_and_without_the_review_route_when_that_is_off() {
    let with = served(true).await;
    assert_eq!(with, kyc_core::openapi::document());
    let paths = |d: &Value| d["paths"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert!(paths(&with).contains(&"/sandbox/review".to_owned()));
    let without = served(false).await;
    assert_eq!(paths(&without).len(), paths(&with).len() - 1);
    assert!(!paths(&without).contains(&"/sandbox/review".to_owned()));
}

/// A validator for one component schema of the document.
fn validator(document: &Value, component: &str) -> jsonschema::Validator {
    let mut schema = document.clone();
    schema["$ref"] = Value::String(format!("#/components/schemas/{component}"));
    jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap()
}

#[test]
fn every_contract_example_is_valid_and_broken_ones_are_not() {
    let document = kyc_core::openapi::document();
    let mut checked = 0;
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let component = match name.rsplit_once('-').map(|(_, rest)| rest) {
            Some(rest) if rest.ends_with("upload.request.json") => "UploadRequest",
            Some(rest) if rest.ends_with("update.request.json") => "UpdateProfileRequest",
            Some(rest) if rest.ends_with("profile.response.json") => "ProfileResponse",
            _ => panic!("{name}: which body is it?"),
        };
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // Screens 1 and 2 show the update inside a request descriptor's `data`.
        let body = json.get("data").cloned().unwrap_or(json);
        let errors: Vec<String> = validator(&document, component).iter_errors(&body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name} against {component}: {errors:#?}");
        checked += 1;
    }
    assert_eq!(checked, 9);

    let update = validator(&document, "UpdateProfileRequest");
    let ok = serde_json::json!({"documents": [{"document_type": "id_proof_front", "identification_doc_expiry": "2031-06-17"}]});
    assert!(update.is_valid(&ok));
    for broken in [
        serde_json::json!({"documents": [{"document_type": "id_proof_back"}]}),
        serde_json::json!({"documents": [{"document_type": "id_proof_front", "identification_doc_expiry": "17/06/2031"}]}),
        serde_json::json!({"documents": [{"document_type": "id_proof_front", "identification_value": "A\u{202E}1"}]}),
        serde_json::json!({"documents": [{"document_type": "id_proof_front", "identification_value": "x".repeat(257)}]}),
        serde_json::json!({"documents": [{"document_type": "id_proof_front", "colour": "red"}]}),
        serde_json::json!({"user_addresses": [{"address_line_1": "  ", "city": "Bangkok"}]}),
        serde_json::json!({"user_addresses": [{"address_line_1": "1 Road", "city": "Bangkok", "country_code": "th"}]}),
        serde_json::json!({"user_addresses": [{"address_line_1": "1 Road", "city": "Bangkok", "address_type": "holiday"}]}),
    ] {
        assert!(!update.is_valid(&broken), "{broken}");
    }
}
