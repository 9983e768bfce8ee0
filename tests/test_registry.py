"""The estimator registry: built-ins by name, third parties through entry points."""

from __future__ import annotations

import sys
import types
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import ClassVar

import attrs
import numpy as np
import pytest

import repatcost.estimators as registry
from repatcost.assumptions import Assumptions
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import (
    BUILTIN,
    ENTRY_POINT_GROUP,
    Estimator,
    StaffAllocation,
    available,
    get,
)
from repatcost.evidence import Municipality, StaffYears
from repatcost.model import CostModel
from repatcost.packs import builtin_estimators
from repatcost.scenario import ScenarioError, load_scenario
from repatcost.testing import check_estimator, strategies

MODULE = "fake_repatcost_plugin"


@attrs.frozen
class FlatFee(Estimator):
    """A third-party estimator: a flat fee per staff-year reported (here, 1,000 DKK)."""

    name: ClassVar[str] = "flat_fee"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        staff = municipality.only(StaffYears)
        if staff is None:
            raise NotApplicable(f"{municipality.name} reported no staff-years; add one.")
        key = f"{municipality.key}.staff_years"
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs={key: staff.distribution(assumptions.qualifiers)},
            function=lambda v: {"fee": v[key] * 1_000.0},
            components=("fee",),
        )


class NotAnEstimator:
    """Something an entry point may wrongly name."""


def point(name: str, value: str) -> EntryPoint:
    """An entry point of the repatcost group."""
    return EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> list[EntryPoint]:
    """Entry points the registry sees (in place of the installed ones), and a plugin module."""
    module = types.ModuleType(MODULE)
    module.FlatFee = FlatFee  # type: ignore[attr-defined]
    module.NotAnEstimator = NotAnEstimator  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, MODULE, module)
    found: list[EntryPoint] = [point("flat_fee", f"{MODULE}:FlatFee")]

    def entry_points(*, group: str) -> list[EntryPoint]:
        assert group == ENTRY_POINT_GROUP
        return list(found)

    monkeypatch.setattr(registry, "entry_points", entry_points)
    return found


def test_builtins_are_available_sorted_by_name() -> None:
    """Every built-in is listed by its registry name, and the list is sorted."""
    names = available()
    builtins = {**BUILTIN, **builtin_estimators()}  # the core's and the built-in packs'
    assert set(builtins) <= set(names)
    assert list(names) == sorted(names)
    for name, cls in builtins.items():
        assert get(name) is cls
        assert cls.name == name


def test_an_unknown_name_lists_the_available_ones() -> None:
    """get() of an unregistered name names it and lists every registered estimator."""
    with pytest.raises(InvalidValueError) as info:
        get("guesswork")
    assert info.value.value == "guesswork"
    assert "Got 'guesswork'" in str(info.value)
    for name in available():
        assert name in str(info.value)


def test_a_plugin_is_found_through_its_entry_point(plugins: list[EntryPoint]) -> None:
    """A third-party class registered under the entry-point group is available by name."""
    assert "flat_fee" in available()
    assert get("flat_fee") is FlatFee


def test_a_plugin_cannot_shadow_a_builtin(plugins: list[EntryPoint]) -> None:
    """An entry point named like a built-in is ignored: the built-in wins."""
    plugins.append(point("staff_allocation", f"{MODULE}:FlatFee"))
    assert get("staff_allocation") is StaffAllocation
    assert available().count("staff_allocation") == 1


def test_a_broken_plugin_is_named_with_its_error(plugins: list[EntryPoint]) -> None:
    """A plugin that does not import is left out with a warning; get() reports why."""
    plugins.append(point("broken", "no_such_module_for_repatcost:Thing"))
    with pytest.warns(RuntimeWarning, match="broken"):
        names = available()
    assert "broken" not in names
    assert "flat_fee" in names
    with pytest.raises(InvalidValueError, match="no_such_module_for_repatcost"):
        get("broken")


def test_a_plugin_naming_a_non_estimator_is_refused(plugins: list[EntryPoint]) -> None:
    """An entry point to a class that is not an Estimator is an error naming it."""
    plugins.append(point("wrong", f"{MODULE}:NotAnEstimator"))
    with pytest.raises(InvalidValueError, match=r"subclass of repatcost\.estimators\.Estimator"):
        get("wrong")


def test_one_name_from_two_plugins_is_ambiguous(plugins: list[EntryPoint]) -> None:
    """Two distributions registering one name with different classes is an error."""
    plugins.append(point("flat_fee", f"{MODULE}:NotAnEstimator"))
    with pytest.raises(InvalidValueError, match="one plugin only"):
        get("flat_fee")


SCENARIO = """
title = "plugin test"

[municipality.odense]
name = "Odense"
code = 461
estimator = {estimator}

[[municipality.odense.staff_years]]
value = 2
source = {{ section = "3" }}
"""


def write(tmp_path: Path, estimator: str) -> Path:
    """A one-municipality scenario naming ``estimator``."""
    path = tmp_path / "plugin.toml"
    path.write_text(SCENARIO.format(estimator=estimator), encoding="utf-8")
    return path


def test_a_scenario_file_can_name_a_plugin_estimator(
    plugins: list[EntryPoint], tmp_path: Path
) -> None:
    """A scenario names the plugin like a built-in, alone or summed, and the study runs."""
    study = load_scenario(write(tmp_path, '["staff_allocation", "flat_fee"]'))
    result = study.run(200, seed=1)
    fee = result.estimates["odense"].components["fee"]
    assert np.all(fee == 2_000.0)
    study = load_scenario(write(tmp_path, '"flat_fee"'))
    assert study.estimator_for("odense") == FlatFee()


def test_an_unregistered_name_in_a_scenario_lists_plugins_too(
    plugins: list[EntryPoint], tmp_path: Path
) -> None:
    """The scenario error for an unknown estimator lists built-ins and plugins."""
    with pytest.raises(ScenarioError, match="flat_fee") as info:
        load_scenario(write(tmp_path, '"flat_fees"'))
    assert "staff_allocation" in str(info.value)


@pytest.mark.slow
def test_the_plugin_passes_the_contract_checks() -> None:
    """The test plugin itself keeps the contract (so the tests above use a valid one)."""
    report = check_estimator(
        FlatFee(), max_examples=5, municipalities=strategies.municipalities(required=[StaffYears])
    )
    assert report.ok
