//! `kyc`: run the sandbox, call the KYC API, or submit the whole flow from files.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kyc_api_client::{Client, Config, Token};
use kyc_cli::{FieldsFile, Images};
use kyc_core::{
    DataUrl, DocumentType, FileData, KycStatus, ReviewRequest, ReviewTarget, UpdateProfileRequest, UploadRequest,
};
use kyc_sandbox::{NewUser, Sandbox};

#[derive(Parser)]
#[command(
    name = "kyc",
    version,
    about = "KYC Flow from the command line: the sandbox server, API calls and a scripted submission."
)]
struct Cli {
    #[command(flatten)]
    api: ApiArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct ApiArgs {
    /// Base URL of the KYC API.
    #[arg(long, global = true, env = "KYC_API", default_value = "http://127.0.0.1:8787/")]
    api: String,
    /// Bearer token of the user (`kyc sandbox` prints one). Prefer KYC_TOKEN or `--token -`
    /// (read from standard input): a token on the command line is visible to other local users.
    #[arg(long, global = true, env = "KYC_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Language of the server's messages (Accept-Language), e.g. en, th, es.
    #[arg(long, global = true, env = "KYC_LANG", default_value = "en")]
    lang: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the sandbox KYC server (creates or reuses a demo user and prints its token).
    Sandbox(SandboxArgs),
    /// Print the profile as the server holds it (get_app_user_profile_v2).
    Profile,
    /// Prepare an image and upload it as one of the three documents (upload-KYC-document).
    Upload {
        #[arg(long = "type", value_enum)]
        document_type: DocumentKind,
        /// A JPEG, PNG or WebP photo.
        file: PathBuf,
        /// Send the file's bytes as they are (JPEG or PNG), without preparing them: for testing a server.
        #[arg(long)]
        raw: bool,
    },
    /// Send a profile update from a JSON file, `-` for standard input (update_app_user_profile_v2).
    Update { file: PathBuf },
    /// Approve or reject what was sent (sandbox only).
    Review(ReviewArgs),
    /// Prepare an image for upload: orient, strip metadata, fit the long edge, encode to a byte budget.
    Prepare {
        input: PathBuf,
        output: PathBuf,
        /// Long edge in pixels (never upscaled).
        #[arg(long, default_value_t = kyc_imaging::Options::document().max_edge)]
        max_edge: u32,
        /// Largest output in bytes.
        #[arg(long, default_value_t = kyc_imaging::Options::document().max_bytes)]
        max_bytes: usize,
        #[arg(long, value_enum, default_value = "jpeg")]
        format: FormatArg,
    },
    /// Print an image's format, size, orientation, quality metrics and the quality gate's
    /// findings (with the faces on a selfie) as JSON, measured as the photo would be sent.
    Inspect {
        input: PathBuf,
        /// Measure at this long edge (default: as `prepare` sends this kind of photo).
        #[arg(long)]
        max_edge: Option<u32>,
        /// What the photo is of: its checks differ (a bill skips glare; a selfie needs one face).
        #[arg(long = "as", value_enum, default_value = "id-document")]
        subject: SubjectArg,
    },
    /// Read a photo of an ID document on the device: its corners, its machine-readable zone's
    /// lines, each check digit's result and — when every one holds — the fields, as JSON.
    ReadDocument { input: PathBuf },
    /// List the cameras (or say why there are none).
    Cameras {
        /// Use the synthetic test camera (also: KYC_CAMERA=synthetic).
        #[arg(long)]
        synthetic: bool,
    },
    /// Take a still with a camera, prepared as a selfie for upload.
    Capture {
        output: PathBuf,
        /// A device id from `kyc cameras` (default: the first).
        #[arg(long)]
        device: Option<String>,
        /// Use the synthetic test camera (also: KYC_CAMERA=synthetic).
        #[arg(long)]
        synthetic: bool,
    },
    /// Run all three screens from image files and a fields file, checking each read-back.
    Submit {
        #[arg(long)]
        id_front: PathBuf,
        #[arg(long)]
        selfie: PathBuf,
        #[arg(long)]
        address_proof: PathBuf,
        /// JSON with `id_document`, `address_proof` and `address` (see examples/submit/fields.json).
        #[arg(long)]
        fields: PathBuf,
        /// Send photos whose quality checks only warn (blurred, dark, glare, framing). A selfie
        /// without exactly one face is refused anyway.
        #[arg(long)]
        accept_warnings: bool,
        /// Upload the ID and proof-of-address photos `whole` (default) or `straightened`: the
        /// document alone, its perspective corrected, when its outline is found.
        #[arg(long, default_value = "whole", env = "KYC_UPLOAD_DOCUMENT")]
        upload_document: kyc_send::DocumentUpload,
    },
}

#[derive(Args)]
struct SandboxArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8787", env = "KYC_SANDBOX_ADDR")]
    addr: SocketAddr,
    /// Where the SQLite file and uploaded files are kept.
    #[arg(long, default_value = ".kyc-sandbox", env = "KYC_SANDBOX_DIR")]
    data_dir: PathBuf,
    /// Do not serve the HTTP review route.
    #[arg(long)]
    no_review_route: bool,
    #[command(subcommand)]
    action: Option<SandboxAction>,
}

#[derive(Subcommand)]
enum SandboxAction {
    /// Create another user and print its access id and token.
    AddUser {
        #[arg(long, default_value = "Alex")]
        first_name: String,
        #[arg(long, default_value = "Sample")]
        last_name: String,
        /// ISO 3166-1 alpha-2.
        #[arg(long, default_value = "TH")]
        country_code: String,
    },
    /// Approve or reject a user's document, address or whole profile, straight in the data directory.
    Review {
        /// The user; the demo user when left out.
        #[arg(long)]
        access_id: Option<String>,
        #[command(flatten)]
        review: ReviewArgs,
    },
    /// Print what the sandbox holds for a user, as `get_app_user_profile_v2` answers, straight from the data directory.
    Profile {
        /// The user; the demo user when left out.
        #[arg(long)]
        access_id: Option<String>,
    },
}

#[derive(Args)]
struct ReviewArgs {
    /// A document type, `address`, or `profile`.
    #[arg(long)]
    target: String,
    #[arg(long, value_enum)]
    status: StatusArg,
    /// Why it was rejected, shown to the user.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocumentKind {
    IdProofFront,
    IdProofLive,
    AddressProof,
}

impl From<DocumentKind> for DocumentType {
    fn from(kind: DocumentKind) -> Self {
        match kind {
            DocumentKind::IdProofFront => DocumentType::IdProofFront,
            DocumentKind::IdProofLive => DocumentType::IdProofLive,
            DocumentKind::AddressProof => DocumentType::AddressProof,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jpeg,
    Png,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Approved,
    Rejected,
    Pending,
}

impl ReviewArgs {
    fn request(&self) -> Result<ReviewRequest> {
        let target = match self.target.as_str() {
            "address" => ReviewTarget::Address,
            "profile" => ReviewTarget::Profile,
            other => {
                let document_type = DocumentType::from(other);
                if !document_type.is_known() {
                    bail!("--target must be id_proof_front, id_proof_live, address_proof, address or profile, not \"{other}\"");
                }
                ReviewTarget::Document { document_type }
            }
        };
        let status = match self.status {
            StatusArg::Approved => KycStatus::Approved,
            StatusArg::Rejected => KycStatus::Rejected,
            StatusArg::Pending => KycStatus::Pending,
        };
        Ok(ReviewRequest { target, status, failed_reason: self.reason.clone() })
    }
}

fn main() -> ExitCode {
    kyc_log::to_stderr("warn");
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Sandbox(args) => sandbox(args).await,
        Command::Profile => print_json(&client(&cli.api)?.get_profile().await?),
        Command::Upload { document_type, file, raw } => {
            let bytes = read(&file)?;
            let document_type = DocumentType::from(document_type);
            let (data_url, ext) = if raw {
                let (data_url, media_type) = DataUrl::from_image(&bytes).map_err(|_| {
                    anyhow::anyhow!("{} is not a JPEG or PNG image; --raw sends only those", file.display())
                })?;
                (data_url, media_type.ext())
            } else {
                let prepared =
                    kyc_send::prepare_for(&document_type, &bytes).with_context(|| format!("{}", file.display()))?;
                (prepared.data_url(), prepared.ext())
            };
            let request = UploadRequest { file_data: FileData { document_type, file: data_url, ext: ext.into() } };
            print_json(&client(&cli.api)?.upload(&request).await?)
        }
        Command::Update { file } => {
            if file.as_os_str() == "-" && cli.api.token.as_deref() == Some("-") {
                bail!("standard input can carry the token or the update body, not both: put the body in a file");
            }
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin()).context("could not read standard input")?
            } else {
                String::from_utf8(read(&file)?).with_context(|| format!("{} is not UTF-8 text", file.display()))?
            };
            let request: UpdateProfileRequest = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a valid update body", file.display()))?;
            print_json(&client(&cli.api)?.update_profile(&request).await?)
        }
        Command::Prepare { input, output, max_edge, max_bytes, format } => {
            let bytes = read(&input)?;
            let format = match format {
                FormatArg::Jpeg => kyc_imaging::OutputFormat::Jpeg,
                FormatArg::Png => kyc_imaging::OutputFormat::Png,
            };
            let options = kyc_imaging::Options { max_edge, max_bytes, format, ..kyc_imaging::Options::document() };
            let started = std::time::Instant::now();
            let prepared = kyc_imaging::prepare(&bytes, &options).with_context(|| format!("{}", input.display()))?;
            let took = started.elapsed();
            std::fs::write(&output, &prepared.bytes)
                .with_context(|| format!("could not write {}", output.display()))?;
            let quality = prepared.quality.map(|q| format!(", quality {q}")).unwrap_or_default();
            let encodes = match prepared.encodes {
                1 => ", 1 encode".to_string(),
                n => format!(", {n} encodes"),
            };
            say(&format!(
                "{}: {}×{} {:?} → {}×{} {} ({} bytes{quality}{encodes}) in {} ms",
                output.display(),
                prepared.source.width,
                prepared.source.height,
                prepared.source.format,
                prepared.width,
                prepared.height,
                prepared.media_type.mime(),
                prepared.bytes.len(),
                took.as_millis()
            ))
        }
        Command::Inspect { input, max_edge, subject } => {
            let bytes = read(&input)?;
            let document_type = subject.document_type();
            let mut options = kyc_send::options_for(&document_type);
            options.max_edge = max_edge.unwrap_or(options.max_edge);
            let inspection = kyc_imaging::inspect(&bytes, &options.limits, options.max_edge)
                .with_context(|| format!("{}", input.display()))?;
            let (_, quality) = kyc_send::check_with(&document_type, &bytes, &options)
                .with_context(|| format!("{}", input.display()))?;
            let verdict = kyc_vision::verdict(&quality.findings, 1);
            print_json(&Inspected { inspection, quality, verdict })
        }
        Command::ReadDocument { input } => {
            let bytes = read(&input)?;
            let options = kyc_send::options_for(&kyc_core::DocumentType::IdProofFront);
            let (_, pixels) = kyc_imaging::prepare_keeping_pixels(&bytes, &options)
                .with_context(|| format!("{}", input.display()))?;
            print_json(&kyc_send::read_document(&pixels)?)
        }
        Command::Cameras { synthetic } => {
            let (choice, source) = camera(synthetic, None)?;
            let devices = source.devices()?;
            if devices.is_empty() {
                bail!("{} Or run with --synthetic to use the test camera.", kyc_camera::native::no_camera());
            }
            say(&format!("Cameras ({}):", choice.describe()))?;
            for device in devices {
                let modes: Vec<String> = device.formats.iter().map(|f| format!("{}×{}", f.width, f.height)).collect();
                say(&format!("  {}  {}  {}", device.id, device.name, modes.join(" ")))?;
            }
            Ok(())
        }
        Command::Capture { output, device, synthetic } => {
            let (choice, source) = camera(synthetic, device)?;
            let preview = choice.open(
                source.as_ref(),
                kyc_camera::StreamRequest::default(),
                kyc_camera::PreviewOptions::default(),
            )?;
            // Let exposure settle for a few frames, as a person would wait for the picture.
            for _ in 0..5 {
                preview.next(Duration::from_secs(5))?;
            }
            let prepared = preview.capture_prepared(Duration::from_secs(5), &kyc_imaging::Options::selfie())?;
            preview.stop();
            std::fs::write(&output, &prepared.bytes)
                .with_context(|| format!("could not write {}", output.display()))?;
            say(&format!(
                "{}: {}×{} still from {} → {}×{} JPEG, {} bytes",
                output.display(),
                prepared.source.width,
                prepared.source.height,
                choice.describe(),
                prepared.width,
                prepared.height,
                prepared.bytes.len()
            ))
        }
        Command::Review(args) => print_json(&client(&cli.api)?.review(&args.request()?).await?),
        Command::Submit { id_front, selfie, address_proof, fields, accept_warnings, upload_document } => {
            let fields_text =
                String::from_utf8(read(&fields)?).with_context(|| format!("{} is not UTF-8 text", fields.display()))?;
            let fields = FieldsFile::parse(&fields_text)?;
            let images =
                Images { id_front: read(&id_front)?, selfie: read(&selfie)?, address_proof: read(&address_proof)? };
            let client = client(&cli.api)?;
            let mut number = 0;
            let options = kyc_cli::SubmitOptions { accept_warnings, upload: upload_document };
            kyc_cli::submit(&client, &images, &fields, options, |report| {
                number += 1;
                // A closed standard output must not stop a submission half way.
                let _ = say(&format!(
                    "Screen {number} · {}\n  1. upload {} ({}) … ok\n  2. update profile ({} fields{}) … ok\n  3. read back … ok: {} listed, {}{}; overall {}",
                    report.title,
                    report.upload.document_type,
                    report.upload.document_mime_type,
                    report.fields_sent,
                    if report.address_confirmed { " and the address" } else { "" },
                    report.upload.document_type,
                    report.upload.kyc_status,
                    if report.address_confirmed { "; address listed" } else { "" },
                    report.profile.kyc_status.status
                ));
            })
            .await?;
            say("All three screens sent and confirmed by the server.")
        }
    }
}

fn client(api: &ApiArgs) -> Result<Client> {
    let token = match api.token.as_deref().filter(|t| !t.is_empty()).map(Token::new) {
        Some(token) if token.is_from_stdin() => Token::read_from(std::io::stdin().lock())
            .context("could not read the token from standard input")?
            .context("no token on standard input: pipe it in, e.g. `printenv KYC_TOKEN | kyc --token - profile`")?,
        Some(token) => token,
        None => bail!("no access token: set KYC_TOKEN, or pass --token - and give it on standard input (`kyc sandbox` prints one)"),
    };
    let mut config = Config::new(&api.api, token);
    config.language = api.lang.clone();
    config.request_timeout = Duration::from_secs(60);
    Ok(Client::new(config)?)
}

/// The camera source: `--synthetic`, else `KYC_CAMERA`, else the real cameras. Never a silent fallback.
fn camera(synthetic: bool, device: Option<String>) -> Result<(kyc_camera::Choice, Box<dyn kyc_camera::CameraSource>)> {
    use kyc_camera::Choice;
    let choice = if synthetic {
        Choice::Synthetic
    } else if let Some(id) = device {
        Choice::Device(Some(id))
    } else {
        Choice::from_env().map_err(|e| anyhow::anyhow!(e))?
    };
    let source = choice.source()?;
    Ok((choice, source))
}

/// The named user, or the demo user; either must exist in the data directory.
fn user(sandbox: &kyc_sandbox::Sandbox, access_id: Option<String>, data_dir: &Path) -> Result<String> {
    let found = match access_id {
        Some(id) => sandbox.store().user_exists(&id)?.then_some(id),
        None => sandbox.store().demo_access_id()?,
    };
    found.with_context(|| {
        format!(
            "there is no such user in {} (run the app or `kyc sandbox` once to create the demo user)",
            data_dir.display()
        )
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

/// What `kyc inspect` prints: the image's measures, the gate's findings, and what they mean on a
/// first attempt.
#[derive(serde::Serialize)]
struct Inspected {
    #[serde(flatten)]
    inspection: kyc_imaging::Inspection,
    quality: kyc_vision::Assessment,
    verdict: kyc_vision::Verdict,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SubjectArg {
    IdDocument,
    ProofOfAddress,
    Selfie,
}

impl SubjectArg {
    fn document_type(self) -> kyc_core::DocumentType {
        match self {
            SubjectArg::IdDocument => kyc_core::DocumentType::IdProofFront,
            SubjectArg::ProofOfAddress => kyc_core::DocumentType::AddressProof,
            SubjectArg::Selfie => kyc_core::DocumentType::IdProofLive,
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    say(&serde_json::to_string_pretty(value)?)
}

/// Prints a line to standard output. A closed pipe (`kyc profile | head`) is an
/// error the caller returns, not a panic.
fn say(line: &str) -> Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).context("could not write to standard output")
}

async fn sandbox(args: SandboxArgs) -> Result<()> {
    let mut config = kyc_sandbox::Config::new(&args.data_dir);
    config.review_route = !args.no_review_route;
    let sandbox = Sandbox::open(config)
        .with_context(|| format!("could not open the sandbox data in {}", args.data_dir.display()))?;
    match args.action {
        Some(SandboxAction::AddUser { first_name, last_name, country_code }) => {
            let user = NewUser {
                first_name,
                last_name,
                nationality: country_code.clone(),
                country_code,
                ..NewUser::default()
            };
            let credentials = sandbox.store().create_user(&user)?;
            say(&format!("access_id: {}\nKYC_TOKEN={}", credentials.access_id, credentials.token))
        }
        Some(SandboxAction::Review { access_id, review }) => {
            let access_id = user(&sandbox, access_id, &args.data_dir)?;
            let profile = sandbox
                .store()
                .review(&access_id, &review.request()?)
                .map_err(|e| anyhow::anyhow!(e.body(kyc_sandbox::Lang::En).error.message))?;
            print_json(&profile)
        }
        Some(SandboxAction::Profile { access_id }) => {
            let access_id = user(&sandbox, access_id, &args.data_dir)?;
            let profile = sandbox
                .store()
                .profile(&access_id)
                .map_err(|e| anyhow::anyhow!(e.body(kyc_sandbox::Lang::En).error.message))?;
            print_json(&profile)
        }
        None => {
            let listener = tokio::net::TcpListener::bind(args.addr)
                .await
                .with_context(|| format!("could not listen on {} (is another sandbox running?)", args.addr))?;
            let addr = listener.local_addr()?;
            let demo = sandbox.store().demo_user()?;
            // The server keeps running even if nobody reads this banner any more.
            let _ = say(&format!(
                "KYC sandbox listening; data in {}\ndemo user access_id: {}\nKYC_API=http://{addr}/\nKYC_TOKEN={}\nPress Ctrl-C to stop.",
                args.data_dir.display(),
                demo.access_id,
                demo.token
            ));
            kyc_sandbox::serve(listener, sandbox, stop_signal()).await?;
            Ok(())
        }
    }
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
