"""The report of a study run, in every format: Markdown, CSV, JSON and LaTeX.

Every renderer formats the typed report (:meth:`StudyResult.report()
<repatcost.study.StudyResult.report>`, a :class:`~repatcost.study_report.StudyReport` built
once); none computes a figure. :func:`study_record` gives the JSON-ready dict (the CLI's
``--format json``); :func:`study_table` the one-row-per-municipality table behind CSV and
LaTeX, with the columns of :meth:`StudyReport.to_records`. Money is in the study's currency
at its price year; intervals are equal-tailed; the hard range is what no combination of
inputs within their bounds can leave.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(2_000, seed=3)
>>> record = study_record(result, level=0.9)
>>> record["price_year"], record["samples"], record["seed"]
(2023, 2000, 3)
>>> [m["code"] for m in record["municipalities"]]
[101, 751, 461, 851]
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Sequence
from typing import Any

import attrs

from repatcost.across_readings import ReadingsResult, readings_record
from repatcost.estimate import Estimate
from repatcost.report_answer import Answer
from repatcost.report_outline import Block, Item, Outline, build_outline
from repatcost.report_text import Finding
from repatcost.study import Study, StudyResult
from repatcost.study_report import (
    ADJUST_LATER_THRESHOLD,
    StudyReport,
    report_dict,
    summary_record,
)
from repatcost.tables import Format, Table, markdown_inline

__all__ = [
    "ADJUST_LATER_THRESHOLD",
    "estimate_record",
    "evidence_table",
    "render_report",
    "render_study",
    "report_dict",
    "study_record",
    "study_table",
]


def estimate_record(estimate: Estimate, level: float) -> dict[str, Any]:
    """Median, mean, interval at ``level``, hard range and Monte Carlo errors as floats."""
    return summary_record(estimate.summary(level))


def study_record(
    result: StudyResult, *, level: float = 0.9, adjust_threshold: float = ADJUST_LATER_THRESHOLD
) -> dict[str, Any]:
    """The run as a JSON-ready dict (shape documented in the README)."""
    return report_dict(result.report(level=level, adjust_threshold=adjust_threshold))


def study_table(
    result: StudyResult, *, level: float = 0.9, adjust_threshold: float = ADJUST_LATER_THRESHOLD
) -> Table:
    """One row per municipality and a total row: the columns of
    :meth:`~repatcost.study_report.StudyReport.to_records`."""
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return report.table()


def _markdown_list(block: Block) -> list[str]:
    items = block.items or ((Item(block.empty),) if block.empty else ())
    lines = []
    for item in items:
        lines.append(markdown_inline(f"- {item.text}"))
        lines += [markdown_inline(f"  - {sub}") for sub in item.subitems]
    return ["", *lines] if lines else []


def _markdown_block(block: Block) -> list[str]:
    """One block of the outline as Markdown lines, each after a blank line."""
    if block.kind == "table" and block.table is not None:
        return ["", block.table.to_markdown()]
    if block.kind == "subheading":
        return ["", f"### {markdown_inline(block.text)}"]
    if block.kind == "list":
        return _markdown_list(block)
    return ["", markdown_inline(block.text)]


def outline_markdown(outline: Outline) -> str:
    """The outline as Markdown: its title, each section's title as a heading, its blocks."""
    lines = [f"# {markdown_inline(outline.title)}"]
    for section in outline.sections:
        if section.title:
            lines += ["", f"## {markdown_inline(section.title)}"]
        for block in section.blocks:
            lines += _markdown_block(block)
    return "\n".join(lines) + "\n"


def render_study(
    result: StudyResult,
    fmt: Format = "markdown",
    *,
    level: float = 0.9,
    adjust_threshold: float = ADJUST_LATER_THRESHOLD,
    across: ReadingsResult | None = None,
) -> str:
    """The run's report as text in ``fmt`` (markdown, csv, json or latex); with ``across``
    (the run across readings whose central run is ``result``) the readings too."""
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return render_report(report, fmt, across=across)


def render_report(
    report: StudyReport,
    fmt: Format = "markdown",
    *,
    across: ReadingsResult | None = None,
    findings: Sequence[Finding] = (),
    answer: Answer | None = None,
) -> str:
    """A typed report as text in ``fmt`` (markdown, csv, json or latex); JSON and Markdown
    show the readings of ``across`` when given, Markdown the ``findings`` and, first, the
    ``answer`` (:func:`~repatcost.report_answer.build_answer`), and every format
    counts its range across readings in "adjust later"
    (:meth:`~repatcost.study_report.StudyReport.with_readings`)."""
    if across is not None and not report.readings_counted:
        report = report.with_readings(across.envelope(report.level))
    if fmt == "json":
        record = report_dict(report)
        if across is not None:
            record |= readings_record(across, report.level)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        outline = build_outline(report, across=across, findings=findings, answer=answer)
        return outline_markdown(outline)
    return report.table().render(fmt) + ("" if fmt == "csv" else "\n")


def _number(value: float) -> str:
    return format(value, ",.15g")


def _qualifier_text(record: Any) -> str:
    """How a record's figure is qualified, in words: a bound or a range replaces the
    qualifier (it sets the figure's distribution), a precision or own spread follows it.

    >>> from repatcost.evidence import Period, Source, Volume
    >>> almost = Volume(value=1500, at_most=True, range=[1463, 1499],
    ...                 period=Period.calendar_year(2015), source=Source(section="2"))
    >>> _qualifier_text(almost)
    'at most, range 1,463 - 1,499'
    """
    qualifier = getattr(record, "qualifier", None)
    bound = [
        w
        for w, k in (("at least", "at_least"), ("at most", "at_most"))
        if getattr(record, k, None)
    ]
    pair = getattr(record, "range", None)
    parts = bound + ([f"range {_number(pair[0])} - {_number(pair[1])}"] if pair else [])
    if not parts and qualifier is not None:
        precision = getattr(record, "precision", None)
        parts = [qualifier.value + ("" if precision is None else f" to {_number(precision)}")]
    spread = getattr(record, "spread", None)
    return ", ".join(parts + ([] if spread is None else [f"spread {spread:g}"]))


def _field_value(value: Any, plain: bool) -> Any:
    """One field's value as shown: enums by value, sets joined, whole floats as ints; in
    plain words, names spaced and numbers with thousands separators."""
    if isinstance(value, enum.Enum):
        value = value.value
    elif isinstance(value, frozenset):
        value = ("+" if not plain else ", ").join(sorted(v.value for v in value))
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not plain:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value).replace("_", " ")


def _figure_text(record: Any, plain: bool = False, currency: str = "") -> str:
    """A record's fields as ``name=value; ...``, or in plain words (``name: value``, empty
    fields left out, an amount in ``currency``) for readers."""
    skip = {"source", "qualifier", "precision", "range", "at_least", "at_most", "spread"}
    parts = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.name in skip or value is None or (plain and value in ("", frozenset())):
            continue
        if field.name == "year" or field.name.endswith("_year"):
            value = str(value)
        value = _field_value(value, plain)
        if plain and field.name == "amount" and currency:
            value = f"{value} {currency}"
        name = field.name.replace("_", " ")
        parts.append(f"{name}: {value}" if plain else f"{field.name}={value}")
    return "; ".join(parts)


def _record_name(record: Any, plain: bool) -> str:
    """The record's type name, in words when ``plain`` (``ConversationCount`` ->
    ``conversation count``)."""
    name = type(record).__name__
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower() if plain else name


def evidence_table(study: Study, *, plain: bool = False) -> Table:
    """Every evidence record of ``study``: municipality, kind, figure, qualifier, source;
    ``plain``: kinds, fields and numbers in words, for readers (the HTML report)."""
    rows = []
    for m in study.municipalities:
        for record in m.evidence:
            q_text = _qualifier_text(record)
            rows.append(
                (
                    m.name,
                    m.code,
                    _record_name(record, plain),
                    _figure_text(record, plain, study.declarations.currency),
                    q_text or None,
                    str(record.source),
                )
            )
    return Table(
        ("municipality", "code", "record", "figure", "qualifier", "source"),
        rows,
        title=f"Evidence: {study.title}",
    )
