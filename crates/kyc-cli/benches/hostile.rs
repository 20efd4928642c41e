//! What the worst uploads the red team could build within the sandbox's limits cost a
//! real `kyc sandbox` process (a release build, on loopback): CPU time and peak
//! memory for one request of each, then 20 at once while another client reads its
//! profile every 20 ms. Prints figures; it is a bench, not a test.
//!
//! `cargo bench -p kyc-cli --bench hostile`

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kyc_api_client::{Client, Config, RetryPolicy, Token};
use kyc_core::{DataUrl, DocumentType, FileData, MediaType, UploadRequest};
use kyc_hostile::{progressive_jpeg_bomb, progressive_jpeg_bomb_444, zero_png, PngKind};

/// A side that keeps width × height within the sandbox's 40 MP (6324² = 39.99 MP).
const SIDE: u16 = 6324;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(run());
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let side = u32::from(SIDE);
    let png = |color_type, interlaced| zero_png(side, side, PngKind { color_type, bit_depth: 16, interlaced });
    vec![
        ("JPEG, progressive, gray, 100 scans", progressive_jpeg_bomb(SIDE, SIDE, 99)),
        ("JPEG, progressive, 4:4:4, 100 scans", progressive_jpeg_bomb_444(SIDE, SIDE, 99)),
        ("JPEG, progressive, gray, 1,000 scans", progressive_jpeg_bomb(SIDE, SIDE, 999)),
        ("PNG, 16-bit RGBA", png(6, false)),
        ("PNG, 16-bit RGBA, interlaced", png(6, true)),
        ("JPEG, baseline, noise, ~10 MB", noise_jpeg()),
    ]
}

/// As much entropy-coded data as fits the 10 MB limit: noise at quality 100.
fn noise_jpeg() -> Vec<u8> {
    let (w, h) = (1700u32, 1400u32);
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let pixels: Vec<u8> = (0..w * h * 3)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        })
        .collect();
    let image = image::RgbImage::from_raw(w, h, pixels).expect("pixels");
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 100).encode_image(&image).expect("encodes");
    out.into_inner()
}

async fn run() {
    let ticks = clock_ticks();
    println!("One request each, to a fresh sandbox (CPU of the sandbox process; peak RSS above its idle RSS):");
    println!("{:<40} {:>9} {:>8} {:>9} {:>11}  answer", "input", "bytes", "wall s", "CPU s", "peak +MB");
    let inputs = inputs();
    for (name, bytes) in &inputs {
        let sandbox = SandboxProcess::start();
        let idle = sandbox.rss_kb("VmRSS");
        let cpu = sandbox.cpu_seconds(ticks);
        let started = Instant::now();
        let answer = upload(&sandbox.client(), bytes).await;
        let wall = started.elapsed().as_secs_f64();
        let cpu = sandbox.cpu_seconds(ticks) - cpu;
        let peak = (sandbox.rss_kb("VmHWM") - idle) as f64 / 1024.0;
        println!("{name:<40} {:>9} {wall:>8.2} {cpu:>9.2} {peak:>11.1}  {answer}", bytes.len());
    }

    println!("\n20 at once (the two most costly kinds, alternating), while another client reads every 20 ms:");
    let sandbox = SandboxProcess::start();
    let idle = sandbox.rss_kb("VmRSS");
    let cpu = sandbox.cpu_seconds(ticks);
    let worst: Vec<Vec<u8>> = [1usize, 4].iter().map(|&i| inputs[i].1.clone()).collect();
    let started = Instant::now();
    let uploads: Vec<_> = (0..20)
        .map(|i| {
            let (client, bytes) = (sandbox.client(), worst[i % 2].clone());
            tokio::spawn(async move {
                let begun = Instant::now();
                let answer = upload(&client, &bytes).await;
                (answer, begun.elapsed())
            })
        })
        .collect();
    let reader = sandbox.client();
    let mut reads = Vec::new();
    let mut failed_reads = 0;
    while uploads.iter().any(|u| !u.is_finished()) {
        let begun = Instant::now();
        if reader.get_profile().await.is_err() {
            failed_reads += 1;
        }
        reads.push(begun.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut answers = std::collections::BTreeMap::new();
    let mut slowest = Duration::ZERO;
    for upload in uploads {
        let (answer, took) = upload.await.expect("the upload task");
        *answers.entry(answer).or_insert(0) += 1;
        slowest = slowest.max(took);
    }
    let wall = started.elapsed().as_secs_f64();
    reads.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| reads.get(((reads.len() as f64 * q) as usize).min(reads.len().saturating_sub(1))).copied();
    println!("  uploads: {answers:?}, all done in {wall:.1} s (slowest {:.1} s)", slowest.as_secs_f64());
    println!("  sandbox CPU: {:.1} s; peak RSS: {:.0} MB above idle", sandbox.cpu_seconds(ticks) - cpu, {
        (sandbox.rss_kb("VmHWM") - idle) as f64 / 1024.0
    });
    println!(
        "  reads: {} ({} failed), median {:.1} ms, 95th {:.1} ms, slowest {:.1} ms",
        reads.len(),
        failed_reads,
        at(0.5).map_or(0.0, ms),
        at(0.95).map_or(0.0, ms),
        reads.last().copied().map_or(0.0, ms)
    );
}

/// The upload's outcome in a word: `201` or the sandbox's error code.
async fn upload(client: &Client, bytes: &[u8]) -> String {
    let media_type = MediaType::sniff(bytes).unwrap_or(MediaType::Png);
    let request = UploadRequest {
        file_data: FileData {
            document_type: DocumentType::IdProofFront,
            file: DataUrl::from_bytes(media_type, bytes),
            ext: media_type.ext().into(),
        },
    };
    match client.upload(&request).await {
        Ok(_) => "201".into(),
        Err(e) => e.server_code().unwrap_or(e.code()).to_owned(),
    }
}

fn clock_ticks() -> f64 {
    let out = Command::new("getconf").arg("CLK_TCK").output().expect("getconf");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(100.0)
}

/// A release `kyc sandbox` on a free loopback port; killed when dropped.
struct SandboxProcess {
    child: Child,
    api: String,
    token: String,
    _dir: tempfile::TempDir,
}

impl SandboxProcess {
    fn start() -> SandboxProcess {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_kyc"))
            .args(["sandbox", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kyc sandbox starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let (mut api, mut token) = (None, None);
        while api.is_none() || token.is_none() {
            let line = lines.next().expect("the sandbox prints its address and token").expect("a line");
            if let Some(v) = line.strip_prefix("KYC_API=") {
                api = Some(v.to_owned());
            } else if let Some(v) = line.strip_prefix("KYC_TOKEN=") {
                token = Some(v.to_owned());
            }
        }
        SandboxProcess { child, api: api.expect("api"), token: token.expect("token"), _dir: dir }
    }

    fn client(&self) -> Client {
        let mut config = Config::new(&self.api, Token::new(self.token.clone()));
        config.retry = RetryPolicy::never();
        config.request_timeout = Duration::from_secs(300);
        Client::new(config).expect("a client")
    }

    fn cpu_seconds(&self, ticks: f64) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which ends with ')'): utime and stime are the 12th and 13th.
        let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
        let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        (tick(11) + tick(12)) / ticks
    }

    /// A `/proc/<pid>/status` memory line (`VmRSS`, `VmHWM`), in KB.
    fn rss_kb(&self, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(key)?.trim_start_matches(':').trim().strip_suffix(" kB")?.trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
