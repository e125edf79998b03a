"""Which files an ingestion can skip: the same bytes under the same set-up as last time.

A file is unchanged when its fingerprint row says so: the same size and modification time
(no read at all), or else the same SHA-256 of its bytes (a `touch` or a fresh checkout), and
in both cases the same set-up digest (its sidecar metadata, the chunk size, and
`SETUP_VERSION`). Its chunks in the index are then still right, so it is neither read, parsed
nor tokenised. A file is never skipped unless the index holds chunks from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.state.fingerprints import Fingerprint

# bump when loaders or chunking change what the same file becomes: every file is read again
SETUP_VERSION = "1"


@dataclass
class Triage:
    unchanged: dict[str, Path] = field(default_factory=dict)  # source id -> file
    changed: dict[str, Path] = field(default_factory=dict)  # new, edited or not yet indexed
    prints: dict[str, Fingerprint] = field(default_factory=dict)  # every file's fingerprint now


def setup_digest(overrides: Mapping[str, str], *, max_tokens: int) -> str:
    text = json.dumps([SETUP_VERSION, max_tokens, dict(sorted(overrides.items()))])
    return hashlib.sha256(text.encode()).hexdigest()


def content_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def triage(
    files: Mapping[str, Path],
    known: Mapping[str, Fingerprint],
    *,
    indexed: set[str],
    setups: Mapping[str, str],
) -> Triage:
    """Split `files` (source id -> path) into unchanged and changed, fingerprinting each.

    `known` is what was recorded at the last ingestion, `indexed` the sources with chunks in
    the index, `setups` each source's set-up digest."""
    result = Triage()
    for source, path in files.items():
        stat = path.stat()
        old = known.get(source)
        setup = setups[source]
        # the same size and modification time: trust the recorded hash, read nothing
        same = old is not None and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        digest = old.content_sha256 if same and old is not None else content_digest(path)
        result.prints[source] = Fingerprint(digest, setup, stat.st_size, stat.st_mtime_ns)
        fresh = old is not None and old.content_sha256 == digest and old.setup_sha256 == setup
        (result.unchanged if fresh and source in indexed else result.changed)[source] = path
    return result
