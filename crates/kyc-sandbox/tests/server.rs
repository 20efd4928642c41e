//! The sandbox over a real socket, against clients that never finish: half-sent
//! headers are cut off, and a body that never arrives is answered 408 in JSON.

use std::time::Duration;

use kyc_sandbox::{Config, Sandbox};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves a sandbox with these timeouts; returns its address and its token.
async fn serve(adjust: impl FnOnce(&mut Config)) -> (std::net::SocketAddr, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path());
    adjust(&mut config);
    let sandbox = Sandbox::open(config).unwrap();
    let token = sandbox.store().demo_user().unwrap().token;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(kyc_sandbox::serve(listener, sandbox, std::future::pending()));
    (addr, token, dir)
}

/// Everything the server sends until it closes the connection. The bound only turns
/// a server that never closes into a failure instead of a hang.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let (addr, _, _dir) = serve(|c| c.timeouts.headers = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"POST /upload-KYC-document HTTP/1.1\r\nHost: sandbox\r\nContent-Ty").await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_body_that_never_arrives_is_answered_408_in_json() {
    let (addr, token, _dir) = serve(|c| c.timeouts.request = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /upload-KYC-document HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\nAccept-Language: de\r\n\r\n{{\"fileData\":"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
    assert!(answer.contains("rechtzeitig"), "in the asked language: {answer}");
}

#[tokio::test]
async fn reads_are_answered_as_before() {
    let (addr, token, _dir) = serve(|_| {}).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /get_app_user_profile_v2 HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
