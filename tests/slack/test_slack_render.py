"""Answer -> Block Kit rendering and the text helpers: pure functions, exact outputs."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answering.answer import REFUSAL_TEXT, Answer, Citation, refusal
from assistant.slack.blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    MAX_BLOCKS,
    MAX_TEXT_CHARS,
    SHARE,
    citation_line,
    render_answer,
    render_notice,
    usage_message,
)
from assistant.slack.mrkdwn import escape, link, safe_url, split_mrkdwn, to_mrkdwn, truncate

# what Slack would turn into a ping or a link we did not build
PINGS = re.compile(r"<[!@#]|@(channel|here|everyone)\b", re.IGNORECASE)


def cite(number: int = 1, **fields: object) -> Citation:
    values: dict[str, object] = {"doc_id": "digest", "title": "Plan digest", "chunk_id": "digest#1"}
    return Citation(number=number, **(values | fields))  # type: ignore[arg-type]


def test_answer_renders_text_sources_and_feedback_buttons() -> None:
    answer = Answer(
        question="How many EPs?",
        text="About **400** educational psychologists [1].",
        citations=[
            cite(
                1, source_url="https://www.gov.uk/plan", section="Workforce", published="2023-03-02"
            ),
            cite(2, doc_id="briefing", title="Staff briefing", page=4),
        ],
    )
    message = render_answer(answer, answer_id="a1")
    assert message["text"] == "About **400** educational psychologists [1]."
    assert message["blocks"] == [
        {"type": "section", "text": {
            "type": "mrkdwn", "verbatim": True,
            "text": "About *400* educational psychologists [1].",
        }},
        {"type": "context", "elements": [{
            "type": "mrkdwn", "verbatim": True, "text": "*Sources*\n"
            "[1] <https://www.gov.uk/plan|Plan digest> · Workforce · 2023-03-02\n"
            "[2] Staff briefing · p. 4",
        }]},
        {"type": "actions", "elements": [
            {"type": "button", "action_id": FEEDBACK_UP, "value": "a1",
             "text": {"type": "plain_text", "text": ":thumbsup: Helpful", "emoji": True}},
            {"type": "button", "action_id": FEEDBACK_DOWN, "value": "a1",
             "text": {"type": "plain_text", "text": ":thumbsdown: Not helpful", "emoji": True}},
        ]},
    ]  # fmt: skip


def test_refusal_is_clear_and_has_no_sources() -> None:
    answer = refusal("Who won the cup?").model_copy(update={"citations": [cite()]})
    blocks = render_answer(answer, answer_id="a1")["blocks"]
    assert [b["type"] for b in blocks] == ["section", "actions"]
    assert blocks[0]["text"]["text"] == escape(REFUSAL_TEXT)
    assert "Sources" not in json.dumps(blocks)


def test_private_answer_shows_the_question_and_a_share_button() -> None:
    answer = Answer(question="When does the NPQ start?", text="In 2024 [1].", citations=[cite()])
    blocks = render_answer(answer, answer_id="a9", show_question=True, share=True)["blocks"]
    assert blocks[0]["elements"][0]["text"] == "*Question:* When does the NPQ start?"
    buttons = blocks[-1]["elements"]
    assert [b["action_id"] for b in buttons] == [FEEDBACK_UP, FEEDBACK_DOWN, SHARE]
    assert buttons[2]["text"]["text"] == "Post to channel"


def test_no_buttons_without_an_answer_id() -> None:
    blocks = render_answer(Answer(question="q", text="t"), answer_id=None)["blocks"]
    assert [b["type"] for b in blocks] == ["section"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel>", "<!here>", "<!everyone>", "<@U0123ABC>", "<@W0123|boss>",
        "<!subteam^S0123|@team>", "@channel", "@here please", "@Everyone", "&lt;!channel&gt;",
        "<#C0123|general>", "<https://evil.example|click>",
    ],
)  # fmt: skip
def test_nothing_from_a_question_or_document_can_ping_or_link(hostile: str) -> None:
    answer = Answer(
        question=f"Tell {hostile} about it",
        text=f"The document says {hostile} [1]",
        citations=[
            cite(
                title=f"Title {hostile}", section=f"Part {hostile}", published=hostile,
                source_url=f"https://example.org/a>{hostile}|x",
            )
        ],
    )  # fmt: skip
    for message in (
        render_answer(answer, answer_id="a1", show_question=True, share=True),
        render_notice(f"Sorry {hostile}"),
    ):
        sent = json.dumps(message, ensure_ascii=False)
        links = re.findall(r"<([^>]*)>", sent)
        assert all(target.startswith("https://example.org/") for target in links), links
        assert not PINGS.search(sent.replace("<https://example.org/", "")), sent


def test_escape_control_characters() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("@here") == "@\u2060here"
    assert escape("mail me@hereford.gov.uk") == "mail me@hereford.gov.uk"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.gov.uk/a?b=1&c=2", "https://www.gov.uk/a?b=1&amp;c=2"),
        ("http://x.org/a b|c>d", "http://x.org/a%20b%7Cc%3Ed"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_link_falls_back_to_label() -> None:
    assert link("https://a.org", "A & B") == "<https://a.org|A &amp; B>"
    assert link("ftp://a.org", "A <b>") == "A &lt;b&gt;"


@pytest.mark.parametrize(
    ("markdown", "mrkdwn"),
    [
        ("**bold** and __also__", "*bold* and *also*"),
        ("## Funding\ntext", "*Funding*\ntext"),
        ("see [the plan](https://gov.uk/p?a=1&b=2)", "see <https://gov.uk/p?a=1&amp;b=2|the plan>"),
        ("a < b [1]", "a &lt; b [1]"),
    ],
)
def test_to_mrkdwn(markdown: str, mrkdwn: str) -> None:
    assert to_mrkdwn(markdown) == mrkdwn


def test_citation_line_with_and_without_link() -> None:
    assert citation_line(cite(3, page=7, published="2024")) == "[3] Plan digest · p. 7 · 2024"
    linked = cite(1, source_url="https://gov.uk/x", section="A > B")
    assert citation_line(linked) == "[1] <https://gov.uk/x|Plan digest> · A &gt; B"


def test_long_answer_is_split_into_sections_of_at_most_3000_chars() -> None:
    paragraph = ("The plan promises more specialist places & training. " * 20).strip()
    text = "\n\n".join([paragraph] * 12)  # about 13,000 characters
    answer = Answer(question="q", text=text, citations=[cite()])
    message = render_answer(answer, answer_id="a1")
    sections = [b for b in message["blocks"] if b["type"] == "section"]
    assert len(sections) >= 5
    assert all(len(s["text"]["text"]) <= MAX_TEXT_CHARS for s in sections)
    assert "".join(s["text"]["text"] for s in sections).count("&amp;") == text.count("&")
    assert message["blocks"][-2]["type"] == "context"  # sources still come after the text
    assert len(message["text"]) <= MAX_TEXT_CHARS  # plain fallback


def test_huge_answer_is_shortened_to_50_blocks() -> None:
    answer = Answer(question="q", text="word " * 60_000, citations=[cite()])
    blocks = render_answer(answer, answer_id="a1")["blocks"]
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["type"] == "actions" and blocks[-2]["type"] == "context"
    assert "answer shortened" in blocks[-3]["text"]["text"]
    assert all(len(b["text"]["text"]) <= MAX_TEXT_CHARS for b in blocks if b["type"] == "section")


def test_split_never_cuts_an_entity_or_a_link() -> None:
    text = "x" * 2997 + "&amp;" + "y" * 10
    assert split_mrkdwn(text, 3000) == ["x" * 2997, "&amp;" + "y" * 10]
    linked = "intro " + "z" * 2980 + " <https://a.org|a long label> end"
    pieces = split_mrkdwn(linked, 3000)
    assert pieces[1].startswith("<https://a.org|a long label>")


def test_truncate() -> None:
    assert truncate("short", 10) == "short"
    assert truncate("one two three four", 10) == "one two…"


def test_usage_and_notices_escape_their_text() -> None:
    usage = usage_message()
    assert "/sendplan &lt;question&gt;" in usage["blocks"][0]["text"]["text"]
    assert render_notice("1 < 2")["text"] == "1 &lt; 2"
