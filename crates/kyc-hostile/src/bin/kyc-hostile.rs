//! `kyc-hostile corpus DIR` writes the fuzzer's seeds of the kinds the red team
//! abused: progressive JPEGs (a few scans, and a few more than the limit) and 16-bit,
//! palette and interlaced PNGs. `kyc-hostile jpeg-bomb W H SCANS OUT` and
//! `kyc-hostile png16-bomb W H OUT` write one attack, for benches and by hand.

use kyc_hostile::{progressive_jpeg_bomb, zero_png, PngKind};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i).and_then(|a| a.parse::<u32>().ok());
    let result = match args.first().map(String::as_str) {
        Some("corpus") if args.len() == 2 => corpus(std::path::Path::new(&args[1])),
        Some("jpeg-bomb") if args.len() == 5 => match (number(1), number(2), number(3)) {
            (Some(w), Some(h), Some(scans)) => match (u16::try_from(w), u16::try_from(h)) {
                (Ok(w), Ok(h)) => std::fs::write(&args[4], progressive_jpeg_bomb(w, h, scans as usize)),
                _ => Err(std::io::Error::other("a JPEG is at most 65535 pixels a side")),
            },
            _ => Err(std::io::Error::other("width, height and scans are whole numbers")),
        },
        Some("png16-bomb") if args.len() == 4 => match (number(1), number(2)) {
            (Some(w), Some(h)) => std::fs::write(&args[3], kyc_hostile::png16_bomb(w, h)),
            _ => Err(std::io::Error::other("width and height are whole numbers")),
        },
        _ => Err(std::io::Error::other("usage: kyc-hostile corpus DIR | jpeg-bomb W H SCANS OUT | png16-bomb W H OUT")),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kyc-hostile: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn corpus(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let pngs = [
        ("png16-rgba", 6, 16, false),
        ("png16-gray", 0, 16, false),
        ("png16-gray-alpha-adam7", 4, 16, true),
        ("png16-rgb-adam7", 2, 16, true),
        ("png8-palette", 3, 8, false),
        ("png1-gray-adam7", 0, 1, true),
    ];
    for (name, color_type, bit_depth, interlaced) in pngs {
        let png = zero_png(37, 23, PngKind { color_type, bit_depth, interlaced });
        std::fs::write(dir.join(format!("{name}.png")), png)?;
    }
    for (name, scans) in [("jpeg-progressive-3-scans", 3), ("jpeg-progressive-101-scans", 101)] {
        std::fs::write(dir.join(format!("{name}.jpg")), progressive_jpeg_bomb(48, 40, scans))?;
    }
    Ok(())
}
