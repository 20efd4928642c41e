//! Updates against a real HTTP server on loopback (`kyc-faults`) serving `latest.json` and a
//! package, signed with a throwaway minisign key made here: what is offered, and what is refused
//! and why. Installing is not run (it would replace this machine's app); the bytes it would
//! install are the ones `fetch` verified, and `Update::install` verifies them again.

use base64::Engine as _;
use kyc_app::{AppError, UpdateCode};
use kyc_faults::{Action, Scripted};

use crate::updates::Updates;

const PACKAGE: &str = "KYC Flow 0.2.0, a package as a test serves it";

struct Key {
    pair: minisign::KeyPair,
}

impl Key {
    fn new() -> Key {
        Key { pair: minisign::KeyPair::generate_unencrypted_keypair().unwrap() }
    }

    /// The public key as tauri.conf.json holds it: the minisign key file's text, in base64.
    fn public(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.pair.pk.to_box().unwrap().to_string())
    }

    /// The signature of `bytes` as `tauri signer sign --app-version` makes it.
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:1764633600\tfile:kyc-flow.deb\tversion:{version}");
        let signature =
            minisign::sign(Some(&self.pair.pk), &self.pair.sk, std::io::Cursor::new(bytes), Some(&trusted), None)
                .unwrap();
        base64::engine::general_purpose::STANDARD.encode(signature.to_string())
    }
}

fn latest(version: &str, signature: &str, url: &str) -> String {
    serde_json::json!({
        "version": version,
        "notes": "Reads ID cards' backs",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": { "linux-x86_64": { "signature": signature, "url": url } }
    })
    .to_string()
}

/// A server on loopback: `latest.json` as given (its package address `{package}` filled in), and
/// the package's bytes.
async fn server(latest_json: impl Fn(&str) -> String + Send + Sync + 'static, package: &'static str) -> Scripted {
    let address = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let seen_address = address.clone();
    let server = Scripted::start_with(move |_, seen| match seen.path.as_str() {
        "/latest.json" => {
            Action::respond(200, &[("content-type", "application/json")], &latest_json(seen_address.get().unwrap()))
        }
        "/kyc-flow.deb" => Action::respond(200, &[("content-type", "application/octet-stream")], package),
        _ => Action::status(404),
    })
    .await;
    address.set(format!("{}kyc-flow.deb", server.url)).unwrap();
    server
}

fn app() -> (crate::tests::MockApp, crate::tests::DataDir) {
    let dir = crate::tests::DataDir::new();
    let app = crate::tests::app_with(crate::settings::Settings {
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    });
    (app, dir)
}

fn updates(server: &Scripted, key: &Key) -> Updates {
    Updates::with_key(format!("{}latest.json", server.url).parse().unwrap(), key.public())
}

fn code(result: Result<impl std::fmt::Debug, AppError>) -> (UpdateCode, String) {
    match result {
        Err(AppError::Update { code, message }) => (code, message),
        other => panic!("not an update refusal: {other:?}"),
    }
}

#[test]
fn a_newer_correctly_signed_release_is_offered_and_its_package_verifies() {
    let ((app, _window), _dir) = app();
    let key = Key::new();
    let signature = key.sign(PACKAGE.as_bytes(), "0.2.0");
    tauri::async_runtime::block_on(async {
        let server = server(move |package| latest("0.2.0", &signature, package), PACKAGE).await;
        let updates = updates(&server, &key);
        let offer = updates.check(app.handle()).await.unwrap().expect("0.2.0 is newer than 0.1.0");
        assert_eq!((offer.version.as_str(), offer.notes.as_deref()), ("0.2.0", Some("Reads ID cards' backs")));
        let (update, bytes) = updates.fetch().await.unwrap();
        assert_eq!(bytes, PACKAGE.as_bytes());
        assert!(update.verify(&bytes).is_ok());
        let paths: Vec<String> = server.seen().iter().map(|s| s.path.clone()).collect();
        assert_eq!(paths, ["/latest.json", "/kyc-flow.deb"]);
    });
}

#[test]
fn an_older_or_equal_release_is_not_offered() {
    let ((app, _window), _dir) = app();
    let key = Key::new();
    for version in ["0.1.0", "0.0.9"] {
        let signature = key.sign(PACKAGE.as_bytes(), version);
        tauri::async_runtime::block_on(async {
            let server = server(move |package| latest(version, &signature, package), PACKAGE).await;
            let updates = updates(&server, &key);
            assert_eq!(updates.check(app.handle()).await.unwrap(), None, "{version}");
            assert_eq!(
                code(updates.fetch().await.map(|(_, bytes)| bytes)).0,
                UpdateCode::BadRelease,
                "nothing to install"
            );
            assert_eq!(server.seen().len(), 1, "the package is never fetched");
        });
    }
}

#[test]
fn a_wrong_signature_a_changed_package_and_a_signature_for_another_version_are_refused() {
    let ((app, _window), _dir) = app();
    let key = Key::new();
    let cases: [(&str, String, &'static str); 3] = [
        ("signed with another key", Key::new().sign(PACKAGE.as_bytes(), "0.2.0"), PACKAGE),
        (
            "changed after signing",
            key.sign(PACKAGE.as_bytes(), "0.2.0"),
            "KYC Flow 0.2.0, a package as an attacker serves it",
        ),
        // An old, genuinely signed package announced as a newer version: a downgrade.
        ("signed for 0.1.5, announced as 0.2.0", key.sign(PACKAGE.as_bytes(), "0.1.5"), PACKAGE),
    ];
    for (case, signature, served) in cases {
        tauri::async_runtime::block_on(async {
            let server = server(move |package| latest("0.2.0", &signature, package), served).await;
            let updates = updates(&server, &key);
            assert!(updates.check(app.handle()).await.unwrap().is_some(), "{case}: offered, not yet verified");
            let (code, message) = code(updates.fetch().await.map(|(_, bytes)| bytes));
            assert_eq!(code, UpdateCode::Signature, "{case}: {message}");
            assert!(message.contains("Nothing was installed"), "{message}");
        });
    }
}

#[test]
fn a_package_address_over_http_beyond_this_machine_is_refused_before_it_is_fetched() {
    let ((app, _window), _dir) = app();
    let key = Key::new();
    let signature = key.sign(PACKAGE.as_bytes(), "0.2.0");
    tauri::async_runtime::block_on(async {
        let server =
            server(move |_| latest("0.2.0", &signature, "http://updates.example.com/kyc-flow.deb"), PACKAGE).await;
        let updates = updates(&server, &key);
        let (code, message) = code(updates.check(app.handle()).await);
        assert_eq!(code, UpdateCode::Insecure, "{message}");
        assert!(message.contains("use https://"), "{message}");
        assert_eq!(server.seen().len(), 1, "only latest.json was asked for");
    });
    // And as the configured address: the app does not start with it (settings say why).
    let settings = crate::settings::resolve(
        &[("update-url".into(), "http://updates.example.com/latest.json".into())],
        |_| None,
        None,
    );
    assert!(settings.unwrap_err().contains("only allowed for this machine"));
}

#[test]
fn a_redirect_from_the_update_server_is_refused_not_followed() {
    let ((app, _window), _dir) = app();
    let key = Key::new();
    tauri::async_runtime::block_on(async {
        let server = Scripted::start_with(|_, seen| match seen.path.as_str() {
            "/latest.json" => Action::respond(302, &[("location", "/elsewhere.json")], ""),
            _ => Action::respond(200, &[], "{}"),
        })
        .await;
        let updates = updates(&server, &key);
        let (code, message) = code(updates.check(app.handle()).await);
        assert_eq!(code, UpdateCode::Redirect, "{message}");
        assert_eq!(server.seen().len(), 1, "the redirect was not followed");
    });
}

#[test]
fn without_an_update_address_the_app_never_asks() {
    let ((app, window), _dir) = app();
    let answer = crate::tests::invoke(&window, "update_check", crate::tests::json(serde_json::json!({})), &[]);
    assert_eq!(answer.map(crate::tests::answer), Ok(serde_json::Value::Null));
    let config = serde_json::to_value(app.config()).unwrap();
    let updater = &config["plugins"]["updater"];
    assert_eq!(updater["endpoints"], serde_json::json!([]), "no update address is built in");
    assert_eq!(updater["requireSignedVersion"], true);
    let key = base64::engine::general_purpose::STANDARD.decode(updater["pubkey"].as_str().unwrap()).unwrap();
    assert!(String::from_utf8(key).unwrap().starts_with("untrusted comment: minisign public key"));
}
