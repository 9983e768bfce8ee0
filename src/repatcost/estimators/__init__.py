"""Estimator strategies and their registry.

Built-in strategies register by name; third-party estimators register under the entry-point
group ``repatcost.estimators`` (name = registry name, value = ``module:Class``), for example
in the plugin's ``pyproject.toml``::

    [project.entry-points."repatcost.estimators"]
    written_invitations = "repatcost_letters:WrittenInvitations"

A plugin cannot shadow a built-in name. Plugins are imported only when listed or asked for;
one that fails to import is left out of :func:`available` with a warning and reported with
its error by :func:`get`.

The pieces an estimator is written with are exported here too: :class:`Part` and the
standard parts (:func:`own`, :func:`shared`, :func:`hourly`, :func:`per_year`, ...),
:func:`require` for the evidence it needs, and :func:`cost_model` to build the model
(``docs/extending.md`` writes one).

Estimators of the built-in domain packs (:mod:`repatcost.packs`) are found by name like the
core's own.

>>> {"reported_spending", "staff_allocation"} <= set(available())
True
>>> get("staff_allocation")
<class 'repatcost.estimators.staff_allocation.StaffAllocation'>
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from repatcost._validators import fail
from repatcost.errors import InvalidValueError
from repatcost.estimators.base import Estimator, optional, require, require_all
from repatcost.estimators.builder import cost_model
from repatcost.estimators.combinators import Sum
from repatcost.estimators.ensemble import Ensemble
from repatcost.estimators.one_off import OneOffCost
from repatcost.estimators.parts import (
    Part,
    assumed,
    counted_volume,
    effort_per_unit,
    hourly,
    own,
    per_year,
    positive,
    price_factor,
    shared,
    staff_year,
    volume,
)
from repatcost.estimators.reported_spending import ReportedSpending
from repatcost.estimators.staff_allocation import StaffAllocation
from repatcost.estimators.total_hours import TotalHoursEstimator
from repatcost.estimators.unit_cost import UnitCost, UnitTime

if TYPE_CHECKING:
    from collections.abc import Iterable
    from importlib.metadata import EntryPoint

__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "Ensemble",
    "Estimator",
    "OneOffCost",
    "Part",
    "ReportedSpending",
    "StaffAllocation",
    "Sum",
    "TotalHoursEstimator",
    "UnitCost",
    "UnitTime",
    "assumed",
    "available",
    "cost_model",
    "counted_volume",
    "effort_per_unit",
    "get",
    "hourly",
    "optional",
    "own",
    "per_year",
    "positive",
    "price_factor",
    "require",
    "require_all",
    "shared",
    "staff_year",
    "volume",
]

ENTRY_POINT_GROUP = "repatcost.estimators"

BUILTIN: dict[str, type[Estimator]] = {
    cls.name: cls
    for cls in (
        OneOffCost,
        ReportedSpending,
        StaffAllocation,
        TotalHoursEstimator,
        UnitCost,
        UnitTime,
    )
}
"""The core's estimators by registry name (packs' and plugins' are found by :func:`available`)."""


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here (:func:`repatcost.packs.moved`)."""
    from repatcost.packs import moved

    return moved(__name__, name)


def _builtins() -> dict[str, type[Estimator]]:
    """The core's estimators and those of the built-in packs."""
    from repatcost.packs import builtin_estimators

    return {**builtin_estimators(), **BUILTIN}


def entry_points(*, group: str) -> Iterable[EntryPoint]:
    """``importlib.metadata.entry_points(group=group)``, imported when plugins are looked
    for: importlib.metadata (with the email package) is slow to import."""
    from importlib.metadata import entry_points as installed

    return installed(group=group)


def _entry_points(name: str | None = None) -> list[EntryPoint]:
    found = entry_points(group=ENTRY_POINT_GROUP)
    known = _builtins()
    return [p for p in found if p.name not in known and (name is None or p.name == name)]


def _load(point: EntryPoint) -> type[Estimator]:
    """The class an entry point names; an error naming the plugin if it is not one."""
    where = f"{point.name} = {point.value!r}"
    try:
        cls = point.load()
    except Exception as err:
        raise fail(
            "estimators",
            "plugin",
            where,
            f"an entry point that imports ({type(err).__name__}: {err})",
        ) from err
    if not (isinstance(cls, type) and issubclass(cls, Estimator)):
        raise fail(
            "estimators",
            "plugin",
            where,
            "an entry point naming a subclass of repatcost.estimators.Estimator",
        )
    return cls


def _plugins() -> dict[str, type[Estimator]]:
    found: dict[str, type[Estimator]] = {}
    for point in _entry_points():
        try:
            found.setdefault(point.name, _load(point))
        except InvalidValueError as err:
            warnings.warn(
                f"repatcost: estimator plugin left out: {err}", RuntimeWarning, stacklevel=3
            )
    return found


def available() -> tuple[str, ...]:
    """Names of every registered estimator (built-in and plugins), sorted."""
    return tuple(sorted(_builtins() | _plugins()))


def get(name: str) -> type[Estimator]:
    """The estimator class registered as ``name``.

    Raises :class:`~repatcost.errors.InvalidValueError` listing the registered names when
    none has that name, or naming the plugin when it fails to load.

    >>> get("guesswork")
    Traceback (most recent call last):
    ...
    repatcost.errors.InvalidValueError: The 'name' parameter of estimators must be a ...
    """
    known = _builtins()
    if isinstance(name, str) and name in known:
        return known[name]
    points = _entry_points(name) if isinstance(name, str) else []
    if points:
        if len({p.value for p in points}) > 1:
            raise fail(
                "estimators",
                "name",
                name,
                "registered by one plugin only; found " + ", ".join(repr(p.value) for p in points),
            )
        return _load(points[0])
    raise fail("estimators", "name", name, "a registered estimator: " + ", ".join(available()))
