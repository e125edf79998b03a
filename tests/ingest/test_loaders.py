"""Every loader on the real corpus files, and on generated bad files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from assistant.errors import LoaderError
from ingest import loaders
from ingest.loaders.pdf_pages import running_lines
from ingest.pipeline import discover
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
    for path in discover(CORPUS):  # a sources.yaml there is metadata, not a document
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


def pdf_with_info(tmp_path: Path, name: str, info: dict[str, str]) -> Path:
    """The corpus PDF (real text) with its document information replaced."""
    writer = PdfWriter(clone_from=CORPUS / "staff-briefing-schools-and-settings.pdf")
    writer.metadata = None
    if info:
        writer.add_metadata(info)
    path = tmp_path / name
    writer.write(path)
    return path


def test_pdf_document_info_gives_title_publisher_and_creation_date() -> None:
    doc = load("staff-briefing-schools-and-settings.pdf")
    assert doc.title.startswith("Staff briefing: what the SEND and AP Improvement Plan")
    assert doc.metadata["publisher"] == "Staff reference"
    assert doc.metadata["published"] == "2026-11-28"  # /CreationDate D:20261128001743


@pytest.mark.parametrize(
    ("info", "title", "published"),
    [
        (
            {"/Title": "Local offer review", "/ModDate": "D:20240312090000Z"},
            "Local offer review",
            "2024-03-12",
        ),
        ({"/Title": "Microsoft Word - draft v3.docx"}, "Send review", "2023-09-01"),
        ({"/Title": "Untitled", "/CreationDate": "D:20xx"}, "Send review", "2023-09-01"),
        ({"/Title": "report.pdf", "/CreationDate": "not a date"}, "Send review", "2023-09-01"),
        ({}, "Send review", "2023-09-01"),
    ],
)
def test_pdf_falls_back_to_the_file_name_when_info_is_missing_or_a_placeholder(
    tmp_path: Path, info: dict[str, str], title: str, published: str
) -> None:
    doc = loaders.load(pdf_with_info(tmp_path, "2023-09-01-send-review.pdf", info))
    assert (doc.title, doc.metadata["published"]) == (title, published)


def test_pdf_creation_date_wins_over_the_date_in_the_file_name(tmp_path: Path) -> None:
    info = {"/CreationDate": "D:20240101120000+01'00'", "/ModDate": "D:20250101120000Z"}
    doc = loaders.load(pdf_with_info(tmp_path, "2023-09-01-send-review.pdf", info))
    assert doc.metadata["published"] == "2024-01-01"


@pytest.mark.parametrize(
    ("text", "title", "body_start"),
    [
        ("EDUCATION\n\nCouncils respond\n\nCouncils said more.\n", "Councils respond", "Councils"),
        (
            "Minutes of the SEND board\n12 March 2024\n\nThe board met.\n",
            "Minutes of the SEND board",
            "12 March 2024",
        ),
        ("----\n\nTransport policy\n\nBuses run daily.\n", "Transport policy", "Buses"),
        # a hard-wrapped first sentence is not a title
        ("The council has agreed a new\nplan for SEND transport.\n\nMore.\n", "Notes", "The"),
        ("x" * 151 + "\n\nMore.\n", "Notes", "xxx"),
        ("Only one line\n", "Notes", "Only one line"),
    ],
)
def test_plain_text_title_is_the_first_real_line(
    tmp_path: Path, text: str, title: str, body_start: str
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    doc = loaders.load(path)
    assert doc.title == title
    assert doc.text.startswith(body_start)


def test_sidecar_overrides_win_over_the_files_own_metadata() -> None:
    overrides = {"title": "Digest (council copy)", "published": "2024-01-31", "kind": "guide"}
    doc = loaders.load(CORPUS / "send-ap-improvement-plan-digest.md", overrides=overrides)
    assert doc.title == "Digest (council copy)"
    assert {k: doc.metadata[k] for k in overrides} == overrides
    assert doc.metadata["source_url"].startswith("https://www.gov.uk/")  # its own, not overridden


def test_front_matter_accepts_url_and_date(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\nurl: https://example.org/n\ndate: 2024-02-03\n---\n\nBody.\n")
    doc = loaders.load(path)
    assert (doc.metadata["source_url"], doc.metadata["published"]) == (
        "https://example.org/n",
        "2024-02-03",
    )


def test_a_sidecar_given_as_a_file_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("a.pdf:\n  title: A\n")
    with pytest.raises(LoaderError, match="ingest its folder instead"):
        loaders.load(path)
