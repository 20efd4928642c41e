//! The API as an OpenAPI 3.1 document, its schemas derived from this crate's types (so the
//! document cannot drift from what the client and the sandbox use), its paths, statuses, error
//! codes and headers as `docs/API.md` gives them. The sandbox serves it at `/openapi.json`;
//! `docs/openapi.json` is the committed copy, checked for drift by a test.

use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{json, Value};

/// Characters no text field may hold (`is_hidden_or_control`): controls (Cc), the direction
/// marks, embeddings, overrides and isolates.
const HIDDEN: &str = r"\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069";
/// Longest text field, in characters.
pub const MAX_TEXT: usize = 256;

fn text_pattern() -> String {
    format!("^[^{HIDDEN}]*$")
}

pub(crate) fn optional_text(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"], "maxLength": MAX_TEXT, "pattern": text_pattern() })
}

pub(crate) fn required_text(_: &mut SchemaGenerator) -> Schema {
    // Not blank: something other than white space.
    json_schema!({
        "type": "string",
        "maxLength": MAX_TEXT,
        "pattern": format!(r"^[^{HIDDEN}]*[^\s{HIDDEN}][^{HIDDEN}]*$"),
    })
}

pub(crate) fn optional_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "YYYY-MM-DD, a real date; \"\" is stored as \"\"",
        "anyOf": [
            { "type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$" },
            { "const": "" },
            { "type": "null" }
        ]
    })
}

pub(crate) fn optional_address_type(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "description": "personal when left out", "enum": ["personal", "residential", "mailing", "business", null] })
}

pub(crate) fn optional_country_code(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "description": "ISO 3166-1 alpha-2", "type": ["string", "null"], "pattern": "^[A-Z]{2}$" })
}

pub(crate) fn optional_plain_text(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"], "pattern": text_pattern() })
}

/// An error answer: its status, and the stable codes that come with it.
fn errors(statuses: &[(u16, &[&str])]) -> Vec<(String, Value)> {
    statuses
        .iter()
        .map(|(status, codes)| {
            let description = format!("error; `error.code` is one of: {}", codes.join(", "));
            (
                status.to_string(),
                json!({
                    "description": description,
                    "headers": { "Content-Language": { "$ref": "#/components/headers/Content-Language" } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } }
                }),
            )
        })
        .collect()
}

/// The errors every authenticated route can answer.
const COMMON: &[(u16, &[&str])] =
    &[(401, &["unauthorized"]), (405, &["method_not_allowed"]), (408, &["request_timeout"]), (500, &["internal"])];

fn operation(id: &str, summary: &str, request: Option<&str>, ok: (u16, &str), errs: &[(u16, &[&str])]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(
        ok.0.to_string(),
        json!({
            "description": "done",
            "headers": { "Idempotent-Replayed": { "$ref": "#/components/headers/Idempotent-Replayed" } },
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", ok.1) } } }
        }),
    );
    for (status, response) in errors(errs).into_iter().chain(errors(COMMON)) {
        responses.insert(status, response);
    }
    let mut parameters = vec![json!({ "$ref": "#/components/parameters/Accept-Language" })];
    let mut op = json!({ "operationId": id, "summary": summary, "responses": responses });
    if let Some(schema) = request {
        parameters.push(json!({ "$ref": "#/components/parameters/Idempotency-Key" }));
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
        });
    }
    op["parameters"] = Value::Array(parameters);
    op
}

/// The OpenAPI 3.1 document of the API (and the sandbox's review route, marked sandbox-only).
pub fn document() -> Value {
    use crate::{
        paths, ErrorBody, ProfileResponse, ReviewRequest, UpdateProfileRequest, UploadRequest, UploadResponse,
    };
    let mut generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    generator.subschema_for::<UploadRequest>();
    generator.subschema_for::<UploadResponse>();
    generator.subschema_for::<UpdateProfileRequest>();
    generator.subschema_for::<ProfileResponse>();
    generator.subschema_for::<ReviewRequest>();
    generator.subschema_for::<ErrorBody>();
    let schemas = generator.take_definitions(true);

    let mut upload = operation(
        "uploadDocument",
        "Upload a document's image (a base64 data URL)",
        Some("UploadRequest"),
        (201, "UploadResponse"),
        &[
            (400, &["malformed_json", "invalid_idempotency_key"]),
            (409, &["limit_reached"]),
            (413, &["payload_too_large"]),
            (415, &["unsupported_media_type"]),
            (
                422,
                &[
                    "invalid_request",
                    "unknown_document_type",
                    "invalid_data_url",
                    "corrupt_image",
                    "image_too_large",
                    "image_too_complex",
                    "idempotency_key_conflict",
                ],
            ),
        ],
    );
    let update = operation(
        "updateProfile",
        "Set a document's fields and the person's addresses; answers the profile as it now stands",
        Some("UpdateProfileRequest"),
        (200, "ProfileResponse"),
        &[
            (400, &["malformed_json", "invalid_idempotency_key"]),
            (409, &["document_not_uploaded"]),
            (413, &["payload_too_large"]),
            (422, &["invalid_request", "unknown_document_type", "invalid_field", "idempotency_key_conflict"]),
        ],
    );
    let read = operation("getProfile", "Read the profile back", None, (200, "ProfileResponse"), &[]);
    let mut review = operation(
        "sandboxReview",
        "Sandbox only: approve or reject what the person sent",
        Some("ReviewRequest"),
        (200, "ProfileResponse"),
        &[
            (400, &["malformed_json", "invalid_idempotency_key"]),
            (409, &["document_not_uploaded"]),
            (413, &["payload_too_large"]),
            (422, &["invalid_request", "unknown_document_type", "invalid_field"]),
        ],
    );
    // The flow's order, for stateful testing: an upload is followed by its fields and the read-back.
    upload["responses"]["201"]["links"] = json!({
        "UpdateItsFields": {
            "operationId": "updateProfile",
            "description": "the uploaded document's fields",
            "requestBody": { "documents": [{ "document_type": "$response.body#/document_type" }] }
        },
        "ReadBack": { "operationId": "getProfile", "description": "the profile now lists it" }
    });
    review["x-sandbox-only"] = json!(true);
    review["tags"] = json!(["sandbox"]);

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "KYC API (as KYC Flow implements it)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Generated from the kyc-core types; docs/API.md explains every decision.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{ "url": "/" }],
        "security": [{ "bearer": [] }],
        "tags": [{ "name": "sandbox", "description": "Served only by the built-in sandbox (unless --no-review-route)" }],
        "paths": {
            format!("/{}", paths::UPLOAD): { "post": upload },
            format!("/{}", paths::UPDATE_PROFILE): { "post": update },
            format!("/{}", paths::GET_PROFILE): { "get": read },
            format!("/{}", paths::SANDBOX_REVIEW): { "post": review }
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "parameters": {
                "Idempotency-Key": {
                    "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "One key per logical request, reused on every retry: the same key and body replay the first result",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" }
                },
                "Accept-Language": {
                    "name": "Accept-Language", "in": "header", "required": false,
                    "description": "The language of error messages: en, th, ja, zh, es, fr, de, id, vi or ar (English otherwise)",
                    "schema": { "type": "string" }
                }
            },
            "headers": {
                "Content-Language": { "description": "The language of the message", "schema": { "type": "string" } },
                "Idempotent-Replayed": {
                    "description": "true when this is the stored answer to an earlier request with the same key",
                    "schema": { "type": "string", "enum": ["true"] }
                }
            }
        }
    })
}
