#!/usr/bin/env bash
# Remakes crates/kyc-vision/models/face_detection_full_range.onnx and face_detection_short_range.onnx
# from their source (one npm package) and checks that each result is the committed model: the same nodes, weights, inputs and outputs (tflite2onnx
# writes them in a different order on each run, so the bytes differ, the graph does not). Not run by the tests (the model is committed);
# run it to verify the model's provenance (models/README.md). Needs npm and python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @mediapipe/face_detection@0.4.1657300184 >/dev/null && tar xzf mediapipe-face_detection-0.4.1657300184.tgz)
echo "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3  $work/package/face_detection_full_range.tflite" | sha256sum -c -
echo "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633  $work/package/face_detection_short_range.tflite" | sha256sum -c -
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet tflite2onnx==0.4.1 tflite==2.18.0 onnx==1.23.2 numpy==2.4.6
digest() {
  "$work/venv/bin/python" - "$1" <<'PY'
import hashlib, sys, onnx
g = onnx.load(sys.argv[1]).graph
parts = [sorted(x.SerializeToString() for x in items) for items in (g.node, g.initializer, g.input, g.output)]
print(hashlib.sha256(b"".join(b"".join(p) for p in parts)).hexdigest())
PY
}
for range in full short; do
  name="face_detection_${range}_range"
  "$work/venv/bin/tflite2onnx" "$work/package/$name.tflite" "$work/$name.onnx"
  made=$(digest "$work/$name.onnx")
  committed=$(digest "crates/kyc-vision/models/$name.onnx")
  echo "$name graph digest: remade $made, committed $committed"
  [ "$made" = "$committed" ]
done
echo "face models: remade from their source, the same graphs as the committed files"
