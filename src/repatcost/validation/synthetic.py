"""Synthetic municipalities: a known true cost, reported partially, in the source's four styles.

The generative model is the Bayesian-consistent one, so that an estimator whose assumptions
equal it has intervals that cover the truth at exactly their nominal rate:

1. **Reports first.** What a municipality will say is drawn from a *reporting prior* (the grids
   in the table below): "DKK 0.8 million", "about 2 hours", "194 persons took part", ...
2. **Truth given the reports.** Each reported figure's true value is drawn from its qualifier's
   law around the report; every driver nobody reports (wage cost, overhead, productive hours,
   interpreter share, fee and meeting length, show-up rate, conversations per person, wage
   growth) is drawn from its assumption distribution, the prior that no report informs.
3. **True cost by this module's own arithmetic**, not by the estimators' functions.

The joint law of (report, truth) then makes *truth given report* exactly the distribution the
library samples: the qualifier laws below are the documented rules of
:class:`~repatcost.qualifiers.QualifierMapping` (rounded to p: uniform on the rounding cell;
"about": PERT(v(1 - s), v, v(1 + s)); "cautious": PERT(v(1 - d), v, v(1 + u))), re-implemented
here on ``numpy`` directly, as are the conversion chains (show-up, conversations per person,
annualisation, hourly cost, staff-year cost, interpreter billing, price-year factor). For
rounded money the same law also reads forwards: a true amount spread evenly over whole
rounding cells and reported rounded has exactly a uniform truth given the report.

==================  =======================================================================
style               what is reported (reporting prior)
==================  =======================================================================
spending            actual spending k x DKK 0.1 million (k = 3..20), rounded to 0.1 million,
                    in the price year or the year before (København)
conversation_time   a count (called in, took part or held; 40-800; over 0.5, 1 or 1.5
                    years) and hours per conversation (1-3, "about" or "cautious"); half of
                    them also a one-off (about 40-300 hours, or DKK 50,000-300,000 rounded
                    to 50,000) (Aarhus); priced with interpreter fees
staff_allocation    0.5, 1, 1.5, 2 or 3 staff-years, exact or "about" (Odense)
total_hours         total hours 100-1,000 (multiples of 10), "about", over 0.5, 1 or 1.5
                    years, sometimes with a count of conversations held (Aalborg)
==================  =======================================================================

A :class:`TruthLaw` can deliberately differ from the estimator's assumptions (spreads widened
about the mode) to study misspecification.

>>> [m.style for m in generate("staff_allocation", 2, seed=1)]
['staff_allocation', 'staff_allocation']
>>> study = generate_studies(1, seed=1)[0]
>>> [m.municipality.key for m in study.members]
['spending', 'conversation_time', 'staff_allocation', 'total_hours']
>>> round(study.true_cost) == round(sum(m.true_cost for m in study.members))
True
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from repatcost import estimators
from repatcost._validators import fail, gt
from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.constraints import REPEATABLE_SEED, SHARE, count
from repatcost.distributions import FloatArray
from repatcost.estimators import Estimator, Sum
from repatcost.evidence import (
    Activity,
    ConversationCount,
    Evidence,
    HoursPerConversation,
    Measure,
    Municipality,
    OneOff,
    Period,
    Source,
    Spending,
    StaffYears,
    TotalHours,
)
from repatcost.packs.dk_repatriation.conversation_time import ConversationTime
from repatcost.packs.dk_repatriation.fees import InterpreterFees, billed_hours
from repatcost.qualifiers import Qualifier, QualifierMapping
from repatcost.study import Study

__all__ = [
    "STYLES",
    "Style",
    "SyntheticMunicipality",
    "SyntheticStudy",
    "TruthLaw",
    "generate",
    "generate_studies",
]

Style = Literal["spending", "conversation_time", "staff_allocation", "total_hours"]
STYLES: tuple[Style, ...] = typing.get_args(Style)
"""The four reporting styles of the source (København, Aarhus, Odense, Aalborg)."""

Seed = int | np.random.Generator
Wrap = Callable[[Estimator], Estimator]

SOURCE = Source(section="synthetic", document="repatcost.validation synthetic municipality")

_PERIODS: tuple[tuple[Period, float], ...] = (
    (Period(date(2023, 1, 1), date(2024, 1, 1)), 1.0),
    (Period(date(2022, 9, 1), date(2023, 9, 1)), 1.0),
    (Period(date(2023, 1, 1), date(2023, 7, 1)), 0.5),
    (Period(date(2022, 7, 1), date(2024, 1, 1)), 1.5),
)
"""Reporting periods and their length in years, stated here independently of Period.years."""

_LIMITS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "overhead_share": (0.0, 1.0),
        "interpreter_share": (0.0, 1.0),
        "show_up_rate": (0.0, 1.0),
        "distinct_invitation_share": (0.0, 1.0),
        "conversations_per_person": (1.0, math.inf),
        "wage_growth": (-1.0, math.inf),
    }
)
"""Natural limits a widened truth law is cut at (default: 0 to infinity)."""


def _generator(seed: Seed, owner: str) -> np.random.Generator:
    seed = REPEATABLE_SEED.check(owner, "seed", seed)
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(int(seed))


def _count(owner: str, n: Any) -> int:
    return count(minimum=1).check(owner, "n", n)


def _pert(
    rng: np.random.Generator,
    low: Any,
    mode: Any,
    high: Any,
    shape: float = 4.0,
    size: int | None = None,
) -> FloatArray:
    """Beta-PERT draws, written out here (not via :class:`repatcost.distributions.PERT`)."""
    low, mode, high = np.asarray(low, float), np.asarray(mode, float), np.asarray(high, float)
    width = high - low
    a = 1.0 + shape * (mode - low) / width
    b = 1.0 + shape * (high - mode) / width
    return np.asarray(low + width * rng.beta(a, b, size), dtype=np.float64)


_ThreePoint = Callable[[np.random.Generator, float, Mapping[str, Any], float, int], FloatArray]

_THREE_POINT: Mapping[str, _ThreePoint] = MappingProxyType(
    {
        "uniform": lambda rng, low, table, high, n: rng.uniform(low, high, n),
        "triangular": lambda rng, low, table, high, n: rng.triangular(low, table["mode"], high, n),
        "pert": lambda rng, low, table, high, n: _pert(
            rng, low, table["mode"], high, table["shape"], n
        ),
    }
)
"""Truth draws for range-given shapes, by ``kind``: the same shape (mode, PERT shape) on the
widened range, written out here so that a bug in the library's sampling cannot hide."""


@attrs.frozen
class TruthLaw:
    """The law the truth is drawn from; by default exactly the estimator's assumptions.

    Attributes:
        assumptions: distributions of the drivers nobody reports (shared assumptions).
        qualifiers: what "rounded", "about" and "cautious" mean for the truth (default: the
            assumptions' own mapping).
        assumption_spread: factor on the spread of every assumption about its mode (PERT,
            triangular) or centre (uniform), cut at natural limits (shares in [0, 1]).
        report_spread: factor on the spread of every reported figure's truth about the report.

    >>> law = TruthLaw(assumption_spread=2.0)
    >>> low, high = law.bounds("overhead_share")
    >>> round(low, 2), round(high, 2)
    (0.0, 0.5)
    """

    assumptions: Assumptions = attrs.field(
        factory=default_assumptions, validator=attrs.validators.instance_of(Assumptions)
    )
    qualifiers: QualifierMapping = attrs.field(
        kw_only=True, validator=attrs.validators.instance_of(QualifierMapping)
    )
    assumption_spread: float = attrs.field(default=1.0, validator=gt(0.0), kw_only=True)
    report_spread: float = attrs.field(default=1.0, validator=gt(0.0), kw_only=True)

    @qualifiers.default
    def _default_qualifiers(self) -> QualifierMapping:
        return self.assumptions.qualifiers

    def bounds(self, name: str) -> tuple[float, float]:
        """The truth's range for the assumption ``name`` (after widening)."""
        dist = self.assumptions.distribution(name)
        centre = dist.centre
        low, high = dist.bounds
        k = self.assumption_spread
        lim_low, lim_high = _LIMITS.get(name, (0.0, math.inf))
        return (
            max(lim_low, centre - k * (centre - low)),
            min(lim_high, centre + k * (high - centre)),
        )

    def draw_assumption(self, name: str, rng: np.random.Generator, n: int) -> FloatArray:
        """``n`` true values of the assumption ``name``."""
        dist = self.assumptions.distribution(name)
        low, high = self.bounds(name)
        if dist.is_degenerate or low == high:
            return np.full(n, dist.bounds[0])
        table = dist.to_table()
        if dist.kind in _THREE_POINT:
            return _THREE_POINT[dist.kind](rng, low, table, high, n)
        # Other shapes: inverse CDF, stretched about the centre and cut at the limits.
        centre = dist.centre
        stretched = centre + self.assumption_spread * (dist.ppf(rng.random(n)) - centre)
        return np.clip(stretched, low, high)

    def draw_assumptions(self, rng: np.random.Generator, n: int) -> dict[str, FloatArray]:
        """``n`` true values of every assumption, in sorted name order."""
        return {name: self.draw_assumption(name, rng, n) for name in sorted(self.assumptions)}

    def draw_reported(
        self,
        reported: npt.ArrayLike,
        qualifier: Qualifier,
        rng: np.random.Generator,
        *,
        precision: float | None = None,
    ) -> FloatArray:
        """True values of figures ``reported`` with ``qualifier`` (the qualifier's law)."""
        values = np.asarray(reported, dtype=np.float64)
        k = self.report_spread
        if qualifier is Qualifier.EXACT:
            return values.copy()
        if qualifier is Qualifier.ROUNDED:
            if precision is None or not precision > 0:
                raise fail(self, "precision", precision, "> 0 for a rounded figure")
            half = k * precision / 2.0
            return rng.uniform(np.maximum(0.0, values - half), values + half)
        if qualifier is Qualifier.APPROXIMATE:
            below = above = self.qualifiers.approximate_spread
        else:
            below, above = self.qualifiers.cautious_below, self.qualifiers.cautious_above
        low = values * np.maximum(0.0, 1.0 - k * below)
        return _pert(rng, low, values, values * (1.0 + k * above))


def _frozen_floats(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({str(k): float(v) for k, v in value.items()})


@attrs.frozen(eq=False)
class SyntheticMunicipality:
    """One synthetic municipality: its evidence, the estimator to use and its true cost.

    Attributes:
        style: its reporting style (one of :data:`STYLES`).
        municipality: what it reported.
        estimator: the library estimator its evidence calls for.
        true_cost: the true cost in DKK at the price year (recurring plus any one-off).
        truth: the true cost structure (conversations held, hours, hourly cost, ...).
    """

    style: Style
    municipality: Municipality
    estimator: Estimator
    true_cost: float
    truth: Mapping[str, float] = attrs.field(converter=_frozen_floats)

    @property
    def members(self) -> tuple[SyntheticMunicipality, ...]:
        """Itself, so a municipality and a study can be treated alike."""
        return (self,)

    def study(self, assumptions: Assumptions, wrap: Wrap | None = None) -> Study:
        """A one-municipality study of it (``wrap`` replaces the estimator by
        ``wrap(estimator)``, e.g. a deliberately broken one)."""
        return _study(self.members, assumptions, wrap)


@attrs.frozen(eq=False)
class SyntheticStudy:
    """Synthetic municipalities, one per style, sharing one truth of the shared drivers."""

    members: tuple[SyntheticMunicipality, ...] = attrs.field(converter=tuple)

    @property
    def true_cost(self) -> float:
        """The true total cost."""
        return math.fsum(m.true_cost for m in self.members)

    def study(self, assumptions: Assumptions, wrap: Wrap | None = None) -> Study:
        """A study of all members (see :meth:`SyntheticMunicipality.study`)."""
        return _study(self.members, assumptions, wrap)


def _study(
    members: Sequence[SyntheticMunicipality], assumptions: Assumptions, wrap: Wrap | None
) -> Study:
    def chosen(m: SyntheticMunicipality) -> Estimator:
        return m.estimator if wrap is None else wrap(m.estimator)

    return Study(
        [m.municipality for m in members],
        assumptions,
        estimators={m.municipality.key: chosen(m) for m in members},
        title="synthetic study",
    )


@attrs.frozen
class _Batch:
    """n municipalities of one style, before they become records."""

    evidence: Sequence[tuple[Evidence, ...]]
    estimators: Sequence[Estimator]
    cost: FloatArray
    truth: dict[str, FloatArray]


@attrs.frozen
class _Draw:
    """What every style's generator draws from: how many, the stream, the truth's law, the
    shared drivers' true values and the style's options."""

    n: int
    rng: np.random.Generator
    law: TruthLaw
    shared: Mapping[str, FloatArray]
    options: Mapping[str, float]


def _hourly(s: Mapping[str, FloatArray]) -> FloatArray:
    return s["wage_cost"] * (1.0 + s["overhead_share"]) / s["productive_hours"]


def _spending(d: _Draw) -> _Batch:
    n, rng, law, s = d.n, d.rng, d.law, d.shared
    price_year = law.assumptions.price_year
    reported = rng.integers(3, 21, n) * 100_000.0
    gap = (rng.random(n) < 0.5).astype(np.int64)
    amount = law.draw_reported(reported, Qualifier.ROUNDED, rng, precision=100_000.0)
    factor = (1.0 + s["wage_growth"]) ** gap
    evidence = [
        (
            Spending(
                amount=float(r),
                year=price_year - int(g),
                kind="actual",
                qualifier=Qualifier.ROUNDED,
                precision=100_000,
                source=SOURCE,
            ),
        )
        for r, g in zip(reported, gap, strict=True)
    ]
    return _Batch(
        evidence,
        [estimators.ReportedSpending()] * n,
        amount * factor,
        {"spending": amount, "price_factor": factor, "wage_growth": s["wage_growth"]},
    )


_MEASURES = (Measure.CALLED_IN, Measure.TOOK_PART, Measure.HELD)


def _conversation_reports(d: _Draw) -> dict[str, Any]:
    """What each municipality reports (drawn in a fixed order: the stream must not move)."""
    n, rng = d.n, d.rng
    return {
        "measure": rng.integers(0, 3, n),
        "count": rng.integers(40, 801, n).astype(np.float64),
        "period": rng.integers(0, len(_PERIODS), n),
        "hours": rng.choice(np.array([1.0, 1.25, 1.5, 2.0, 2.5, 3.0]), n),
        "cautious": rng.random(n) < d.options["cautious_share"],
        "one_off_kind": rng.choice(np.array([0, 0, 1, 2]), n),  # none (half), hours, money
        "one_off_hours": rng.choice(np.array([40.0, 80.0, 150.0, 300.0]), n),
        "one_off_money": rng.integers(1, 7, n) * 50_000.0,
        "one_off_gap": (rng.random(n) < 0.5).astype(np.int64),
    }


def _conversation_truth(d: _Draw, r: Mapping[str, Any]) -> dict[str, FloatArray]:
    """The true quantities behind the reports ``r``, and the true cost."""
    law, rng, s = d.law, d.rng, d.shared
    hours = np.where(
        r["cautious"],
        law.draw_reported(r["hours"], Qualifier.CAUTIOUS, rng),
        law.draw_reported(r["hours"], Qualifier.APPROXIMATE, rng),
    )
    one_off_hours = law.draw_reported(r["one_off_hours"], Qualifier.APPROXIMATE, rng)
    one_off_money = law.draw_reported(
        r["one_off_money"], Qualifier.ROUNDED, rng, precision=50_000.0
    )
    years = np.array([p[1] for p in _PERIODS])[r["period"]]
    count, measure = r["count"], r["measure"]
    invited = count * s["distinct_invitation_share"] * s["show_up_rate"]
    per_person = np.where(measure == 1, count * s["conversations_per_person"], count)
    held = np.where(measure == 0, invited, per_person) / years
    hourly = _hourly(s)
    billed = billed_hours(
        s["interpreted_meeting_hours"],
        s["interpreter_minimum_billing"],
        s["interpreter_billing_increment"],
    )
    one_off = np.select(
        [r["one_off_kind"] == 1, r["one_off_kind"] == 2],
        [one_off_hours * hourly, one_off_money * (1.0 + s["wage_growth"]) ** r["one_off_gap"]],
        0.0,
    )
    return {
        "conversations_held": held,
        "hours_per_conversation": hours,
        "caseworker_hours": held * hours,
        "hourly_cost": hourly,
        "caseworker_time": held * hours * hourly,
        "interpreter_fees": held * s["interpreter_share"] * billed * s["interpreter_fee"],
        "one_off": one_off,
    }


def _conversation_records(price_year: int, r: Mapping[str, Any], i: int) -> tuple[Evidence, ...]:
    """The evidence municipality ``i`` reports."""
    cautious = bool(r["cautious"][i])
    records: list[Evidence] = [
        ConversationCount(
            value=float(r["count"][i]),
            measure=_MEASURES[r["measure"][i]],
            period=_PERIODS[r["period"][i]][0],
            source=SOURCE,
        ),
        HoursPerConversation(
            hours=float(r["hours"][i]),
            qualifier=Qualifier.CAUTIOUS if cautious else Qualifier.APPROXIMATE,
            includes=(Activity.CONVERSATION,) if cautious else tuple(Activity),
            source=SOURCE,
        ),
    ]
    kind = r["one_off_kind"][i]
    if kind == 1:
        records.append(
            OneOff(
                description="selection model",
                year=price_year,
                hours=float(r["one_off_hours"][i]),
                qualifier=Qualifier.APPROXIMATE,
                source=SOURCE,
            )
        )
    elif kind == 2:
        records.append(
            OneOff(
                description="selection model",
                year=price_year - int(r["one_off_gap"][i]),
                amount=float(r["one_off_money"][i]),
                qualifier=Qualifier.ROUNDED,
                precision=50_000,
                source=SOURCE,
            )
        )
    return tuple(records)


def _conversation_time(d: _Draw) -> _Batch:
    reports = _conversation_reports(d)
    truth = _conversation_truth(d, reports)
    price_year = d.law.assumptions.price_year
    evidence = [_conversation_records(price_year, reports, i) for i in range(d.n)]
    pair: list[Estimator] = [ConversationTime(), InterpreterFees()]
    chosen = [
        Sum(*pair, estimators.OneOffCost()) if k else Sum(*pair) for k in reports["one_off_kind"]
    ]
    cost = truth["caseworker_time"] + truth["interpreter_fees"] + truth["one_off"]
    return _Batch(evidence, chosen, cost, truth)


def _staff_allocation(d: _Draw) -> _Batch:
    n, rng, law, s = d.n, d.rng, d.law, d.shared
    reported = rng.choice(np.array([0.5, 1.0, 1.5, 2.0, 3.0]), n)
    about = rng.random(n) < 0.5
    staff = np.where(about, law.draw_reported(reported, Qualifier.APPROXIMATE, rng), reported)
    hours = staff * s["productive_hours"]
    evidence = [
        (
            StaffYears(
                value=float(r),
                source=SOURCE,
                qualifier=Qualifier.APPROXIMATE if a else Qualifier.EXACT,
            ),
        )
        for r, a in zip(reported, about, strict=True)
    ]
    truth = {
        "staff_years": staff,
        "caseworker_hours": hours,
        "hourly_cost": _hourly(s),
        "conversations_held": hours / s["hours_per_conversation"],
    }
    return _Batch(
        evidence,
        [estimators.StaffAllocation()] * n,
        staff * s["wage_cost"] * (1.0 + s["overhead_share"]),
        truth,
    )


def _total_hours(d: _Draw) -> _Batch:
    n, rng, law, s = d.n, d.rng, d.law, d.shared
    reported = rng.integers(10, 101, n) * 10.0
    period = rng.integers(0, len(_PERIODS), n)
    with_count = rng.random(n) < 0.5
    per_conversation = rng.choice(np.array([1.5, 2.0, 2.5]), n)
    total = law.draw_reported(reported, Qualifier.APPROXIMATE, rng)
    years = np.array([p[1] for p in _PERIODS])[period]
    hourly = _hourly(s)
    evidence: list[tuple[Evidence, ...]] = []
    for i in range(n):
        records: list[Evidence] = [
            TotalHours(
                hours=float(reported[i]),
                period=_PERIODS[period[i]][0],
                qualifier=Qualifier.APPROXIMATE,
                derivation="conversations x about hours each",
                source=SOURCE,
            )
        ]
        if with_count[i]:
            records.append(
                ConversationCount(
                    value=float(round(reported[i] / per_conversation[i])),
                    measure="held",
                    period=_PERIODS[period[i]][0],
                    source=SOURCE,
                )
            )
        evidence.append(tuple(records))
    truth = {"total_hours": total, "caseworker_hours": total / years, "hourly_cost": hourly}
    return _Batch(evidence, [estimators.TotalHoursEstimator()] * n, total / years * hourly, truth)


_STYLE_FUNCTIONS = MappingProxyType(
    {
        "spending": _spending,
        "conversation_time": _conversation_time,
        "staff_allocation": _staff_allocation,
        "total_hours": _total_hours,
    }
)


def _cautious_share(style: str, cautious_share: Any) -> float:
    """The share of cautious hour figures (conversation_time only; default 0.5)."""
    if cautious_share is not None and style != "conversation_time":
        expected = "None unless style is 'conversation_time'"
        raise fail("generate", "cautious_share", cautious_share, expected)
    return (
        0.5
        if cautious_share is None
        else SHARE.check("generate", "cautious_share", cautious_share)
    )


def _shared(
    law: TruthLaw, rng: np.random.Generator, n: int, shared: Mapping[str, FloatArray] | None
) -> Mapping[str, FloatArray]:
    """The shared drivers' true values: ``shared`` when given (checked), else drawn."""
    if shared is None:
        return law.draw_assumptions(rng, n)
    missing = sorted(set(law.assumptions) - set(shared))
    if missing or {np.shape(a) for a in shared.values()} != {(n,)}:
        expected = f"an array of length {n} for every assumption; missing {missing}"
        raise fail("generate", "shared", sorted(shared), expected)
    return shared


def generate(
    style: Style,
    n: int,
    *,
    seed: Seed,
    truth: TruthLaw | None = None,
    shared: Mapping[str, FloatArray] | None = None,
    cautious_share: float | None = None,
) -> tuple[SyntheticMunicipality, ...]:
    """``n`` synthetic municipalities reporting in ``style`` (see module docs).

    Args:
        style: one of :data:`STYLES`.
        n: how many.
        seed: an integer or a ``numpy.random.Generator``; the same seed gives the same
            municipalities bit for bit.
        truth: the law of the truth (default: the default assumptions, exactly).
        shared: true values of the shared drivers, one array of length ``n`` per assumption
            name (default: drawn independently for each municipality). Used by
            :func:`generate_studies` so that members of one study share them.
        cautious_share: conversation_time only: the share whose hours are a "cautious
            estimate" rather than "about" (default 0.5).

    >>> m = generate("spending", 1, seed=3)[0]
    >>> spent = m.municipality.only(Spending)
    >>> abs(m.truth["spending"] - spent.amount) <= 50_000
    True
    """
    if style not in _STYLE_FUNCTIONS:
        raise fail("generate", "style", style, f"one of {', '.join(STYLES)}")
    n = _count("generate", n)
    share = _cautious_share(style, cautious_share)
    law = TruthLaw() if truth is None else truth
    rng = _generator(seed, "generate")
    shared = _shared(law, rng, n, shared)
    batch = _STYLE_FUNCTIONS[style](_Draw(n, rng, law, shared, {"cautious_share": share}))
    structure = {**shared, **batch.truth}
    return tuple(_member(style, batch, structure, i) for i in range(n))


def _member(
    style: Style, batch: _Batch, structure: Mapping[str, FloatArray], i: int
) -> SyntheticMunicipality:
    """Municipality ``i`` of ``batch``, with its true cost and structure."""
    municipality = Municipality(
        name=f"Synthetic {style} {i + 1}", code=1 + i % 999, key=style, evidence=batch.evidence[i]
    )
    truth = {name: float(values[i]) for name, values in structure.items()}
    return SyntheticMunicipality(
        style, municipality, batch.estimators[i], float(batch.cost[i]), truth
    )


def generate_studies(
    n: int, *, seed: Seed, truth: TruthLaw | None = None, styles: Iterable[Style] = STYLES
) -> tuple[SyntheticStudy, ...]:
    """``n`` synthetic studies of one municipality per style, sharing the shared drivers.

    In study i every member uses the same true wage cost, overhead, productive hours, show-up
    rate, ... (the truth of a real study), while its own reported figures are its own.

    >>> studies = generate_studies(3, seed=2)
    >>> [len({m.truth["wage_cost"] for m in s.members}) for s in studies]
    [1, 1, 1]
    """
    n = _count("generate_studies", n)
    law = TruthLaw() if truth is None else truth
    rng = _generator(seed, "generate_studies")
    shared = law.draw_assumptions(rng, n)
    groups = [generate(style, n, seed=rng, truth=law, shared=shared) for style in styles]
    if not groups:
        raise fail("generate_studies", "styles", styles, "one or more styles")
    return tuple(SyntheticStudy(members) for members in zip(*groups, strict=True))
