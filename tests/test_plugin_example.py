"""The example plugin (examples/repatcost-letters) end to end: installed, found, run, checked."""

from __future__ import annotations

import doctest
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np
import pytest

from repatcost.assumptions import default_assumptions
from repatcost.errors import NotApplicable
from repatcost.estimators import ENTRY_POINT_GROUP, available, get
from repatcost.scenario import load_scenario
from repatcost.testing import check_estimator

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "repatcost-letters"
SCENARIO = EXAMPLE / "scenario.toml"

try:
    DIST = distribution("repatcost-letters")
except PackageNotFoundError:  # pragma: no cover - CI installs it
    pytest.skip(
        "the example plugin is not installed: pip install -e examples/repatcost-letters",
        allow_module_level=True,
    )

import repatcost_letters  # noqa: E402 - only once we know it is installed
from repatcost_letters import PARAMETERS, WrittenInvitations, with_defaults  # noqa: E402


def test_the_plugin_declares_its_entry_point() -> None:
    """The installed distribution registers written_invitations in repatcost's group."""
    points = [p for p in DIST.entry_points if p.group == ENTRY_POINT_GROUP]
    assert [(p.name, p.value) for p in points] == [
        ("written_invitations", "repatcost_letters:WrittenInvitations")
    ]


def test_the_registry_finds_the_plugin() -> None:
    """repatcost lists the plugin and returns its class by name."""
    assert "written_invitations" in available()
    assert get("written_invitations") is WrittenInvitations


@pytest.mark.slow
def test_the_plugin_passes_check_estimator() -> None:
    """WrittenInvitations keeps every promise of the estimator contract."""
    report = check_estimator(
        WrittenInvitations(), max_examples=10, assumptions=with_defaults(default_assumptions())
    )
    assert report.ok
    assert {r.status for r in report} == {"passed"}


@pytest.mark.slow
def test_the_scenario_file_runs_from_the_command_line() -> None:
    """`repatcost estimate --scenario examples/.../scenario.toml` prints both municipalities."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "repatcost",
            "estimate",
            "--scenario",
            str(SCENARIO),
            "--samples",
            "2000",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "conversation time and written invitations" in done.stdout
    assert "Aarhus" in done.stdout


def test_the_scenario_prices_letters_per_person_called_in() -> None:
    """København's 750 persons called in get letters; Aarhus' participants are scaled up."""
    study = load_scenario(SCENARIO)
    result = study.run(2000, seed=3)
    kbh, aarhus = result.estimates["kobenhavn"], result.estimates["aarhus"]
    assert np.all(kbh.quantities["persons_called_in"] == 750.0)
    assert np.all(kbh.components["letters"] > 0)
    assert np.all(aarhus.quantities["persons_called_in"] >= 194.0)
    # the count is one shared input: the letters and the caseworker time use the same draws
    assert "kobenhavn.count" in result.models["kobenhavn"].inputs


def test_missing_plugin_assumptions_are_named() -> None:
    """Without its own assumptions the estimator says which to add and how."""
    study = load_scenario(SCENARIO)
    with pytest.raises(NotApplicable, match="letters_per_person") as info:
        WrittenInvitations().build(study.municipality("kobenhavn"), default_assumptions())
    assert "with_defaults" in info.value.reason


def test_the_plugin_assumptions_are_documented_and_sourced() -> None:
    """Each of the plugin's assumptions carries a unit, a rationale and a source."""
    for parameter in PARAMETERS:
        assert parameter.unit
        assert parameter.rationale
        assert parameter.source == "unsourced estimate"
    study = load_scenario(SCENARIO)
    for parameter in PARAMETERS:
        assert study.assumptions[parameter.name].distribution == parameter.distribution


def test_the_plugin_docstrings_run() -> None:
    """The plugin's module docstring examples pass."""
    failed, tried = doctest.testmod(repatcost_letters, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failed == 0
