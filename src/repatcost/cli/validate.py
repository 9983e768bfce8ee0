"""``repatcost validate FILE``: check a scenario file without running it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from repatcost.scenario import load_scenario

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``validate`` command."""
    parser = commands.add_parser(
        "validate",
        help="check a scenario file and report every problem in it",
        description="Read a scenario file, report every problem (key path, value, what was "
        "expected) and check that each municipality's estimator applies. The file is only read.",
    )
    parser.add_argument("file", type=Path, help="scenario TOML file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the file and build every model; print a one-line summary."""
    study = load_scenario(args.file)
    models = study.models()
    methods = ", ".join(f"{study.municipality(k).name}: {m.method}" for k, m in models.items())
    print(f"{args.file}: OK, {len(models)} municipalities ({methods})")
    return 0
