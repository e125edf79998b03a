"""What staff asked, from Slack: `/sendplan-admin gaps` (admins only) groups the refused
questions with the real embedding model; votes reach the logged question; a re-index is
recorded for the report. The real Bolt app over HTTP, the fake Slack Web API."""

from __future__ import annotations

import json

import pytest
from langchain_core.embeddings import Embeddings
from slack_support import ADMIN, ALICE, BotFactory, fake_assistant

from assistant.slack.admin import ADMIN_USAGE_TEXT, GAPS_TEXT, NOT_ADMIN_TEXT
from assistant.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP
from assistant.slack.gaps import parse_gaps
from assistant.state.ingest_runs import IngestRuns
from assistant.state.questions import QuestionLog
from ingest.report import FileFailure, IngestReport

ADMIN_COMMAND = "/sendplan-admin"
UNANSWERED = [
    "Who is eligible for free SEND transport to school?",
    "What pay grade are SEN teaching assistants on?",
    "Can a child with an EHCP get a taxi to school?",
    "Who is eligible for free SEND transport to school?",
    "How much extra are SENCos paid?",
    "What is our council's home to school transport policy for SEND pupils?",
]


def test_gaps_lists_the_unanswered_questions_grouped_for_admins(
    make_bot: BotFactory, embeddings: Embeddings
) -> None:
    bot = make_bot(assistant=fake_assistant(chunks=[]), embed=embeddings.embed_documents)
    for n, question in enumerate(UNANSWERED):  # one at a time: grouping follows their order
        bot.message(question, channel=f"D{n}", channel_type="im")  # each refused
        bot.settle()

    assert bot.command("gaps", user=ALICE, command=ADMIN_COMMAND).body == NOT_ADMIN_TEXT
    assert bot.command("gaps soon", user=ADMIN, command=ADMIN_COMMAND).body == ADMIN_USAGE_TEXT
    bot.settle()
    assert bot.fake.calls_to("response_url") == []  # neither got a list

    sent = bot.command("gaps 7", user=ADMIN, command=ADMIN_COMMAND)
    assert sent.body == GAPS_TEXT  # acknowledged at once
    bot.settle()
    [listed] = bot.fake.calls_to("response_url")
    assert listed.params["response_type"] == "ephemeral" and listed.params["replace_original"]
    head, transport, pay, footer = [
        b["text"]["text"] if "text" in b else b for b in listed.params["blocks"]
    ]
    assert head.startswith("*Top unanswered questions, the last 7 days* (6 of 6 questions")
    assert "transport" in transport.splitlines()[0] and "asked 4 times" in transport
    assert "Who is eligible for free SEND transport to school? (×2)" in transport
    assert "taxi" in transport and "pay" not in transport.lower()
    assert "asked 2 times" in pay and "SENCos paid" in pay and "taxi" not in pay
    assert footer["type"] == "context"


def test_gaps_with_nothing_refused_says_so(make_bot: BotFactory, embeddings: Embeddings) -> None:
    bot = make_bot(embed=embeddings.embed_documents)
    bot.message("How many educational psychologists?", channel="D1", channel_type="im")
    bot.settle()
    bot.command("gaps", user=ADMIN, command=ADMIN_COMMAND)
    bot.settle()
    [listed] = bot.fake.calls_to("response_url")
    assert listed.params["text"] == (
        "No unanswered questions in the last 30 days: the documents covered all 1 questions."
    )


def test_votes_on_an_answer_are_counted_on_its_logged_question(make_bot: BotFactory) -> None:
    bot = make_bot()
    event = bot.mention("How many educational psychologists will be trained?")
    bot.settle()
    answer_id = bot.answer_id()
    for user, vote in ((ALICE, FEEDBACK_UP), ("UBOB", FEEDBACK_DOWN), ("UCAROL", FEEDBACK_UP)):
        bot.sender.action(
            vote, answer_id, user=user, channel=event["channel"], thread_ts=event["ts"],
            response_url=bot.fake.response_url("click"),
        )  # fmt: skip
    bot.settle()

    [logged] = QuestionLog(bot.state).recent()

    assert (logged.answer_id, logged.up, logged.down) == (answer_id, 2, 1)
    assert ALICE not in json.dumps(logged.__dict__)


def test_a_reindex_is_recorded_for_the_report(make_bot: BotFactory) -> None:
    failed = [FileFailure("corpus/minutes.docx", "could not be parsed (BadZipFile)")]
    report = IngestReport(added=1, skipped=40, failed=failed, files=8, chunks=41)
    bot = make_bot(ingest=lambda settings: report)

    bot.command("reindex", user=ADMIN, command=ADMIN_COMMAND)
    bot.fake.wait_for("response_url")

    latest = IngestRuns(bot.state).latest(bot.settings.collection)
    assert latest is not None and latest.summary == report.summary()
    assert [(f.path, f.reason) for f in latest.failures] == [
        ("corpus/minutes.docx", "could not be parsed (BadZipFile)")
    ]


@pytest.mark.parametrize(
    ("text", "days"),
    [("gaps", 30), (" GAPS ", 30), ("gaps 7", 7), ("gaps 0", None), ("gaps x", None),
     ("gaps 7 days", None), ("reindex", None), ("", None)],
)  # fmt: skip
def test_parse_gaps(text: str, days: int | None) -> None:
    assert parse_gaps(text) == days
