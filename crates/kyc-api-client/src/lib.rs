//! The KYC API client: one async function per endpoint over reqwest (rustls),
//! with timeouts, capped retries with backoff and jitter, one `Idempotency-Key`
//! per logical POST, and typed errors that each carry a sentence a person can act on.
//!
//! It never logs or returns the token or image data. It does not decide what to
//! send or check what comes back: that is the caller's flow.

mod config;
mod error;
mod retry;

use std::time::Instant;

use kyc_core::{
    paths, ErrorBody, ProfileResponse, ReviewRequest, UpdateProfileRequest, UploadRequest, UploadResponse,
    IDEMPOTENCY_KEY_HEADER,
};
use reqwest::header::{HeaderValue, ACCEPT, ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use serde::de::DeserializeOwned;

pub use config::{is_loopback, Config, RetryPolicy, Token};
pub use error::{Error, Result};
pub use reqwest::Url;
use retry::Attempt;

/// A key that makes a POST safe to repeat: the server runs it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn random() -> Self {
        IdempotencyKey(uuid::Uuid::new_v4().to_string())
    }

    /// A key the caller kept, e.g. in a draft, so a retry after a restart is still recognised.
    pub fn from_string(key: String) -> Self {
        IdempotencyKey(key)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Config,
}

impl Client {
    pub fn new(config: Config) -> Result<Client> {
        config.validate()?;
        // Redirects are never followed: a 3xx is an error, so nothing is re-sent to another origin or over http.
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("kyc-flow/", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = &config.pinned_certificate {
            let not_pem = || Error::InvalidConfig { detail: "the pinned certificate is not a PEM certificate".into() };
            let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|_| not_pem())?;
            if certificates.is_empty() {
                return Err(not_pem());
            }
            builder =
                certificates.into_iter().fold(builder.tls_built_in_root_certs(false), |b, c| b.add_root_certificate(c));
        }
        let http = builder.build().map_err(|e| Error::InvalidConfig { detail: e.to_string() })?;
        Ok(Client { http, config })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same client (sharing its connections), sending `language` as `Accept-Language`.
    pub fn with_language(&self, language: impl Into<String>) -> Client {
        let mut client = self.clone();
        client.config.language = language.into();
        client
    }

    /// `POST upload-KYC-document`, with a fresh idempotency key for this upload.
    pub async fn upload(&self, request: &UploadRequest) -> Result<UploadResponse> {
        self.upload_with_key(request, &IdempotencyKey::random()).await
    }

    /// `POST upload-KYC-document` under a key the caller keeps across attempts.
    pub async fn upload_with_key(&self, request: &UploadRequest, key: &IdempotencyKey) -> Result<UploadResponse> {
        self.post(paths::UPLOAD, request, key).await
    }

    /// `POST update_app_user_profile_v2`. Returns the profile as the server now holds it.
    pub async fn update_profile(&self, request: &UpdateProfileRequest) -> Result<ProfileResponse> {
        self.post(paths::UPDATE_PROFILE, request, &IdempotencyKey::random()).await
    }

    /// `GET get_app_user_profile_v2`.
    pub async fn get_profile(&self) -> Result<ProfileResponse> {
        self.send(Method::GET, paths::GET_PROFILE, None, None).await
    }

    /// The sandbox's review simulation; a real API answers 404.
    pub async fn review(&self, request: &ReviewRequest) -> Result<ProfileResponse> {
        self.post(paths::SANDBOX_REVIEW, request, &IdempotencyKey::random()).await
    }

    async fn post<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: &IdempotencyKey,
    ) -> Result<T> {
        // Serialized once: every retry sends the very same bytes under the same key.
        let body = serde_json::to_vec(body).map_err(|e| Error::InvalidConfig { detail: e.to_string() })?;
        self.send(Method::POST, path, Some(body.into()), Some(key)).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<bytes::Bytes>,
        key: Option<&IdempotencyKey>,
    ) -> Result<T> {
        let url = self.config.endpoint(path)?;
        let started = Instant::now();
        let mut attempt = Attempt::first(&self.config.retry);
        loop {
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .header(AUTHORIZATION, self.config.token.header_value()?)
                .header(ACCEPT, "application/json")
                .header(ACCEPT_LANGUAGE, language_header(&self.config.language));
            if let Some(key) = key {
                request = request.header(IDEMPOTENCY_KEY_HEADER, key.as_str());
            }
            if let Some(body) = &body {
                request = request.header(CONTENT_TYPE, "application/json").body(body.clone());
            }
            let outcome = match request.send().await {
                Ok(response) => read(response).await,
                Err(e) => Err(Error::from_transport(&e)),
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(error) => {
                    tracing::debug!(
                        endpoint = path,
                        attempt = attempt.number(),
                        code = error.code(),
                        "KYC API call failed"
                    );
                    match attempt.next(&error, started.elapsed()) {
                        Some((next, delay)) => {
                            attempt = next;
                            tokio::time::sleep(delay).await;
                        }
                        None => return Err(error),
                    }
                }
            }
        }
    }
}

fn language_header(language: &str) -> HeaderValue {
    HeaderValue::from_str(language).unwrap_or(HeaderValue::from_static("en"))
}

/// The largest answer read: a profile is a few KB; anything near this is not one.
pub const MAX_RESPONSE_BYTES: usize = 4 << 20;

async fn read<T: DeserializeOwned>(mut response: reqwest::Response) -> Result<T> {
    let status = response.status();
    let retry_after =
        response.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(retry::parse_retry_after);
    let too_large = || Error::BadResponse { detail: format!("an answer larger than {} MB", MAX_RESPONSE_BYTES >> 20) };
    if response.content_length().is_some_and(|length| length > MAX_RESPONSE_BYTES as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| Error::from_transport(&e))? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
            detail: format!("the answer is not the expected JSON ({})", e.classify_name()),
        });
    }
    let server = serde_json::from_slice::<ErrorBody>(&bytes).ok().map(|b| b.error);
    Err(Error::from_status(status, retry_after, server))
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "could not be read",
            serde_json::error::Category::Syntax => "malformed",
            serde_json::error::Category::Data => "wrong shape",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}
