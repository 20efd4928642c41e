//! The quality gate on seeded, labelled document photos (tests/generate): blur sweeps, dim
//! light, glare, cut-off and small documents, and good photos that must pass.

mod generate;

use generate::*;
use kyc_vision::{assess_document, Problem, Subject};

const FRAME: (u32, u32) = (1400, 1050);

/// A document photo: the page `doc_width` px wide at (x, y) on a plain background, with noise.
fn photo(seed: u64, doc_width: u32, at: Option<(i64, i64)>) -> image::RgbImage {
    let mut rng = rng(seed);
    let page = document(&mut rng, doc_width);
    let mut frame = background(&mut rng, FRAME.0, FRAME.1);
    let (x, y) = at.unwrap_or((
        (i64::from(FRAME.0 - page.width()) / 2) + rng.random_range(-60..60),
        (i64::from(FRAME.1 - page.height()) / 2) + rng.random_range(-60..60),
    ));
    paste(&mut frame, &page, x, y);
    frame
}

use rand::Rng;

struct Sample {
    name: String,
    image: image::RgbImage,
    truth: Vec<Problem>,
}

fn samples() -> Vec<Sample> {
    let mut out = Vec::new();
    for seed in 0..6u64 {
        for sigma in [0.0f32, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0] {
            let mut image = blur(&photo(seed, 1000, None), sigma);
            noise(&mut rng(seed + 100), &mut image, 3);
            // σ = 1.5 is between: either way is right, so it is not labelled.
            if sigma == 1.5 {
                continue;
            }
            let truth = if sigma >= 2.0 { vec![Problem::Blurred] } else { vec![] };
            out.push(Sample { name: format!("blur σ {sigma} seed {seed}"), image, truth });
        }
    }
    for seed in 10..16u64 {
        let mut image = photo(seed, 1000, None);
        lit(&mut image, 0.12 + seed as f32 % 3.0 * 0.03);
        noise(&mut rng(seed), &mut image, 2);
        out.push(Sample { name: format!("dark seed {seed}"), image, truth: vec![Problem::TooDark] });
    }
    for seed in 20..26u64 {
        let mut image = photo(seed, 1000, Some((200, 170)));
        let mut r = rng(seed);
        glare(&mut image, r.random_range(400.0..1000.0), r.random_range(350.0..700.0), r.random_range(80.0..140.0));
        noise(&mut r, &mut image, 3);
        out.push(Sample { name: format!("glare seed {seed}"), image, truth: vec![Problem::Glare] });
    }
    for seed in 30..36u64 {
        let mut r = rng(seed);
        let at = match seed % 4 {
            0 => (-r.random_range(150..400), 170),
            1 => (200, -r.random_range(120..300)),
            2 => (r.random_range(550..800), 170),
            _ => (200, r.random_range(500..700)),
        };
        let mut image = photo(seed, 1000, Some(at));
        noise(&mut r, &mut image, 3);
        out.push(Sample { name: format!("cut off seed {seed}"), image, truth: vec![Problem::CutOff] });
    }
    for seed in 40..46u64 {
        let mut image = photo(seed, 420 + seed as u32 % 3 * 40, None);
        noise(&mut rng(seed), &mut image, 3);
        out.push(Sample { name: format!("small seed {seed}"), image, truth: vec![Problem::TooSmall] });
    }
    for seed in 70..74u64 {
        let mut image = photo(seed, 1000, None);
        overexposed(&mut image, 1.1 + (seed % 2) as f32 * 0.15);
        out.push(Sample { name: format!("overexposed seed {seed}"), image, truth: vec![Problem::TooBright] });
    }
    for seed in 50..62u64 {
        let mut image = photo(seed, 900 + seed as u32 % 4 * 80, None);
        lit(&mut image, 0.8 + (seed % 5) as f32 * 0.06);
        noise(&mut rng(seed), &mut image, 4);
        out.push(Sample { name: format!("good seed {seed}"), image, truth: vec![] });
    }
    out
}

#[test]
fn the_gate_finds_each_problem_and_never_blocks_a_good_photo() {
    let problems =
        [Problem::Blurred, Problem::TooDark, Problem::Glare, Problem::CutOff, Problem::TooSmall, Problem::TooBright];
    let mut tallies: Vec<Tally> = problems.iter().map(|_| Tally::default()).collect();
    let mut wrong = Vec::new();
    for s in samples() {
        let a = assess_document(&s.image, Subject::IdDocument);
        let found: Vec<Problem> = a.findings.iter().map(|f| f.problem).collect();
        eprintln!(
            "{}: sharpness {:.1} light {:?} region {:?} → {:?}",
            s.name,
            a.sharpness,
            a.light,
            a.region.map(|r| (r.share, r.touches)),
            found
        );
        for (p, t) in problems.iter().zip(tallies.iter_mut()) {
            t.add(s.truth.contains(p), found.contains(p));
        }
        // Every labelled problem is found; a photo labelled good has no finding at all.
        if !s.truth.iter().all(|p| found.contains(p)) || (s.truth.is_empty() && !found.is_empty()) {
            wrong.push(format!("{}: expected {:?}, found {:?}", s.name, s.truth, found));
        }
    }
    for (p, t) in problems.iter().zip(&tallies) {
        eprintln!("{}", t.line(&format!("{p:?}")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn glare_on_a_bill_is_not_a_finding() {
    let mut image = photo(20, 1000, Some((200, 170)));
    glare(&mut image, 700.0, 500.0, 120.0);
    let found = |subject| assess_document(&image, subject).findings.iter().map(|f| f.problem).collect::<Vec<_>>();
    assert_eq!(found(Subject::IdDocument), [Problem::Glare]);
    assert_eq!(found(Subject::ProofOfAddress), []);
}

#[test]
fn a_scan_filling_the_frame_with_white_paper_passes() {
    // A clean scan: pure white paper edge to edge, crisp print, the page filling the width.
    let mut page = document(&mut rng(80), 1200);
    for p in page.pixels_mut() {
        if p.0.iter().all(|c| *c > 190) {
            *p = image::Rgb([255; 3]);
        }
    }
    let a = assess_document(&page, Subject::ProofOfAddress);
    assert_eq!(a.findings, [], "{a:?}");
}

/// On a detailed surface (brick, grass) the patch of detail is the whole photo, so without the
/// document's outline a blurred document would be judged by the sharp surface around it.
#[test]
fn a_blurred_document_on_a_sharp_textured_surface_is_judged_by_the_document_itself() {
    let mut judged = Vec::new();
    for (i, surface) in [Surface::Brick, Surface::Grass].into_iter().enumerate() {
        for sigma in [0.0f32, 3.0] {
            let mut r = rng(300 + i as u64);
            let page = blur(&document(&mut r, 900), sigma);
            let ground = surface.picture(&mut r, FRAME.0, FRAME.1);
            let (scene, _) = in_perspective(&mut r, &ground, &page);
            let a = assess_document(&scene, Subject::IdDocument);
            assert!(a.outline.is_some(), "{surface:?} σ {sigma}: the document's outline is found");
            let blurred = a.findings.iter().any(|f| f.problem == Problem::Blurred);
            judged.push((surface, sigma, blurred, a.sharpness));
            assert_eq!(blurred, sigma > 0.0, "{surface:?} σ {sigma}: {a:?}");
        }
    }
    eprintln!("{judged:?}");
}
