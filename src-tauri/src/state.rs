use std::sync::{Arc, Mutex, MutexGuard};

use kyc_api_client::Client;
use kyc_camera::{Choice, Preview};

pub use kyc_app::{draft_key_name, Notice, Vault, KEYCHAIN_SERVICE};

/// How the app reaches the KYC service.
pub struct Api {
    client: Client,
    /// True when it talks to the sandbox it started itself.
    pub sandbox: bool,
    /// The UI's language, sent as `Accept-Language` (server messages come back in it).
    language: Mutex<String>,
}

impl Api {
    pub fn new(client: Client, sandbox: bool) -> Self {
        let language = Mutex::new(client.config().language.clone());
        Api { client, sandbox, language }
    }

    /// The client, speaking the UI's current language.
    pub fn client(&self) -> Client {
        self.client.with_language(lock(&self.language).clone())
    }

    pub fn set_language(&self, language: &str) {
        *lock(&self.language) = language.to_owned();
    }
}

/// The configured camera and, while the selfie screen shows it, its running preview.
pub struct Camera {
    /// A configuration mistake is kept to be shown on the selfie screen, not to stop the app.
    pub choice: Result<Choice, String>,
    pub running: Mutex<Option<Arc<Preview>>>,
}

impl Camera {
    pub fn new(choice: Result<Choice, String>) -> Self {
        Camera { choice, running: Mutex::new(None) }
    }

    pub fn running(&self) -> MutexGuard<'_, Option<Arc<Preview>>> {
        lock(&self.running)
    }
}

/// A poisoned lock only means another command panicked; the data is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
