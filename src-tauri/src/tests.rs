use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

use crate::settings::Settings;

fn app(
    dir: &std::path::Path,
) -> (tauri::App<tauri::test::MockRuntime>, tauri::WebviewWindow<tauri::test::MockRuntime>) {
    let settings = Settings { sandbox_dir: Some(dir.to_owned()), ..Settings::default() };
    let app = super::build_app(mock_builder(), settings).expect("the app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

fn invoke(
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

fn json(value: serde_json::Value) -> InvokeBody {
    InvokeBody::Json(value)
}

fn answer(response: tauri::ipc::InvokeResponseBody) -> serde_json::Value {
    response.deserialize().unwrap()
}

#[test]
fn boots_on_the_mock_runtime_with_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app(dir.path());
    let api = tauri::Manager::state::<crate::state::Api>(&app);
    assert!(api.sandbox, "with no API configured the app runs on its own sandbox");
    let info = answer(invoke(&window, "app_info", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(info["sandbox"], true);
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["progress"]["next"], "personal_details");
    assert_eq!(overview["personal"], serde_json::Value::Null);
}

#[test]
fn a_form_with_mistakes_comes_back_with_every_field_to_fix_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let error =
        invoke(&window, "send", json(serde_json::json!({"form": {"screen": "selfie"}, "steps": "__CHANNEL__:1"})), &[])
            .unwrap_err();
    assert_eq!(error, serde_json::json!({"kind": "no_photo", "screen": "selfie"}));
}

#[test]
fn a_photo_is_prepared_kept_and_sent_and_a_pdf_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let pdf = invoke(&window, "prepare_photo", InvokeBody::Raw(b"%PDF-1.7\n".to_vec()), &[("kyc-screen", "address")])
        .unwrap_err();
    assert_eq!(pdf["kind"], "image");
    assert!(pdf["message"].as_str().unwrap().contains("PDF"), "{pdf}");

    let picture = image::RgbImage::from_fn(2400, 1600, |x, y| image::Rgb([(x / 10) as u8, (y / 10) as u8, 128]));
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
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        sandbox_dir: Some(dir.path().to_owned()),
        camera: kyc_camera::Choice::parse("webcam"),
        ..Settings::default()
    };
    let app = super::build_app(mock_builder(), settings).unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let error = invoke(&window, "camera_start", json(serde_json::json!({"frames": "__CHANNEL__:2"})), &[]).unwrap_err();
    assert_eq!(error["kind"], "camera");
    assert_eq!(error["code"], "configuration");
}

#[test]
fn the_synthetic_camera_gives_a_still_that_becomes_the_selfie() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        sandbox_dir: Some(dir.path().to_owned()),
        camera: Ok(kyc_camera::Choice::Synthetic),
        ..Settings::default()
    };
    let app = super::build_app(mock_builder(), settings).unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
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
        crate::AppError::decl(&cfg),
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
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app(dir.path());
    invoke(&window, "set_language", json(serde_json::json!({"language": "th"})), &[]).unwrap();
    let api = tauri::Manager::state::<crate::state::Api>(&app);
    assert_eq!(api.client().config().language, "th");
    let bad =
        invoke(&window, "set_language", json(serde_json::json!({"language": "th\r\nX-Evil: 1"})), &[]).unwrap_err();
    assert_eq!(bad["kind"], "internal");
    assert_eq!(api.client().config().language, "th", "a bad tag changes nothing");
}
