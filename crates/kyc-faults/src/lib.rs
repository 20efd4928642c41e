//! For tests only: a local HTTP server that answers each request as a script says —
//! an error, a reset, a stall, a redirect — or passes it to a real sandbox and then
//! does something to the answer. It records what it saw, and a test can wait
//! (without sleeping) until it has seen a number of requests.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// What the server does with a request.
#[derive(Clone)]
pub enum Action {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Reads the request, then resets the connection without answering.
    Reset,
    /// Reads the request and never answers.
    Stall,
    /// Passes the request to a real sandbox, then treats its answer as `answer` says.
    Sandbox {
        sandbox: kyc_sandbox::Sandbox,
        answer: Answer,
    },
}

/// What happens to the sandbox's answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Answer {
    Pass,
    /// The connection is reset: the sandbox did the work, the client never hears.
    Lose,
    /// The client gets a 200 whose body is not JSON.
    Garble,
    /// The connection stays open with no answer, as if the client died waiting.
    Hold,
}

impl Action {
    pub fn status(status: u16) -> Action {
        Action::Respond { status, headers: Vec::new(), body: String::new() }
    }

    pub fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Action {
        let headers = headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Action::Respond { status, headers, body: body.to_owned() }
    }

    pub fn pass(sandbox: &kyc_sandbox::Sandbox) -> Action {
        Action::Sandbox { sandbox: sandbox.clone(), answer: Answer::Pass }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub idempotency_key: Option<String>,
    pub language: Option<String>,
    pub authorization: Option<String>,
    /// The request's body, as sent.
    pub body: Vec<u8>,
    pub at: Instant,
}

type Script = dyn Fn(usize, &Seen) -> Action + Send + Sync;

pub struct Scripted {
    pub url: String,
    seen: Arc<(Mutex<Vec<Seen>>, Condvar)>,
}

impl Scripted {
    /// Serves `script` in order; once it is used up, every request gets the last action.
    pub async fn start(script: Vec<Action>) -> Scripted {
        assert!(!script.is_empty());
        Scripted::start_with(move |n, _| script[n.min(script.len() - 1)].clone()).await
    }

    /// Serves the `n`th request (from 0) as `script(n, request)` says.
    pub async fn start_with(script: impl Fn(usize, &Seen) -> Action + Send + Sync + 'static) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        Scripted::serve(listener, Arc::new(script))
    }

    /// As [`Scripted::start_with`], on a port chosen beforehand (a server coming back).
    pub async fn start_on(
        port: u16,
        script: impl Fn(usize, &Seen) -> Action + Send + Sync + 'static,
    ) -> std::io::Result<Scripted> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        Ok(Scripted::serve(listener, Arc::new(script)))
    }

    fn serve(listener: TcpListener, script: Arc<Script>) -> Scripted {
        let url = format!("http://{}/", listener.local_addr().expect("bound"));
        let seen = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            for n in 0.. {
                let Ok((mut stream, _)) = listener.accept().await else { return };
                let Some((head, body)) = read_request(&mut stream).await else { continue };
                let request = seen_from(&head, &body);
                // Recorded once the sandbox has done its part and before any answer is written: a
                // test waiting for a request sees its effect, and a client holding its answer
                // always finds its request recorded.
                match script(n, &request) {
                    Action::Respond { status, headers, body } => {
                        record(&log, request);
                        respond(&mut stream, status, &headers, &body).await
                    }
                    Action::Reset => {
                        record(&log, request);
                        reset(stream)
                    }
                    Action::Stall => {
                        record(&log, request);
                        held.push(stream)
                    }
                    Action::Sandbox { sandbox, answer } => {
                        let (status, text) = through_sandbox(&sandbox, &head, body).await;
                        record(&log, request);
                        match answer {
                            Answer::Pass => respond(&mut stream, status, &[], &text).await,
                            Answer::Lose => reset(stream),
                            Answer::Garble => respond(&mut stream, 200, &[], "{\"status\": \"succ").await,
                            Answer::Hold => held.push(stream),
                        }
                    }
                }
            }
        });
        Scripted { url, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Blocks until `count` requests have been handled (at most `limit`, then panics).
    pub fn wait_for(&self, count: usize, limit: Duration) -> Vec<Seen> {
        let (list, changed) = &*self.seen;
        let guard = list.lock().unwrap_or_else(|p| p.into_inner());
        let (guard, timeout) = changed.wait_timeout_while(guard, limit, |seen| seen.len() < count).unwrap();
        assert!(!timeout.timed_out(), "expected {count} requests, saw {}", guard.len());
        guard.clone()
    }
}

fn record(log: &(Mutex<Vec<Seen>>, Condvar), request: Seen) {
    let (list, changed) = log;
    list.lock().unwrap_or_else(|p| p.into_inner()).push(request);
    changed.notify_all();
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

fn seen_from(head: &str, body: &[u8]) -> Seen {
    let mut words = head.split_whitespace();
    Seen {
        method: words.next().unwrap_or_default().to_owned(),
        path: words.next().unwrap_or_default().to_owned(),
        idempotency_key: header(head, "idempotency-key"),
        language: header(head, "accept-language"),
        authorization: header(head, "authorization"),
        body: body.to_vec(),
        at: Instant::now(),
    }
}

async fn respond(stream: &mut TcpStream, status: u16, headers: &[(String, String)], body: &str) {
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
    if let Ok(std) = stream.into_std() {
        let _ = socket2::SockRef::from(&std).set_linger(Some(Duration::ZERO));
    }
}

async fn through_sandbox(sandbox: &kyc_sandbox::Sandbox, head: &str, body: Vec<u8>) -> (u16, String) {
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("GET");
    let path = words.next().unwrap_or("/");
    let mut request = axum::http::Request::builder().method(method).uri(path);
    for name in ["authorization", "idempotency-key", "accept-language", "content-type"] {
        if let Some(value) = header(head, name) {
            request = request.header(name, value);
        }
    }
    let Ok(request) = request.body(Body::from(body)) else { return (400, String::new()) };
    let Ok(response) = kyc_sandbox::app(sandbox.clone()).oneshot(request).await;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client holding its answer finds its request recorded, so a test may count requests as
    /// soon as the client returns ("the redirect was not followed"). Shown with an answer larger
    /// than the sockets can buffer: the client reads it only once the request is seen, which it
    /// could never be if the server recorded it only after writing the answer.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_is_recorded_before_its_answer_is_written() {
        let large = "x".repeat(32 << 20);
        let server = Scripted::start_with(move |_, _| Action::respond(200, &[], &large)).await;
        let mut stream =
            TcpStream::connect(server.url.trim_start_matches("http://").trim_end_matches('/')).await.unwrap();
        stream.write_all(b"GET /latest.json HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let seen = tokio::task::block_in_place(|| server.wait_for(1, Duration::from_secs(10)));
        assert_eq!(seen[0].path, "/latest.json");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        assert!(answer.len() > 32 << 20, "the whole answer arrives after: {} bytes", answer.len());
    }
}
