"""Zero the unused capacity of Chroma's persisted HNSW files.

Each HNSW segment folder holds `header.bin`, `data_level0.bin` (one block per element) and
`length.bin` (one uint32 per element). Before the index is first persisted with its elements
(Chroma's sync threshold: 1,000 writes), both files are written for the full capacity from
arrays hnswlib never cleared, so the slots past `cur_element_count` hold whatever the
process's memory held before: measured here, chunk text from earlier requests (Chroma 1.5.9,
both `chroma run` and embedded). The loader reads only the first `cur_element_count` slots,
so zeroing the rest changes nothing Chroma uses. Files persisted with their elements end at
the last one: nothing to zero.

Run it only while nothing writes to the collection (ingestion holds its lock around it): a
process that persists its index meanwhile could grow `cur_element_count` under it. A process
that keeps its index in memory may write the same stale memory again at its next persist;
the next purge clears it again.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path

log = logging.getLogger(__name__)

HEADER = struct.Struct("<i6Q")  # version, offsetLevel0, max_elements, count, size, label, data
HEADER_VERSION = 1
LENGTH_BYTES = 4
BLOCK = 1 << 20


def zero_unused_capacity(store: Path) -> int:
    """Zero the slots past the element count in every HNSW segment under `store`; the
    number of bytes that were not zero."""
    cleared = 0
    for header in sorted(store.glob("*/header.bin")):
        cleared += _segment(header.parent)
    return cleared


def _segment(folder: Path) -> int:
    raw = (folder / "header.bin").read_bytes()
    if len(raw) < HEADER.size:
        return 0
    version, _, _, count, size, _, _ = HEADER.unpack_from(raw)
    layout = {"data_level0.bin": size, "length.bin": LENGTH_BYTES}
    files = {name: folder / name for name in layout}
    fits = all(p.is_file() and _slots(p, layout[name]) >= count for name, p in files.items())
    if version != HEADER_VERSION or not size or not fits:
        log.warning("left %s alone: not the HNSW file layout this purge knows", folder)
        return 0
    return sum(_zero_from(path, count * layout[name]) for name, path in files.items())


def _slots(path: Path, width: int) -> int:
    """Whole slots of `width` bytes in the file; -1 when its size is not a multiple."""
    size = path.stat().st_size
    return size // width if size % width == 0 else -1


def _zero_from(path: Path, start: int) -> int:
    """Overwrite path from byte `start` to its end with zeros (only blocks that need it)."""
    cleared, position = 0, start
    with path.open("r+b") as handle:
        handle.seek(position)
        while block := handle.read(BLOCK):
            if block.count(0) != len(block):
                cleared += len(block) - block.count(0)
                handle.seek(position)
                handle.write(bytes(len(block)))
            position += len(block)
            handle.seek(position)
    return cleared
