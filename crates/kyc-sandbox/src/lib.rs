//! The sandbox KYC server: a real HTTP server (axum) over a real SQLite file that
//! implements `upload-KYC-document`, `update_app_user_profile_v2` and
//! `get_app_user_profile_v2` for many users at once, plus a review simulation.
//!
//! It is what the app and the `kyc` command talk to out of the box. It is not a
//! production server: there is no user sign-up flow (users are made from the
//! command line) and uploaded files are kept as plain files in the data directory.

mod error;
mod guard;
mod i18n;
mod image_check;
mod routes;
mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use error::{ApiError, Code, StoreError, MAX_DETAIL_CHARS};
pub use guard::{harden, Work};
pub use i18n::Lang;
pub use image_check::ImageLimits;
pub use routes::app;
pub use store::{
    overall_status, Credentials, NewUser, Store, MAX_DOCUMENTS_PER_USER, MAX_IDEMPOTENCY_RECORDS_PER_USER,
};

/// How a sandbox is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Holds `sandbox.sqlite3` and `files/`.
    pub data_dir: PathBuf,
    /// Serve `POST sandbox/review`, so an app can be shown every status.
    pub review_route: bool,
    pub limits: ImageLimits,
    pub timeouts: Timeouts,
    /// Image checks that may run at once (each holds a core); more wait their turn.
    pub image_checks: usize,
    /// Uploads whose bodies may be read and held at once; more wait before being read.
    pub uploads_in_flight: usize,
}

/// How long a client may take, and how long the sandbox gives one image.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To send a request's headers, from the connection's start (or the previous answer).
    pub headers: Duration,
    /// For a whole request, its body included, until the answer is ready.
    pub request: Duration,
    /// For one image's check (decoding), once it has its turn.
    pub image_check: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            headers: Duration::from_secs(10),
            request: Duration::from_secs(60),
            image_check: Duration::from_secs(10),
        }
    }
}

impl Config {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Config {
            data_dir: data_dir.into(),
            review_route: true,
            limits: ImageLimits::default(),
            timeouts: Timeouts::default(),
            image_checks: cores,
            uploads_in_flight: cores * 2,
        }
    }
}

/// A running sandbox's shared state: cheap to clone.
#[derive(Clone)]
pub struct Sandbox {
    store: Arc<Store>,
    config: Arc<Config>,
    work: Work,
}

impl Sandbox {
    pub fn open(config: Config) -> Result<Sandbox, StoreError> {
        let store = Store::open(&config.data_dir)?;
        let work = Work::new(&config);
        Ok(Sandbox { store: Arc::new(store), config: Arc::new(config), work })
    }

    pub(crate) fn work(&self) -> &Work {
        &self.work
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// Serves the sandbox on a bound listener until `shutdown` completes, then lets the
/// requests in progress finish. HTTP/1.1 through hyper directly (rather than
/// `axum::serve`) for its header-read timeout: a client that never finishes its
/// headers is disconnected.
pub async fn serve(
    listener: tokio::net::TcpListener,
    sandbox: Sandbox,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let headers = sandbox.config().timeouts.headers;
    let router = app(sandbox);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(headers)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    graceful.shutdown().await;
    Ok(())
}
