"""Makes crates/kyc-vision/models/mrz_recognition.onnx from PaddleOCR's PP-OCRv4 text recognition
model as the PyPI wheel rapidocr_onnxruntime 1.4.4 ships it (Apache-2.0): the same network, its
last layer cut down to the 37 characters an MRZ may hold (0-9, A-Z, '<') plus CTC's blank, in that
order. Run by scripts/convert-mrz-model.sh, which fetches the wheel and checks the result."""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"

source, target = sys.argv[1], sys.argv[2]
model = onnx.load(source)
characters = next(p.value for p in model.metadata_props if p.key == "character").split("\n")
classes = ["blank"] + characters + [" "]
keep = [0] + [classes.index(c) for c in ALPHABET]
for node in model.graph.node:
    if node.op_type == "Constant" and node.output[0] in ("linear_85.w_0", "linear_85.b_0"):
        value = numpy_helper.to_array(node.attribute[0].t)
        cut = value[..., keep] if value.ndim == 2 else value[keep]
        node.attribute[0].t.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(cut), node.output[0]))
output = model.graph.output[0]
output.type.tensor_type.shape.dim[2].dim_value = len(keep)
del model.metadata_props[:]
model.metadata_props.append(onnx.StringStringEntryProto(key="character", value=ALPHABET))
onnx.checker.check_model(model)
onnx.save(model, target)
print(f"{target}: {len(keep)} classes (blank + {ALPHABET})")
