//! Updates, through tauri-plugin-updater: the release announced at the configured address
//! (none configured: never asked), offered when newer; its package downloaded and its minisign
//! signature checked against the public key in `tauri.conf.json` (and the version it was signed
//! for against the one announced) only when the person asks to install it. The address rule
//! (https, or http only to this machine) is `kyc_app::update_address`, applied to the announced
//! package's address too; redirects are refused.

use std::sync::Mutex;

use kyc_app::{AppError, UpdateCode, UpdateOffer};
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Error as E, Update, UpdaterExt};

const REDIRECT_REFUSED: &str = "a redirect, which is refused";

/// The configured address, and the update offered to the person.
pub struct Updates {
    address: Option<kyc_api_client::Url>,
    /// Tests only: a throwaway key instead of the one in `tauri.conf.json`.
    pubkey: Option<String>,
    offered: Mutex<Option<Update>>,
}

impl Updates {
    pub fn new(address: Option<kyc_api_client::Url>) -> Updates {
        Updates { address, pubkey: None, offered: Mutex::new(None) }
    }

    #[cfg(test)]
    pub(crate) fn with_key(address: kyc_api_client::Url, pubkey: String) -> Updates {
        Updates { address: Some(address), pubkey: Some(pubkey), offered: Mutex::new(None) }
    }

    /// Asks the configured address for a release, and offers it if it is newer than this app.
    pub async fn check<R: Runtime>(&self, app: &AppHandle<R>) -> Result<Option<UpdateOffer>, AppError> {
        let Some(address) = &self.address else { return Ok(None) };
        let mut builder = app.updater_builder();
        if let Some(key) = &self.pubkey {
            builder = builder.pubkey(key);
        }
        let updater = builder
            .endpoints(vec![address.clone()])
            .map_err(refusal)?
            .configure_client(|client| {
                client.redirect(reqwest::redirect::Policy::custom(|attempt| attempt.error(REDIRECT_REFUSED)))
            })
            .build()
            .map_err(refusal)?;
        let Some(update) = updater.check().await.map_err(refusal)? else { return Ok(None) };
        kyc_app::update_address(update.download_url.as_str())?;
        let offer = UpdateOffer { version: update.version.clone(), notes: update.body.clone() };
        *self.offered.lock().unwrap_or_else(|e| e.into_inner()) = Some(update);
        Ok(Some(offer))
    }

    /// The offered update's package, downloaded and its signature checked; nothing installed.
    pub async fn fetch(&self) -> Result<(Update, Vec<u8>), AppError> {
        let offered = self.offered.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let update = offered.ok_or_else(|| {
            AppError::update(UpdateCode::BadRelease, "no update is offered: the app looks for one when it starts")
        })?;
        let bytes = update.download(|_, _| {}, || {}).await.map_err(refusal)?;
        Ok((update, bytes))
    }

    /// Installs the offered update (its signature checked again on the bytes installed), then
    /// starts the new version.
    pub async fn install<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), AppError> {
        let (update, bytes) = self.fetch().await?;
        tauri::async_runtime::spawn_blocking(move || update.install(bytes))
            .await
            .map_err(|e| AppError::Internal { message: e.to_string() })?
            .map_err(refusal)?;
        app.restart()
    }
}

/// The plugin's error as what the person is told.
fn refusal(error: E) -> AppError {
    let detail = error.to_string();
    let (code, message) = match &error {
        E::InsecureTransportProtocol | E::UrlParse(_) => {
            (UpdateCode::Insecure, "the update address is not an https:// address: ask the app's provider".to_owned())
        }
        E::Reqwest(e) if e.is_redirect() => (
            UpdateCode::Redirect,
            "the update server answered with a redirect; updates come only from the configured address \
             (--update-url): give the final address"
                .to_owned(),
        ),
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => (
            UpdateCode::Signature,
            format!(
                "the update's signature does not hold ({detail}): it was not signed with this app's key, or the \
                 package was changed on the way. Nothing was installed; tell the app's provider"
            ),
        ),
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound => (
            UpdateCode::Unreachable,
            format!("the update server could not be reached or announced no release ({detail}): try again later"),
        ),
        E::Semver(_)
        | E::Serialization(_)
        | E::TargetNotFound(_)
        | E::TargetsNotFound(_)
        | E::UnsupportedOs
        | E::UnsupportedArch
        | E::EmptyEndpoints
        | E::InvalidUpdaterFormat => (
            UpdateCode::BadRelease,
            format!("the update server's answer is not a release for this app ({detail}): tell the app's provider"),
        ),
        _ => (
            UpdateCode::Install,
            format!("the update could not be installed ({detail}): try again, or install it by hand"),
        ),
    };
    AppError::update(code, message)
}
