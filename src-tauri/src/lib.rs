//! The Tauri shell of KYC Flow: settings, the in-process sandbox when no API is
//! configured, and thin commands over the `kyc-*` crates. Logic lives in those
//! crates; this crate only wires them to the window.

mod commands;
mod error;
mod settings;
mod state;

use kyc_api_client::{Client, Config, Token};
use tauri::{Builder, Manager, Runtime};

pub use error::AppError;
pub use settings::Settings;

/// Runs the app with the real (Wry) runtime, configured from the command line,
/// the environment and the config file.
pub fn run() {
    let settings = match settings_from_process() {
        Ok(Some(settings)) => settings,
        Ok(None) => {
            println!("{}", settings::USAGE);
            return;
        }
        Err(problem) => {
            eprintln!("KYC Flow cannot start: {problem}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run_app(Builder::default(), settings) {
        eprintln!("KYC Flow could not start: {e}");
        std::process::exit(1);
    }
}

fn settings_from_process() -> Result<Option<Settings>, String> {
    let settings::Invocation::Run { flags, config } = settings::parse_args(std::env::args().skip(1))? else {
        return Ok(None);
    };
    let file = match config {
        Some(path) => Some(std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?),
        None => settings::default_config_file().and_then(|path| std::fs::read_to_string(path).ok()),
    };
    settings::resolve(&flags, |name| std::env::var(name).ok(), file.as_deref()).map(Some)
}

/// Builds and runs the app on any runtime, so tests can boot it on the mock runtime.
pub fn run_app<R: Runtime>(builder: Builder<R>, settings: Settings) -> tauri::Result<()> {
    build_app(builder, settings)?.run(|_, _| {});
    Ok(())
}

pub fn build_app<R: Runtime>(builder: Builder<R>, settings: Settings) -> tauri::Result<tauri::App<R>> {
    let builder = builder.manage(state::Photos::default()).manage(state::Camera::new(settings.camera.clone()));
    let builder = match settings.sandbox_dir.clone() {
        // A known place: connect now, so the state exists as soon as the app is built.
        Some(dir) => {
            builder.manage(connect(&settings, dir).map_err(|e| tauri::Error::Io(std::io::Error::other(e.to_string())))?)
        }
        None => builder.setup(move |app| {
            let api = connect(&settings, app.path().app_data_dir()?.join("sandbox"))?;
            app.manage(api);
            Ok(())
        }),
    };
    builder
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::overview,
            commands::countries,
            commands::set_language,
            commands::prepare_photo,
            commands::send,
            commands::camera::camera_start,
            commands::camera::camera_capture,
            commands::camera::camera_stop,
        ])
        .build(tauri::generate_context!())
}

/// A configured API, or else the sandbox started in-process on a loopback port with its demo user.
fn connect(settings: &Settings, sandbox_dir: std::path::PathBuf) -> Result<state::Api, Box<dyn std::error::Error>> {
    if let Some((api, token)) = &settings.api {
        let mut config = Config::new(api, Token::new(token));
        config.language = settings.lang.clone();
        return Ok(state::Api::new(Client::new(config)?, false));
    }
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(sandbox_dir))?;
    let demo = sandbox.store().demo_user()?;
    let listener = tauri::async_runtime::block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let address = listener.local_addr()?;
    tauri::async_runtime::spawn(kyc_sandbox::serve(listener, sandbox, std::future::pending()));
    let mut config = Config::new(format!("http://{address}/"), Token::new(demo.token));
    config.language = settings.lang.clone();
    Ok(state::Api::new(Client::new(config)?, true))
}

#[cfg(test)]
mod tests;
