"""Estimator strategies and their registry.

Built-in strategies register by name; third-party estimators register under the entry-point
group ``repatcost.estimators`` (name = registry name, value = ``module:Class``).

>>> available()[:3]
('conversation_time', 'interpreter_fees', 'one_off')
>>> get("staff_allocation")
<class 'repatcost.estimators.staff_allocation.StaffAllocation'>
"""

from __future__ import annotations

from importlib.metadata import entry_points

from repatcost._validators import fail
from repatcost.estimators.base import Estimator
from repatcost.estimators.combinators import Sum
from repatcost.estimators.conversation_time import ConversationTime
from repatcost.estimators.ensemble import Ensemble
from repatcost.estimators.interpreter_fees import InterpreterFees
from repatcost.estimators.one_off import OneOffCost
from repatcost.estimators.reported_spending import ReportedSpending
from repatcost.estimators.staff_allocation import StaffAllocation
from repatcost.estimators.total_hours import TotalHoursEstimator

__all__ = [
    "ENTRY_POINT_GROUP",
    "ConversationTime",
    "Ensemble",
    "Estimator",
    "InterpreterFees",
    "OneOffCost",
    "ReportedSpending",
    "StaffAllocation",
    "Sum",
    "TotalHoursEstimator",
    "available",
    "get",
]

ENTRY_POINT_GROUP = "repatcost.estimators"

BUILTIN: dict[str, type[Estimator]] = {
    cls.name: cls
    for cls in (ConversationTime, InterpreterFees, OneOffCost, ReportedSpending,
                StaffAllocation, TotalHoursEstimator)
}


def _plugins() -> dict[str, type[Estimator]]:
    found: dict[str, type[Estimator]] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in BUILTIN:
            continue  # a plugin cannot shadow a built-in
        cls = point.load()
        if isinstance(cls, type) and issubclass(cls, Estimator):
            found[point.name] = cls
    return found


def available() -> tuple[str, ...]:
    """Names of every registered estimator (built-in and plugins), sorted."""
    return tuple(sorted(BUILTIN | _plugins()))


def get(name: str) -> type[Estimator]:
    """The estimator class registered as ``name``."""
    if name in BUILTIN:
        return BUILTIN[name]
    plugins = _plugins()
    if name in plugins:
        return plugins[name]
    raise fail("estimators", "name", name, "a registered estimator: " + ", ".join(available()))
