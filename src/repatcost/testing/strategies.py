"""Hypothesis strategies for repatcost's own types, for property tests of estimators.

Every strategy builds valid objects by construction (no invalid object is generated and
then thrown away), takes keyword-only arguments with defaults, and raises hypothesis'
``InvalidArgument`` at once when its arguments admit no valid object. Bounds follow
hypothesis' naming: ``min_value`` / ``max_value`` bound the reported figure, or for
:func:`distributions` the whole hard range (``bounds``) of the distribution.

The defaults reach the edges on purpose: counts of zero, figures reported exactly (a
degenerate ``Fixed`` input), rounded figures whose range reaches down to zero, periods of
the shortest length a record accepts (a month), spending years on both sides of the price
year. Pass a larger ``max_value`` to aim at huge values.

>>> from hypothesis import given, settings
>>> from repatcost.estimators import StaffAllocation
>>> from repatcost.evidence import StaffYears
>>> @settings(max_examples=20, deadline=None)
... @given(municipalities(kinds=[StaffYears], required=[StaffYears]), assumption_sets())
... def test_staff_cost_is_never_negative(municipality, assumptions):
...     low, high = StaffAllocation().build(municipality, assumptions).hard_range()
...     assert 0 <= low <= high
>>> test_staff_cost_is_never_negative()
"""

from __future__ import annotations

import enum
import functools
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from repatcost import distributions as dist
from repatcost import evidence as ev
from repatcost.assumptions import Assumptions, Parameter, default_assumptions
from repatcost.constraints import FINITE, Constraint, count
from repatcost.domains import EVIDENCE, MIN_PERIOD_DAYS, latest_actual_year
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import BUILTIN, Estimator, Sum, get
from repatcost.qualifiers import Qualifier, QualifierMapping
from repatcost.scenario import to_toml
from repatcost.study import default_estimator

__all__ = [
    "ASSUMPTION_DOMAINS",
    "DISTRIBUTION_KINDS",
    "MAX_YEAR",
    "MIN_YEAR",
    "assumption_sets",
    "counts",
    "distributions",
    "evidence_records",
    "hours_per_conversation",
    "municipalities",
    "notes",
    "one_offs",
    "periods",
    "qualifier_mappings",
    "repatriations",
    "scenario_documents",
    "scenario_entry",
    "scenario_texts",
    "sources",
    "spendings",
    "staff_years",
    "to_toml",
    "total_hours",
]

T = TypeVar("T")

MIN_YEAR = 2020
"""Default earliest year of generated evidence."""
MAX_YEAR = 2025
"""Default latest year of generated evidence (after the default price year 2023, on purpose:
evidence of a later year must be moved *back* to the price year)."""

DISTRIBUTION_KINDS: tuple[str, ...] = tuple(dist.DISTRIBUTIONS)
"""The ``kind`` of every registered distribution class, as :func:`distributions` accepts them."""

ASSUMPTION_DOMAINS: Mapping[str, tuple[float, float]] = {
    "wage_cost": (1.0, 5e6),
    "productive_hours": (1.0, 8784.0),
    "overhead_share": (0.0, 1.0),
    "interpreter_fee": (1.0, 1e4),
    "interpreter_minimum_billing": (0.0, 8.0),
    "interpreted_meeting_hours": (0.01, 24.0),
    "interpreter_share": (0.0, 1.0),
    "hours_per_conversation": (0.01, 100.0),
    "wage_growth": (-0.2, 0.5),
    "show_up_rate": (0.01, 1.0),
    "conversations_per_person": (1.0, 10.0),
}
"""Where :func:`assumption_sets` draws each default assumption's range: wide, but inside what
the quantity means (a share in [0, 1], at least one conversation per participant, more than
zero productive hours and hours per conversation, which estimators divide by)."""

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÆØÅæøåé0123456789 .,;:-()/%&'\"\\"
_SINGLE_FIGURES = (
    ev.ConversationCount,
    ev.HoursPerConversation,
    ev.StaffYears,
    ev.TotalHours,
    ev.Volume,
    ev.EffortPerUnit,
    ev.CostPerUnit,
)


def _invalid(function: str, argument: str, value: Any, expected: str) -> InvalidArgument:
    return InvalidArgument(
        f"The {argument!r} argument of {function}() must be {expected}. Got {value!r} instead."
    )


def _check(function: str, argument: str, value: Any, constraint: Constraint[Any]) -> None:
    """Refuse ``value`` for ``argument`` unless ``constraint`` accepts it (hypothesis' error)."""
    if not constraint.accepts(value):
        raise _invalid(function, argument, value, constraint.expectation)


_YEARS = count(minimum=1900, maximum=2199, name="year")
"""Years a strategy may draw (a calendar-year period must end by 2200)."""


def _check_range(
    function: str, min_value: float, max_value: float, *, floor: float | None = None
) -> tuple[float, float]:
    _check(function, "min_value", min_value, FINITE)
    _check(function, "max_value", max_value, FINITE)
    if floor is not None and min_value < floor:
        raise _invalid(function, "min_value", min_value, f">= {floor:g} (what the record accepts)")
    if max_value < min_value:
        raise _invalid(function, "max_value", max_value, f">= min_value ({min_value!r})")
    return float(min_value) + 0.0, float(max_value) + 0.0  # + 0.0 turns -0.0 into 0.0


def _check_positive(function: str, argument: str, value: Any) -> None:
    _check(function, argument, value, count(minimum=1))


def _check_years(function: str, min_year: int, max_year: int) -> None:
    _check(function, "min_year", min_year, _YEARS)
    _check(function, "max_year", max_year, _YEARS)
    if max_year < min_year:
        raise _invalid(function, "max_year", max_year, f">= min_year ({min_year})")


def _floats(min_value: float, max_value: float) -> st.SearchStrategy[float]:
    return st.floats(
        min_value=min_value,
        max_value=max_value,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
    )


def _no_leading_space(text: str) -> str:
    return "x" + text[1:] if text[0] == " " else text


_WORDS = (
    "x",
    "København",
    "Aarhus",
    "3, Table 1",
    "guidance about repatriation",
    'a "quoted" word',
    "back\\slash",
)


def _texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-empty printable text that does not start with a space (Danish letters, quotes):
    half the time a stock phrase, which keeps generation fast."""
    return st.one_of(
        st.sampled_from(_WORDS),
        st.text(_ALPHABET, min_size=1, max_size=max_size).map(_no_leading_space),
    )


def sources(*, documents: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[ev.Source]:
    """:class:`~repatcost.evidence.Source` records (the UIM answer or another document)."""
    documents = st.one_of(st.just(ev.UIM_184), _texts(60)) if documents is None else documents
    return st.builds(ev.Source, section=_texts(12), document=documents)


def periods(
    *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, calendar_years: bool | None = None
) -> st.SearchStrategy[ev.Period]:
    """Reporting periods starting in ``[min_year, max_year]``.

    ``calendar_years=True`` gives only whole calendar years, ``False`` never, ``None`` a mix
    of calendar years, whole months (Aalborg's September to September) and arbitrary days
    (as short as a month, :data:`~repatcost.domains.MIN_PERIOD_DAYS` days, the shortest a count
    or a total accepts).
    """
    _check_years("periods", min_year, max_year)
    years = st.integers(min_year, max_year)
    calendar = years.map(ev.Period.calendar_year)
    month_numbers, month_counts = st.integers(1, 12), st.integers(1, 36)
    starts = st.dates(date(min_year, 1, 1), date(max_year, 12, 31))
    day_counts = st.integers(MIN_PERIOD_DAYS, 1100)

    @st.composite
    def months(draw: st.DrawFn) -> ev.Period:
        start = date(draw(years), draw(month_numbers), 1)
        month = start.month - 1 + draw(month_counts)
        return ev.Period(start, date(start.year + month // 12, month % 12 + 1, 1))

    @st.composite
    def days(draw: st.DrawFn) -> ev.Period:
        start = draw(starts)
        return ev.Period(start, start + timedelta(days=draw(day_counts)))

    if calendar_years is True:
        return calendar
    if calendar_years is False:
        return st.one_of(months(), days())
    return st.one_of(calendar, months(), days())


def qualifier_mappings() -> st.SearchStrategy[QualifierMapping]:
    """Qualifier mappings, from no spread at all (every figure exact) through spreads too
    small to register to very wide ones."""

    def spread(high: float) -> st.SearchStrategy[float]:
        return st.one_of(st.just(0.0), _floats(0.0, high))

    return st.builds(
        QualifierMapping,
        approximate_spread=spread(1.0),
        cautious_below=spread(1.0),
        cautious_above=spread(5.0),
    )


def _named(draw: Callable[..., T], name: str) -> st.SearchStrategy[T]:
    """``draw`` as a composite strategy that prints as ``name()`` rather than its function's
    name (``build()``), so falsifying examples read well."""
    draw.__name__ = draw.__qualname__ = name
    return st.composite(draw)()


_QUALIFIERS = st.sampled_from(Qualifier)


def _figure(
    build: Callable[..., T], values: st.SearchStrategy[float], **fields: st.SearchStrategy[Any]
) -> st.SearchStrategy[T]:
    """A qualified figure: its value, qualifier and (when rounded) a precision that keeps the
    rounded range wide, plus ``fields`` and a source. Strategies are built once, outside the
    draw, as hypothesis validates each new strategy object."""
    shares = _floats(1e-6, 1.0)
    source = sources()
    extra = st.fixed_dictionaries(fields)

    def figure(draw: st.DrawFn) -> T:
        value = draw(values)
        qualifier = draw(_QUALIFIERS)
        precision = None
        if qualifier is Qualifier.ROUNDED:
            precision = max(abs(value), 1.0) * draw(shares)
        return build(
            value, **draw(extra), qualifier=qualifier, precision=precision, source=draw(source)
        )

    what = build.__name__ if isinstance(build, type) else "qualified_figure"
    return _named(figure, what.lower() + "s")


E = TypeVar("E", bound=enum.Enum)


def _members(
    function: str, argument: str, enum_type: type[E], given: Iterable[Any] | None
) -> tuple[E, ...]:
    """The members ``given`` (values or members; default all) of ``enum_type``, at least one."""
    chosen = tuple(
        enum_type(m) if isinstance(m, str) else m for m in (enum_type if given is None else given)
    )
    if not chosen:
        raise _invalid(function, argument, given, f"at least one {enum_type.__name__}")
    return chosen


def counts(
    *,
    min_value: float = 0.0,
    max_value: float = 1e6,
    whole: bool = True,
    measures: Iterable[ev.Measure | str] | None = None,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[ev.ConversationCount]:
    """Counts of persons or conversations (``whole`` numbers unless ``whole=False``)."""
    low, high = _check_range("counts", min_value, max_value, floor=0.0)
    _check_years("counts", min_year, max_year)
    chosen = _members("counts", "measures", ev.Measure, measures)
    if whole:
        if math.ceil(low) > math.floor(high):
            raise _invalid(
                "counts",
                "max_value",
                max_value,
                f"a range holding a whole number (min_value={min_value!r})",
            )
        values = st.integers(math.ceil(low), math.floor(high)).map(float)
    else:
        values = _floats(low, high)
    return _figure(
        lambda v, **kw: ev.ConversationCount(value=v, **kw),
        values,
        measure=st.sampled_from(chosen),
        period=periods(min_year=min_year, max_year=max_year),
    )


def spendings(
    *,
    min_value: float = 0.0,
    max_value: float = 1e11,
    kinds: Iterable[ev.SpendingKind | str] | None = None,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[ev.Spending]:
    """Money spent or budgeted, in DKK of a year in ``[min_year, max_year]``."""
    low, high = _check_range("spendings", min_value, max_value, floor=0.0)
    _check_years("spendings", min_year, max_year)
    chosen = _members("spendings", "kinds", ev.SpendingKind, kinds)

    def build(value: float, **kw: Any) -> ev.Spending:
        if kw["kind"] is ev.SpendingKind.ACTUAL:  # actual spending is not dated after its source
            kw["year"] = min(kw["year"], latest_actual_year(kw["source"].document))
        return ev.Spending(amount=value, **kw)

    return _figure(
        build,
        _floats(low, high),
        year=st.integers(min_year, max_year),
        kind=st.sampled_from(chosen),
        scope=_texts(),
    )


def hours_per_conversation(
    *, min_value: float = 0.01, max_value: float = 100.0
) -> st.SearchStrategy[ev.HoursPerConversation]:
    """Caseworker hours per conversation (> 0) and the activities they include."""
    low, high = _check_range("hours_per_conversation", min_value, max_value)
    if not high > 0:
        raise _invalid("hours_per_conversation", "max_value", max_value, "> 0 (hours are > 0)")
    values = _floats(low, high).filter(lambda v: v > 0) if low <= 0 else _floats(low, high)
    includes = st.frozensets(st.sampled_from(ev.Activity), min_size=1)
    return _figure(
        lambda v, **kw: ev.HoursPerConversation(hours=v, **kw), values, includes=includes
    )


def staff_years(
    *, min_value: float = 0.0, max_value: float = 1e3
) -> st.SearchStrategy[ev.StaffYears]:
    """Staff-years set aside (fractions allowed)."""
    low, high = _check_range("staff_years", min_value, max_value, floor=0.0)
    return _figure(
        lambda v, **kw: ev.StaffYears(value=v, **kw), _floats(low, high), purpose=_texts()
    )


def total_hours(
    *,
    min_value: float = 0.0,
    max_value: float = 1e7,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[ev.TotalHours]:
    """Total caseworker hours over a period."""
    low, high = _check_range("total_hours", min_value, max_value, floor=0.0)
    _check_years("total_hours", min_year, max_year)
    return _figure(
        lambda v, **kw: ev.TotalHours(hours=v, **kw),
        _floats(low, high),
        period=periods(min_year=min_year, max_year=max_year),
        derivation=_texts(),
    )


def repatriations(
    *,
    min_value: int = 0,
    max_value: int = 10**6,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[ev.Repatriations]:
    """Persons repatriated in a year."""
    low, high = _check_range("repatriations", min_value, max_value, floor=0.0)
    _check_years("repatriations", min_year, max_year)
    if math.ceil(low) > math.floor(high):
        raise _invalid("repatriations", "max_value", max_value, "a range holding a whole number")
    return st.builds(
        ev.Repatriations,
        persons=st.integers(math.ceil(low), math.floor(high)),
        year=st.integers(min_year, max_year),
        source=sources(),
    )


def one_offs(
    *,
    min_value: float = 0.0,
    max_value: float = 1e9,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[ev.OneOff]:
    """Quantified one-off costs: an amount in DKK or a number of hours (one of the two)."""
    low, high = _check_range("one_offs", min_value, max_value, floor=0.0)
    _check_years("one_offs", min_year, max_year)

    most_hours = EVIDENCE["OneOff", "hours"].high

    def build(value: float, *, in_hours: bool, **kw: Any) -> ev.OneOff:
        if in_hours:
            return ev.OneOff(hours=min(value, most_hours), **kw)
        return ev.OneOff(amount=value, **kw)

    return _figure(
        build,
        _floats(low, high),
        in_hours=st.booleans(),
        description=_texts(),
        year=st.integers(min_year, max_year),
    )


def notes(*, covered_by: Iterable[str] | None = None) -> st.SearchStrategy[ev.Note]:
    """Unquantified remarks; ``covered_by`` names estimators that may quantify them (default:
    the built-in ones)."""
    names = sorted(BUILTIN) if covered_by is None else list(covered_by)
    covered = st.one_of(st.none(), st.sampled_from(names)) if names else st.none()
    return st.builds(
        ev.Note,
        text=_texts(60),
        kind=st.sampled_from(ev.NoteKind),
        covered_by=covered,
        source=sources(),
    )


def _general_strategies(min_year: int, max_year: int) -> dict[type, st.SearchStrategy[Any]]:
    """The general record types of a study without a pack (volume, effort, cost per unit)."""
    years = st.integers(min_year, max_year)
    return {
        ev.Volume: _figure(
            lambda v, **kw: ev.Volume(value=v, **kw),
            st.integers(0, 100_000).map(float),
            period=years.map(ev.Period.calendar_year),
        ),
        ev.EffortPerUnit: _figure(
            lambda v, **kw: ev.EffortPerUnit(hours=v, **kw),
            _floats(0.05, 100.0),
            includes=st.lists(_texts(20), max_size=2).map(tuple),
        ),
        ev.CostPerUnit: _figure(
            lambda v, **kw: ev.CostPerUnit(amount=v, **kw), _floats(0.0, 1e5), year=years
        ),
        ev.OutcomeCount: st.builds(
            ev.OutcomeCount, value=st.integers(0, 1_000), year=years, source=sources()
        ),
    }


def _record_strategies(min_year: int, max_year: int) -> dict[type, st.SearchStrategy[Any]]:
    return {
        ev.ConversationCount: counts(min_year=min_year, max_year=max_year),
        ev.Spending: spendings(min_year=min_year, max_year=max_year),
        ev.HoursPerConversation: hours_per_conversation(),
        ev.StaffYears: staff_years(),
        ev.TotalHours: total_hours(min_year=min_year, max_year=max_year),
        ev.Repatriations: repatriations(min_year=min_year, max_year=max_year),
        ev.OneOff: one_offs(min_year=min_year, max_year=max_year),
        ev.Note: notes(),
        ev.NoFigure: st.builds(ev.NoFigure, text=_texts(60), source=sources()),
        **_general_strategies(min_year, max_year),
    }


def _kinds(function: str, argument: str, kinds: Iterable[type] | None) -> tuple[type, ...]:
    chosen = ev.EVIDENCE_TYPES if kinds is None else tuple(kinds)
    unknown = [k for k in chosen if k not in ev.EVIDENCE_TYPES]
    if unknown:
        names = ", ".join(k.__name__ for k in ev.EVIDENCE_TYPES)
        raise _invalid(function, argument, unknown, f"evidence record classes ({names})")
    return chosen


def evidence_records(
    *, kinds: Iterable[type] | None = None, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR
) -> st.SearchStrategy[Any]:
    """Any evidence record, of the given record classes (default: all of them)."""
    chosen = _kinds("evidence_records", "kinds", kinds)
    if not chosen:
        raise _invalid("evidence_records", "kinds", kinds, "at least one record class")
    _check_years("evidence_records", min_year, max_year)
    table = _record_strategies(min_year, max_year)
    return st.one_of(*(table[k] for k in chosen))


def _check_kinds_arg(kinds: Iterable[str] | None) -> tuple[str, ...]:
    chosen = DISTRIBUTION_KINDS if kinds is None else tuple(kinds)
    unknown = [k for k in chosen if k not in DISTRIBUTION_KINDS]
    if unknown or not chosen:
        raise _invalid(
            "distributions",
            "kinds",
            kinds,
            "a non-empty selection of " + ", ".join(DISTRIBUTION_KINDS),
        )
    return chosen


def _within(low: float, high: float) -> Callable[[dist.Distribution], bool]:
    return lambda d: low <= d.bounds[0] and d.bounds[1] <= high


def _ordered(values: st.SearchStrategy[float], size: int) -> st.SearchStrategy[list[float]]:
    """``size`` sorted values whose first and last differ."""
    return (
        st.lists(values, min_size=size, max_size=size).map(sorted).filter(lambda v: v[0] < v[-1])
    )


def _normals(low: float, high: float, bounded: bool) -> st.SearchStrategy[dist.Distribution]:
    ends = _ordered(_floats(low, high), 2).filter(
        lambda v: v[1] - v[0] > 1e-9 * max(1.0, abs(v[0]), abs(v[1]))
    )
    units, scales = _floats(0.0, 1.0), _floats(0.01, 10.0)

    def truncated(v: list[float], where: float, scale: float) -> dist.Distribution:
        a, b = v
        return dist.Normal(a + (b - a) * where, (b - a) * scale, low=a, high=b)

    strategy = st.builds(truncated, ends, units, scales)
    if not bounded:
        strategy = st.one_of(
            strategy, st.builds(dist.Normal, _floats(-1e9, 1e9), _floats(1e-3, 1e9))
        )
    return strategy.filter(_within(low, high))


def _lognormals(low: float, high: float) -> st.SearchStrategy[dist.Distribution]:
    positive = low if low > 0 else high * 1e-6
    ends = _ordered(_floats(positive, high), 2).filter(lambda v: v[1] > v[0] * 1.0001)
    units, scales = _floats(0.0, 1.0), _floats(0.01, 10.0)

    def build(v: list[float], where: float, scale: float) -> dist.Distribution:
        log_a, log_b = math.log(v[0]), math.log(v[1])
        return dist.LogNormal(
            log_a + (log_b - log_a) * where, (log_b - log_a) * scale, low=v[0], high=v[1]
        )

    return st.builds(build, ends, units, scales).filter(_within(low, high))


def _possible_kinds(low: float, high: float, kinds: Iterable[str] | None) -> tuple[str, ...]:
    """The kinds asked for (default all) that fit in ``[low, high]``; a kind asked for by name
    that does not fit is refused."""
    chosen = _check_kinds_arg(kinds)
    possible = {"fixed"} if low == high else set(DISTRIBUTION_KINDS)
    if high <= 0:
        possible.discard("lognormal")
    if kinds is not None and not set(chosen) <= possible:
        expected = f"possible within [{low!r}, {high!r}] ({', '.join(sorted(possible))})"
        raise _invalid("distributions", "kinds", list(chosen), expected)
    return tuple(k for k in chosen if k in possible)


def distributions(
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    kinds: Iterable[str] | None = None,
) -> st.SearchStrategy[dist.Distribution]:
    """Distributions whose whole hard range lies in ``[min_value, max_value]``.

    Unbounded sides default to -1e12 and 1e12. ``kinds`` picks among
    :data:`DISTRIBUTION_KINDS` (default all of those the bounds allow: a log-normal needs
    ``max_value > 0``; equal bounds allow only ``fixed``).

    >>> from hypothesis import given
    >>> @given(distributions(min_value=0, max_value=1))
    ... def test_shares(d):
    ...     assert 0 <= d.bounds[0] <= d.bounds[1] <= 1
    >>> test_shares()
    >>> distributions(min_value=1, max_value=1, kinds=["pert"])
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: The 'kinds' argument of distributions() must be ...
    """
    bounded = min_value is not None or max_value is not None
    low, high = _check_range(
        "distributions",
        -1e12 if min_value is None else min_value,
        1e12 if max_value is None else max_value,
    )
    chosen = _possible_kinds(low, high, kinds)
    values = _floats(low, high)
    make: dict[str, Callable[[], st.SearchStrategy[dist.Distribution]]] = {
        "fixed": lambda: st.builds(dist.Fixed, values),
        "uniform": lambda: _ordered(values, 2).map(lambda v: dist.Uniform(v[0], v[1])),
        "triangular": lambda: _ordered(values, 3).map(lambda v: dist.Triangular(*v)),
        "pert": lambda: st.builds(
            lambda v, s: dist.PERT(*v, shape=s), _ordered(values, 3), _floats(0.1, 50.0)
        ),
        "normal": lambda: _normals(low, high, bounded),
        "lognormal": lambda: _lognormals(low, high),
    }
    return st.one_of(*(make[k]() for k in chosen))


@functools.cache
def _defaults() -> Assumptions:
    return default_assumptions()


def _derived_domain(parameter: Parameter) -> tuple[float, float]:
    """A range around the parameter's distribution that keeps its sign (from half to twice
    its bounds), inside the parameter's domain when it declares one."""
    low, high = parameter.distribution.bounds
    new_low = low / 2.0 if low >= 0 else low * 2.0
    new_high = high * 2.0 if high > 0 else high / 2.0
    if new_low == new_high and new_low != 0:
        new_low, new_high = sorted((new_low / 2.0, new_low * 2.0))
    domain = parameter.domain
    if domain is not None:
        floor = math.nextafter(domain.low, math.inf) if domain.low_open else domain.low
        ceiling = math.nextafter(domain.high, -math.inf) if domain.high_open else domain.high
        new_low, new_high = max(new_low, floor), min(new_high, ceiling)
    return new_low, new_high


def _redraws(
    base: Assumptions,
    domains: Mapping[str, tuple[float, float]] | None,
    vary: Iterable[str] | None,
) -> dict[str, st.SearchStrategy[dist.Distribution]]:
    """A strategy for a new distribution of each assumption named in ``vary``, in its domain."""
    table = dict(ASSUMPTION_DOMAINS) | dict(domains or {})
    names = set(base) if vary is None else set(vary)
    unknown = sorted(names - set(base))
    if unknown:
        raise _invalid("assumption_sets", "vary", unknown, "names of assumptions in base")
    for low, high in table.values():
        _check_range("assumption_sets", low, high)
    return {
        p.name: distributions(min_value=low, max_value=high)
        for p in base.parameters
        if p.name in names
        for low, high in [table.get(p.name) or _derived_domain(p)]
    }


def assumption_sets(
    *,
    base: Assumptions | None = None,
    domains: Mapping[str, tuple[float, float]] | None = None,
    vary: Iterable[str] | None = None,
    qualifiers: bool = True,
) -> st.SearchStrategy[Assumptions]:
    """Assumption sets with the names of ``base`` (default: the packaged defaults).

    Each parameter named in ``vary`` (default: all) either keeps its distribution or gets a
    new one whose hard range lies in its domain: ``domains`` overrides
    :data:`ASSUMPTION_DOMAINS`; a name in neither varies from half to twice its bounds. With
    ``qualifiers`` the qualifier mapping varies too. The price year is the base's.
    """
    base = _defaults() if base is None else base
    if not isinstance(base, Assumptions):
        raise _invalid("assumption_sets", "base", base, "an Assumptions set")
    redraw = _redraws(base, domains, vary)
    varied = (
        st.lists(st.sampled_from(sorted(redraw)), max_size=4, unique=True)
        if redraw
        else st.just([])
    )
    mapping = (
        st.one_of(st.just(base.qualifiers), qualifier_mappings())
        if qualifiers
        else st.just(base.qualifiers)
    )

    def build(draw: st.DrawFn) -> Assumptions:
        new = {name: draw(redraw[name]) for name in draw(varied)}
        parameters = [
            attrs.evolve(
                p,
                distribution=new[p.name],
                rationale="generated for a test",
                source="repatcost.testing.strategies",
            )
            if p.name in new
            else p
            for p in base.parameters
        ]
        # evolve keeps the base's pack (domain) and price index
        return attrs.evolve(base, parameters=tuple(parameters), qualifiers=draw(mapping))

    return _named(build, "assumption_sets")


def municipalities(
    *,
    kinds: Iterable[type] | None = None,
    required: Iterable[type] = (),
    max_records: int = 2,
    single_figures: bool = True,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> st.SearchStrategy[ev.Municipality]:
    """Municipalities with evidence of the given record classes (default: every kind).

    Each kind appears 0 to ``max_records`` times (at least once if ``required``); with
    ``single_figures`` a count, hours per conversation, staff-years and total hours appear at
    most once, as estimators read them as one figure. Keys are valid namespaces
    (``[a-z][a-z0-9_]*``); names are any text.
    """
    chosen = _kinds("municipalities", "kinds", kinds)
    needed = _kinds("municipalities", "required", required)
    if not set(needed) <= set(chosen):
        given = [k.__name__ for k in needed]
        raise _invalid("municipalities", "required", given, "record classes among kinds")
    _check_positive("municipalities", "max_records", max_records)
    _check_years("municipalities", min_year, max_year)
    table = _record_strategies(min_year, max_year)

    def records(kind: type) -> st.SearchStrategy[list[Any]]:
        most = 1 if single_figures and kind in _SINGLE_FIGURES else max_records
        return st.lists(table[kind], min_size=1 if kind in needed else 0, max_size=most)

    groups = st.tuples(*(records(kind) for kind in chosen))
    keys = st.builds(
        operator.add, st.sampled_from(_LOWER), st.text(_LOWER + "0123456789_", max_size=11)
    )
    names, codes = _texts(24), st.integers(1, 999)

    def build(draw: st.DrawFn) -> ev.Municipality:
        evidence = [r for group in draw(groups) for r in group]
        return ev.Municipality(
            name=draw(names),
            code=draw(codes),
            evidence=tuple(draw(st.permutations(evidence))),
            key=draw(keys),
        )

    return _named(build, "municipalities")


# --- scenario documents -------------------------------------------------------------------


def scenario_entry(record: ev.Record) -> tuple[str, dict[str, Any]]:
    """The scenario-file key and table of an evidence record (inverse of reading it)."""
    if not isinstance(record, ev.Record):
        raise _invalid("scenario_entry", "record", record, "an evidence record")
    return record.scenario_key, record.to_table()


def _municipality_table(municipality: ev.Municipality, estimator: Any) -> dict[str, Any]:
    table: dict[str, Any] = {"name": municipality.name, "code": municipality.code}
    if estimator is not None:
        table["estimator"] = estimator
    for record in municipality.evidence:
        key, fields = scenario_entry(record)
        table.setdefault(key, []).append(fields)
    return table


def _estimator_from(spec: Any) -> Estimator:
    if isinstance(spec, list):
        return Sum(*(_estimator_from(member) for member in spec))
    if isinstance(spec, dict):
        options = {k: v for k, v in spec.items() if k != "name"}
        return get(spec["name"])(**options)
    return get(spec)()


def _applicable_specs(
    municipality: ev.Municipality, assumptions: Assumptions, names: Sequence[str]
) -> list[Any]:
    """The estimator choices (names, option tables, pairs) that build for ``municipality``,
    as ``load_scenario`` checks that a named estimator applies."""
    specs: list[Any] = list(names)
    if "reported_spending" in names:
        for kind in ("actual", "budget"):
            specs.append({"name": "reported_spending", "kind": kind})
            specs += [
                {"name": "reported_spending", "kind": kind, "year": year}
                for year in sorted(
                    {s.year for s in municipality.records(ev.Spending) if s.year is not None}
                )
            ]
    specs += [[a, b] for i, a in enumerate(names) for b in names[i + 1 :]]
    applicable = []
    for spec in specs:
        try:
            _estimator_from(spec).build(municipality, assumptions)
        except (NotApplicable, InvalidValueError):
            continue
        applicable.append(spec)
    return applicable


def _places(
    draw: st.DrawFn, chosen: list[ev.Municipality], assumptions: Assumptions, names: list[str]
) -> tuple[dict[str, Any], set[str]]:
    """Each municipality's table with an estimator that applies, and every input they read."""
    places, read = {}, set()
    for m in chosen:
        spec = draw(st.sampled_from([None, *_applicable_specs(m, assumptions, names)]))
        places[m.key] = _municipality_table(m, spec)
        read |= _inputs_read(m, spec, assumptions)
    return places, read


def _inputs_read(municipality: ev.Municipality, spec: Any, assumptions: Assumptions) -> set[str]:
    """The input names the model of ``spec`` (None: the default estimator) reads."""
    try:
        estimator = (
            default_estimator(municipality, assumptions) if spec is None else _estimator_from(spec)
        )
        return set(estimator.build(municipality, assumptions).inputs)
    except (NotApplicable, InvalidValueError):
        return set()


def scenario_documents(
    *,
    municipalities: st.SearchStrategy[ev.Municipality] | None = None,
    max_municipalities: int = 3,
    estimators: Iterable[str] | None = None,
    overrides: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    """Scenario documents as dicts (``tomllib``'s shape) that ``load_scenario`` accepts.

    Municipalities (distinct keys, names and codes) come from ``municipalities``; each may
    name an estimator from ``estimators`` (default: the built-in names) that applies to its
    evidence. With ``overrides`` the document may override the qualifier mapping and default
    assumptions that some estimator reads. Write one with :func:`to_toml`.
    """
    _check_positive("scenario_documents", "max_municipalities", max_municipalities)
    names = sorted(BUILTIN) if estimators is None else list(estimators)
    if not names:
        raise _invalid("scenario_documents", "estimators", estimators, "at least one name")
    places = _global_municipalities() if municipalities is None else municipalities
    chosen = _distinct(places, max_municipalities)
    settings = _scenario_settings(overrides)

    def build(draw: st.DrawFn) -> dict[str, Any]:
        document, assumptions = draw(settings)
        places, read = _places(draw, draw(chosen), assumptions, names)
        overridden = document.pop("assumptions", {})
        used = {name: table for name, table in overridden.items() if name in read}
        if used:  # load_scenario refuses an override no estimator reads
            document["assumptions"] = used
        document["municipality"] = places
        return document

    return _named(build, "scenario_documents")


def _scenario_settings(overrides: bool) -> st.SearchStrategy[tuple[dict[str, Any], Assumptions]]:
    """The top of a scenario document (title, price year and, with ``overrides``, the
    qualifier mapping and assumption overrides) with the assumptions it makes."""
    flags, texts, years = st.booleans(), _texts(), st.integers(MIN_YEAR, MAX_YEAR)
    mappings = qualifier_mappings()
    overridden = st.lists(st.sampled_from(sorted(ASSUMPTION_DOMAINS)), max_size=3, unique=True)
    tables = _override_distributions()

    def build(draw: st.DrawFn) -> tuple[dict[str, Any], Assumptions]:
        document: dict[str, Any] = {}
        assumptions = _defaults()
        if draw(flags):
            document["title"] = draw(texts)
        if draw(flags):
            document["price_year"] = draw(years)
            assumptions = attrs.evolve(assumptions, price_year=document["price_year"])
        if overrides and draw(flags):
            mapping = draw(mappings)
            document["qualifiers"] = attrs.asdict(mapping)
            assumptions = attrs.evolve(assumptions, qualifiers=mapping)
        new = {name: draw(tables[name]) for name in (draw(overridden) if overrides else ())}
        if new:
            document["assumptions"] = {
                name: {"distribution": d.to_table(), "rationale": draw(texts)}
                for name, d in new.items()
            }
            assumptions = assumptions.override("generated for a test", **new)
        return document, assumptions

    return _named(build, "scenario_settings")


def _distinct(
    places: st.SearchStrategy[ev.Municipality], most: int
) -> st.SearchStrategy[list[ev.Municipality]]:
    """Lists of municipalities with distinct keys, names and codes (load_scenario refuses
    two with one name or code: both would be added to the total)."""
    return st.lists(
        places,
        min_size=1,
        max_size=most,
        unique_by=(lambda m: m.key, lambda m: m.code, lambda m: m.name.casefold()),
    )


@functools.cache
def _override_distributions() -> dict[str, st.SearchStrategy[dist.Distribution]]:
    """Distributions of every kind in each default assumption's domain."""
    return {
        name: distributions(min_value=low, max_value=high)
        for name, (low, high) in ASSUMPTION_DOMAINS.items()
    }


@functools.cache
def _global_municipalities() -> st.SearchStrategy[ev.Municipality]:
    return municipalities()


def scenario_texts(**kwargs: Any) -> st.SearchStrategy[str]:
    """Scenario files as TOML text; takes the arguments of :func:`scenario_documents`."""
    return scenario_documents(**kwargs).map(to_toml)
