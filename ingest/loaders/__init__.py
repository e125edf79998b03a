"""Loaders: one per file type, each turning a file into a SourceDocument.

A loader raises LoaderError with a reason a person can act on; the pipeline reports it and
moves on to the next file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.errors import LoaderError
from ingest.document import SourceDocument
from ingest.loaders import html_page, markdown, pdf_pages, plain_text, word

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


def load(path: Path) -> SourceDocument:
    """Parse one file; raise LoaderError saying why it could not be read."""
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
    return document
