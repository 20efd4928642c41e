use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use keyring_core::{Entry, Error};

/// A keychain operation failed; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The system keychain could not be used ({detail}). Unlock or set up the keychain and try again.")]
pub struct KeychainError {
    detail: String,
}

impl KeychainError {
    fn new(error: Error) -> Self {
        // keyring's errors never hold the secret itself.
        KeychainError { detail: error.to_string() }
    }
}

/// Named secrets of one service: in the OS keychain (the Secret Service, Keychain
/// Services on macOS, the data-protection keychain on iOS, Windows Credential Manager,
/// the Android Keystore), or else in memory for this run only.
/// Clones share the same secrets.
#[derive(Clone)]
pub struct Keychain {
    service: String,
    store: std::sync::Arc<Store>,
}

enum Store {
    Os,
    Memory { secrets: Mutex<HashMap<String, Vec<u8>>>, reason: String },
}

impl Keychain {
    /// The platform's keychain under `service` (e.g. `org.kycflow.app`), or memory if there is none.
    pub fn open(service: &str) -> Keychain {
        let status = OS_STORE.as_ref().map(|_| ()).map_err(|e| e.to_string());
        Keychain::choose(service, status)
    }

    /// The choice `open` makes, given whether the platform's keychain could be reached.
    pub fn choose(service: &str, status: Result<(), String>) -> Keychain {
        let store = match status {
            Ok(()) => Store::Os,
            Err(reason) => Store::Memory { secrets: Mutex::default(), reason },
        };
        Keychain { service: service.to_owned(), store: std::sync::Arc::new(store) }
    }

    /// Why secrets are only in memory, when they are.
    pub fn unavailable(&self) -> Option<&str> {
        match &*self.store {
            Store::Os => None,
            Store::Memory { reason, .. } => Some(reason),
        }
    }

    pub fn get(&self, name: &str) -> Result<Option<Vec<u8>>, KeychainError> {
        match &*self.store {
            Store::Os => match self.entry(name)?.get_secret() {
                Ok(secret) => Ok(Some(secret)),
                Err(Error::NoEntry) => Ok(None),
                Err(e) => Err(KeychainError::new(e)),
            },
            Store::Memory { secrets, .. } => Ok(lock(secrets).get(name).cloned()),
        }
    }

    pub fn set(&self, name: &str, secret: &[u8]) -> Result<(), KeychainError> {
        match &*self.store {
            Store::Os => self.entry(name)?.set_secret(secret).map_err(KeychainError::new),
            Store::Memory { secrets, .. } => {
                lock(secrets).insert(name.to_owned(), secret.to_vec());
                Ok(())
            }
        }
    }

    /// Removes a secret; removing one that is not there is not an error.
    pub fn delete(&self, name: &str) -> Result<(), KeychainError> {
        match &*self.store {
            Store::Os => match self.entry(name)?.delete_credential() {
                Ok(()) | Err(Error::NoEntry) => Ok(()),
                Err(e) => Err(KeychainError::new(e)),
            },
            Store::Memory { secrets, .. } => {
                lock(secrets).remove(name);
                Ok(())
            }
        }
    }

    fn entry(&self, name: &str) -> Result<Entry, KeychainError> {
        Entry::new(&self.service, name).map_err(KeychainError::new)
    }
}

/// Whether this target's keychain store could be set up; done once, on first use.
static OS_STORE: LazyLock<Result<(), Error>> = LazyLock::new(os_store);

/// Makes this target's keychain keyring-core's default store.
fn os_store() -> Result<(), Error> {
    #[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
    let store = zbus_secret_service_keyring_store::Store::new()?;
    #[cfg(target_os = "macos")]
    let store = apple_native_keyring_store::keychain::Store::new()?;
    #[cfg(target_os = "ios")]
    let store = apple_native_keyring_store::protected::Store::new()?;
    #[cfg(target_os = "windows")]
    let store = windows_native_keyring_store::Store::new()?;
    #[cfg(target_os = "android")]
    let store = android_native_keyring_store::Store::new()?;
    #[cfg(any(unix, windows))]
    {
        keyring_core::set_default_store(store);
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    Err(Error::Invalid("platform".to_owned(), "has no keychain store".to_owned()))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
