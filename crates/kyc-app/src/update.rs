//! Updates, as the app offers them: only from the address an integrator configured (none: the
//! app never asks), over https (plain http only to this machine, as for the API), a release
//! offered only when it is newer, its package installed only when the person says so and only
//! when its minisign signature holds (checked by tauri-plugin-updater, which the shell drives).

use serde::Serialize;

use crate::AppError;

/// Why no update was offered or installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UpdateCode {
    /// An address over plain http to another machine, or not a web address at all.
    Insecure,
    /// The update server answered with a redirect: refused, the configured address is the only one.
    Redirect,
    /// The package's signature does not hold (another key, a changed package, another version).
    Signature,
    /// The update server could not be reached, or did not answer with a release.
    Unreachable,
    /// The server's answer is not a release this app can use.
    BadRelease,
    /// The package was sound but could not be installed.
    Install,
}

/// An update the person may install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateOffer {
    pub version: String,
    pub notes: Option<String>,
}

impl AppError {
    pub fn update(code: UpdateCode, message: impl Into<String>) -> AppError {
        AppError::Update { code, message: message.into() }
    }
}

/// An address updates may come from (the configured endpoint, or a package's address in the
/// release it announces): https, or http only to this machine; no name or password in it.
pub fn update_address(text: &str) -> Result<kyc_api_client::Url, AppError> {
    let refuse = |why: &str| AppError::update(UpdateCode::Insecure, format!("the update address \"{text}\" {why}"));
    let url = kyc_api_client::Url::parse(text).map_err(|_| refuse("is not a web address: use https://…"))?;
    match url.scheme() {
        "https" => {}
        "http" if kyc_api_client::is_loopback(&url) => {}
        "http" => return Err(refuse("uses http://, which is only allowed for this machine: use https://")),
        _ => return Err(refuse("is not an https:// address")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("holds a name or password: give the address alone"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<UpdateCode> {
        match update_address(text) {
            Ok(_) => None,
            Err(AppError::Update { code, .. }) => Some(code),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn updates_come_over_https_or_from_this_machine_only() {
        assert_eq!(code("https://updates.example.com/kyc/latest.json"), None);
        assert_eq!(code("http://127.0.0.1:8080/latest.json"), None);
        assert_eq!(code("http://localhost/latest.json"), None);
        assert_eq!(code("http://[::1]:9/latest.json"), None);
        assert_eq!(code("http://updates.example.com/latest.json"), Some(UpdateCode::Insecure));
        assert_eq!(code("http://10.0.0.2/latest.json"), Some(UpdateCode::Insecure));
        assert_eq!(code("ftp://updates.example.com/latest.json"), Some(UpdateCode::Insecure));
        assert_eq!(code("https://user:secret@updates.example.com/latest.json"), Some(UpdateCode::Insecure));
        assert_eq!(code("latest.json"), Some(UpdateCode::Insecure));
        let Err(AppError::Update { message, .. }) = update_address("http://updates.example.com/x") else { panic!() };
        assert!(message.contains("use https://"), "{message}");
    }
}
