//! The Tauri shell of KYC Flow: settings, the in-process sandbox when no API is
//! configured, and thin commands over the `kyc-*` crates. Logic lives in those
//! crates; this crate only wires them to the window.

mod commands;
mod permissions;
pub mod settings;
mod state;
mod updates;

use std::path::PathBuf;

use kyc_api_client::{Client, Config, Token};
use kyc_vault::Keychain;
use tauri::{Builder, Manager, Runtime};

pub use kyc_app::{AppError, Deferred};

/// The app's identifier (tauri.conf.json): its data directory's name.
#[cfg(desktop)]
const IDENTIFIER: &str = "org.kycflow.app";
pub use settings::Settings;
pub use state::{draft_key_name, KEYCHAIN_SERVICE};

/// Runs the app with the real (Wry) runtime. On a desktop it is configured from the command
/// line, the environment and the config file; on a phone (its entry point) from the build.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    #[cfg(mobile)]
    let settings = settings::for_phone(option_env!("KYC_API_URL"));
    #[cfg(desktop)]
    let Some(settings) = desktop_settings() else {
        return;
    };
    if let Err(e) = run_app(Builder::default(), settings) {
        eprintln!("KYC Flow could not start: {e}");
        #[cfg(desktop)]
        std::process::exit(1);
    }
}

/// The desktop's settings, with its log started; `None` once the usage was printed.
#[cfg(desktop)]
fn desktop_settings() -> Option<Settings> {
    let settings = match settings_from_process() {
        Ok(Some(settings)) => settings,
        Ok(None) => {
            println!("{}", settings::USAGE);
            return None;
        }
        Err(problem) => {
            eprintln!("KYC Flow cannot start: {problem}");
            std::process::exit(2);
        }
    };
    if let Some(dir) = settings.data_dir.clone().or_else(|| dirs::data_dir().map(|d| d.join(IDENTIFIER))) {
        // Redacted (kyc-log): no token, image or personal field is ever written.
        if let Err(e) = kyc_log::to_file(&dir.join("logs"), "info") {
            eprintln!("KYC Flow cannot write its log in {}: {e}", dir.display());
        }
    }
    Some(settings)
}

#[cfg(desktop)]
fn settings_from_process() -> Result<Option<Settings>, String> {
    let settings::Invocation::Run { flags, config } = settings::parse_args(std::env::args().skip(1))? else {
        return Ok(None);
    };
    let file = match config {
        Some(path) => Some(std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?),
        None => settings::default_config_file().and_then(|path| std::fs::read_to_string(path).ok()),
    };
    let mut settings = settings::resolve(&flags, |name| std::env::var(name).ok(), file.as_deref())?;
    settings::token_from(&mut settings, std::io::stdin().lock())?;
    Ok(Some(settings))
}

/// Builds and runs the app on any runtime, so tests can boot it on the mock runtime.
pub fn run_app<R: Runtime>(builder: Builder<R>, settings: Settings) -> tauri::Result<()> {
    build_app(builder, settings)?.run(|_, _| {});
    Ok(())
}

pub fn build_app<R: Runtime>(builder: Builder<R>, settings: Settings) -> tauri::Result<tauri::App<R>> {
    let builder = builder
        .manage(state::Camera::new(settings.camera.clone()))
        .manage(settings.upload)
        .manage(updates::Updates::new(settings.update_url.clone()));
    let start_error = |e: String| tauri::Error::Io(std::io::Error::other(e));
    let builder = match settings.data_dir.clone() {
        // A known place: start now, so the state exists as soon as the app is built.
        Some(dir) => {
            let (vault, api) = start_services(&settings, dir).map_err(start_error)?;
            builder.manage(vault).manage(api)
        }
        None => builder.setup(move |app| {
            let dir = app.path().app_data_dir()?;
            // A phone's log lives in the app's own data directory (a desktop's is started in `run`).
            #[cfg(mobile)]
            let _ = kyc_log::to_file(&dir.join("logs"), "info");
            let (vault, api) = start_services(&settings, dir).map_err(start_error)?;
            app.manage(vault);
            app.manage(api);
            Ok(())
        }),
    };
    // The same commands everywhere, and on phones the camera still from the page too.
    macro_rules! with_commands {
        ($builder:expr $(, $extra:path)*) => {
            $builder.invoke_handler(tauri::generate_handler![
                commands::app_info,
                commands::overview,
                commands::countries,
                commands::set_language,
                commands::prepare_photo,
                commands::send,
                commands::save_form,
                commands::held_photo,
                commands::discard_draft,
                commands::record_consent,
                commands::read_document,
                commands::compare_document,
                commands::camera::camera_start,
                commands::camera::camera_capture,
                commands::camera::camera_stop,
                commands::update_check,
                commands::update_install,
                $($extra),*
            ])
        };
    }
    let builder = builder
        .plugin(navigation_guard())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .on_permission_request(permissions::on_request);
    #[cfg(mobile)]
    let builder = with_commands!(builder, commands::mobile::webview_still, commands::mobile::webview_frame)
        .manage(kyc_app::PageLive::default());
    #[cfg(not(mobile))]
    let builder = with_commands!(builder);
    builder.build(tauri::generate_context!())
}

/// The draft (behind the keychain) and the API. Opening the keychain and the draft, and
/// starting the sandbox (SQLite and its migrations), each run on their own thread while the
/// window loads; commands wait for them. A configured API is connected here and now, so a
/// missing token or certificate stops the start with a message, as before any window.
fn start_services(
    settings: &Settings,
    data_dir: PathBuf,
) -> Result<(Deferred<state::Vault>, Deferred<state::Api>), String> {
    let vault_dir = data_dir.clone();
    let vault = Deferred::start("kyc-open-vault", move || {
        Ok(state::Vault::open(&vault_dir, &Keychain::open(state::KEYCHAIN_SERVICE)))
    });
    let api = match &settings.api {
        Some(api) => Deferred::now(Ok(connect(settings, api, &Keychain::open(state::KEYCHAIN_SERVICE))?)),
        #[cfg(feature = "sandbox")]
        None => {
            let sandbox_dir = settings.sandbox_dir.clone().unwrap_or_else(|| data_dir.join("sandbox"));
            let language = settings.lang.clone();
            Deferred::start("kyc-start-sandbox", move || {
                start_sandbox(language, sandbox_dir).map_err(|e| format!("the built-in sandbox could not start: {e}"))
            })
        }
        #[cfg(not(feature = "sandbox"))]
        None => Deferred::now(Err("this build has no built-in sandbox: configure a KYC API".into())),
    };
    Ok((vault, api))
}

/// The configured API, with the token given this run or kept in the keychain.
fn connect(settings: &Settings, api: &settings::ApiSettings, keychain: &Keychain) -> Result<state::Api, String> {
    let mut config = Config::new(&api.url, api_token(api, keychain)?);
    config.language = settings.lang.clone();
    if let Some(timeout) = settings.timeout {
        config.request_timeout = timeout;
    }
    if let Some(pem) = &api.pin_certificate {
        let pem =
            std::fs::read(pem).map_err(|e| format!("cannot read the pinned certificate {}: {e}", pem.display()))?;
        config.pinned_certificate = Some(pem);
    }
    Ok(state::Api::new(Client::new(config).map_err(|e| e.to_string())?, false))
}

/// The token given this run (then kept in the keychain for this API), else the one the keychain holds.
fn api_token(api: &settings::ApiSettings, keychain: &Keychain) -> Result<Token, String> {
    let account = format!("token {}", api.url);
    if let Some(token) = &api.token {
        // Without a keychain the token stays in memory for this run; the start screen says so.
        if keychain.unavailable().is_none() {
            keychain.set(&account, token.expose().as_bytes()).map_err(|e| e.to_string())?;
        }
        return Ok(token.clone());
    }
    match keychain.get(&account).map_err(|e| e.to_string())? {
        Some(token) => Ok(Token::new(String::from_utf8_lossy(&token).into_owned())),
        None => Err(format!(
            "no access token for {}: pass it once with --token or KYC_TOKEN (it is then kept in the system keychain)",
            api.url
        )),
    }
}

/// The sandbox started in-process on a loopback port, with its demo user.
#[cfg(feature = "sandbox")]
fn start_sandbox(language: String, sandbox_dir: PathBuf) -> Result<state::Api, Box<dyn std::error::Error>> {
    let sandbox = kyc_sandbox::Sandbox::open(kyc_sandbox::Config::new(sandbox_dir))?;
    let demo = sandbox.store().demo_user()?;
    let listener = tauri::async_runtime::block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let address = listener.local_addr()?;
    tauri::async_runtime::spawn(kyc_sandbox::serve(listener, sandbox, std::future::pending()));
    let mut config = Config::new(format!("http://{address}/"), Token::new(demo.token));
    config.language = language;
    Ok(state::Api::new(Client::new(config)?, true))
}

/// Nothing but the app's own pages: a link, a form or a script cannot take the window elsewhere.
fn navigation_guard<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| is_own_page(url, cfg!(debug_assertions), cfg!(mobile)))
        .build()
}

/// The app's bundled pages; in debug builds also the Vite dev server: on this machine for a
/// desktop, at the development machine's address (port 5173) for a phone.
fn is_own_page(url: &tauri::Url, debug: bool, mobile: bool) -> bool {
    let host = url.host_str().unwrap_or_default();
    match url.scheme() {
        "tauri" => host == "localhost",
        "http" | "https" if host == "tauri.localhost" => true,
        "http" if debug && url.port() == Some(5173) => mobile || host == "localhost",
        _ => false,
    }
}

#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod update_tests;
