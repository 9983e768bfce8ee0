"""What a study declares about itself: the words and units every output is built from.

A study names its currency (an ISO 4217 code), its unit of activity (``"request"``,
``"case"``) and, where it has them, an outcome to divide by (``"person helped"``), the funnel
of stages its unit passes through (received -> answered) and a price index (a named,
sourced series). The core names no currency, activity or country of its own: every label,
table header and caveat is made here from these declarations, so a study in GBP never
prints another currency and a study without an outcome never speaks of one. A domain pack
(:mod:`repatcost.packs`) brings its own declarations and the sentences about its source.

>>> d = Declarations(currency="GBP", unit="request", funnel=("received", "answered"))
>>> d.per_unit, d.volume, d.counted
('cost_per_request', 'requests', 'request answered')
>>> d.money("per year")
'GBP per year'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from repatcost._validators import fail, non_empty_text
from repatcost.constraints import YEAR

__all__ = ["Declarations", "PriceIndex", "slug"]

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def slug(text: str) -> str:
    """``text`` as a name part: lower case, runs of other characters as one ``_``.

    >>> slug("Person helped")
    'person_helped'
    """
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _currency(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _CURRENCY.match(value):
        raise fail(inst, attribute.name, value, "an ISO 4217 currency code such as 'GBP'")


def _index_values(value: Any) -> Any:
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


def _check_index(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping) or not value:
        raise fail(inst, attribute.name, value, "a non-empty table of year = index value")
    for year, level in value.items():
        if not YEAR.accepts(year):
            raise fail(inst, attribute.name, year, "years (whole numbers 1900-2200) as keys")
        if isinstance(level, bool) or not isinstance(level, int | float) or not level > 0:
            raise fail(inst, f"{attribute.name}.{year}", level, "a positive finite number")


@attrs.frozen
class PriceIndex:
    """A named, sourced price index: year -> level (any base).

    >>> index = PriceIndex("CPI", "ONS series D7BT", {2022: 0.96, 2023: 1.0})
    >>> round(index.factor(2022, 2023), 4)
    1.0417
    """

    name: str = attrs.field(validator=non_empty_text)
    source: str = attrs.field(validator=non_empty_text)
    values: Mapping[int, float] = attrs.field(converter=_index_values, validator=_check_index)

    def factor(self, year: int, to: int) -> float:
        """What one unit of money of ``year`` is worth in money of ``to``."""
        for wanted in (year, to):
            if wanted not in self.values:
                known = ", ".join(str(y) for y in sorted(self.values))
                raise fail(self, "year", wanted, f"a year of the index {self.name!r} ({known})")
        return float(self.values[to]) / float(self.values[year])


def _texts(value: Any) -> Any:
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


def _stages(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_stages(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v for v in value):
        raise fail(inst, attribute.name, value, "a list of stage names (non-empty strings)")
    if len(set(value)) != len(value):
        raise fail(inst, attribute.name, list(value), "distinct stage names")


@attrs.frozen
class Declarations:
    """A study's currency, unit of activity, outcome, funnel and price index.

    Attributes:
        currency: ISO 4217 code of every amount (at the price year).
        unit: the unit of activity, singular (``"request"``).
        unit_plural: its plural (default: ``unit + "s"``).
        outcome: what a cost may be divided by besides the unit (``"person helped"``), or
            None: then no output or sentence speaks of an outcome.
        outcome_plural: its plural (default: ``outcome + "s"``).
        outcome_key: the name part of the ratio (``cost_per_{outcome_key}``).
        attributed_key: the name part of the ratio by an attribution share.
        funnel: the ordered stages of the unit (received -> answered); the last is the one
            a cost per unit counts.
        price_index: the index that moves money between years, or None.
        domain: the name of the pack these declarations come from, or None.
        texts: sentences about the source by name (``ratio_caveat``, ``outcome_intro``),
            given by a pack or a scenario; the core's general wording is used otherwise.
    """

    currency: str = attrs.field(validator=_currency)
    unit: str = attrs.field(default="unit", validator=non_empty_text)
    unit_plural: str = attrs.field(validator=non_empty_text)
    outcome: str | None = attrs.field(default=None)
    outcome_plural: str | None = attrs.field()
    outcome_key: str | None = attrs.field()
    attributed_key: str | None = attrs.field()
    funnel: tuple[str, ...] = attrs.field(default=(), converter=_stages, validator=_check_stages)
    price_index: PriceIndex | None = attrs.field(default=None)
    domain: str | None = attrs.field(default=None)
    texts: Mapping[str, str] = attrs.field(factory=dict, converter=_texts)

    @unit_plural.default
    def _plural(self) -> str:
        return f"{self.unit}s"

    @outcome_plural.default
    def _outcome_plural(self) -> str | None:
        return None if self.outcome is None else f"{self.outcome}s"

    @outcome_key.default
    def _outcome_key(self) -> str | None:
        return None if self.outcome is None else slug(self.outcome)

    @attributed_key.default
    def _attributed_key(self) -> str | None:
        return None if self.outcome_key is None else f"attributed_{self.outcome_key}"

    @property
    def volume(self) -> str:
        """The name of the quantity that counts units (``"requests"``)."""
        return slug(self.unit_plural)

    @property
    def per_unit(self) -> str:
        """The name of the cost per unit output (``"cost_per_request"``)."""
        return f"cost_per_{slug(self.unit)}"

    @property
    def per_outcome(self) -> str | None:
        """The name of the cost per outcome output, None without an outcome."""
        return None if self.outcome_key is None else f"cost_per_{self.outcome_key}"

    @property
    def per_attributed(self) -> str | None:
        """The name of the cost per attributed outcome output, None without an outcome."""
        return None if self.attributed_key is None else f"cost_per_{self.attributed_key}"

    @property
    def counted(self) -> str:
        """The unit at the funnel's last stage (``"request answered"``), else the unit."""
        return f"{self.unit} {self.funnel[-1]}" if self.funnel else self.unit

    @property
    def counted_plural(self) -> str:
        """:attr:`counted` in the plural (``"requests answered"``)."""
        return f"{self.unit_plural} {self.funnel[-1]}" if self.funnel else self.unit_plural

    def money(self, per: str = "") -> str:
        """The money unit, e.g. ``'GBP per year'``."""
        return f"{self.currency} {per}" if per else self.currency

    def text(self, name: str, default: str) -> str:
        """The declared sentence ``name``, else ``default`` (the core's general wording)."""
        return self.texts.get(name, default)

    @property
    def ratio_caveat(self) -> str:
        """How not to read a cost per outcome."""
        return self.text(
            "ratio_caveat",
            f"a ratio, not an effect: nothing in the data says the {self.unit_plural} caused "
            f"the {self.outcome_plural or 'outcomes'}",
        )
