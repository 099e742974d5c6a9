"""The command line's parser class and its argument types: every bad value is one line.

:mod:`kgraph.cli` builds the subcommands with them.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from kgraph.errors import UsageError

__all__ = ["Parser", "positive", "non_negative", "port", "seconds", "formats"]


class Parser(argparse.ArgumentParser):
    """argparse, with options allowed between positional arguments
    (``kgraph query GRAPH --format csv 'SELECT ...'``), and errors on one line."""

    _intermixed = False

    def parse_known_args(self, args=None, namespace=None):
        if self._intermixed or not self._is_subcommand:
            return super().parse_known_args(args, namespace)
        self._intermixed = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixed = False

    @property
    def _is_subcommand(self) -> bool:
        """A subcommand's parser (it has no subcommands of its own)."""
        return not any(isinstance(a, argparse._SubParsersAction) for a in self._actions)

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:  # said by the top level, but the subcommand's help tells what it takes
            command = getattr(parsed, "command", None)
            self.prog = f"{self.prog} {command}" if command else self.prog
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"kgraph: error: {message} (see {self.prog} --help)\n")


def positive(text: str) -> int:
    value = non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


def non_negative(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def port(text: str) -> int:
    value = non_negative(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {text!r}")
    return value


def seconds(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be above 0 seconds: {text!r}")
    return value


def formats(text: str) -> tuple[str, ...]:
    from kgraph.export.formats import parse_formats

    try:
        return parse_formats(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
