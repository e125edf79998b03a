"""Paths that do not depend on where you stand: relative settings resolve under one home
(SENDPLAN_HOME, else the folder of the .env read, else the checkout or the user data folder),
and a read-only command creates no folder or file. The CLI runs as subprocesses started in
another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant import paths
from assistant.settings import Settings
from tests.conftest import CORPUS, REPO

SENDPLAN = [sys.executable, "-m", "assistant.cli"]
READ_ONLY = [
    (["ask", "What is an EHCP?"], ""),
    (["chat"], "What is an EHCP?\n"),
    (["sources"], ""),
    (["report", "--html", "report.html"], ""),
    (["history", "show"], ""),
    (["feedback", "export"], ""),
]


def sendplan(
    args: list[str], *, cwd: Path, home: Path | None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDPLAN_")}
    if home is not None:
        env["SENDPLAN_HOME"] = str(home)
    return subprocess.run(
        [*SENDPLAN, *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
        timeout=180, check=False,
    )  # fmt: skip


def tree(*folders: Path) -> set[str]:
    return {str(p) for folder in folders for p in folder.rglob("*")}


# -- where the home is -------------------------------------------------------------------


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder of these tests, with no SENDPLAN_* variable set."""
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for name in [n for n in os.environ if n.startswith("SENDPLAN_")]:
        monkeypatch.delenv(name)
    return folder


def test_sendplan_home_holds_the_env_file_and_every_relative_path(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text(
        "SENDPLAN_DATA_DIR=store\nSENDPLAN_STATE_URL=sqlite:///db/state.sqlite\n"
        "SENDPLAN_FEEDBACK_DB=old/feedback.sqlite\nSENDPLAN_MODEL_CACHE_DIR=models\n"
    )
    (here / ".env").write_text("SENDPLAN_CORPUS_DIR=not-this-one\n")  # not read: HOME says
    monkeypatch.setenv("SENDPLAN_HOME", str(home))

    settings = Settings()

    assert settings.home == home
    assert settings.data_dir == home / "store"
    assert settings.chroma_dir == home / "store" / "chroma"
    assert settings.corpus_dir == home / "corpus"
    assert settings.state_database_url == f"sqlite:///{home / 'db' / 'state.sqlite'}"
    assert settings.feedback_db == home / "old" / "feedback.sqlite"
    assert settings.model_dir == home / "models"


def test_the_env_file_in_this_folder_makes_it_the_home(here: Path) -> None:
    (here / ".env").write_text("SENDPLAN_CORPUS_DIR=docs\n")
    settings = Settings()
    assert (settings.home, settings.corpus_dir, settings.data_dir) == (
        here, here / "docs", here / ".data",
    )  # fmt: skip
    assert settings.state_database_url == f"sqlite:///{here / '.data' / 'state.sqlite'}"


def test_sendplan_home_in_the_env_file_wins_over_its_folder(here: Path, tmp_path: Path) -> None:
    (here / ".env").write_text(f"SENDPLAN_HOME={tmp_path / 'srv'}\nSENDPLAN_DATA_DIR=data\n")
    settings = Settings()
    assert (settings.home, settings.data_dir) == (tmp_path / "srv", tmp_path / "srv" / "data")


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_sendplan_home_counts_as_unset(
    here: Path, monkeypatch: pytest.MonkeyPatch, blank: str
) -> None:
    (here / ".env").write_text("SENDPLAN_DATA_DIR=d\n")
    monkeypatch.setenv("SENDPLAN_HOME", blank)
    assert (Settings().home, Settings().data_dir) == (here, here / "d")


def test_without_env_file_or_home_the_checkout_is_home_wherever_you_stand(here: Path) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]  # a developer's .env aside
    assert settings.home == REPO == paths.default_home()
    assert (settings.data_dir, settings.corpus_dir) == (REPO / ".data", REPO / "corpus")


def test_outside_a_checkout_the_home_is_the_user_data_folder(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path / "site-packages")  # an installed wheel
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.home == tmp_path / "xdg" / "sendplan"
    assert settings.data_dir == tmp_path / "xdg" / "sendplan" / ".data"


def test_absolute_home_relative_and_other_urls(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        home=tmp_path / "h", data_dir=Path("~/sendplan-data"), corpus_dir=tmp_path / "docs",
    )  # fmt: skip
    assert settings.data_dir == tmp_path / "me" / "sendplan-data"
    assert settings.corpus_dir == tmp_path / "docs"
    for url, expected in [
        ("sqlite:///x.sqlite?timeout=5", f"sqlite:///{tmp_path / 'h' / 'x.sqlite'}?timeout=5"),
        ("sqlite:////abs/x.sqlite", "sqlite:////abs/x.sqlite"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgresql://u:p@db:5432/s", "postgresql://u:p@db:5432/s"),
    ]:
        with_url = settings.model_copy(update={"state_url": SecretStr(url)})
        assert with_url.state_database_url == expected
    relative = Settings(_env_file=None, home=Path("rel"))  # type: ignore[call-arg]
    assert relative.home == here / "rel"  # SENDPLAN_HOME itself is taken as typed


# -- the CLI from another folder -------------------------------------------------------


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose .env names a corpus folder; ingested by `sendplan ingest` run in it."""
    home = tmp_path_factory.mktemp("indexed-home")
    (home / "docs").mkdir()
    shutil.copy(CORPUS / "glossary.md", home / "docs")
    (home / ".env").write_text("SENDPLAN_CORPUS_DIR=docs\n")
    done = sendplan(["ingest"], cwd=home, home=None)
    assert done.returncode == 0, done.stderr
    assert (home / ".data" / "chroma" / "chroma.sqlite3").is_file()
    return home


def test_from_another_folder_the_home_index_is_used_and_nothing_is_created(
    indexed_home: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = tree(indexed_home)
    outputs = {}
    for args, stdin in READ_ONLY:
        done = sendplan(args, cwd=elsewhere, home=indexed_home, stdin=stdin)
        assert done.returncode == 0, (args, done.stderr)
        outputs[args[0]] = done.stdout
    # the index of the home, found from another folder
    assert "education, health and care plan" in outputs["ask"] and "[1] Glossary" in outputs["ask"]
    assert "1 document, 6 chunks" in outputs["sources"]
    # besides the home's own per-host copy of its keyword index, which `ask` saves there
    saved = indexed_home / ".data" / "keyword-index"
    assert saved.is_dir() and tree(indexed_home) - tree(saved) - {str(saved)} == before
    assert tree(elsewhere) == {str(elsewhere / "report.html")}  # the page asked for, only


def test_read_only_commands_without_an_index_say_what_to_run_and_create_nothing(
    tmp_path: Path,
) -> None:
    home, elsewhere = tmp_path / "empty-home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    for args, stdin in READ_ONLY:
        done = sendplan(args, cwd=elsewhere, home=home, stdin=stdin)
        message = " ".join(done.stderr.split())
        assert "Traceback" not in done.stderr, done.stderr
        assert "sendplan ingest" in message and str(home / ".data") in message, (args, message)
        if args[0] in ("history", "feedback"):  # nothing recorded: said, not an error
            assert done.returncode == 0 and "recorded yet" in message
        else:
            assert done.returncode == 1, (args, message)
    assert tree(home, elsewhere) == set()
