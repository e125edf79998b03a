"""/sendplan and its share button, feedback buttons, and admin re-index, over real HTTP."""

from __future__ import annotations

import json
import threading

from slack_support import ADMIN, ALICE, CHANNEL, Bot, BotFactory

from assistant.errors import IngestLockedError
from assistant.settings import Settings
from assistant.slack.admin import BUSY_TEXT, NOT_ADMIN_TEXT, STARTED_TEXT
from assistant.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, SEARCHING_TEXT, SHARE
from ingest.changes import FileChanges
from ingest.report import FileFailure, IngestReport


def test_slash_command_answers_privately_with_a_share_button(bot: Bot) -> None:
    sent = bot.command("How many educational psychologists will be trained?")
    assert sent.status == 200
    assert sent.body == SEARCHING_TEXT  # ephemeral ack, at once
    bot.settle()

    [response] = bot.fake.calls_to("response_url")
    assert response.params["replace_original"] is True
    assert response.params["response_type"] == "ephemeral"
    blocks = response.params["blocks"]
    assert blocks[0]["elements"][0]["text"].startswith("*Question:* How many educational")
    assert "400 educational psychologists" in json.dumps(blocks)
    actions = blocks[-1]["elements"]
    assert [a["action_id"] for a in actions] == [FEEDBACK_UP, FEEDBACK_DOWN, SHARE]
    assert bot.fake.calls_to("chat.postMessage") == []  # nothing public yet

    share = bot.sender.action(
        SHARE, actions[2]["value"], user=ALICE, channel=CHANNEL, ephemeral=True,
        response_url=bot.fake.response_url("share"),
    )  # fmt: skip
    assert share.status == 200
    bot.settle()
    posted, deleted = [c.params for c in bot.fake.calls_to("response_url")[1:]]
    assert posted["response_type"] == "in_channel" and posted["replace_original"] is False
    assert "400 educational psychologists" in json.dumps(posted["blocks"])
    assert SHARE not in json.dumps(posted["blocks"])  # shared copy: feedback buttons only
    assert deleted["delete_original"] is True


def test_slash_command_alone_or_help_gives_usage(bot: Bot) -> None:
    for text in ("", "help"):
        sent = bot.command(text)
        assert sent.status == 200
        assert "/sendplan &lt;question&gt;" in sent.body
    bot.settle()
    assert bot.fake.calls_to("response_url") == []


def test_feedback_is_stored_acknowledged_and_exported(bot: Bot) -> None:
    event = bot.mention("How many educational psychologists will be trained?")
    bot.settle()
    answer_id = bot.answer_id()
    clicked = bot.sender.action(
        FEEDBACK_UP, answer_id, user=ALICE, channel=CHANNEL, thread_ts=event["ts"],
        response_url=bot.fake.response_url("click"),
    )  # fmt: skip
    assert clicked.status == 200
    bot.settle()

    [row] = bot.store.feedback()
    assert row.user_hash == bot.store.hash_user(ALICE) != ALICE
    assert (row.channel, row.vote, row.answer_id) == (CHANNEL, "up", answer_id)
    assert row.question == "How many educational psychologists will be trained?"
    assert "400 educational psychologists" in row.answer
    assert row.cited_doc_ids == ["digest", "briefing"]
    assert ALICE not in json.dumps(row.__dict__)
    [thanks] = bot.fake.calls_to("chat.postEphemeral")
    assert thanks.params["user"] == ALICE and thanks.params["thread_ts"] == event["ts"]
    assert thanks.params["text"].startswith("Thanks for the feedback")


def test_feedback_on_a_private_answer_is_thanked_through_the_response_url(bot: Bot) -> None:
    bot.command("How many educational psychologists?")
    bot.settle()
    bot.sender.action(
        FEEDBACK_DOWN, bot.answer_id(), user="UBOB", channel=CHANNEL, ephemeral=True,
        response_url=bot.fake.response_url("click"),
    )  # fmt: skip
    bot.settle()
    [row] = bot.store.feedback()
    assert row.vote == "down" and row.question == "How many educational psychologists?"
    thanks = bot.fake.calls_to("response_url")[-1].params
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    assert "did not help" in thanks["text"]
    assert bot.fake.calls_to("chat.postEphemeral") == []


class FakeIngest:
    """Stands in for `ingest.pipeline.run_ingestion`; can block until released."""

    def __init__(self, report: IngestReport | None = None, error: Exception | None = None):
        changes = FileChanges(added=["new.md"], changed=["glossary.md"], unchanged=["a.md"] * 5)
        self.report = report or IngestReport(
            added=2, updated=1, skipped=4, deleted=3, files=7, chunks=40, changes=changes,
            sources=2,
        )  # fmt: skip
        self.error = error
        self.calls: list[Settings] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, settings: Settings) -> IngestReport:
        self.calls.append(settings)
        self.release.wait(10)
        if self.error:
            raise self.error
        return self.report


def test_admin_reindex_command_runs_in_the_background_and_reports(make_bot: BotFactory) -> None:
    ingest = FakeIngest()
    ingest.release.clear()
    bot = make_bot(ingest=ingest)

    sent = bot.command("reindex", user=ADMIN, command="/sendplan-admin")
    assert sent.body == STARTED_TEXT
    again = bot.command("reindex", user=ADMIN, command="/sendplan-admin")
    assert again.body == BUSY_TEXT  # one at a time
    bot.mention("Still answering meanwhile?")  # the current index keeps answering
    bot.settle()
    assert "400 educational psychologists" in json.dumps(bot.fake.calls_to("chat.update")[0].params)

    ingest.release.set()
    [summary] = bot.fake.wait_for("response_url")
    assert summary.params["text"] == (
        "Re-index finished (2 sources, 7 files).\n"
        "Files: 1 added, 1 changed, 0 removed, 5 unchanged, 0 failed\n"
        "Chunks: 3 embedded, 3 deleted; 40 in the index (0.0 s)"
    )
    assert len(ingest.calls) == 1 and ingest.calls[0] is bot.settings


def test_reindex_is_refused_for_non_admins(make_bot: BotFactory) -> None:
    ingest = FakeIngest()
    bot = make_bot(ingest=ingest)
    sent = bot.command("reindex", user=ALICE, command="/sendplan-admin")
    assert sent.body == NOT_ADMIN_TEXT
    bot.mention("please reindex", user=ALICE)
    bot.settle()
    [refusal] = bot.fake.calls_to("chat.postEphemeral")
    assert refusal.params["user"] == ALICE and refusal.params["text"] == NOT_ADMIN_TEXT
    assert bot.fake.calls_to("chat.postMessage") == []
    assert ingest.calls == []


def test_admin_mention_saying_reindex_posts_the_summary_in_the_thread(make_bot: BotFactory) -> None:
    failure = FileFailure(path="corpus/broken.pdf", reason="not a PDF <!channel>")
    bot = make_bot(ingest=FakeIngest(IngestReport(added=1, failed=[failure], files=2, chunks=3)))
    event = bot.mention("reindex please", user=ADMIN)
    bot.settle()
    started, summary = bot.fake.wait_for("chat.postMessage", 2)
    assert started.params["text"] == STARTED_TEXT
    assert summary.params["thread_ts"] == event["ts"]
    assert summary.params["text"].startswith("Re-index finished (1 source, 2 files).\nFiles:")
    assert "0 unchanged, 1 failed\nChunks: 1 embedded, 0 deleted;" in summary.params["text"]
    assert "• corpus/broken.pdf: not a PDF &lt;!channel&gt;" in summary.params["text"]


def test_reindex_reports_a_held_lock(make_bot: BotFactory) -> None:
    bot = make_bot(ingest=FakeIngest(error=IngestLockedError("locked by pid 12")))
    bot.command("reindex", user=ADMIN, command="/sendplan-admin")
    [summary] = bot.fake.wait_for("response_url")
    assert summary.params["text"].startswith("Another ingestion is already running")
