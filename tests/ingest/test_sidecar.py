"""sources.yaml: parsing, the problems it reports, and its metadata reaching citations through
real ingestion and the real answer chain."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.factory import build_assistant
from assistant.render_text import answer_text
from assistant.settings import Settings
from assistant.slack.blocks import render_answer
from ingest.pipeline import discover, run_ingestion
from ingest.sidecar import SIDECAR_NAME, read_sidecars
from tests.conftest import CORPUS, make_test_settings

PDF = "staff-briefing-schools-and-settings.pdf"
ARTICLE = "localgov-2023-03-02-send-plan-reaction.txt"
PDF_QUESTION = "When was the new SENCo qualification scheduled to start?"
SIDECAR = f"""\
# metadata for files that carry none of their own
{PDF}:
  title: Briefing for schools (Example Council)
  url: https://www.example.gov.uk/send/briefing
  date: 2024-05-20
  publisher: Example Council SEND team
news/{ARTICLE}:
  kind: press
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "news").mkdir(parents=True)
    shutil.copy(CORPUS / PDF, root / PDF)
    shutil.copy(CORPUS / ARTICLE, root / "news" / ARTICLE)
    (root / SIDECAR_NAME).write_text(SIDECAR, encoding="utf-8")
    return root


def problems(folder: Path, text: str) -> list[str]:
    (folder / SIDECAR_NAME).write_text(text, encoding="utf-8")
    return [p.reason for p in read_sidecars(folder).problems]


def test_entries_resolve_relative_to_the_sidecar_folder(folder: Path) -> None:
    sidecars = read_sidecars(folder)

    assert sidecars.problems == []
    assert sidecars.for_file(folder / PDF) == {
        "title": "Briefing for schools (Example Council)",
        "source_url": "https://www.example.gov.uk/send/briefing",
        "published": "2024-05-20",
        "publisher": "Example Council SEND team",
    }
    assert sidecars.for_file(folder / "news" / ARTICLE) == {"kind": "press"}


def test_a_sidecar_in_a_subfolder_wins_over_one_further_up(folder: Path) -> None:
    (folder / "news" / SIDECAR_NAME).write_text(
        f"{ARTICLE}:\n  kind: news\n  title: Council leaders react\n", encoding="utf-8"
    )

    meta = read_sidecars(folder).for_file(folder / "news" / ARTICLE)

    assert meta == {"kind": "news", "title": "Council leaders react"}


def test_a_single_file_uses_the_sidecar_beside_it(folder: Path) -> None:
    assert read_sidecars(folder / PDF).for_file(folder / PDF)["published"] == "2024-05-20"


def test_the_sidecar_is_never_a_document(folder: Path) -> None:
    assert [p.name for p in discover(folder)] == [ARTICLE, PDF]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"{PDF}:\n  title: [unclosed\n",
            "line 3: expected ',' or ']', but got '<stream end>' (while parsing a flow "
            "sequence that starts on line 2); fix the YAML (until then its files keep their "
            "own metadata)",
        ),
        (
            f"{PDF}:\n  title: One\nmissing.pdf:\n  title: Two\n",
            "line 3: 'missing.pdf' is not a file in {folder}; fix the name or remove the entry",
        ),
        (
            f"{PDF}:\n  published: March 2024\n",
            f"line 2: 'published' of '{PDF}' is not valid (Invalid isoformat string: 'March "
            "2024'); write the date as YYYY-MM-DD, e.g. 2024-07-01 (until then "
            f"'{PDF}' keeps its own metadata)",
        ),
        (
            f"{PDF}:\n  title: ok\n  date: 2024\n",
            f"line 3: 'date' of '{PDF}' is not valid (not a date); write the date as YYYY-MM-DD, "
            f"e.g. 2024-07-01 (until then '{PDF}' keeps its own metadata)",
        ),
        (
            f"{PDF}:\n  url: www.example.gov.uk\n",
            f"line 2: 'url' of '{PDF}' is not valid (not a web address); write the full address, "
            f"starting with https:// (until then '{PDF}' keeps its own metadata)",
        ),
        (
            f"{PDF}:\n  title: 2024\n",
            f"line 2: 'title' of '{PDF}' is not valid (Input should be a valid string); write it "
            f"as text (until then '{PDF}' keeps its own metadata)",
        ),
        (
            f"{PDF}:\n  titel: Briefing\n",
            f"line 2: 'titel' is not a field of '{PDF}'; use title, url, published, publisher "
            f"and kind (until then '{PDF}' keeps its own metadata)",
        ),
        (f"{PDF}: Briefing\n", f"line 1: '{PDF}' should list its title, url, published, "),
        (f"{PDF}:\n  date: 2024-13-45\n", f"line 2: '{PDF}' has a value YAML cannot read (month"),
        (f"{PDF}:\n  title: A\n{PDF}:\n  title: B\n", f"line 3: '{PDF}' is listed twice"),
        ("- a.pdf\n- b.pdf\n", "line 1: should map file names to their title, url, published"),
        ("../secret.pdf:\n  title: x\n", "line 1: '../secret.pdf' must be a file name relative"),
    ],
)
def test_every_problem_names_its_line_and_the_fix(folder: Path, text: str, expected: str) -> None:
    found = problems(folder, text)

    assert len(found) == 1
    assert found[0].startswith(expected.format(folder=folder))


def test_one_bad_entry_keeps_the_good_ones(folder: Path) -> None:
    (folder / SIDECAR_NAME).write_text(
        f"{PDF}:\n  title: Good\nnews/{ARTICLE}:\n  published: soon\n", encoding="utf-8"
    )

    sidecars = read_sidecars(folder)

    assert sidecars.for_file(folder / PDF) == {"title": "Good"}
    assert sidecars.for_file(folder / "news" / ARTICLE) == {}
    assert [p.line for p in sidecars.problems] == [4]


def test_an_empty_or_comment_only_sidecar_is_fine(folder: Path) -> None:
    assert problems(folder, "# nothing yet\n") == []


def ask(settings: Settings, embeddings: Embeddings, question: str):  # type: ignore[no-untyped-def]
    return build_assistant(settings, embeddings=embeddings).ask(question)


def test_sidecar_metadata_reaches_citations_and_both_renderings(
    folder: Path, tmp_path: Path, embeddings: Embeddings
) -> None:
    settings = make_test_settings(tmp_path / "data", corpus_dir=folder)
    assert run_ingestion(settings, embeddings=embeddings).ok

    answer = ask(settings, embeddings, PDF_QUESTION)

    assert not answer.refused
    cited = [c for c in answer.citations if c.doc_id == PDF.removesuffix(".pdf")]
    assert cited, answer.citations
    first = cited[0]
    assert first.title == "Briefing for schools (Example Council)"
    assert first.source_url == "https://www.example.gov.uk/send/briefing"
    assert first.published == "2024-05-20"
    terminal = answer_text(answer)
    assert (
        f"[{first.number}] Briefing for schools (Example Council) — p. 2 — 2024-05-20" in terminal
    )
    assert "\n    https://www.example.gov.uk/send/briefing" in terminal
    slack = str(render_answer(answer)["blocks"])
    assert (
        "<https://www.example.gov.uk/send/briefing|Briefing for schools (Example Council)>" in slack
    )
    assert "2024-05-20" in slack


def test_a_sidecar_edit_re_embeds_its_files_and_a_bad_one_loses_nothing(
    folder: Path, tmp_path: Path, embeddings: Embeddings
) -> None:
    settings = make_test_settings(tmp_path / "data", corpus_dir=folder)
    first = run_ingestion(settings, embeddings=embeddings)
    assert first.ok

    sidecar = folder / SIDECAR_NAME
    sidecar.write_text(SIDECAR.replace("Example Council)", "Example Borough)"), encoding="utf-8")
    edited = run_ingestion(settings, embeddings=embeddings)

    # every PDF chunk carries the new title, so every one is replaced; the article is untouched
    pdf_chunks = first.chunks - edited.skipped
    assert edited.ok and pdf_chunks > 0 and edited.added == edited.deleted == pdf_chunks
    assert ask(settings, embeddings, PDF_QUESTION).citations[0].title.endswith("Borough)")

    sidecar.write_text(f"{PDF}:\n  title: [unclosed\n", encoding="utf-8")
    broken = run_ingestion(settings, embeddings=embeddings)

    assert [(f.path, f.reason[:7]) for f in broken.failed] == [(str(sidecar), "line 3:")]
    assert broken.chunks == first.chunks  # nothing lost: every document still indexed
    citation = ask(settings, embeddings, PDF_QUESTION).citations[0]
    # the PDF's own document-info title and creation date take over
    assert citation.title.startswith("Staff briefing: what the SEND and AP Improvement Plan")
    assert citation.published == "2026-11-28" and citation.source_url is None
