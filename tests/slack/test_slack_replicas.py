"""Two bot replicas as they are deployed: two `sendplan slack --http` processes on different
ports, no shared folder, one `chroma run` server, one PostgreSQL, the fake Slack Web API, and
`sendplan ingest` run by a third process. They behave as one assistant."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fake_slack import BOT_ID, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, FakeSlackAPI
from langchain_core.embeddings import Embeddings
from slack_sender import SlackSender

from assistant.settings import Settings
from assistant.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, REPO, make_test_settings
from tests.servers import ChromaServer, PostgresServer, free_port

PG_PASSWORD = "pg-secret-never-logged"  # PostgreSQL trusts 127.0.0.1 here; it must not leak
CHANNEL = "CGENERAL"
NEW_DOC = (
    "# Harbourside inclusion hub\n\nThe Harbourside inclusion hub in Norwich opens in March "
    "2031 with 45 specialist places for pupils with autism.\n"
)
NEW_QUESTION = "When does the Harbourside inclusion hub in Norwich open?"
KNOWN_QUESTION = "How many local authorities were in the Change Programme when it launched?"
KNOWN_FACT = "32"
FIGURES: dict[str, Any] = {}  # for the closing note: pytest -s prints them at the end


@dataclass
class Replica:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def sender(self) -> SlackSender:
        return SlackSender(f"http://127.0.0.1:{self.port}/slack/events")

    def get(self, path: str) -> tuple[int, dict[str, Any]]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())


@dataclass
class Deployment:
    fake: FakeSlackAPI
    env: dict[str, str]
    corpus: Path
    replicas: list[Replica]
    chroma: ChromaServer
    root: Path

    def settings(self, data: str) -> Settings:
        """Settings as a process on another host would have them: its own data dir."""
        return make_test_settings(
            self.root / data, corpus_dir=self.corpus, chroma_host="127.0.0.1",
            chroma_port=self.chroma.port, state_url=self.env["SENDPLAN_STATE_URL"],
            collection=self.env["SENDPLAN_COLLECTION"],
        )  # fmt: skip

    def sendplan(self, *args: str, data: str = "ingester") -> subprocess.CompletedProcess[str]:
        """`sendplan ...` as a third process, with its own data dir."""
        env = self.env | {"SENDPLAN_DATA_DIR": str(self.root / data)}
        return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip

    def ask(self, replica: Replica, question: str, **send: Any) -> dict[str, Any]:
        message = self.fake.add_message(CHANNEL, user="UALICE", text=f"<@{BOT_USER_ID}> {question}")
        event = {"type": "app_mention", "user": "UALICE", "text": message["text"],
                 "ts": message["ts"], "channel": CHANNEL, "event_ts": message["ts"]}  # fmt: skip
        send.setdefault("event_id", f"Ev{message['ts']}")  # unique, as Slack's are
        assert replica.sender.event(event, **send).status == 200
        return event

    def answer_to(self, event: dict[str, Any], *, timeout: float = 30) -> str:
        """The text of the answer posted in the event's thread (waits for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            posted = bot_messages_in(self.fake, event["ts"])
            updates = [c for c in self.fake.calls_to("chat.update")
                       if posted and c.params["ts"] == posted[0]["ts"]]  # fmt: skip
            if updates:
                return json.dumps(updates[-1].params.get("blocks") or updates[-1].params["text"])
            time.sleep(0.05)
        raise AssertionError(f"no answer to {event['text']!r} within {timeout} s")


def bot_messages_in(fake: FakeSlackAPI, thread_ts: str) -> list[dict[str, Any]]:
    return [m for m in list(fake.messages)
            if m.get("thread_ts") == thread_ts and m.get("bot_id") == BOT_ID]  # fmt: skip


def start_replica(name: str, env: dict[str, str], root: Path) -> Replica:
    port, log = free_port(), root / f"{name}.log"
    command = [sys.executable, "-m", "assistant.cli", "slack", "--http", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, stdout=out, stderr=out,
                                   env=env | {"SENDPLAN_DATA_DIR": str(root / name)})  # fmt: skip
    return Replica(name, process, port, log)


def wait_ready(replica: Replica, *, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if replica.process.poll() is not None:
            pytest.fail(f"{replica.name} exited: {replica.log.read_text()}")
        try:
            if replica.get("/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{replica.name} was not ready within {timeout} s: {replica.log.read_text()}")


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory,
    chroma_server: ChromaServer,
    postgres: PostgresServer,
    embeddings: Embeddings,
) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("replicas")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("glossary.md", "progress-updates-2023-2024.md"):
        shutil.copy(CORPUS / name, corpus)
    state_url = postgres.new_database().replace("postgres@", f"postgres:{PG_PASSWORD}@")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDPLAN_", "SLACK_"))}
    fake = FakeSlackAPI().start()
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url, "SENDPLAN_CHROMA_HOST": "127.0.0.1",
        "SENDPLAN_CHROMA_PORT": str(chroma_server.port), "SENDPLAN_STATE_URL": state_url,
        "SENDPLAN_COLLECTION": "replicas", "SENDPLAN_CORPUS_DIR": str(corpus),
        "SENDPLAN_RATE_LIMIT_PER_MINUTE": "100", "PYTHONPATH": str(REPO),
    }  # fmt: skip
    replicas: list[Replica] = []
    deployment = Deployment(fake, env, corpus, replicas, chroma_server, root)
    assert run_ingestion(deployment.settings("seed"), embeddings=embeddings).ok
    replicas += [start_replica(name, env, root) for name in ("replica-a", "replica-b")]
    try:
        for replica in replicas:
            wait_ready(replica)
        yield deployment
    finally:
        for replica in replicas:
            if replica.process.poll() is None:
                replica.process.terminate()
                replica.process.wait(60)
        fake.stop()
        if os.environ.get("PRINT_REPLICA_FIGURES"):
            print("\nfigures:", json.dumps(FIGURES, indent=2))


def test_one_event_and_its_retries_on_both_replicas_get_one_answer(deployment: Deployment) -> None:
    a, b = deployment.replicas
    message = deployment.fake.add_message(
        CHANNEL, user="UALICE", text=f"<@{BOT_USER_ID}> {KNOWN_QUESTION}"
    )
    event = {"type": "app_mention", "user": "UALICE", "text": message["text"],
             "ts": message["ts"], "channel": CHANNEL, "event_ts": message["ts"]}  # fmt: skip
    deliveries = [(a, None), (b, None), (b, 1), (a, 1), (a, 2)]  # the first twice at once
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda r=r, n=n: statuses.append(
        r.sender.event(event, event_id="EvReplicas1", retry_num=n).status))
        for r, n in deliveries]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [200] * 5
    answer = deployment.answer_to(event)
    time.sleep(2)  # anything a duplicate triggered would have been posted by now
    placeholders = [c for c in deployment.fake.calls_to("chat.postMessage")
                    if c.params.get("thread_ts") == event["ts"]]  # fmt: skip
    updates = deployment.fake.calls_to("chat.update")
    assert len(placeholders) == 1 and len(updates) == 1 and KNOWN_FACT in answer
    FIGURES["one event, 5 deliveries to 2 replicas"] = {
        "deliveries": 5, "acknowledged": statuses.count(200),
        "threaded answers": len(placeholders), "updates": len(updates),
    }  # fmt: skip


def test_a_document_ingested_by_a_third_process_is_answered_by_both(
    deployment: Deployment,
) -> None:
    (deployment.corpus / "harbourside-hub.md").write_text(NEW_DOC)
    result = deployment.sendplan("ingest")
    ingested_at = time.monotonic()
    # one new file: its one chunk and its document card (ingest/cards.py)
    assert result.returncode == 0, result.stderr
    assert "Files: 1 added, 0 changed, 0 removed, 2 unchanged" in result.stdout
    assert "Chunks: 2 embedded, 0 deleted;" in result.stdout
    seconds = answered_by_both(deployment, lambda text: "2031" in text, since=ingested_at)
    FIGURES["ingest end -> both replicas answer the new document (s)"] = round(seconds, 2)
    assert seconds < 10


def test_a_deleted_document_is_no_longer_answered_by_either(
    deployment: Deployment, embeddings: Embeddings
) -> None:
    (deployment.corpus / "harbourside-hub.md").unlink()
    report = run_ingestion(deployment.settings("admin-laptop"), embeddings=embeddings)
    ingested_at = time.monotonic()  # (this pytest process is the third one here)
    assert report.deleted == 2 and report.ok  # the chunk and its card
    seconds = answered_by_both(deployment, lambda text: "2031" not in text, since=ingested_at)
    FIGURES["ingest end -> both replicas stop answering the deleted document (s)"] = round(
        seconds, 2
    )
    assert seconds < 10


def answered_by_both(deployment: Deployment, good: Any, *, since: float) -> float:
    """Ask each replica NEW_QUESTION until its answer is `good`; seconds since `since`."""
    done: dict[str, float] = {}
    deadline = since + 10
    while len(done) < 2 and time.monotonic() < deadline:
        for replica in deployment.replicas:
            if replica.name not in done:
                event = deployment.ask(replica, NEW_QUESTION)
                if good(deployment.answer_to(event)):
                    done[replica.name] = time.monotonic() - since
        time.sleep(0.2)
    assert len(done) == 2, f"answered as expected within 10 s only by {sorted(done)}"
    return max(done.values())


def test_buttons_work_across_replicas_and_votes_meet_in_one_export(
    deployment: Deployment,
) -> None:
    a, b = deployment.replicas
    answers = []
    for replica in (a, b):
        event = deployment.ask(replica, KNOWN_QUESTION)
        deployment.answer_to(event)
        answers.append((event, answer_id_for(deployment, event)))
    (event_a, id_a), (event_b, id_b) = answers
    # each click lands on the other replica than the one that answered
    for replica, (event, answer_id), action in ((b, answers[0], FEEDBACK_UP),
                                                (a, answers[1], FEEDBACK_DOWN)):  # fmt: skip
        sent = replica.sender.action(
            action, answer_id, user="UBOB", channel=CHANNEL, thread_ts=event["ts"],
            response_url=deployment.fake.response_url("click"),
        )  # fmt: skip
        assert sent.status == 200
    deployment.fake.wait_for("chat.postEphemeral", 2)
    result = deployment.sendplan("feedback", "export", data="admin")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted((r["answer_id"], r["vote"]) for r in rows) == sorted(
        [(id_a, "up"), (id_b, "down")]
    )
    assert all(r["question"] == KNOWN_QUESTION for r in rows)  # the answer, found on both
    FIGURES["feedback rows exported (one click per replica)"] = len(rows)


def answer_id_for(deployment: Deployment, event: dict[str, Any]) -> str:
    [posted] = bot_messages_in(deployment.fake, event["ts"])
    update = next(c for c in deployment.fake.calls_to("chat.update")
                  if c.params["ts"] == posted["ts"])  # fmt: skip
    actions = next(b for b in update.params["blocks"] if b["type"] == "actions")
    return str(actions["elements"][0]["value"])


def test_readyz_follows_chroma_going_away_and_coming_back(deployment: Deployment) -> None:
    a, _ = deployment.replicas
    deployment.chroma.stop()
    try:
        status, body = a.get("/readyz")
        assert status == 503 and body["status"] == "unavailable"
        assert f"Chroma server at 127.0.0.1:{deployment.chroma.port}" in body["reason"]
        assert a.get("/healthz")[0] == 200  # alive, only not ready
        FIGURES["/readyz with Chroma stopped"] = [status, body]
    finally:
        deployment.chroma.start()
    restarted = time.monotonic()
    while a.get("/readyz")[0] != 200:
        assert time.monotonic() - restarted < 30, "not ready again 30 s after Chroma returned"
        time.sleep(0.1)
    FIGURES["/readyz 200 again after Chroma restart (s)"] = round(time.monotonic() - restarted, 2)
    assert KNOWN_FACT in deployment.answer_to(deployment.ask(a, KNOWN_QUESTION))


def test_a_tampered_body_gets_401_and_stays_out_of_the_log(deployment: Deployment) -> None:
    a, _ = deployment.replicas
    body = json.dumps({"type": "event_callback", "event": {"text": "TAMPERED-MARKER"}})
    signature = a.sender.verifier.generate_signature(timestamp=str(int(time.time())), body=body)
    sent = a.sender.post(body.replace("TAMPERED", "ALTERED"), {"Content-Type": "application/json"},
                         signature=signature)  # fmt: skip
    assert sent.status == 401
    time.sleep(0.5)
    assert "ALTERED-MARKER" not in a.log.read_text()


def test_sigterm_during_an_answer_still_delivers_it_and_exits_0(deployment: Deployment) -> None:
    _, b = deployment.replicas
    deployment.fake.delay_next("chat.postMessage", 1.5)  # the answer is under way meanwhile
    before = len(deployment.fake.calls_to("chat.postMessage"))
    event = deployment.ask(b, KNOWN_QUESTION)
    deployment.fake.wait_for("chat.postMessage", before + 1)
    b.process.send_signal(signal.SIGTERM)
    assert b.process.wait(60) == 0
    assert KNOWN_FACT in deployment.answer_to(event, timeout=1)  # delivered before exiting
    for replica in deployment.replicas:
        log = replica.log.read_text()
        assert BOT_TOKEN not in log and SIGNING_SECRET not in log and PG_PASSWORD not in log
