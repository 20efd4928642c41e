use std::time::Duration;

use kyc_core::ErrorDetail;
use reqwest::StatusCode;

/// Why a call failed. `Display` is a sentence a person can act on; it never holds
/// the token or image data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("The app's connection settings are wrong: {detail}. Check the API address and access token.")]
    InvalidConfig { detail: String },
    #[error("Could not reach the KYC service. Check your internet connection and try again.")]
    Offline,
    #[error("The KYC service did not answer in time. Check your connection and try again.")]
    TimedOut,
    #[error("The connection to the KYC service is not secure: its certificate was refused ({detail}). Do not continue on this network; check the date and time of this device, or contact support.")]
    Tls { detail: String },
    #[error("Your session has expired or the access token is not valid. Sign in again to continue.")]
    Unauthorized { server: Option<ErrorDetail> },
    #[error("{}", rejected_text(.status, .server))]
    Rejected { status: u16, server: Option<ErrorDetail> },
    #[error("The KYC service is busy right now. Wait a moment and try again.")]
    RateLimited { retry_after: Option<Duration> },
    #[error("The KYC service had a problem (HTTP {status}). Nothing you entered is lost; try again in a few minutes.")]
    Server { status: u16, retry_after: Option<Duration> },
    #[error("The KYC service sent an answer this app cannot read ({detail}). Try again; if it keeps happening, contact support.")]
    BadResponse { detail: String },
}

fn rejected_text(status: &u16, server: &Option<ErrorDetail>) -> String {
    match server {
        Some(detail) => detail.message.clone(),
        None => format!("The KYC service refused the request (HTTP {status}). Check what you entered and try again."),
    }
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A stable name for the UI to switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidConfig { .. } => "invalid_config",
            Error::Offline => "offline",
            Error::TimedOut => "timed_out",
            Error::Tls { .. } => "tls",
            Error::Unauthorized { .. } => "unauthorized",
            Error::Rejected { .. } => "rejected",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::BadResponse { .. } => "bad_response",
        }
    }

    /// The server's own error code, when it sent one (`corrupt_image`, `invalid_field`, …).
    pub fn server_code(&self) -> Option<&str> {
        match self {
            Error::Rejected { server: Some(d), .. } | Error::Unauthorized { server: Some(d) } => Some(&d.code),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after } | Error::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// True for failures that may pass by themselves.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Offline | Error::TimedOut | Error::RateLimited { .. } | Error::Server { .. })
    }

    pub(crate) fn from_transport(e: &reqwest::Error) -> Error {
        if let Some(tls) = tls_failure(e) {
            // A refused certificate will be refused again: no retry, and not "offline".
            Error::Tls { detail: tls }
        } else if e.is_timeout() {
            Error::TimedOut
        } else if e.is_builder() {
            Error::InvalidConfig { detail: "the request could not be built".into() }
        } else if e.is_decode() {
            Error::BadResponse { detail: "the answer could not be decoded".into() }
        } else {
            // Refused, reset, DNS failures and broken bodies: the network, as far as a person can tell.
            Error::Offline
        }
    }

    pub(crate) fn from_status(status: StatusCode, retry_after: Option<Duration>, server: Option<ErrorDetail>) -> Error {
        match status.as_u16() {
            401 | 403 => Error::Unauthorized { server },
            408 => Error::TimedOut,
            429 => Error::RateLimited { retry_after },
            500..=599 => Error::Server { status: status.as_u16(), retry_after },
            300..=399 => Error::BadResponse { detail: format!("an unexpected redirect (HTTP {})", status.as_u16()) },
            other => Error::Rejected { status: other, server },
        }
    }
}

/// The TLS error somewhere among a transport error's causes, said briefly. rustls's
/// error travels inside `io::Error`s, whose `source()` skips what they wrap, so those
/// are opened too.
fn tls_failure(e: &reqwest::Error) -> Option<String> {
    let mut pending: Vec<&(dyn std::error::Error + 'static)> = vec![e];
    while let Some(error) = pending.pop() {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(match tls {
                rustls::Error::InvalidCertificate(why) => format!("{why:?}"),
                other => format!("{other:?}"),
            });
        }
        if let Some(wrapped) = error.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
            pending.push(wrapped);
        }
        pending.extend(error.source());
    }
    None
}
