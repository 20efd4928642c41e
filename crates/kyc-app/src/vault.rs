//! What the person typed and chose, and their consent, on this device.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use kyc_flow::{Consent, Draft, DraftPhoto, Screen};
use kyc_imaging::Prepared;
use kyc_vault::{DraftError, Drafts, Keychain};
use serde::Serialize;

use crate::AppError;

/// The keychain service of every secret the app keeps.
pub const KEYCHAIN_SERVICE: &str = "org.kycflow.app";

/// A draft not touched for this long is deleted unread.
pub const DRAFT_TTL: Duration = Duration::from_secs(3 * 24 * 3600);

/// Something the start screen tells the person about this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// No system keychain: the token and the draft are kept for this run only.
    KeychainUnavailable,
    /// A saved draft could not be read (changed or damaged) and was discarded.
    DraftDiscarded,
}

/// What the person typed and the photos they chose, until the server confirms them:
/// held here, and after every change encrypted to disk (`kyc-vault`), so a closed
/// window, a crash or a lost connection loses nothing.
pub struct Vault {
    /// `None` without a keychain: a draft under a key that dies with the run is not worth writing.
    store: Option<Drafts>,
    draft: Mutex<Draft>,
    consent_file: PathBuf,
    pub notices: Vec<Notice>,
}

/// The keychain entry of the draft key of one data directory.
pub fn draft_key_name(data_dir: &Path) -> String {
    format!("draft-key {}", data_dir.display())
}

impl Vault {
    pub fn open(data_dir: &Path, keychain: &Keychain) -> Vault {
        let mut notices = Vec::new();
        let store = if keychain.unavailable().is_some() {
            notices.push(Notice::KeychainUnavailable);
            None
        } else {
            let opened =
                Drafts::open(data_dir.join("draft").join("draft.bin"), keychain, &draft_key_name(data_dir), DRAFT_TTL);
            // A keychain that is there but refuses (locked, denied) is, for the person, no keychain.
            opened.inspect_err(|_| notices.push(Notice::KeychainUnavailable)).ok()
        };
        let draft = match store.as_ref().map(Drafts::load::<Draft>) {
            Some(Ok(Some(draft))) => draft,
            Some(Err(DraftError::Tampered)) => {
                notices.push(Notice::DraftDiscarded);
                Draft::default()
            }
            _ => Draft::default(),
        };
        Vault { store, draft: Mutex::new(draft), consent_file: data_dir.join("consent.json"), notices }
    }

    pub fn read<T>(&self, f: impl FnOnce(&Draft) -> T) -> T {
        f(&lock(&self.draft))
    }

    /// Changes the draft and saves it (or deletes the file once nothing is left to send).
    pub fn update(&self, f: impl FnOnce(&mut Draft)) -> Result<(), AppError> {
        let mut draft = lock(&self.draft);
        f(&mut draft);
        let Some(store) = &self.store else { return Ok(()) };
        let saved = if draft.is_empty() { store.delete() } else { store.save(&*draft) };
        saved.map_err(|e| AppError::Storage { message: e.to_string() })
    }

    /// A newly prepared photo for `screen`, under a new upload key.
    pub fn put_photo(&self, screen: Screen, prepared: &Prepared) -> Result<(), AppError> {
        let photo = kyc_send::Photo::new(prepared);
        let upload_key = photo.upload_key.as_str().to_owned();
        self.update(|draft| draft.put_photo(DraftPhoto { screen, file: photo.file, upload_key }))
    }

    /// The screen's photo as it will be sent, under the key of its first attempt.
    pub fn photo(&self, screen: Screen) -> Option<kyc_send::Photo> {
        self.read(|draft| draft.photo(screen).cloned())
            .and_then(|photo| kyc_send::Photo::kept(photo.file, photo.upload_key))
    }

    /// Forgets everything typed and taken on this device (the person asked, or the flow is complete).
    pub fn discard(&self) -> Result<(), AppError> {
        self.update(|draft| *draft = Draft::default())
    }

    /// The consent given to the current text; one given to an older text does not count.
    pub fn consent(&self) -> Option<Consent> {
        let text = std::fs::read_to_string(&self.consent_file).ok()?;
        serde_json::from_str::<Consent>(&text).ok().filter(|c| c.version == kyc_flow::CONSENT_VERSION)
    }

    /// Records the person's consent (its version and time; nothing personal) in the data directory.
    pub fn record_consent(&self, consent: &Consent) -> Result<(), AppError> {
        let storage = |e: std::io::Error| AppError::Storage { message: e.to_string() };
        if let Some(dir) = self.consent_file.parent() {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let text = serde_json::to_string(consent).map_err(|e| storage(std::io::Error::other(e)))?;
        std::fs::write(&self.consent_file, text).map_err(storage)
    }
}

/// A poisoned lock only means another command panicked; the data is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
