"""The recorded week's report, as `sendplan report --html` writes it from a real state
database and index, opened in a real headless Chromium (Debian's `chromium`).

The week is logged into a copy of the session's ingested data dir (question log, Slack
answers and votes, an ingestion that failed on one file); `sendplan report` then runs as a
subprocess started in another folder. `make test` installs chromium when it is missing;
without it these tests fail and say how to install it. One browser start per check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from assistant.reporting.stats import per_day
from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.ingest_runs import Failure, IngestRuns
from assistant.state.questions import QuestionLog
from tests.reporting.week import load_week, record_week

WIDTH, HEIGHT = 1280, 2600
HEADINGS = [
    "What staff asked sendplan",
    "Questions per day",
    "Answered vs refused",
    "What the documents could not answer",
    "Feedback by document",
    "Answer time by front end",
    "The index",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "Chromium is not installed, so the report cannot be opened in a real browser. "
            "`make test` installs it (apt-get update && apt-get install -y chromium); that "
            "step failed or was skipped here. Install Debian's chromium package as root and "
            "run the tests again."
        )
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, ingested_settings: Settings) -> Path:
    data = tmp_path_factory.mktemp("recorded") / "data"
    shutil.copytree(ingested_settings.data_dir, data)
    settings = ingested_settings.model_copy(update={"data_dir": data})
    state = open_state(settings)
    QuestionLog(state).purge(older_than_days=0)  # other tests' questions
    record_week(state)
    failure = Failure("corpus/send-panel-minutes-2026-11.docx", "could not be parsed (BadZip)")
    IngestRuns(state).record(settings.collection, summary="added 0, failed 1", failures=[failure])
    state.close()

    folder = tmp_path_factory.mktemp("report")
    env = {**os.environ, "SENDPLAN_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "report", "--html", "report.html"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote report.html: 147 questions (")
    return folder / "report.html"


def run_chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing on the page may need the network
        "--hide-scrollbars",
        "--force-color-profile=srgb",  # the CSS colours land in the PNG unchanged
        f"--window-size={WIDTH},{HEIGHT}",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_screenshot_shows_a_real_page(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    run_chromium(page, tmp_path / "profile", f"--screenshot={shot}")

    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        grey = image.convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 20  # not one flat colour
        colours = image.convert("RGB").getcolors(maxcolors=WIDTH * HEIGHT) or []
    # the chart colours are painted: answered blue, refused orange, thumbs-up green
    painted = {rgb: n for n, rgb in colours}
    for rgb in ((0x1D, 0x70, 0xB8), (0xF4, 0x77, 0x38), (0x00, 0x70, 0x3C)):
        assert painted.get(rgb, 0) > 2000, f"colour {rgb} barely on the page"


class Dom(HTMLParser):
    """Headings, bar rects by section, and every attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.bars: dict[str, list[str]] = {}
        self.attrs: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self._section = ""
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        self.attrs += list(values.items())
        if tag == "section" and "id" in values:
            self._section = values["id"]
        if tag in ("h1", "h2"):
            self._heading = []
        if tag == "rect" and "bar" in values.get("class", "").split():
            self.bars.setdefault(self._section, []).append(values["class"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def test_dom_has_the_sections_and_chart_bars(page: Path, tmp_path: Path) -> None:
    done = run_chromium(page, tmp_path / "profile", "--dump-dom")
    dom = Dom()
    dom.feed(done.stdout)

    assert dom.headings == HEADINGS
    days = per_day(load_week())
    assert len(dom.bars["per-day"]) == len(days) == 7
    stacked = dom.bars["answered-refused"]
    assert stacked.count("bar series-answered") == sum(d.answered > 0 for d in days)
    assert stacked.count("bar series-refused") == sum(d.refused > 0 for d in days)
    assert len(dom.bars["latency"]) == 3 * 4  # p50, p95, max for ask, chat, slack and all
    assert dom.bars["feedback"]
    assert done.stdout.count('<li class="group">') == 8
    # from the state database and the index: every vote reached its question, the real
    # documents, the failed file of the latest ingestion
    assert '<p class="tile-value">25 / 9</p>' in done.stdout
    assert "7 documents, " in done.stdout and "Glossary of SEND" in done.stdout
    assert "send-panel-minutes-2026-11.docx" in done.stdout and "Last ingestion" in done.stdout
    # nothing external: no scripts, stylesheets, images or frames, no URL in any attribute
    assert not {"script", "link", "img", "iframe"} & dom.tags
    assert not [v for _, v in dom.attrs if re.search(r"https?:|//|url\(", v)]
