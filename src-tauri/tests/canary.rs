//! The canary: the whole flow, three screens, with marker values in every field, a
//! marker in the photos' metadata and the real token — then a search of the log, the
//! app's data directory and the temp directory. No marker may be found anywhere
//! unencrypted. The server (a real sandbox over HTTP) keeps its data elsewhere: it is
//! the server's to keep.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use kyc_flow_app::settings::{ApiSettings, Settings};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;

type Window = tauri::WebviewWindow<MockRuntime>;

fn invoke(window: &Window, cmd: &str, body: InvokeBody, screen: Option<&str>) -> InvokeResponseBody {
    let mut headers = tauri::http::HeaderMap::new();
    if let Some(screen) = screen {
        headers.insert("kyc-screen", screen.parse().unwrap());
    }
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body,
        headers,
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

fn call(window: &Window, cmd: &str, args: serde_json::Value) -> InvokeResponseBody {
    invoke(window, cmd, InvokeBody::Json(args), None)
}

fn bytes(response: InvokeResponseBody) -> Vec<u8> {
    match response {
        InvokeResponseBody::Raw(bytes) => bytes,
        InvokeResponseBody::Json(_) => panic!("expected bytes"),
    }
}

/// A PNG whose metadata carries a marker (the pipeline must strip it).
fn photo_with_marker(marker: &str, shade: u8) -> Vec<u8> {
    // The demo ID card (a photo the quality gate passes), its blue channel set to `shade`.
    let card = image::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/submit/id-front.png")).unwrap().to_rgb8();
    let mut picture = image::imageops::resize(&card, 900, 568, image::imageops::FilterType::Triangle);
    picture.pixels_mut().for_each(|p| p[2] = p[2] / 2 + shade / 2);
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let mut png = png.into_inner();
    // A tEXt chunk just before IEND.
    let text = [b"Comment\0".as_slice(), marker.as_bytes()].concat();
    let mut chunk = (text.len() as u32).to_be_bytes().to_vec();
    let typed = [b"tEXt".as_slice(), &text].concat();
    chunk.extend_from_slice(&typed);
    chunk.extend_from_slice(&crc32(&typed).to_be_bytes());
    let iend = png.len() - 12;
    png.splice(iend..iend, chunk);
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Pieces of a sent photo that would show it was written out: raw bytes from its middle, and base64 of them.
fn photo_markers(jpeg: &[u8]) -> Vec<Vec<u8>> {
    let middle = jpeg.len() / 2;
    let encoded = base64::engine::general_purpose::STANDARD.encode(jpeg);
    let b64_middle = encoded.len() / 2;
    vec![jpeg[middle..middle + 48].to_vec(), encoded.as_bytes()[b64_middle..b64_middle + 64].to_vec()]
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn no_marker_is_found_unencrypted_after_the_whole_flow() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("canary-{}", std::process::id()));
    let (temp, data, server_dir) = (root.join("tmp"), root.join("data"), root.join("server"));
    for dir in [&temp, &data, &server_dir] {
        std::fs::create_dir_all(dir).unwrap();
    }
    // Everything this process puts in "the temp directory" lands here, to be searched.
    // Set before the app or any runtime starts a thread.
    std::env::set_var("TMPDIR", &temp);
    assert_eq!(std::env::temp_dir(), temp);
    let log = kyc_log::to_file(&data.join("logs"), "trace").unwrap();

    // The server: a real sandbox over HTTP on loopback, its data outside the searched folders.
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(&server_dir)).unwrap();
    let user = sandbox.store().demo_user().unwrap();
    let listener = tauri::async_runtime::block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tauri::async_runtime::spawn(kyc_sandbox::serve(listener, sandbox.clone(), std::future::pending()));

    let api_url = url.clone();
    let settings = Settings {
        api: Some(ApiSettings {
            url,
            token: Some(kyc_api_client::Token::new(user.token.clone())),
            pin_certificate: None,
        }),
        data_dir: Some(data.clone()),
        camera: Ok(kyc_camera::Choice::Synthetic),
        ..Settings::default()
    };
    let app = kyc_flow_app::build_app(mock_builder(), settings).unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();

    let today = time::OffsetDateTime::now_utc().date();
    let personal = serde_json::json!({"screen": "personal_details", "details": {
        "kind": "Passport", "number": "CNRYNUM7F3A", "issue_date": "2020-01-15", "expiry_date": "2030-01-14",
        "issuing_country": "Thailand", "holder_name": "Canaryholder Sevenfa", "issuing_authority": "Canaryauthority Office"}});
    let address = serde_json::json!({"screen": "address", "details": {
        "line_1": "77 Canarystreet Road", "line_2": "Canaryline Two", "building": "Canarybuilding", "city": "Canarytown",
        "state": "Canarystate", "postcode": "77123", "country_code": "TH", "proof_kind": "Electricity bill",
        "proof_date": today.to_string(), "proof_reference": "CNRYREF99", "proof_issuer": "Canaryissuer Power"}});
    let mut markers: Vec<Vec<u8>> = [
        "CNRYNUM7F3A",
        "Canaryholder",
        "Canaryauthority",
        "Canarystreet",
        "Canaryline",
        "Canarybuilding",
        "Canarytown",
        "Canarystate",
        "CNRYREF99",
        "Canaryissuer",
        "CNRYIMAGE",
        &user.token,
    ]
    .iter()
    .map(|m| m.as_bytes().to_vec())
    .collect();

    // Screen 1: typed (saved to the draft as the person types), a photo, sent.
    call(&window, "save_form", serde_json::json!({"form": personal}));
    let front = bytes(invoke(
        &window,
        "prepare_photo",
        InvokeBody::Raw(photo_with_marker("CNRYIMAGE-front", 40)),
        Some("personal_details"),
    ));
    assert!(data.join("draft").join("draft.bin").exists(), "the draft was written (encrypted) before sending");
    markers.extend(photo_markers(&front));
    call(&window, "send", serde_json::json!({"form": personal, "steps": "__CHANNEL__:1"}));

    // Screen 2: consent, the synthetic camera, the still sent.
    call(&window, "record_consent", serde_json::json!({}));
    call(&window, "camera_start", serde_json::json!({"frames": "__CHANNEL__:2"}));
    let selfie = bytes(call(&window, "camera_capture", serde_json::json!({})));
    markers.extend(photo_markers(&selfie));
    call(&window, "send", serde_json::json!({"form": {"screen": "selfie"}, "steps": "__CHANNEL__:1"}));

    // Screen 3.
    call(&window, "save_form", serde_json::json!({"form": address}));
    let proof = bytes(invoke(
        &window,
        "prepare_photo",
        InvokeBody::Raw(photo_with_marker("CNRYIMAGE-proof", 200)),
        Some("address"),
    ));
    markers.extend(photo_markers(&proof));
    let done: serde_json::Value =
        call(&window, "send", serde_json::json!({"form": address, "steps": "__CHANNEL__:1"})).deserialize().unwrap();
    assert_eq!(done["progress"]["next"], "status", "the flow is complete");
    assert!(!data.join("draft").join("draft.bin").exists(), "the draft is deleted on completion");

    // The server did receive every value: the markers are real data, not absent.
    let held = serde_json::to_string(&sandbox.store().profile(&user.access_id).unwrap()).unwrap();
    assert!(held.contains("Canaryholder") && held.contains("Canarytown"), "the server holds what was sent");

    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("sending a screen"), "the app logged the flow (at trace level): {logged}");
    let mut files = Vec::new();
    for dir in [&data, &temp] {
        files_under(dir, &mut files);
    }
    assert!(files.contains(&log));
    for file in &files {
        let content = std::fs::read(file).unwrap();
        for marker in &markers {
            assert!(
                !content.windows(marker.len()).any(|w| w == marker.as_slice()),
                "{} holds a marker ({} bytes starting {:?})",
                file.display(),
                marker.len(),
                String::from_utf8_lossy(&marker[..marker.len().min(12)])
            );
        }
    }
    drop(window);
    drop(app);
    // Nothing of this test stays in the keychain (it may be the developer's own).
    let keychain = kyc_vault::Keychain::open(kyc_flow_app::KEYCHAIN_SERVICE);
    for name in [kyc_flow_app::draft_key_name(&data), format!("token {api_url}")] {
        keychain.delete(&name).unwrap();
    }
    let _ = std::fs::remove_dir_all(&root);
}
