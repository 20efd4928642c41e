//! A bounded load run on loopback: N users (default 50) at once, each completing
//! the whole three-screen flow against a real sandbox over HTTP. Prints throughput
//! and latency percentiles; fails if any flow fails.
//!
//! `cargo bench -p kyc-cli --bench load` (or `-- --users 20`).

use std::time::{Duration, Instant};

use kyc_api_client::{Client, Config, Token};
use kyc_cli::{FieldsFile, Images};
use kyc_sandbox::{NewUser, Sandbox};

fn main() {
    let users: usize =
        std::env::args().skip_while(|a| a != "--users").nth(1).and_then(|n| n.parse().ok()).unwrap_or(50);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(run(users));
}

async fn run(users: usize) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sandbox = Sandbox::open(kyc_sandbox::Config::new(dir.path())).expect("the sandbox opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let api = format!("http://{}/", listener.local_addr().expect("an address"));
    let credentials: Vec<_> =
        (0..users).map(|_| sandbox.store().create_user(&NewUser::default()).expect("a user")).collect();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kyc_sandbox::serve(listener, sandbox, async {
        let _ = stopped.await;
    }));

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/submit/");
    let read = |name: &str| std::fs::read(format!("{root}{name}")).expect("the example files");
    let images = std::sync::Arc::new(Images {
        id_front: read("id-front.png"),
        selfie: read("selfie.jpg"),
        address_proof: read("address-proof.png"),
    });
    let fields = std::sync::Arc::new(
        FieldsFile::parse(&String::from_utf8(read("fields.json")).expect("UTF-8")).expect("the example fields"),
    );

    let started = Instant::now();
    let flows: Vec<_> = credentials
        .into_iter()
        .map(|user| {
            let (images, fields, api) = (images.clone(), fields.clone(), api.clone());
            tokio::spawn(async move {
                let client = Client::new(Config::new(api, Token::new(user.token))).expect("a client");
                let begun = Instant::now();
                let mut screens = Vec::new();
                let mut last = begun;
                let result = kyc_cli::submit(&client, &images, &fields, kyc_cli::SubmitOptions::default(), |_| {
                    screens.push(last.elapsed());
                    last = Instant::now();
                })
                .await;
                (result.map(|_| ()), begun.elapsed(), screens)
            })
        })
        .collect();

    let mut flow_times = Vec::new();
    let mut screen_times = Vec::new();
    let mut errors = 0;
    let deadline = Duration::from_secs(300);
    for flow in flows {
        match tokio::time::timeout(deadline.saturating_sub(started.elapsed()), flow).await {
            Ok(Ok((Ok(()), took, screens))) => {
                flow_times.push(took);
                screen_times.extend(screens);
            }
            Ok(Ok((Err(e), _, _))) => {
                errors += 1;
                eprintln!("a flow failed: {e}");
            }
            _ => errors += 1,
        }
    }
    let wall = started.elapsed();
    let _ = stop.send(());
    let _ = server.await;

    let requests = flow_times.len() * 9;
    println!("load: {users} concurrent users, each the whole flow (3 screens × upload, update, read-back)");
    println!("  completed flows : {} of {users}, errors: {errors}", flow_times.len());
    println!("  wall time       : {:.2} s", wall.as_secs_f64());
    println!(
        "  throughput      : {:.1} flows/s, {:.1} requests/s",
        flow_times.len() as f64 / wall.as_secs_f64(),
        requests as f64 / wall.as_secs_f64()
    );
    println!("  flow latency    : p50 {} ms, p99 {} ms", pct(&mut flow_times, 50.0), pct(&mut flow_times, 99.0));
    println!("  screen latency  : p50 {} ms, p99 {} ms", pct(&mut screen_times, 50.0), pct(&mut screen_times, 99.0));
    if errors > 0 {
        std::process::exit(1);
    }
}

fn pct(samples: &mut [Duration], p: f64) -> u128 {
    if samples.is_empty() {
        return 0;
    }
    samples.sort();
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1].as_millis()
}
