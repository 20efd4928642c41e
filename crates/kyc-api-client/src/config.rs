use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::{Error, Result};

/// A bearer token. It never appears in `Debug` output, logs or error text.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The token on the first line of `input` (standard input for `--token -`), so it
    /// never appears in the process list. At most 4 KB are read; `None` if that line is empty.
    pub fn read_from(input: impl std::io::Read) -> std::io::Result<Option<Token>> {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut input.take(4096), &mut text)?;
        let line = text.lines().next().unwrap_or_default().trim();
        Ok((!line.is_empty()).then(|| Token::new(line)))
    }

    /// True for `-`, the token's placeholder for "read it from standard input".
    pub fn is_from_stdin(&self) -> bool {
        self.0 == "-"
    }

    pub(crate) fn header_value(&self) -> Result<HeaderValue> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).map_err(|_| Error::InvalidConfig {
            detail: "the access token has characters a token cannot have".into(),
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// How often and how long to retry a call that failed for a passing reason
/// (connection errors, timeouts, 408, 429 and 5xx).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The delay before the first retry; it doubles each time, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// No retry starts once this much time has gone since the first attempt.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(5),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Where the three endpoints live, e.g. `https://api.example.com/v1/`.
    pub base_url: String,
    pub token: Token,
    /// Sent as `Accept-Language` on every call, e.g. `th` or `es-MX`.
    pub language: String,
    pub connect_timeout: Duration,
    /// For one attempt, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// An integrator's own certificate (PEM): when set, it is the only one trusted,
    /// so a certificate from any other authority is refused even if the system trusts it.
    pub pinned_certificate: Option<Vec<u8>>,
}

impl Config {
    pub fn new(base_url: impl Into<String>, token: Token) -> Self {
        Config {
            base_url: base_url.into(),
            token,
            language: "en".into(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            pinned_certificate: None,
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        self.endpoint("")?;
        self.token.header_value()?;
        if self.token.0.is_empty() {
            return Err(Error::InvalidConfig { detail: "no access token was given".into() });
        }
        Ok(())
    }

    pub(crate) fn endpoint(&self, path: &str) -> Result<reqwest::Url> {
        let invalid = || Error::InvalidConfig {
            detail: format!("the API address \"{}\" is not an http:// or https:// URL", self.base_url),
        };
        let mut base = reqwest::Url::parse(&self.base_url).map_err(|_| invalid())?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(invalid());
        }
        // Passports and tokens never cross a network in clear: plain http only to this machine.
        if base.scheme() == "http" && !is_loopback(&base) {
            return Err(Error::InvalidConfig {
                detail: format!(
                    "the API address \"{}\" uses http://, which is only allowed for this machine (localhost); use https://",
                    self.base_url
                ),
            });
        }
        if !base.path().ends_with('/') {
            let with_slash = format!("{}/", base.path());
            base.set_path(&with_slash);
        }
        base.join(path).map_err(|_| invalid())
    }
}

/// `localhost`, 127.0.0.0/8 or `::1`: the only hosts plain http may go to.
pub fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_join_under_the_base_path() {
        let check = |base: &str, expected: &str| {
            let config = Config::new(base, Token::new("t"));
            assert_eq!(config.endpoint("get_app_user_profile_v2").unwrap().as_str(), expected, "base {base}");
        };
        check("http://127.0.0.1:8080", "http://127.0.0.1:8080/get_app_user_profile_v2");
        check("https://api.example.com/kyc", "https://api.example.com/kyc/get_app_user_profile_v2");
        check("https://api.example.com/kyc/", "https://api.example.com/kyc/get_app_user_profile_v2");
        check("http://localhost:9/", "http://localhost:9/get_app_user_profile_v2");
        check("http://[::1]:9/", "http://[::1]:9/get_app_user_profile_v2");
    }

    #[test]
    fn plain_http_is_refused_beyond_this_machine() {
        for base in ["http://api.example.com/", "http://10.0.0.5:8080/", "http://localhost.example.com/"] {
            let err = Config::new(base, Token::new("t")).validate().unwrap_err();
            assert!(err.to_string().contains("use https://"), "{base}: {err}");
        }
    }

    #[test]
    fn bad_configuration_is_named() {
        for base in ["", "ftp://x/", "not a url", "mailto:a@b"] {
            let err = Config::new(base, Token::new("t")).validate().unwrap_err();
            assert!(matches!(err, Error::InvalidConfig { .. }), "{base}: {err}");
        }
        let err = Config::new("https://x/", Token::new("")).validate().unwrap_err();
        assert!(err.to_string().contains("no access token"));
    }

    #[test]
    fn the_token_is_never_shown() {
        let config = Config::new("http://x/", Token::new("kyc_sbx_secret"));
        assert!(!format!("{config:?}").contains("secret"));
    }
}
