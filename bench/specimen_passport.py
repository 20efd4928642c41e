#!/usr/bin/env python3
"""Draws a specimen passport data page photographed on a desk, as a phone would
take it: 4032×3024, quality 92, 4:2:0, with sensor-like noise. The holder is
ICAO 9303's own fictional specimen (Anna Maria Eriksson of Utopia); no real person.
Deterministic (seeded). Writes OUT.jpg and prints the MRZ's bounding box as
fractions of the image: x0 y0 x1 y1.

Needs Debian's python3-pil, python3-numpy, fonts-ocr-b (public domain) and
fonts-dejavu-core.

    specimen_passport.py OUT.jpg
"""
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

W, H = 4032, 3024
MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def page(width, height, rng):
    """The data page (TD3, 125 × 88 mm) at `width` px: guilloche, photo box, fields, MRZ."""
    img = Image.new("RGB", (width, height), (236, 232, 214))
    d = ImageDraw.Draw(img)
    # Fine guilloche-like security lines: the detail that makes JPEG work.
    for k in range(60):
        phase, amp, period = rng.uniform(0, 6.28), rng.uniform(8, 40), rng.uniform(120, 600)
        base = k * height / 60
        pts = [(x, base + amp * np.sin(x / period * 6.28 + phase)) for x in range(0, width, 6)]
        d.line(pts, fill=(200, 196, 214), width=2)
    mm = width / 125
    # Photo area: a grey silhouette, no face.
    d.rectangle([6 * mm, 20 * mm, 38 * mm, 62 * mm], fill=(180, 186, 196))
    d.ellipse([14 * mm, 26 * mm, 30 * mm, 44 * mm], fill=(140, 146, 156))
    d.rectangle([10 * mm, 46 * mm, 34 * mm, 62 * mm], fill=(140, 146, 156))
    title = ImageFont.truetype(BOLD, int(5 * mm))
    label = ImageFont.truetype(SANS, int(2.2 * mm))
    value = ImageFont.truetype(BOLD, int(3.4 * mm))
    d.text((6 * mm, 6 * mm), "UTOPIA   PASSPORT / PASSEPORT", font=title, fill=(40, 50, 90))
    fields = [
        ("Type / Type", "P"), ("Code / Code", "UTO"), ("Passport No. / No. du passeport", "L898902C3"),
        ("Surname / Nom", "ERIKSSON"), ("Given names / Prénoms", "ANNA MARIA"),
        ("Nationality / Nationalité", "UTOPIAN"), ("Date of birth / Date de naissance", "12 AUG 1974"),
        ("Sex / Sexe", "F"), ("Date of expiry / Date d'expiration", "15 APR 2012"),
        ("Authority / Autorité", "PASSPORT OFFICE"),
    ]
    x, y = 44 * mm, 18 * mm
    for i, (name, text) in enumerate(fields):
        col, row = i % 2, i // 2
        fx, fy = x + col * 40 * mm, y + row * 9 * mm
        d.text((fx, fy), name, font=label, fill=(70, 70, 90))
        d.text((fx, fy + 2.8 * mm), text, font=value, fill=(20, 20, 30))
    # The MRZ: OCR-B, 10 characters per inch at its nominal size (2.54 mm pitch).
    probe = ImageFont.truetype(OCRB, 100)
    mrz_font = ImageFont.truetype(OCRB, int(100 * 112 * mm / probe.getlength(MRZ[0])))
    top = height - 17 * mm
    for i, line in enumerate(MRZ):
        d.text((6.5 * mm, top + i * 6 * mm), line, font=mrz_font, fill=(15, 15, 20))
    return img, (5 * mm, top - 1 * mm, width - 3 * mm, top + 12 * mm)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "specimen-passport.jpg"
    rng = np.random.default_rng(9303)
    # A desk: warm grey with a wood-like grain.
    y, x = np.mgrid[0:H, 0:W]
    grain = 18 * np.sin(x / 37.0 + 3 * np.sin(y / 211.0)) + 8 * np.sin(x / 7.3)
    desk = np.stack([150 + grain, 120 + grain, 95 + grain], axis=-1)
    scene = Image.fromarray(np.clip(desk, 0, 255).astype(np.uint8))
    pw = int(W * 0.8)
    ph = int(pw * 88 / 125)
    card, (mx0, my0, mx1, my1) = page(pw, ph, rng)
    ox, oy = (W - pw) // 2, (H - ph) // 2
    scene.paste(card, (ox, oy))
    # Sensor noise, as a phone's 12 MP frame has.
    pixels = np.asarray(scene).astype(np.int16) + rng.normal(0, 3.0, (H, W, 3)).astype(np.int16)
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(out, quality=92, subsampling=2)
    print(f"{(ox + mx0) / W:.4f} {(oy + my0) / H:.4f} {(ox + mx1) / W:.4f} {(oy + my1) / H:.4f}")


if __name__ == "__main__":
    main()
