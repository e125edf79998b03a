"""LLM-judged metrics: a fake chat model for the logic, a real one under `llm_judge`."""

from __future__ import annotations

import pytest
from eval_support import build_item, build_result
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.errors import ConfigError, ProviderError
from assistant.evaluation.judge import (
    judge_messages,
    judge_results,
    judge_summary,
    make_judge_model,
    parse_verdict,
)
from assistant.evaluation.suite import score_run
from assistant.settings import Settings

CORRECT = '{"correct": true, "faithful": true, "reason": "matches"}'
WRONG = '{"correct": false, "faithful": false, "reason": "invented"}'


@pytest.mark.parametrize(
    ("reply", "correct", "faithful"),
    [
        (CORRECT, True, True),
        ('Here you go:\n```json\n{"correct": true, "faithful": false}\n```', True, False),
        ("I think it is right.", False, False),
        ('{"correct": "perhaps"}', False, False),
    ],
)
def test_parse_verdict(reply: str, correct: bool, faithful: bool) -> None:
    verdict = parse_verdict(reply)

    assert (verdict.correct, verdict.faithful) == (correct, faithful)


def test_unreadable_verdict_says_so() -> None:
    assert parse_verdict("no idea").reason.startswith("unreadable verdict")


def test_messages_carry_question_reference_answer_and_full_cited_chunks() -> None:
    item = build_item(reference_answer="33 new special free schools.")
    result = build_result()

    (_, system), (role, user) = judge_messages(item, result)

    assert "Reply with one JSON object" in system
    assert role == "human"
    assert "Question: How many new special free schools" in user
    assert "Reference answer: 33 new special free schools." in user
    assert "[1] digest\nThe plan promises 33 new special free schools, adding places." in user


def test_refusals_are_settled_without_calling_the_model() -> None:
    items = [
        build_item(id="a1"),
        build_item(id="a2"),
        build_item(id="u1", answerable=False, expected_sources=[], must_include=[]),
        build_item(id="u2", answerable=False, expected_sources=[], must_include=[]),
    ]
    results = [
        build_result(id="a1"),
        build_result(id="a2", refused=True, answer="I couldn't find this."),
        build_result(id="u1", answerable=False, refused=True, answer="I couldn't find this."),
        build_result(id="u2", answerable=False, answer="Paris."),
    ]
    model = FakeListChatModel(responses=[CORRECT, WRONG])

    verdicts = judge_results(results, items, model)

    assert {i: (v.correct, v.faithful) for i, v in verdicts.items()} == {
        "a1": (True, True),
        "a2": (False, True),
        "u1": (True, True),
        "u2": (False, False),
    }
    assert judge_summary(verdicts, ["a1", "a2", "u1", "u2"]) == {
        "judge_correctness": 0.5,
        "judge_faithfulness": 0.75,
    }
    assert judge_summary(verdicts, []) == {"judge_correctness": None, "judge_faithfulness": None}


def test_judged_run_reports_judge_metrics_overall_and_per_category() -> None:
    items = [build_item(id="a1"), build_item(id="a2", category="fact")]
    results = [build_result(id="a1"), build_result(id="a2", category="fact")]
    verdicts = judge_results(results, items, FakeListChatModel(responses=[CORRECT, WRONG]))

    run = score_run(items, results, verdicts=verdicts)

    assert run.overall["judge_correctness"] == 0.5
    assert run.categories["number"]["judge_correctness"] == 1.0
    assert run.categories["fact"]["judge_faithfulness"] == 0.0
    assert run.to_json()["judgements"]["a2"]["reason"] == "invented"


class BrokenModel(FakeListChatModel):
    def invoke(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise TimeoutError("read timed out")


def test_model_failure_becomes_a_provider_error() -> None:
    with pytest.raises(ProviderError, match="judge model failed on question q1.*--judge"):
        judge_results([build_result()], [build_item()], BrokenModel(responses=[]))


@pytest.mark.parametrize("llm", ["extractive", " Extractive ", ""])
def test_judge_needs_an_llm(llm: str) -> None:
    with pytest.raises(ConfigError, match="SENDPLAN_LLM=provider:model"):
        make_judge_model(Settings(llm=llm, _env_file=None))  # type: ignore[call-arg]


@pytest.fixture
def judge_settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings from the developer's own shell (tests/conftest.py scrubs it for other tests)."""
    from tests.conftest import ORIGINAL_ENV

    for name, value in ORIGINAL_ENV.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    if settings.llm.strip().lower() in ("", "extractive"):
        pytest.skip("no LLM configured: set SENDPLAN_LLM=provider:model to run the judge")
    return settings


@pytest.mark.llm_judge
def test_real_judge_tells_a_right_answer_from_a_wrong_one(judge_settings: Settings) -> None:
    model = make_judge_model(judge_settings)
    item = build_item(reference_answer="33 new special free schools.")
    wrong = "The plan promises 3 new grammar schools in Wales [1]."
    results = [build_result(id="right"), build_result(id="wrong", answer=wrong)]
    items = [item.model_copy(update={"id": "right"}), item.model_copy(update={"id": "wrong"})]

    verdicts = judge_results(results, items, model)

    assert verdicts["right"].correct and verdicts["right"].faithful
    assert not verdicts["wrong"].correct
