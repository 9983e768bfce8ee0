"""Evidence records: validation at construction, periods, municipalities."""

from __future__ import annotations

import math
from datetime import date

import attrs
import pytest

from repatcost.errors import InvalidValueError
from repatcost.evidence import (
    EVIDENCE_TYPES,
    RECORD_TYPES,
    ConversationCount,
    Figure,
    HoursPerConversation,
    Measure,
    Municipality,
    Note,
    OneOff,
    Period,
    Record,
    Repatriations,
    Source,
    Spending,
    SpendingKind,
    StaffYears,
    TotalHours,
    slugify,
)
from repatcost.qualifiers import Qualifier
from repatcost.scenario import RECORDS

SRC = Source(section="2")
YEAR = Period.calendar_year(2023)


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (
            lambda: ConversationCount(value=-1, measure="held", period=YEAR, source=SRC),
            "value",
            -1,
        ),
        (
            lambda: ConversationCount(value=math.nan, measure="held", period=YEAR, source=SRC),
            "value",
            "nan",
        ),
        (
            lambda: ConversationCount(value=math.inf, measure="held", period=YEAR, source=SRC),
            "value",
            "inf",
        ),
        (
            lambda: ConversationCount(value=1, measure="invited", period=YEAR, source=SRC),
            "measure",
            "invited",
        ),
        (lambda: Spending(amount=-5, year=2023, source=SRC), "amount", -5),
        (
            lambda: Spending(amount=5, year=2023, kind="promised", source=SRC),
            "kind",
            "promised",
        ),
        (lambda: Spending(amount=5, year=23.5, source=SRC), "year", 23.5),
        (
            lambda: Spending(amount=800_000, year=2023, qualifier="rounded", source=SRC),
            "precision",
            None,
        ),
        (
            lambda: Spending(
                amount=800_000, year=2023, qualifier="rounded", precision=-1, source=SRC
            ),
            "precision",
            -1,
        ),
        (
            lambda: Spending(amount=800_000, year=2023, precision=100, source=SRC),
            "precision",
            100,
        ),
        (lambda: HoursPerConversation(hours=-1.5, source=SRC), "hours", -1.5),
        (
            lambda: HoursPerConversation(hours=1.5, includes=["coffee"], source=SRC),
            "includes",
            "coffee",
        ),
        (
            lambda: HoursPerConversation(hours=1.5, qualifier="roughly", source=SRC),
            "qualifier",
            "roughly",
        ),
        (lambda: StaffYears(value=math.inf, source=SRC), "value", "inf"),
        (lambda: TotalHours(hours=-240, period=YEAR, source=SRC), "hours", -240),
        (lambda: Repatriations(persons=-3, year=2023, source=SRC), "persons", -3),
        (lambda: Repatriations(persons=2.5, year=2023, source=SRC), "persons", 2.5),
        (lambda: OneOff(description="model", year=2023, source=SRC), "amount", None),
        (
            lambda: OneOff(description="model", amount=1, hours=1, year=2023, source=SRC),
            "amount",
            1,
        ),
        (lambda: Note(text="  ", source=SRC), "text", "'  '"),
        (lambda: Note(text="x", kind="maybe", source=SRC), "kind", "maybe"),
        (lambda: Source(section=""), "section", "''"),
        (lambda: Period(date(2023, 2, 1), date(2023, 1, 1)), "end", "2023, 1, 1"),
        (lambda: Period(date(2023, 1, 1), date(2023, 1, 1)), "end", "2023, 1, 1"),
        (lambda: Period("2023-01-01", date(2024, 1, 1)), "start", "2023-01-01"),
        (lambda: Municipality(name="Aarhus", code=-1), "code", -1),
        (
            lambda: Municipality(name="Aarhus", code=751, evidence=("a figure",)),
            "evidence",
            "a figure",
        ),
        (lambda: Municipality(name="Aarhus", code=751, key="Aarhus!"), "key", "Aarhus!"),
    ],
)
def test_invalid_records_raise_at_construction(factory, field, value) -> None:
    """Each invalid record raises naming the field, the value and what was expected."""
    with pytest.raises(InvalidValueError) as info:
        factory()
    message = str(info.value)
    assert f"'{field}'" in message, message
    assert str(value) in message, message
    assert "must be" in message
    assert info.value.field == field


def test_enum_fields_accept_their_names() -> None:
    """Strings naming an enum member are converted to the member."""
    count = ConversationCount(value=750, measure="called_in", period=YEAR, source=SRC)
    assert count.measure is Measure.CALLED_IN
    spending = Spending(amount=1, year=2023, kind="budget", source=SRC)
    assert spending.kind is SpendingKind.BUDGET
    assert spending.qualifier is Qualifier.EXACT


def test_records_are_frozen() -> None:
    """Evidence cannot be changed after construction."""
    count = ConversationCount(value=750, measure="called_in", period=YEAR, source=SRC)
    with pytest.raises(AttributeError):
        count.value = 1  # type: ignore[misc]


def test_period_length_counts_whole_months() -> None:
    """September to September is exactly one year; a calendar year is one year."""
    assert Period(date(2022, 9, 1), date(2023, 9, 1)).years == 1.0
    assert YEAR.years == 1.0
    assert YEAR.is_calendar_year
    assert Period(date(2023, 1, 1), date(2023, 7, 1)).years == 0.5
    assert Period(date(2023, 1, 15), date(2023, 2, 15)).years == pytest.approx(31 / 365.25)


def test_rounded_spending_becomes_its_rounding_interval() -> None:
    """0.8 million rounded to 0.1 million means Uniform(0.75, 0.85) million."""
    spending = Spending(
        amount=800_000, year=2023, qualifier="rounded", precision=100_000, source=SRC
    )
    assert spending.distribution().bounds == (750_000, 850_000)


def test_municipality_key_and_lookup() -> None:
    """The key transliterates Danish letters; only() refuses ambiguity."""
    spend = Spending(amount=1, year=2022, source=SRC)
    m = Municipality(name="København", code=101, evidence=(spend, spend))
    assert m.key == "kobenhavn"
    assert m.records(Spending) == (spend, spend)
    assert m.only(StaffYears) is None
    with pytest.raises(InvalidValueError, match="at most one Spending"):
        m.only(Spending)
    assert slugify("Ærø Å") == "aero_aa"


# One base for every record: shared fields, scenario keys, table form.


def test_records_share_one_base_and_one_list() -> None:
    """Every record type derives from Record; figures from Figure, which holds the shared
    qualifier, precision, range, bounds and spread; the type list gives each a distinct
    scenario key."""
    assert all(issubclass(cls, Record) for cls in EVIDENCE_TYPES)
    shared = {"qualifier", "precision", "range", "at_least", "at_most", "spread"}
    assert {a.name for a in attrs.fields(Figure)} == {"source", *shared}
    assert {a.name for a in attrs.fields(Record)} == {"source"}
    keys = [cls.scenario_key for cls in EVIDENCE_TYPES]
    assert len(set(keys)) == len(keys) == len(EVIDENCE_TYPES)
    assert dict(RECORD_TYPES) == dict(zip(keys, EVIDENCE_TYPES, strict=True))
    assert list(RECORDS) == keys  # the reader's keys come from the records themselves


def test_a_record_lists_its_own_fields_first() -> None:
    """repr and the table form put the record's own fields before the shared ones."""
    record = StaffYears(value=2, qualifier="approximate", source=SRC)
    assert repr(record).startswith("StaffYears(value=2, purpose='dedicated conversations'")
    assert list(record.to_table()) == ["value", "purpose", "qualifier", "source"]
    assert record.reported == 2.0


def test_table_forms_of_periods_sources_sets_and_enums() -> None:
    """A calendar-year period is written as its year, another as start/end; enums by value."""
    count = ConversationCount(
        value=10, measure="held", period=Period(date(2022, 9, 1), date(2023, 9, 1)), source=SRC
    )
    table = count.to_table()
    assert table["period"] == {"start": date(2022, 9, 1), "end": date(2023, 9, 1)}
    assert table["measure"] == "held"
    assert "precision" not in table  # unset fields are left out
    hours = HoursPerConversation(hours=1.5, includes=["preparation", "conversation"], source=SRC)
    assert hours.to_table()["includes"] == ["conversation", "preparation"]
    assert TotalHours(hours=5, period=YEAR, source=SRC).to_table()["period"] == 2023


@pytest.mark.parametrize("bad", ["Interpreter fees", "", 3, "interpreter-fees"])
def test_note_covered_by_must_name_an_estimator(bad: object) -> None:
    """covered_by is None or an estimator's registry name; anything else is refused."""
    assert Note(text="t", covered_by="interpreter_fees", source=SRC).covered_by
    with pytest.raises(InvalidValueError, match="'covered_by'"):
        Note(text="t", covered_by=bad, source=SRC)  # type: ignore[arg-type]
