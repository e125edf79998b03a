"""Plain-text rendering of answers for the terminal."""

from __future__ import annotations

from assistant.answering.answer import Answer, Citation


def source_line(citation: Citation) -> str:
    parts = [f"[{citation.number}] {citation.title}"]
    if citation.location:
        parts.append(citation.location)
    if citation.published:
        parts.append(citation.published)
    line = " — ".join(parts)
    return f"{line}\n    {citation.source_url}" if citation.source_url else line


def answer_text(answer: Answer) -> str:
    """The answer, then its numbered sources."""
    if not answer.citations:
        return answer.text
    sources = "\n".join(source_line(c) for c in answer.citations)
    return f"{answer.text}\n\nSources:\n{sources}"


def answer_json(answer: Answer) -> dict[str, object]:
    data = answer.model_dump()
    data["cited_doc_ids"] = answer.cited_doc_ids
    return data
