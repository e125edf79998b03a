"""Run one `sendplan` command in this process, then print (last line, JSON) its exit code and
which heavy top-level packages it imported. `slack ...` also asks the bot one question over
HTTP, through a fake Slack Web API, before looking.

    python tests/cli/import_probe.py ask "What is an EHCP?"
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from pathlib import Path

HEAVY = (
    "torch",
    "transformers",
    "sentence_transformers",
    "langchain",
    "langchain_core",
    "langchain_chroma",
    "chromadb",
    "onnxruntime",
)
REPO = Path(__file__).resolve().parents[2]


def loaded() -> list[str]:
    return sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))


def run_cli(argv: list[str]) -> int:
    from assistant.cli import main

    try:
        return main(argv)
    except SystemExit as exc:  # --help, --version and argument errors exit
        return int(exc.code or 0)


def run_slack(port: int) -> int:
    """The bot in a thread, answering one mention; 0 once the answer reached Slack."""
    sys.path.insert(0, str(REPO / "tests" / "slack"))
    from fake_slack import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, FakeSlackAPI
    from slack_sender import SlackSender

    fake = FakeSlackAPI().start()
    os.environ |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
    }
    argv = ["slack", "--http", "--host", "127.0.0.1", "--port", str(port)]
    threading.Thread(target=run_cli, args=(argv,), daemon=True).start()
    _wait_for(port)
    text = f"<@{BOT_USER_ID}> How many educational psychologists will be trained?"
    message = fake.add_message("CGENERAL", user="UALICE", text=text)
    event = {"type": "app_mention", "user": "UALICE", "text": text, "ts": message["ts"],
             "channel": "CGENERAL", "event_ts": message["ts"]}  # fmt: skip
    SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event)
    [update] = fake.wait_for("chat.update", timeout=60)
    return 0 if "400" in json.dumps(update.params) else 1


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the bot did not listen on {port}")


if __name__ == "__main__":
    args = sys.argv[1:]
    code = run_slack(int(args[1])) if args[0] == "slack" else run_cli(args)
    print(json.dumps({"code": code, "loaded": loaded()}), flush=True)
    os._exit(0)  # the bot's threads would keep the process alive
