"""Where sendplan's files are: one base folder (`Settings.home`) for every relative path in
the settings, so no command depends on the folder it is started from.

The base is `SENDPLAN_HOME` if set; else the folder of the `.env` that was read; else the
default home: the sendplan checkout this code runs from (an editable install), or else the
user data folder (platformdirs: `~/.local/share/sendplan` on Linux). See `Settings`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_ENV_FILE = ".env"  # the class default; means "look for it as documented"
HOME_VARIABLE = "SENDPLAN_HOME"
_CHECKOUT = Path(__file__).resolve().parents[1]  # the folder above assistant/


def default_home() -> Path:
    """The sendplan checkout (a source tree with pyproject.toml), else the user data folder."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "assistant").is_dir():
        return _CHECKOUT
    from platformdirs import user_data_path

    return user_data_path("sendplan", appauthor=False)


def find_env_file(environ: Mapping[str, str], *, cwd: Path | None = None) -> Path | None:
    """The `.env` to read: in SENDPLAN_HOME when that is set, else in the current folder,
    else in the default home; None when there is none."""
    explicit = environ.get(HOME_VARIABLE, "").strip()
    if explicit:
        candidates = [absolute(Path(explicit), cwd=cwd)]
    else:
        candidates = [cwd or Path.cwd(), default_home()]
    for folder in candidates:
        if (folder / DEFAULT_ENV_FILE).is_file():
            return folder / DEFAULT_ENV_FILE
    return None


def env_file_folder(env_file: Path | str | Sequence[Path | str] | None) -> Path | None:
    """The folder holding the `.env` that is read (the last one, if several are given)."""
    files = [env_file] if isinstance(env_file, str | Path) else list(env_file or ())
    existing = [Path(f) for f in files if Path(f).expanduser().is_file()]
    return absolute(existing[-1]).parent if existing else None


def absolute(path: Path, *, cwd: Path | None = None) -> Path:
    """`~` expanded, then made absolute (a relative SENDPLAN_HOME is taken as typed)."""
    expanded = path.expanduser()
    return expanded if expanded.is_absolute() else (cwd or Path.cwd()) / expanded


def under(home: Path, path: Path) -> Path:
    """`path` with `~` expanded; a relative one is placed under `home`."""
    expanded = path.expanduser()
    return expanded if expanded.is_absolute() else home / expanded


def sqlite_url_under(home: Path, url: str) -> str:
    """A `sqlite:///relative.sqlite` URL with its file under `home`; other URLs unchanged."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:////"):
        return url
    database, _, query = url.removeprefix("sqlite:///").partition("?")
    if not database or database == ":memory:" or database.startswith("file:"):
        return url
    placed = under(home, Path(database))
    return f"sqlite:///{placed}" + (f"?{query}" if query else "")
