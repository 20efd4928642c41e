//! The client against a local server that misbehaves on purpose, and against the
//! real sandbox behind a connection that breaks after the request went through.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use http_body_util::BodyExt;
use kyc_api_client::{Client, Config, Error, RetryPolicy, Token};
use kyc_core::{DataUrl, DocumentType, FileData, MediaType, UploadRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// What the server does with the next request.
#[derive(Clone)]
enum Action {
    Respond {
        status: u16,
        headers: &'static [(&'static str, &'static str)],
        body: &'static str,
    },
    /// Reads the request, then resets the connection without answering.
    Reset,
    /// Reads the request and never answers.
    Stall,
    /// Passes the request to a real sandbox; with `lose_answer`, resets instead of returning its answer.
    Sandbox {
        sandbox: kyc_sandbox::Sandbox,
        lose_answer: bool,
    },
}

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    idempotency_key: Option<String>,
    language: Option<String>,
    authorized: bool,
    at: Instant,
}

struct Scripted {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Scripted {
    /// Serves `script` in order; once it is used up, every request gets the last action.
    async fn start(script: Vec<Action>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            let mut stalled = Vec::new();
            for n in 0.. {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let action = script[n.min(script.len() - 1)].clone();
                let Some((head, body)) = read_request(&mut stream).await else {
                    continue;
                };
                log.lock().unwrap().push(seen_from(&head));
                match action {
                    Action::Respond { status, headers, body } => respond(&mut stream, status, headers, body).await,
                    Action::Reset => reset(stream),
                    Action::Stall => stalled.push(stream),
                    Action::Sandbox { sandbox, lose_answer } => {
                        let (status, answer) = through_sandbox(&sandbox, &head, body).await;
                        if lose_answer {
                            reset(stream);
                        } else {
                            let text: &'static str = Box::leak(answer.into_boxed_str());
                            respond(&mut stream, status, &[], text).await;
                        }
                    }
                }
            }
        });
        Scripted { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn client(&self, retry: RetryPolicy) -> Client {
        let mut config = Config::new(&self.url, Token::new("kyc_sbx_test-token"));
        config.retry = retry;
        config.request_timeout = Duration::from_millis(500);
        config.language = "th".into();
        Client::new(config).unwrap()
    }
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        budget: Duration::from_secs(10),
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let header_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let length = header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some((head, buf[header_end..header_end + length].to_vec()))
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

fn seen_from(head: &str) -> Seen {
    let path = head.split_whitespace().nth(1).unwrap_or_default().to_owned();
    Seen {
        path,
        idempotency_key: header(head, "idempotency-key"),
        language: header(head, "accept-language"),
        authorized: header(head, "authorization").as_deref() == Some("Bearer kyc_sbx_test-token"),
        at: Instant::now(),
    }
}

async fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &str) {
    let mut text = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("content-type: application/json\r\n\r\n");
    text.push_str(body);
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn reset(stream: TcpStream) {
    // A zero linger turns the close into a TCP reset.
    let std = stream.into_std().unwrap();
    socket2::SockRef::from(&std).set_linger(Some(Duration::ZERO)).unwrap();
    drop(std);
}

async fn through_sandbox(sandbox: &kyc_sandbox::Sandbox, head: &str, body: Vec<u8>) -> (u16, String) {
    let mut parts = head.split_whitespace();
    let method = parts.next().unwrap();
    let path = parts.next().unwrap();
    let mut request = axum::http::Request::builder().method(method).uri(path);
    for name in ["authorization", "idempotency-key", "accept-language", "content-type"] {
        if let Some(value) = header(head, name) {
            request = request.header(name, value);
        }
    }
    let response = kyc_sandbox::app(sandbox.clone()).oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
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
    let server = Scripted::start(vec![
        Action::Respond { status: 500, headers: &[], body: "{}" },
        Action::Respond { status: 201, headers: &[], body: upload_answer() },
    ])
    .await;
    let answer = server.client(quick_retries()).upload(&upload_request()).await.unwrap();
    assert_eq!(answer.document_reference, "r/x.png");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_one_key(&seen);
    assert!(seen.iter().all(|s| s.authorized && s.language.as_deref() == Some("th")));
    assert_eq!(seen[0].path, "/upload-KYC-document");
}

#[tokio::test]
async fn a_503_with_retry_after_waits_as_told() {
    let server = Scripted::start(vec![
        Action::Respond { status: 503, headers: &[("retry-after", "1")], body: "" },
        Action::Respond { status: 200, headers: &[], body: PROFILE },
    ])
    .await;
    server.client(quick_retries()).get_profile().await.unwrap();
    let seen = server.seen();
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_millis(900), "Retry-After: 1 was honoured, gap {gap:?}");
}

#[tokio::test]
async fn a_429_is_retried_and_gives_up_when_retry_after_overruns_the_budget() {
    let server = Scripted::start(vec![
        Action::Respond { status: 429, headers: &[], body: "" },
        Action::Respond { status: 200, headers: &[], body: PROFILE },
    ])
    .await;
    server.client(quick_retries()).get_profile().await.unwrap();
    assert_eq!(server.seen().len(), 2);

    let server =
        Scripted::start(vec![Action::Respond { status: 429, headers: &[("retry-after", "120")], body: "" }]).await;
    let err = server.client(quick_retries()).get_profile().await.unwrap_err();
    assert_eq!(err, Error::RateLimited { retry_after: Some(Duration::from_secs(120)) });
    assert_eq!(server.seen().len(), 1, "no point waiting past the budget");
}

#[tokio::test]
async fn a_connection_reset_mid_request_is_retried_under_the_same_key() {
    let server =
        Scripted::start(vec![Action::Reset, Action::Respond { status: 201, headers: &[], body: upload_answer() }])
            .await;
    server.client(quick_retries()).upload(&upload_request()).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_one_key(&seen);
}

#[tokio::test]
async fn a_stalled_server_times_out_after_the_capped_attempts() {
    let server = Scripted::start(vec![Action::Stall]).await;
    let retry = RetryPolicy { max_attempts: 3, ..quick_retries() };
    let err = server.client(retry).upload(&upload_request()).await.unwrap_err();
    assert_eq!(err, Error::TimedOut);
    assert!(err.to_string().contains("did not answer in time"));
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "three attempts, then give up");
    assert_one_key(&seen);
}

#[tokio::test]
async fn malformed_json_is_a_bad_response_and_not_retried() {
    let server = Scripted::start(vec![Action::Respond { status: 200, headers: &[], body: "{\"profile\": " }]).await;
    let err = server.client(quick_retries()).get_profile().await.unwrap_err();
    assert!(matches!(err, Error::BadResponse { .. }), "{err:?}");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_400_is_not_retried_and_carries_the_servers_sentence() {
    let body = r#"{"error": {"code": "corrupt_image", "message": "The image is damaged. Take the photo again."}}"#;
    let server = Scripted::start(vec![Action::Respond { status: 400, headers: &[], body }]).await;
    let err = server.client(quick_retries()).upload(&upload_request()).await.unwrap_err();
    assert_eq!(err.to_string(), "The image is damaged. Take the photo again.");
    assert_eq!(err.server_code(), Some("corrupt_image"));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_401_asks_the_person_to_sign_in_again() {
    let server = Scripted::start(vec![Action::Respond { status: 401, headers: &[], body: "{}" }]).await;
    let err = server.client(quick_retries()).get_profile().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }));
    assert!(err.to_string().contains("Sign in again"));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn always_503_stops_at_the_attempt_cap() {
    let server = Scripted::start(vec![Action::Respond { status: 503, headers: &[], body: "" }]).await;
    let err = server.client(quick_retries()).get_profile().await.unwrap_err();
    assert_eq!(err, Error::Server { status: 503, retry_after: None });
    assert_eq!(server.seen().len(), 4);
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
    let server = Scripted::start(vec![Action::Respond { status: 422, headers: &[], body: "not json" }]).await;
    let err = server.client(RetryPolicy::never()).upload(&upload_request()).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("test-token") && !shown.contains("LW5vdC1jaGVja2Vk"), "{shown}");
}

#[tokio::test]
async fn an_answer_lost_after_the_sandbox_stored_the_upload_creates_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(dir.path())).unwrap();
    let user = sandbox.store().demo_user().unwrap();
    let server = Scripted::start(vec![
        Action::Sandbox { sandbox: sandbox.clone(), lose_answer: true },
        Action::Sandbox { sandbox: sandbox.clone(), lose_answer: false },
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
