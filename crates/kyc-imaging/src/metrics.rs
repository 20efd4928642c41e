//! Numbers for a quality gate. Each is computed on 8-bit luma
//! (Y = 0.299 R + 0.587 G + 0.114 B) of the image as measured.

use image::RgbImage;

/// Quality measurements of an image. Meanings and rough thresholds:
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub width: u32,
    pub height: u32,
    pub megapixels: f64,
    /// Variance of the 4-neighbour Laplacian of luma. Higher is sharper: a focused
    /// document photo at 1920 px is typically in the hundreds; under ~50 looks blurred.
    pub sharpness: f64,
    /// Mean luma, 0 (black) to 1 (white). A well-exposed document is roughly 0.35–0.75.
    pub exposure_mean: f64,
    /// Share of pixels with luma ≤ 8: crushed shadows. Over ~0.25 is too dark.
    pub clipped_dark: f64,
    /// Share of pixels with luma ≥ 247: blown highlights. Over ~0.25 is overexposed.
    pub clipped_bright: f64,
    /// Share of specular pixels: luma ≥ 240 and nearly colourless (max − min channel ≤ 16),
    /// as glare off a laminated card is. Over ~0.02 on a card usually hides text.
    pub glare: f64,
}

pub fn measure(image: &RgbImage) -> Metrics {
    let (w, h) = image.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    let total = (wu * hu).max(1) as f64;
    let mut luma = Vec::with_capacity(wu * hu);
    let (mut sum, mut dark, mut bright, mut glare) = (0u64, 0u64, 0u64, 0u64);
    for px in image.as_raw().chunks_exact(3) {
        let y = luma_of(px[0], px[1], px[2]);
        luma.push(y);
        sum += u64::from(y);
        dark += u64::from(y <= 8);
        bright += u64::from(y >= 247);
        let spread = px.iter().max().unwrap_or(&0) - px.iter().min().unwrap_or(&0);
        glare += u64::from(y >= 240 && spread <= 16);
    }
    Metrics {
        width: w,
        height: h,
        megapixels: f64::from(w) * f64::from(h) / 1e6,
        sharpness: laplacian_variance(&luma, wu, hu),
        exposure_mean: sum as f64 / total / 255.0,
        clipped_dark: dark as f64 / total,
        clipped_bright: bright as f64 / total,
        glare: glare as f64 / total,
    }
}

/// 8-bit luma of each pixel, row by row.
pub fn luma(image: &RgbImage) -> Vec<u8> {
    image.as_raw().chunks_exact(3).map(|px| luma_of(px[0], px[1], px[2])).collect()
}

fn luma_of(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 77 + u32::from(g) * 150 + u32::from(b) * 29 + 128) >> 8) as u8
}

/// Variance of the 4-neighbour Laplacian of a `w`×`h` luma buffer: higher is sharper.
pub fn laplacian_variance(luma: &[u8], w: usize, h: usize) -> f64 {
    if w < 3 || h < 3 {
        return 0.0;
    }
    let (mut n, mut sum, mut sum_sq) = (0f64, 0f64, 0f64);
    for y in 1..h - 1 {
        let row = y * w;
        for x in 1..w - 1 {
            let i = row + x;
            let v = i32::from(luma[i - 1]) + i32::from(luma[i + 1]) + i32::from(luma[i - w]) + i32::from(luma[i + w])
                - 4 * i32::from(luma[i]);
            let v = f64::from(v);
            n += 1.0;
            sum += v;
            sum_sq += v * v;
        }
    }
    let mean = sum / n;
    sum_sq / n - mean * mean
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn flat_grey_has_no_sharpness_and_mid_exposure() {
        let m = measure(&RgbImage::from_pixel(50, 40, Rgb([128, 128, 128])));
        assert_eq!(m.sharpness, 0.0);
        assert!((m.exposure_mean - 128.0 / 255.0).abs() < 0.01);
        assert_eq!((m.clipped_dark, m.clipped_bright, m.glare), (0.0, 0.0, 0.0));
        assert!((m.megapixels - 0.002).abs() < 1e-9);
    }

    #[test]
    fn edges_are_sharper_than_a_blur_of_them() {
        let edges =
            RgbImage::from_fn(64, 64, |x, y| if (x / 4 + y / 4) % 2 == 0 { Rgb([0, 0, 0]) } else { Rgb([255; 3]) });
        let blurred = image::imageops::blur(&edges, 3.0);
        assert!(measure(&edges).sharpness > 10.0 * measure(&blurred).sharpness);
    }

    #[test]
    fn white_is_clipped_and_glare_black_is_clipped_dark() {
        let m = measure(&RgbImage::from_fn(10, 10, |x, _| if x < 5 { Rgb([255; 3]) } else { Rgb([0; 3]) }));
        assert_eq!((m.clipped_bright, m.glare, m.clipped_dark), (0.5, 0.5, 0.5));
        let yellow = measure(&RgbImage::from_pixel(10, 10, Rgb([255, 255, 200])));
        assert_eq!(yellow.glare, 0.0, "bright but coloured is not specular glare");
    }
}
