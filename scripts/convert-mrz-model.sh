#!/usr/bin/env bash
# Remakes crates/kyc-vision/models/mrz_recognition.onnx from its source — PaddleOCR's PP-OCRv4 text
# recognition model inside the PyPI wheel rapidocr_onnxruntime 1.4.4 (Apache-2.0) — with
# scripts/convert-mrz-model.py (the last layer cut to the MRZ's 37 characters), and checks that the
# result is byte for byte the committed model. Not run by the tests (the model is committed); run
# it to verify the model's provenance (models/README.md). Needs python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet onnx==1.23.2 numpy==2.4.6
"$work/venv/bin/pip" download --quiet --no-deps rapidocr_onnxruntime==1.4.4 -d "$work"
wheel="$work/rapidocr_onnxruntime-1.4.4-py3-none-any.whl"
echo "971d7d5f223a7a808662229df1ef69893809d8457d834e6373d3854bc1782cbf  $wheel" | sha256sum -c -
(cd "$work" && python3 -m zipfile -e "$wheel" wheel)
source="$work/wheel/rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx"
echo "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b  $source" | sha256sum -c -
"$work/venv/bin/python" scripts/convert-mrz-model.py "$source" "$work/mrz_recognition.onnx"
cmp "$work/mrz_recognition.onnx" crates/kyc-vision/models/mrz_recognition.onnx
echo "MRZ model: remade from its source, the same bytes as the committed file"
