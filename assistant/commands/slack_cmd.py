"""`sendplan slack`: run the Slack bot (Socket Mode, or `--http` for the Events API)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings
    from ingest.report import IngestReport


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "slack",
        help="run the Slack bot",
        description="Run the Slack bot. Socket Mode (SLACK_APP_TOKEN) by default; with --http, "
        "serve Slack's Events API, interactivity and slash commands at /slack/events.",
    )
    parser.add_argument("--http", action="store_true", help="serve HTTP instead of Socket Mode")
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default: 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address (default: 0.0.0.0)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import build_assistant, make_embeddings
    from assistant.slack import build_app, check_settings
    from assistant.slack.server import EVENTS_PATH, make_http_server, serve_socket_mode
    from ingest.pipeline import run_ingestion

    socket_mode = not args.http
    check_settings(settings, socket_mode=socket_mode)  # before the slow model loading
    embeddings = make_embeddings(settings)  # one model, shared by answering and re-indexing
    embeddings.embed_query("warm up")  # load the model now, not during the first question

    def reindex(settings: Settings) -> IngestReport:
        return run_ingestion(settings, embeddings=embeddings)

    app = build_app(
        settings,
        assistant=build_assistant(settings, embeddings=embeddings),
        ingest=reindex,
        socket_mode=socket_mode,
    )
    if socket_mode:
        print("sendplan: connected to Slack in Socket Mode (Ctrl-C to stop)", file=sys.stderr)
        token = settings.slack_app_token.get_secret_value()  # type: ignore[union-attr]
        serve_socket_mode(app, app_token=token)
        return 0
    try:
        server = make_http_server(app, host=args.host, port=args.port)
    except OSError as exc:
        raise ConfigError(
            f"Cannot listen on {args.host}:{args.port} ({exc.strerror or exc}). "
            "Choose another port with --port."
        ) from None
    with server:
        url = f"http://{args.host}:{server.server_port}{EVENTS_PATH}"
        print(f"sendplan: listening for Slack at {url} (Ctrl-C to stop)", file=sys.stderr)
        server.serve_forever()
    return 0
