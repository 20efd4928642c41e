//! The Tauri shell of KYC Flow: configuration, the in-process sandbox when no API
//! is configured, and thin commands over the `kyc-*` crates. Logic lives in those
//! crates; this crate only wires them to the window.

mod commands;
mod error;
mod state;

use kyc_api_client::{Client, Config, Token};
use tauri::{Builder, Manager, Runtime};

pub use error::AppError;

/// Where the in-process sandbox keeps its data; the app's data directory by default.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub sandbox_dir: Option<std::path::PathBuf>,
}

/// Runs the app with the real (Wry) runtime.
pub fn run() {
    let settings = Settings { sandbox_dir: std::env::var_os("KYC_SANDBOX_DIR").map(Into::into) };
    if let Err(e) = run_app(Builder::default(), settings) {
        eprintln!("KYC Flow could not start: {e}");
        std::process::exit(1);
    }
}

/// Builds and runs the app on any runtime, so tests can boot it on the mock runtime.
pub fn run_app<R: Runtime>(builder: Builder<R>, settings: Settings) -> tauri::Result<()> {
    build_app(builder, settings)?.run(|_, _| {});
    Ok(())
}

pub fn build_app<R: Runtime>(builder: Builder<R>, settings: Settings) -> tauri::Result<tauri::App<R>> {
    let builder = match settings.sandbox_dir {
        // A known place: connect now, so the state exists as soon as the app is built.
        Some(dir) => builder.manage(connect(dir).map_err(|e| tauri::Error::Io(std::io::Error::other(e.to_string())))?),
        None => builder.setup(|app| {
            let api = connect(app.path().app_data_dir()?.join("sandbox"))?;
            app.manage(api);
            Ok(())
        }),
    };
    builder
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::progress,
            commands::send_personal,
            commands::send_address
        ])
        .build(tauri::generate_context!())
}

/// `KYC_API` and `KYC_TOKEN` point the app at a real service; without them it
/// starts the sandbox in-process on a loopback port with its demo user.
fn connect(sandbox_dir: std::path::PathBuf) -> Result<state::Api, Box<dyn std::error::Error>> {
    let language = std::env::var("KYC_LANG").unwrap_or_else(|_| "en".into());
    if let (Ok(api), Ok(token)) = (std::env::var("KYC_API"), std::env::var("KYC_TOKEN")) {
        let mut config = Config::new(api, Token::new(token));
        config.language = language;
        return Ok(state::Api { client: Client::new(config)?, sandbox: false });
    }
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(sandbox_dir))?;
    let demo = sandbox.store().demo_user()?;
    let listener = tauri::async_runtime::block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let address = listener.local_addr()?;
    tauri::async_runtime::spawn(kyc_sandbox::serve(listener, sandbox, std::future::pending()));
    let mut config = Config::new(format!("http://{address}/"), Token::new(demo.token));
    config.language = language;
    Ok(state::Api { client: Client::new(config)?, sandbox: true })
}

#[cfg(test)]
mod tests {
    #[test]
    fn boots_on_the_mock_runtime_with_the_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        let settings = super::Settings { sandbox_dir: Some(dir.path().to_owned()) };
        let app = super::build_app(tauri::test::mock_builder(), settings).expect("the app builds");
        let api = tauri::Manager::state::<crate::state::Api>(&app);
        assert!(api.sandbox, "with no KYC_API configured the app runs on its own sandbox");
        let progress = tauri::async_runtime::block_on(api.client.get_profile()).expect("the sandbox answers");
        assert_eq!(kyc_flow::resume(&progress).next, kyc_flow::Screen::PersonalDetails);
    }
}
