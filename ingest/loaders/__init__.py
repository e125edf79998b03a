"""Loaders: one per file type, each turning a file into a SourceDocument.

A loader raises LoaderError with a reason a person can act on; the pipeline reports it and
moves on to the next file.

Where a document's title, URL, date, publisher and kind come from, first found wins:
1. the folder's sidecar `sources.yaml` (see ingest/sidecar.py), passed in as `overrides`;
2. the file's own metadata: Markdown front matter or its first H1; HTML <meta> tags, <title>
   or first H1; PDF document info (title, author, creation or else modification date); DOCX
   core properties or Title/Heading 1; a plain-text file's first real line (after a kicker
   such as "EDUCATION");
3. guesses from the file name: a YYYY-MM-DD in it is the date, the rest the title.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from assistant.errors import LoaderError
from ingest.document import SourceDocument
from ingest.loaders import html_page, markdown, pdf_pages, plain_text, word
from ingest.sidecar import SIDECAR_NAME, is_sidecar

Loader = Callable[[Path], SourceDocument]

LOADERS: dict[str, Loader] = {
    ".md": markdown.load,
    ".markdown": markdown.load,
    ".html": html_page.load,
    ".htm": html_page.load,
    ".pdf": pdf_pages.load,
    ".txt": plain_text.load,
    ".docx": word.load,
}


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load(
    path: Path,
    *,
    overrides: Mapping[str, str] | None = None,
    fallbacks: Mapping[str, str] | None = None,
) -> SourceDocument:
    """Parse one file; raise LoaderError saying why it could not be read.

    `overrides` (the file's sidecar entry) win over the metadata found in the file;
    `fallbacks` (its folder source's) fill only what the file does not give."""
    if is_sidecar(path):
        raise LoaderError(
            f"{SIDECAR_NAME} describes the files beside it and is not a document; ingest its "
            "folder instead"
        )
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        kinds = ", ".join(sorted(LOADERS))
        raise LoaderError(
            f"unsupported file type '{path.suffix or path.name}' (supported: {kinds})"
        )
    try:
        document = loader(path)
    except LoaderError:
        raise
    except UnicodeDecodeError as exc:
        raise LoaderError(
            f"not valid UTF-8 text ({exc.reason} at byte {exc.start}); re-save the file as UTF-8"
        ) from exc
    except Exception as exc:  # a parser library failing on a damaged file
        raise LoaderError(f"could not be parsed ({type(exc).__name__}: {exc})") from exc
    if not document.text.strip():
        raise LoaderError(
            "no text could be extracted (empty file, or a scanned PDF without a text layer)"
        )
    for key, value in (fallbacks or {}).items():
        if not document.metadata.get(key):
            document.metadata[key] = value
    if overrides:
        document.metadata.update(overrides)
        document.title = document.metadata["title"]
    return document
