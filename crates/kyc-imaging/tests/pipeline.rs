//! The pipeline over generated inputs, one table: each input with the result the
//! crate documents for it.

mod make;

use image::{imageops, RgbImage};
use kyc_core::MediaType;
use kyc_imaging::{prepare, Error, Limits, Options, OutputFormat, Prepared};
use make::*;

/// What an input must give.
enum Expect {
    /// Prepared, and this holds of the result.
    Ok(Box<dyn Fn(&Prepared)>),
    /// Refused with this error code, and the message contains this text.
    Refused(&'static str, &'static str),
}

fn ok(check: impl Fn(&Prepared) + 'static) -> Expect {
    Expect::Ok(Box::new(check))
}

fn check(name: &str, input: &[u8], options: &Options, expected: Expect) {
    let result = prepare(input, options);
    match (result, expected) {
        (Ok(prepared), Expect::Ok(holds)) => {
            assert!(prepared.bytes.len() <= options.max_bytes, "{name}: over the byte budget");
            holds(&prepared);
        }
        (Err(error), Expect::Refused(code, text)) => {
            assert_eq!(error.code(), code, "{name}: {error}");
            assert!(
                error.to_string().contains(text),
                "{name}: message {:?} should mention {text:?}",
                error.to_string()
            );
        }
        (Ok(prepared), Expect::Refused(code, _)) => panic!("{name}: expected {code}, got {prepared:?}"),
        (Err(error), Expect::Ok(_)) => panic!("{name}: expected success, got {error:?}"),
    }
}

fn decoded(prepared: &Prepared) -> RgbImage {
    image::load_from_memory(&prepared.bytes).expect("the output decodes").into_rgb8()
}

/// The colour at the centre of each quadrant, within a tolerance.
fn assert_quadrants(name: &str, image: &RgbImage) {
    let (w, h) = image.dimensions();
    for (i, expected) in QUADRANTS.iter().enumerate() {
        let (x, y) = ((w / 4) * (1 + 2 * (i as u32 % 2)), (h / 4) * (1 + 2 * (i as u32 / 2)));
        let got = image.get_pixel(x, y).0;
        let close = got.iter().zip(expected).all(|(a, b)| (i32::from(*a) - i32::from(*b)).abs() <= 40);
        assert!(close, "{name}: quadrant {i} is {got:?}, expected about {expected:?}");
    }
}

fn size(w: u32, h: u32) -> impl Fn(&Prepared) {
    move |p| {
        assert_eq!((p.width, p.height), (w, h));
        assert_eq!(decoded(p).dimensions(), (w, h));
    }
}

fn truncated(bytes: Vec<u8>) -> Vec<u8> {
    bytes[..bytes.len() / 2].to_vec()
}

#[test]
fn broken_hostile_and_unsupported_inputs() {
    let doc = Options::document();
    let png = png_of(&photo(64, 48));
    let mut bad_crc = png.clone();
    let idat = bad_crc.windows(4).position(|w| w == b"IDAT").unwrap();
    bad_crc[idat + 6] ^= 0xFF; // a data byte; the stored CRC no longer matches
    let tight = Options { limits: Limits { max_pixels: 64 * 48, ..Limits::default() }, ..doc };
    let few_bytes = Options { limits: Limits { max_input_bytes: 100, ..Limits::default() }, ..doc };

    let cases: Vec<(&str, Vec<u8>, &Options, Expect)> = vec![
        ("zero bytes", vec![], &doc, Expect::Refused("unsupported_format", "an empty file")),
        ("JPEG magic only", vec![0xFF, 0xD8, 0xFF], &doc, Expect::Refused("corrupt", "damaged")),
        ("PNG magic only", b"\x89PNG\r\n\x1a\n".to_vec(), &doc, Expect::Refused("corrupt", "damaged")),
        ("truncated JPEG", truncated(jpeg(64, 48)), &doc, Expect::Refused("corrupt", "damaged")),
        ("truncated PNG", truncated(png.clone()), &doc, Expect::Refused("corrupt", "damaged")),
        ("PNG with a bad CRC", bad_crc, &doc, Expect::Refused("corrupt", "damaged")),
        (
            "PNG header claiming 30000×30000",
            png_claiming(30000, 30000),
            &doc,
            Expect::Refused("too_large", "30000×30000"),
        ),
        ("real 20000×20000 PNG", huge_bilevel_png(20000, 20000), &doc, Expect::Refused("too_large", "20000×20000")),
        (
            "JPEG header claiming 65500×65500",
            jpeg_claiming(jpeg(16, 16), 65500, 65500),
            &doc,
            Expect::Refused("too_large", "65500×65500"),
        ),
        ("exactly at the pixel limit", jpeg(64, 48), &tight, ok(size(64, 48))),
        ("one pixel column over the limit", jpeg(65, 48), &tight, Expect::Refused("too_large", "megapixels")),
        ("input bytes over the cap", jpeg(64, 48), &few_bytes, Expect::Refused("too_many_bytes", "too big")),
        ("1×1", png_of(&RgbImage::from_pixel(1, 1, image::Rgb([9, 9, 9]))), &doc, ok(size(1, 1))),
        ("PDF", b"%PDF-1.7\n1 0 obj << >> endobj".to_vec(), &doc, Expect::Refused("unsupported_format", "PDF")),
        ("ZIP", b"PK\x03\x04\x14\x00\x00\x00".to_vec(), &doc, Expect::Refused("unsupported_format", "ZIP")),
        (
            "HTML",
            b"<!DOCTYPE html><html><script>alert(1)</script>".to_vec(),
            &doc,
            Expect::Refused("unsupported_format", "HTML"),
        ),
        (
            "SVG with a script",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
            &doc,
            Expect::Refused("unsupported_format", "SVG"),
        ),
        ("HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), &doc, Expect::Refused("unsupported_format", "HEIC")),
        ("animated GIF", animated_gif(), &doc, Expect::Refused("unsupported_format", "GIF")),
        ("animated PNG", apng(), &doc, Expect::Refused("unsupported_format", "animated PNG")),
    ];
    for (name, input, options, expected) in cases {
        check(name, &input, options, expected);
    }
}

#[test]
fn every_supported_layout_comes_out_as_upright_8_bit_rgb() {
    let doc = Options::document();
    let q = quadrants(64, 48);
    let rgb16: Vec<u8> = q.pixels().flat_map(|p| p.0.iter().flat_map(|&c| [c, c]).collect::<Vec<_>>()).collect();
    let palette: Vec<u8> = QUADRANTS.iter().flatten().copied().collect();
    let indexed: Vec<u8> =
        (0..48u32).flat_map(|y| (0..64u32).map(move |x| u8::from(x >= 32) + 2 * u8::from(y >= 24))).collect();
    let grey: Vec<u8> = (0..64 * 48).map(|i| (i % 256) as u8).collect();
    // Left half opaque red, right half fully transparent: composited on white.
    let rgba: Vec<u8> =
        (0..48).flat_map(|_| (0..64).flat_map(|x| if x < 32 { [220, 30, 30, 255] } else { [0, 0, 0, 0] })).collect();

    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        ("baseline JPEG", jpeg_of(&q, false), ok(|p| assert_quadrants("baseline", &decoded(p)))),
        ("progressive JPEG", jpeg_of(&q, true), ok(|p| assert_quadrants("progressive", &decoded(p)))),
        ("PNG with a .jpg name (bytes decide)", png_of(&q), ok(|p| assert_quadrants("png", &decoded(p)))),
        (
            "16-bit PNG",
            png_raw(64, 48, png::ColorType::Rgb, png::BitDepth::Sixteen, &rgb16, None),
            ok(|p| assert_quadrants("16-bit", &decoded(p))),
        ),
        (
            "palette PNG",
            png_raw(64, 48, png::ColorType::Indexed, png::BitDepth::Eight, &indexed, Some(&palette)),
            ok(|p| assert_quadrants("palette", &decoded(p))),
        ),
        (
            "grey PNG",
            png_raw(64, 48, png::ColorType::Grayscale, png::BitDepth::Eight, &grey, None),
            ok(|p| {
                let img = decoded(p);
                assert!(
                    img.pixels().all(|px| px[0].abs_diff(px[1]) < 8 && px[1].abs_diff(px[2]) < 8),
                    "grey stays grey"
                );
            }),
        ),
        ("interlaced PNG", interlaced_png(&q), ok(|p| assert_quadrants("interlaced", &decoded(p)))),
        (
            "RGBA PNG",
            png_raw(64, 48, png::ColorType::Rgba, png::BitDepth::Eight, &rgba, None),
            ok(|p| {
                let img = decoded(p);
                assert!(
                    img.get_pixel(48, 24).0.iter().all(|&c| c > 240),
                    "transparent becomes white: {:?}",
                    img.get_pixel(48, 24)
                );
                assert!(img.get_pixel(16, 24)[0] > 180 && img.get_pixel(16, 24)[1] < 80, "opaque red stays red");
            }),
        ),
        ("WebP", webp_of(&q), ok(|p| assert_quadrants("webp", &decoded(p)))),
        (
            "CMYK JPEG (red ink)",
            cmyk_jpeg([0, 255, 255, 0], turbojpeg::Colorspace::CMYK),
            ok(|p| {
                let px = *decoded(p).get_pixel(16, 16);
                assert!(px[0] > 220 && px[1] < 40 && px[2] < 40, "magenta + yellow ink is red, got {px:?}");
            }),
        ),
        (
            "YCCK JPEG (blue ink)",
            cmyk_jpeg([255, 255, 0, 0], turbojpeg::Colorspace::YCCK),
            ok(|p| {
                let px = *decoded(p).get_pixel(16, 16);
                assert!(px[2] > 200 && px[0] < 50 && px[1] < 50, "cyan + magenta ink is blue, got {px:?}");
            }),
        ),
    ];
    for (name, input, expected) in cases {
        check(name, &input, &doc, expected);
    }
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    let upright = quadrants(60, 40);
    // For orientation n, store the image that orientation n turns upright.
    let stored = |n: u16| -> RgbImage {
        match n {
            1 => upright.clone(),
            2 => imageops::flip_horizontal(&upright),
            3 => imageops::rotate180(&upright),
            4 => imageops::flip_vertical(&upright),
            5 => imageops::rotate270(&imageops::flip_horizontal(&upright)),
            6 => imageops::rotate270(&upright),
            7 => imageops::rotate90(&imageops::flip_horizontal(&upright)),
            8 => imageops::rotate90(&upright),
            _ => unreachable!(),
        }
    };
    for n in 1..=8u16 {
        let jpeg = with_segments(&jpeg_of(&stored(n), false), &[app1_exif(&exif(n, false, None))]);
        check(
            &format!("JPEG orientation {n}"),
            &jpeg,
            &Options::document(),
            ok(move |p| {
                assert_eq!((p.width, p.height), (60, 40), "orientation {n}: upright size");
                assert_eq!(p.source.orientation, n as u8);
                assert_quadrants(&format!("orientation {n}"), &decoded(p));
            }),
        );
    }
}

#[test]
fn no_metadata_and_no_trailing_bytes_leave() {
    let source = with_segments(&jpeg_of(&quadrants(80, 60), false), &metadata_segments());
    assert_eq!(kyc_imaging::probe(&source).unwrap().orientation, 1);
    let (before, _) = jpeg_markers(&source);
    for marker in [0xE1, 0xE2, 0xED, 0xFE] {
        assert!(before.contains(&marker), "the input carries marker {marker:#x}");
    }
    let mut with_zip = source.clone();
    with_zip.extend_from_slice(b"PK\x03\x04 a zip archive appended after the image");

    for (name, input) in [("metadata", source), ("JPEG with a ZIP appended", with_zip)] {
        let prepared = prepare(&input, &Options::document()).unwrap();
        let (markers, trailing) = jpeg_markers(&prepared.bytes);
        assert_eq!(trailing, 0, "{name}: nothing after the end of image");
        for marker in &markers {
            assert!(
                [0xE0, 0xDB, 0xC0, 0xC4, 0xDD, 0xDA].contains(marker),
                "{name}: unexpected marker {marker:#x} in {markers:x?}"
            );
        }
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&prepared.bytes));
        assert!(exif.is_err(), "{name}: an EXIF parser finds no EXIF");
        for secret in [&b"Exif"[..], b"secret", b"ICC_PROFILE", b"Photoshop", b"http://ns.adobe.com", b"PK\x03\x04"] {
            assert!(
                !prepared.bytes.windows(secret.len()).any(|w| w == secret),
                "{name}: output contains {:?}",
                String::from_utf8_lossy(secret)
            );
        }
        assert_quadrants(name, &decoded(&prepared));
    }
}

#[test]
fn fits_the_long_edge_never_upscales_and_meets_the_budget() {
    let doc = Options::document();
    check("4000×3000 to 1920", &jpeg(4000, 3000), &doc, ok(size(1920, 1440)));
    check("portrait 3000×4000 to 1920", &png_of(&photo(1500, 2000)), &doc, ok(size(1440, 1920)));
    check("small stays small", &jpeg(100, 50), &doc, ok(size(100, 50)));
    let selfie = Options::selfie();
    check("selfie to 1280", &jpeg(1920, 1080), &selfie, ok(size(1280, 720)));

    let tight = Options { max_bytes: 30_000, ..doc };
    check(
        "a noisy photo in 30 KB",
        &jpeg(1600, 1200),
        &tight,
        ok(|p| {
            assert!(p.bytes.len() <= 30_000);
            assert!(p.quality.is_some());
        }),
    );
    let png_out = Options { format: OutputFormat::Png, ..doc };
    check(
        "PNG when asked",
        &jpeg(200, 100),
        &png_out,
        ok(|p| {
            assert_eq!(p.media_type, MediaType::Png);
            assert!(p.bytes.starts_with(b"\x89PNG"));
            assert_eq!(p.ext(), "png");
        }),
    );
    let prepared = prepare(&png_of(&photo(50, 50)), &doc).unwrap();
    assert_eq!(prepared.ext(), "jpg");
    assert!(prepared.data_url().as_str().starts_with("data:image/jpeg;base64,/9j/"));
}

#[test]
fn a_higher_budget_never_gives_lower_quality() {
    let input = jpeg(1200, 900);
    // Below some budget the image also shrinks; a bigger budget never gives fewer pixels
    // or, at the same size, a lower quality.
    let mut last = (0, 0);
    for budget in [40_000, 80_000, 160_000, 600_000] {
        let p = prepare(&input, &Options { max_bytes: budget, ..Options::document() }).unwrap();
        let now = (p.width, p.quality.unwrap());
        assert!(now >= last, "budget {budget}: {now:?} is worse than {last:?}");
        last = now;
    }
}

#[test]
fn errors_say_what_to_do() {
    let error = prepare(b"%PDF-1.4", &Options::document()).unwrap_err();
    assert_eq!(error, Error::UnsupportedFormat { found: "a PDF document".into() });
    assert!(error.to_string().contains("Use a photo in JPEG, PNG or WebP format"));
}

#[test]
fn the_quality_found_is_the_highest_that_fits_or_within_two_steps_of_it() {
    // The search predicts sizes from a trial made of every eighth band of 16 rows. Check it
    // against encoding at every quality: on an evenly detailed photo it must find the
    // highest quality that fits; on one whose detail lies only in the rows the trial
    // leaves out (its worst case) it must still fit and be within two steps of it.
    let even = photo(1600, 1200);
    let hidden = detail_outside_the_trial(1600, 1200);
    for (name, image, slack) in [("even", &even, 0), ("hidden detail", &hidden, 2)] {
        let input = png_of(image); // lossless and within 1920 px: the search sees exactly `image`
        for budget in [55, 70, 85, 94].map(|q| budget_between(image, q)) {
            let found = prepare(&input, &Options { max_bytes: budget, ..Options::document() }).unwrap();
            assert_eq!((found.width, found.height), image.dimensions(), "{name}, budget {budget}: shrunk");
            assert!(found.bytes.len() <= budget, "{name}, budget {budget}: over budget");
            let best = (50..=95)
                .rev()
                .find(|&q| kyc_imaging::bench::encode_jpeg(image, q, true).len() <= budget)
                .expect("some quality fits");
            let q = i32::from(found.quality.unwrap());
            assert!(q <= best && best - q <= slack, "{name}, budget {budget}: quality {q}, best {best}");
        }
    }
}

#[test]
fn the_search_encodes_the_whole_image_once_or_twice() {
    // The trial predicts; full-size encodes only confirm. At the top quality one suffices.
    let image = photo(1920, 1440);
    let input = png_of(&image);
    for budget in [55, 70, 85, 94].map(|q| budget_between(&image, q)) {
        let found = prepare(&input, &Options { max_bytes: budget, ..Options::document() }).unwrap();
        assert!(found.encodes <= 2, "budget {budget}: {} full encodes", found.encodes);
    }
    let roomy = prepare(&input, &Options { max_bytes: 10_000_000, ..Options::document() }).unwrap();
    assert_eq!((roomy.quality, roomy.encodes), (Some(95), 1));
}

/// A budget halfway between the sizes at `quality` and the next: the search must land on `quality`.
fn budget_between(image: &RgbImage, quality: i32) -> usize {
    let at = |q| kyc_imaging::bench::encode_jpeg(image, q, true).len();
    (at(quality) + at(quality + 1)) / 2
}

/// Noise only in the bands of 16 rows the search's trial leaves out; flat grey in the rest.
fn detail_outside_the_trial(w: u32, h: u32) -> RgbImage {
    let noisy = photo(w, h);
    RgbImage::from_fn(w, h, |x, y| if (y / 16) % 8 == 4 { image::Rgb([128, 128, 128]) } else { *noisy.get_pixel(x, y) })
}
