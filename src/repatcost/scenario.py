"""Scenario files: municipalities' evidence, assumption overrides and estimator choices in TOML.

The one home of the format: :func:`load_scenario` reads a file, :func:`to_toml` writes one
(each evidence record gives its own table with ``to_table`` and is read back through its
class's fields, listed by :data:`RECORDS`; a distribution likewise).

Reading a file never changes it and executes no code (TOML is data). Every problem in a file
is collected and reported together in one :class:`ScenarioError`, each naming its key path
(``municipality.aarhus.hours_per_conversation.hours``), the value and what was expected;
unknown keys are problems, so a typo is never silently ignored.

The format, by example (the bundled ``packs/dk_repatriation/question_184.toml`` is a complete
one; ``docs/scenarios.md`` lists the keys of a study without a pack)::

    title = "My study"
    domain = "dk-repatriation"             # a pack (omit it, and declare currency, for none)
    price_year = 2023                      # optional with a pack; default from its defaults
    document = "Source document citation"  # default document of every source

    [qualifiers]                           # optional: the qualifier mapping
    approximate_spread = 0.2

    [assumptions.show_up_rate]             # optional overrides of default assumptions
    distribution = { dist = "uniform", min = 0.6, max = 0.8 }
    rationale = "why"

    [municipality.aalborg]
    name = "Aalborg"
    id = 851                               # optional; scheme = "..." names its code list
    estimator = "total_hours"              # or a list (summed), see read_estimator

    [[municipality.aalborg.count]]
    value = 120
    measure = "held"                       # called_in | took_part | held
    period = { start = 2022-09-01, end = 2023-09-01 }   # or a year: period = 2023
    source = { section = "2" }
"""

from __future__ import annotations

import enum
import json
import math
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from repatcost._declarations_reader import DECLARATION_KEYS, read_declarations
from repatcost._overrides import check_used, read_local, read_shared
from repatcost._reader import Node, Problems, as_path, load_toml, optional
from repatcost._readings_reader import Readers, read_readings
from repatcost._suggest import did_you_mean
from repatcost._text import identity
from repatcost._validators import fail
from repatcost.assumptions import Assumptions, Parameter, read_price_year, read_qualifiers
from repatcost.declarations import Declarations
from repatcost.errors import EstimatorError, InvalidValueError, NotApplicable, ScenarioError
from repatcost.estimators import Estimator, Sum, get
from repatcost.evidence import EVIDENCE_TYPES, Municipality, Period, Record, Source
from repatcost.outputs import DERIVED_INPUTS
from repatcost.packs import Pack
from repatcost.readings import Reading, SetEstimator, check_readings
from repatcost.study import Study

__all__ = ["RECORDS", "ScenarioError", "load_scenario", "read_estimator", "to_toml"]

Reader = Callable[[Node, "Context"], Any]


class Context:
    """What record readers need besides the node: the default source document, the pack
    (its id schemes and the old field names it still accepts)."""

    def __init__(self, document: str | None, pack: Pack | None = None) -> None:
        self.document = document
        self.pack = pack


def _string(node: Node, ctx: Context) -> str | None:
    return node.string()


def _number(node: Node, ctx: Context) -> float | None:
    return node.number()


def _integer(node: Node, ctx: Context) -> int | None:
    return node.integer()


def _source(node: Node, ctx: Context) -> Source | None:
    fields = node.table(required=("section",), optional=("document",))
    if fields is None:
        return None
    section = fields["section"].string() if "section" in fields else None
    document = fields["document"].string() if "document" in fields else ctx.document
    return node.build(Source, {}, section=section, document=optional(document))


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


def _choices(enum_type: type[enum.Enum]) -> Reader:
    """A non-empty array of members of ``enum_type``, as a frozenset."""

    def read(node: Node, ctx: Context) -> frozenset[enum.Enum] | None:
        if not isinstance(node.value, list) or not node.value:
            node.fail("a non-empty array of " + ", ".join(repr(a.value) for a in enum_type))
            return None
        chosen = [node.child(i, v).choice(enum_type) for i, v in enumerate(node.value)]
        return None if None in chosen else frozenset(c for c in chosen if c is not None)

    return read


def _text_list(node: Node, ctx: Context) -> tuple[str, ...] | None:
    """An array of texts (``includes = ["preparation", "search"]``)."""
    if not isinstance(node.value, list):
        node.fail("an array of texts")
        return None
    texts = [child.string() for child in node.items()]
    return None if None in texts else tuple(t for t in texts if t is not None)


def _boolean(node: Node, ctx: Context) -> bool | None:
    if not isinstance(node.value, bool):
        node.fail("true or false")
        return None
    return node.value


def _number_pair(node: Node, ctx: Context) -> tuple[float, float] | None:
    """``[low, high]``: two numbers ("10-12 hours" is ``range = [10, 12]``)."""
    if not isinstance(node.value, list) or len(node.value) != 2:
        node.fail("[low, high]: an array of two numbers")
        return None
    low, high = (child.number() for child in node.items())
    return None if low is None or high is None else (low, high)


_READERS: dict[Any, Reader] = {
    float: _number,
    int: _integer,
    str: _string,
    Source: _source,
    Period: _period,
    bool: _boolean,
}


def _reader(kind: Any) -> Reader:
    """How a field of type ``kind`` is read (its domain is the record class's to check)."""
    if isinstance(kind, types.UnionType):  # ``X | None``: an optional field
        (kind,) = (k for k in typing.get_args(kind) if k is not type(None))
    if kind in _READERS:
        return _READERS[kind]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        enum_type = kind
        return lambda node, ctx: node.choice(enum_type)
    if typing.get_origin(kind) is frozenset:
        return _choices(typing.get_args(kind)[0])
    if typing.get_origin(kind) is tuple and typing.get_args(kind)[0] is str:
        return _text_list
    if typing.get_origin(kind) is tuple and typing.get_args(kind) == (float, float):
        return _number_pair
    raise TypeError(f"no scenario reader for fields of type {kind!r}")  # pragma: no cover


def _spec(cls: type[Record]) -> dict[str, tuple[Reader, bool]]:
    """Each field of record type ``cls`` in a file: its reader and whether it is required."""
    fields = attrs.fields(attrs.resolve_types(cls))
    return {a.name: (_reader(a.type), a.default is attrs.NOTHING) for a in fields}


RECORDS: dict[str, tuple[type[Record], dict[str, tuple[Reader, bool]]]] = {
    cls.scenario_key: (cls, _spec(cls)) for cls in EVIDENCE_TYPES
}
"""Scenario key -> (record class, {field: (reader, required)}), from the record classes."""


def _checked(cls: type, name: str, value: Any, node: Node) -> Any:
    """``value`` if the record class's own validator for field ``name`` accepts it, else None
    (and a problem at ``node``), so that every bad field of a record is reported at once."""
    field = attrs.fields_dict(cls)[name]
    if value is None or field.validator is None:
        return value
    try:
        field.validator(cls, field, field.converter(value) if callable(field.converter) else value)
    except InvalidValueError as err:
        node.fail(err.expected)
        return None
    return value


def _aliased(node: Node, cls: type, ctx: Context) -> Node:
    """``node`` with the old field names its pack still accepts renamed (``amount_dkk``)."""
    key = getattr(cls, "scenario_key", "")
    aliases = {} if ctx.pack is None else ctx.pack.aliases.get(key, {})
    if not aliases or not isinstance(node.value, dict):
        return node
    renamed = {aliases.get(k, k): v for k, v in node.value.items()}
    return Node(renamed, node.path, node.problems)


def _with_midpoint(node: Node, cls: type) -> Node:
    """A figure given only as a range (``range = [10, 12]``) is reported as its midpoint."""
    value, figure = node.value, getattr(cls, "figure", None)
    if not isinstance(value, dict) or figure is None or figure in value:
        return node
    pair: Any = value.get("range")
    if not isinstance(pair, list) or len(pair) != 2:
        return node
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair):
        return node
    return Node({**value, figure: (pair[0] + pair[1]) / 2}, node.path, node.problems)


def _record(node: Node, cls: type, spec: dict[str, tuple[Reader, bool]], ctx: Context) -> Any:
    node = _with_midpoint(_aliased(node, cls, ctx), cls)
    required = tuple(k for k, (_, needed) in spec.items() if needed)
    optional_keys = tuple(k for k, (_, needed) in spec.items() if not needed)
    fields = node.table(required=required, optional=optional_keys)
    if fields is None:
        return None
    kwargs: dict[str, Any] = {}
    for key, child in fields.items():
        reader, _ = spec[key]
        kwargs[key] = _checked(cls, key, reader(child, ctx), child)
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


_MUNICIPALITY_KEYS = (
    "name",
    "id",
    "scheme",
    "code",
    "estimator",
    "crosscheck",
    "assumptions",
    *RECORDS,
)


@attrs.frozen
class _Entry:
    municipality: Municipality | None
    estimator: Estimator | None
    crosschecks: tuple[Estimator, ...]
    overrides: tuple[Parameter, ...] = ()
    local: dict[str, Node] = attrs.Factory(dict)
    """``key.name`` -> node of each of the municipality's own assumptions."""


def _crosschecks(node: Node) -> tuple[Estimator, ...]:
    if not isinstance(node.value, list) or not node.value:
        node.fail("a non-empty array of estimators (each a name, a table or an array summed)")
        return ()
    found = [read_estimator(child) for child in node.items()]
    return tuple(e for e in found if e is not None)


def _records(fields: dict[str, Node], ctx: Context) -> list[Any] | None:
    """Every evidence record of a municipality's table; None when one of them is bad."""
    records: list[Any] = []
    for kind, (cls, spec) in RECORDS.items():
        if kind in fields:
            records += [_record(item, cls, spec, ctx) for item in fields[kind].items()]
    return None if any(r is None for r in records) else records


def _identity(fields: dict[str, Node], ctx: Context) -> tuple[Any, str | None, bool]:
    """The body's id and scheme (``code`` is the pack's first scheme's id, as before packs);
    the last value is False when one of them has a problem."""
    if "code" in fields and "id" in fields:
        fields["code"].fail("left out: 'id' is given (code is the old name of id)")
        return None, None, False
    schemes = {} if ctx.pack is None else dict(ctx.pack.schemes)
    if "code" in fields and not schemes:
        fields["code"].fail("'id' (and 'scheme'): 'code' is a pack's old key; no pack is chosen")
        return None, None, False
    node = fields.get("id", fields.get("code"))
    scheme = fields["scheme"].string() if "scheme" in fields else None
    if node is None:
        return None, scheme, "scheme" not in fields or scheme is not None
    if "code" in fields and scheme is None:
        scheme = next(iter(schemes))
    value = node.integer() if isinstance(node.value, int) else node.string()
    rule = schemes.get(scheme) if scheme is not None else None
    if value is not None and rule is not None and not rule.accepts(value):
        node.fail(f"{rule.expectation} (the rule of the scheme {scheme!r})")
        return None, scheme, False
    return value, scheme, value is not None


def _municipality(node: Node, key: str, ctx: Context, base: Assumptions) -> _Entry:
    fields = node.table(required=("name",), optional=_MUNICIPALITY_KEYS[1:])
    if fields is None:
        return _Entry(None, None, ())
    name = fields["name"].string() if "name" in fields else None
    code, scheme, ok = _identity(fields, ctx)
    records = _records(fields, ctx)
    estimator = read_estimator(fields["estimator"]) if "estimator" in fields else None
    checks = _crosschecks(fields["crosscheck"]) if "crosscheck" in fields else ()
    own = fields.get("assumptions")
    overrides = read_local(own, base) if own is not None else ()
    local = {f"{key}.{p.name}": own.child(p.name, None) for p in overrides if own is not None}
    if records is None or name is None or not ok:
        return _Entry(None, estimator, checks)
    municipality = node.build(
        Municipality,
        {"code": "id"},
        name=name,
        code=optional(code),
        evidence=tuple(records),
        key=key,
        scheme=optional(scheme),
    )
    return _Entry(municipality, estimator, checks, overrides, local)


_TOP_KEYS = (
    "title",
    "price_year",
    "document",
    *DECLARATION_KEYS,
    "qualifiers",
    "assumptions",
    "municipality",
    "estimators",
    "readings",
)


@attrs.define
class _Parts:
    """What the file says, gathered while reading it."""

    municipalities: list[Municipality] = attrs.Factory(list)
    estimators: dict[str, Estimator] = attrs.Factory(dict)
    crosschecks: dict[str, tuple[Estimator, ...]] = attrs.Factory(dict)
    overrides: dict[str, tuple[Parameter, ...]] = attrs.Factory(dict)
    nodes: dict[str, Node] = attrs.Factory(dict)
    shared: dict[str, Node] = attrs.Factory(dict)
    local: dict[str, Node] = attrs.Factory(dict)


def _base_assumptions(fields: dict[str, Node], base: Assumptions) -> Assumptions:
    """``base`` with the file's price year and qualifier mapping."""
    if "price_year" in fields:
        year = read_price_year(fields["price_year"])
        if year is not None:
            base = attrs.evolve(base, price_year=year)
    if "qualifiers" in fields:
        mapping = read_qualifiers(fields["qualifiers"])
        if mapping is not None:
            base = attrs.evolve(base, qualifiers=mapping)
    return base


def _read_municipalities(node: Node, ctx: Context, base: Assumptions, parts: _Parts) -> None:
    table = node.table(open_keys=True) or {}
    if not table and isinstance(node.value, dict):
        node.fail("at least one municipality")
    for key, child in table.items():
        entry = _municipality(child, key, ctx, base)
        if entry.municipality is not None:
            parts.municipalities.append(entry.municipality)
            parts.nodes[key] = child
        if entry.estimator is not None:
            parts.estimators[key] = entry.estimator
        if entry.crosschecks:
            parts.crosschecks[key] = entry.crosschecks
        if entry.overrides:
            parts.overrides[key] = entry.overrides
            parts.local |= entry.local


def _read_estimators(node: Node, parts: _Parts, keys: list[str]) -> None:
    """The ``[estimators]`` table: an estimator per municipality key."""
    for key, child in (node.table(open_keys=True) or {}).items():
        if key not in parts.nodes and key not in parts.estimators:
            where = ", ".join(keys)
            child.fail(
                f"the key of a municipality in this file ({where}){did_you_mean(key, keys)}",
                value=key,
            )
            continue
        chosen = read_estimator(child)
        if chosen is not None:
            parts.estimators[key] = chosen
            parts.nodes.setdefault(
                key, Node(child.value, child.path.rsplit(".", 1)[0], child.problems)
            )


def _check_unique(parts: _Parts) -> None:
    """Two municipalities with one name or one code would both be added to the total."""
    for field in ("name", "code"):
        seen: dict[Any, str] = {}
        for m in parts.municipalities:
            value = getattr(m, field)
            if value is None:
                continue
            ident = identity(value) if isinstance(value, str) else value
            if ident in seen:
                where = "id" if field == "code" and "id" in parts.nodes[m.key].value else field
                parts.nodes[m.key].child(where, value).fail(
                    f"a {where} no other municipality in this file has (after Unicode "
                    "normalisation, case folding and removing invisible characters) "
                    f"(municipality.{seen[ident]} has it too)"
                )
            seen.setdefault(ident, m.key)


def _read_by_readings(study: Study, readings: Sequence[Reading]) -> set[str]:
    """The inputs of the models that the readings' alternatives choose (an assumption only
    an alternative's estimator reads is read); a model that cannot be built is left to the
    readings' own check."""
    used: set[str] = set()
    for reading in readings:
        for alternative in reading.alternatives:
            for change in alternative.changes:
                if not isinstance(change, SetEstimator):
                    continue
                try:
                    used |= set(study.model(change.municipality, change.estimator).inputs)
                except (NotApplicable, InvalidValueError, LookupError):
                    continue
    return used


def _check_models(
    study: Study, parts: _Parts, problems: Problems, readings: Sequence[Reading] = ()
) -> None:
    """Build every model (main and cross-checks), evaluate its hard range, and check that
    every override is read (by these models or by a reading's estimator); problems go to
    the municipality's key path."""
    used: set[str] = set(DERIVED_INPUTS) | _read_by_readings(study, readings)
    for m in study.municipalities:
        node = parts.nodes[m.key]
        chosen = [("estimator", study.estimators.get(m.key))]
        chosen += [(f"crosscheck[{i}]", e) for i, e in enumerate(study.crosschecks.get(m.key, ()))]
        for where, estimator in chosen:
            try:
                model = study.model(m.key, estimator)
                model.hard_range()
            except (NotApplicable, InvalidValueError) as err:
                name = getattr(estimator, "name", "the default estimators")
                expected = (
                    f"an estimator that keeps its contract ({err})"
                    if isinstance(err, EstimatorError)
                    else f"an estimator that applies to this evidence ({err})"
                )
                node.child(where, None).fail(expected, value=name)
                continue
            used |= set(model.inputs)
    if not problems.found:  # a municipality left out by a problem may be the one reading it
        check_used(used, parts.shared, parts.local)


def load_scenario(path: str | Path, *, base: Assumptions | None = None) -> Study:
    """Read a scenario file into a :class:`~repatcost.study.Study` (see module docs).

    ``base`` is the assumption set the file's overrides apply to (by default the defaults
    of the file's pack, or none without a pack). Raises :class:`ScenarioError` listing every
    problem in the file.

    >>> from repatcost.data import BUNDLED_SCENARIO
    >>> study = load_scenario(BUNDLED_SCENARIO)
    >>> [m.code for m in study.municipalities]
    [101, 751, 461, 851]
    """
    path = as_path(path, "load_scenario")
    problems = Problems(str(path))
    data = load_toml(path, problems)
    if data is None:
        problems.raise_if_any()
    root = Node(data, "", problems)
    fields = root.table(required=("municipality",), optional=_TOP_KEYS) or {}
    declared = read_declarations(fields, root)
    ctx = Context(declared.document, declared.pack)
    base = _base_assumptions(fields, declared.base if base is None else base)
    parts = _Parts()
    town_table = fields["municipality"].value if "municipality" in fields else None
    keys = list(town_table) if isinstance(town_table, dict) else []
    assumptions = base
    if "assumptions" in fields:  # first, so a municipality may override a new assumption
        assumptions, parts.shared = read_shared(fields["assumptions"], base, keys)
    if "municipality" in fields:
        _read_municipalities(fields["municipality"], ctx, assumptions, parts)
    if "estimators" in fields:
        _read_estimators(fields["estimators"], parts, keys)
    _check_unique(parts)
    title = fields["title"].string() if "title" in fields else None
    readers = Readers(RECORDS, _source, read_estimator, ctx)
    readings = read_readings(fields["readings"], readers) if "readings" in fields else []
    study = _study(
        parts, assumptions, title or path.stem, problems, declared.declarations, readings
    )
    problems.raise_if_any()
    assert study is not None  # every way to None records a problem
    return _with_readings(study, readings, Node(data, "", problems).child("readings", None))


def _with_readings(study: Study, readings: list[Reading], node: Node) -> Study:
    """``study`` with ``readings`` attached; a reading that does not fit is a problem."""
    for reading in readings:
        try:
            check_readings(study, (reading,))
        except InvalidValueError as err:
            node.child(reading.name, None).fail(err.expected, value=err.value)
    node.problems.raise_if_any()
    return attrs.evolve(study, readings=tuple(readings)) if readings else study


def _declared(declarations: Declarations | None) -> dict[str, Any]:
    """The study's declarations as keyword arguments (none: those of its assumptions' pack)."""
    return {} if declarations is None else {"declarations": declarations}


def _study(
    parts: _Parts,
    assumptions: Assumptions,
    title: str,
    problems: Problems,
    declarations: Declarations | None,
    readings: Sequence[Reading] = (),
) -> Study | None:
    """The study, its models checked; None (with a problem recorded) when it cannot be built."""
    if not parts.municipalities or (declarations is None and assumptions.domain is None):
        return None
    silent = [
        m for m in parts.municipalities if m.reported_nothing and m.key not in parts.estimators
    ]
    estimated = [m for m in parts.municipalities if m not in silent]
    if not estimated:
        problems.add("municipality", [m.key for m in silent], "at least one with a figure")
        return None
    keys = {m.key for m in estimated}  # a bad municipality has a problem already
    try:
        study = Study(
            tuple(estimated),
            assumptions,
            estimators={k: v for k, v in parts.estimators.items() if k in keys},
            crosschecks={k: v for k, v in parts.crosschecks.items() if k in keys},
            overrides={k: v for k, v in parts.overrides.items() if k in keys},
            title=title,
            unreported=tuple(silent),
            **_declared(declarations),
        )
    except InvalidValueError as err:
        problems.add(err.field, err.value, str(err))
        return None
    _check_models(study, parts, problems, readings)
    return study


# --- writing ------------------------------------------------------------------------------
# The standard library reads TOML but cannot write it. ``to_toml`` writes the subset scenario
# files use (tables, arrays of tables, strings, booleans, integers, finite floats, dates,
# arrays and inline tables), so that ``tomllib.loads(to_toml(doc)) == doc``.

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _quoted(text: str) -> str:
    """``text`` as a TOML basic string: JSON's escapes (\\", \\\\, \\n, \\uXXXX) are all
    valid there; JSON leaves DEL (U+007F) bare, which TOML forbids."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if _BARE.match(key) else _quoted(key)


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _value(value: Any) -> str:
    """One value written inline (nested tables become inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise fail("to_toml", "value", value, "a finite number (TOML has no NaN here)")
        return repr(value)
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise fail("to_toml", "value", value, "a string, number, boolean, date, array or table")


def _table(
    lines: list[str], path: tuple[str, ...], table: Mapping[str, Any], header: str | None
) -> None:
    plain = [(k, v) for k, v in table.items() if not _is_table(v) and not _is_table_array(v)]
    emitted = header is not None and (bool(plain) or not table)  # else sub-tables imply it
    if emitted and header is not None:
        lines.append(header)
    lines.extend(f"{_key(k)} = {_value(v)}" for k, v in plain)
    if emitted or plain:
        lines.append("")
    for key, value in table.items():
        sub = (*path, key)
        dotted = ".".join(_key(k) for k in sub)
        if _is_table(value):
            _table(lines, sub, value, f"[{dotted}]")
        elif _is_table_array(value):
            for item in value:
                lines.append(f"[[{dotted}]]")
                lines.extend(f"{_key(k)} = {_value(v)}" for k, v in item.items())
                lines.append("")


def to_toml(document: Mapping[str, Any]) -> str:
    """``document`` as TOML text: the subset scenario files use, read back equal.

    >>> from datetime import date
    >>> print(to_toml({"title": "A", "m": {"k": {"name": "Ø", "count": [
    ...     {"value": 1.0, "period": {"start": date(2023, 1, 1), "end": date(2024, 1, 1)}}]}}}))
    title = "A"
    <BLANKLINE>
    [m.k]
    name = "Ø"
    <BLANKLINE>
    [[m.k.count]]
    value = 1.0
    period = {start = 2023-01-01, end = 2024-01-01}
    <BLANKLINE>
    """
    lines: list[str] = []
    _table(lines, (), document, None)
    return "\n".join(lines)
