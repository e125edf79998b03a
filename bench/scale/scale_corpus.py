"""Varied synthetic corpora at N times the bundled one, in every format the loaders read.

Copy 0 is the bundled corpus itself (so golden questions still find their facts); every other
copy of each bundled document has its sections shuffled, its numbers and some names changed,
a new file name, and a format chosen in turn: Markdown with front matter, HTML, plain text,
PDF and DOCX. Documents are read through `ingest.loaders`, so the variants carry the same
kind of structure (headings, pages) the real files have.
"""

from __future__ import annotations

import html
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from ingest import loaders
from ingest.document import Section, SourceDocument

FORMATS = ("md", "html", "txt", "pdf", "docx")
PLACES = ("Northshire", "Eastmoor", "Westdale", "Southvale", "Highcombe", "Lowbridge", "Ashford")
NAMES = {
    "England": PLACES,
    "Department for Education": ("Ministry of Learning", "Education Office", "Schools Ministry"),
    "Ofsted": ("the Inspectorate", "Schoolcheck", "Ofqual-North"),
    "Parentkind": ("ParentVoice", "FamiliesFirst", "CarersNet"),
    "nasen": ("sendnet", "inclusionworks", "specialnet"),
}
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\w])|(?<![\w.])\d+(?![\w])")
_PDF_SAFE = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def build_corpus(source: Path, target: Path, *, scale: int) -> Path:
    """`scale` copies of the documents under source (copy 0 as is) in target; target."""
    target.mkdir(parents=True, exist_ok=True)
    originals = sorted(p for p in source.iterdir() if loaders.supported(p))
    for path in originals:
        shutil.copy(path, target / path.name)
    documents = [loaders.load(p) for p in originals]
    for copy in range(1, scale):
        for number, document in enumerate(documents):
            rng = random.Random(copy * 1000 + number)
            variant = vary(document, rng, copy)
            kind = FORMATS[(copy + number) % len(FORMATS)]
            WRITERS[kind](
                variant, target / f"{document.doc_id}-{PLACES[copy % 7].lower()}-{copy:04d}.{kind}"
            )
    return target


def vary(document: SourceDocument, rng: random.Random, copy: int) -> SourceDocument:
    """The document with shuffled sections and other numbers and names."""
    names = {name: rng.choice(options) for name, options in NAMES.items()}
    factor = rng.uniform(0.6, 1.6)

    def rewrite(text: str) -> str:
        text = _NUMBER.sub(lambda m: _other_number(m.group(), factor), text)
        for name, other in names.items():
            text = text.replace(name, other)
        return text

    sections = [
        Section(tuple(rewrite(h) for h in s.headings), rewrite(s.text), s.page)
        for s in document.sections
    ]
    rng.shuffle(sections)
    title = f"{rewrite(document.title)} ({PLACES[copy % 7]} edition {copy})"
    metadata = {**document.metadata, "title": title}
    return SourceDocument(document.doc_id, document.path, title, sections, metadata)


def _other_number(text: str, factor: float) -> str:
    value = int(text.replace(",", ""))
    if 1990 <= value <= 2040:  # a year: move it a little, keep it a year
        return str(value + int(factor * 3) - 2)
    changed = max(1, round(value * factor))
    return f"{changed:,}" if "," in text else str(changed)


def write_markdown(document: SourceDocument, path: Path) -> None:
    meta = {k: v for k, v in document.metadata.items() if k != "pages"}
    front = "\n".join(f"{k}: {_yaml(v)}" for k, v in meta.items())
    body = [f"# {document.title}"]
    for section in document.sections:
        if section.headings:
            body.append(f"{'#' * min(len(section.headings) + 1, 6)} {section.headings[-1]}")
        body.append(section.text)
    path.write_text(f"---\n{front}\n---\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def _yaml(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_html(document: SourceDocument, path: Path) -> None:
    parts = [
        f"<html><head><title>{html.escape(document.title)}</title></head><body>",
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>",
        f"<main><h1>{html.escape(document.title)}</h1>",
    ]
    for section in document.sections:
        if section.headings:
            parts.append(f"<h2>{html.escape(section.headings[-1])}</h2>")
        parts += [f"<p>{html.escape(p)}</p>" for p in section.text.split("\n\n") if p.strip()]
    parts.append("</main><footer>Contact us | Cookies</footer></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def write_text(document: SourceDocument, path: Path) -> None:
    body = [document.title, ""] + [s.text for s in document.sections]
    path.write_text("\n\n".join(body) + "\n", encoding="utf-8")


def write_pdf(document: SourceDocument, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(document.title.translate(_PDF_SAFE))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(document.title), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        if section.headings:
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, _latin1(section.headings[-1]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for paragraph in section.text.split("\n\n"):
            pdf.multi_cell(0, 5, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))


def _latin1(text: str) -> str:
    return text.translate(_PDF_SAFE).encode("latin-1", "replace").decode("latin-1")


def write_docx(document: SourceDocument, path: Path) -> None:
    import docx

    out = docx.Document()
    out.core_properties.title = document.title
    out.add_heading(document.title, level=1)
    for section in document.sections:
        if section.headings:
            out.add_heading(section.headings[-1], level=min(len(section.headings) + 1, 4))
        for paragraph in section.text.split("\n\n"):
            out.add_paragraph(paragraph)
    out.save(str(path))


WRITERS: dict[str, Callable[[SourceDocument, Path], None]] = {
    "md": write_markdown,
    "html": write_html,
    "txt": write_text,
    "pdf": write_pdf,
    "docx": write_docx,
}


def edit_one_file(corpus: Path) -> Path:
    """Change one Markdown variant the way an admin would (a new paragraph); its path."""
    path = sorted(corpus.glob("*-*-[0-9][0-9][0-9][0-9].md"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "\n\nUpdate: the council added 12 more specialist places this term.\n",
        encoding="utf-8",
    )
    return path
