"""The recorded week (tests/reporting/week.jsonl and index.json) and its rendered report.

.venv/bin/python -m tests.reporting.week report.html   # render it to look at
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from assistant.reporting import IndexSummary, QuestionRecord, render_report
from assistant.reporting.gaps import Embed

HERE = Path(__file__).parent
GENERATED_AT = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)


def load_week() -> list[QuestionRecord]:
    lines = (HERE / "week.jsonl").read_text(encoding="utf-8").splitlines()
    return [QuestionRecord.model_validate_json(line) for line in lines if line.strip()]


def load_index() -> IndexSummary:
    return IndexSummary.model_validate_json((HERE / "index.json").read_text(encoding="utf-8"))


def render_week(embed: Embed) -> str:
    return render_report(load_week(), load_index(), embed=embed, generated_at=GENERATED_AT)


if __name__ == "__main__":
    from assistant.factory import make_embeddings
    from assistant.settings import Settings

    embeddings = make_embeddings(Settings(_env_file=None))  # type: ignore[call-arg]
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "report.html")
    out.write_text(render_week(embeddings.embed_documents), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
