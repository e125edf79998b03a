"""`sendplan slack`: run the Slack bot (Socket Mode, or `--http` for the Events API)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "slack",
        help="run the Slack bot",
        description="Run the Slack bot. Socket Mode (SLACK_APP_TOKEN) by default; with --http, "
        "serve Slack's Events API, interactivity and slash commands at /slack/events (plus "
        "GET /healthz and /readyz) under uvicorn.",
    )
    parser.add_argument("--http", action="store_true", help="serve HTTP instead of Socket Mode")
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default: 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address (default: 0.0.0.0)")
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="HTTP worker processes on the one port, each with its own model (default: 1)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.slack import check_settings

    socket_mode = not args.http
    if socket_mode and args.workers > 1:
        raise ConfigError("--workers needs --http: Socket Mode runs in one process.")
    check_settings(settings, socket_mode=socket_mode)  # before the slow model loading
    if socket_mode:
        return _socket_mode(settings)
    return _http(args, settings)


def _socket_mode(settings: Settings) -> int:
    from assistant.slack.server import build_bot, serve_socket_mode

    bot = build_bot(settings, socket_mode=True)
    print("sendplan: connected to Slack in Socket Mode (Ctrl-C to stop)", file=sys.stderr)
    token = settings.slack_app_token.get_secret_value()  # type: ignore[union-attr]
    serve_socket_mode(bot.app, app_token=token)
    return 0


def _http(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.slack.server import EVENTS_PATH, FACTORY, bind, build_bot, http_app, serve_http

    sock = bind(args.host, args.port)  # a taken port fails now, not after loading models
    port = sock.getsockname()[1]
    grace = settings.shutdown_grace_seconds
    app: Any = FACTORY if args.workers > 1 else http_app(build_bot(settings), settings)
    url = f"http://{args.host}:{port}{EVENTS_PATH}"
    print(f"sendplan: listening for Slack at {url} with {args.workers} worker(s) "
          "(Ctrl-C or SIGTERM to stop)", file=sys.stderr)  # fmt: skip
    serve_http(app, sock=sock, workers=args.workers, grace=grace)
    return 0


def _workers(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"--workers must be 1 or more, got {number}")
    return number
