"""The words we send to models, one file per prompt, read when used (never at import time)."""

from __future__ import annotations

from importlib import resources


def load_prompt(name: str) -> str:
    """The text of `prompts/<name>` (e.g. 'answer_system.txt'), read now so edits apply at once."""
    folder = resources.files(__package__)
    path = folder.joinpath(name)
    if not path.is_file():
        available = sorted(p.name for p in folder.iterdir() if p.name.endswith((".txt", ".md")))
        raise FileNotFoundError(
            f"No prompt file {name!r} in the prompts package. Available: "
            f"{', '.join(available) or 'none'}. Reinstall sendplan if a bundled prompt is missing."
        )
    return path.read_text(encoding="utf-8")
