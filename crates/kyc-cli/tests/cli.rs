//! The real `kyc` binary against a real `kyc sandbox` process on loopback.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const KYC: &str = env!("CARGO_BIN_EXE_kyc");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> PathBuf {
    repo().join("examples/submit").join(name)
}

/// A `kyc sandbox` process on a free port; killed when dropped.
struct SandboxProcess {
    child: Child,
    api: String,
    token: String,
    access_id: String,
    dir: tempfile::TempDir,
}

impl SandboxProcess {
    fn start() -> SandboxProcess {
        let dir = tempfile::tempdir().unwrap();
        SandboxProcess::start_in(dir)
    }

    fn start_in(dir: tempfile::TempDir) -> SandboxProcess {
        let mut child = Command::new(KYC)
            .args(["sandbox", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let (mut api, mut token, mut access_id) = (None, None, None);
        // The sandbox prints its address and token once it is listening.
        while api.is_none() || token.is_none() || access_id.is_none() {
            let line = lines.next().expect("the sandbox printed its address and token").unwrap();
            if let Some(v) = line.strip_prefix("KYC_API=") {
                api = Some(v.to_owned());
            } else if let Some(v) = line.strip_prefix("KYC_TOKEN=") {
                token = Some(v.to_owned());
            } else if let Some(v) = line.strip_prefix("demo user access_id: ") {
                access_id = Some(v.to_owned());
            }
        }
        SandboxProcess { child, api: api.unwrap(), token: token.unwrap(), access_id: access_id.unwrap(), dir }
    }

    fn kyc(&self, args: &[&str]) -> Output {
        Command::new(KYC)
            .args(args)
            .env("KYC_API", &self.api)
            .env("KYC_TOKEN", &self.token)
            .env_remove("KYC_LANG")
            .output()
            .unwrap()
    }

    fn stop(mut self) -> tempfile::TempDir {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn submit_args(selfie: &str) -> Vec<String> {
    vec![
        "submit".into(),
        "--id-front".into(),
        example("id-front.png").display().to_string(),
        "--selfie".into(),
        selfie.to_owned(),
        "--address-proof".into(),
        example("address-proof.png").display().to_string(),
        "--fields".into(),
        example("fields.json").display().to_string(),
    ]
}

fn run(sandbox: &SandboxProcess, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sandbox.kyc(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Same keys at every level and the same JSON type for every value.
fn same_shape(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            let mut ak: Vec<_> = a.keys().collect();
            let mut ek: Vec<_> = e.keys().collect();
            ak.sort();
            ek.sort();
            assert_eq!(ak, ek, "keys differ at {at}");
            for (k, v) in e {
                same_shape(&a[k], v, &format!("{at}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "length differs at {at}");
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                same_shape(a, e, &format!("{at}[{i}]"));
            }
        }
        (a, e) => assert_eq!(kind(a), kind(e), "type differs at {at}: {a} vs {e}"),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[test]
fn submit_completes_all_three_screens_and_the_read_back_matches_the_contract() {
    let sandbox = SandboxProcess::start();
    let out = run(&sandbox, &submit_args(&example("selfie.jpg").display().to_string()));
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "submit failed:\n{stdout}\n{}", text(&out.stderr));
    for screen in [
        "Screen 1 · Personal details",
        "Screen 2 · Selfie",
        "Screen 3 · Address",
        "All three screens sent and confirmed",
    ] {
        assert!(stdout.contains(screen), "missing {screen:?} in:\n{stdout}");
    }

    let out = sandbox.kyc(&["profile"]);
    assert!(out.status.success());
    let profile: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixture: Value =
        serde_json::from_str(include_str!("../../kyc-core/tests/fixtures/3-address.profile.response.json")).unwrap();
    same_shape(&profile, &fixture, "$");

    let fields: Value = serde_json::from_str(&std::fs::read_to_string(example("fields.json")).unwrap()).unwrap();
    let docs = profile["documents"].as_array().unwrap();
    let by_type = |t: &str| docs.iter().find(|d| d["document_type"] == t).unwrap_or_else(|| panic!("{t} listed"));
    for (t, sent) in [("id_proof_front", &fields["id_document"]), ("address_proof", &fields["address_proof"])] {
        for (k, v) in sent.as_object().unwrap() {
            assert_eq!(&by_type(t)[k], v, "{t}.{k} holds what was sent");
        }
        assert_eq!(by_type(t)["kyc_status"], "PENDING");
    }
    assert_eq!(by_type("id_proof_live")["document_mime_type"], "image/jpeg");
    assert_eq!(by_type("id_proof_front")["access_id"], Value::String(sandbox.access_id.clone()));
    for (k, v) in fields["address"].as_object().unwrap() {
        assert_eq!(&profile["profile"]["addresses"][0][k], v, "address.{k} holds what was sent");
    }
    assert_eq!(profile["kyc_status"]["status"], "verification_pending");
}

#[test]
fn a_pdf_as_selfie_fails_clearly_before_anything_is_sent() {
    let sandbox = SandboxProcess::start();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("selfie.jpg");
    std::fs::write(&pdf, b"%PDF-1.7\n%fake").unwrap();
    let out = run(&sandbox, &submit_args(&pdf.display().to_string()));
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("id_proof_live image cannot be used: unsupported format: this is a PDF document"),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains("Screen 1"), "no screen was sent");
    let profile: Value = serde_json::from_slice(&sandbox.kyc(&["profile"]).stdout).unwrap();
    assert_eq!(profile["documents"].as_array().unwrap().len(), 0);
}

#[test]
fn the_server_refusal_is_shown_in_the_chosen_language() {
    let sandbox = SandboxProcess::start();
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("cut.png");
    let whole = std::fs::read(example("id-front.png")).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let out =
        sandbox.kyc(&["upload", "--raw", "--type", "id-proof-front", truncated.to_str().unwrap(), "--lang", "es"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("La imagen está dañada"), "{stderr}");
    // Without --raw the photo is prepared first, and the damage is found before anything is sent.
    let out = sandbox.kyc(&["upload", "--type", "id-proof-front", truncated.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("the image is damaged or incomplete"), "{}", text(&out.stderr));
}

#[test]
fn without_a_token_or_a_server_the_message_says_what_to_do() {
    let out = Command::new(KYC).arg("profile").env_remove("KYC_TOKEN").output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("set KYC_TOKEN, or pass --token -"), "{}", text(&out.stderr));

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = Command::new(KYC)
        .args(["profile", "--token", "t", "--api", &format!("http://127.0.0.1:{port}/")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Could not reach the KYC service"), "{}", text(&out.stderr));
}

#[test]
fn the_token_can_come_on_standard_input_and_stay_out_of_the_process_list() {
    use std::io::Write as _;
    let sandbox = SandboxProcess::start();
    let ask = |input: &str| {
        let mut child = Command::new(KYC)
            .args(["profile", "--token", "-", "--api", &sandbox.api])
            .env_remove("KYC_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = ask(&format!("{}\n", sandbox.token));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let profile: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(profile["profile"]["access_id"], sandbox.access_id);
    let out = ask("");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no token on standard input"), "{}", text(&out.stderr));
    // Standard input cannot carry both the token and an update body.
    let out = Command::new(KYC).args(["update", "-", "--token", "-"]).stdin(Stdio::null()).output().unwrap();
    assert!(text(&out.stderr).contains("not both"), "{}", text(&out.stderr));
}

#[test]
fn review_from_the_command_line_then_resend_just_that_document() {
    let sandbox = SandboxProcess::start();
    assert!(run(&sandbox, &submit_args(&example("selfie.jpg").display().to_string())).status.success());
    let out =
        sandbox.kyc(&["review", "--target", "id_proof_live", "--status", "rejected", "--reason", "Face not visible"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let profile: Value = serde_json::from_slice(&sandbox.kyc(&["profile"]).stdout).unwrap();
    assert_eq!(profile["kyc_status"]["status"], "rejected");

    let out = sandbox.kyc(&["upload", "--type", "id-proof-live", example("selfie.jpg").to_str().unwrap()]);
    assert!(out.status.success());
    let profile: Value = serde_json::from_slice(&sandbox.kyc(&["profile"]).stdout).unwrap();
    assert_eq!(profile["kyc_status"]["status"], "verification_pending");
    assert_eq!(profile["documents"].as_array().unwrap().len(), 3);
}

#[test]
fn users_and_reviews_can_be_made_in_the_data_directory_and_survive_a_restart() {
    let sandbox = SandboxProcess::start();
    assert!(run(&sandbox, &submit_args(&example("selfie.jpg").display().to_string())).status.success());
    let access_id = sandbox.access_id.clone();
    let token = sandbox.token.clone();
    let dir = sandbox.stop();

    let out = Command::new(KYC)
        .args(["sandbox", "--data-dir", dir.path().to_str().unwrap(), "review", "--access-id", &access_id])
        .args(["--target", "profile", "--status", "approved"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Without --access-id, the demo user (the one the banner named).
    let out =
        Command::new(KYC).args(["sandbox", "--data-dir", dir.path().to_str().unwrap(), "profile"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let held: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(held["profile"]["access_id"], access_id.as_str());
    assert_eq!(held["kyc_status"]["status"], "verified");
    let empty = tempfile::tempdir().unwrap();
    let out =
        Command::new(KYC).args(["sandbox", "--data-dir", empty.path().to_str().unwrap(), "profile"]).output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("run the app or `kyc sandbox` once"), "{}", text(&out.stderr));
    let out =
        Command::new(KYC).args(["sandbox", "--data-dir", dir.path().to_str().unwrap(), "add-user"]).output().unwrap();
    assert!(text(&out.stdout).contains("KYC_TOKEN=kyc_sbx_"));

    let mut again = SandboxProcess::start_in(dir);
    again.token = token;
    let profile: Value = serde_json::from_slice(&again.kyc(&["profile"]).stdout).unwrap();
    assert_eq!(profile["kyc_status"]["status"], "verified", "the earlier token and all data survived");
    assert_eq!(profile["documents"].as_array().unwrap().len(), 3);
}

/// The sizes of the photos a sandbox holds.
fn stored_sizes(dir: &Path) -> Vec<(u32, u32)> {
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sizes.extend(stored_sizes(&path));
        } else if let Ok(size) = image::image_dimensions(&path) {
            sizes.push(size);
        }
    }
    sizes
}

#[test]
fn submit_uploads_the_id_photo_whole_unless_straightened_is_asked_for() {
    for (upload, straightened) in [("whole", false), ("straightened", true)] {
        let sandbox = SandboxProcess::start();
        let mut args = submit_args(&example("selfie.jpg").display().to_string());
        args[2] = example("passport.jpg").display().to_string();
        args.extend(["--upload-document".into(), upload.into()]);
        let out = run(&sandbox, &args);
        assert!(out.status.success(), "{upload}: {}", text(&out.stderr));
        let dir = sandbox.stop();
        let sizes = stored_sizes(dir.path());
        assert_eq!(sizes.len(), 3, "{sizes:?}");
        // The passport page alone at a TD3 page's proportions; the bill has no outline: whole.
        assert_eq!(sizes.contains(&(1000, 704)), straightened, "{upload}: {sizes:?}");
    }
    let sandbox = SandboxProcess::start();
    let mut args = submit_args(&example("selfie.jpg").display().to_string());
    args.extend(["--upload-document".into(), "cropped".into()]);
    let out = run(&sandbox, &args);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("use whole or straightened"), "{}", text(&out.stderr));
}

#[test]
fn prepare_and_inspect_work_on_files_by_content() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG named .jpg is taken for what it is.
    let misnamed = dir.path().join("photo.jpg");
    std::fs::copy(example("id-front.png"), &misnamed).unwrap();
    let out_path = dir.path().join("out.jpg");
    let out = Command::new(KYC)
        .args(["prepare", misnamed.to_str().unwrap(), out_path.to_str().unwrap(), "--max-edge", "320"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("640×404 Png → 320×202 image/jpeg"), "{stdout}");
    assert!(std::fs::read(&out_path).unwrap().starts_with(&[0xFF, 0xD8, 0xFF]));

    let pdf = dir.path().join("scan.png");
    std::fs::write(&pdf, b"%PDF-1.7 not a photo").unwrap();
    let out = Command::new(KYC).args(["prepare", pdf.to_str().unwrap(), out_path.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unsupported format: this is a PDF document"), "{}", text(&out.stderr));

    let out = Command::new(KYC).args(["inspect", example("selfie.jpg").to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["source"]["format"], "jpeg");
    assert_eq!(json["metrics"]["width"], 480);
    for key in ["sharpness", "exposure_mean", "clipped_dark", "clipped_bright", "glare", "megapixels"] {
        assert!(json["metrics"][key].is_number(), "{key} in {json}");
    }
}

#[test]
fn read_document_prints_the_corners_the_zone_its_check_digits_and_the_fields() {
    let read = |name: &str| {
        let out = Command::new(KYC).args(["read-document", example(name).to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    // The specimen passport (drawn by kyc-vision's make_specimen_passport) in perspective on a table.
    let passport = read("passport.jpg");
    assert_eq!(passport["corners"].as_array().map(Vec::len), Some(4));
    assert_eq!(passport["lines"][1], "SX12345673THA9004126M3106176<<<<<<<<<<<<<<06");
    assert_eq!(passport["checks"]["composite"], true);
    assert_eq!(passport["fields"]["number"], "SX1234567");
    assert_eq!(passport["fields"]["expiry_date"], "2031-06-17");
    assert_eq!(passport["fields"]["issuing_country"], "Thailand");
    // Read surely: the name, which no check digit protects, is given too (the app prefills it).
    assert_eq!(passport["fields"]["holder_name"], "ALEX SAMPLE");
    assert_eq!(passport["unsure"], serde_json::json!([]));
    assert_eq!(passport["problem"], Value::Null);
    // The demo ID card's front has no zone: no fields, and the reason.
    let card = read("id-front.png");
    assert_eq!(card["fields"], Value::Null);
    assert!(["not_read", "no_document"].contains(&card["problem"].as_str().unwrap()), "{card}");
}

#[test]
fn without_a_camera_cameras_and_capture_say_so_and_the_synthetic_camera_works() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("selfie.jpg");
    // This machine (and CI) has no webcam: the real path must fail clearly, not panic.
    let has_camera =
        std::fs::read_dir("/dev").unwrap().flatten().any(|e| e.file_name().to_string_lossy().starts_with("video"));
    if !has_camera {
        for args in [vec!["cameras"], vec!["capture", out_path.to_str().unwrap()]] {
            let out = Command::new(KYC).args(&args).env_remove("KYC_CAMERA").output().unwrap();
            assert!(!out.status.success(), "{args:?} must fail without a camera");
            let stderr = text(&out.stderr);
            assert!(stderr.contains("No camera was found"), "{args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    let out = Command::new(KYC).args(["cameras", "--synthetic"]).output().unwrap();
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("synthetic-0"));
    let out = Command::new(KYC)
        .args(["capture", out_path.to_str().unwrap()])
        .env("KYC_CAMERA", "synthetic")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1920×1080 still from the synthetic camera"), "{}", text(&out.stdout));
    let bytes = std::fs::read(&out_path).unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.len() <= 400_000);
}

#[test]
fn inspect_reports_the_quality_findings_and_the_faces() {
    let dir = tempfile::tempdir().unwrap();
    let blurred = dir.path().join("blurred.png");
    image::imageops::blur(&image::open(example("id-front.png")).unwrap().to_rgb8(), 3.0).save(&blurred).unwrap();
    let inspect = |path: &std::path::Path, subject: &str| -> Value {
        let out = Command::new(KYC).args(["inspect", path.to_str().unwrap(), "--as", subject]).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let sharp = inspect(&example("id-front.png"), "id-document");
    assert_eq!(sharp["quality"]["findings"], serde_json::json!([]), "{sharp}");
    assert_eq!(sharp["verdict"]["verdict"], "pass");
    let json = inspect(&blurred, "id-document");
    assert_eq!(json["quality"]["findings"][0]["problem"], "blurred", "{json}");
    assert!(
        json["quality"]["findings"][0]["value"].as_f64().unwrap()
            < json["quality"]["findings"][0]["limit"].as_f64().unwrap()
    );
    assert_eq!(json["verdict"]["verdict"], "blocked");
    let selfie = inspect(&example("selfie.jpg"), "selfie");
    assert_eq!(selfie["quality"]["faces"].as_array().unwrap().len(), 1, "{selfie}");
    let no_face = inspect(&example("id-front.png"), "selfie");
    assert_eq!(no_face["quality"]["findings"][0]["problem"], "no_face", "{no_face}");
}

#[test]
fn submit_refuses_a_blurred_photo_unless_warnings_are_accepted_and_a_faceless_selfie_always() {
    let sandbox = SandboxProcess::start();
    let dir = tempfile::tempdir().unwrap();
    let blurred = dir.path().join("id.png");
    image::imageops::blur(&image::open(example("id-front.png")).unwrap().to_rgb8(), 3.0).save(&blurred).unwrap();
    let mut args = submit_args(&example("selfie.jpg").display().to_string());
    args[2] = blurred.display().to_string();
    let out = run(&sandbox, &args);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the Personal details photo was not sent: it is blurred"), "{stderr}");
    assert!(stderr.contains("--accept-warnings"), "{stderr}");
    let profile: Value = serde_json::from_slice(&sandbox.kyc(&["profile"]).stdout).unwrap();
    assert_eq!(profile["documents"].as_array().unwrap().len(), 0, "nothing was sent");

    args.push("--accept-warnings".into());
    let out = run(&sandbox, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let mut faceless = submit_args(&example("address-proof.png").display().to_string());
    faceless.push("--accept-warnings".into());
    let out = run(&sandbox, &faceless);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the Selfie photo was not sent: no face was found"), "{stderr}");
    assert!(stderr.contains("exactly one face"), "{stderr}");
}
