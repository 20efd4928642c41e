//! The client against a local server that misbehaves on purpose, and against the
//! real sandbox behind a connection that breaks after the request went through.

use std::time::Duration;

use kyc_api_client::{Client, Config, Error, RetryPolicy, Token};
use kyc_core::{DataUrl, DocumentType, FileData, MediaType, UploadRequest};
use kyc_faults::{Action, Answer, Scripted, Seen};
use tokio::net::TcpListener;

fn client(server: &Scripted, retry: RetryPolicy) -> Client {
    let mut config = Config::new(&server.url, Token::new("kyc_sbx_test-token"));
    config.retry = retry;
    config.request_timeout = Duration::from_millis(500);
    config.language = "th".into();
    Client::new(config).unwrap()
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        budget: Duration::from_secs(10),
    }
}

const PROFILE: &str = include_str!("../../kyc-core/tests/fixtures/1-personal-details.profile.response.json");

fn upload_request() -> UploadRequest {
    let png = b"\x89PNG\r\n\x1a\n-not-checked-by-the-client";
    UploadRequest {
        file_data: FileData {
            document_type: DocumentType::IdProofFront,
            file: DataUrl::from_bytes(MediaType::Png, png),
            ext: "png".into(),
        },
    }
}

fn upload_answer() -> &'static str {
    r#"{"document_type":"id_proof_front","document_reference":"r/x.png","document_file_name":"f.png","document_mime_type":"image/png","kyc_status":"PENDING","when_created":"2026-11-28T00:00:00.000000+00:00"}"#
}

fn assert_one_key(seen: &[Seen]) {
    let first = seen[0].idempotency_key.clone().expect("every POST carries a key");
    assert!(seen.iter().all(|s| s.idempotency_key.as_ref() == Some(&first)), "every retry reuses the key: {seen:?}");
}

#[tokio::test]
async fn a_500_then_success_is_retried_under_the_same_key() {
    let server =
        Scripted::start(vec![Action::respond(500, &[], "{}"), Action::respond(201, &[], upload_answer())]).await;
    let answer = client(&server, quick_retries()).upload(&upload_request()).await.unwrap();
    assert_eq!(answer.document_reference, "r/x.png");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_one_key(&seen);
    assert!(seen.iter().all(
        |s| s.authorization.as_deref() == Some("Bearer kyc_sbx_test-token") && s.language.as_deref() == Some("th")
    ));
    assert_eq!(seen[0].path, "/upload-KYC-document");
}

#[tokio::test]
async fn a_503_with_retry_after_waits_as_told() {
    let server =
        Scripted::start(vec![Action::respond(503, &[("retry-after", "1")], ""), Action::respond(200, &[], PROFILE)])
            .await;
    client(&server, quick_retries()).get_profile().await.unwrap();
    let seen = server.seen();
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_millis(900), "Retry-After: 1 was honoured, gap {gap:?}");
}

#[tokio::test]
async fn a_429_is_retried_and_gives_up_when_retry_after_overruns_the_budget() {
    let server = Scripted::start(vec![Action::respond(429, &[], ""), Action::respond(200, &[], PROFILE)]).await;
    client(&server, quick_retries()).get_profile().await.unwrap();
    assert_eq!(server.seen().len(), 2);

    let server = Scripted::start(vec![Action::respond(429, &[("retry-after", "120")], "")]).await;
    let err = client(&server, quick_retries()).get_profile().await.unwrap_err();
    assert_eq!(err, Error::RateLimited { retry_after: Some(Duration::from_secs(120)) });
    assert_eq!(server.seen().len(), 1, "no point waiting past the budget");
}

#[tokio::test]
async fn a_connection_reset_mid_request_is_retried_under_the_same_key() {
    let server = Scripted::start(vec![Action::Reset, Action::respond(201, &[], upload_answer())]).await;
    client(&server, quick_retries()).upload(&upload_request()).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_one_key(&seen);
}

#[tokio::test]
async fn a_stalled_server_times_out_after_the_capped_attempts() {
    let server = Scripted::start(vec![Action::Stall]).await;
    let retry = RetryPolicy { max_attempts: 3, ..quick_retries() };
    let err = client(&server, retry).upload(&upload_request()).await.unwrap_err();
    assert_eq!(err, Error::TimedOut);
    assert!(err.to_string().contains("did not answer in time"));
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "three attempts, then give up");
    assert_one_key(&seen);
}

#[tokio::test]
async fn malformed_json_is_a_bad_response_and_not_retried() {
    let server = Scripted::start(vec![Action::respond(200, &[], "{\"profile\": ")]).await;
    let err = client(&server, quick_retries()).get_profile().await.unwrap_err();
    assert!(matches!(err, Error::BadResponse { .. }), "{err:?}");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_400_is_not_retried_and_carries_the_servers_sentence() {
    let body = r#"{"error": {"code": "corrupt_image", "message": "The image is damaged. Take the photo again."}}"#;
    let server = Scripted::start(vec![Action::respond(400, &[], body)]).await;
    let err = client(&server, quick_retries()).upload(&upload_request()).await.unwrap_err();
    assert_eq!(err.to_string(), "The image is damaged. Take the photo again.");
    assert_eq!(err.server_code(), Some("corrupt_image"));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_401_asks_the_person_to_sign_in_again() {
    let server = Scripted::start(vec![Action::respond(401, &[], "{}")]).await;
    let err = client(&server, quick_retries()).get_profile().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }));
    assert!(err.to_string().contains("Sign in again"));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn always_503_stops_at_the_attempt_cap() {
    let server = Scripted::start(vec![Action::respond(503, &[], "")]).await;
    let err = client(&server, quick_retries()).get_profile().await.unwrap_err();
    assert_eq!(err, Error::Server { status: 503, retry_after: None });
    assert_eq!(server.seen().len(), 4);
}

#[tokio::test]
async fn an_answer_larger_than_a_few_megabytes_is_not_read_whole() {
    // Valid JSON, so only its size can refuse it: a profile padded with 5 MB of spaces.
    let padded = format!("{PROFILE}{}", " ".repeat(5 << 20));
    let server = Scripted::start(vec![Action::respond(200, &[], &padded)]).await;
    let err = client(&server, RetryPolicy::never()).get_profile().await.unwrap_err();
    assert!(matches!(err, Error::BadResponse { .. }), "{err:?}");
    assert!(err.to_string().contains("larger than 4 MB"), "{err}");
    // Without a length announced, the body is counted as it arrives.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 64 * 1024];
        let _ = stream.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(padded.as_bytes()).await;
        // Until the client hangs up, so the close is not a reset.
        let _ = stream.read(&mut request).await;
    });
    let mut config = Config::new(&url, Token::new("kyc_sbx_test-token"));
    config.retry = RetryPolicy::never();
    let err = Client::new(config).unwrap().get_profile().await.unwrap_err();
    assert!(err.to_string().contains("larger than 4 MB"), "{err}");
    // A real profile is read as before.
    let server = Scripted::start(vec![Action::respond(200, &[], PROFILE)]).await;
    assert!(client(&server, RetryPolicy::never()).get_profile().await.is_ok());
}

#[tokio::test]
async fn nobody_listening_is_offline() {
    let port = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let mut config = Config::new(format!("http://127.0.0.1:{port}/"), Token::new("t"));
    config.retry = RetryPolicy { max_attempts: 2, ..quick_retries() };
    let err = Client::new(config).unwrap().get_profile().await.unwrap_err();
    assert_eq!(err, Error::Offline);
    assert!(err.to_string().contains("internet connection"));
}

#[tokio::test]
async fn no_error_text_holds_the_token_or_the_image() {
    let server = Scripted::start(vec![Action::respond(422, &[], "not json")]).await;
    let err = client(&server, RetryPolicy::never()).upload(&upload_request()).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("test-token") && !shown.contains("LW5vdC1jaGVja2Vk"), "{shown}");
}

#[tokio::test]
async fn an_answer_lost_after_the_sandbox_stored_the_upload_creates_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(dir.path())).unwrap();
    let user = sandbox.store().demo_user().unwrap();
    let server = Scripted::start(vec![
        Action::Sandbox { sandbox: sandbox.clone(), answer: Answer::Lose },
        Action::pass(&sandbox),
    ])
    .await;
    let mut config = Config::new(&server.url, Token::new(user.token.clone()));
    config.retry = quick_retries();
    let client = Client::new(config).unwrap();
    let mut request = upload_request();
    request.file_data.file = DataUrl::from_bytes(MediaType::Png, &tiny_png());
    let answer = client.upload(&request).await.unwrap();
    assert_eq!(server.seen().len(), 2, "the first answer was lost, so the client tried again");
    assert_eq!(sandbox.store().stored_counts(&user.access_id).unwrap(), (1, 1), "one document, one file");
    let profile = sandbox.store().profile(&user.access_id).unwrap();
    assert_eq!(profile.documents[0].document_reference, answer.document_reference);
}

fn tiny_png() -> Vec<u8> {
    // 1×1 grey PNG.
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00,
        0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xAF, 0xA4,
        0x71, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}
