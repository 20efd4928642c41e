//! The KYC API contract: requests and responses of `upload-KYC-document`,
//! `update_app_user_profile_v2` and `get_app_user_profile_v2`, as the product
//! owner's examples show them (see `docs/API.md` for every decision made where the
//! examples are silent).
//!
//! This crate does no IO, reads no clock and spawns nothing: the API client and the
//! sandbox server both depend on it, so the two cannot drift apart.

mod data_url;
mod enums;
mod error;
#[cfg(feature = "openapi")]
pub mod openapi;
mod text;
mod wire;

pub use data_url::{DataUrl, MediaType};
pub use enums::{DocumentType, KycStatus, OverallStatus};
pub use error::{Error, Result};
pub use text::is_hidden_or_control;
pub use wire::*;

/// Paths of the three endpoints, relative to the API base URL.
pub mod paths {
    pub const UPLOAD: &str = "upload-KYC-document";
    pub const UPDATE_PROFILE: &str = "update_app_user_profile_v2";
    pub const GET_PROFILE: &str = "get_app_user_profile_v2";
    /// Only served by the sandbox: approve or reject what a user sent.
    pub const SANDBOX_REVIEW: &str = "sandbox/review";
}

/// The header a client sets on every POST so that a retry never creates a duplicate.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
