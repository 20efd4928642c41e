//! Where the app's settings come from: flags, then the environment, then the
//! config file, then defaults (the in-process sandbox, English, the first camera).

use std::path::PathBuf;

use kyc_api_client::Token;
use kyc_camera::Choice;
use serde::Deserialize;

/// The config file, `config.json` in the platform's config directory under
/// `kyc-flow` (or `--config <file>`). Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    api: Option<String>,
    /// Refused: a token in a file would sit on disk in plain text.
    token: Option<String>,
    lang: Option<String>,
    camera: Option<String>,
    sandbox_dir: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    pin_certificate: Option<PathBuf>,
    timeout: Option<u64>,
    upload_document: Option<String>,
    update_url: Option<String>,
}

/// A configured KYC API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSettings {
    pub url: String,
    /// Given this run; else the one kept in the system keychain for this URL.
    pub token: Option<Token>,
    /// A PEM certificate that is the only one trusted for this API.
    pub pin_certificate: Option<PathBuf>,
}

/// The app's settings, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The KYC API; `None` runs the sandbox in-process.
    pub api: Option<ApiSettings>,
    pub lang: String,
    /// A mistake here is shown on the selfie screen rather than stopping the app.
    pub camera: Result<Choice, String>,
    /// Where the app keeps its encrypted draft and its log; the platform's app data directory when `None`.
    pub data_dir: Option<PathBuf>,
    /// Where the in-process sandbox keeps its data; `sandbox` in the data directory when `None`.
    pub sandbox_dir: Option<PathBuf>,
    /// How long one attempt of an API call may take; the client's default (60 s) when `None`.
    pub timeout: Option<std::time::Duration>,
    /// The ID and proof-of-address photos uploaded whole (default) or straightened.
    pub upload: kyc_app::DocumentUpload,
    /// Where updates are announced (a `latest.json`); none: the app never looks for one.
    pub update_url: Option<kyc_api_client::Url>,
}

/// A phone build's settings. A phone has no arguments, environment or config file: the API is the
/// one baked in when the app was built (`KYC_API_URL` in the build's environment), else the
/// in-process sandbox; its token is the one the keychain keeps for that API. Paths are the app's
/// own (`app.path()`, as `data_dir: None` means), never `dirs` or `$HOME`; the camera is the page's.
pub fn for_phone(built_api: Option<&str>) -> Settings {
    let api = built_api.map(str::trim).filter(|url| !url.is_empty()).map(|url| ApiSettings {
        url: url.to_owned(),
        token: None,
        pin_certificate: None,
    });
    Settings { api, ..Settings::default() }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api: None,
            lang: "en".into(),
            camera: Ok(Choice::Device(None)),
            data_dir: None,
            sandbox_dir: None,
            timeout: None,
            upload: kyc_app::DocumentUpload::Whole,
            update_url: None,
        }
    }
}

pub const USAGE: &str = "\
Usage: kyc-flow-app [--api URL [--token TOKEN] [--pin-certificate PEM]] [--lang LANG] [--camera CAMERA]
                    [--data-dir DIR] [--sandbox-dir DIR] [--upload-document whole|straightened]
                    [--update-url URL] [--config FILE]

  --api            the KYC API (KYC_API): https://, or http:// on this machine only; without it the
                   app runs its own sandbox on this machine with a demo user
  --token          the API's access token: prefer KYC_TOKEN, or --token - to read it from standard input
                   (a token on the command line is visible to other users); given once, it is kept in the system keychain
                   for that API, and later runs find it there
  --pin-certificate  a PEM certificate that is the only one trusted for the API (KYC_PIN_CERTIFICATE)
  --lang           language of server messages, e.g. en, th (KYC_LANG)
  --camera         device, device:<id>, synthetic or files:<path>,<path> (KYC_CAMERA)
  --data-dir       where the encrypted draft and the log are kept (KYC_DATA_DIR)
  --timeout        seconds one attempt of an API call may take, default 60 (KYC_TIMEOUT)
  --sandbox-dir    where the built-in sandbox keeps its data (KYC_SANDBOX_DIR)
  --upload-document  the ID and proof-of-address photos sent whole (default), or straightened: the
                   document alone, its perspective corrected, when its outline is found (KYC_UPLOAD_DOCUMENT)
  --update-url     where updates are announced (a latest.json, https://; KYC_UPDATE_URL); without it the app
                   never looks for one. An update is installed only when you say so and its signature holds
  --config         a JSON file with any of: api, lang, camera, data_dir, sandbox_dir, pin_certificate, timeout,
                   upload_document, update_url
                   (default: config.json in the kyc-flow config directory; never the token)";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Run { flags: Vec<(String, String)>, config: Option<PathBuf> },
    Help,
}

/// Reads `--name value` and `--name=value` flags.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Invocation, String> {
    const NAMES: [&str; 10] = [
        "api",
        "token",
        "pin-certificate",
        "lang",
        "camera",
        "data-dir",
        "sandbox-dir",
        "timeout",
        "upload-document",
        "update-url",
    ];
    let mut flags = Vec::new();
    let mut config = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(Invocation::Help);
        }
        let Some(flag) = arg.strip_prefix("--") else {
            return Err(format!("unexpected argument \"{arg}\"\n\n{USAGE}"));
        };
        let (name, value) = match flag.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => {
                let value = args.next().ok_or_else(|| format!("--{flag} needs a value\n\n{USAGE}"))?;
                (flag.to_owned(), value)
            }
        };
        if name == "config" {
            config = Some(PathBuf::from(value));
        } else if NAMES.contains(&name.as_str()) {
            flags.push((name, value));
        } else {
            return Err(format!("unknown option --{name}\n\n{USAGE}"));
        }
    }
    Ok(Invocation::Run { flags, config })
}

/// `--token -`: the token is the first line of `input` (standard input), never in the process list.
pub fn token_from(settings: &mut Settings, input: impl std::io::Read) -> Result<(), String> {
    let Some(api) = settings.api.as_mut() else { return Ok(()) };
    if api.token.as_ref().is_some_and(Token::is_from_stdin) {
        let token =
            Token::read_from(input).map_err(|e| format!("could not read the token from standard input: {e}"))?;
        api.token = Some(token.ok_or("no token on standard input: pipe it in, or set KYC_TOKEN instead of --token -")?);
    }
    Ok(())
}

/// Resolves each setting from the flags, else `env`, else the config file's text.
pub fn resolve(
    flags: &[(String, String)],
    env: impl Fn(&str) -> Option<String>,
    file: Option<&str>,
) -> Result<Settings, String> {
    let file: File = match file {
        Some(text) => serde_json::from_str(text).map_err(|e| format!("the config file is not valid: {e}"))?,
        None => File::default(),
    };
    let pick = |flag: &str, var: &str, from_file: Option<String>| {
        flags.iter().rev().find(|(name, _)| name == flag).map(|(_, v)| v.clone()).or_else(|| env(var)).or(from_file)
    };
    if file.token.is_some() {
        return Err("the config file must not hold the token (it would sit on disk in plain text): remove it, \
             and pass the token once with --token or KYC_TOKEN; the app then keeps it in the system keychain"
            .into());
    }
    let api = pick("api", "KYC_API", file.api).filter(|v| !v.is_empty());
    let token = pick("token", "KYC_TOKEN", None).filter(|v| !v.is_empty()).map(Token::new);
    let pin_certificate =
        pick("pin-certificate", "KYC_PIN_CERTIFICATE", None).map(PathBuf::from).or(file.pin_certificate);
    let api = match (api, token) {
        (Some(url), token) => Some(ApiSettings { url, token, pin_certificate }),
        (None, None) => None,
        (None, Some(_)) => {
            return Err("a token is set but no API: give both (--api or KYC_API), or neither to use the sandbox".into())
        }
    };
    let timeout = match pick("timeout", "KYC_TIMEOUT", file.timeout.map(|t| t.to_string())) {
        None => None,
        Some(text) => match text.parse::<u64>() {
            Ok(seconds) if seconds > 0 => Some(std::time::Duration::from_secs(seconds)),
            _ => return Err(format!("the timeout \"{text}\" is not a whole number of seconds above 0, e.g. 30")),
        },
    };
    let upload = match pick("upload-document", "KYC_UPLOAD_DOCUMENT", file.upload_document) {
        None => kyc_app::DocumentUpload::Whole,
        Some(text) => text.parse()?,
    };
    let update_url = match pick("update-url", "KYC_UPDATE_URL", file.update_url).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => Some(kyc_app::update_address(&text).map_err(|e| match e {
            kyc_app::AppError::Update { message, .. } => message,
            other => format!("{other:?}"),
        })?),
    };
    Ok(Settings {
        timeout,
        upload,
        update_url,
        api,
        lang: pick("lang", "KYC_LANG", file.lang).unwrap_or_else(|| "en".into()),
        camera: Choice::parse(&pick("camera", "KYC_CAMERA", file.camera).unwrap_or_default()),
        data_dir: pick("data-dir", "KYC_DATA_DIR", None).map(PathBuf::from).or(file.data_dir),
        sandbox_dir: pick("sandbox-dir", "KYC_SANDBOX_DIR", None).map(PathBuf::from).or(file.sandbox_dir),
    })
}

/// The default config file's place.
pub fn default_config_file() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("kyc-flow").join("config.json"))
}

#[cfg(test)]
mod phone_tests {
    use super::*;

    #[test]
    fn a_phone_build_runs_on_the_sandbox_unless_an_api_was_baked_in() {
        let sandbox = for_phone(None);
        assert_eq!(sandbox.api, None);
        assert_eq!(for_phone(Some("  ")).api, None, "an empty build variable is no API");
        let built = for_phone(Some("https://kyc.example/"));
        let api = built.api.expect("the API baked in");
        assert_eq!((api.url.as_str(), api.token, api.pin_certificate), ("https://kyc.example/", None, None));
        // The app's own paths: nothing taken from this machine's home or data directories.
        for settings in [sandbox, for_phone(Some("https://kyc.example/"))] {
            assert_eq!((settings.data_dir, settings.sandbox_dir), (None, None));
            assert_eq!(settings.lang, "en");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    fn flags(line: &str) -> Vec<(String, String)> {
        match parse_args(args(line)).unwrap() {
            Invocation::Run { flags, .. } => flags,
            Invocation::Help => panic!("help"),
        }
    }

    #[test]
    fn flags_win_over_the_environment_which_wins_over_the_file() {
        let file = r#"{"api": "https://file.example/", "lang": "de", "camera": "synthetic", "data_dir": "/f"}"#;
        let env = |name: &str| (name == "KYC_LANG").then(|| "th".to_owned());
        let settings = resolve(&flags("--api=https://flag.example/ --token t"), env, Some(file)).unwrap();
        let api = settings.api.unwrap();
        assert_eq!((api.url.as_str(), api.token), ("https://flag.example/", Some(Token::new("t"))));
        assert_eq!(settings.data_dir, Some(PathBuf::from("/f")));
        assert_eq!(settings.lang, "th");
        assert_eq!(settings.camera, Ok(Choice::Synthetic));
    }

    #[test]
    fn nothing_configured_means_the_sandbox_in_english_with_the_first_camera() {
        let settings = resolve(&[], |_| None, None).unwrap();
        assert_eq!(settings.api, None);
        assert_eq!(settings.lang, "en");
        assert_eq!(settings.camera, Ok(Choice::Device(None)));
    }

    #[test]
    fn mistakes_say_what_to_do() {
        let half = resolve(&flags("--token t"), |_| None, None).unwrap_err();
        assert!(half.contains("no API"), "{half}");
        // An API without a token this run uses the one in the keychain.
        let later = resolve(&flags("--api https://x.example/"), |_| None, None).unwrap();
        assert_eq!(later.api.unwrap().token, None);
        let in_file = resolve(&[], |_| None, Some(r#"{"api": "https://x.example/", "token": "kyc_live_1"}"#));
        let in_file = in_file.unwrap_err();
        assert!(in_file.contains("must not hold the token") && !in_file.contains("kyc_live_1"), "{in_file}");
        let bad_file = resolve(&[], |_| None, Some("{\"apii\": 1}")).unwrap_err();
        assert!(bad_file.contains("config file"), "{bad_file}");
        assert!(parse_args(args("--colour red")).unwrap_err().contains("unknown option --colour"));
        assert!(parse_args(args("--api")).unwrap_err().contains("--api needs a value"));
        let timeout = resolve(&flags("--timeout soon"), |_| None, None).unwrap_err();
        assert!(timeout.contains("whole number of seconds"), "{timeout}");
        let timeout = resolve(&flags("--timeout 5"), |_| None, None).unwrap().timeout;
        assert_eq!(timeout, Some(std::time::Duration::from_secs(5)));
        assert_eq!(parse_args(args("--help")).unwrap(), Invocation::Help);
        // A camera mistake does not stop the app: the selfie screen shows it.
        let camera = resolve(&flags("--camera webcam"), |_| None, None).unwrap().camera;
        assert!(camera.unwrap_err().contains("KYC_CAMERA=\"webcam\""));
    }

    #[test]
    fn document_photos_are_uploaded_whole_unless_straightened_is_asked_for() {
        use kyc_app::DocumentUpload::{Straightened, Whole};
        assert_eq!(resolve(&[], |_| None, None).unwrap().upload, Whole);
        let file = Some(r#"{"upload_document": "straightened"}"#);
        assert_eq!(resolve(&[], |_| None, file).unwrap().upload, Straightened);
        let env = |name: &str| (name == "KYC_UPLOAD_DOCUMENT").then(|| "whole".to_owned());
        assert_eq!(resolve(&[], env, file).unwrap().upload, Whole);
        assert_eq!(resolve(&flags("--upload-document straightened"), env, None).unwrap().upload, Straightened);
        let wrong = resolve(&flags("--upload-document cropped"), |_| None, None).unwrap_err();
        assert!(wrong.contains("\"cropped\"") && wrong.contains("whole or straightened"), "{wrong}");
    }

    #[test]
    fn the_token_can_be_read_from_standard_input() {
        let mut settings = resolve(&flags("--api https://x.example/ --token -"), |_| None, None).unwrap();
        token_from(&mut settings, "kyc_live_secret\nignored".as_bytes()).unwrap();
        assert_eq!(settings.api.unwrap().token, Some(Token::new("kyc_live_secret")));
        let mut settings = resolve(&flags("--api https://x.example/ --token -"), |_| None, None).unwrap();
        let empty = token_from(&mut settings, "\n".as_bytes()).unwrap_err();
        assert!(empty.contains("no token on standard input"), "{empty}");
        // A token given otherwise is left alone, and standard input is not read.
        let mut settings = resolve(&flags("--api https://x.example/ --token t"), |_| None, None).unwrap();
        token_from(&mut settings, "other".as_bytes()).unwrap();
        assert_eq!(settings.api.unwrap().token, Some(Token::new("t")));
    }
}
