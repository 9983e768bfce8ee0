"""The report's outline: its sections in order, built once from the typed result.

A report is an :class:`Outline`: a title and a sequence of :class:`Section` (an id, a
title, and blocks: paragraphs, tables, lists and subheadings), built by
:func:`build_outline` from the typed report, the run across readings, the findings and the
summary, with the words of :mod:`repatcost.report_text` and
:mod:`repatcost.report_answer`. The Markdown renderer (:func:`repatcost.report.render_report`)
and the HTML one (:func:`repatcost.report_html.render_html`) walk the same outline and add
only markup, so both show the same sections with the same ids in the same order; the HTML
page adds its charts after the costs and the evidence at the end.

>>> from repatcost.data import bundled_study
>>> outline = build_outline(bundled_study().run(2_000, seed=3).report())
>>> [s.id for s in outline.sections][:3]
['costs', 'per-unit', 'per-outcome']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from repatcost import report_text as text
from repatcost.report_answer import ANSWER_TITLE, Answer
from repatcost.tables import Table

if TYPE_CHECKING:
    from repatcost.across_readings import ReadingsResult
    from repatcost.study_report import StudyReport

__all__ = ["Block", "Item", "Outline", "Section", "build_outline"]


@attrs.frozen
class Item:
    """A list item, and the items nested under it."""

    text: str
    subitems: tuple[str, ...] = ()


@attrs.frozen
class Block:
    """One block of a section: a ``paragraph`` (``text``), a ``table``, a ``list`` of
    ``items`` (``empty`` shown when there are none) or a ``subheading`` (``text``).
    ``ident`` names it for links and tests; ``css`` is a style hint (``"note"``)."""

    kind: str
    text: str = ""
    table: Table | None = None
    items: tuple[Item, ...] = ()
    empty: str = ""
    ident: str | None = None
    css: str | None = None


def paragraph(words: str, ident: str | None = None, css: str | None = None) -> Block:
    """A paragraph block."""
    return Block("paragraph", words, ident=ident, css=css)


def listing(items: Sequence[str | Item], empty: str = "") -> Block:
    """A list block; plain strings become items without sub-items."""
    return Block(
        "list", items=tuple(i if isinstance(i, Item) else Item(i) for i in items), empty=empty
    )


def table_block(table: Table, ident: str) -> Block:
    """A table block (its title is the section's, not the table's)."""
    return Block("table", table=attrs.evolve(table, title=""), ident=ident)


@attrs.frozen
class Section:
    """A section: an id (stable, for links and tests), a title (none for the opening
    section under the report's title) and its blocks."""

    id: str
    title: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Outline:
    """The report: its title and sections in order."""

    title: str
    sections: tuple[Section, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The sections' ids, in order."""
        return tuple(s.id for s in self.sections)


def _summary(answer: Answer | None) -> list[Section]:
    if answer is None:
        return []
    first, *rest = answer.paragraphs()
    blocks = (paragraph(first, "answer"), *(paragraph(x) for x in rest))
    return [Section("summary", ANSWER_TITLE, blocks)]


def _costs(report: StudyReport) -> Section:
    return Section(
        "costs",
        "",
        (
            paragraph(text.intro(report)),
            table_block(text.costs_table(report), "costs"),
            paragraph(text.mc_error_note(report), "mc-errors", "note"),
        ),
    )


def _readings(across: ReadingsResult | None, level: float, defined: bool) -> list[Section]:
    if across is None:
        return []
    unused = text.unused_figures(across)
    blocks = [
        paragraph(text.readings_intro(across, level, defined=defined)),
        table_block(text.readings_report_table(across, level), "readings"),
        paragraph(text.envelope_sentence(across, level), "envelope"),
    ]
    if unused:
        blocks += [paragraph(text.UNUSED_TITLE), listing(unused)]
    return [Section("readings", text.READINGS_TITLE, tuple(blocks))]


def _table_section(
    ident: str, table: Table | None, before: Sequence[str] = (), after: Sequence[str] = ()
) -> list[Section]:
    if table is None:
        return []
    blocks = (
        *(paragraph(x) for x in before),
        table_block(table, ident),
        *(paragraph(x) for x in after),
    )
    return [Section(ident, table.title or "", blocks)]


def _per_outcome(report: StudyReport) -> list[Section]:
    """The cost per outcome, when the study declares an outcome."""
    table = text.per_outcome_table(report)
    if table is None:
        return []
    return _table_section("per-outcome", table, before=[text.per_outcome_intro(report)])


def _ratios_and_checks(report: StudyReport) -> list[Section]:
    rule = text.verdict_rule(report)
    return [
        *_table_section(
            "per-unit", text.per_unit_table(report), before=[text.per_unit_intro(report)]
        ),
        *_per_outcome(report),
        *_table_section("implied", text.implied_table(report)),
        *_table_section(
            "triangulation", text.triangulation_table(report), after=[rule] if rule else []
        ),
    ]


def _finding_items(lines: Sequence[str]) -> tuple[Item, ...]:
    """A finding's lines as items; a line led by two spaces is a sub-item of the one before."""
    items: list[Item] = []
    for line in lines:
        if line.startswith("  ") and items:
            last = items[-1]
            items[-1] = Item(last.text, (*last.subitems, line.strip()))
        else:
            items.append(Item(line.strip()))
    return tuple(items)


def _findings(findings: Sequence[text.Finding]) -> list[Section]:
    if not findings:
        return []
    blocks: list[Block] = []
    for finding in findings:
        blocks += [Block("subheading", finding.title), listing(_finding_items(finding.lines))]
    return [Section("findings", text.FINDINGS_TITLE, tuple(blocks))]


def _closing(report: StudyReport, findings: Sequence[text.Finding]) -> list[Section]:
    one_off = text.one_off_sentence(report)
    unreported = text.unreported_sentence(report)
    closing = [
        Section(
            "flags", text.FLAGS_TITLE, (listing(text.flags(report, findings), text.NOTHING_NOTED),)
        )
    ]
    if report.overrides:
        closing.append(
            Section("overrides", text.overrides_title(report), (listing(text.overrides(report)),))
        )
    blocks = [
        Block("subheading", text.COSTS_NOT_COUNTED.rstrip(":")),
        listing(text.costs_not_counted(report), text.NOTHING_NOTED),
        Block("subheading", text.DATA_GAPS.rstrip(":")),
        listing(text.data_gaps(report), text.NONE_NOTED),
        *([] if unreported is None else [paragraph(unreported)]),
        *([] if one_off is None else [paragraph(one_off)]),
    ]
    return [*closing, Section("not-included", text.NOT_INCLUDED_TITLE, tuple(blocks))]


def build_outline(
    report: StudyReport,
    *,
    across: ReadingsResult | None = None,
    findings: Sequence[text.Finding] = (),
    answer: Answer | None = None,
) -> Outline:
    """The report's sections in order (see module docs). ``report`` should already count
    the range across readings when ``across`` is given
    (:meth:`~repatcost.study_report.StudyReport.with_readings`)."""
    return Outline(
        report.title,
        (
            *_summary(answer),
            _costs(report),
            *_readings(across, report.level, defined=answer is not None),
            *_ratios_and_checks(report),
            *_findings(findings),
            *_closing(report, findings),
            *_table_section("outputs", text.outputs_table(report)),
        ),
    )
