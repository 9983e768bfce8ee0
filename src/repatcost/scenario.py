"""Scenario files: municipalities' evidence, assumption overrides and estimator choices in TOML.

Reading a file never changes it and executes no code (TOML is data). Every problem in a file
is collected and reported together in one :class:`ScenarioError`, each naming its key path
(``municipality.aarhus.hours_per_conversation.hours``), the value and what was expected;
unknown keys are problems, so a typo is never silently ignored.

The format, by example (the bundled ``data/question_184.toml`` is a complete one)::

    title = "My study"
    price_year = 2023                      # optional; default from the assumptions
    document = "Source document citation"  # default document of every source

    [qualifiers]                           # optional: the qualifier mapping
    approximate_spread = 0.2

    [assumptions.show_up_rate]             # optional overrides of default assumptions
    distribution = { dist = "uniform", min = 0.6, max = 0.8 }
    rationale = "why"

    [municipality.aalborg]
    name = "Aalborg"
    code = 851
    estimator = "total_hours"              # or a list (summed), see read_estimator

    [[municipality.aalborg.count]]
    value = 120
    measure = "held"                       # called_in | took_part | held
    period = { start = 2022-09-01, end = 2023-09-01 }   # or a year: period = 2023
    source = { section = "2" }
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from repatcost._reader import Node, Problems, load_toml, optional
from repatcost.assumptions import (
    UNIT_AS_DEFAULT,
    Assumptions,
    Parameter,
    default_assumptions,
    read_parameters,
    read_price_year,
    read_qualifiers,
)
from repatcost.errors import InvalidValueError, NotApplicable, ScenarioError
from repatcost.estimators import Estimator, Sum, get
from repatcost.evidence import (
    UIM_184,
    Activity,
    ConversationCount,
    HoursPerConversation,
    Measure,
    Municipality,
    Note,
    NoteKind,
    OneOff,
    Period,
    Repatriations,
    Source,
    Spending,
    SpendingKind,
    StaffYears,
    TotalHours,
)
from repatcost.qualifiers import Qualifier
from repatcost.study import Study

__all__ = ["ScenarioError", "load_scenario", "read_estimator"]

Reader = Callable[[Node, "Context"], Any]


class Context:
    """What record readers need besides the node: the default source document."""

    def __init__(self, document: str) -> None:
        self.document = document


def _number(min_value: float = 0.0, exclusive: bool = False) -> Reader:
    return lambda node, ctx: node.number(min_value=min_value, exclusive_min=exclusive)


def _integer(min_value: int, max_value: int) -> Reader:
    return lambda node, ctx: node.integer(min_value=min_value, max_value=max_value)


def _choice(enum_type: type[enum.Enum]) -> Reader:
    return lambda node, ctx: node.choice(enum_type)


def _string(node: Node, ctx: Context) -> str | None:
    return node.string()


def _source(node: Node, ctx: Context) -> Source | None:
    fields = node.table(required=("section",), optional=("document",))
    if fields is None:
        return None
    section = fields["section"].string() if "section" in fields else None
    document = fields["document"].string() if "document" in fields else ctx.document
    return node.build(Source, {}, section=section, document=document)


def _period(node: Node, ctx: Context) -> Period | None:
    if isinstance(node.value, int) and not isinstance(node.value, bool):
        year = node.integer(min_value=1900, max_value=2200)
        return None if year is None else Period.calendar_year(year)
    if not isinstance(node.value, dict):
        node.fail("a year (e.g. 2023) or a table {start = YYYY-MM-DD, end = YYYY-MM-DD}")
        return None
    fields = node.table(required=("start", "end"))
    if fields is None:
        return None
    start = fields["start"].date() if "start" in fields else None
    end = fields["end"].date() if "end" in fields else None
    return node.build(Period, {}, start=start, end=end)


def _activities(node: Node, ctx: Context) -> frozenset[Activity] | None:
    if not isinstance(node.value, list) or not node.value:
        node.fail("a non-empty array of " + ", ".join(repr(a.value) for a in Activity))
        return None
    chosen = [node.child(i, v).choice(Activity) for i, v in enumerate(node.value)]
    return None if None in chosen else frozenset(c for c in chosen if c is not None)


def _covered_by(node: Node, ctx: Context) -> str | None:
    return node.string()


_QUALIFIED = {
    "qualifier": (_choice(Qualifier), False),
    "precision": (_number(0.0, True), False),
    "source": (_source, True),
}

RECORDS: dict[str, tuple[type, dict[str, tuple[Reader, bool]]]] = {
    "count": (
        ConversationCount,
        {
            "value": (_number(), True),
            "measure": (_choice(Measure), True),
            "period": (_period, True),
            **_QUALIFIED,
        },
    ),
    "spending": (
        Spending,
        {
            "amount_dkk": (_number(), True),
            "year": (_integer(1900, 2200), True),
            "kind": (_choice(SpendingKind), False),
            "scope": (_string, False),
            **_QUALIFIED,
        },
    ),
    "hours_per_conversation": (
        HoursPerConversation,
        {"hours": (_number(0.0, True), True), "includes": (_activities, False), **_QUALIFIED},
    ),
    "staff_years": (
        StaffYears,
        {"value": (_number(), True), "purpose": (_string, False), **_QUALIFIED},
    ),
    "total_hours": (
        TotalHours,
        {
            "hours": (_number(), True),
            "period": (_period, True),
            "derivation": (_string, False),
            **_QUALIFIED,
        },
    ),
    "repatriations": (
        Repatriations,
        {
            "persons": (_integer(0, 10**9), True),
            "year": (_integer(1900, 2200), True),
            "source": (_source, True),
        },
    ),
    "one_off": (
        OneOff,
        {
            "description": (_string, True),
            "amount_dkk": (_number(), False),
            "hours": (_number(), False),
            "year": (_integer(1900, 2200), True),
            **_QUALIFIED,
        },
    ),
    "note": (
        Note,
        {
            "text": (_string, True),
            "kind": (_choice(NoteKind), False),
            "covered_by": (_covered_by, False),
            "source": (_source, True),
        },
    ),
}
"""Scenario key -> (record class, {field: (reader, required)})."""


def _record(node: Node, cls: type, spec: dict[str, tuple[Reader, bool]], ctx: Context) -> Any:
    required = tuple(k for k, (_, needed) in spec.items() if needed)
    optional_keys = tuple(k for k, (_, needed) in spec.items() if not needed)
    fields = node.table(required=required, optional=optional_keys)
    if fields is None:
        return None
    kwargs: dict[str, Any] = {}
    for key, child in fields.items():
        reader, _ = spec[key]
        kwargs[key] = reader(child, ctx)
    if any(key not in kwargs for key in required):
        return None
    return node.build(
        cls, {}, **{k: optional(v) if k in optional_keys else v for k, v in kwargs.items()}
    )


def read_estimator(node: Node) -> Estimator | None:
    """An estimator from a name, a table ``{name = ..., option = ...}``, or a list (summed)."""
    if isinstance(node.value, list):
        if not node.value:
            node.fail("a non-empty array of estimator names or tables")
            return None
        members = [read_estimator(child) for child in node.items()]
        if any(m is None for m in members):
            return None
        return members[0] if len(members) == 1 else Sum(*(m for m in members if m is not None))
    if isinstance(node.value, str):
        name, options = node.value, {}
        name_node = node
    elif isinstance(node.value, dict):
        fields = node.table(required=("name",), open_keys=True) or {}
        if "name" not in fields:
            return None
        name_node = fields.pop("name")
        name = name_node.value
        options = {k: v.value for k, v in fields.items()}
    else:
        node.fail("an estimator name, a table {name = ..., ...} or an array of them")
        return None
    try:
        cls = get(name)
    except (InvalidValueError, TypeError):
        from repatcost.estimators import available

        name_node.fail("a registered estimator: " + ", ".join(available()))
        return None
    try:
        return cls(**options)
    except TypeError as err:
        node.fail(f"options that {cls.__name__} accepts ({err})", value=options)
    except InvalidValueError as err:
        node.child(err.field, err.value).fail(str(err))
    return None


_MUNICIPALITY_KEYS = ("name", "code", "estimator", "crosscheck", *RECORDS)


@attrs.frozen
class _Entry:
    municipality: Municipality | None
    estimator: Estimator | None
    crosschecks: tuple[Estimator, ...]


def _crosschecks(node: Node) -> tuple[Estimator, ...]:
    if not isinstance(node.value, list) or not node.value:
        node.fail("a non-empty array of estimators (each a name, a table or an array summed)")
        return ()
    found = [read_estimator(child) for child in node.items()]
    return tuple(e for e in found if e is not None)


def _municipality(node: Node, key: str, ctx: Context) -> _Entry:
    fields = node.table(required=("name", "code"), optional=_MUNICIPALITY_KEYS[2:])
    if fields is None:
        return _Entry(None, None, ())
    name = fields["name"].string() if "name" in fields else None
    code = fields["code"].integer(min_value=1, max_value=999) if "code" in fields else None
    records: list[Any] = []
    ok = True
    for kind, (cls, spec) in RECORDS.items():
        if kind in fields:
            for item in fields[kind].items():
                record = _record(item, cls, spec, ctx)
                ok = ok and record is not None
                records.append(record)
    estimator = read_estimator(fields["estimator"]) if "estimator" in fields else None
    checks = _crosschecks(fields["crosscheck"]) if "crosscheck" in fields else ()
    if not ok or name is None or code is None:
        return _Entry(None, estimator, checks)
    municipality = node.build(
        Municipality, {}, name=name, code=code, evidence=tuple(records), key=key
    )
    return _Entry(municipality, estimator, checks)


def _check_applicable(
    node: Node, municipality: Municipality, estimator: Estimator, assumptions: Assumptions
) -> None:
    """Record a problem at ``node`` when ``estimator`` cannot be built for the municipality."""
    try:
        estimator.build(municipality, assumptions)
    except (NotApplicable, InvalidValueError) as err:
        node.fail(
            f"an estimator that applies to this evidence ({err})",
            value=getattr(estimator, "name", type(estimator).__name__),
        )


def _assumptions(node: Node, base: Assumptions) -> Assumptions:
    """Overrides of known assumptions (unit and source may be omitted) and new ones (all
    of distribution, unit, rationale and source required)."""
    table = node.table(open_keys=True) or {}
    merged: list[Parameter] = []
    for name, child in table.items():
        known = name in base
        single = Node({name: child.value}, node.path, node.problems)
        for parameter in read_parameters(single, require_text=not known):
            if known and parameter.unit == UNIT_AS_DEFAULT:
                parameter = attrs.evolve(parameter, unit=base[name].unit)
            merged.append(parameter)
    return base.with_parameters(*merged)


_TOP_KEYS = (
    "title",
    "price_year",
    "document",
    "qualifiers",
    "assumptions",
    "municipality",
    "estimators",
)


def load_scenario(path: str | Path, *, base: Assumptions | None = None) -> Study:
    """Read a scenario file into a :class:`~repatcost.study.Study` (see module docs).

    ``base`` is the assumption set the file's overrides apply to (the packaged defaults by
    default). Raises :class:`ScenarioError` listing every problem in the file.

    >>> from repatcost.data import BUNDLED_SCENARIO
    >>> study = load_scenario(BUNDLED_SCENARIO)
    >>> [m.code for m in study.municipalities]
    [101, 751, 461, 851]
    """
    path = Path(path)
    problems = Problems(str(path))
    data = load_toml(path, problems)
    if data is None:
        problems.raise_if_any()
    root = Node(data, "", problems)
    fields = root.table(required=("municipality",), optional=_TOP_KEYS) or {}
    ctx = Context(fields["document"].string() or UIM_184 if "document" in fields else UIM_184)
    assumptions = default_assumptions() if base is None else base
    if "price_year" in fields:
        year = read_price_year(fields["price_year"])
        if year is not None:
            assumptions = Assumptions(
                assumptions.parameters, price_year=year, qualifiers=assumptions.qualifiers
            )
    if "qualifiers" in fields:
        mapping = read_qualifiers(fields["qualifiers"])
        if mapping is not None:
            assumptions = Assumptions(
                assumptions.parameters, price_year=assumptions.price_year, qualifiers=mapping
            )
    if "assumptions" in fields:
        assumptions = _assumptions(fields["assumptions"], assumptions)
    municipalities: list[Municipality] = []
    estimators: dict[str, Estimator] = {}
    crosschecks: dict[str, tuple[Estimator, ...]] = {}
    nodes: dict[str, Node] = {}
    if "municipality" in fields:
        table = fields["municipality"].table(open_keys=True) or {}
        if not table and isinstance(fields["municipality"].value, dict):
            fields["municipality"].fail("at least one municipality")
        for key, child in table.items():
            entry = _municipality(child, key, ctx)
            if entry.municipality is not None:
                municipalities.append(entry.municipality)
                nodes[key] = child
            if entry.estimator is not None:
                estimators[key] = entry.estimator
            if entry.crosschecks:
                crosschecks[key] = entry.crosschecks
    if "estimators" in fields:
        for key, child in (fields["estimators"].table(open_keys=True) or {}).items():
            if key not in nodes and key not in estimators:
                child.fail(
                    "the key of a municipality in this file (" + ", ".join(table) + ")", value=key
                )
                continue
            chosen = read_estimator(child)
            if chosen is not None:
                estimators[key] = chosen
                nodes[key] = Node(child.value, child.path.rsplit(".", 1)[0], problems)
    for municipality in municipalities:
        node = nodes[municipality.key]
        if municipality.key in estimators:
            _check_applicable(
                node.child("estimator", None),
                municipality,
                estimators[municipality.key],
                assumptions,
            )
        for i, check in enumerate(crosschecks.get(municipality.key, ())):
            _check_applicable(
                node.child("crosscheck", None).child(i, None), municipality, check, assumptions
            )
    title = fields["title"].string() if "title" in fields else None
    problems.raise_if_any()
    return Study(
        tuple(municipalities),
        assumptions,
        estimators=estimators,
        crosschecks=crosschecks,
        title=title or path.stem,
    )
