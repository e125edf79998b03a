"""Every loader on the real corpus files, and on generated bad files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.errors import LoaderError
from ingest import loaders
from ingest.loaders.pdf_pages import running_lines
from tests.conftest import CORPUS


def load(name: str):  # type: ignore[no-untyped-def]
    return loaders.load(CORPUS / name)


def test_markdown_front_matter_and_heading_sections() -> None:
    doc = load("send-ap-improvement-plan-digest.md")
    assert doc.doc_id == "send-ap-improvement-plan-digest"
    assert doc.metadata["published"] == "2023-03-02"
    assert doc.metadata["kind"] == "plan"
    assert doc.metadata["source_url"].startswith("https://www.gov.uk/")
    assert doc.title.startswith("SEND and Alternative Provision Improvement Plan")
    paths = [s.path for s in doc.sections]
    assert "The three aims" in paths and "More specialist places" in paths
    assert "---" not in doc.text and "**" not in doc.text
    # hard-wrapped source lines are joined into paragraphs
    aims = next(s for s in doc.sections if s.path == "The three aims")
    assert "should enjoy their childhood, achieve good outcomes" in aims.text


def test_html_drops_furniture_and_keeps_table_rows_with_headers() -> None:
    doc = load("send-ap-roadmap-2023-2025.html")
    assert doc.title == "SEND and alternative provision roadmap, 2023 to 2025 (summary)"
    assert doc.metadata["published"] == "2023-03-02"
    assert doc.metadata["kind"] == "plan"
    text = doc.text
    for furniture in (
        "cookies",
        "Accept",
        "Home",
        "Open Government Licence",
        "Is this page useful",
    ):
        assert furniture not in text
    assert (
        "In 2023: Extend the AP Specialist Taskforces with £4.8 million. | "
        "By the end of 2025: Introduce a bespoke national AP performance framework."
    ) in text
    assert "Alternative provision" in [s.path for s in doc.sections]


def test_pdf_keeps_pages_and_drops_running_header() -> None:
    doc = load("staff-briefing-schools-and-settings.pdf")
    assert {s.page for s in doc.sections} == {1, 2, 3}
    assert "page 1 of 3" not in doc.text and "page 2 of 3" not in doc.text
    assert doc.title.startswith("Staff briefing")
    psychologists = next(s for s in doc.sections if "educational psychologists" in s.text)
    assert psychologists.page == 2 and psychologists.path == "Access to specialists"


def test_running_lines_need_repetition_across_pages() -> None:
    pages = [["Header - page 1 of 2", "Body one."], ["Header - page 2 of 2", "Body two."]]
    assert running_lines(pages) == {"header - page # of #"}
    assert running_lines([["Only page", "text"]]) == set()


def test_news_article_stops_before_teasers() -> None:
    doc = load("localgov-2023-03-02-send-plan-reaction.txt")
    assert doc.title == "New SEND plan fails on 'fundamental' issues, say council leaders"
    assert doc.metadata["published"] == "2023-03-02"
    assert "County Councils' Network urged" in doc.text
    for teaser in ("Catching the money", "Calderdale", "Popular articles", "Simon Ray"):
        assert teaser not in doc.text
    # the scraped standfirst repeated with other quote marks is kept once
    assert doc.text.count("fails to address") == 1


def test_docx_headings_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Council SEND briefing"
    document.add_heading("Council SEND briefing", level=1)
    document.add_heading("Funding", level=2)
    document.add_paragraph("The council will spend £3 million on new places.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Year", "Places"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "2024", "120"
    path = tmp_path / "council-briefing.docx"
    document.save(str(path))
    doc = loaders.load(path)
    assert doc.doc_id == "council-briefing" and doc.title == "Council SEND briefing"
    assert doc.sections[0].path == "Funding"
    assert "£3 million" in doc.text and "Year: 2024 | Places: 120" in doc.text


def test_every_corpus_file_loads() -> None:
    for path in sorted(CORPUS.iterdir()):
        doc = loaders.load(path)
        assert doc.doc_id == path.stem and doc.text.strip() and doc.title


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "could not be parsed"),
        ("junk.txt", bytes(range(256)) * 4, "UTF-8"),
        ("empty.md", b"", "no text"),
        ("latin1.txt", "Caf\xe9 na\xefve r\xe9sum\xe9".encode("latin-1"), "UTF-8"),
        ("slides.pptx", b"PK\x03\x04", "unsupported file type"),
        ("bad-front-matter.md", b"---\ntitle: [unclosed\n---\nBody", "front matter"),
    ],
)
def test_bad_files_raise_loader_error_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoaderError, match=reason):
        loaders.load(path)


def test_truncated_real_pdf_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes((CORPUS / "staff-briefing-schools-and-settings.pdf").read_bytes()[:300])
    with pytest.raises(LoaderError):
        loaders.load(path)


def test_markdown_with_a_byte_order_mark_keeps_its_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("---\ntitle: BOM doc\n---\n\nBody text.\n".encode("utf-8-sig"))
    doc = loaders.load(path)
    assert doc.title == "BOM doc" and doc.text == "Body text."


def test_plain_text_without_a_kicker_is_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes\n\nFirst point.\n\nRead more about the plan below.\n\nLast.\n")
    assert loaders.load(path).text.endswith("Last.")
