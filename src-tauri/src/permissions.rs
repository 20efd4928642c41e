//! What the page may ask the webview for: the camera only, only from the app's own page,
//! only after the person's consent, and only in a build whose selfie comes from the page's
//! camera (phones). Everything else — microphone, location, notifications, screen capture,
//! the camera on a desktop (whose selfie comes from the camera in Rust) — is denied.

use kyc_app::Deferred;
use tauri::webview::{PermissionKind, PermissionResponse};
use tauri::{Manager, Runtime, Webview};

use crate::state::Vault;

/// The one rule, as a pure function of what is asked and the facts it depends on.
pub fn decide(kind: PermissionKind, own_page: bool, consented: bool, webview_camera: bool) -> PermissionResponse {
    if kind == PermissionKind::Camera && own_page && consented && webview_camera {
        PermissionResponse::Allow
    } else {
        PermissionResponse::Deny
    }
}

/// The rule applied to a webview's request: its page's address, and the consent recorded in
/// the draft's folder (none while the draft is still being opened).
pub fn on_request<R: Runtime>(webview: Webview<R>, kind: PermissionKind) -> PermissionResponse {
    let Facts { own_page, consented } = facts(&webview);
    let response = decide(kind, own_page, consented, cfg!(mobile));
    tracing::info!(
        ?kind,
        own_page,
        consented,
        allowed = response == PermissionResponse::Allow,
        "webview permission asked"
    );
    response
}

/// What the rule needs to know about the asking webview.
#[derive(Debug, PartialEq, Eq)]
pub struct Facts {
    pub own_page: bool,
    pub consented: bool,
}

pub fn facts<R: Runtime>(webview: &Webview<R>) -> Facts {
    let own_page = webview.url().is_ok_and(|url| crate::is_own_page(&url, cfg!(debug_assertions), cfg!(mobile)));
    let consented = webview
        .try_state::<Deferred<Vault>>()
        .and_then(|vault| vault.ready())
        .is_some_and(|vault| vault.consent().is_some());
    Facts { own_page, consented }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY_KIND: [PermissionKind; 16] = [
        PermissionKind::Microphone,
        PermissionKind::Camera,
        PermissionKind::Geolocation,
        PermissionKind::Notifications,
        PermissionKind::ClipboardRead,
        PermissionKind::DisplayCapture,
        PermissionKind::Midi,
        PermissionKind::Sensors,
        PermissionKind::MediaKeySystemAccess,
        PermissionKind::LocalFonts,
        PermissionKind::WindowManagement,
        PermissionKind::PointerLock,
        PermissionKind::AutomaticDownloads,
        PermissionKind::FileSystemAccess,
        PermissionKind::Autoplay,
        PermissionKind::Other,
    ];

    #[test]
    fn only_the_camera_for_the_own_page_after_consent_on_a_phone_is_allowed() {
        let mut allowed = Vec::new();
        for kind in EVERY_KIND {
            for own_page in [true, false] {
                for consented in [true, false] {
                    for webview_camera in [true, false] {
                        match decide(kind, own_page, consented, webview_camera) {
                            PermissionResponse::Allow => allowed.push((kind, own_page, consented, webview_camera)),
                            PermissionResponse::Deny => {}
                            // Never the platform's default, which may prompt or allow.
                            other => panic!("{kind:?}, {own_page}, {consented}, {webview_camera}: {other:?}"),
                        }
                    }
                }
            }
        }
        assert_eq!(allowed, [(PermissionKind::Camera, true, true, true)], "16 kinds × page × consent × build");
    }
}
