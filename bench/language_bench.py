"""Loading the language check's model: py3langid's compressed bundled model (the old path)
beside the decompressed copy `sendplan model export` writes (assistant/answering/language_model.py),
each in fresh processes, alternating, in one run.

The first question of a process that needs a language check pays this load.

    .venv/bin/python bench/language_bench.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOAD = {
    "compressed (old)": "from assistant.answering.language_model import _from_compressed as f; "
    "i = f()",
    "decompressed copy": "from assistant.answering.language_model import load_identifier as f; "
    "from pathlib import Path; i = f(Path({folder!r}))",
}
PROGRAM = """
import time
started = time.perf_counter()
{load}
loaded = time.perf_counter() - started
assert i.classify("Combien d'écoles spécialisées le plan promet-il ?")[0] == "fr"
print(loaded)
"""


def load_seconds(load: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(load=load)], capture_output=True, text=True,
        cwd=REPO, env=os.environ | {"PYTHONPATH": str(REPO)}, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/language_bench.py")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from assistant.answering.language_model import write_plain_copy

    folder = Path(tempfile.mkdtemp(prefix="sendplan-langid-"))
    size = write_plain_copy(folder).stat().st_size / 1e6
    loads = {name: code.format(folder=str(folder)) for name, code in LOAD.items()}
    seconds: dict[str, list[float]] = {name: [] for name in loads}
    for _ in range(args.repeats):  # alternating, so both see the same machine
        for name, load in loads.items():
            seconds[name].append(load_seconds(load))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; copy {size:.0f} MB")
    print("| model | load, median s | min s |\n|---|---:|---:|")
    for name, values in seconds.items():
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} |")
    old, new = (statistics.median(v) for v in seconds.values())
    print(f"\n{old / new:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
