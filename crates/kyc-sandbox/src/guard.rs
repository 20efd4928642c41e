//! What bounds a request, whoever sends it: a deadline for the whole request, a
//! turn for each image check (one per core) with a deadline of its own, work that
//! stops when its client hangs up, and a JSON 500 should a handler ever panic.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use kyc_imaging::Cancel;
use tokio::sync::Semaphore;

use crate::error::{ApiError, Code};
use crate::i18n::Lang;
use crate::{Config, Sandbox};

/// The sandbox's shared limits on concurrent work.
#[derive(Clone)]
pub struct Work {
    checks: Arc<Semaphore>,
    uploads: Arc<Semaphore>,
    check_deadline: Duration,
}

impl Work {
    pub(crate) fn new(config: &Config) -> Work {
        Work {
            checks: Arc::new(Semaphore::new(config.image_checks.max(1))),
            uploads: Arc::new(Semaphore::new(config.uploads_in_flight.max(1))),
            check_deadline: config.timeouts.image_check,
        }
    }

    /// Runs `job` on a blocking thread once a check slot is free, for at most the
    /// check deadline. The slot is held until the job has really ended, so a job that
    /// overruns still counts; `job` is asked to stop (its `Cancel` is set) when the
    /// deadline passes or when this future is dropped — as hyper drops a request's
    /// future when its client hangs up.
    pub(crate) async fn check<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = Arc::clone(&self.checks)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::new(Code::Internal, "the image checks were shut down"))?;
        let cancel = Cancel::new();
        let _stop_when_dropped = CancelOnDrop(cancel.clone());
        let running = tokio::task::spawn_blocking({
            let cancel = cancel.clone();
            move || {
                let _permit = permit;
                job(&cancel)
            }
        });
        match tokio::time::timeout(self.check_deadline, running).await {
            Ok(joined) => joined.map_err(|e| ApiError::new(Code::Internal, e.to_string()))?,
            Err(_) => {
                cancel.cancel();
                Err(ApiError::new(
                    Code::ImageTooComplex,
                    format!("it was still being read after {} s", self.check_deadline.as_secs_f32()),
                ))
            }
        }
    }
}

struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The layers every route sits behind: the request deadline, and a JSON 500 for a panic.
pub fn harden(router: Router, sandbox: &Sandbox) -> Router {
    let deadline = sandbox.config().timeouts.request;
    router
        .layer(axum::middleware::from_fn_with_state(deadline, request_deadline))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(answer_panic))
}

/// Uploads wait here, before their bodies are read, while `uploads_in_flight` are
/// being handled: the memory that waiting uploads hold stays bounded.
pub(crate) async fn uploads_in_turn(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    let lang = language(&request);
    match sandbox.work().uploads.acquire().await {
        Ok(_permit) => next.run(request).await,
        Err(_) => ApiError::new(Code::Internal, "the sandbox is shutting down").at(lang).into_response(),
    }
}

async fn request_deadline(State(deadline): State<Duration>, request: Request, next: Next) -> Response {
    let lang = language(&request);
    tokio::time::timeout(deadline, next.run(request))
        .await
        .unwrap_or_else(|_| ApiError::from(Code::RequestTimeout).at(lang).into_response())
}

fn language(request: &Request) -> Lang {
    Lang::negotiate(request.headers().get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// The panic's message is not repeated: it could hold what the request carried.
fn answer_panic(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(Code::Internal, "").at(Lang::En).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(deadline: Duration) -> Work {
        let mut config = Config::new("unused");
        config.timeouts.image_check = deadline;
        Work::new(&config)
    }

    /// A job that hands its `Cancel` out, then blocks until released.
    fn held_job(
        started: tokio::sync::oneshot::Sender<Cancel>,
        release: std::sync::mpsc::Receiver<()>,
    ) -> impl FnOnce(&Cancel) -> Result<(), ApiError> + Send + 'static {
        move |cancel| {
            let _ = started.send(cancel.clone());
            let _ = release.recv();
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_check_is_told_to_stop_when_its_request_goes_away() {
        let work = work(Duration::from_secs(600));
        let (started_tx, started) = tokio::sync::oneshot::channel();
        let (release, release_rx) = std::sync::mpsc::channel();
        let mut check = Box::pin(work.check(held_job(started_tx, release_rx)));
        let cancel = tokio::select! {
            _ = &mut check => panic!("the job is held"),
            cancel = started => cancel.unwrap(),
        };
        assert!(!cancel.is_cancelled());
        // What hyper does when the client hangs up: the request's future is dropped.
        drop(check);
        assert!(cancel.is_cancelled(), "the running decode is asked to stop");
        release.send(()).unwrap();
    }

    #[tokio::test]
    async fn a_check_past_its_deadline_is_refused_and_told_to_stop() {
        let work = work(Duration::from_millis(50));
        let (started_tx, started) = tokio::sync::oneshot::channel();
        let (release, release_rx) = std::sync::mpsc::channel();
        let error = work.check(held_job(started_tx, release_rx)).await.unwrap_err();
        assert_eq!(error.code, Code::ImageTooComplex);
        assert!(started.await.unwrap().is_cancelled());
        release.send(()).unwrap();
    }
}
