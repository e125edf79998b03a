"""LLM-judged correctness and faithfulness (`sendplan eval --judge`).

The judge is any LangChain chat model, passed in; `make_judge_model` builds one from a
'provider:model' string (through `init_chat_model`, imported only when judging).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.errors import ConfigError, ProviderError
from assistant.evaluation.golden import GoldenItem
from assistant.evaluation.metrics import share
from assistant.evaluation.results import EvalResult
from assistant.settings import Settings

# TODO(prompts): move to prompts/judge.md once the evaluation owns a file there
SYSTEM_PROMPT = """\
You grade answers from an assistant that answers questions about England's SEND and
Alternative Provision Improvement Plan from a fixed set of documents.

You get the question, a reference answer written by a person, the assistant's answer and the
numbered sources the answer cites. Decide two things:
- correct: the answer gives the facts of the reference answer (wording may differ; extra
  true detail is fine). If the reference says the documents do not cover the question, the
  answer is correct only if it declines.
- faithful: every claim in the answer is stated in the cited sources. An answer that cites
  nothing but makes claims is not faithful.

Reply with one JSON object and nothing else:
{"correct": true or false, "faithful": true or false, "reason": "one short sentence"}"""

USER_TEMPLATE = """\
Question: {question}

Reference answer: {reference}

Assistant's answer:
{answer}

Cited sources:
{sources}"""

_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class Verdict(BaseModel):
    correct: bool
    faithful: bool
    reason: str = ""


def make_judge_model(settings: Settings, *, model: str | None = None) -> Any:
    """The chat model for `model` (default: SENDPLAN_LLM), at temperature 0.

    Built by the LLM answerer's factory, so the judge takes the same provider settings.
    """
    name = (model or settings.llm).strip()
    if not name or name.lower() == "extractive":
        raise ConfigError(
            "--judge needs an LLM: set SENDPLAN_LLM=provider:model (for example "
            "openai:gpt-4o-mini) or pass --judge-model provider:model."
        )
    from assistant.llm.models import make_chat_model

    return make_chat_model(settings.model_copy(update={"llm": name, "llm_temperature": 0.0}))


def judge_messages(item: GoldenItem, result: EvalResult) -> list[tuple[str, str]]:
    """The system and user messages asking the judge about one answer."""
    sources = "\n\n".join(
        f"[{c['number']}] {c.get('title', '')}\n"
        f"{result.chunk_texts.get(c.get('chunk_id', ''), c.get('snippet', ''))}"
        for c in result.citations
    )
    reference = item.reference_answer or (
        "(no reference answer)" if item.answerable else "The documents do not cover this."
    )
    user = USER_TEMPLATE.format(
        question=item.question,
        reference=reference,
        answer=result.answer,
        sources=sources or "(none)",
    )
    return [("system", SYSTEM_PROMPT), ("human", user)]


def parse_verdict(text: str) -> Verdict:
    """The judge's JSON verdict; a reply without one counts as a failed check."""
    match = _JSON_OBJECT.search(text)
    try:
        return Verdict.model_validate(json.loads(match.group(0) if match else text))
    except (json.JSONDecodeError, ValidationError):
        return Verdict(correct=False, faithful=False, reason=f"unreadable verdict: {text[:200]!r}")


def judge_one(item: GoldenItem, result: EvalResult, model: Any) -> Verdict:
    """Judge one answer; refusals are settled without asking the model."""
    if result.refused:
        return Verdict(
            correct=not item.answerable,
            faithful=True,
            reason="declined" if not item.answerable else "declined an answerable question",
        )
    try:
        reply = model.invoke(judge_messages(item, result))
    except Exception as exc:  # providers raise their own SDK errors
        raise ProviderError(
            f"The judge model failed on question {item.id}: {exc}. "
            "Check the provider's API key and model name, or run without --judge.",
            kind="judge",
        ) from exc
    return parse_verdict(str(reply.text))


def judge_results(
    results: Sequence[EvalResult], items: Sequence[GoldenItem], model: Any
) -> dict[str, Verdict]:
    """A verdict for every result, by question id."""
    by_id = {item.id: item for item in items}
    return {result.id: judge_one(by_id[result.id], result, model) for result in results}


def judge_summary(verdicts: Mapping[str, Verdict], ids: Iterable[str]) -> dict[str, float | None]:
    """Judge metrics over the questions `ids` (all of a run, or one category)."""
    judged = [verdicts[i] for i in ids if i in verdicts]
    return {
        "judge_correctness": share(v.correct for v in judged),
        "judge_faithfulness": share(v.faithful for v in judged),
    }
