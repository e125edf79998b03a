"""`sendplan` command line: parses arguments and hands over to assistant.commands.*.

Each command module exposes `register(subparsers)`, which adds its sub-command and sets
`func(args, settings) -> int` as the handler. Errors become text only here.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from assistant.commands import core, eval_cmd, feedback_cmd, slack_cmd
from assistant.errors import AssistantError, ConfigError
from assistant.settings import Settings

COMMANDS = (core, eval_cmd, slack_cmd, feedback_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendplan",
        description="Cited answers about England's SEND and AP Improvement Plan.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def load_settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigError(
            f"Invalid setting: {exc}. Check your SENDPLAN_* variables and .env."
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
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
