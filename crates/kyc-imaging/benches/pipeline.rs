//! Criterion benches of each stage on the synthetic 12 MP phone photo:
//! decode (full and DCT-scaled), resize to 1920, JPEG encode, the byte-budget
//! search, the metrics, and the whole pipeline.
//!
//! `cargo bench -p kyc-imaging --bench pipeline`

use criterion::{criterion_group, criterion_main, Criterion};
use kyc_imaging::{measure, prepare, Options};

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
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
