"""Serving the bot: Slack's HTTP Events API under uvicorn (one or several worker processes),
or Socket Mode. `build_bot` wires one process's bot from Settings."""

from __future__ import annotations

import logging
import signal
import socket
import threading
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Any

from slack_bolt import App

from assistant.errors import ConfigError
from assistant.settings import Settings
from assistant.slack.asgi import EVENTS_PATH, Readiness, SlackASGI
from assistant.slack.executor import DrainableExecutor

if TYPE_CHECKING:
    from assistant.state import StateDB
    from vectorstore.keyword_index import LiveKeywordIndex

logger = logging.getLogger(__name__)

FACTORY = "assistant.slack.server:create_app"  # what each uvicorn worker imports
BACKLOG = 2048  # connections the kernel queues while every worker thread is busy

__all__ = ["EVENTS_PATH", "Bot", "build_bot", "create_app", "bind", "http_app", "serve_http"]


@dataclass
class Bot:
    """One process's bot: the Bolt app, the pool its answers run in, its readiness check."""

    app: App
    executor: DrainableExecutor
    readiness: Readiness


def build_bot(settings: Settings, *, socket_mode: bool = False) -> Bot:
    """Load the model, open Chroma and the state database, build the Bolt app."""
    from assistant.factory import build_assistant, make_embeddings
    from assistant.slack.app import build_app
    from assistant.state import open_state
    from ingest.pipeline import run_ingestion
    from ingest.report import IngestReport
    from vectorstore.hybrid import HybridRetriever
    from vectorstore.store import make_client

    chroma = make_client(settings, create=False)  # the bot answers from an existing index:
    state = open_state(settings)  # without one it stops here, having created nothing
    embeddings = make_embeddings(settings)  # one model, shared by answering and re-indexing
    embeddings.embed_query("warm up")  # load the model now, not during the first question
    assistant = build_assistant(settings, embeddings=embeddings, client=chroma, state=state)

    def reindex(settings: Settings) -> IngestReport:
        return run_ingestion(settings, embeddings=embeddings, client=chroma, state=state)

    executor = DrainableExecutor()
    app = build_app(settings, assistant=assistant, ingest=reindex, state=state,
                    socket_mode=socket_mode, listener_executor=executor,
                    embed=embeddings.embed_documents)  # fmt: skip
    retriever = assistant.retriever
    keyword = retriever.keyword if isinstance(retriever, HybridRetriever) else None
    return Bot(app, executor, readiness_of(settings, chroma=chroma, keyword=keyword, state=state))


def readiness_of(
    settings: Settings, *, chroma: Any, keyword: LiveKeywordIndex | None, state: StateDB
) -> Readiness:
    """None when Chroma, the keyword index and the state database all answer; else why not."""

    def check() -> str | None:
        reasons = []
        try:
            chroma.heartbeat()
        except Exception as exc:  # chromadb raises many kinds when the server is away
            reasons.append(f"{settings.chroma_location} does not answer ({type(exc).__name__})")
        if keyword is None or not keyword.loaded:
            reasons.append("the keyword index is not loaded")
        try:
            state.ping()
        except Exception as exc:
            reasons.append(f"the state database does not answer ({type(exc).__name__})")
        return "; ".join(reasons) or None

    return check


def http_app(bot: Bot, settings: Settings) -> SlackASGI:
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    return SlackASGI(
        bot.app,
        signing_secret=secret,
        readiness=bot.readiness,
        drain=bot.executor.drain,
        shutdown_grace=settings.shutdown_grace_seconds,
    )


def create_app() -> SlackASGI:
    """uvicorn's app factory for `--workers N`: each worker builds its bot from the
    environment (and `.env`), as the parent process did."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    return http_app(build_bot(settings), settings)


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or ConfigError saying to pick another port. uvicorn
    starts listening on it once the app is ready, so nothing queues while models load."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"Cannot listen on {host}:{port} ({exc.strerror or exc}). Choose another port "
            "with --port."
        ) from None
    sock.set_inheritable(True)  # worker processes accept on it too
    return sock


def serve_http(
    app: SlackASGI | str, *, sock: socket.socket, workers: int = 1, grace: float = 20.0
) -> None:
    """Serve until SIGTERM or Ctrl-C. `app` is our ASGI app, or with workers > 1 the import
    string of its factory (each worker process builds its own)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        app, factory=isinstance(app, str), workers=workers, lifespan="on", log_config=None,
        access_log=False, backlog=BACKLOG, timeout_graceful_shutdown=max(1, round(grace)),
    )  # fmt: skip
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
        return
    # uvicorn re-raises the signal that stopped it once it has shut down gracefully; with
    # the default SIGTERM action that would kill the process (exit 143) instead of exit 0
    # (signal handlers can only be set from the main thread; uvicorn skips its own likewise)
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stopped) if main else None
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)


def _stopped(signum: int, frame: FrameType | None) -> None:
    """SIGTERM after uvicorn's graceful shutdown: nothing left to do."""


def serve_socket_mode(app: App, *, app_token: str) -> None:
    """Connect to Slack over a WebSocket (no public URL needed) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app, app_token).start()
