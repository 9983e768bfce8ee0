"""Options and error handling shared by the commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from repatcost._io import write_atomic
from repatcost.constraints import LEVEL
from repatcost.data import BUNDLED_SCENARIO
from repatcost.scenario import load_scenario
from repatcost.study import Study

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "EXIT_USAGE",
    "MAX_SAMPLES",
    "CliError",
    "Parser",
    "add_output",
    "add_run_options",
    "add_scenario",
    "emit",
    "parse_level",
    "parse_samples",
    "parse_seed",
    "report_error",
    "study_from",
]

EXIT_USAGE = 2
MAX_SAMPLES = 10_000_000
DEFAULT_SAMPLES = 100_000
DEFAULT_SEED = 0


class CliError(Exception):
    """An error a user can fix; printed as one line."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (no usage dump, no traceback)."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


def report_error(message: str, status: int) -> int:
    """Print ``message`` as the command's error and return ``status``."""
    print(f"repatcost: error: {message}", file=sys.stderr)
    return status


def parse_samples(text: str) -> int | str:
    """``--samples``: a whole number in [1, MAX_SAMPLES] or ``auto``."""
    if text == "auto":
        return text
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of samples or 'auto', got {text!r}"
        ) from None
    if not 1 <= value <= MAX_SAMPLES:
        raise argparse.ArgumentTypeError(
            f"expected between 1 and {MAX_SAMPLES:,} samples, got {value}"
        )
    return value


def parse_seed(text: str) -> int:
    """``--seed``: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value}")
    return value


def parse_level(text: str) -> float:
    """``--level``: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1), got {text!r}") from None
    if not LEVEL.accepts(value):
        raise argparse.ArgumentTypeError(f"expected {LEVEL.expectation}, got {value:g}")
    return value


def add_scenario(parser: argparse.ArgumentParser) -> None:
    """``--scenario FILE`` (default: the bundled study)."""
    parser.add_argument(
        "--scenario",
        type=Path,
        default=None,
        metavar="FILE",
        help="scenario TOML file (default: the bundled four municipalities)",
    )


def add_run_options(parser: argparse.ArgumentParser, *, auto: bool = False) -> None:
    """``--samples``, ``--seed`` and ``--level``."""
    parser.add_argument(
        "--samples",
        type=parse_samples,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"Monte Carlo samples (default {DEFAULT_SAMPLES:,})"
        + ("; 'auto' samples until the Monte Carlo error is small" if auto else ""),
    )
    parser.add_argument(
        "--seed",
        type=parse_seed,
        default=DEFAULT_SEED,
        help=f"random seed; the same seed gives the same output (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--level",
        type=parse_level,
        default=0.9,
        help="level of the equal-tailed interval (default 0.9)",
    )


def add_output(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """``--format`` and ``--output FILE`` (written atomically)."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"output format (default {formats[0]})",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output",
    )


def study_from(args: Any) -> Study:
    """The study named by ``--scenario`` (the bundled one by default)."""
    return load_scenario(BUNDLED_SCENARIO if args.scenario is None else args.scenario)


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
