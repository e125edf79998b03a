"""Serving the app: Slack's HTTP Events API on one path, or Socket Mode."""

from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # events, interactivity and slash commands all POST here


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _LoggingHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


def make_http_server(app: App, *, host: str, port: int, path: str = EVENTS_PATH) -> WSGIServer:
    """A threaded WSGI server for the app (port 0 picks a free port: see `.server_port`)."""
    return make_server(
        host,
        port,
        SlackRequestHandler(app, path=path),
        server_class=_ThreadingWSGIServer,
        handler_class=_LoggingHandler,
    )


def serve_http(app: App, *, host: str, port: int) -> None:
    """Serve until interrupted."""
    with make_http_server(app, host=host, port=port) as server:
        logger.info("Listening for Slack on http://%s:%s%s", host, server.server_port, EVENTS_PATH)
        server.serve_forever()


def serve_socket_mode(app: App, *, app_token: str) -> None:
    """Connect to Slack over a WebSocket (no public URL needed) until interrupted."""
    SocketModeHandler(app, app_token).start()
