"""Reading ``[readings.SCOPE.WHAT]`` tables of a scenario file into :class:`Reading` records.

Private helper of :mod:`repatcost.scenario`, which passes in its own readers of evidence
fields, sources and estimators (one home each), so every problem is recorded at its key path
like the rest of the file. The format, by example::

    [readings.kobenhavn.year]
    question = "Which year's spending describes a normal year?"
    words = "udgifter på 1,4 mio. kr. [2022] og 0,8 mio. kr. i 2023"
    source = { section = "3" }
    central = "2023"
    reason = "the latest actual figure"

    [[readings.kobenhavn.year.alternative]]
    label = "2022"
    rationale = "the 2022 actual, at 2023 prices"
    estimator = { name = "reported_spending", year = 2022 }   # municipality: the scope

An alternative changes any of: ``estimator`` (of ``municipality``, by default the reading's
scope), ``evidence`` (a table or an array of tables ``{record = "count", period = ...}``
setting fields on every such record), ``assumptions`` (name = a number or a distribution
table) and ``qualifiers`` (e.g. ``approximate_spread = 0.1``). ``source`` (optional) says
where the alternative comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from repatcost._reader import Node, read_distribution
from repatcost.readings import (
    Alternative,
    Change,
    EditEvidence,
    Reading,
    SetAssumptions,
    SetEstimator,
    SetQualifiers,
)

__all__ = ["read_readings"]

FieldReader = Callable[[Node, Any], Any]
RecordSpec = dict[str, tuple[type, dict[str, tuple[FieldReader, bool]]]]

_ALTERNATIVE_KEYS = (
    "source",
    "municipality",
    "estimator",
    "evidence",
    "assumptions",
    "qualifiers",
)
_QUALIFIER_KEYS = ("approximate_spread", "cautious_below", "cautious_above")


class Readers:
    """What the scenario reader lends: record specs, a source reader, an estimator reader."""

    def __init__(
        self,
        records: RecordSpec,
        source: FieldReader,
        estimator: Callable[[Node], Any],
        ctx: Any,
    ) -> None:
        self.records = records
        self.source = source
        self.estimator = estimator
        self.ctx = ctx


def read_readings(node: Node, readers: Readers) -> list[Reading]:
    """Every reading under ``node`` (the ``readings`` table); problems go to its collector."""
    out: list[Reading] = []
    for scope, scope_node in (node.table(open_keys=True) or {}).items():
        for what, child in (scope_node.table(open_keys=True) or {}).items():
            reading = _reading(child, f"{scope}.{what}", scope, readers)
            if reading is not None:
                out.append(reading)
    return out


def _reading(node: Node, name: str, scope: str, readers: Readers) -> Reading | None:
    texts = ("question", "words", "central", "reason")
    fields = node.table(required=(*texts, "source", "alternative"))
    if fields is None:
        return None
    values = {k: fields[k].string() if k in fields else None for k in texts}
    source = readers.source(fields["source"], readers.ctx) if "source" in fields else None
    alternatives: list[Alternative | None] = []
    if "alternative" in fields:
        items = fields["alternative"]
        if not isinstance(items.value, list):
            items.fail("an array of tables ([[readings.SCOPE.WHAT.alternative]])")
        else:
            alternatives = [_alternative(item, scope, readers) for item in items.items()]
    if None in alternatives or not alternatives:
        return None
    return node.build(
        Reading,
        {"alternatives": "alternative"},
        name=name,
        source=source,
        alternatives=alternatives,
        **values,
    )


def _alternative(node: Node, scope: str, readers: Readers) -> Alternative | None:
    fields = node.table(required=("label", "rationale"), optional=_ALTERNATIVE_KEYS)
    if fields is None:
        return None
    label = fields["label"].string() if "label" in fields else None
    rationale = fields["rationale"].string() if "rationale" in fields else None
    source = fields["source"].string() if "source" in fields else None
    town = fields["municipality"].string() if "municipality" in fields else scope
    changes = _changes(fields, town, rationale or "alternative reading", source, readers)
    if changes is None:
        return None
    if not changes:
        node.fail("at least one change (estimator, evidence, assumptions or qualifiers)", {})
        return None
    return node.build(
        lambda **kw: Alternative(kw["label"], kw["rationale"], kw["changes"], source=source),
        {},
        label=label,
        rationale=rationale,
        changes=changes,
    )


def _changes(
    fields: dict[str, Node], town: str | None, rationale: str, source: str | None, r: Readers
) -> list[Change] | None:
    changes: list[Change | None] = []
    if "estimator" in fields:
        estimator = r.estimator(fields["estimator"])
        changes.append(
            None if estimator is None or town is None else SetEstimator(town, estimator)
        )
    if "evidence" in fields:
        changes += [_evidence(item, town, r) for item in fields["evidence"].items()]
    if "assumptions" in fields:
        changes.append(_assumptions(fields["assumptions"], rationale, source))
    if "qualifiers" in fields:
        changes.append(_qualifiers(fields["qualifiers"]))
    if None in changes:
        return None
    return [c for c in changes if c is not None]


def _evidence(node: Node, town: str | None, r: Readers) -> Change | None:
    if not isinstance(node.value, dict) or "record" not in node.value:
        node.fail('a table {record = "count", FIELD = VALUE, ...}')
        return None
    kind = node.child("record", node.value["record"])
    if not isinstance(kind.value, str) or kind.value not in r.records:
        kind.fail("one of " + ", ".join(repr(k) for k in r.records))
        return None
    cls, spec = r.records[kind.value]
    fields = node.table(required=("record",), optional=tuple(k for k in spec if k != "source"))
    if fields is None or town is None:
        return None
    values = {k: spec[k][0](child, r.ctx) for k, child in fields.items() if k != "record"}
    if not values:
        node.fail("at least one field to set besides 'record'")
        return None
    if None in values.values():
        return None
    return node.build(EditEvidence, {}, municipality=town, record=cls, values=values)


def _assumptions(node: Node, rationale: str, source: str | None) -> Change | None:
    table = node.table(open_keys=True)
    if not table:
        node.fail("a table of assumption names and distributions")
        return None
    values = {name: read_distribution(child) for name, child in table.items()}
    if None in values.values():
        return None
    return node.build(
        SetAssumptions,
        {},
        values=values,
        rationale=rationale,
        source=source or "unsourced estimate",
    )


def _qualifiers(node: Node) -> Change | None:
    fields = node.table(optional=_QUALIFIER_KEYS)
    if not fields:
        node.fail("a table setting " + ", ".join(_QUALIFIER_KEYS))
        return None
    values = {k: v.number(min_value=0.0) for k, v in fields.items()}
    if None in values.values():
        return None
    return node.build(SetQualifiers, {}, values=values)
