"""Reference data for national estimates: Denmark's 98 municipalities and national counts.

Packaged in ``data/municipalities.csv`` (code, name, region) and ``data/municipalities.toml``
(the list's source, national repatriations by year with their sources). Nothing here is a
per-municipality figure: per-municipality drivers come from the user's file
(:mod:`repatcost.national_drivers`).

>>> towns = municipalities()
>>> len(towns), towns[0].name, towns[0].region
(98, 'København', 'Region Hovedstaden')
>>> national_repatriations(2023).persons
304
"""

from __future__ import annotations

import csv
import functools
import tomllib
from importlib import resources
from typing import Any

import attrs

from repatcost._validators import fail, non_empty_text
from repatcost.tables import Table

__all__ = [
    "MunicipalityInfo",
    "NationalCount",
    "municipalities",
    "municipalities_source",
    "municipalities_table",
    "municipality_by_code",
    "national_repatriations",
]


@attrs.frozen
class MunicipalityInfo:
    """One of Denmark's municipalities: official code, name and region."""

    code: int
    name: str = attrs.field(validator=non_empty_text)
    region_code: int
    region: str = attrs.field(validator=non_empty_text)


@attrs.frozen
class NationalCount:
    """A whole-country count (e.g. persons repatriated in ``year``) with its source."""

    year: int
    persons: int
    source: str = attrs.field(validator=non_empty_text)


def _read_text(name: str) -> str:
    return (resources.files("repatcost") / "data" / name).read_text(encoding="utf-8")


@functools.cache
def _reference() -> dict[str, Any]:
    return tomllib.loads(_read_text("municipalities.toml"))


@functools.cache
def municipalities() -> tuple[MunicipalityInfo, ...]:
    """The 98 municipalities in code order (Statistics Denmark's classification)."""
    rows = csv.DictReader(_read_text(_reference()["municipalities"]["file"]).splitlines())
    return tuple(
        MunicipalityInfo(int(r["code"]), r["name"], int(r["region_code"]), r["region"])
        for r in rows
    )


def municipalities_source() -> str:
    """Where the list of municipalities comes from."""
    return str(_reference()["municipalities"]["source"])


def municipality_by_code(code: int) -> MunicipalityInfo:
    """The municipality with official ``code`` (e.g. 751 for Aarhus).

    >>> municipality_by_code(751).name
    'Aarhus'
    """
    for town in municipalities():
        if town.code == code:
            return town
    raise fail("municipality_by_code", "code", code, "one of the 98 official municipality codes")


def national_repatriations(year: int) -> NationalCount:
    """Persons repatriated in the whole country in ``year``, with its source."""
    counts = [NationalCount(**entry) for entry in _reference()["repatriations"]]
    for count in counts:
        if count.year == year:
            return count
    years = ", ".join(str(c.year) for c in counts)
    raise fail("national_repatriations", "year", year, f"a year with a bundled count ({years})")


def municipalities_table() -> Table:
    """The 98 municipalities as a table (``repatcost data --municipalities``)."""
    reference = _reference()["municipalities"]
    return Table(
        ("code", "name", "region_code", "region"),
        [(t.code, t.name, t.region_code, t.region) for t in municipalities()],
        title="Denmark's 98 municipalities",
        notes=(f"Source: {reference['source']}.", reference["note"]),
    )
