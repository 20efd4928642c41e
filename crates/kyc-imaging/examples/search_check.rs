//! Checks the byte-budget search on real files: for each, the quality `prepare`
//! chose and how many full encodes it took, against the highest quality that fits
//! found by encoding at every quality. With `--region x0,y0,x1,y1` (fractions of the
//! image), also the structural similarity (SSIM, luma, 8×8 windows) of that region
//! to the fitted original at both qualities: the MRZ's legibility after preparation.
//!
//! `cargo run --release -p kyc-imaging --example search_check -- [--region …] FILE…`
//!
//! Prints one line per file: `name chosen encodes exact [ssim_chosen ssim_exact]`.

use image::{GrayImage, RgbImage};
use kyc_imaging::{prepare, Options, OutputFormat};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    let mut region = None;
    if args.peek().is_some_and(|a| a == "--region") {
        args.next();
        let spec = args.next().ok_or("--region needs x0,y0,x1,y1")?;
        let v: Vec<f64> = spec.split(',').map(str::parse).collect::<Result<_, _>>()?;
        let [x0, y0, x1, y1] = v[..] else { return Err("--region needs four fractions".into()) };
        region = Some((x0, y0, x1, y1));
    }
    let options = Options::document();
    for path in args {
        let bytes = std::fs::read(&path)?;
        let prepared = prepare(&bytes, &options)?;
        let chosen = i32::from(prepared.quality.ok_or("not a JPEG output")?);
        // The very pixels the search encoded, losslessly.
        let lossless = prepare(&bytes, &Options { format: OutputFormat::Png, max_bytes: usize::MAX, ..options })?;
        let fitted = image::load_from_memory(&lossless.bytes)?.into_rgb8();
        let exact = (50..=95)
            .rev()
            .find(|&q| kyc_imaging::bench::encode_jpeg(&fitted, q, true).len() <= options.max_bytes)
            .unwrap_or(50);
        let name = std::path::Path::new(&path).file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        let mut line = format!("{name} {chosen} {} {exact}", prepared.encodes);
        if let Some(region) = region {
            let at = |q| -> Result<f64, Box<dyn std::error::Error>> {
                let jpeg = kyc_imaging::bench::encode_jpeg(&fitted, q, true);
                Ok(ssim(&luma(&fitted, region), &luma(&image::load_from_memory(&jpeg)?.into_rgb8(), region)))
            };
            line += &format!(" {:.4} {:.4}", at(chosen)?, at(exact)?);
        }
        println!("{line}");
    }
    Ok(())
}

fn luma(image: &RgbImage, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> GrayImage {
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let (left, top) = ((x0 * w) as u32, (y0 * h) as u32);
    let (right, bottom) = (((x1 * w) as u32).min(image.width()), ((y1 * h) as u32).min(image.height()));
    GrayImage::from_fn(right - left, bottom - top, |x, y| {
        let p = image.get_pixel(left + x, top + y).0;
        image::Luma([((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29 + 128) >> 8) as u8])
    })
}

/// Mean SSIM over 8×8 windows at a stride of 4 (Wang et al. 2004, K1 = 0.01, K2 = 0.03).
fn ssim(a: &GrayImage, b: &GrayImage) -> f64 {
    let (c1, c2) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2));
    let (mut total, mut windows) = (0.0, 0u32);
    for y in (0..a.height().saturating_sub(7)).step_by(4) {
        for x in (0..a.width().saturating_sub(7)).step_by(4) {
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for dy in 0..8 {
                for dx in 0..8 {
                    let (p, q) =
                        (f64::from(a.get_pixel(x + dx, y + dy).0[0]), f64::from(b.get_pixel(x + dx, y + dy).0[0]));
                    (sa, sb, saa, sbb, sab) = (sa + p, sb + q, saa + p * p, sbb + q * q, sab + p * q);
                }
            }
            let (ma, mb) = (sa / 64.0, sb / 64.0);
            let (va, vb, cov) = (saa / 64.0 - ma * ma, sbb / 64.0 - mb * mb, sab / 64.0 - ma * mb);
            total += ((2.0 * ma * mb + c1) * (2.0 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            windows += 1;
        }
    }
    total / f64::from(windows.max(1))
}
