//! The HTTP surface: routes, per-route body limits, auth, idempotency and JSON errors.

use std::convert::Infallible;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kyc_core::{
    paths, KycStatus, ReviewRequest, ReviewTarget, UpdateProfileRequest, UploadRequest, IDEMPOTENCY_KEY_HEADER,
};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Code, Localized};
use crate::i18n::Lang;
use crate::store::{self, Idempotency, Stored};
use crate::{guard, image_check, Sandbox};

const UPDATE_BODY_LIMIT: usize = 256 * 1024;
const REVIEW_BODY_LIMIT: usize = 16 * 1024;

pub fn app(sandbox: Sandbox) -> Router {
    // base64 grows data by 4/3; leave room for the JSON around it.
    let upload_limit = sandbox.config().limits.max_bytes / 3 * 4 + 64 * 1024;
    let uploads = axum::middleware::from_fn_with_state(sandbox.clone(), guard::uploads_in_turn);
    let mut router = Router::new()
        .route(&format!("/{}", paths::UPLOAD), post(upload).layer(DefaultBodyLimit::max(upload_limit)).layer(uploads))
        .route(
            &format!("/{}", paths::UPDATE_PROFILE),
            post(update_profile).layer(DefaultBodyLimit::max(UPDATE_BODY_LIMIT)),
        )
        .route(&format!("/{}", paths::GET_PROFILE), get(get_profile))
        .route("/openapi.json", get(openapi));
    if sandbox.config().review_route {
        router = router.route(
            &format!("/{}", paths::SANDBOX_REVIEW),
            post(review).layer(DefaultBodyLimit::max(REVIEW_BODY_LIMIT)),
        );
    }
    let router = router.fallback(not_found).method_not_allowed_fallback(method_not_allowed);
    guard::harden(router.with_state(sandbox.clone()), &sandbox)
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        Ok(Lang::negotiate(header))
    }
}

/// The caller, from `Authorization: Bearer <token>`.
struct User(String);

impl FromRequestParts<Sandbox> for User {
    type Rejection = Localized;

    async fn from_request_parts(parts: &mut Parts, sandbox: &Sandbox) -> Result<Self, Self::Rejection> {
        let lang = Lang::negotiate(parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
        let unauthorized = || ApiError::from(Code::Unauthorized).at(lang);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            // The scheme's name is case-insensitive (RFC 9110 §11.1).
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|t| !t.is_empty())
            .ok_or_else(unauthorized)?
            .to_owned();
        let store = sandbox.clone();
        let found = tokio::task::spawn_blocking(move || store.store().access_id_for_token(&token))
            .await
            .map_err(|e| ApiError::new(Code::Internal, e.to_string()).at(lang))?
            .map_err(|e| ApiError::from(e).at(lang))?;
        found.map(User).ok_or_else(unauthorized)
    }
}

async fn upload(
    State(sandbox): State<Sandbox>,
    lang: Lang,
    User(access_id): User,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Localized> {
    let result = async {
        let (idempotency, request): (_, UploadRequest) = read_post(&headers, paths::UPLOAD, body)?;
        let document_type = request.file_data.document_type;
        if !document_type.is_known() {
            return Err(ApiError::new(Code::UnknownDocumentType, document_type.as_str()));
        }
        let limits = sandbox.config().limits;
        let checked = sandbox
            .work()
            .check(move |cancel| {
                let bytes =
                    request.file_data.file.decode().map_err(|e| ApiError::new(Code::InvalidDataUrl, e.to_string()))?;
                let checked = image_check::check(&bytes, limits, cancel)?;
                Ok((bytes, checked))
            })
            .await?;
        let (bytes, checked) = checked;
        let store = sandbox.clone();
        blocking(move || {
            store.store().run_post(&access_id, idempotency.as_ref(), |tx, files| {
                let response =
                    store::insert_document(tx, files, &access_id, &document_type, checked.media_type, &bytes)?;
                Ok((StatusCode::CREATED.as_u16(), to_json(&response)))
            })
        })
        .await
    };
    result.await.map(stored_response).map_err(|e| e.at(lang))
}

async fn update_profile(
    State(sandbox): State<Sandbox>,
    lang: Lang,
    User(access_id): User,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Localized> {
    let result = async {
        let (idempotency, request): (_, UpdateProfileRequest) = read_post(&headers, paths::UPDATE_PROFILE, body)?;
        validate_update(&request)?;
        blocking(move || {
            sandbox.store().run_post(&access_id, idempotency.as_ref(), |tx, _| {
                store::apply_update(tx, &access_id, &request)?;
                let profile = store::load_profile(tx, &access_id)?;
                Ok((StatusCode::OK.as_u16(), to_json(&profile)))
            })
        })
        .await
    };
    result.await.map(stored_response).map_err(|e| e.at(lang))
}

async fn get_profile(State(sandbox): State<Sandbox>, lang: Lang, User(access_id): User) -> Result<Response, Localized> {
    blocking(move || sandbox.store().profile(&access_id)).await.map(|p| Json(p).into_response()).map_err(|e| e.at(lang))
}

async fn review(
    State(sandbox): State<Sandbox>,
    lang: Lang,
    User(access_id): User,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Localized> {
    let result = async {
        let (idempotency, request): (_, ReviewRequest) = read_post(&headers, paths::SANDBOX_REVIEW, body)?;
        if !matches!(request.status, KycStatus::Pending | KycStatus::Approved | KycStatus::Rejected) {
            return Err(ApiError::new(
                Code::InvalidField,
                format!("status must be PENDING, APPROVED or REJECTED, not {}", request.status.as_str()),
            ));
        }
        if let Some(reason) = &request.failed_reason {
            check_text("failed_reason", reason)?;
        }
        if let ReviewTarget::Document { document_type } = &request.target {
            if !document_type.is_known() {
                return Err(ApiError::new(Code::UnknownDocumentType, document_type.as_str()));
            }
        }
        blocking(move || {
            sandbox.store().run_post(&access_id, idempotency.as_ref(), |tx, _| {
                store::apply_review(tx, &access_id, &request)?;
                let profile = store::load_profile(tx, &access_id)?;
                Ok((StatusCode::OK.as_u16(), to_json(&profile)))
            })
        })
        .await
    };
    result.await.map(stored_response).map_err(|e| e.at(lang))
}

/// The API's OpenAPI document (`kyc_core::openapi`), without the review route when it is off.
/// Public: it says nothing about anyone.
async fn openapi(State(sandbox): State<Sandbox>) -> Response {
    let mut document = kyc_core::openapi::document();
    if !sandbox.config().review_route {
        if let Some(routes) = document["paths"].as_object_mut() {
            routes.remove(&format!("/{}", paths::SANDBOX_REVIEW));
        }
    }
    Json(document).into_response()
}

async fn not_found(lang: Lang) -> Localized {
    ApiError::from(Code::NotFound).at(lang)
}

async fn method_not_allowed(lang: Lang) -> Localized {
    ApiError::from(Code::MethodNotAllowed).at(lang)
}

/// Runs store and decoding work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::new(Code::Internal, e.to_string()))?
}

/// A POST's body parsed as JSON, and its idempotency key (if it has one).
fn read_post<T: DeserializeOwned>(
    headers: &HeaderMap,
    route: &str,
    body: Result<Bytes, BytesRejection>,
) -> Result<(Option<Idempotency>, T), ApiError> {
    let body = body_bytes(body)?;
    let idempotency = idempotency(headers, route, &body)?;
    Ok((idempotency, parse_json(&body)?))
}

fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(Code::PayloadTooLarge, "over this endpoint's body limit")
        } else {
            ApiError::new(Code::InvalidRequest, rejection.body_text())
        }
    })
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => ApiError::new(Code::InvalidRequest, e.to_string()),
            Category::Syntax | Category::Eof | Category::Io => ApiError::new(Code::MalformedJson, e.to_string()),
        }
    })
}

fn idempotency(headers: &HeaderMap, route: &str, body: &[u8]) -> Result<Option<Idempotency>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY_HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or(ApiError::from(Code::InvalidIdempotencyKey))?;
    Ok(Some(Idempotency::new(key.to_owned(), route, body)))
}

/// Field rules the server enforces whatever the client checked.
fn validate_update(request: &UpdateProfileRequest) -> Result<(), ApiError> {
    const MAX_LEN: usize = 256;
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    for fields in &request.documents {
        if !fields.document_type.is_known() {
            return Err(ApiError::new(Code::UnknownDocumentType, fields.document_type.as_str()));
        }
        for (name, value) in fields.named_fields() {
            let Some(value) = value else { continue };
            if value.chars().count() > MAX_LEN {
                return Err(ApiError::new(Code::InvalidField, format!("{name} is longer than {MAX_LEN} characters")));
            }
            check_text(name, value)?;
            let is_date = matches!(name, "identification_doc_expiry" | "identification_issuing_date");
            if is_date && !value.is_empty() && time::Date::parse(value, &date_format).is_err() {
                return Err(ApiError::new(
                    Code::InvalidField,
                    format!("{name} must be a real date written YYYY-MM-DD"),
                ));
            }
        }
    }
    for address in &request.user_addresses {
        if let Some(kind) = &address.address_type {
            if !ADDRESS_TYPES.contains(&kind.as_str()) {
                return Err(ApiError::new(
                    Code::InvalidField,
                    format!("address_type must be one of {}", ADDRESS_TYPES.join(", ")),
                ));
            }
        }
        let texts = [
            ("address_line_1", Some(&address.address_line_1)),
            ("address_line_2", address.address_line_2.as_ref()),
            ("building", address.building.as_ref()),
            ("city", Some(&address.city)),
            ("state", address.state.as_ref()),
            ("zip_code", address.zip_code.as_ref()),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                check_text(name, value)?;
            }
        }
        for (name, value) in [("address_line_1", &address.address_line_1), ("city", &address.city)] {
            if value.trim().is_empty() {
                return Err(ApiError::new(Code::InvalidField, format!("{name} must not be empty")));
            }
        }
        let optional = [&address.address_line_2, &address.building, &address.state, &address.zip_code];
        let too_long = [Some(&address.address_line_1), Some(&address.city)]
            .into_iter()
            .chain(optional.into_iter().map(Option::as_ref))
            .flatten()
            .any(|v| v.chars().count() > MAX_LEN);
        if too_long {
            return Err(ApiError::new(
                Code::InvalidField,
                format!("an address line is longer than {MAX_LEN} characters"),
            ));
        }
        if let Some(code) = &address.country_code {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(ApiError::new(Code::InvalidField, "country_code must be two capital letters (ISO 3166-1)"));
            }
        }
    }
    Ok(())
}

/// The kinds of address the sandbox keeps (the examples send `personal`).
pub(crate) const ADDRESS_TYPES: &[&str] = &["personal", "residential", "mailing", "business"];

/// Refuses control characters and the invisible marks that reorder or hide text (bidirectional
/// overrides and isolates): stored as sent, they could make a reviewer's screen lie.
fn check_text(name: &str, value: &str) -> Result<(), ApiError> {
    match value.chars().find(|&c| kyc_core::is_hidden_or_control(c)) {
        None => Ok(()),
        Some(c) => Err(ApiError::new(
            Code::InvalidField,
            format!(
                "{name} holds an invisible control character (U+{:04X}); type it again as plain text",
                u32::from(c)
            ),
        )),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}

fn stored_response(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], stored.body).into_response();
    if stored.replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}
