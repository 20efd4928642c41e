use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

use crate::settings::Settings;

/// A test's data directory. Its draft key, and the tokens of the APIs it was used with, are
/// removed from the keychain when it is dropped, so `cargo test` run outside
/// `scripts/with-keyring.sh` leaves nothing in the developer's own keychain.
pub(crate) struct DataDir {
    dir: tempfile::TempDir,
    apis: std::cell::RefCell<Vec<String>>,
}

impl DataDir {
    pub(crate) fn new() -> DataDir {
        DataDir { dir: tempfile::tempdir().unwrap(), apis: Default::default() }
    }

    pub(crate) fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// An app on this directory was given a token for `url`: forget it too.
    pub(crate) fn used_with(&self, url: &str) {
        self.apis.borrow_mut().push(url.to_owned());
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let keychain = kyc_vault::Keychain::open(crate::state::KEYCHAIN_SERVICE);
        let _ = keychain.delete(&crate::state::draft_key_name(self.path()));
        for url in self.apis.borrow().iter() {
            let _ = keychain.delete(&format!("token {url}"));
        }
    }
}

pub(crate) type MockApp = (tauri::App<tauri::test::MockRuntime>, tauri::WebviewWindow<tauri::test::MockRuntime>);

fn app(dir: &std::path::Path) -> MockApp {
    app_with(Settings { data_dir: Some(dir.to_owned()), ..Settings::default() })
}

pub(crate) fn app_with(settings: Settings) -> MockApp {
    let app = super::build_app(mock_builder(), settings).expect("the app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    started(&app);
    (app, window)
}

/// Waits for what the app makes while its window loads (the draft, the sandbox), so that
/// nothing of it outlives a test's data directory. The commands wait for it themselves.
pub(crate) fn started(app: &tauri::App<tauri::test::MockRuntime>) {
    let _ = tauri::async_runtime::block_on(tauri::Manager::state::<crate::Deferred<crate::state::Vault>>(app).get());
    let _ = tauri::async_runtime::block_on(tauri::Manager::state::<crate::Deferred<crate::state::Api>>(app).get());
}

pub(crate) fn invoke(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: &[(&'static str, &str)],
) -> Result<tauri::ipc::InvokeResponseBody, serde_json::Value> {
    let mut header_map = tauri::http::HeaderMap::new();
    for (name, value) in headers {
        header_map.insert(*name, value.parse().unwrap());
    }
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: header_map,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
}

pub(crate) fn json(value: serde_json::Value) -> InvokeBody {
    InvokeBody::Json(value)
}

/// State the app makes while its window loads, once made.
pub(crate) fn ready<T: Send + Sync + 'static>(app: &tauri::App<tauri::test::MockRuntime>) -> std::sync::Arc<T> {
    let deferred = tauri::Manager::state::<crate::Deferred<T>>(app);
    tauri::async_runtime::block_on(deferred.get()).unwrap_or_else(|e| panic!("not made: {e:?}"))
}

pub(crate) fn answer(response: tauri::ipc::InvokeResponseBody) -> serde_json::Value {
    response.deserialize().unwrap()
}

#[test]
fn boots_on_the_mock_runtime_with_the_sandbox() {
    let dir = DataDir::new();
    let (app, window) = app(dir.path());
    let api = ready::<crate::state::Api>(&app);
    assert!(api.sandbox, "with no API configured the app runs on its own sandbox");
    let info = answer(invoke(&window, "app_info", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(info["sandbox"], true);
    // The page is told nothing it could call the API with.
    assert_eq!(info.get("api"), None);
    assert!(!info.to_string().contains("http"), "{info}");
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["progress"]["next"], "personal_details");
    assert_eq!(overview["personal"], serde_json::Value::Null);
}

#[test]
fn a_form_with_mistakes_comes_back_with_every_field_to_fix_and_nothing_is_sent() {
    let dir = DataDir::new();
    let (_app, window) = app(dir.path());
    let form = serde_json::json!({"screen": "personal_details", "details": {
        "kind": "Passport", "number": "", "issue_date": "2031-01-01", "expiry_date": "not a date",
        "issuing_country": "Atlantis", "holder_name": "Alex Sample", "issuing_authority": "Office"}});
    let error =
        invoke(&window, "send", json(serde_json::json!({"form": form, "steps": "__CHANNEL__:1"})), &[]).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    let mut fields: Vec<&str> =
        error["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "identification_doc_expiry",
            "identification_doc_issuance_country",
            "identification_issuing_date",
            "identification_value",
        ]
    );
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["progress"]["personal_details"]["state"], "not_sent");
}

#[test]
fn a_screen_without_its_photo_says_so() {
    let dir = DataDir::new();
    let (_app, window) = app(dir.path());
    let error =
        invoke(&window, "send", json(serde_json::json!({"form": {"screen": "selfie"}, "steps": "__CHANNEL__:1"})), &[])
            .unwrap_err();
    assert_eq!(error, serde_json::json!({"kind": "no_photo", "screen": "selfie"}));
}

#[test]
fn a_photo_is_prepared_kept_and_sent_and_a_pdf_is_refused_by_name() {
    let dir = DataDir::new();
    let (_app, window) = app(dir.path());
    let pdf = invoke(&window, "prepare_photo", InvokeBody::Raw(b"%PDF-1.7\n".to_vec()), &[("kyc-screen", "address")])
        .unwrap_err();
    assert_eq!(pdf["kind"], "image");
    assert!(pdf["message"].as_str().unwrap().contains("PDF"), "{pdf}");

    // The demo bill, at 2400×1600 (a photo the quality gate passes).
    let picture = demo_at("address-proof.png", 2400, 1600);
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let shown =
        invoke(&window, "prepare_photo", InvokeBody::Raw(png.into_inner()), &[("kyc-screen", "address")]).unwrap();
    let tauri::ipc::InvokeResponseBody::Raw(jpeg) = shown else { panic!("the prepared photo comes back as bytes") };
    let (width, height) = image::load_from_memory(&jpeg).map(|i| (i.width(), i.height())).unwrap();
    assert_eq!((width, height), (1920, 1280), "the page sees the prepared photo, fitted to 1920 px");

    let today = time::OffsetDateTime::now_utc().date();
    let form = serde_json::json!({"screen": "address", "details": {
        "line_1": "221 Sample Road", "line_2": "", "building": "", "city": "Chiang Mai", "state": "",
        "postcode": "50200", "country_code": "TH", "proof_kind": "Electricity bill",
        "proof_date": today.to_string(), "proof_reference": "", "proof_issuer": "Sandbox Electricity"}});
    let overview = answer(
        invoke(&window, "send", json(serde_json::json!({"form": form, "steps": "__CHANNEL__:1"})), &[]).unwrap(),
    );
    assert_eq!(overview["progress"]["address"]["state"], "pending");
    assert_eq!(overview["address"]["city"], "Chiang Mai");
    let again =
        invoke(&window, "send", json(serde_json::json!({"form": form, "steps": "__CHANNEL__:1"})), &[]).unwrap_err();
    assert_eq!(again["kind"], "no_photo", "a sent photo is not kept");
}

#[test]
fn the_camera_configured_wrongly_is_explained_on_the_selfie_screen() {
    let dir = DataDir::new();
    let settings = Settings {
        data_dir: Some(dir.path().to_owned()),
        camera: kyc_camera::Choice::parse("webcam"),
        ..Settings::default()
    };
    let app = super::build_app(mock_builder(), settings).unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    invoke(&window, "record_consent", json(serde_json::json!({})), &[]).unwrap();
    let error = invoke(&window, "camera_start", json(serde_json::json!({"frames": "__CHANNEL__:2"})), &[]).unwrap_err();
    assert_eq!(error["kind"], "camera");
    assert_eq!(error["code"], "configuration");
    started(&app);
}

#[test]
fn the_synthetic_camera_gives_a_still_that_becomes_the_selfie() {
    let dir = DataDir::new();
    let settings = Settings {
        data_dir: Some(dir.path().to_owned()),
        camera: Ok(kyc_camera::Choice::Synthetic),
        ..Settings::default()
    };
    let app = super::build_app(mock_builder(), settings).unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let refused = invoke(&window, "camera_start", json(serde_json::json!({"frames": "__CHANNEL__:2"})), &[]);
    assert_eq!(refused.unwrap_err()["kind"], "no_consent", "no camera before consent");
    let consent = answer(invoke(&window, "record_consent", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(consent["version"], kyc_flow::CONSENT_VERSION);
    let info = answer(invoke(&window, "app_info", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(info["consent"], consent, "kept, with its version and time");
    let started =
        answer(invoke(&window, "camera_start", json(serde_json::json!({"frames": "__CHANNEL__:2"})), &[]).unwrap());
    assert_eq!((started["width"].as_u64(), started["height"].as_u64()), (Some(640), Some(480)));
    let still = invoke(&window, "camera_capture", json(serde_json::json!({})), &[]).unwrap();
    let tauri::ipc::InvokeResponseBody::Raw(jpeg) = still else { panic!("the still comes back as bytes") };
    let size = image::load_from_memory(&jpeg).map(|i| (i.width(), i.height())).unwrap();
    assert_eq!(size, (1280, 720), "the full-resolution still, fitted for a selfie");
    let overview = answer(
        invoke(&window, "send", json(serde_json::json!({"form": {"screen": "selfie"}, "steps": "__CHANNEL__:1"})), &[])
            .unwrap(),
    );
    assert_eq!(overview["progress"]["selfie"]["state"], "pending");
    let closed = invoke(&window, "camera_capture", json(serde_json::json!({})), &[]).unwrap_err();
    assert_eq!(closed["code"], "closed", "a capture stops the preview");
}

/// The UI's TypeScript types are generated from these Rust types and committed;
/// this fails when they drift. `UPDATE_BINDINGS=1 cargo test -p kyc-flow-app bindings` rewrites them.
#[test]
fn typescript_bindings_are_current() {
    use ts_rs::TS;
    let cfg = ts_rs::Config::new();
    let declarations = [
        kyc_flow::Overview::decl(&cfg),
        kyc_flow::Progress::decl(&cfg),
        kyc_flow::ScreenState::decl(&cfg),
        kyc_flow::Screen::decl(&cfg),
        kyc_flow::Step::decl(&cfg),
        kyc_flow::Form::decl(&cfg),
        kyc_flow::PersonalDetails::decl(&cfg),
        kyc_flow::AddressDetails::decl(&cfg),
        kyc_flow::IdDocumentKind::decl(&cfg),
        kyc_flow::ProofKind::decl(&cfg),
        kyc_flow::FieldError::decl(&cfg),
        kyc_flow::Rule::decl(&cfg),
        kyc_flow::CountryName::decl(&cfg),
        kyc_flow::Consent::decl(&cfg),
        kyc_app::Notice::decl(&cfg),
        kyc_app::ImageCode::decl(&cfg),
        kyc_app::CameraCode::decl(&cfg),
        kyc_app::ApiCode::decl(&cfg),
        kyc_app::UpdateCode::decl(&cfg),
        kyc_app::UpdateOffer::decl(&cfg),
        kyc_vision::Problem::decl(&cfg),
        kyc_vision::Finding::decl(&cfg),
        kyc_vision::Guidance::decl(&cfg),
        kyc_vision::Rect::decl(&cfg),
        kyc_vision::Live::decl(&cfg),
        kyc_app::AppError::decl(&cfg),
        kyc_flow::DocumentFields::decl(&cfg),
        kyc_flow::ReadField::decl(&cfg),
        kyc_flow::Mismatch::decl(&cfg),
        kyc_flow::ZoneChecks::decl(&cfg),
        kyc_flow::ZoneProblem::decl(&cfg),
        kyc_flow::DocumentReading::decl(&cfg),
        kyc_app::DocumentCheck::decl(&cfg),
        crate::commands::AppInfo::decl(&cfg),
        crate::commands::camera::CameraStarted::decl(&cfg),
    ];
    let mut text = String::from(
        "// Generated from the Rust types by src-tauri/src/tests.rs (typescript_bindings_are_current). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p kyc-flow-app bindings` after changing them.\n",
    );
    for declaration in declarations.iter() {
        text.push_str("\nexport ");
        text.push_str(declaration);
        text.push('\n');
    }
    // The lists the UI shows or walks, in Rust's order, so the UI never repeats an enum by hand.
    let lists = [
        ("ID_DOCUMENT_KINDS", "IdDocumentKind", serde_json::to_string(&kyc_flow::IdDocumentKind::ALL)),
        ("PROOF_KINDS", "ProofKind", serde_json::to_string(&kyc_flow::ProofKind::ALL)),
        ("SENDING_SCREENS", "Screen", serde_json::to_string(&kyc_flow::Screen::SENDING)),
        ("STEPS", "Step", serde_json::to_string(&kyc_flow::Step::ALL)),
        ("GUIDANCE", "Guidance", serde_json::to_string(&kyc_vision::Guidance::ALL)),
    ];
    for (name, item, values) in lists {
        text.push_str(&format!("\nexport const {name}: readonly {item}[] = {};\n", values.unwrap()));
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "ui/src/lib/ipc/bindings.ts differs from the Rust types: run `UPDATE_BINDINGS=1 cargo test -p kyc-flow-app bindings`"
    );
}

#[test]
fn the_ui_language_becomes_the_accept_language_of_every_call() {
    let dir = DataDir::new();
    let (app, window) = app(dir.path());
    invoke(&window, "set_language", json(serde_json::json!({"language": "th"})), &[]).unwrap();
    let api = ready::<crate::state::Api>(&app);
    assert_eq!(api.client().config().language, "th");
    let bad =
        invoke(&window, "set_language", json(serde_json::json!({"language": "th\r\nX-Evil: 1"})), &[]).unwrap_err();
    assert_eq!(bad["kind"], "internal");
    assert_eq!(api.client().config().language, "th", "a bad tag changes nothing");
}

pub(crate) fn personal_form(holder_name: &str) -> serde_json::Value {
    serde_json::json!({"screen": "personal_details", "details": {
        "kind": "Passport", "number": "AB1234567", "issue_date": "2020-01-15", "expiry_date": "2030-01-14",
        "issuing_country": "Thailand", "holder_name": holder_name, "issuing_authority": "Ministry of Foreign Affairs"}})
}

/// A demo photo (examples/submit) scaled to `width`×`height`.
fn demo_at(name: &str, width: u32, height: u32) -> image::RgbImage {
    let path = format!("{}/../examples/submit/{name}", env!("CARGO_MANIFEST_DIR"));
    let image = image::open(&path).unwrap_or_else(|e| panic!("{path}: {e}")).to_rgb8();
    image::imageops::resize(&image, width, height, image::imageops::FilterType::Triangle)
}

/// The demo ID card as an 800×505 PNG: a document photo the quality gate passes.
pub(crate) fn small_png() -> Vec<u8> {
    let picture = demo_at("id-front.png", 800, 505);
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

#[test]
fn what_was_typed_and_chosen_survives_a_restart_encrypted_until_discarded() {
    let dir = DataDir::new();
    let draft_file = dir.path().join("draft").join("draft.bin");
    {
        let (_app, window) = app(dir.path());
        invoke(&window, "save_form", json(serde_json::json!({"form": personal_form("Typed Holder")})), &[]).unwrap();
        invoke(&window, "prepare_photo", InvokeBody::Raw(small_png()), &[("kyc-screen", "personal_details")]).unwrap();
    }
    let on_disk = std::fs::read(&draft_file).expect("the draft is on disk");
    assert!(!on_disk.windows(12).any(|w| w == b"Typed Holder"), "and not in plain text");

    let (_app, window) = app(dir.path());
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["personal"]["holder_name"], "Typed Holder");
    assert_eq!(overview["personal"]["number"], "AB1234567");
    let info = answer(invoke(&window, "app_info", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(info["photos"], serde_json::json!(["personal_details"]), "the page asks for this photo only");
    let held = invoke(&window, "held_photo", json(serde_json::json!({"screen": "personal_details"})), &[]).unwrap();
    let tauri::ipc::InvokeResponseBody::Raw(jpeg) = held else { panic!("the held photo comes back as bytes") };
    assert_eq!(image::load_from_memory(&jpeg).unwrap().width(), 800, "the photo chosen before the restart");

    invoke(&window, "discard_draft", json(serde_json::json!({})), &[]).unwrap();
    assert!(!draft_file.exists(), "discarding deletes the file");
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["personal"], serde_json::Value::Null);
    let gone = invoke(&window, "held_photo", json(serde_json::json!({"screen": "personal_details"})), &[]);
    assert_eq!(gone.unwrap_err()["kind"], "no_photo");
    let info = answer(invoke(&window, "app_info", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(info["photos"], serde_json::json!([]));
}

#[test]
fn a_changed_draft_is_refused_whole_and_the_person_is_told() {
    let dir = DataDir::new();
    let draft_file = dir.path().join("draft").join("draft.bin");
    {
        let (_app, window) = app(dir.path());
        invoke(&window, "save_form", json(serde_json::json!({"form": personal_form("Typed Holder")})), &[]).unwrap();
    }
    let mut bytes = std::fs::read(&draft_file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    std::fs::write(&draft_file, bytes).unwrap();

    let (_app, window) = app(dir.path());
    let info = answer(invoke(&window, "app_info", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(info["notices"], serde_json::json!(["draft_discarded"]));
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["personal"], serde_json::Value::Null, "nothing half-read");
}

#[test]
fn a_token_given_once_is_kept_in_the_keychain_for_its_api() {
    let dir = DataDir::new();
    let url = format!("https://kyc.example/{}/", dir.path().file_name().unwrap().to_string_lossy());
    let keychain = kyc_vault::Keychain::open(crate::state::KEYCHAIN_SERVICE);
    assert!(keychain.unavailable().is_none(), "run with scripts/with-keyring.sh");
    let api = |token: Option<&str>| crate::settings::ApiSettings {
        url: url.clone(),
        token: token.map(kyc_api_client::Token::new),
        pin_certificate: None,
    };
    let missing = super::api_token(&api(None), &keychain).unwrap_err();
    assert!(missing.contains("pass it once with --token"), "{missing}");
    assert_eq!(super::api_token(&api(Some("kyc_live_given")), &keychain).unwrap().expose(), "kyc_live_given");
    assert_eq!(super::api_token(&api(None), &keychain).unwrap().expose(), "kyc_live_given", "found in the keychain");
    keychain.delete(&format!("token {url}")).unwrap();

    // Without a keychain: used for this run, written nowhere.
    let none = kyc_vault::Keychain::choose(crate::state::KEYCHAIN_SERVICE, Err("no Secret Service".into()));
    assert_eq!(super::api_token(&api(Some("t")), &none).unwrap().expose(), "t");
    assert!(super::api_token(&api(None), &none).is_err());
    assert_eq!(keychain.get(&format!("token {url}")).unwrap(), None);
}

#[test]
fn without_a_keychain_the_start_screen_says_so_and_no_draft_is_written() {
    let dir = DataDir::new();
    let none = kyc_vault::Keychain::choose(crate::state::KEYCHAIN_SERVICE, Err("no Secret Service".into()));
    let vault = crate::state::Vault::open(dir.path(), &none);
    assert_eq!(vault.notices, [crate::state::Notice::KeychainUnavailable]);
    vault
        .update(|draft| {
            draft.put_form(kyc_flow::Form::PersonalDetails(kyc_flow::PersonalDetails {
                holder_name: "Typed Holder".into(),
                ..Default::default()
            }))
        })
        .unwrap();
    assert_eq!(vault.read(|d| d.personal.clone()).unwrap().holder_name, "Typed Holder", "kept for this run");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing on disk");
}

#[test]
fn only_the_apps_own_pages_may_load() {
    let own = |url: &str, debug: bool, mobile: bool| super::is_own_page(&url.parse().unwrap(), debug, mobile);
    for builds in [(false, false), (true, false), (false, true), (true, true)] {
        for page in ["tauri://localhost/", "tauri://localhost/index.html#/selfie", "http://tauri.localhost/"] {
            assert!(own(page, builds.0, builds.1), "{page} {builds:?}");
        }
        for other in [
            "https://evil.example/",
            "http://localhost:8080/",
            "file:///etc/passwd",
            "data:text/html,<script>1</script>",
            "javascript:alert(1)",
            "tauri://evil.example/",
            "https://tauri.localhost.evil.example/",
            "https://192.168.1.20:5173/",
        ] {
            assert!(!own(other, builds.0, builds.1), "{other} {builds:?}");
        }
    }
    // The Vite dev server, in debug builds only: on this machine for a desktop, at the
    // development machine's address for a phone.
    assert!(own("http://localhost:5173/", true, false));
    assert!(!own("http://192.168.1.20:5173/", true, false), "a desktop's dev server is local");
    assert!(own("http://192.168.1.20:5173/", true, true));
    assert!(
        !own("http://localhost:5173/", false, false) && !own("http://192.168.1.20:5173/", false, true),
        "never in release"
    );
}

/// The shell's security settings as Tauri resolved them: any loosening fails here.
#[test]
fn the_resolved_configuration_is_locked_down() {
    let dir = DataDir::new();
    let (app, _window) = app(dir.path());
    let config = serde_json::to_value(app.config()).unwrap();

    let version: Vec<u64> = tauri::VERSION.split(['.', '-']).take(3).map(|p| p.parse().unwrap()).collect();
    assert!(version >= vec![2, 11, 1], "Tauri {} is older than 2.11.1", tauri::VERSION);

    let security = &config["app"]["security"];
    let csp = security["csp"].as_str().expect("an explicit CSP");
    let directives: std::collections::HashMap<&str, Vec<&str>> = csp
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            Some((words.next()?, words.collect()))
        })
        .collect();
    assert_eq!(directives["default-src"], ["'self'"], "{csp}");
    assert!(!csp.contains("unsafe-") && !csp.contains('*'), "no unsafe-inline/eval, no wildcard: {csp}");
    let script = directives.get("script-src").unwrap_or(&directives["default-src"]);
    assert!(script.iter().all(|s| *s == "'self'"), "scripts only from the app: {csp}");
    let connect = &directives["connect-src"];
    assert!(connect.iter().all(|s| ["ipc:", "http://ipc.localhost"].contains(s)), "IPC only: {csp}");
    for directive in ["style-src", "img-src", "font-src", "media-src", "object-src", "frame-src"] {
        for source in directives.get(directive).into_iter().flatten() {
            assert!(["'self'", "blob:"].contains(source), "{directive} {source}: {csp}");
        }
    }
    assert_eq!(security["devCsp"], serde_json::Value::Null, "no looser CSP for development");
    assert_eq!(security["dangerousDisableAssetCspModification"], false);
    assert_eq!(security["assetProtocol"]["enable"], false, "no file access through the asset protocol");
    assert_eq!(security["capabilities"], serde_json::json!(["default", "mobile"]));
    assert_eq!(config["app"]["withGlobalTauri"], false, "no window.__TAURI__ for injected scripts");

    let windows = config["app"]["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0]["label"], "main");
    assert_eq!(windows[0]["url"], "index.html", "the bundled page, never a remote URL");
    assert_eq!(windows[0]["devtools"], false, "no devtools");
    let manifest = include_str!("../Cargo.toml");
    assert!(!manifest.contains("devtools"), "the devtools feature stays off in release builds");

    // Two capabilities: our own commands for the main window, nothing remote; the phone's camera
    // still only on phones.
    let mobile: serde_json::Value = serde_json::from_str(include_str!("../capabilities/mobile.json")).unwrap();
    assert_eq!(mobile["windows"], serde_json::json!(["main"]));
    assert_eq!(mobile["platforms"], serde_json::json!(["android", "iOS"]));
    assert_eq!(mobile["permissions"], serde_json::json!(["allow-webview-still", "allow-webview-frame"]));
    assert_eq!(mobile.get("remote"), None);
    let capability: serde_json::Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert_eq!(capability.get("remote"), None);
    let build = include_str!("../build.rs");
    let commands = &build[build.find("&[").unwrap()..build.find("];").unwrap()];
    let mut expected: Vec<String> = commands
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|c| !c.starts_with("webview_"))
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let mut granted: Vec<String> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
    expected.sort();
    granted.sort();
    assert_eq!(granted, expected, "exactly our commands (less the phones' one): no core or plugin permission");
}

/// A draft that cannot be written does not stop a screen from being sent, and the person's
/// entries stay in memory.
#[test]
fn a_draft_that_cannot_be_saved_does_not_stop_the_send() {
    let dir = DataDir::new();
    let (app, window) = app(dir.path());
    invoke(&window, "prepare_photo", InvokeBody::Raw(small_png()), &[("kyc-screen", "personal_details")]).unwrap();
    // A folder where the draft file goes: every write (and delete) of it fails, even for root.
    let draft_file = dir.path().join("draft").join("draft.bin");
    std::fs::remove_file(&draft_file).unwrap();
    std::fs::create_dir(&draft_file).unwrap();
    let saved = invoke(&window, "save_form", json(serde_json::json!({"form": personal_form("Typed Holder")})), &[]);
    let refused = saved.unwrap_err();
    assert_eq!(refused["kind"], "storage", "saving alone says so: {refused}");
    assert!(refused["message"].as_str().unwrap().contains("could not be saved"), "{refused}");

    let request = serde_json::json!({"form": personal_form("Typed Holder"), "steps": "__CHANNEL__:1"});
    let overview = answer(invoke(&window, "send", json(request), &[]).expect("sent although the draft is unwritable"));
    assert_eq!(overview["progress"]["personal_details"]["state"], "pending");
    assert_eq!(overview["personal"]["holder_name"], "Typed Holder");
    let vault = ready::<crate::state::Vault>(&app);
    assert!(vault.read(|d| d.personal.is_none() && d.photos.is_empty()), "in memory, the sent screen is forgotten");
}

#[test]
fn a_test_leaves_no_draft_key_in_the_keychain() {
    let keychain = kyc_vault::Keychain::open(crate::state::KEYCHAIN_SERVICE);
    assert!(keychain.unavailable().is_none(), "run with scripts/with-keyring.sh");
    let dir = DataDir::new();
    let name = crate::state::draft_key_name(dir.path());
    drop(app(dir.path())); // which waits for the draft to be opened
    assert!(keychain.get(&name).unwrap().is_some(), "the app made its draft key");
    drop(dir);
    assert_eq!(keychain.get(&name).unwrap(), None, "and the test removed it");
}

/// The UI's `tauri.ts` calls exactly the commands the shell declares, each with exactly the
/// arguments its Rust function takes (camelCase on the page, as Tauri maps them).
#[test]
fn the_ui_calls_our_commands_with_their_arguments() {
    use std::collections::BTreeMap;
    // Rust: every `#[tauri::command]` function and its parameters, less the ones Tauri fills in.
    let sources =
        [include_str!("commands/mod.rs"), include_str!("commands/camera.rs"), include_str!("commands/mobile.rs")];
    let mut declared = BTreeMap::new();
    for source in sources {
        for command in source.split("#[tauri::command]").skip(1) {
            let signature = &command[command.find("fn ").unwrap() + 3..];
            let (name, rest) = signature.split_once('(').unwrap();
            let (mut depth, mut end) = (0, 0);
            for (i, c) in rest.char_indices() {
                match c {
                    '<' | '(' => depth += 1,
                    '>' if depth > 0 => depth -= 1,
                    ')' if depth == 0 => {
                        end = i;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            let mut params = Vec::new();
            let (mut depth, mut start) = (0, 0);
            let list = &rest[..end];
            for (i, c) in list.char_indices().chain([(list.len(), ',')]) {
                match c {
                    '<' => depth += 1,
                    '>' => depth -= 1,
                    ',' if depth == 0 => {
                        let param = list[start..i].trim();
                        if let Some((ident, ty)) = param.split_once(':') {
                            let ty = ty.trim();
                            let filled_in = ["State<", "Request<", "tauri::AppHandle<"];
                            if !filled_in.iter().any(|t| ty.starts_with(t)) {
                                params.push(camel(ident.trim()));
                            }
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            params.sort();
            // A generic command (`update_check<R: Runtime>`) is called by its bare name.
            declared.insert(name.split('<').next().unwrap_or(name).trim().to_owned(), params);
        }
    }
    // The page: every `invoke<…>('name', { a, b: … })`.
    let ui = include_str!("../../ui/src/lib/ipc/tauri.ts");
    let mut called = BTreeMap::new();
    for call in ui.split("invoke<").skip(1) {
        let name = call.split('\'').nth(1).unwrap().to_owned();
        let after = &call[call.find(&format!("'{name}'")).unwrap() + name.len() + 2..];
        let mut args: Vec<String> = match after.trim_start().strip_prefix(", {") {
            Some(object) => object[..object.find('}').unwrap()]
                .split(',')
                .map(|field| field.split(':').next().unwrap().trim().to_owned())
                .filter(|field| !field.is_empty())
                .collect(),
            None => Vec::new(),
        };
        args.sort();
        called.insert(name, args);
    }
    assert_eq!(called, declared, "tauri.ts and the Rust commands disagree");
    let build = include_str!("../build.rs");
    let permitted: std::collections::BTreeSet<&str> =
        build[build.find("&[").unwrap()..build.find("];").unwrap()].split('"').skip(1).step_by(2).collect();
    assert_eq!(declared.keys().map(String::as_str).collect::<std::collections::BTreeSet<_>>(), permitted);
}

fn camel(snake: &str) -> String {
    let mut parts = snake.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |mut out, part| {
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
        out
    })
}

/// The Android project (`tauri android init`, committed) asks for the camera without requiring
/// one, has no TV entries, keeps the screen out of screenshots and the task switcher, and holds no
/// path of the machine that generated it.
#[test]
fn the_android_project_asks_for_the_camera_and_hides_the_screen() {
    let android = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("gen/android");
    let manifest = std::fs::read_to_string(android.join("app/src/main/AndroidManifest.xml")).expect("the manifest");
    assert!(manifest.contains(r#"<uses-permission android:name="android.permission.CAMERA" />"#));
    assert!(manifest.contains(r#"<uses-feature android:name="android.hardware.camera" android:required="false" />"#));
    assert!(!manifest.to_lowercase().contains("leanback"), "no Android TV entries");
    let activity = std::fs::read_to_string(android.join("app/src/main/java/org/kycflow/app/MainActivity.kt")).unwrap();
    assert!(activity.contains("WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE"));
    fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .flat_map(|e| if e.path().is_dir() { files(&e.path()) } else { vec![e.path()] })
            .collect()
    }
    for file in files(&android) {
        let bytes = std::fs::read(&file).unwrap();
        for machine in [&b"/tmp/"[..], b"/root/", b"/home/", b"/work/", b"/Users/"] {
            assert!(!bytes.windows(machine.len()).any(|w| w == machine), "{} names a machine path", file.display());
        }
    }
}

/// iOS says why it asks for the camera in each of the app's languages, in the consent screen's
/// own words: `Info.ios.plist` (merged into the app's Info.plist by `tauri ios`) in English and
/// its localisations list, and `ios/<language>.lproj/InfoPlist.strings` for each language.
#[test]
fn the_ios_camera_purpose_is_said_in_every_language() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let words = |code: &str| -> String {
        let path = here.join(format!("../ui/src/lib/i18n/locales/{code}.json"));
        let catalogue: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        catalogue["consent"]["what"].as_str().unwrap().to_owned()
    };
    let plist = std::fs::read_to_string(here.join("Info.ios.plist")).expect("Info.ios.plist");
    let purpose = format!("<key>NSCameraUsageDescription</key>\n\t<string>{}</string>", words("en"));
    assert!(plist.contains(&purpose), "{plist}");
    for code in ["en", "th", "ja", "zh", "es", "fr", "de", "id", "vi", "ar"] {
        let apple = if code == "zh" { "zh-Hans" } else { code };
        assert!(plist.contains(&format!("<string>{apple}</string>")), "{apple} is listed");
        let strings = std::fs::read_to_string(here.join(format!("ios/{apple}.lproj/InfoPlist.strings")))
            .unwrap_or_else(|_| panic!("ios/{apple}.lproj/InfoPlist.strings"));
        let line = format!("\"NSCameraUsageDescription\" = \"{}\";", words(code).replace('"', "\\\""));
        assert!(strings.contains(&line), "{apple}: {strings}");
    }
}

#[test]
fn the_page_may_not_use_the_camera_on_a_desktop_even_after_consent() {
    use tauri::webview::{PermissionKind, PermissionResponse};
    let dir = DataDir::new();
    let (_app, window) = app(dir.path());
    let webview = window.as_ref().clone();
    let facts = |consented| crate::permissions::Facts { own_page: true, consented };
    assert_eq!(crate::permissions::facts(&webview), facts(false));
    assert_eq!(crate::permissions::on_request(webview.clone(), PermissionKind::Camera), PermissionResponse::Deny);
    invoke(&window, "record_consent", json(serde_json::json!({})), &[]).unwrap();
    assert_eq!(crate::permissions::facts(&webview), facts(true));
    // A desktop's selfie comes from the camera in Rust; its page gets no camera at all.
    assert_eq!(crate::permissions::on_request(webview.clone(), PermissionKind::Camera), PermissionResponse::Deny);
    assert_eq!(crate::permissions::on_request(webview, PermissionKind::Microphone), PermissionResponse::Deny);
}

/// Screen 1's passport photo is read on the device: its zone fills the fields left empty, a typed
/// number that disagrees is pointed out, and after an edit the comparison follows.
#[test]
fn the_passport_photo_fills_the_empty_fields_and_points_out_a_typed_number_that_differs() {
    let dir = DataDir::new();
    let (_app, window) = app(dir.path());
    let passport = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/submit/passport.jpg")).unwrap();
    let details = |number: &str, authority: &str| {
        serde_json::json!({"kind": null, "number": number, "issue_date": "", "expiry_date": "", "issuing_country": "",
            "holder_name": "", "issuing_authority": authority})
    };
    let none =
        invoke(&window, "read_document", json(serde_json::json!({"details": details("", "")})), &[]).unwrap_err();
    assert_eq!(none["kind"], "no_photo", "nothing to read before a photo is chosen");
    invoke(&window, "prepare_photo", InvokeBody::Raw(passport), &[("kyc-screen", "personal_details")]).unwrap();
    let typed = details("SX7654321", "Sandbox Passport Office");
    let read = answer(invoke(&window, "read_document", json(serde_json::json!({"details": typed})), &[]).unwrap());
    assert_eq!(read["reading"]["fields"]["number"], "SX1234567");
    assert_eq!(read["filled"]["number"], "SX7654321", "what was typed stays");
    assert_eq!(read["filled"]["expiry_date"], "2031-06-17");
    assert_eq!(read["filled"]["holder_name"], "Alex Sample");
    assert_eq!(read["filled"]["issuing_country"], "Thailand");
    assert_eq!(read["prefilled"], serde_json::json!(["kind", "expiry_date", "issuing_country", "holder_name"]));
    assert_eq!(read["mismatches"], serde_json::json!([{"field": "number", "read": "SX1234567"}]));
    let fields = read["reading"]["fields"].clone();
    let fixed = serde_json::json!({"details": details("SX1234567", ""), "fields": fields});
    let after = answer(invoke(&window, "compare_document", json(fixed), &[]).unwrap());
    assert_eq!(after, serde_json::json!([]));
}
