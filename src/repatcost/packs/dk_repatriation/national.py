"""The Danish repatriation pack's national population: the 98 municipalities and their drivers.

Data in ``data/``: ``municipalities.csv`` (code, name, region; Statistics Denmark),
``municipalities.toml`` (the list's source and national counts of persons repatriated, each
with its source) and ``repatriations_2018_2020.csv`` (persons repatriated by municipality,
2018 to August 2020, for the 14 municipalities on page 1 of table 1 of the ministry's answer
to UUI alm. del 2019-20 spm. 453; each row names its document).

Drivers offered (:data:`POPULATION`):

- ``repatriations_2018_2020`` (central): the 14 municipalities' own counts from spm. 453;
  the remaining 582 of the 1,041 persons split evenly over the other 84 municipalities
  (unsourced estimate, said on each such row);
- ``repatriations_2023``: the observed municipalities' own 2023 counts (table 1 of the answer
  to spm. 184), the rest of the national 304 split evenly (unsourced estimate); offered when
  every observed municipality reports 2023;
- ``municipalities``: every municipality alike, the bounding case.

>>> from repatcost.data import bundled_study
>>> people = POPULATION(bundled_study())
>>> len(people.members), people.central_driver, people.total("repatriations_2018_2020")
(98, 'repatriations_2018_2020', 1041.0)
>>> [m.drivers["repatriations_2018_2020"] for m in people.members if m.name == "Vejle"]
[15.0]
"""

from __future__ import annotations

import csv
import functools
import math
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from repatcost._validators import fail
from repatcost.assumptions import Parameter
from repatcost.distributions import PERT
from repatcost.evidence import Repatriations
from repatcost.national_population import DriverInfo, Member, NationalWords, Population

if TYPE_CHECKING:
    from repatcost.study import Study

__all__ = [
    "DATA",
    "FIXED_COST",
    "NAME",
    "POPULATION",
    "WORDS",
    "municipality_codes",
    "national_count",
]

DATA = Path(__file__).with_name("data")
"""The pack's data folder."""

CENTRAL = "repatriations_2018_2020"
EVEN = "unsourced estimate: an even split of the national count less the municipalities listed"

FIXED_COST = Parameter(
    name="national.fixed_cost",
    distribution=PERT(10_000, 25_000, 60_000),
    unit="DKK per municipality per year",
    rationale="the part of a municipality's cost that does not scale with its volume: "
    "keeping up with the rules, setting up the invitations, a contact person and reporting, "
    "about 25 to 135 caseworker hours a year at about 440 DKK per hour; the part scaling "
    "with the driver comes on top, estimated from the observed municipalities",
    source="unsourced estimate",
)
"""The fixed part per municipality that holds conversations (DKK, price year of the study)."""

WORDS = NationalWords(
    activity="the dedicated repatriation-guidance conversations",
    question="What does the cost of the dedicated conversations scale with between "
    "municipalities?",
    notes=(
        "The observed municipalities are the four largest cities, not a random draw; the "
        "interval does not correct for that selection.",
    ),
)


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@functools.cache
def _reference() -> dict[str, Any]:
    return tomllib.loads(_text("municipalities.toml"))


@functools.cache
def _towns() -> tuple[tuple[int, str, str], ...]:
    rows = csv.DictReader(_text(_reference()["municipalities"]["file"]).splitlines())
    return tuple((int(r["code"]), r["name"], r["region"]) for r in rows)


def municipality_codes() -> frozenset[int]:
    """The 98 official codes."""
    return frozenset(code for code, _, _ in _towns())


def national_count(year: int) -> tuple[int, str]:
    """Persons repatriated in the whole country in ``year`` and the count's source."""
    for entry in _reference()["repatriations"]:
        if entry["year"] == year:
            return int(entry["persons"]), str(entry["source"])
    years = ", ".join(str(e["year"]) for e in _reference()["repatriations"])
    raise fail("national", "year", year, f"a year with a bundled count ({years})")


@functools.cache
def _listed() -> dict[int, tuple[float, str]]:
    lines = list(_text("repatriations_2018_2020.csv").splitlines())
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return {int(r["code"]): (float(r["total"]), r["document"]) for r in rows}


def _even(known: dict[int, tuple[float, str]], national: float) -> dict[int, tuple[float, str]]:
    rest = national - math.fsum(v for v, _ in known.values())
    others = [code for code in sorted(municipality_codes()) if code not in known]
    if rest < 0:
        raise fail("national", "national count", national, f">= the listed {national - rest:g}")
    return {**known, **{code: (rest / len(others), EVEN) for code in others}}


def _period() -> tuple[DriverInfo, dict[int, tuple[float, str]]]:
    period = _reference()["period_2018_2020"]
    info = DriverInfo(
        CENTRAL,
        "persons repatriated, 2018 to August 2020",
        f"{period['source']} ({period['address']}); 14 municipalities from table 1, the "
        f"other 84 share the rest evenly (unsourced estimate)",
        "where more people have repatriated, more people are in the target group and more "
        "conversations are held; a proxy, not a count of conversations",
    )
    return info, _even(_listed(), float(period["persons"]))


def _year(study: Study, year: int) -> tuple[DriverInfo, dict[int, tuple[float, str]]] | None:
    own: dict[int, tuple[float, str]] = {}
    for m in study.municipalities:
        found = [r for r in m.records(Repatriations) if r.year == year]
        if not found or not isinstance(m.code, int):
            return None
        own[m.code] = (float(sum(r.persons for r in found)), str(found[0].source))
    persons, source = national_count(year)
    info = DriverInfo(
        f"repatriations_{year}",
        f"persons repatriated in {year}",
        f"observed: each municipality's own report; national {persons}: {source}; the rest "
        "split evenly (unsourced estimate)",
        "the year the costs refer to; only the observed municipalities' own counts are known",
    )
    return info, _even(own, float(persons))


def _alike() -> tuple[DriverInfo, dict[int, tuple[float, str]]]:
    info = DriverInfo(
        "municipalities",
        "municipality",
        "Statistics Denmark's list of 98 municipalities",
        "the bounding case: every municipality costs like a typical observed one, whatever "
        "its size",
        bounding=True,
    )
    return info, dict.fromkeys(municipality_codes(), (1.0, info.source))


NAME = "dk-repatriation"
"""The pack's name, as a scenario chooses it (``domain = "dk-repatriation"``)."""

_UNDECLARED = object()


def _ours(study: Study) -> bool:
    """A study that declares its pack is ours only if it names this one (no pack: not
    ours); a study from before the declaration existed is ours when every municipality is a
    Danish municipality."""
    declared = getattr(study, "domain", _UNDECLARED)
    if declared is not _UNDECLARED:
        return declared == NAME
    return {m.code for m in study.municipalities} <= municipality_codes()


@attrs.frozen
class _Provider:
    """The population for a study whose municipalities are all Danish municipalities."""

    data_folder: Path = DATA

    def __call__(self, study: Study) -> Population | None:
        if not _ours(study):
            return None
        found = [_period(), _year(study, 2023), _alike()]
        drivers = [d for d in found if d is not None]
        members = tuple(
            Member(
                str(code),
                name,
                {info.name: values[code][0] for info, values in drivers},
                sources={info.name: values[code][1] for info, values in drivers},
                group=region,
            )
            for code, name, region in _towns()
        )
        reference = _reference()["municipalities"]
        return Population(
            "Denmark's 98 municipalities",
            "Denmark",
            members,
            tuple(info for info, _ in drivers),
            central=CENTRAL,
            source=f"{reference['source']}. {reference['note']}",
            currency="DKK",
            words=WORDS,
            fixed_cost=FIXED_COST,
        )


POPULATION = _Provider()
"""This pack's population provider (found by :func:`repatcost.national_population.providers`)."""
