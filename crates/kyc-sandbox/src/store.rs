//! The sandbox's persistence: one SQLite file (WAL, migrations, transactions) and
//! the uploaded files under server-generated keys.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kyc_core::{
    AddressInput, AddressRecord, DocumentRecord, DocumentType, KycStatus, MediaType, OverallKycStatus, OverallStatus,
    Profile, ProfileResponse, ReviewRequest, ReviewTarget, UpdateProfileRequest, UploadResponse,
};
use rand::distr::{Alphanumeric, SampleString};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, Code, StoreError, StoreResult};

/// Each entry moves the schema one version up; `PRAGMA user_version` says how far a file is.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE users (
    access_id      TEXT PRIMARY KEY,
    label          TEXT UNIQUE,
    first_name     TEXT,
    middle_name    TEXT,
    last_name      TEXT,
    birth_date     TEXT,
    nationality    TEXT,
    country_code   TEXT,
    phone_number   TEXT,
    phone_isd_code TEXT,
    kyc_status     TEXT NOT NULL DEFAULT 'PENDING',
    failed_reason  TEXT,
    updated_by     TEXT,
    created_at     TEXT NOT NULL
);
CREATE TABLE tokens (
    token_sha256 TEXT PRIMARY KEY,
    access_id    TEXT NOT NULL REFERENCES users(access_id),
    created_at   TEXT NOT NULL
);
CREATE TABLE documents (
    id                 INTEGER PRIMARY KEY,
    access_id          TEXT NOT NULL REFERENCES users(access_id),
    document_type      TEXT NOT NULL,
    current            INTEGER NOT NULL DEFAULT 1,
    document_reference TEXT NOT NULL UNIQUE,
    document_file_name TEXT NOT NULL,
    document_mime_type TEXT NOT NULL,
    kyc_status         TEXT NOT NULL DEFAULT 'PENDING',
    failed_reason      TEXT,
    when_created       TEXT NOT NULL,
    identification_type                 TEXT,
    identification_value                TEXT,
    identification_doc_expiry           TEXT,
    identification_issuing_date         TEXT,
    identification_doc_holder_name      TEXT,
    identification_issuing_authority    TEXT,
    identification_doc_issuance_country TEXT,
    identification_doc_reference_number TEXT
);
CREATE INDEX documents_current ON documents(access_id, current);
CREATE TABLE addresses (
    id             INTEGER PRIMARY KEY,
    access_id      TEXT NOT NULL REFERENCES users(access_id),
    address_type   TEXT NOT NULL,
    address_line_1 TEXT NOT NULL,
    address_line_2 TEXT,
    building       TEXT,
    city           TEXT NOT NULL,
    state          TEXT,
    zip_code       TEXT,
    country_code   TEXT,
    kyc_status     TEXT NOT NULL DEFAULT 'PENDING',
    failed_reason  TEXT,
    updated_by     TEXT,
    when_created   TEXT NOT NULL,
    UNIQUE (access_id, address_type)
);
CREATE TABLE idempotency (
    access_id      TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status         INTEGER NOT NULL,
    response       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (access_id, idem_key)
);
"#];

/// Profile fields of a new user. All synthetic in the sandbox.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
    pub birth_date: String,
    pub nationality: String,
    pub country_code: String,
    pub phone_number: String,
    pub phone_isd_code: String,
}

impl Default for NewUser {
    fn default() -> Self {
        NewUser {
            first_name: "Alex".into(),
            middle_name: String::new(),
            last_name: "Sample".into(),
            birth_date: "1990-01-01".into(),
            nationality: "TH".into(),
            country_code: "TH".into(),
            phone_number: "20000000".into(),
            phone_isd_code: "66".into(),
        }
    }
}

/// A user's id and a bearer token for it. The token is shown once and stored only as a hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_id: String,
    pub token: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("access_id", &self.access_id).field("token", &"<redacted>").finish()
    }
}

/// What a POST produced: its status and JSON body, and whether it is a replay.
#[derive(Debug, Clone)]
pub struct Stored {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

/// An `Idempotency-Key` and the digest of the request it came with.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    pub request_sha256: String,
}

impl Idempotency {
    pub fn new(key: String, route: &str, body: &[u8]) -> Self {
        let mut hash = Sha256::new();
        hash.update(route.as_bytes());
        hash.update([0]);
        hash.update(body);
        Idempotency { key, request_sha256: hex(&hash.finalize()) }
    }
}

pub struct Store {
    conn: Mutex<Connection>,
    files: PathBuf,
}

/// The most document rows (current and replaced, so also stored files) a user may have.
pub const MAX_DOCUMENTS_PER_USER: i64 = 100;
/// The most idempotency records kept per user; older ones are forgotten first.
pub const MAX_IDEMPOTENCY_RECORDS_PER_USER: i64 = 1_000;

impl Store {
    /// Opens (or creates) the store. What it holds are people's documents: the folders
    /// are the owner's alone (0700) and the files too (0600), whatever the umask.
    /// Files that no row refers to — left by a failed write or a crash — are removed.
    pub fn open(data_dir: &Path) -> StoreResult<Store> {
        // A data folder that exists already is the operator's choice and left as it is.
        if !data_dir.is_dir() {
            private_dir(data_dir)?;
        }
        let files = data_dir.join("files");
        private_dir(&files)?;
        let database = data_dir.join("sandbox.sqlite3");
        private_file(&database)?;
        let mut conn = Connection::open(&database)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        for companion in ["sandbox.sqlite3-wal", "sandbox.sqlite3-shm"] {
            restrict(&data_dir.join(companion))?;
        }
        sweep_unreferenced(&conn, &files)?;
        Ok(Store { conn: Mutex::new(conn), files })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the transaction rolls back).
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn create_user(&self, user: &NewUser) -> StoreResult<Credentials> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let access_id = insert_user(&tx, user, None)?;
        let token = issue_token(&tx, &access_id)?;
        tx.commit()?;
        Ok(Credentials { access_id, token })
    }

    /// The demo user, created on first use; each call issues it a fresh token
    /// (earlier ones stay valid: only their hashes are kept, so none can be shown again).
    pub fn demo_user(&self) -> StoreResult<Credentials> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let existing: Option<String> =
            tx.query_row("SELECT access_id FROM users WHERE label = 'demo'", [], |r| r.get(0)).optional()?;
        let access_id = match existing {
            Some(id) => id,
            None => insert_user(&tx, &NewUser::default(), Some("demo"))?,
        };
        let token = issue_token(&tx, &access_id)?;
        tx.commit()?;
        Ok(Credentials { access_id, token })
    }

    /// The demo user's access id, if it was ever created (without issuing a token).
    pub fn demo_access_id(&self) -> StoreResult<Option<String>> {
        let conn = self.lock();
        Ok(conn.query_row("SELECT access_id FROM users WHERE label = 'demo'", [], |r| r.get(0)).optional()?)
    }

    pub fn access_id_for_token(&self, token: &str) -> StoreResult<Option<String>> {
        let conn = self.lock();
        Ok(conn
            .query_row(
                "SELECT access_id FROM tokens WHERE token_sha256 = ?1",
                [hex(&Sha256::digest(token.as_bytes()))],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn user_exists(&self, access_id: &str) -> StoreResult<bool> {
        let conn = self.lock();
        Ok(conn.query_row("SELECT count(*) FROM users WHERE access_id = ?1", [access_id], |r| r.get::<_, i64>(0))? > 0)
    }

    /// Runs a POST once per `Idempotency-Key`: a repeat with the same request replays
    /// the stored result, a repeat with another request is refused. The operation and
    /// the record of its result commit together, so a crash cannot separate them.
    pub(crate) fn run_post(
        &self,
        access_id: &str,
        idempotency: Option<&Idempotency>,
        op: impl FnOnce(&Transaction, &mut Files) -> Result<(u16, String), ApiError>,
    ) -> Result<Stored, ApiError> {
        let mut files = Files { root: self.files.clone(), written: Vec::new() };
        let result = self.run_post_once(access_id, idempotency, op, &mut files);
        if result.is_err() {
            // The rows were rolled back: the files written for them go too.
            files.remove_written();
        }
        result
    }

    fn run_post_once(
        &self,
        access_id: &str,
        idempotency: Option<&Idempotency>,
        op: impl FnOnce(&Transaction, &mut Files) -> Result<(u16, String), ApiError>,
        files: &mut Files,
    ) -> Result<Stored, ApiError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        if let Some(idem) = idempotency {
            let previous: Option<(String, u16, String)> = tx
                .query_row(
                    "SELECT request_sha256, status, response FROM idempotency WHERE access_id = ?1 AND idem_key = ?2",
                    params![access_id, idem.key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((digest, status, body)) = previous {
                if digest != idem.request_sha256 {
                    return Err(Code::IdempotencyConflict.into());
                }
                return Ok(Stored { status, body, replayed: true });
            }
        }
        let (status, body) = op(&tx, files)?;
        if let Some(idem) = idempotency {
            tx.execute(
                "INSERT INTO idempotency (access_id, idem_key, request_sha256, status, response, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![access_id, idem.key, idem.request_sha256, status, body, now()],
            )?;
            tx.execute(
                "DELETE FROM idempotency WHERE access_id = ?1 AND rowid NOT IN
                    (SELECT rowid FROM idempotency WHERE access_id = ?1 ORDER BY rowid DESC LIMIT ?2)",
                params![access_id, MAX_IDEMPOTENCY_RECORDS_PER_USER],
            )?;
        }
        tx.commit()?;
        Ok(Stored { status, body, replayed: false })
    }

    pub fn profile(&self, access_id: &str) -> Result<ProfileResponse, ApiError> {
        let conn = self.lock();
        Ok(load_profile(&conn, access_id)?)
    }

    /// The sandbox's review simulation: sets the status of a document, the address or the profile.
    pub fn review(&self, access_id: &str, review: &ReviewRequest) -> Result<ProfileResponse, ApiError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        apply_review(&tx, access_id, review)?;
        let profile = load_profile(&tx, access_id)?;
        tx.commit()?;
        Ok(profile)
    }

    /// How many idempotency records a user has.
    pub fn idempotency_records(&self, access_id: &str) -> StoreResult<i64> {
        let conn = self.lock();
        Ok(conn.query_row("SELECT count(*) FROM idempotency WHERE access_id = ?1", [access_id], |r| r.get(0))?)
    }

    /// Every document row (current or replaced) and every stored file of a user:
    /// what a duplicate would show up in.
    pub fn stored_counts(&self, access_id: &str) -> StoreResult<(usize, usize)> {
        let conn = self.lock();
        let rows: i64 =
            conn.query_row("SELECT count(*) FROM documents WHERE access_id = ?1", [access_id], |r| r.get(0))?;
        let dir = self.files.join(reference_dir(access_id));
        let files = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.filter(|e| e.is_ok()).count(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(e.into()),
        };
        Ok((usize::try_from(rows).unwrap_or(usize::MAX), files))
    }
}

fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn insert_user(tx: &Transaction, user: &NewUser, label: Option<&str>) -> StoreResult<String> {
    let access_id = Alphanumeric.sample_string(&mut rand::rng(), 28);
    tx.execute(
        "INSERT INTO users (access_id, label, first_name, middle_name, last_name, birth_date, nationality,
                            country_code, phone_number, phone_isd_code, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            access_id,
            label,
            user.first_name,
            user.middle_name,
            user.last_name,
            user.birth_date,
            user.nationality,
            user.country_code,
            user.phone_number,
            user.phone_isd_code,
            now()
        ],
    )?;
    Ok(access_id)
}

fn issue_token(tx: &Transaction, access_id: &str) -> StoreResult<String> {
    let token = format!("kyc_sbx_{}", Alphanumeric.sample_string(&mut rand::rng(), 40));
    tx.execute(
        "INSERT INTO tokens (token_sha256, access_id, created_at) VALUES (?1, ?2, ?3)",
        params![hex(&Sha256::digest(token.as_bytes())), access_id, now()],
    )?;
    Ok(token)
}

/// `sandbox/sandbox/v1/<access_id>`: the object-storage layout of the examples.
fn reference_dir(access_id: &str) -> PathBuf {
    Path::new("sandbox/sandbox/v1").join(access_id)
}

/// Stores an uploaded image as the user's current document of its type. The file is
/// written before the row commits and removed again if the commit does not happen.
pub(crate) fn insert_document(
    tx: &Transaction,
    files: &mut Files,
    access_id: &str,
    document_type: &DocumentType,
    media_type: MediaType,
    bytes: &[u8],
) -> Result<UploadResponse, ApiError> {
    let ext = media_type.ext();
    let key = Alphanumeric.sample_string(&mut rand::rng(), 64);
    let reference = format!("sandbox/sandbox/v1/{access_id}/{key}.{ext}");
    let file_name = format!("{document_type}_{access_id}.{ext}");
    let when_created = now();
    let held: i64 = tx.query_row("SELECT count(*) FROM documents WHERE access_id = ?1", [access_id], |r| r.get(0))?;
    if held >= MAX_DOCUMENTS_PER_USER {
        return Err(ApiError::new(Code::LimitReached, format!("documents ({MAX_DOCUMENTS_PER_USER})")));
    }
    tx.execute(
        "UPDATE documents SET current = 0 WHERE access_id = ?1 AND document_type = ?2",
        params![access_id, document_type.as_str()],
    )?;
    tx.execute(
        "INSERT INTO documents (access_id, document_type, document_reference, document_file_name,
                                document_mime_type, when_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![access_id, document_type.as_str(), reference, file_name, media_type.mime(), when_created],
    )?;
    files.write(&reference_dir(access_id).join(format!("{key}.{ext}")), bytes).map_err(StoreError::from)?;
    Ok(UploadResponse {
        document_type: document_type.clone(),
        document_reference: reference,
        document_file_name: file_name,
        document_mime_type: media_type.mime().to_owned(),
        kyc_status: KycStatus::Pending,
        when_created,
    })
}

/// The uploaded files of one POST: what it wrote is remembered, so that a POST whose
/// rows do not commit leaves no file behind.
pub(crate) struct Files {
    root: PathBuf,
    written: Vec<PathBuf>,
}

impl Files {
    fn write(&mut self, relative: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.root.join(relative);
        if let Some(dir) = path.parent() {
            private_dirs(&self.root, dir)?;
        }
        write_atomically(&path, bytes)?;
        self.written.push(path);
        Ok(())
    }

    fn remove_written(&mut self) {
        for path in self.written.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `<path>.part`, syncs it and renames it into place; on any failure (a full
/// disk) the partial file is removed.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let tmp = path.with_extension("part");
    let written = create_private(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let result = written.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes every file under `files` that no document row refers to: `.part` files and
/// complete files whose row never committed (a crash between the two).
fn sweep_unreferenced(conn: &Connection, files: &Path) -> StoreResult<()> {
    let mut statement = conn.prepare("SELECT document_reference FROM documents")?;
    let referenced: std::collections::HashSet<String> =
        statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut folders = vec![files.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let reference = path.strip_prefix(files).ok().and_then(Path::to_str).map(|r| r.replace('\\', "/"));
            if !reference.is_some_and(|r| referenced.contains(&r)) {
                std::fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

/// Creates `dir` owner-only, and makes an existing one so.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    restrict(dir)
}

/// Creates each folder from `root` down to `dir` owner-only.
fn private_dirs(root: &Path, dir: &Path) -> std::io::Result<()> {
    let mut at = root.to_path_buf();
    for part in dir.strip_prefix(root).map_err(std::io::Error::other)?.components() {
        at.push(part);
        if !at.is_dir() {
            private_dir(&at)?;
        }
    }
    Ok(())
}

/// Creates `path` (empty) owner-only if it is not there, and makes an existing one so.
fn private_file(path: &Path) -> std::io::Result<()> {
    if !path.exists() {
        drop(create_private(path)?);
    }
    restrict(path)
}

fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Owner-only permissions on an existing file or folder (nothing on other systems,
/// whose per-user folders are private already).
fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let Ok(metadata) = std::fs::metadata(path) else { return Ok(()) };
        let mode = if metadata.is_dir() { 0o700 } else { 0o600 };
        if metadata.permissions().mode() & 0o777 != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Sets the status a review decides (in the caller's transaction).
pub(crate) fn apply_review(tx: &Transaction, access_id: &str, review: &ReviewRequest) -> Result<(), ApiError> {
    let reason = match review.status {
        KycStatus::Rejected => review.failed_reason.clone().or_else(|| Some("Rejected in review".into())),
        _ => None,
    };
    let status = review.status.as_str();
    match &review.target {
        ReviewTarget::Document { document_type } => {
            let changed = tx.execute(
                "UPDATE documents SET kyc_status = ?1, failed_reason = ?2
                 WHERE access_id = ?3 AND document_type = ?4 AND current = 1",
                params![status, reason, access_id, document_type.as_str()],
            )?;
            if changed == 0 {
                return Err(ApiError::new(Code::DocumentNotUploaded, document_type.as_str()));
            }
        }
        ReviewTarget::Address => {
            tx.execute(
                "UPDATE addresses SET kyc_status = ?1, failed_reason = ?2 WHERE access_id = ?3",
                params![status, reason, access_id],
            )?;
        }
        ReviewTarget::Profile => {
            tx.execute(
                "UPDATE users SET kyc_status = ?1, failed_reason = ?2, updated_by = 'sandbox-review' WHERE access_id = ?3",
                params![status, reason, access_id],
            )?;
            if review.status == KycStatus::Approved {
                tx.execute(
                    "UPDATE documents SET kyc_status = 'APPROVED', failed_reason = NULL WHERE access_id = ?1 AND current = 1",
                    [access_id],
                )?;
                tx.execute(
                    "UPDATE addresses SET kyc_status = 'APPROVED', failed_reason = NULL WHERE access_id = ?1",
                    [access_id],
                )?;
            }
        }
    }
    Ok(())
}

/// Applies an update: document fields (only those sent) and addresses, in one transaction.
pub(crate) fn apply_update(tx: &Transaction, access_id: &str, update: &UpdateProfileRequest) -> Result<(), ApiError> {
    for fields in &update.documents {
        let id: Option<i64> = tx
            .query_row(
                "SELECT id FROM documents WHERE access_id = ?1 AND document_type = ?2 AND current = 1",
                params![access_id, fields.document_type.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        let id = id.ok_or_else(|| ApiError::new(Code::DocumentNotUploaded, fields.document_type.as_str()))?;
        for (column, value) in fields.named_fields() {
            if let Some(value) = value {
                // `column` comes from the fixed list of the contract's names, never from the request.
                tx.execute(&format!("UPDATE documents SET {column} = ?1 WHERE id = ?2"), params![value, id])?;
            }
        }
        // Changed details need a new review.
        tx.execute("UPDATE documents SET kyc_status = 'PENDING', failed_reason = NULL WHERE id = ?1", [id])?;
    }
    for address in &update.user_addresses {
        upsert_address(tx, access_id, address)?;
    }
    Ok(())
}

fn upsert_address(tx: &Transaction, access_id: &str, a: &AddressInput) -> Result<(), ApiError> {
    let country: Option<String> = match &a.country_code {
        Some(code) => Some(code.clone()),
        None => tx.query_row("SELECT country_code FROM users WHERE access_id = ?1", [access_id], |r| r.get(0))?,
    };
    tx.execute(
        "INSERT INTO addresses (access_id, address_type, address_line_1, address_line_2, building, city, state,
                                zip_code, country_code, when_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (access_id, address_type) DO UPDATE SET
            address_line_1 = excluded.address_line_1, address_line_2 = excluded.address_line_2,
            building = excluded.building, city = excluded.city, state = excluded.state,
            zip_code = excluded.zip_code, country_code = excluded.country_code,
            kyc_status = 'PENDING', failed_reason = NULL",
        params![
            access_id,
            a.address_type.as_deref().unwrap_or("personal"),
            a.address_line_1,
            a.address_line_2,
            a.building,
            a.city,
            a.state,
            a.zip_code,
            country,
            now()
        ],
    )?;
    Ok(())
}

pub(crate) fn load_profile(conn: &Connection, access_id: &str) -> StoreResult<ProfileResponse> {
    let mut profile = conn
        .query_row(
            "SELECT access_id, last_name, birth_date, first_name, kyc_status, updated_by, middle_name, nationality,
                    country_code, phone_number, failed_reason, phone_isd_code
             FROM users WHERE access_id = ?1",
            [access_id],
            |r| {
                Ok(Profile {
                    access_id: r.get(0)?,
                    addresses: None,
                    last_name: r.get(1)?,
                    birth_date: r.get(2)?,
                    first_name: r.get(3)?,
                    kyc_status: KycStatus::from(r.get::<_, String>(4)?.as_str()),
                    updated_by: r.get(5)?,
                    middle_name: r.get(6)?,
                    nationality: r.get(7)?,
                    country_code: r.get(8)?,
                    phone_number: r.get(9)?,
                    failed_reason: r.get(10)?,
                    phone_isd_code: r.get(11)?,
                    extra: Default::default(),
                })
            },
        )
        .optional()?
        .ok_or(StoreError::NoSuchUser)?;

    let mut stmt = conn.prepare_cached(
        "SELECT city, state, building, zip_code, access_id, kyc_status, updated_by, address_type, country_code,
                when_created, failed_reason, address_line_1, address_line_2
         FROM addresses WHERE access_id = ?1 ORDER BY id",
    )?;
    let addresses = stmt
        .query_map([access_id], |r| {
            Ok(AddressRecord {
                city: r.get(0)?,
                state: r.get(1)?,
                building: r.get(2)?,
                zip_code: r.get(3)?,
                access_id: r.get(4)?,
                kyc_status: KycStatus::from(r.get::<_, String>(5)?.as_str()),
                updated_by: r.get(6)?,
                address_type: r.get(7)?,
                country_code: r.get(8)?,
                when_created: r.get(9)?,
                failed_reason: r.get(10)?,
                address_line_1: r.get(11)?,
                address_line_2: r.get(12)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT access_id, kyc_status, when_created, document_type, failed_reason, document_file_name,
                document_mime_type, document_reference, identification_type, identification_value,
                identification_doc_expiry, identification_issuing_date, identification_doc_holder_name,
                identification_issuing_authority, identification_doc_issuance_country,
                identification_doc_reference_number
         FROM documents WHERE access_id = ?1 AND current = 1 ORDER BY id",
    )?;
    let documents = stmt
        .query_map([access_id], |r| {
            Ok(DocumentRecord {
                access_id: r.get(0)?,
                kyc_status: KycStatus::from(r.get::<_, String>(1)?.as_str()),
                when_created: r.get(2)?,
                document_type: DocumentType::from(r.get::<_, String>(3)?.as_str()),
                failed_reason: r.get(4)?,
                document_file_name: r.get(5)?,
                document_mime_type: r.get(6)?,
                document_reference: r.get(7)?,
                identification_type: r.get(8)?,
                identification_value: r.get(9)?,
                identification_doc_expiry: r.get(10)?,
                identification_issuing_date: r.get(11)?,
                identification_doc_holder_name: r.get(12)?,
                identification_issuing_authority: r.get(13)?,
                identification_doc_issuance_country: r.get(14)?,
                identification_doc_reference_number: r.get(15)?,
                extra: Default::default(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let status = overall_status(&profile.kyc_status, &documents, &addresses);
    if !addresses.is_empty() {
        profile.addresses = Some(addresses);
    }
    Ok(ProfileResponse { profile, documents, kyc_status: OverallKycStatus { status } })
}

/// The overall status: rejected if anything is; verified when the profile, all three
/// documents and the addresses are approved; pending once anything was sent.
pub fn overall_status(profile: &KycStatus, documents: &[DocumentRecord], addresses: &[AddressRecord]) -> OverallStatus {
    let statuses = || {
        std::iter::once(profile)
            .chain(documents.iter().map(|d| &d.kyc_status))
            .chain(addresses.iter().map(|a| &a.kyc_status))
    };
    if statuses().any(|s| *s == KycStatus::Rejected) {
        return OverallStatus::Rejected;
    }
    if documents.is_empty() && addresses.is_empty() {
        return OverallStatus::NotStarted;
    }
    let complete =
        DocumentType::KNOWN.iter().all(|t| documents.iter().any(|d| &d.document_type == t)) && !addresses.is_empty();
    if complete && statuses().all(|s| *s == KycStatus::Approved) {
        OverallStatus::Verified
    } else {
        OverallStatus::VerificationPending
    }
}

/// RFC 3339 in UTC with microseconds, as `when_created` is in the examples.
fn now() -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]+00:00");
    time::OffsetDateTime::now_utc().format(&format).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sandbox")).unwrap();
        let user = store.demo_user().unwrap().access_id;
        (dir, store, user)
    }

    fn upload(store: &Store, user: &str) -> Result<Stored, ApiError> {
        store.run_post(user, None, |tx, files| {
            insert_document(tx, files, user, &DocumentType::IdProofFront, MediaType::Png, b"\x89PNG-photo")?;
            Ok((201, String::new()))
        })
    }

    fn all_files(root: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    found.push(path);
                }
            }
        }
        found
    }

    #[test]
    fn a_post_that_does_not_commit_leaves_no_file() {
        let (dir, store, user) = store();
        upload(&store, &user).unwrap();
        // The file is written, then the transaction fails (here: the operation's next step).
        let failed = store.run_post(&user, None, |tx, files| {
            insert_document(tx, files, &user, &DocumentType::AddressProof, MediaType::Png, b"\x89PNG-bill")?;
            Err(ApiError::new(Code::Internal, "the disk filled up"))
        });
        assert!(failed.is_err());
        assert_eq!(store.stored_counts(&user).unwrap(), (1, 1), "the row rolled back and its file went too");
        assert_eq!(all_files(&dir.path().join("sandbox/files")).len(), 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_that_fails_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.png");
        // `.part` is where the bytes go first; /dev/full fails every write like a full disk.
        std::os::unix::fs::symlink("/dev/full", dir.path().join("photo.part")).unwrap();
        let error = write_atomically(&path, b"\x89PNG-photo").unwrap_err();
        assert_eq!(error.raw_os_error(), Some(28), "ENOSPC: {error}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "neither the partial nor the final file");
    }

    #[test]
    fn files_no_row_refers_to_are_swept_at_start_up() {
        let (dir, store, user) = store();
        upload(&store, &user).unwrap();
        drop(store);
        let user_dir = dir.path().join("sandbox/files").join(reference_dir(&user));
        std::fs::write(user_dir.join("abc.png.part"), b"half a photo").unwrap();
        std::fs::write(user_dir.join("orphan.png"), b"a photo whose row never committed").unwrap();
        let stray = dir.path().join("sandbox/files/sandbox/other");
        std::fs::create_dir_all(&stray).unwrap();
        std::fs::write(stray.join("x.jpg"), b"?").unwrap();

        let store = Store::open(&dir.path().join("sandbox")).unwrap();
        let left = all_files(&dir.path().join("sandbox/files"));
        assert_eq!(left.len(), 1, "only the referenced photo is left: {left:?}");
        assert_eq!(store.stored_counts(&user).unwrap(), (1, 1));
    }

    #[cfg(unix)]
    #[test]
    fn the_database_and_the_photos_are_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt as _;
        let (dir, store, user) = store();
        upload(&store, &user).unwrap();
        let root = dir.path().join("sandbox");
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&root), 0o700);
        let mut checked = 0;
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    assert_eq!(mode(&path), 0o700, "{}", path.display());
                    folders.push(path);
                } else {
                    assert_eq!(mode(&path), 0o600, "{}", path.display());
                    checked += 1;
                }
            }
        }
        // The SQLite file, its -wal and -shm, and the photo.
        assert!(checked >= 4, "{checked} files");
        // A store made under the old, open permissions is closed up when it opens.
        std::fs::set_permissions(root.join("sandbox.sqlite3"), std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(root.join("files"), std::fs::Permissions::from_mode(0o755)).unwrap();
        drop(store);
        Store::open(&root).unwrap();
        assert_eq!(mode(&root.join("sandbox.sqlite3")), 0o600);
        assert_eq!(mode(&root.join("files")), 0o700);
    }
}
