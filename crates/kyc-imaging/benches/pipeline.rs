//! Criterion benches of each stage on the synthetic 12 MP phone photo:
//! decode (full and DCT-scaled), resize to 1920, JPEG encode, the byte-budget
//! search, the metrics, and the whole pipeline; then the byte-budget search on each
//! photo of the real-photo corpus (built by `scripts/bench-corpus.sh`, when present)
//! against a single optimised encode, with the number of full encodes it made.
//!
//! `cargo bench -p kyc-imaging --bench pipeline`

use criterion::{criterion_group, criterion_main, Criterion};
use kyc_imaging::{measure, prepare, prepare_pixels, Options, OutputFormat};

#[path = "../examples/make_phone_photo.rs"]
#[allow(dead_code)]
mod photo;

fn benches(c: &mut Criterion) {
    let jpeg = photo::phone_photo(4032, 3024).expect("the photo is made");
    let options = Options::document();
    let mut group = c.benchmark_group("kyc-imaging");
    group.sample_size(10);

    group.bench_function("decode 12MP JPEG at full scale", |b| {
        b.iter(|| turbojpeg::decompress(&jpeg, turbojpeg::PixelFormat::RGB).expect("decodes"))
    });
    let full = image::load_from_memory(&jpeg).expect("decodes").into_rgb8();
    group.bench_function("resize 4032x3024 to 1920 (Lanczos3)", |b| {
        b.iter(|| kyc_imaging::downscale(full.clone(), 1920).expect("resizes"))
    });
    let fitted = kyc_imaging::downscale(full.clone(), 1920).expect("resizes");
    group.bench_function("encode 1920x1440 JPEG q90 (optimized Huffman)", |b| {
        b.iter(|| kyc_imaging::bench::encode_jpeg(&fitted, 90, true))
    });
    group.bench_function("encode 1920x1440 JPEG q90 (standard Huffman)", |b| {
        b.iter(|| kyc_imaging::bench::encode_jpeg(&fitted, 90, false))
    });
    group.bench_function("metrics on 1920x1440", |b| b.iter(|| measure(&fitted)));
    group.bench_function("whole pipeline 12MP JPEG to 1920, 600 KB", |b| {
        b.iter(|| prepare(&jpeg, &options).expect("prepares"))
    });
    group.finish();

    // The search alone, on the fitted pixels of each picture: trial-guided search vs one encode.
    let mut pictures = vec![("synthetic-card".to_string(), jpeg.clone())];
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-corpus");
    let mut files: Vec<_> =
        std::fs::read_dir(&corpus).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "jpg")) {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        if !name.ends_with("-progressive") {
            pictures.push((name, std::fs::read(&path).expect("reads")));
        }
    }
    let mut search = c.benchmark_group("byte-budget search, 1920 px, 600 KB");
    search.sample_size(10);
    for (name, bytes) in &pictures {
        let lossless = Options { format: OutputFormat::Png, max_bytes: usize::MAX, ..options };
        let png = prepare(bytes, &lossless).expect("prepares").bytes;
        let fitted = image::load_from_memory(&png).expect("decodes").into_rgb8();
        let found = prepare_pixels(fitted.clone(), &options).expect("prepares");
        println!("{name}: quality {:?}, {} full encode(s)", found.quality, found.encodes);
        search.bench_function(format!("{name}: search"), |b| {
            b.iter(|| prepare_pixels(fitted.clone(), &options).expect("prepares"))
        });
        let quality = i32::from(found.quality.unwrap_or(95));
        search.bench_function(format!("{name}: one optimised encode at the chosen quality"), |b| {
            b.iter(|| kyc_imaging::bench::encode_jpeg(&fitted, quality, true))
        });
    }
    search.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
