//! Test inputs, made in code: images, broken images, metadata, non-images.
#![allow(dead_code)]

use image::{Rgb, RgbImage};
use turbojpeg::{Colorspace, Compressor, Image, PixelFormat, Subsamp};

/// Four flat quadrants, so orientation and colour can be checked by sampling.
pub const QUADRANTS: [[u8; 3]; 4] = [[220, 30, 30], [30, 200, 30], [30, 30, 220], [250, 250, 250]];

pub fn quadrants(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| Rgb(QUADRANTS[usize::from(x >= w / 2) + 2 * usize::from(y >= h / 2)]))
}

/// Smooth gradients with texture: compresses like a photo, not like flat colour.
pub fn photo(w: u32, h: u32) -> RgbImage {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 41) as i32 - 20;
        let base = [(x * 255 / w.max(1)) as i32, (y * 255 / h.max(1)) as i32, (((x + y) * 7) % 255) as i32];
        Rgb(base.map(|c| (c + n).clamp(0, 255) as u8))
    })
}

pub fn jpeg_of(image: &RgbImage, progressive: bool) -> Vec<u8> {
    let mut c = Compressor::new().unwrap();
    c.set_quality(90).unwrap();
    c.set_subsamp(Subsamp::None).unwrap();
    c.set_progressive(progressive).unwrap();
    let (w, h) = (image.width() as usize, image.height() as usize);
    c.compress_to_vec(Image {
        pixels: image.as_raw().as_slice(),
        width: w,
        pitch: w * 3,
        height: h,
        format: PixelFormat::RGB,
    })
    .unwrap()
}

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    jpeg_of(&photo(w, h), false)
}

/// A CMYK (or YCCK) JPEG whose ink is stored inverted, as Adobe applications write it.
pub fn cmyk_jpeg(ink: [u8; 4], colorspace: Colorspace) -> Vec<u8> {
    let (w, h) = (32usize, 32usize);
    let stored: Vec<u8> = (0..w * h).flat_map(|_| ink.map(|v| 255 - v)).collect();
    let mut c = Compressor::new().unwrap();
    c.set_quality(95).unwrap();
    c.set_subsamp(Subsamp::None).unwrap();
    c.set_colorspace(colorspace).unwrap();
    c.compress_to_vec(Image { pixels: stored.as_slice(), width: w, pitch: w * 4, height: h, format: PixelFormat::CMYK })
        .unwrap()
}

pub fn png_of(image: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG written by the `png` crate with the given layout and raw sample data.
pub fn png_raw(
    w: u32,
    h: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    palette: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(color);
        encoder.set_depth(depth);
        if let Some(p) = palette {
            encoder.set_palette(p.to_vec());
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(data).unwrap();
    }
    out
}

pub fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

fn ihdr(w: u32, h: u32, depth: u8, color: u8, interlace: u8) -> Vec<u8> {
    let mut d = w.to_be_bytes().to_vec();
    d.extend_from_slice(&h.to_be_bytes());
    d.extend_from_slice(&[depth, color, 0, 0, interlace]);
    d
}

/// An Adam7-interlaced 8-bit RGB PNG, written pass by pass.
pub fn interlaced_png(image: &RgbImage) -> Vec<u8> {
    let (w, h) = image.dimensions();
    let passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
    let mut raw = Vec::new();
    for (x0, y0, dx, dy) in passes {
        if x0 >= w || y0 >= h {
            continue;
        }
        for y in (y0..h).step_by(dy as usize) {
            raw.push(0);
            for x in (x0..w).step_by(dx as usize) {
                raw.extend_from_slice(&image.get_pixel(x, y).0);
            }
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr(w, h, 8, 2, 1));
    chunk(&mut out, b"IDAT", &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A valid PNG header claiming `w`×`h` with a tiny payload.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr(w, h, 8, 2, 0));
    chunk(&mut out, b"IDAT", &miniz_oxide::deflate::compress_to_vec_zlib(&[0, 0, 0, 0], 6));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A real, complete 1-bit PNG of `w`×`h` (small on disk, huge in memory).
pub fn huge_bilevel_png(w: u32, h: u32) -> Vec<u8> {
    let row = 1 + (w as usize).div_ceil(8);
    let mut stream = miniz_oxide::deflate::core::CompressorOxide::new(
        miniz_oxide::deflate::core::create_comp_flags_from_zip_params(1, 15, 0),
    );
    let zeros = vec![0u8; row];
    let mut compressed = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    for y in 0..h {
        let flush = if y + 1 == h {
            miniz_oxide::deflate::core::TDEFLFlush::Finish
        } else {
            miniz_oxide::deflate::core::TDEFLFlush::None
        };
        let mut input: &[u8] = &zeros;
        loop {
            let (status, used, written) = miniz_oxide::deflate::core::compress(&mut stream, input, &mut buf, flush);
            compressed.extend_from_slice(&buf[..written]);
            input = &input[used..];
            if input.is_empty() && (written < buf.len() || status == miniz_oxide::deflate::core::TDEFLStatus::Done) {
                break;
            }
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr(w, h, 1, 0, 0));
    // A zlib header, the raw deflate stream, and the Adler-32 of all-zero rows.
    let mut idat = vec![0x78, 0x01];
    idat.extend_from_slice(&compressed);
    let total = row as u64 * u64::from(h);
    let (a, b) = (1u64, total % 65521);
    idat.extend_from_slice(&(((b << 16) | a) as u32).to_be_bytes());
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Sets a baseline JPEG's SOF dimensions to lie about its size.
pub fn jpeg_claiming(mut jpeg: Vec<u8>, w: u16, h: u16) -> Vec<u8> {
    let sof = jpeg.windows(2).position(|m| m[0] == 0xFF && (m[1] == 0xC0 || m[1] == 0xC2)).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

/// Inserts segments (marker, body) right after a JPEG's SOI.
pub fn with_segments(jpeg: &[u8], segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for (marker, body) in segments {
        out.extend_from_slice(&[0xFF, *marker]);
        out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(body);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A big-endian TIFF/EXIF block: IFD0 with Orientation, optionally a GPS IFD and an IFD1 thumbnail.
pub fn exif(orientation: u16, gps: bool, thumbnail: Option<&[u8]>) -> Vec<u8> {
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend_from_slice(&tag.to_be_bytes());
        out.extend_from_slice(&kind.to_be_bytes());
        out.extend_from_slice(&count.to_be_bytes());
        out.extend_from_slice(&value);
    }
    let ifd_size = |n: u32| 2 + 12 * n + 4;
    let n0 = 1 + u32::from(gps);
    let gps_at = 8 + ifd_size(n0);
    let rationals_at = gps_at + ifd_size(2);
    let ifd1_at = if gps { rationals_at + 24 } else { gps_at };
    let thumb_at = ifd1_at + ifd_size(2);

    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    t.extend_from_slice(&(n0 as u16).to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    if gps {
        entry(&mut t, 0x8825, 4, 1, gps_at.to_be_bytes());
    }
    t.extend_from_slice(&(if thumbnail.is_some() { ifd1_at } else { 0 }).to_be_bytes());
    if gps {
        t.extend_from_slice(&2u16.to_be_bytes());
        entry(&mut t, 0x0001, 2, 2, [b'N', 0, 0, 0]);
        entry(&mut t, 0x0002, 5, 3, rationals_at.to_be_bytes());
        t.extend_from_slice(&0u32.to_be_bytes());
        for (num, den) in [(13u32, 1u32), (45, 1), (1234, 100)] {
            t.extend_from_slice(&num.to_be_bytes());
            t.extend_from_slice(&den.to_be_bytes());
        }
    }
    if let Some(thumb) = thumbnail {
        t.extend_from_slice(&2u16.to_be_bytes());
        entry(&mut t, 0x0201, 4, 1, thumb_at.to_be_bytes());
        entry(&mut t, 0x0202, 4, 1, (thumb.len() as u32).to_be_bytes());
        t.extend_from_slice(&0u32.to_be_bytes());
        t.extend_from_slice(thumb);
    }
    t
}

pub fn app1_exif(tiff: &[u8]) -> (u8, Vec<u8>) {
    let mut body = b"Exif\0\0".to_vec();
    body.extend_from_slice(tiff);
    (0xE1, body)
}

/// Every kind of metadata a phone or an editor leaves in a JPEG.
pub fn metadata_segments() -> Vec<(u8, Vec<u8>)> {
    let thumbnail = jpeg(16, 12);
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:Description>secret-xmp-creator</rdf:Description></x:xmpmeta>",
    );
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let record = b"\x1c\x02\x50\x00\x0esecret-byline!";
    iptc.extend_from_slice(&(record.len() as u32).to_be_bytes());
    iptc.extend_from_slice(record);
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend_from_slice(&[0u8; 128]);
    icc.extend_from_slice(b"secret-icc-desc");
    vec![
        app1_exif(&exif(1, true, Some(&thumbnail))),
        (0xE1, xmp),
        (0xED, iptc),
        (0xE2, icc),
        (0xFE, b"secret comment".to_vec()),
    ]
}

/// The markers of a JPEG up to its first scan, and whether anything follows its end.
pub fn jpeg_markers(jpeg: &[u8]) -> (Vec<u8>, usize) {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() {
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at += 2 + len;
    }
    let end = jpeg.windows(2).rposition(|w| w == [0xFF, 0xD9]).map_or(0, |i| i + 2);
    (markers, jpeg.len() - end)
}

pub fn apng() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 4, 4);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_animated(2, 0).unwrap();
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[10u8; 48]).unwrap();
        writer.write_image_data(&[200u8; 48]).unwrap();
    }
    out
}

pub fn animated_gif() -> Vec<u8> {
    let mut gif = b"GIF89a\x04\x00\x04\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend_from_slice(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00");
    for _ in 0..2 {
        gif.extend_from_slice(
            b"\x21\xf9\x04\x00\x0a\x00\x00\x00\x2c\x00\x00\x00\x00\x04\x00\x04\x00\x00\x02\x04\x84\x8f\x09\x05\x00",
        );
    }
    gif.push(0x3b);
    gif
}

pub fn webp_of(image: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::WebP).unwrap();
    out.into_inner()
}
