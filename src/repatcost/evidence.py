"""What a municipality reported: frozen, validated records, each with its source and qualifier.

Records keep the figure as reported (value, unit, period, what it measures or includes) and say
how precisely it was reported (:class:`~repatcost.qualifiers.Qualifier`). They do no
estimation; estimators read them.

>>> from datetime import date
>>> count = ConversationCount(
...     value=750, measure="called_in", period=Period(date(2023, 1, 1), date(2024, 1, 1)),
...     source=Source(section="2"))
>>> count.measure
<Measure.CALLED_IN: 'called_in'>
>>> count.unit
'persons'
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from repatcost._validators import enum_member, fail, finite, member_of, non_empty_text
from repatcost.constraints import YEAR, Constraint, count, instance_of
from repatcost.distributions import Distribution, Fixed, Uniform
from repatcost.domains import EVIDENCE, MIN_PERIOD_DAYS, latest_actual_year
from repatcost.qualifiers import Qualifier, QualifierMapping

__all__ = [
    "EVIDENCE_TYPES",
    "RECORD_TYPES",
    "Activity",
    "ConversationCount",
    "CostPerUnit",
    "EffortPerUnit",
    "Evidence",
    "Figure",
    "HoursPerConversation",
    "Measure",
    "Municipality",
    "NoFigure",
    "Note",
    "NoteKind",
    "OneOff",
    "OutcomeCount",
    "Period",
    "Record",
    "Repatriations",
    "Source",
    "Spending",
    "SpendingKind",
    "StaffYears",
    "TotalHours",
    "Volume",
    "slugify",
]


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)


class Measure(enum.Enum):
    """What a count of guidance conversations counts."""

    CALLED_IN = "called_in"
    """Persons invited (indkaldt); not all of them turn up."""
    TOOK_PART = "took_part"
    """Persons who took part (deltaget); some had more than one conversation."""
    HELD = "held"
    """Conversations held (afviklet)."""


class SpendingKind(enum.Enum):
    """Whether money was spent, set aside, allowed for, or estimated."""

    ACTUAL = "actual"
    BUDGET = "budget"
    FRAME = "frame"
    """A frame the body may spend up to."""
    ESTIMATE = "estimate"
    """The body's own estimate of what it spends (its method may be unknown)."""


class Activity(enum.Enum):
    """What an hours-per-conversation figure covers."""

    CONVERSATION = "conversation"
    PREPARATION = "preparation"
    FOLLOW_UP = "follow_up"
    INTERPRETING = "interpreting"


class NoteKind(enum.Enum):
    """The kind of an unquantified remark."""

    ONE_OFF = "one_off"
    """A one-off cost the municipality mentions but does not quantify."""
    POSSIBLE_COST = "possible_cost"
    """A cost that "may" arise (e.g. interpreters)."""
    UNQUANTIFIED = "unquantified"
    """A recurring resource use the municipality cannot separate out."""
    DATA_GAP = "data_gap"
    """A figure the municipality could not give (a gap in the data, not a cost)."""


def source_tuple(value: Iterable[Source]) -> tuple[Source, ...]:
    """Converter: any iterable of sources to a tuple."""
    return tuple(value)


def as_qualifier(value: Any) -> Any:
    """Converter: a qualifier's name (``"rounded"``) to :class:`Qualifier`."""
    return enum_member(Qualifier, value)


def as_measure(value: Any) -> Any:
    """Converter: a measure's name (``"called_in"``) to :class:`Measure`."""
    return enum_member(Measure, value)


def as_spending_kind(value: Any) -> Any:
    """Converter: ``"actual"`` or ``"budget"`` to :class:`SpendingKind`."""
    return enum_member(SpendingKind, value)


def as_note_kind(value: Any) -> Any:
    """Converter: a note kind's name to :class:`NoteKind`."""
    return enum_member(NoteKind, value)


@attrs.frozen
class Source:
    """Where a figure comes from: a document and its section (a scenario file names the
    document once, at its top; there is no default document).

    >>> str(Source(section="3", document="Council minutes, 4 May 2023"))
    'Council minutes, 4 May 2023, section 3'
    >>> str(Source(section="3"))
    'section 3'
    """

    section: str = attrs.field(validator=non_empty_text)
    document: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text)
    )

    def __str__(self) -> str:
        where = f"section {self.section}"
        return where if self.document is None else f"{self.document}, {where}"

    def to_table(self) -> dict[str, str]:
        """The source as a scenario file writes it."""
        if self.document is None:
            return {"section": self.section}
        return {"section": self.section, "document": self.document}


def _is_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, date):
        raise fail(inst, attribute.name, value, "a datetime.date")


@attrs.frozen
class Period:
    """A reporting period ``[start, end)``: ``end`` is the first day after it.

    Normalisation rule: a period from the first of a month to the first of a month lasts a
    whole number of months, and ``years`` is months / 12 (Aalborg's September 2022 to
    September 2023 is exactly 1.0 year); any other period lasts days / 365.25 years. An annual
    figure is the reported figure divided by ``years``.

    >>> Period(date(2022, 9, 1), date(2023, 9, 1)).years
    1.0
    >>> Period.calendar_year(2023).is_calendar_year
    True
    """

    start: date = attrs.field(validator=_is_date)
    end: date = attrs.field(validator=_is_date)

    def __attrs_post_init__(self) -> None:
        if not self.end > self.start:
            raise fail(self, "end", self.end, f"after start ({self.start.isoformat()})")

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        """The period 1 January ``year`` to 1 January ``year + 1``."""
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @property
    def years(self) -> float:
        """Length in years, by the rule in the class docstring."""
        if self.start.day == 1 and self.end.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            return months / 12.0
        return (self.end - self.start).days / 365.25

    @property
    def is_calendar_year(self) -> bool:
        """True for 1 January to 1 January of the next year."""
        return self == Period.calendar_year(self.start.year)

    def to_table(self) -> int | dict[str, date]:
        """The period as a scenario file writes it: a year, or a start and an end."""
        if self.is_calendar_year:
            return self.start.year
        return {"start": self.start, "end": self.end}

    def __str__(self) -> str:
        if self.is_calendar_year:
            return str(self.start.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def _year_field() -> Any:
    return attrs.field(validator=YEAR, kw_only=True)


def _check_precision(record: Any) -> None:
    """A rounded figure needs a positive precision; other qualifiers take none."""
    precision = record.precision
    if record.qualifier is Qualifier.ROUNDED:
        finite(record, attrs.fields(type(record)).precision, precision)
        if precision <= 0:
            raise fail(record, "precision", precision, "> 0 for a rounded figure")
    elif precision is not None:
        raise fail(record, "precision", precision, "None unless qualifier is 'rounded'")


def _unset_if_false(value: Any) -> Any:
    """Converter: ``at_least = false`` says no more than leaving it out."""
    return None if value is False else value


def _pair(value: Any) -> Any:
    """Converter: ``[10, 12]`` to ``(10.0, 12.0)`` (anything else is left to the check)."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return value
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return (float(value[0]), float(value[1]))
    return value


def _check_bounds(record: Any) -> None:
    """A range is ordered (it replaces the figure's own value; beside a bound it lies on the
    bound's side of the figure); at least / at most exclude each other; a spread is a
    share."""
    pair = record.range
    if pair is not None:
        ok = isinstance(pair, tuple) and len(pair) == 2 and all(map(math.isfinite, pair))
        if not ok or not 0 <= pair[0] <= pair[1]:
            raise fail(record, "range", pair, "[low, high] with 0 <= low <= high")
    for key in ("at_least", "at_most"):
        if getattr(record, key) not in (None, True, False):
            raise fail(record, key, getattr(record, key), "true or false")
    chosen = [k for k in ("at_least", "at_most") if getattr(record, k)]
    if len(chosen) > 1:
        raise fail(record, chosen[-1], True, "one of at_least and at_most, not both")
    if pair is not None:
        _check_range_holds(record, pair, chosen[0] if chosen else None)
    spread = record.spread
    if spread is not None and (
        isinstance(spread, bool) or not isinstance(spread, int | float) or not 0 <= spread <= 1
    ):
        raise fail(record, "spread", spread, "a relative spread from 0 to 1")


def _check_range_holds(record: Any, pair: tuple[float, float], bound: str | None) -> None:
    """Beside ``at_most`` ("almost 1,500", read as 1,463 to 1,499) a range ends at or below
    the figure, beside ``at_least`` it starts at or above it; alone it replaces the figure."""
    figure = record.reported
    if bound == "at_most" and not pair[1] <= figure:
        expected = f"a range ending at or below the figure {figure:g} (at_most)"
    elif bound == "at_least" and not pair[0] >= figure:
        expected = f"a range starting at or above the figure {figure:g} (at_least)"
    else:
        return
    raise fail(record, "range", list(pair), expected)


def _check_period(record: Any) -> None:
    """A count or total must cover at least a month, or annualising it multiplies noise."""
    period = record.period
    if (period.end - period.start).days < MIN_PERIOD_DAYS:
        raise fail(record, "period", str(period), f"at least a month ({MIN_PERIOD_DAYS} days)")


def _table_value(value: Any) -> Any:
    """A field's value as a scenario file writes it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset):
        return sorted(_table_value(v) for v in value)
    if isinstance(value, tuple):
        return [_table_value(v) for v in value]
    if isinstance(value, Source | Period):
        return value.to_table()
    return value


_SHARED = ("qualifier", "precision", "range", "at_least", "at_most", "spread", "source")
"""The fields every record (source) or every figure (all three) shares, listed last."""


@attrs.frozen(repr=False, kw_only=True)
class Record:
    """Base of every evidence record: its source, and its key in a scenario file.

    A subclass names ``scenario_key`` (``[[municipality.KEY.count]]`` for ``"count"``) and
    adds its own fields; its repr and table form list them first, the shared ones last.
    """

    scenario_key: ClassVar[str]
    counts_units: ClassVar[bool] = False
    """True for a count of the study's units (outputs per unit need one)."""
    outcome_field: ClassVar[str | None] = None
    """The field holding a count of the study's outcome (with a ``year``), if any."""
    source: Source = attrs.field(validator=instance_of(Source))

    def _ordered(self) -> list[attrs.Attribute[Any]]:
        """Own fields in declaration order, then the shared ones (qualifier, precision, source)."""
        fields = attrs.fields_dict(type(self))
        own = [a for name, a in fields.items() if name not in _SHARED]
        return own + [fields[name] for name in _SHARED if name in fields]

    def to_table(self) -> dict[str, Any]:
        """The record as a scenario file writes it (fields left unset are left out).

        >>> table = StaffYears(value=1.5, source=Source(section="3")).to_table()
        >>> list(table), table["qualifier"], table["source"]["section"]
        (['value', 'purpose', 'qualifier', 'source'], 'exact', '3')
        """
        values = ((a.name, getattr(self, a.name)) for a in self._ordered())
        return {name: _table_value(v) for name, v in values if v is not None}

    def __repr__(self) -> str:
        parts = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in self._ordered())
        return f"{type(self).__name__}({parts})"


@attrs.frozen(repr=False, kw_only=True)
class Figure(Record):
    """Base of a reported number with a qualifier, turned into a distribution on request.

    ``figure`` names the field that holds the number (``value`` unless a subclass says
    otherwise). Every record's fields are keyword-only.
    """

    figure: ClassVar[str] = "value"
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        converter=as_qualifier,
        validator=member_of(Qualifier),
    )
    precision: float | None = attrs.field(default=None)
    range: tuple[float, float] | None = attrs.field(default=None, converter=_pair)
    """"10-12 hours": the figure lies anywhere in ``[low, high]`` (uniform)."""
    at_least: bool | None = attrs.field(default=None, converter=_unset_if_false)
    """"more than 1,500": the figure is a lower bound (false is the same as unset)."""
    at_most: bool | None = attrs.field(default=None, converter=_unset_if_false)
    """"no more than 300": the figure is an upper bound."""
    spread: float | None = attrs.field(default=None)
    """The record's own relative spread, replacing its qualifier's default."""

    def __attrs_post_init__(self) -> None:
        _check_precision(self)
        _check_bounds(self)
        if isinstance(getattr(self, "period", None), Period):
            _check_period(self)

    @property
    def reported(self) -> float:
        """The figure as reported."""
        return float(getattr(self, self.figure))

    def distribution(self, mapping: QualifierMapping | None = None) -> Distribution:
        """The reported figure as an uncertain value, read through ``mapping`` (a range is
        uniform over it; at least / at most a one-sided PERT from the figure)."""
        mapping = QualifierMapping() if mapping is None else mapping
        if self.range is not None:
            low, high = self.range
            return Uniform(low, high) if low < high else Fixed(low)
        if self.at_least or self.at_most:
            return mapping.bounded(self.reported, at_least=bool(self.at_least), spread=self.spread)
        return mapping.distribution(
            self.reported, self.qualifier, precision=self.precision, spread=self.spread
        )


@attrs.frozen(repr=False, kw_only=True)
class ConversationCount(Figure):
    """A count of dedicated guidance conversations, or of persons, over a period."""

    scenario_key: ClassVar[str] = "count"
    counts_units: ClassVar[bool] = True
    value: float = attrs.field(validator=EVIDENCE["ConversationCount", "value"])
    measure: Measure = attrs.field(converter=as_measure, validator=member_of(Measure))
    period: Period = attrs.field(validator=instance_of(Period))

    @property
    def unit(self) -> str:
        """``'conversations'`` for a count of conversations held, else ``'persons'``."""
        return "conversations" if self.measure is Measure.HELD else "persons"


@attrs.frozen(repr=False, kw_only=True)
class Spending(Figure):
    """Money spent on, or budgeted for, the activity, in the study's currency of ``year``."""

    scenario_key: ClassVar[str] = "spending"
    figure: ClassVar[str] = "amount"
    amount: float = attrs.field(validator=EVIDENCE["Spending", "amount"])
    year: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(YEAR), kw_only=True
    )
    """The year of the money (None: the source gives none; read as of the price year)."""
    kind: SpendingKind = attrs.field(
        default=SpendingKind.ACTUAL,
        converter=as_spending_kind,
        validator=member_of(SpendingKind),
    )
    scope: str = attrs.field(default="as reported", validator=non_empty_text)
    year_words: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text)
    )
    """The source's words for when, where it gives no year ("in recent years"): ``year``
    is then the file's reading, and the report says so."""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        latest = latest_actual_year(self.source.document)
        if self.kind is SpendingKind.ACTUAL and self.year is not None and self.year > latest:
            raise fail(
                self,
                "year",
                self.year,
                f"<= {latest}, the year of the source document (actual spending cannot be "
                "dated after it; use kind = 'budget')",
            )


def _activities(value: Any) -> frozenset[Activity]:
    if isinstance(value, str | Activity):
        value = [value]
    if not isinstance(value, Iterable):
        return value  # type: ignore[no-any-return]  # rejected by the validator
    return frozenset(enum_member(Activity, v) for v in value)


def _all_activities(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(v, Activity) for v in value):
        names = ", ".join(repr(a.value) for a in Activity)
        raise fail(inst, attribute.name, value, f"a set of activities among {names}")


@attrs.frozen(repr=False, kw_only=True)
class HoursPerConversation(Figure):
    """Caseworker hours per conversation, and what they include (empty: not stated)."""

    scenario_key: ClassVar[str] = "hours_per_conversation"
    figure: ClassVar[str] = "hours"
    hours: float = attrs.field(validator=EVIDENCE["HoursPerConversation", "hours"])
    includes: frozenset[Activity] = attrs.field(
        default=frozenset(),
        converter=_activities,
        validator=_all_activities,
    )


@attrs.frozen(repr=False, kw_only=True)
class StaffYears(Figure):
    """Staff-years (årsværk, full-time equivalents) set aside for the conversations."""

    scenario_key: ClassVar[str] = "staff_years"
    value: float = attrs.field(validator=EVIDENCE["StaffYears", "value"])
    purpose: str = attrs.field(default="dedicated conversations", validator=non_empty_text)


@attrs.frozen(repr=False, kw_only=True)
class TotalHours(Figure):
    """Total caseworker hours over a period, and how the municipality arrived at them."""

    scenario_key: ClassVar[str] = "total_hours"
    figure: ClassVar[str] = "hours"
    hours: float = attrs.field(validator=EVIDENCE["TotalHours", "hours"])
    period: Period = attrs.field(validator=instance_of(Period))
    derivation: str = attrs.field(default="as reported", validator=non_empty_text)


@attrs.frozen(repr=False, kw_only=True)
class Repatriations(Record):
    """Persons repatriated (with help under the Repatriation Act) in ``year``."""

    scenario_key: ClassVar[str] = "repatriations"
    outcome_field: ClassVar[str | None] = "persons"
    persons: int = attrs.field(
        validator=attrs.validators.and_(count(minimum=0), EVIDENCE["Repatriations", "persons"]),
    )
    year: int = _year_field()


@attrs.frozen(repr=False, kw_only=True)
class OneOff(Figure):
    """A quantified one-off cost: an amount (the study's currency) or hours (not both)."""

    scenario_key: ClassVar[str] = "one_off"
    description: str = attrs.field(validator=non_empty_text)
    amount: float | None = attrs.field(
        default=None, validator=EVIDENCE["OneOff", "amount"].optional()
    )
    hours: float | None = attrs.field(
        default=None, validator=EVIDENCE["OneOff", "hours"].optional()
    )
    year: int = _year_field()

    def __attrs_post_init__(self) -> None:
        if (self.amount is None) == (self.hours is None):
            raise fail(
                self,
                "amount",
                self.amount,
                "given exactly when 'hours' is not (one of the two)",
            )
        super().__attrs_post_init__()

    @property
    def reported(self) -> float:
        return float(self.amount if self.amount is not None else self.hours or 0.0)


_COVERED_BY = Constraint(
    "estimator name",
    "None or the registry name of an estimator (lower-case letters, digits and _)",
    lambda v: (
        v is None or (isinstance(v, str) and re.fullmatch(r"[a-z][a-z0-9_]*", v) is not None)
    ),
    lambda v: v,
)


@attrs.frozen(repr=False, kw_only=True)
class Note(Record):
    """Something reported in words only: a cost left out of every estimate built from it."""

    scenario_key: ClassVar[str] = "note"
    text: str = attrs.field(validator=non_empty_text)
    kind: NoteKind = attrs.field(
        default=NoteKind.UNQUANTIFIED,
        converter=as_note_kind,
        validator=member_of(NoteKind),
    )
    covered_by: str | None = attrs.field(default=None, validator=_COVERED_BY)
    """Name of an estimator that quantifies this cost when it is used (e.g. interpreter_fees)."""


def _optional_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        non_empty_text(inst, attribute, value)


def _texts(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, list | tuple) else value


def _all_texts(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v for v in value):
        raise fail(inst, attribute.name, value, "a list of non-empty texts")


@attrs.frozen(repr=False, kw_only=True)
class Volume(Figure):
    """How many units (requests, cases) a body handled over a period, at a funnel stage.

    ``stage`` names the study's funnel stage counted (None: the unit itself, at the last
    stage). A pack may read its own count records instead (the Danish pack's ``count``).
    """

    scenario_key: ClassVar[str] = "volume"
    counts_units: ClassVar[bool] = True
    value: float = attrs.field(validator=EVIDENCE["Volume", "value"])
    period: Period = attrs.field(validator=instance_of(Period))
    stage: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(repr=False, kw_only=True)
class EffortPerUnit(Figure):
    """Staff hours per unit ("10-12 hours each"), and what they include (words; empty: not
    stated)."""

    scenario_key: ClassVar[str] = "effort_per_unit"
    figure: ClassVar[str] = "hours"
    hours: float = attrs.field(validator=EVIDENCE["EffortPerUnit", "hours"])
    includes: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_all_texts)


@attrs.frozen(repr=False, kw_only=True)
class CostPerUnit(Figure):
    """Money per unit ("£250-300 per request"), in the study's currency of ``year``."""

    scenario_key: ClassVar[str] = "cost_per_unit"
    figure: ClassVar[str] = "amount"
    amount: float = attrs.field(validator=EVIDENCE["CostPerUnit", "amount"])
    year: int = _year_field()


@attrs.frozen(repr=False, kw_only=True)
class OutcomeCount(Record):
    """How many of the study's outcome (persons helped) a body counted in ``year``."""

    scenario_key: ClassVar[str] = "outcome_count"
    outcome_field: ClassVar[str | None] = "value"
    value: int = attrs.field(validator=count(minimum=0))
    year: int = _year_field()


@attrs.frozen(repr=False, kw_only=True)
class NoFigure(Record):
    """A body that was asked and reported no figure ("does not record the cost").

    It still counts among the bodies that answered (coverage) and in national scaling; it is
    not estimated, and no total includes a cost for it.
    """

    scenario_key: ClassVar[str] = "no_figure"
    text: str = attrs.field(validator=non_empty_text)


EVIDENCE_TYPES: tuple[type[Record], ...] = (
    ConversationCount,
    Spending,
    HoursPerConversation,
    StaffYears,
    TotalHours,
    Repatriations,
    OneOff,
    Note,
    NoFigure,
    Volume,
    EffortPerUnit,
    CostPerUnit,
    OutcomeCount,
)
"""Every kind of evidence record, in the order a scenario file lists them (the one list)."""

Evidence = Record
"""Any evidence record (the base class of them all)."""

RECORD_TYPES: Mapping[str, type[Record]] = MappingProxyType(
    {cls.scenario_key: cls for cls in EVIDENCE_TYPES}
)
"""Every evidence record type by its scenario key."""

R = TypeVar("R")

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "ae", "Ø": "o", "Å": "aa"})


def slugify(name: str) -> str:
    """The ASCII key of a municipality name, used to namespace its inputs.

    >>> slugify("København")
    'kobenhavn'
    """
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _identifier(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """None, a whole number >= 0 or a non-empty text (the rule of its scheme is the pack's)."""
    whole = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    text = isinstance(value, str) and bool(value.strip())
    if not (value is None or whole or text):
        raise fail(inst, attribute.name, value, "None, a whole number >= 0 or a non-empty text")


def _key(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _KEY.match(value):
        raise fail(inst, attribute.name, value, "a key of lower-case letters, digits and _")


def _evidence_tuple(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


def _evidence(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for item in value:
        if not isinstance(item, Record):
            raise fail(inst, attribute.name, item, "a tuple of evidence records")


@attrs.frozen
class Municipality:
    """A municipality (any local body that reports) and everything it reported.

    ``code`` is its identifier (``id`` in a scenario file) in ``scheme`` (a statistical
    code list, e.g. "ONS GSS code"), or None; a pack checks the rule of its own scheme.

    >>> m = Municipality(name="Odense", code=461, evidence=(
    ...     StaffYears(value=1, source=Source(section="3")),))
    >>> m.key, m.only(StaffYears).value
    ('odense', 1)
    """

    name: str = attrs.field(validator=non_empty_text)
    code: int | str | None = attrs.field(default=None, validator=_identifier)
    evidence: tuple[Evidence, ...] = attrs.field(
        default=(), converter=_evidence_tuple, validator=_evidence
    )
    key: str = attrs.field(validator=_key)
    scheme: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text), kw_only=True
    )

    @key.default
    def _default_key(self) -> str:
        return slugify(self.name)

    @property
    def id(self) -> int | str | None:
        """The identifier in :attr:`scheme` (the same as ``code``)."""
        return self.code

    def records(self, kind: type[R]) -> tuple[R, ...]:
        """Every record of type ``kind``, in the order reported."""
        return tuple(e for e in self.evidence if isinstance(e, kind))

    def only(self, kind: type[R]) -> R | None:
        """The single record of type ``kind``, None if there is none.

        Raises ``ValueError`` when there are several, since choosing one silently would hide
        a decision.
        """
        found = self.records(kind)
        if len(found) > 1:
            raise fail(
                self,
                "evidence",
                f"{len(found)} {kind.__name__} records",
                f"at most one {kind.__name__} record for this use",
            )
        return found[0] if found else None

    @property
    def reported_nothing(self) -> bool:
        """True when no record holds a figure (only notes, or "no figure"): nothing to estimate.

        >>> Municipality(name="Esbjerg", code=561, evidence=(
        ...     NoFigure(text="not recorded", source=Source(section="2")),)).reported_nothing
        True
        """
        return not any(isinstance(e, Figure) for e in self.evidence)

    @property
    def notes(self) -> tuple[Note, ...]:
        """The unquantified remarks: what every estimate from this evidence leaves out."""
        return self.records(Note)
