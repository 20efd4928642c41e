use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Keychain, KeychainError};

/// The file starts with this header, which is also authenticated with the contents.
const MAGIC: &[u8; 9] = b"KYCDRAFT1";
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("Your saved progress on this device could not be read (it was changed or damaged), so it was discarded. Please enter it again.")]
    Tampered,
    #[error("Your progress could not be saved on this device ({0}). Check there is free disk space.")]
    Io(#[from] std::io::Error),
}

/// One encrypted draft file. Its key is 32 random bytes kept in the keychain under
/// `key_name`; the file alone reveals nothing, and a changed byte makes it unreadable.
pub struct Drafts {
    path: PathBuf,
    key: Zeroizing<[u8; KEY_LEN]>,
    ttl: Duration,
}

#[derive(Serialize, Deserialize)]
struct Sealed<T> {
    /// Seconds since the Unix epoch after which the draft is deleted unread.
    expires_at: u64,
    value: T,
}

impl Drafts {
    /// The draft at `path`, with its key from `keychain` (made on first use).
    /// A draft older than `ttl` is deleted instead of read.
    pub fn open(
        path: impl Into<PathBuf>,
        keychain: &Keychain,
        key_name: &str,
        ttl: Duration,
    ) -> Result<Drafts, DraftError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        match keychain.get(key_name)? {
            Some(stored) if stored.len() == KEY_LEN => key.copy_from_slice(&stored),
            // No key (or not one of ours): a new one, and any draft under an old key can no longer be read.
            _ => {
                rand::fill(&mut key[..]);
                keychain.set(key_name, &key[..])?;
            }
        }
        Ok(Drafts { path: path.into(), key, ttl })
    }

    /// Encrypts `value` and replaces the draft atomically: a crash leaves the old draft or the new one, never half.
    pub fn save<T: Serialize>(&self, value: &T) -> Result<(), DraftError> {
        let expires_at = now().saturating_add(self.ttl.as_secs());
        let plain = Zeroizing::new(serde_json::to_vec(&Sealed { expires_at, value }).map_err(std::io::Error::other)?);
        let nonce: [u8; NONCE_LEN] = rand::random();
        let sealed = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &plain, aad: MAGIC })
            .map_err(|_| std::io::Error::other("encryption failed"))?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        // tempfile creates the file readable and writable by its owner only (0600 on Unix).
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(MAGIC)?;
        file.write_all(&nonce)?;
        file.write_all(&sealed)?;
        file.as_file().sync_all()?;
        file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The draft, if there is one and it has not expired. A draft that fails
    /// authentication is deleted and reported as [`DraftError::Tampered`]: never half-read.
    pub fn load<T: DeserializeOwned>(&self) -> Result<Option<T>, DraftError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(sealed) = self.open_sealed::<T>(&bytes) else {
            self.delete()?;
            return Err(DraftError::Tampered);
        };
        if sealed.expires_at <= now() {
            self.delete()?;
            return Ok(None);
        }
        Ok(Some(sealed.value))
    }

    /// Deletes the draft (on completion, or when the person asks); no draft is not an error.
    pub fn delete(&self) -> Result<(), DraftError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn open_sealed<T: DeserializeOwned>(&self, bytes: &[u8]) -> Option<Sealed<T>> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let plain =
            Zeroizing::new(self.cipher().decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: MAGIC }).ok()?);
        serde_json::from_slice(&plain).ok()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.as_slice().into())
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The draft's folder, readable by its owner only.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
