//! The fault matrix, end to end through the app: its commands, its client and its
//! draft, against the real sandbox behind a server that misbehaves on purpose
//! (`kyc-faults`). Each case ends with exactly one copy of the document on the
//! server and every typed value intact — in the draft while unsent, on the server once sent.

use std::time::Duration;

use kyc_faults::{Action, Answer, Scripted, Seen};
use tauri::ipc::InvokeBody;

use crate::settings::{ApiSettings, Settings};
use crate::state::Vault;
use crate::tests::{answer, app_with, invoke, json, personal_form, small_png, MockApp};

const HOLDER: &str = "Ada Faultline";
const UPLOAD: &str = "/upload-KYC-document";
const GET_PROFILE: &str = "/get_app_user_profile_v2";

/// The server side (a sandbox in its own folder) and the app's data folder.
struct Rig {
    sandbox: kyc_sandbox::Sandbox,
    user: kyc_sandbox::Credentials,
    _server_dir: tempfile::TempDir,
    data_dir: crate::tests::DataDir,
}

impl Rig {
    fn new() -> Rig {
        let server_dir = tempfile::tempdir().unwrap();
        let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(server_dir.path())).unwrap();
        let user = sandbox.store().demo_user().unwrap();
        Rig { sandbox, user, _server_dir: server_dir, data_dir: crate::tests::DataDir::new() }
    }

    /// The app, on this rig's data folder, calling `url`; each attempt may take `timeout`.
    fn app(&self, url: &str, timeout: Duration) -> MockApp {
        self.data_dir.used_with(url);
        app_with(Settings {
            api: Some(ApiSettings {
                url: url.to_owned(),
                token: Some(kyc_api_client::Token::new(self.user.token.clone())),
                pin_certificate: None,
            }),
            data_dir: Some(self.data_dir.path().to_owned()),
            timeout: Some(timeout),
            ..Settings::default()
        })
    }

    fn pass(&self) -> Action {
        Action::pass(&self.sandbox)
    }

    /// Exactly one document row and one stored file, holding what was typed.
    fn assert_one_copy_as_typed(&self) {
        let store = self.sandbox.store();
        assert_eq!(store.stored_counts(&self.user.access_id).unwrap(), (1, 1), "one document, one file");
        let profile = store.profile(&self.user.access_id).unwrap();
        let document = profile.document(&kyc_core::DocumentType::IdProofFront).expect("the ID document is held");
        assert_eq!(document.identification_doc_holder_name.as_deref(), Some(HOLDER));
        assert_eq!(document.identification_value.as_deref(), Some("AB1234567"));
    }
}

fn start(script: impl Fn(usize, &Seen) -> Action + Send + Sync + 'static) -> Scripted {
    tauri::async_runtime::block_on(Scripted::start_with(script))
}

/// The person fills screen 1 and chooses its photo.
fn fill(window: &tauri::WebviewWindow<tauri::test::MockRuntime>) {
    invoke(window, "save_form", json(serde_json::json!({"form": personal_form(HOLDER)})), &[]).unwrap();
    invoke(window, "prepare_photo", InvokeBody::Raw(small_png()), &[("kyc-screen", "personal_details")]).unwrap();
}

fn send(window: &tauri::WebviewWindow<tauri::test::MockRuntime>) -> Result<serde_json::Value, serde_json::Value> {
    let request = serde_json::json!({"form": personal_form(HOLDER), "steps": "__CHANNEL__:1"});
    invoke(window, "send", json(request), &[]).map(answer)
}

/// Nothing typed or chosen was lost: the draft still holds it.
fn assert_draft_intact(app: &tauri::App<tauri::test::MockRuntime>) {
    let vault = crate::tests::ready::<Vault>(app);
    assert_eq!(vault.read(|d| d.personal.as_ref().map(|p| p.holder_name.clone())).as_deref(), Some(HOLDER));
    assert!(vault.photo(kyc_flow::Screen::PersonalDetails).is_some(), "the photo is still held");
}

fn uploads(seen: &[Seen]) -> Vec<&Seen> {
    seen.iter().filter(|s| s.path == UPLOAD).collect()
}

/// Every upload attempt carried the same idempotency key.
fn assert_one_upload_key(seen: &[Seen]) {
    let keys: Vec<_> = uploads(seen).iter().map(|s| s.idempotency_key.clone().expect("a key")).collect();
    assert!(keys.len() > 1 && keys.windows(2).all(|w| w[0] == w[1]), "{keys:?}");
}

/// The `n`th upload (from 0) gets `fault`; everything else reaches the sandbox.
fn upload_fault(rig: &Rig, n: usize, fault: Action) -> impl Fn(usize, &Seen) -> Action + Send + Sync + 'static {
    let pass = rig.pass();
    let count = std::sync::atomic::AtomicUsize::new(0);
    move |_, seen| {
        if seen.path == UPLOAD && count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == n {
            fault.clone()
        } else {
            pass.clone()
        }
    }
}

#[test]
fn a_500_then_success() {
    let rig = Rig::new();
    let server = start(upload_fault(&rig, 0, Action::status(500)));
    let (_app, window) = rig.app(&server.url, Duration::from_secs(5));
    fill(&window);
    let overview = send(&window).expect("sent after one retry");
    assert_eq!(overview["progress"]["personal_details"]["state"], "pending");
    assert_one_upload_key(&server.seen());
    rig.assert_one_copy_as_typed();
}

#[test]
fn a_503_and_a_429_with_retry_after_are_waited_out() {
    let rig = Rig::new();
    let pass = rig.pass();
    let server = start(move |n, _| match n {
        0 => Action::respond(503, &[("retry-after", "1")], ""),
        1 => Action::respond(429, &[("retry-after", "1")], ""),
        _ => pass.clone(),
    });
    let (_app, window) = rig.app(&server.url, Duration::from_secs(5));
    fill(&window);
    send(&window).expect("sent on the third attempt");
    let seen = server.seen();
    for pair in seen[..3].windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= Duration::from_millis(900), "Retry-After: 1 honoured, gap {gap:?}");
    }
    assert_one_upload_key(&seen);
    rig.assert_one_copy_as_typed();
}

#[test]
fn offline_says_so_keeps_everything_and_resumes_when_back() {
    let rig = Rig::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (app, window) = rig.app(&format!("http://127.0.0.1:{port}/"), Duration::from_secs(5));
    fill(&window);
    let offline = send(&window).unwrap_err();
    assert_eq!((offline["kind"].as_str(), offline["code"].as_str()), (Some("api"), Some("offline")));
    assert_eq!(offline["transient"], true, "the page offers to try again");
    assert!(offline["message"].as_str().unwrap().contains("internet connection"), "{offline}");
    assert_draft_intact(&app);

    let pass = rig.pass();
    let server = tauri::async_runtime::block_on(Scripted::start_on(port, move |_, _| pass.clone())).unwrap();
    send(&window).expect("sent once the service is back");
    assert_eq!(uploads(&server.seen()).len(), 1);
    rig.assert_one_copy_as_typed();
}

#[test]
fn a_reset_after_the_server_stored_the_upload_makes_no_duplicate() {
    let rig = Rig::new();
    let lose = Action::Sandbox { sandbox: rig.sandbox.clone(), answer: Answer::Lose };
    let server = start(upload_fault(&rig, 0, lose));
    let (_app, window) = rig.app(&server.url, Duration::from_secs(5));
    fill(&window);
    send(&window).expect("the retry is answered from the stored upload");
    assert_one_upload_key(&server.seen());
    rig.assert_one_copy_as_typed();
}

#[test]
fn a_stalled_upload_times_out_and_the_retry_goes_through() {
    let rig = Rig::new();
    let server = start(upload_fault(&rig, 0, Action::Stall));
    let (_app, window) = rig.app(&server.url, Duration::from_secs(1));
    fill(&window);
    send(&window).expect("sent on the second attempt");
    assert_one_upload_key(&server.seen());
    rig.assert_one_copy_as_typed();
}

#[test]
fn malformed_json_after_the_upload_was_stored_then_sending_again() {
    let rig = Rig::new();
    let garble = Action::Sandbox { sandbox: rig.sandbox.clone(), answer: Answer::Garble };
    let server = start(upload_fault(&rig, 0, garble));
    let (app, window) = rig.app(&server.url, Duration::from_secs(5));
    fill(&window);
    let bad = send(&window).unwrap_err();
    assert_eq!((bad["code"].as_str(), bad["transient"].as_bool()), (Some("bad_response"), Some(false)));
    assert_draft_intact(&app);
    send(&window).expect("sending again reuses the upload's key");
    assert_one_upload_key(&server.seen());
    rig.assert_one_copy_as_typed();
}

#[test]
fn a_read_back_missing_the_document_is_not_confirmed_then_sending_again() {
    let rig = Rig::new();
    let (pass, sandbox, access_id) = (rig.pass(), rig.sandbox.clone(), rig.user.access_id.clone());
    let reads = std::sync::atomic::AtomicUsize::new(0);
    let server = start(move |_, seen| {
        if seen.path == GET_PROFILE && reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            // The server's profile, without the document just sent.
            let mut profile = serde_json::to_value(sandbox.store().profile(&access_id).unwrap()).unwrap();
            let documents = profile["documents"].as_array_mut().expect("documents in the profile");
            documents.retain(|d| d["document_type"] != "id_proof_front");
            Action::respond(200, &[], &profile.to_string())
        } else {
            pass.clone()
        }
    });
    let (app, window) = rig.app(&server.url, Duration::from_secs(5));
    fill(&window);
    let unconfirmed = send(&window).unwrap_err();
    assert_eq!(unconfirmed["kind"], "not_confirmed");
    assert_draft_intact(&app);
    send(&window).expect("confirmed the second time");
    assert_one_upload_key(&server.seen());
    rig.assert_one_copy_as_typed();
}

#[test]
fn a_redirect_to_http_is_not_followed() {
    let rig = Rig::new();
    let elsewhere = start(|_, _| Action::status(200));
    let location = format!("{}upload-KYC-document", elsewhere.url);
    let server = start(upload_fault(&rig, 0, Action::respond(307, &[("location", &location)], "")));
    let (app, window) = rig.app(&server.url, Duration::from_secs(5));
    fill(&window);
    let refused = send(&window).unwrap_err();
    assert_eq!(refused["code"], "bad_response");
    assert!(refused["message"].as_str().unwrap().contains("redirect"), "{refused}");
    assert!(elsewhere.seen().is_empty(), "nothing was sent to the redirect's target");
    assert_draft_intact(&app);
    send(&window).expect("sent when the service answers properly");
    rig.assert_one_copy_as_typed();
}

#[test]
fn killed_mid_upload_then_restarted_sends_once() {
    let rig = Rig::new();
    let hold = Action::Sandbox { sandbox: rig.sandbox.clone(), answer: Answer::Hold };
    let server = start(upload_fault(&rig, 0, hold));
    // The first run: its upload reaches the server, which stores it and never answers.
    // That run is then as good as killed: it never hears back within this test, and all
    // that the next run gets from it is what a killed process leaves — the draft on disk.
    let (first_app, first_window) = rig.app(&server.url, Duration::from_secs(600));
    fill(&first_window);
    std::thread::spawn(move || {
        let _kept_alive_until_the_test_ends = first_app;
        let _ = send(&first_window);
    });
    let seen = server.wait_for(1, Duration::from_secs(30));
    assert_eq!(seen[0].path, UPLOAD);
    assert_eq!(rig.sandbox.store().stored_counts(&rig.user.access_id).unwrap(), (1, 1), "stored, unanswered");

    let (app, window) = rig.app(&server.url, Duration::from_secs(5));
    let overview = answer(invoke(&window, "overview", json(serde_json::json!({})), &[]).unwrap());
    assert_eq!(overview["personal"]["holder_name"], HOLDER, "the restarted app shows what was typed");
    assert_eq!(overview["progress"]["next"], "personal_details", "and opens the unconfirmed screen, not the selfie");
    assert_draft_intact(&app);
    send(&window).expect("the restarted app sends the same photo under the same key");
    assert_one_upload_key(&server.seen());
    rig.assert_one_copy_as_typed();
}
