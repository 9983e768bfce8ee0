"""``repatcost validate FILE``: check a scenario file as far as an estimate would, short of
the full run."""

from __future__ import annotations

import argparse
import sys

from repatcost.audit import plausibility_flags
from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.scenario import load_scenario

__all__ = ["COMMAND", "VALIDATE_SAMPLES", "run"]

VALIDATE_SAMPLES = 1_000
"""Samples of the small run ``validate`` makes: every model evaluated on real draws."""


def _options(parser: argparse.ArgumentParser) -> None:
    """The scenario file."""
    parser.add_argument("file", type=common.parse_file, help="scenario TOML file")


def run(args: argparse.Namespace) -> str:
    """Load the file, build every model, make a small run; warn, and return a summary."""
    study = load_scenario(args.file)
    try:
        models = study.models()
        study.run(VALIDATE_SAMPLES, seed=0)
    except (InvalidValueError, NotApplicable) as err:
        raise common.CliError(f"{args.file}: {err}", common.EXIT_USAGE) from None
    for flag in plausibility_flags(study):
        print(f"{args.file}: warning: {flag}", file=sys.stderr)
    methods = ", ".join(f"{study.municipality(k).name}: {m.method}" for k, m in models.items())
    return f"{args.file}: OK, {len(models)} municipalities ({methods})\n"


COMMAND = Command(
    "validate",
    help="check a scenario file and report every problem in it",
    description="Read a scenario file, report every problem (key path, value, what was "
    "expected), build every model, evaluate its hard range and make a small run, so a "
    "file that validates also estimates; warn about figures and assumptions outside "
    "their plausible band. The file is only read.",
    run=run,
    options=_options,
    scenario=False,
    formats=(),
)
