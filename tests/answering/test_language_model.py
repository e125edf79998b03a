"""The language check's model loaded from its decompressed copy gives the same calls as
py3langid's compressed bundled model, and a copy that is missing, unwritable or damaged
falls back to the bundled one."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.language_model import (
    PLAIN_FILE,
    _from_compressed,
    load_identifier,
    write_plain_copy,
)

TEXTS = (
    "Combien de nouvelles écoles spécialisées le plan promet-il de construire ?",
    "Wie viele neue Förderschulen verspricht der Plan?",
    "How many new special free schools does the plan promise?",
    "¿Cuántas escuelas especiales nuevas promete el plan del gobierno?",
)


@pytest.fixture(scope="module")
def bundled() -> Any:
    return _from_compressed()


@pytest.fixture(scope="module")
def plain_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("langid")
    write_plain_copy(folder)
    return folder


def calls(identifier: Any) -> list[tuple[str, float]]:
    return [(lang, round(float(p), 6)) for lang, p in map(identifier.classify, TEXTS)]


def test_the_plain_copy_makes_the_same_calls(bundled: Any, plain_folder: Path) -> None:
    assert calls(load_identifier(plain_folder)) == calls(bundled)
    assert [lang for lang, _ in calls(bundled)] == ["fr", "de", "en", "es"]


def test_a_missing_copy_is_written_on_first_use(tmp_path: Path, bundled: Any) -> None:
    assert calls(load_identifier(tmp_path / "new")) == calls(bundled)
    assert (tmp_path / "new" / PLAIN_FILE).is_file()


def test_an_unwritable_folder_loads_the_bundled_model(tmp_path: Path, bundled: Any) -> None:
    (tmp_path / "taken").write_text("a file where the folder would go")
    assert calls(load_identifier(tmp_path / "taken")) == calls(bundled)


def test_a_damaged_copy_says_what_to_run_and_still_answers(
    tmp_path: Path, bundled: Any, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / PLAIN_FILE).write_bytes(b"PK\x03\x04 not a whole archive")
    with caplog.at_level(logging.WARNING):
        identifier = load_identifier(tmp_path)
    assert "sendplan model export --force" in caplog.text
    assert calls(identifier) == calls(bundled)
