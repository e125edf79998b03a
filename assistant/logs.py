"""Log lines with a timestamp in every line: text for people, JSON objects for collectors.

Set up once by the CLI (`-v`, `--log-format`), so the Slack bot logs the same way.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

LOG_FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def timestamp(record: logging.LogRecord) -> str:
    """ISO 8601 local time with milliseconds and the UTC offset."""
    return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return timestamp(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message (and exception, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(*, verbose: bool = False, fmt: str = "text") -> None:
    """Root logging to stderr: warnings and errors, or everything with verbose. Like
    basicConfig, it leaves a root logger that already has handlers (a test runner's) alone."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])
    if not verbose:  # pypdf warns about each damaged PDF; the ingest report names it, once
        logging.getLogger("pypdf").setLevel(logging.ERROR)
