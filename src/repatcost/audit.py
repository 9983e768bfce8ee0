"""What a study assumes, who uses it, and which of its figures look implausible.

* :func:`assumption_table`: every assumption (shared, and each municipality's own) with its
  distribution, unit, domain, plausible band, source, rationale and the municipalities whose
  models read it (``repatcost assumptions``).
* :func:`overrides`: every assumption a scenario changed, with its rationale (the report
  lists them).
* :func:`plausibility_flags`: every figure and assumption outside its plausible band, in
  words (``repatcost validate`` warns, the report flags).

>>> from repatcost.data import bundled_study
>>> study = bundled_study()
>>> plausibility_flags(study)
()
>>> rows = assumption_table(study).to_records()
>>> [r["used_by"] for r in rows if r["name"] == "interpreter_share"]
['kobenhavn, aarhus']
"""

from __future__ import annotations

from typing import Any

from repatcost.assumptions import Assumptions, Parameter, default_assumptions
from repatcost.domains import EVIDENCE
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.evidence import Municipality
from repatcost.study import Study
from repatcost.tables import Table

__all__ = ["ASSUMPTION_COLUMNS", "assumption_table", "overrides", "plausibility_flags", "readers"]

OVERRIDE_SOURCES = ("user override",)
"""Sources that mark a parameter changed in code with :meth:`Assumptions.override`."""


def readers(study: Study) -> dict[str, list[str]]:
    """Input name -> keys of the municipalities whose models (main or cross-check) read it.

    A municipality whose model cannot be built reads nothing here (``validate`` says why).
    """
    found: dict[str, list[str]] = {}
    for m in study.municipalities:
        names: set[str] = set()
        estimators = (None, *study.crosschecks.get(m.key, ()))
        for estimator in estimators:
            try:
                names |= set(study.model(m.key, estimator).inputs)
            except (NotApplicable, InvalidValueError):
                continue
        for name in sorted(names):
            found.setdefault(name, []).append(m.key)
    return found


def _scoped(study: Study) -> list[tuple[str, Parameter]]:
    """(scope, parameter) for every shared assumption (scope ``"shared"``) and every
    municipality's own (scope its key)."""
    shared = [("shared", p) for p in study.assumptions.parameters]
    local = [(key, p) for key, group in study.overrides.items() for p in group]
    return shared + local


ASSUMPTION_COLUMNS: tuple[str, ...] = (
    "name",
    "scope",
    "distribution",
    "unit",
    "domain",
    "plausible",
    "plausible_source",
    "source",
    "rationale",
    "used_by",
)
"""Columns of :func:`assumption_table` (``repatcost assumptions``)."""


def assumption_table(study: Study) -> Table:
    """Every assumption of ``study`` with its domain, band, sources and users (see module)."""
    users = readers(study)
    rows = []
    for scope, p in _scoped(study):
        name = p.name if scope == "shared" else f"{scope}.{p.name}"
        domain, band = p.domain, p.domain.plausible if p.domain is not None else None
        rows.append(
            (
                name,
                scope,
                repr(p.distribution),
                p.unit,
                domain.describe() if domain is not None else "any finite number",
                f"{band.low:g} to {band.high:g}" if band is not None else None,
                band.source if band is not None else None,
                p.source,
                p.rationale,
                ", ".join(users.get(name, [])) or None,
            )
        )
    columns = ASSUMPTION_COLUMNS
    return Table(columns, rows, title=f"Assumptions: {study.title}")


def overrides(study: Study, base: Assumptions | None = None) -> list[tuple[str, str]]:
    """``(name, rationale)`` of every assumption that differs from ``base`` (default: the
    packaged defaults), shared ones first, then each municipality's own as ``key.name``."""
    base = default_assumptions() if base is None else base
    changed = [
        (p.name, p.rationale)
        for p in study.assumptions.parameters
        if p.name not in base or base[p.name].distribution != p.distribution
    ]
    return changed + [
        (f"{key}.{p.name}", p.rationale) for key, group in study.overrides.items() for p in group
    ]


def _evidence_flags(m: Municipality) -> list[str]:
    flags = []
    for record in m.evidence:
        kind = type(record).__name__
        for (owner, field), domain in EVIDENCE.items():
            value = getattr(record, field, None) if owner == kind else None
            if value is not None:
                flag = domain.flag(f"{m.key} {kind}.{field}", float(value))
                flags += [flag] if flag else []
        flags += _undated(m.key, record)
    return flags


def _undated(key: str, record: Any) -> list[str]:
    """A figure whose year the source does not give: taken for the file's year, or (no year)
    read as of the price year; the source's words quoted when the file gives them."""
    words = getattr(record, "year_words", None)
    quoted = "" if words is None else f" ({words!r})"
    if not hasattr(record, "year") or (words is None and record.year is not None):
        return []
    kind = type(record).__name__
    if record.year is None:
        return [f"{key} {kind}.year: the source gives no year{quoted}; read as of the price year"]
    return [
        f"{key} {kind}.year {record.year}: taken for that year; the source gives no year{quoted}"
    ]


def plausibility_flags(study: Study) -> tuple[str, ...]:
    """Every evidence figure and assumption outside its plausible band, in words."""
    flags = [f for m in study.municipalities for f in _evidence_flags(m)]
    for scope, p in _scoped(study):
        flag = p.flag()
        if flag:
            flags.append(flag if scope == "shared" else f"{scope}.{flag}")
    return tuple(flags)
