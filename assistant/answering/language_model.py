"""py3langid's bundled model, kept decompressed in the installation.

py3langid ships its model LZMA-compressed (4.6 MB) and decompresses it at every load: about
1 s, paid by the first question of each process that needs a language check. Its decompressed
copy (an uncompressed .npz of about 68 MB) loads in about 0.2 s. `sendplan model export`
(which `make install` runs) writes it; a process that finds none writes it on first use when
it can, and otherwise loads the compressed model as before.
"""

from __future__ import annotations

import contextlib
import logging
import lzma
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PLAIN_FILE = "langid-model.npz"


def default_folder() -> Path:
    """Inside the installation (the venv), beside the ONNX exports' default folder."""
    return Path(sys.prefix) / "share" / "sendplan" / "langid"


def load_identifier(folder: Path) -> Any:
    """py3langid's LanguageIdentifier (normalised probabilities), from the plain copy in
    `folder`, written there first if missing."""
    from py3langid.langid import LanguageIdentifier

    plain = folder / PLAIN_FILE
    if not plain.is_file() and not _write_plain(plain):
        return _from_compressed()
    try:
        return _from_plain(plain, LanguageIdentifier)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("The language model copy %s is damaged (%s); run 'sendplan model "
                    "export --force' to write it again", plain, exc)  # fmt: skip
        return _from_compressed()


def write_plain_copy(folder: Path) -> Path:
    """Write the decompressed copy into `folder` (replacing one); its path."""
    plain = folder / PLAIN_FILE
    if not _write_plain(plain, quiet=False):
        raise OSError(f"could not write {plain}")
    return plain


def _from_plain(plain: Path, identifier: Any) -> Any:
    import numpy as np
    from py3langid.modelio import _to_array

    with plain.open("rb") as file, np.load(file, allow_pickle=False) as data:
        return identifier(
            data["ptc"], data["pc"], data["classes"].tolist(), _to_array(data["nextmove"]),
            data["out_feat"].tolist(), norm_probs=True, tk_row=_to_array(data["nextmove_row"]),
        )  # fmt: skip


def _from_compressed() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _write_plain(plain: Path, *, quiet: bool = True) -> bool:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    partial = plain.with_name(f".{plain.name}.{os.getpid()}")
    try:
        plain.parent.mkdir(parents=True, exist_ok=True)
        with lzma.open(MODEL_DIR / MODEL_FILE) as source, partial.open("wb") as target:
            shutil.copyfileobj(source, target, length=1 << 20)
        partial.replace(plain)  # whole or not at all, for processes loading it meanwhile
        return True
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if not quiet:
            raise
        log.debug("Could not write %s (%s): loading the compressed model", plain, exc)
        return False
