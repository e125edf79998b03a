"""`sendplan` command line: parses arguments and hands over to assistant.commands.*.

Each command module exposes `register(subparsers)`, which adds its sub-command and sets
`func(args, settings) -> int` as the handler. Errors become text only here. Only argparse and
the light command modules load before a handler runs (handlers import what they need), so
`--help`, `--version` and argument errors never load LangChain, Chroma or a model runtime.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.commands import (
    core,
    eval_cmd,
    feedback_cmd,
    history_cmd,
    model_cmd,
    purge_cmd,
    report_cmd,
    slack_cmd,
    sources_cmd,
)
from assistant.errors import AssistantError, ConfigError
from assistant.logs import LOG_FORMATS, configure_logging

if TYPE_CHECKING:
    from assistant.settings import Settings

COMMANDS = (core, sources_cmd, eval_cmd, slack_cmd, feedback_cmd, history_cmd, report_cmd,
            model_cmd, purge_cmd)  # fmt: skip


def add_common_options(parser: argparse.ArgumentParser, *, default: Any) -> None:
    """-v and --log-format, accepted before and after any sub-command. Sub-commands use
    SUPPRESS as default, so an option given before the sub-command is not reset by it."""
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=default, help="log debug detail"
    )
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=default,
        help="log lines as text (default) or as JSON objects, one a line",
    )


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-commands that take the common options too, with their help line as description
    when they bring none (argparse's own class, registered below, is not public API)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if kwargs.get("help") and not kwargs.get("description"):
            help_text = str(kwargs["help"])
            kwargs["description"] = f"{help_text[:1].upper()}{help_text[1:]}."
        parser = super().add_parser(name, **kwargs)
        add_common_options(parser, default=argparse.SUPPRESS)
        return parser


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Commands)


class _Version(argparse.Action):
    """--version, reading the installed version only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import version

        print(f"sendplan {version('sendplan')}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sendplan",
        description="Cited answers about England's SEND and AP Improvement Plan.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    add_common_options(parser, default=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def load_settings() -> Settings:
    from assistant.settings import Settings

    try:
        return Settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigError(
            f"Invalid setting: {exc}. Check your SENDPLAN_* variables and .env."
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=bool(args.verbose), fmt=args.log_format or "text")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args, load_settings()))
    except AssistantError as exc:
        print(f"sendplan: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sendplan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
