"""Frames between `documents.pdf.engine` and its render workers: pickles prefixed by their length."""

import struct
from typing import BinaryIO

HEADER = struct.Struct(">Q")
# A page's logo: (the URL the page names it by, its content type, its bytes).
Logo = tuple[str, str, bytes] | None


def read_frame(stream: BinaryIO) -> bytes | None:
    """One length-prefixed frame, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    return data if len(data) == size else None


def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()
