//! One screen sent to a real sandbox over HTTP, with its steps reported in order.

use kyc_api_client::{Client, Config, Token};
use kyc_core::{DocumentFields, DocumentType};
use kyc_flow::Step;

async fn sandbox() -> (Client, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(dir.path())).unwrap();
    let user = sandbox.store().demo_user().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(kyc_sandbox::serve(listener, sandbox, std::future::pending()));
    (Client::new(Config::new(url, Token::new(user.token))).unwrap(), dir)
}

fn photo() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// Sends a selfie through `client`, collecting the steps reported.
async fn send_selfie(client: &Client) -> (Vec<Step>, Result<kyc_send::Sent, kyc_send::SendError>) {
    let image = kyc_send::prepare_for(&DocumentType::IdProofLive, &photo()).unwrap();
    let mut steps = Vec::new();
    let fields = DocumentFields::only(DocumentType::IdProofLive);
    let result =
        kyc_send::send_screen_reporting(client, &kyc_send::Photo::new(&image), &fields, None, |step| steps.push(step))
            .await;
    (steps, result)
}

#[tokio::test]
async fn a_screen_reports_each_step_and_ends_confirmed() {
    let (client, _dir) = sandbox().await;
    let (steps, sent) = send_selfie(&client).await;
    let sent = sent.unwrap();
    assert_eq!(steps, [Step::Upload, Step::Update, Step::ReadBack, Step::Done]);
    assert!(sent.profile.document(&DocumentType::IdProofLive).is_some());
}

#[tokio::test]
async fn a_failed_step_is_the_last_reported_and_named_in_the_error() {
    // A port nobody listens on: the upload cannot connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let mut config = Config::new(url, Token::new("t"));
    config.retry = kyc_api_client::RetryPolicy::never();
    let client = Client::new(config).unwrap();
    let (steps, sent) = send_selfie(&client).await;
    let error = sent.unwrap_err();
    assert_eq!(steps, [Step::Upload]);
    assert!(matches!(error, kyc_send::SendError::Api { step: "upload", .. }), "{error}");
}

#[test]
fn a_file_that_is_not_a_photo_is_refused_before_anything_is_sent() {
    let error = kyc_send::prepare_for(&DocumentType::IdProofFront, b"%PDF-1.7 not a photo").unwrap_err();
    assert!(matches!(error, kyc_send::SendError::Image { .. }));
    assert!(error.to_string().contains("PDF"), "{error}");
}
