//! The sandbox KYC server: a real HTTP server (axum) over a real SQLite file that
//! implements `upload-KYC-document`, `update_app_user_profile_v2` and
//! `get_app_user_profile_v2` for many users at once, plus a review simulation.
//!
//! It is what the app and the `kyc` command talk to out of the box. It is not a
//! production server: there is no user sign-up flow (users are made from the
//! command line) and uploaded files are kept as plain files in the data directory.

mod error;
mod i18n;
mod image_check;
mod routes;
mod store;

use std::path::PathBuf;
use std::sync::Arc;

pub use error::{ApiError, Code, StoreError};
pub use i18n::Lang;
pub use image_check::ImageLimits;
pub use routes::app;
pub use store::{overall_status, Credentials, NewUser, Store};

/// How a sandbox is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Holds `sandbox.sqlite3` and `files/`.
    pub data_dir: PathBuf,
    /// Serve `POST sandbox/review`, so an app can be shown every status.
    pub review_route: bool,
    pub limits: ImageLimits,
}

impl Config {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Config { data_dir: data_dir.into(), review_route: true, limits: ImageLimits::default() }
    }
}

/// A running sandbox's shared state: cheap to clone.
#[derive(Clone)]
pub struct Sandbox {
    store: Arc<Store>,
    config: Arc<Config>,
}

impl Sandbox {
    pub fn open(config: Config) -> Result<Sandbox, StoreError> {
        let store = Store::open(&config.data_dir)?;
        Ok(Sandbox { store: Arc::new(store), config: Arc::new(config) })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// Serves the sandbox on a bound listener until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    sandbox: Sandbox,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(sandbox)).with_graceful_shutdown(shutdown).await
}
