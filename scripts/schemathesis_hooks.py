"""Schemathesis hooks for the run against the sandbox (scripts/api-test.sh).

Two rules of the contract (docs/API.md) that a JSON Schema cannot state, applied to the
schema-valid (positive) cases only, so that "valid data is accepted" tests what it should:

- An Idempotency-Key names one logical request: the same key with another body is refused
  (422 idempotency_key_conflict) by design. A client sends a new key per request, so each
  positive case gets a fresh one.
- An upload's `file` must be a JPEG or PNG that decodes: the schema says only "a data: URL".
  Positive uploads carry a real 2x2 PNG (its declared type and extension stay as generated).

Negative cases are sent as generated.
"""

import base64
import struct
import uuid
import zlib

import schemathesis
from schemathesis import GenerationMode


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


IMAGE = "data:image/png;base64," + base64.b64encode(_png(2, 2)).decode()


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    if case.operation.path == "/upload-KYC-document" and isinstance(case.body, dict):
        file_data = case.body.get("fileData")
        if isinstance(file_data, dict):
            file_data["file"] = IMAGE
