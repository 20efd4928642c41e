#!/usr/bin/env bash
# Remakes crates/kyc-vision/models/face_detection_full_range.onnx from its source and checks that
# the result is the committed model: the same nodes, weights, inputs and outputs (tflite2onnx
# writes them in a different order on each run, so the bytes differ, the graph does not). Not run by the tests (the model is committed);
# run it to verify the model's provenance (models/README.md). Needs npm and python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @mediapipe/face_detection@0.4.1657300184 >/dev/null && tar xzf mediapipe-face_detection-0.4.1657300184.tgz)
echo "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3  $work/package/face_detection_full_range.tflite" | sha256sum -c -
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet tflite2onnx==0.4.1 tflite==2.18.0 onnx==1.23.2 numpy==2.4.6
"$work/venv/bin/tflite2onnx" "$work/package/face_detection_full_range.tflite" "$work/model.onnx"
digest() {
  "$work/venv/bin/python" - "$1" <<'PY'
import hashlib, sys, onnx
g = onnx.load(sys.argv[1]).graph
parts = [sorted(x.SerializeToString() for x in items) for items in (g.node, g.initializer, g.input, g.output)]
print(hashlib.sha256(b"".join(b"".join(p) for p in parts)).hexdigest())
PY
}
made=$(digest "$work/model.onnx")
committed=$(digest crates/kyc-vision/models/face_detection_full_range.onnx)
echo "graph digest: remade $made, committed $committed"
[ "$made" = "$committed" ]
echo "face model: remade from its source, the same graph as the committed file"
