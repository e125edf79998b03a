"""The default, offline answerer: quotes the most relevant sentences, each with its [n].

It never writes a word of its own beyond the markers and, for a two-part question, a note
naming the part the documents do not answer: every quote is verbatim from the chunk it cites.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.answer import Answer, refusal
from assistant.answering.evidence import Idf, uniform_idf
from assistant.answering.reading import EvidenceReader, PartReading, explanation
from assistant.answering.refusal import Agreement, RefusalRule
from assistant.answering.replies import part_not_covered
from assistant.answering.selection import Composer, select
from assistant.answering.terms import SpeltOut
from vectorstore.chunk import RetrievedChunk


class ExtractiveAnswerer:
    name = "extractive"
    traced = False  # no model call: the pipeline skips LangChain's runnable (and its import)

    def __init__(
        self,
        *,
        idf: Idf = uniform_idf,
        agreement: Agreement | None = None,
        rule: RefusalRule | None = None,
        spelt_out: SpeltOut | None = None,
    ) -> None:
        self.reader = EvidenceReader(idf=idf, agreement=agreement, rule=rule, spelt_out=spelt_out)

    @property
    def rule(self) -> RefusalRule:
        return self.reader.rule

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        """Without an LLM, a follow-up is read together with the previous question (the new
        question first, so what it asks for, such as 'when', still leads)."""
        # in brackets, so the earlier question reads as context, not as a second part
        return f"{question.rstrip(' ?')} ({history[-1]})" if history else question

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        readings = self.reader.read(question, chunks)
        reasons = self.reader.reasons(readings)
        explained = explanation(readings, reasons, chunks, self.rule)
        if all(reasons):
            first = readings[0].evidence
            code = reasons[0] or "no_evidence"
            answer = refusal(question, code=code, detail=first.detail, answerer=self.name)
        else:
            answer = compose_parts(question, readings, reasons, answerer=self.name)
        return answer.model_copy(update={"explanation": explained})


def compose_parts(
    question: str,
    readings: Sequence[PartReading],
    reasons: Sequence[str | None],
    *,
    answerer: str,
) -> Answer:
    """Each answered part's quotes, and a plain note for each part the documents don't answer."""
    composer = Composer()
    lines: list[str] = []
    quoted: set[str] = set()  # a sentence that answers both parts is quoted once
    for reading, reason in zip(readings, reasons, strict=True):
        if reason:
            lines.append(part_not_covered(reading.question.core))
            continue
        limit = 2 if len(readings) > 1 else 3
        quotes = select(reading.scored, limit=limit)
        if quotes and quotes[0].item.text in quoted:
            continue  # its best quote already answers it: a runner-up would only add noise
        for quote in quotes:
            if quote.item.text not in quoted:
                quoted.add(quote.item.text)
                lines.append(composer.line(quote))
    return Answer(
        question=question, text="\n".join(lines), citations=composer.citations, answerer=answerer
    )
