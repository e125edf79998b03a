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


def _score(value: object) -> str:
    return "-" if value is None else f"{float(value):.3f}"  # type: ignore[arg-type]


def explain_text(answer: Answer) -> str:
    """Why the answer is what it is: retrieved chunks with their scores, then per part of the
    question how it was read, the evidence features and the best sentences."""
    explained = answer.explanation
    if not explained:
        reason = answer.refusal_reason
        return f"\nWhy: {reason.code}: {reason.message}" if reason else ""
    lines = ["", "Retrieved chunks (rank, dense, bm25, fused):"]
    for c in explained.get("chunks", []):
        where = f" > {c['section']}" if c["section"] else ""
        scores = (
            f"dense {_score(c['dense'])}  bm25 {_score(c['bm25'])}  fused {_score(c['fused'])}"
            if c["fused"]
            else "not searched for: its document's opening, read for a title question"
        )
        lines.append(f"  {c['rank']}. {c['doc_id']}{where}  {scores}")
    thresholds = explained.get("thresholds", {})
    for part in explained.get("parts", []):
        features = part["features"]
        lines += [
            "",
            f"Question read: {part['question']!r}",
            f"  asks for: {part['kind'] or 'anything'}; about: {', '.join(part['focus']) or '-'}; "
            f"dates that scope it: {', '.join(part['scopes']) or '-'}",
            f"  terms: {', '.join(part['terms'])}",
            f"  evidence {features['evidence']:.3f} = coverage {features['coverage']:.3f} + "
            f"{thresholds.get('dense_weight', 0.5)} x dense {features['dense']:.3f} + agreement "
            f"{_score(features['agreement'])}; answers at >= {thresholds.get('min_evidence')}",
            f"  decision: {part['reason'] or 'answer'}"
            + (f" ({part['detail']})" if part["detail"] else ""),
            "  best sentences:",
        ]
        for s in part["sentences"]:
            check = "eligible" if s["eligible"] else f"fails {s['fails']}"
            lines.append(
                f"    {s['score']:.3f} cover {s['coverage']:.2f} {check} [{s['doc_id']}] "
                f"matched {', '.join(s['terms']) or '-'}: {s['text'][:120]}"
            )
    return "\n".join(lines)
