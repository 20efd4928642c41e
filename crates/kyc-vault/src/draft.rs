use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Keychain, KeychainError};

/// The file starts with this header and the draft's counter, both authenticated with the contents.
const MAGIC: &[u8; 9] = b"KYCDRAFT2";
const COUNTER_LEN: usize = 8;
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
///
/// Beside the key, the keychain keeps a counter that every save moves on and binds
/// into the file's authenticated data: an older draft copied back over the newer
/// one (a rollback) no longer matches the counter, and is refused like a changed one.
pub struct Drafts {
    path: PathBuf,
    key: Zeroizing<[u8; KEY_LEN]>,
    /// The counter of the last draft saved (as the keychain holds it).
    counter: AtomicU64,
    keychain: Keychain,
    key_name: String,
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
        let mut counter = 0;
        // The key as stored, then the counter (8 bytes, big-endian); a key alone is an older device's.
        match keychain.get(key_name)?.map(Zeroizing::new) {
            Some(stored) if stored.len() == KEY_LEN || stored.len() == KEY_LEN + COUNTER_LEN => {
                key.copy_from_slice(&stored[..KEY_LEN]);
                if let Ok(bytes) = <[u8; COUNTER_LEN]>::try_from(&stored[KEY_LEN..]) {
                    counter = u64::from_be_bytes(bytes);
                }
            }
            // No key (or not one of ours): a new one, and any draft under an old key can no longer be read.
            _ => {
                rand::fill(&mut key[..]);
                store_key(keychain, key_name, &key, 0)?;
            }
        }
        Ok(Drafts {
            path: path.into(),
            key,
            counter: AtomicU64::new(counter),
            keychain: keychain.clone(),
            key_name: key_name.to_owned(),
            ttl,
        })
    }

    /// Encrypts `value` and replaces the draft atomically: a crash leaves the old draft or the new one, never half.
    ///
    /// The file is written under the next counter first, then the keychain moves on to it;
    /// a crash between the two leaves a draft one ahead of the keychain, which `load` accepts.
    pub fn save<T: Serialize>(&self, value: &T) -> Result<(), DraftError> {
        let counter = self.counter.load(Ordering::SeqCst).wrapping_add(1);
        let expires_at = now().saturating_add(self.ttl.as_secs());
        let plain = Zeroizing::new(serde_json::to_vec(&Sealed { expires_at, value }).map_err(std::io::Error::other)?);
        let nonce: [u8; NONCE_LEN] = rand::random();
        let sealed = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &plain, aad: &header(counter) })
            .map_err(|_| std::io::Error::other("encryption failed"))?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        // tempfile creates the file readable and writable by its owner only (0600 on Unix).
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(&header(counter))?;
        file.write_all(&nonce)?;
        file.write_all(&sealed)?;
        file.as_file().sync_all()?;
        file.persist(&self.path).map_err(|e| e.error)?;
        sync_dir(dir)?;
        self.advance(counter)
    }

    fn advance(&self, counter: u64) -> Result<(), DraftError> {
        store_key(&self.keychain, &self.key_name, &self.key, counter)?;
        self.counter.store(counter, Ordering::SeqCst);
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
        let Some((counter, sealed)) = self.open_sealed::<T>(&bytes) else {
            self.delete()?;
            return Err(DraftError::Tampered);
        };
        if counter != self.counter.load(Ordering::SeqCst) {
            // Saved, then the app stopped before the keychain moved on: catch up.
            self.advance(counter)?;
        }
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

    /// The draft and its counter, if it authenticates and its counter is the keychain's
    /// (or the one after it); an older counter is a rolled-back file.
    fn open_sealed<T: DeserializeOwned>(&self, bytes: &[u8]) -> Option<(u64, Sealed<T>)> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < COUNTER_LEN + NONCE_LEN {
            return None;
        }
        let (counter, rest) = rest.split_at(COUNTER_LEN);
        let counter = u64::from_be_bytes(counter.try_into().ok()?);
        let expected = self.counter.load(Ordering::SeqCst);
        if counter != expected && counter != expected.wrapping_add(1) {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let aad = header(counter);
        let plain =
            Zeroizing::new(self.cipher().decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: &aad }).ok()?);
        Some((counter, serde_json::from_slice(&plain).ok()?))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.as_slice().into())
    }
}

/// The authenticated header: the format's magic and the draft's counter.
fn header(counter: u64) -> [u8; MAGIC.len() + COUNTER_LEN] {
    let mut header = [0u8; MAGIC.len() + COUNTER_LEN];
    header[..MAGIC.len()].copy_from_slice(MAGIC);
    header[MAGIC.len()..].copy_from_slice(&counter.to_be_bytes());
    header
}

fn store_key(keychain: &Keychain, name: &str, key: &[u8; KEY_LEN], counter: u64) -> Result<(), DraftError> {
    let mut stored = Zeroizing::new([0u8; KEY_LEN + COUNTER_LEN]);
    stored[..KEY_LEN].copy_from_slice(key);
    stored[KEY_LEN..].copy_from_slice(&counter.to_be_bytes());
    Ok(keychain.set(name, &stored[..])?)
}

/// Makes a rename in `dir` durable (on Unix, a folder's entries are synced through the folder).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
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
