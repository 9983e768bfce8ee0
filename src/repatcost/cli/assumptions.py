"""``repatcost assumptions``: every assumption of a scenario, its domain, band and users."""

from __future__ import annotations

import argparse

from repatcost.audit import assumption_table
from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.national_inputs import with_national_inputs

__all__ = ["COMMAND", "run"]


def run(args: argparse.Namespace) -> str:
    """The assumption table."""
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    text = with_national_inputs(assumption_table(study), study).render(args.format)
    return text if text.endswith("\n") else text + "\n"


COMMAND = Command(
    "assumptions",
    help="list every assumption with its domain, plausible band, source and users",
    description="List every assumption of the scenario (the shared ones and each "
    "municipality's own, and the national estimate's inputs): distribution, unit, domain, "
    "plausible band and its source, source, rationale and the municipalities whose models "
    "read it.",
    run=run,
)
