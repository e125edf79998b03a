"""The admin's report: what staff asked, what the documents could not answer, and the index.

`render_report(records, index, embed=...)` turns question records and an index summary into
one self-contained HTML page (inline CSS and SVG; no scripts, fonts or images fetched).
"""

from assistant.reporting.page import render_report
from assistant.reporting.records import (
    IndexedDocumentSummary,
    IndexSummary,
    IngestFailureSummary,
    QuestionRecord,
)

__all__ = [
    "IndexSummary",
    "IndexedDocumentSummary",
    "IngestFailureSummary",
    "QuestionRecord",
    "render_report",
]
