"""Domains and plausible bands: what a figure may be, and what it usually is.

A :class:`Domain` is the hard range of a figure (a share lies in [0, 1], hours are > 0): a value
outside it is an error, raised when the record or assumption is built, naming the field, the
value and the domain. Its :class:`Band` is the plausible range, with its source (or the words
"unsourced estimate"): a value outside it is allowed but flagged, by ``repatcost validate`` and
in the estimate report, with a hint at the usual slip (minutes typed as hours).

Where they are declared (one place each):

* evidence fields: :data:`EVIDENCE` below (record class name and field -> domain);
* assumptions: the ``domain`` and ``plausible`` tables of each ``[parameter.NAME]`` in the
  defaults file, carried by :class:`~repatcost.assumptions.Parameter` (an override keeps them).

>>> hours = EVIDENCE["HoursPerConversation", "hours"]
>>> hours.describe()
'a number in (0, 168] (h)'
>>> print(hours.flag("hours_per_conversation", 60))
hours_per_conversation 60 is outside the plausible 0.25-8 h: minutes typed as hours?
>>> hours.flag("hours_per_conversation", 1.5) is None
True
"""

from __future__ import annotations

import math
import sys
from datetime import date
from typing import Any

import attrs

from repatcost.constraints import Constraint, above, at_least, between, fail

__all__ = [
    "EVIDENCE",
    "MAX_MAGNITUDE",
    "MIN_MAGNITUDE",
    "UNSOURCED",
    "Band",
    "Domain",
    "figure",
    "figure_problem",
    "latest_actual_year",
]

UNSOURCED = "unsourced estimate"

MAX_MAGNITUDE = 1e15
"""Largest magnitude any figure or distribution parameter may have: more than any country's
yearly output in any currency in use, and far enough from the float maximum (1.8e308) that
sums and products of draws cannot overflow."""

MIN_MAGNITUDE = sys.float_info.min
"""Smallest magnitude a non-zero figure may have: the smallest normal float (2.2e-308).
Smaller numbers are subnormal (``1e-320``): they carry too few digits to mean anything and
turn a cost into 0 without a word. A product or reciprocal of accepted figures may still
leave the float range; models' outputs are checked for that (:mod:`repatcost._guard`)."""


def figure_problem(value: Any) -> str | None:
    """What a number read from a file should have been, or None when it is fine: the one
    rule for every numeric field of every file (scenarios, assumptions, driver tables).

    A real number (not a boolean), finite, of magnitude at most :data:`MAX_MAGNITUDE` (an
    integer too large for a float included) and, unless zero, at least :data:`MIN_MAGNITUDE`.

    >>> figure_problem(1.5) is None, figure_problem(0) is None
    (True, True)
    >>> figure_problem(10**400)
    'a number of magnitude at most 1e+15'
    >>> figure_problem(1e-320)
    'zero or a number of magnitude at least 2.2e-308 (not subnormal)'
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "a number"
    if isinstance(value, float) and not math.isfinite(value):
        return "a finite number"
    if abs(value) > MAX_MAGNITUDE:
        return f"a number of magnitude at most {MAX_MAGNITUDE:g}"
    if value != 0 and abs(value) < MIN_MAGNITUDE:
        return f"zero or a number of magnitude at least {MIN_MAGNITUDE:.2g} (not subnormal)"
    return None


def figure(value: int | float) -> float:
    """A number accepted by :func:`figure_problem` as a float, ``-0.0`` made ``0.0``.

    >>> figure(-0.0), figure(3)
    (0.0, 3.0)
    """
    return float(value) + 0.0


def latest_actual_year(document: str | None) -> int:
    """The last year actual spending reported in ``document`` can belong to.

    The year of the document's date when a pack knows it
    (:attr:`repatcost.packs.Pack.documents`), else the current year.

    >>> latest_actual_year("UIM answer to UUI alm. del spm. 184, 22 Feb 2024")
    2024
    """
    from repatcost.packs import document_date

    known = None if document is None else document_date(document)
    return (known or date.today()).year


def _g(value: float) -> str:
    return f"{value:,.6g}" if abs(value) >= 1e4 else f"{value:g}"


@attrs.frozen
class Band:
    """A plausible range ``[low, high]`` with its source and the usual slip on each side."""

    low: float
    high: float
    source: str = UNSOURCED
    hint_low: str = ""
    hint_high: str = ""

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise fail(self, "high", self.high, f"a finite number >= low ({self.low!r})")


@attrs.frozen
class Domain:
    """A hard range, open or closed at each end, with a unit and a plausible :class:`Band`.

    The range is checked by a :mod:`repatcost.constraints` constraint (:attr:`constraint`),
    so its words and its test are the house vocabulary's.
    """

    low: float = -MAX_MAGNITUDE
    high: float = MAX_MAGNITUDE
    low_open: bool = False
    high_open: bool = False
    unit: str = ""
    plausible: Band | None = None

    @property
    def constraint(self) -> Constraint[float]:
        """The constraint of the hard range (one-sided when ``high`` is the largest figure)."""
        unit = f"({self.unit})" if self.unit else ""
        if self.high >= MAX_MAGNITUDE and not self.high_open:
            side = above if self.low_open else at_least
            return side(self.low, name="domain", unit=unit)
        return between(
            self.low,
            self.high,
            open_low=self.low_open,
            open_high=self.high_open,
            name="domain",
            unit=unit,
        )

    def contains(self, value: float) -> bool:
        """True when ``value`` is a finite real number inside the domain (and not huge)."""
        return self.constraint.accepts(value) and abs(value) <= MAX_MAGNITUDE

    def describe(self) -> str:
        """The domain in words, e.g. ``'a number in [0, 1] (share)'``."""
        return self.constraint.expectation

    def check(self, owner: Any, field: str, value: Any) -> None:
        """Raise the house error naming ``field``, ``value`` and the domain when outside."""
        if not self.contains(value):
            raise fail(owner, field, value, self.describe())

    def check_range(self, owner: Any, field: str, value: Any, low: float, high: float) -> None:
        """Raise when a range ``[low, high]`` (a distribution's bounds) leaves the domain."""
        if not (self.contains(low) and self.contains(high)):
            span = f"range {_g(low)} to {_g(high)}" if low != high else f"value {_g(low)}"
            raise fail(owner, field, value, f"{self.describe()}; its {span} is not")

    def flag(self, name: str, low: float, high: float | None = None) -> str | None:
        """Words for a value (or range ``low``-``high``) outside the plausible band, else None."""
        band = self.plausible
        high = low if high is None else high
        if band is None or (band.low <= low and high <= band.high):
            return None
        shown = _g(low) if low == high else f"{_g(low)}-{_g(high)}"
        hint = band.hint_high if high > band.high else band.hint_low
        unit = f" {self.unit}" if self.unit else ""
        text = f"{name} {shown} is outside the plausible {_g(band.low)}-{_g(band.high)}{unit}"
        return text + (f": {hint}" if hint else "")

    def __call__(self, inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        """attrs validator: check ``attribute`` of ``inst`` against this domain."""
        self.check(inst, attribute.name, value)

    def optional(self) -> Any:
        """An attrs validator that accepts None or a value in this domain."""

        def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if value is not None:
                self.check(inst, attribute.name, value)

        return validate


_POPULATION = 6_000_000.0
_TARGET_GROUP = Band(
    0.0,
    64_100.0,
    "integration barometer, 'repatriering': the target group of the systematic guidance duty "
    "was about 64,100 persons aged 18 or over in 2019 (the whole country)",
    hint_high="more than the whole national target group: a typo, or a national figure?",
)
_HOURS_BAND = Band(
    0.25,
    8.0,
    "unsourced estimate; the source's figures are 1.5 h (Aarhus) and 2 h (Aalborg)",
    hint_low="under a quarter of an hour including preparation: hours typed as days?",
    hint_high="minutes typed as hours?",
)

EVIDENCE: dict[tuple[str, str], Domain] = {
    ("ConversationCount", "value"): Domain(
        0.0, _POPULATION, unit="persons or conversations", plausible=_TARGET_GROUP
    ),
    ("Spending", "amount"): Domain(
        0.0,
        MAX_MAGNITUDE,
        unit="money",
        plausible=Band(
            10_000.0,
            50_000_000.0,
            "unsourced estimate around København's DKK 0.8-1.4 million a year (question 184, "
            "section 3)",
            hint_low="thousands or millions typed as single units of money?",
            hint_high="more than 35 times København's spending: an amount in the smallest "
            "coin (øre, pence, cents)?",
        ),
    ),
    ("HoursPerConversation", "hours"): Domain(
        0.0, 168.0, low_open=True, unit="h", plausible=_HOURS_BAND
    ),
    ("StaffYears", "value"): Domain(
        0.0,
        10_000.0,
        unit="staff-years",
        plausible=Band(
            0.0,
            25.0,
            "unsourced estimate; Odense set aside one staff-year (question 184, section 3)",
            hint_high="hours typed as staff-years?",
        ),
    ),
    ("TotalHours", "hours"): Domain(
        0.0,
        10_000.0 * 8_784.0,
        unit="hours",
        plausible=Band(
            0.0,
            40_000.0,
            "unsourced estimate: about 25 staff-years; Aalborg reported 240 hours (section 3)",
            hint_high="minutes typed as hours?",
        ),
    ),
    ("Repatriations", "persons"): Domain(
        0.0,
        _POPULATION,
        unit="persons",
        plausible=Band(
            0.0,
            502.0,
            "integration barometer: 502 persons were repatriated from the whole country in "
            "2019, the most of 2019-2023",
            hint_high="more than the whole country in any recent year",
        ),
    ),
    ("OneOff", "amount"): Domain(0.0, MAX_MAGNITUDE, unit="money"),
    ("Volume", "value"): Domain(0.0, MAX_MAGNITUDE, unit="units"),
    ("EffortPerUnit", "hours"): Domain(0.0, 10_000.0, low_open=True, unit="h"),
    ("CostPerUnit", "amount"): Domain(0.0, MAX_MAGNITUDE, unit="money"),
    ("OneOff", "hours"): Domain(0.0, 10_000.0 * 8_784.0, unit="hours"),
}
"""Record class name and field -> its domain and plausible band."""

MIN_PERIOD_DAYS = 28
"""A count or total over a shorter period than this (a month) is refused: annualising it would
multiply a few days' figure by a large factor."""
