"""The population a national estimate speaks for: its members, their drivers and its words.

A :class:`Population` is any list of local bodies (municipalities in the broad sense) with an
``id``, a ``name``, an optional ``group`` (a region, say) and one value per *driver* (what cost
scales with between them). The observed municipalities of a study are members; every other
member, including one that reported nothing, is predicted. A domain pack offers the population
its studies stand for (:func:`population_for`); a user's CSV file gives any other
(:func:`repatcost.national_drivers.read_population`).

>>> people = Population(
...     title="three towns", area="the county",
...     members=(Member("1", "A", {"size": 2.0}), Member("2", "B", {"size": 0.0}),
...              Member("3", "C", {"size": 5.0})),
...     drivers=(DriverInfo("size", "residents", "a census", "bigger towns do more"),))
>>> people.driver("size").name, people.total("size"), people.holders("size")
('size', 7.0, 2)
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from repatcost._validators import fail, non_empty_text
from repatcost.tables import Table

if TYPE_CHECKING:
    from repatcost.assumptions import Parameter
    from repatcost.study import Study

__all__ = [
    "DriverInfo",
    "Member",
    "NationalWords",
    "Population",
    "population_data_files",
    "population_for",
    "providers",
    "study_currency",
    "with_pack_defaults",
]


def _frozen_drivers(value: Mapping[str, float]) -> Mapping[str, float]:
    out = {}
    for name, x in value.items():
        number = float(x)
        if not (math.isfinite(number) and number >= 0):
            raise fail("Member", f"drivers[{name!r}]", x, "a finite number >= 0")
        out[str(name)] = number
    return MappingProxyType(out)


def _frozen_text(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


@attrs.frozen
class Member:
    """One body of the population: ``id``, ``name``, its drivers and, per driver, the
    document its value comes from (``sources[driver]``; absent: the driver's own source)."""

    id: str = attrs.field(validator=non_empty_text)
    name: str = attrs.field(validator=non_empty_text)
    drivers: Mapping[str, float] = attrs.field(converter=_frozen_drivers)
    sources: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_text, kw_only=True)
    group: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class DriverInfo:
    """A driver's name, unit, source, why cost might scale with it, and whether it is the
    bounding case (every member alike), shown beside the readings but never as one."""

    name: str = attrs.field(validator=non_empty_text)
    unit: str = attrs.field(validator=non_empty_text)
    source: str = attrs.field(validator=non_empty_text)
    rationale: str = attrs.field(validator=non_empty_text)
    bounding: bool = attrs.field(default=False, kw_only=True)


@attrs.frozen
class NationalWords:
    """The sentences a national report needs from its domain (a pack gives its own)."""

    activity: str = "the activity"
    question: str = "What does the cost scale with between the members?"
    notes: tuple[str, ...] = ()


def _driver_tuple(value: Sequence[DriverInfo]) -> tuple[DriverInfo, ...]:
    return tuple(value)


def _members(value: Sequence[Member]) -> tuple[Member, ...]:
    members = tuple(value)
    if not members:
        raise fail("Population", "members", 0, "at least one member")
    seen: set[str] = set()
    for m in members:
        if m.id in seen:
            raise fail("Population", "members", m.id, "each id once")
        seen.add(m.id)
    return members


@attrs.frozen
class Population:
    """Members with drivers (module docs); ``central`` names the default driver and
    ``fixed_cost`` the fixed part per member that holds the activity (None: no fixed part
    stated, cost proportional to the driver)."""

    title: str = attrs.field(validator=non_empty_text)
    area: str = attrs.field(validator=non_empty_text)
    members: tuple[Member, ...] = attrs.field(converter=_members)
    drivers: tuple[DriverInfo, ...] = attrs.field(converter=_driver_tuple)
    central: str = attrs.field(default="", kw_only=True)
    source: str = attrs.field(default="", kw_only=True)
    currency: str | None = attrs.field(default=None, kw_only=True)
    words: NationalWords = attrs.field(factory=NationalWords, kw_only=True)
    fixed_cost: Parameter | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        names = [d.name for d in self.drivers]
        if not names:
            raise fail("Population", "drivers", 0, "at least one driver")
        for m in self.members:
            if set(m.drivers) != set(names):
                expected = f"a value for each driver of the population ({', '.join(names)})"
                raise fail("Population", f"member {m.id!r}", sorted(m.drivers), expected)
        if self.central and self.central not in names:
            raise fail("Population", "central", self.central, f"one of {', '.join(names)}")

    def driver(self, name: str) -> DriverInfo:
        """The driver called ``name``; an error lists the population's drivers."""
        for d in self.drivers:
            if d.name == name:
                return d
        raise fail("national", "driver", name, f"one of {', '.join(self.driver_names)}")

    @property
    def driver_names(self) -> tuple[str, ...]:
        """The drivers' names, in order."""
        return tuple(d.name for d in self.drivers)

    @property
    def central_driver(self) -> str:
        """The default driver: ``central``, else the first that is not the bounding case."""
        plain = [d.name for d in self.drivers if not d.bounding]
        return self.central or (plain or list(self.driver_names))[0]

    def total(self, name: str) -> float:
        """The driver summed over every member."""
        return math.fsum(m.drivers[name] for m in self.members)

    def holders(self, name: str) -> int:
        """How many members have a driver > 0 (and so hold the activity)."""
        return sum(1 for m in self.members if m.drivers[name] > 0)

    def members_table(self) -> Table:
        """Every member: id, name, group and each driver."""
        names = self.driver_names
        return Table(
            ("id", "name", "group", *names),
            [(m.id, m.name, m.group, *(m.drivers[n] for n in names)) for m in self.members],
            title=self.title,
            notes=(f"Source: {self.source}.",) if self.source else (),
        )

    def drivers_table(self) -> Table:
        """Every member's value of every driver, each row with its document."""
        rows = [
            (m.id, m.name, d.name, m.drivers[d.name], d.unit, m.sources.get(d.name, d.source))
            for d in self.drivers
            for m in self.members
        ]
        return Table(
            ("id", "name", "driver", "value", "unit", "document"),
            rows,
            title=f"Drivers: {self.title}",
            notes=tuple(f"{d.name}: {d.source}. {d.rationale}." for d in self.drivers),
        )


Provider = Callable[["Study"], Population | None]
"""A pack's offer: the population a study stands for, or None when it does not know it."""


def _pack_names(packs: Any) -> list[str]:
    """The subpackages of ``repatcost.packs``: modules pkgutil lists, and folders (a pack
    folder without ``__init__.py`` is a namespace package, which pkgutil does not list)."""
    names = {info.name for info in pkgutil.iter_modules(packs.__path__)}
    for entry in packs.__path__:
        folder = Path(entry)
        if folder.is_dir():
            names |= {p.name for p in folder.iterdir() if p.is_dir() and p.name.isidentifier()}
    return sorted(names)


def providers() -> tuple[Provider, ...]:
    """Every installed pack's population provider: the ``POPULATION`` of each module
    ``repatcost.packs.<pack>.national`` (packs found by scanning ``repatcost.packs``)."""
    try:
        packs = importlib.import_module("repatcost.packs")
    except ModuleNotFoundError:
        return ()
    found: list[Provider] = []
    for pack in _pack_names(packs):
        name = f"{packs.__name__}.{pack}.national"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name not in (name, f"{packs.__name__}.{pack}"):
                raise
            continue
        provider = getattr(module, "POPULATION", None)
        if provider is not None:
            found.append(provider)
    return tuple(found)


def population_for(study: Study) -> Population:
    """The population ``study`` stands for: the one a pack offers for it. This is the one
    seam between the core and the packs' populations (a study's declared pack plugs in here).
    """
    for provider in providers():
        found = provider(study)
        if found is not None:
            return found
    raise fail(
        "national",
        "population",
        None,
        "a population file (--population FILE.csv with id, name and driver columns): no "
        "installed pack knows the municipalities of this study",
    )


def with_pack_defaults(population: Population, study: Study) -> Population:
    """``population`` with what the study's pack states and it does not: the fixed part,
    the currency and the report's sentences (a user's population file states none of
    them; a study without a pack adds nothing)."""
    if population.fixed_cost is not None and population.currency:
        return population
    for provider in providers():
        offered = provider(study)
        if offered is not None:
            return attrs.evolve(
                population,
                fixed_cost=population.fixed_cost or offered.fixed_cost,
                currency=population.currency or offered.currency,
                words=offered.words if population.words == NationalWords() else population.words,
            )
    return population


def population_data_files() -> tuple[Path, ...]:
    """The packs' data files behind their populations (refused as outputs)."""
    files: list[Path] = []
    for provider in providers():
        folder = getattr(provider, "data_folder", None)
        if isinstance(folder, Path) and folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.is_file())
    return tuple(files)


def study_currency(study: Any, population: Population | None = None) -> str:
    """The currency label of a national result: the study's declaration where it has one,
    else the population's pack's, else a plain "currency units". One seam for the core's
    declaration to plug into."""
    declared = getattr(study, "currency", None)
    if isinstance(declared, str) and declared:
        return declared
    if population is not None and population.currency:
        return population.currency
    for provider in providers():
        offered = provider(study)
        if offered is not None and offered.currency:
            return offered.currency
    return "currency units"
