//! Logging for KYC Flow's programs: `tracing` events, formatted so that nothing a
//! person entered or captured, and no secret, reaches a log. Two guards:
//!
//! - a field whose *name* suggests personal data or a secret (`holder_name`, `token`,
//!   `file`, `address`, ...) is written as `<redacted>`, whatever its value;
//! - in every other value, the message included, bearer tokens, `data:` URLs and long
//!   base64 runs are replaced, in case one slips into free text.
//!
//! The canary test of the app runs the whole flow and searches the log for its markers.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use tracing::field::Field;
use tracing_subscriber::fmt::format::{FieldFn, Writer};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Parts of field names that mark a value as personal or secret.
const SENSITIVE: &[&str] = &[
    "token",
    "auth",
    "password",
    "secret",
    "cookie",
    "key",
    "file",
    "image",
    "photo",
    "jpeg",
    "bytes",
    "body",
    "name",
    "holder",
    "number",
    "value",
    "identification",
    "birth",
    "dob",
    "address",
    "line",
    "street",
    "building",
    "city",
    "state",
    "postcode",
    "zip",
    "email",
    "phone",
    "reference",
    "issuer",
    "authority",
];

pub const REDACTED: &str = "<redacted>";

/// True if a field of this name may hold personal data or a secret.
pub fn is_sensitive(field: &str) -> bool {
    let field = field.to_ascii_lowercase();
    SENSITIVE.iter().any(|part| field.contains(part))
}

/// Replaces bearer tokens, `data:` URLs and long base64 runs in free text.
pub fn scrub(text: &str) -> String {
    static PATTERNS: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
        regex_lite::Regex::new(r"(?i)bearer\s+\S+|data:[a-z]+/[a-z0-9.+-]+;base64,\S*|[A-Za-z0-9+/=_-]{40,}")
            .expect("a valid pattern")
    });
    PATTERNS.replace_all(text, REDACTED).into_owned()
}

type FormatField = fn(&mut Writer<'_>, &Field, &dyn fmt::Debug) -> fmt::Result;

/// The field formatter that does the redacting, for `tracing_subscriber::fmt().fmt_fields(...)`.
pub fn redacting_fields() -> FieldFn<FormatField> {
    tracing_subscriber::fmt::format::debug_fn(write_field as FormatField)
}

fn write_field(writer: &mut Writer<'_>, field: &Field, value: &dyn fmt::Debug) -> fmt::Result {
    let name = field.name();
    if name != "message" && is_sensitive(name) {
        return write!(writer, "{name}={REDACTED} ");
    }
    let mut text = String::new();
    write!(text, "{value:?}")?;
    match name {
        "message" => write!(writer, "{} ", scrub(&text)),
        _ => write!(writer, "{name}={} ", scrub(&text)),
    }
}

/// `KYC_LOG` if set (e.g. `debug`, `kyc_api_client=debug`), else `default`.
fn filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_env("KYC_LOG").unwrap_or_else(|_| EnvFilter::new(default))
}

/// Logs to standard error (the `kyc` command).
pub fn to_stderr(default: &str) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(default))
        .fmt_fields(redacting_fields())
        .with_writer(std::io::stderr)
        .try_init();
}

/// Logs to `kyc-flow.log` in `dir` (the app), readable by its owner only. Returns the file's path.
pub fn to_file(dir: &Path, default: &str) -> std::io::Result<PathBuf> {
    let path = dir.join("kyc-flow.log");
    let file = open_private(dir, &path)?;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(default))
        .fmt_fields(redacting_fields())
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(path)
}

/// A subscriber writing to `writer`, for tests that read what was logged.
pub fn subscriber<W>(writer: W, filter: &str) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .fmt_fields(redacting_fields())
        .with_ansi(false)
        .with_writer(writer)
        .finish()
}

fn open_private(dir: &Path, path: &Path) -> std::io::Result<std::fs::File> {
    let mut folder = std::fs::DirBuilder::new();
    folder.recursive(true);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    folder.create(dir)?;
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'w> MakeWriter<'w> for Captured {
        type Writer = Captured;
        fn make_writer(&'w self) -> Captured {
            self.clone()
        }
    }

    fn logged(emit: impl FnOnce()) -> String {
        let captured = Captured::default();
        tracing::subscriber::with_default(subscriber(captured.clone(), "trace"), emit);
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        text
    }

    #[test]
    fn personal_fields_and_secrets_are_redacted_by_name() {
        let text = logged(|| {
            tracing::info!(
                holder_name = "CANARY-NAME",
                identification_value = "CANARY-NUMBER",
                date_of_birth = "1990-01-01",
                address_line_1 = "CANARY-STREET",
                token = "CANARY-TOKEN",
                file = "CANARY-FILE",
                screen = "address",
                attempt = 2,
                "sending"
            );
        });
        for marker in ["CANARY", "1990-01-01"] {
            assert!(!text.contains(marker), "{text}");
        }
        assert!(text.contains("holder_name=<redacted>") && text.contains("token=<redacted>"), "{text}");
        assert!(
            text.contains("screen=\"address\"") && text.contains("attempt=2") && text.contains("sending"),
            "{text}"
        );
    }

    #[test]
    fn secrets_in_free_text_are_scrubbed() {
        let text = logged(|| {
            let header = "Authorization: Bearer kyc_sbx_CANARYTOKEN";
            let photo = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/CANARY";
            let run = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpDQU5BUlk";
            tracing::warn!(detail = header, "upload failed: {photo} {run}");
        });
        assert!(!text.contains("CANARY") && !text.contains("/9j/") && !text.contains("QUJD"), "{text}");
        assert!(text.contains("upload failed"), "{text}");
    }

    #[test]
    fn the_log_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join("kyc-flow.log");
        open_private(path.parent().unwrap(), &path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
        }
    }
}
