//! Where KYC Flow keeps what must survive a restart without being readable on disk:
//! secrets (the API token, the draft key) in the OS keychain, and the person's draft
//! (what they typed and the photos they chose, before upload) in one file encrypted
//! with XChaCha20-Poly1305 under a random key that only the keychain holds.
//!
//! If the platform has no keychain, secrets are held in memory for this run only —
//! never written to disk in plain text — and [`Keychain::unavailable`] says why.

mod draft;
mod keychain;

pub use draft::{DraftError, Drafts};
pub use keychain::{Keychain, KeychainError};
