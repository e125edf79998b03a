"""The recorded week's report opened in a real headless Chromium (Debian's `chromium`).

`make test` installs the package when it is missing; without it these tests fail and say how
to install it. One browser start per check.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings
from PIL import Image, ImageStat

from assistant.reporting.stats import per_day
from tests.reporting.week import load_week, render_week

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
def page(tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_week(embeddings.embed_documents), encoding="utf-8")
    return path


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
    # nothing external: no scripts, stylesheets, images or frames, no URL in any attribute
    assert not {"script", "link", "img", "iframe"} & dom.tags
    assert not [v for _, v in dom.attrs if re.search(r"https?:|//|url\(", v)]
