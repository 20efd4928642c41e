use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kyc_core::{ErrorBody, ErrorDetail};

use crate::i18n::{self, Lang};

/// Stable error codes of the API (the `code` of an error body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Unauthorized,
    MalformedJson,
    InvalidRequest,
    UnknownDocumentType,
    InvalidDataUrl,
    UnsupportedMediaType,
    CorruptImage,
    ImageTooLarge,
    PayloadTooLarge,
    DocumentNotUploaded,
    InvalidField,
    IdempotencyConflict,
    InvalidIdempotencyKey,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    ImageTooComplex,
    LimitReached,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unauthorized => "unauthorized",
            Code::MalformedJson => "malformed_json",
            Code::InvalidRequest => "invalid_request",
            Code::UnknownDocumentType => "unknown_document_type",
            Code::InvalidDataUrl => "invalid_data_url",
            Code::UnsupportedMediaType => "unsupported_media_type",
            Code::CorruptImage => "corrupt_image",
            Code::ImageTooLarge => "image_too_large",
            Code::PayloadTooLarge => "payload_too_large",
            Code::DocumentNotUploaded => "document_not_uploaded",
            Code::InvalidField => "invalid_field",
            Code::IdempotencyConflict => "idempotency_key_conflict",
            Code::InvalidIdempotencyKey => "invalid_idempotency_key",
            Code::NotFound => "not_found",
            Code::MethodNotAllowed => "method_not_allowed",
            Code::RequestTimeout => "request_timeout",
            Code::ImageTooComplex => "image_too_complex",
            Code::LimitReached => "limit_reached",
            Code::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::MalformedJson | Code::InvalidIdempotencyKey => StatusCode::BAD_REQUEST,
            Code::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::DocumentNotUploaded => StatusCode::CONFLICT,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Code::LimitReached => StatusCode::CONFLICT,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Code::InvalidRequest
            | Code::UnknownDocumentType
            | Code::InvalidDataUrl
            | Code::CorruptImage
            | Code::ImageTooLarge
            | Code::ImageTooComplex
            | Code::InvalidField
            | Code::IdempotencyConflict => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// An error of the API, before it is put in the caller's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: Code,
    /// Fills `{detail}` in the message. Never holds image data or a token.
    pub detail: String,
}

/// The most of a detail an error message repeats: an offending value is named, not echoed whole.
pub const MAX_DETAIL_CHARS: usize = 120;

impl ApiError {
    pub fn new(code: Code, detail: impl Into<String>) -> Self {
        let mut detail = detail.into();
        if let Some((cut, _)) = detail.char_indices().nth(MAX_DETAIL_CHARS) {
            detail.truncate(cut);
            detail.push('…');
        }
        ApiError { code, detail }
    }

    pub fn at(self, lang: Lang) -> Localized {
        Localized(self, lang)
    }

    pub fn body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_owned(),
                message: i18n::message(self.code, lang).replace("{detail}", &self.detail),
            },
        }
    }
}

impl From<Code> for ApiError {
    fn from(code: Code) -> Self {
        ApiError::new(code, "")
    }
}

/// An error ready to be sent, in the language the caller asked for.
#[derive(Debug)]
pub struct Localized(pub ApiError, pub Lang);

impl IntoResponse for Localized {
    fn into_response(self) -> Response {
        let Localized(error, lang) = self;
        if error.code == Code::Internal {
            tracing::error!(detail = %error.detail, "internal error");
        }
        let mut response = (error.code.status(), Json(error.body(lang))).into_response();
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_LANGUAGE, axum::http::HeaderValue::from_static(lang.tag()));
        response
    }
}

/// Failures of the store; every one is the server's fault, so it becomes `internal`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("file storage: {0}")]
    Files(#[from] std::io::Error),
    #[error("no user with this access id")]
    NoSuchUser,
}

pub type StoreResult<T> = std::result::Result<T, StoreError>;

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::new(Code::Internal, e.to_string())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(e).into()
    }
}
