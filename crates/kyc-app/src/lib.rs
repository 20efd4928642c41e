//! The desktop app's services, with no Tauri in them: the shell's commands read
//! their arguments, call one function here, and hand the result or the `AppError`
//! to the page.
//!
//! - `Vault`: what the person typed and chose, kept encrypted until the server
//!   confirms it (`kyc-vault`), and their consent to the selfie.
//! - `send`: one screen, validated against the person's date, sent through
//!   `kyc-send`, with the draft kept in step.
//! - `prepare_photo`, `open_camera`, `capture_selfie`, `webview_still` (a phone's camera,
//!   through the page): photos into the draft.
//! - `watch_preview`, `PageLive`: the selfie preview's live face check and auto-capture, on
//!   the desktop camera's frames or the phone page's.
//! - `read_document`: screen 1's ID photo read on the device (corners, MRZ) and set against
//!   the typed details.
//! - `AppError`: the tagged errors the UI switches on.
//! - `Deferred`: start-up work done on its own thread while the window loads.

mod codes;
mod deferred;
mod document;
mod error;
mod live;
mod photos;
mod send;
mod update;
mod vault;

pub use codes::{ApiCode, CameraCode, ImageCode};
pub use deferred::Deferred;
pub use document::{read_document, DocumentCheck};
pub use error::AppError;
pub use kyc_send::DocumentUpload;
pub use kyc_vision::Live;
pub use live::{watch_preview, PageFrame, PageLive, CHECK_EVERY, PAGE_FRAME_EDGE};
pub use photos::{capture_selfie, document_screen, open_camera, prepare_photo, webview_still, Attempt, FRAME_WAIT};
pub use send::send;
pub use update::{update_address, UpdateCode, UpdateOffer};
pub use vault::{draft_key_name, Notice, Vault, DRAFT_TTL, KEYCHAIN_SERVICE};
