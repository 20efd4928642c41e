//! Certificate pinning against a real TLS server on loopback: the pinned
//! certificate is trusted, any other is refused before a byte of the request is sent.

use std::sync::Arc;

use kyc_api_client::{Client, Config, Error, RetryPolicy, Token};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

struct Issued {
    pem: String,
    der: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

fn issue() -> Issued {
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    Issued {
        pem: cert.pem(),
        der: cert.der().clone(),
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(signing_key.serialize_der())),
    }
}

type Counter = Arc<std::sync::atomic::AtomicUsize>;

/// Serves HTTPS with `issued` on a loopback port; answers every request 404.
/// Returns the base URL, a counter of requests that reached the handler and one of
/// connections accepted (each a handshake tried).
async fn serve(issued: Issued) -> (String, Counter, Counter) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![issued.der], issued.key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://localhost:{}/", listener.local_addr().unwrap().port());
    let served = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = served.clone();
    let connections = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            connections.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let acceptor = acceptor.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else { return };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let answer = "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (url, served, accepted)
}

fn client(url: &str, pinned: Option<&str>) -> Client {
    let mut config = Config::new(url, Token::new("test-token"));
    config.retry = RetryPolicy::never();
    config.pinned_certificate = pinned.map(|pem| pem.as_bytes().to_vec());
    Client::new(config).unwrap()
}

#[tokio::test]
async fn the_pinned_certificate_is_trusted_and_no_other() {
    let server = issue();
    let other = issue();
    let server_pem = server.pem.clone();
    let (url, served, _) = serve(server).await;

    let reached = client(&url, Some(&server_pem)).get_profile().await.unwrap_err();
    assert!(matches!(reached, Error::Rejected { status: 404, .. }), "the pinned server answered: {reached:?}");
    assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 1);

    let err = client(&url, Some(&other.pem)).get_profile().await.unwrap_err();
    assert_eq!(err.code(), "tls", "another certificate fails the handshake: {err:?}");
    // Without a pin, a self-signed certificate is not in the system's trust either.
    assert!(client(&url, None).get_profile().await.is_err());
    assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 1, "no request reached the server unpinned");
}

#[tokio::test]
async fn a_refused_certificate_is_a_tls_error_and_is_not_retried() {
    let (url, served, accepted) = serve(issue()).await;
    let mut config = Config::new(&url, Token::new("test-token"));
    config.pinned_certificate = Some(issue().pem.into_bytes());
    config.retry = RetryPolicy {
        max_attempts: 4,
        base_delay: std::time::Duration::from_millis(10),
        max_delay: std::time::Duration::from_millis(20),
        budget: std::time::Duration::from_secs(10),
    };
    let err = Client::new(config).unwrap().get_profile().await.unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err:?}");
    assert!(!err.is_transient());
    assert!(err.to_string().contains("not secure"), "{err}");
    assert!(!err.to_string().contains("internet connection"), "not told to check the connection: {err}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1, "one handshake, no retries");
    assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[test]
fn a_pin_that_is_not_pem_is_named() {
    let mut config = Config::new("https://localhost:1/", Token::new("t"));
    config.pinned_certificate = Some(b"not a certificate".to_vec());
    let err = Client::new(config).err().expect("refused");
    assert!(err.to_string().contains("pinned certificate"), "{err}");
}
