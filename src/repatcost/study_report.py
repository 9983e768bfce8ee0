"""The typed report of a run, built once: every figure summarised in one pass.

:meth:`StudyResult.report() <repatcost.study.StudyResult.report>` returns a frozen
:class:`StudyReport`: one :class:`Row` per municipality and one for the total, each holding
:class:`Figure` values (an output of :mod:`repatcost.outputs` with its :class:`Summary`).
Every array is summarised once (one partition for all the quantiles it needs); an output
that is another divided by a constant reuses that one's summary. The Markdown, CSV, JSON,
LaTeX and HTML renderers only format this object.

>>> from repatcost.data import bundled_study
>>> report = bundled_study().run(2_000, seed=3).report()
>>> [row.code for row in report.rows]
[101, 751, 461, 851]
>>> report.total.per_outcome.caveat == report.declarations.ratio_caveat
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from repatcost.agreement import Agreement, agreement
from repatcost.audit import overrides, plausibility_flags
from repatcost.declarations import Declarations, slug
from repatcost.display import html_table, money_span, shorten
from repatcost.estimate import SUMMARY_COLUMNS, Summary, summarise
from repatcost.evidence import NoteKind
from repatcost.outputs import Output
from repatcost.readings import reading_phrase, reading_title
from repatcost.tables import Table, format_number

if TYPE_CHECKING:
    from repatcost.study import StudyResult

__all__ = [
    "ADJUST_LATER_THRESHOLD",
    "Crosscheck",
    "Figure",
    "Row",
    "StudyReport",
    "build_report",
    "record_columns",
    "report_dict",
    "summary_record",
]

ADJUST_LATER_THRESHOLD = 0.5
"""An estimate is flagged "adjust later" when its interval is wider than this share of its
median (at the report's level). Danish DUT practice agrees uncertain compensation estimates
subject to later adjustment (efterregulering); 0.5 (a 90% interval spanning half the median)
is an unsourced estimate of where that becomes prudent. Configurable per report."""


def summary_record(summary: Summary) -> dict[str, Any]:
    """Median, mean, interval, hard range and Monte Carlo errors as JSON-ready floats."""
    return {
        "median": summary.median,
        "mean": summary.mean,
        "interval": list(summary.interval),
        "range": [float(x) for x in summary.hard_range],
        "mc_error": {"median": summary.median_se, "interval": list(summary.interval_se)},
    }


@attrs.frozen
class Figure:
    """One reported output: its name, label, unit and summary, with caveat and note.

    ``plausible`` and ``flag`` are set for implied quantities (the range the assumptions
    allow; why the median looks implausible, or None).
    """

    name: str
    label: str
    unit: str
    summary: Summary
    caveat: str | None = None
    note: str = ""
    plausible: tuple[float, float] | None = None
    flag: str | None = None
    share_plausible: float | None = None
    """For an implied quantity: the share of draws inside ``plausible``."""

    @property
    def median(self) -> float:
        """The summary's median."""
        return self.summary.median

    def record(self) -> dict[str, Any]:
        """The JSON-ready summary with its unit (and caveat)."""
        out = {**summary_record(self.summary), "unit": self.unit}
        if self.caveat:
            out["caveat"] = self.caveat
        return out


def _float_map(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Crosscheck:
    """Another estimate of a municipality's cost on the same draws, and its agreement."""

    method: str
    summary: Summary
    agreement: Agreement


@attrs.frozen
class Row:
    """A municipality (or the total) in the report.

    The total has ``code`` None, no ``recurring``/``one_off`` parts, no implied quantities
    and no cross-checks.
    """

    key: str
    name: str
    code: int | str | None
    method: str
    cost: Figure
    components: Mapping[str, float] = attrs.field(converter=_float_map)
    recurring: Figure | None
    one_off: Figure | None
    per_unit: Figure | None
    per_outcome: Figure | None
    per_attributed: Figure | None
    implied: tuple[Figure, ...]
    crosschecks: tuple[Crosscheck, ...]
    adjust_later: bool
    flags: tuple[str, ...]
    leaves_out: tuple[str, ...]
    sources: tuple[str, ...]
    data_gaps: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """What the municipality could not report (gaps in the data, not costs left out)."""

    @property
    def relative_width(self) -> float:
        """Width of the cost's interval relative to its median."""
        return self.cost.summary.relative_width

    def figures(self) -> Iterator[Figure]:
        """Every figure of the row."""
        parts = (self.cost, self.recurring, self.one_off, self.per_unit)
        yield from (f for f in parts if f is not None)
        yield from (f for f in (self.per_outcome, self.per_attributed) if f is not None)
        yield from self.implied

    def summaries(self) -> Iterator[Summary]:
        """Every summary of the row, cross-checks included."""
        yield from (f.summary for f in self.figures())
        yield from (c.summary for c in self.crosschecks)


@attrs.frozen
class OutcomeFacts:
    """What a cost per outcome divides by, from the figures themselves: the years and the
    source sections of the outcome counts, and the bodies whose count of units covers
    another period than a calendar year (name, period in words)."""

    years: tuple[int, ...] = ()
    sections: tuple[str, ...] = ()
    other_periods: tuple[tuple[str, str], ...] = ()


def _period_words(period: Any) -> str:
    """``September to September`` for whole months, else the dates."""
    start, end = period.start, period.end
    if start.day == 1 and end.day == 1:
        return f"{start:%B} to {end:%B}"
    return str(period)


def outcome_facts(study: Any) -> OutcomeFacts:
    """The :class:`OutcomeFacts` of ``study``'s evidence."""
    outcomes = [r for m in study.municipalities for r in m.evidence if r.outcome_field]
    other = []
    for m in study.municipalities:
        counts = [r for r in m.evidence if r.counts_units and hasattr(r, "period")]
        if counts and not counts[0].period.is_calendar_year:
            other.append((m.name, _period_words(counts[0].period)))
    return OutcomeFacts(
        tuple(sorted({r.year for r in outcomes})),
        tuple(sorted({r.source.section for r in outcomes})),
        tuple(other),
    )


@attrs.frozen(repr=False)
class StudyReport:
    """The report of one run (see module docs); ``tolerance`` and ``max_relative_mc_error``
    are set when the run was sampled to a tolerance."""

    title: str
    price_year: int
    level: float
    samples: int
    seed: int
    adjust_threshold: float
    rows: tuple[Row, ...]
    total: Row
    declarations: Declarations = attrs.field(kw_only=True)
    """The study's currency, unit and outcome: every label of the report is made from them."""
    outcome_facts: OutcomeFacts = attrs.field(factory=OutcomeFacts, kw_only=True)
    """The years, sections and periods the cost per outcome sentence names."""
    tolerance: float | None = None
    max_relative_mc_error: float | None = None
    overrides: tuple[tuple[str, str], ...] = ()
    """``(name, rationale)`` of every assumption changed from the defaults."""
    input_flags: tuple[str, ...] = ()
    """Figures and assumptions outside their plausible band, in words."""
    reading: str = "the central reading of the source"
    """Which reading of the source the figures are under (names a reading the user chose)."""
    readings_counted: bool = False
    """True when "adjust later" counts the range across readings (:meth:`with_readings`)."""

    def with_readings(self, envelope: Mapping[str, Any]) -> StudyReport:
        """This report with "adjust later" counting the range across readings too: a row is
        flagged when its interval or its range across readings is wider than the threshold
        share of its median. ``envelope``: ``ReadingsResult.envelope`` at this level.

        >>> from repatcost.across_readings import readings_around
        >>> from repatcost.data import bundled_study
        >>> result = bundled_study().run(2_000, seed=1)
        >>> report = result.report()
        >>> counted = report.with_readings(readings_around(result).envelope(report.level))
        >>> report.total.adjust_later, counted.total.adjust_later, counted.total.flags[0][:45]
        (False, True, 'adjust later: the range across readings spans')
        """
        spans = {**envelope["municipalities"], "total": envelope["total"]}
        rows = tuple(_counting_readings(r, spans[r.key], self.adjust_threshold) for r in self.rows)
        total = _counting_readings(self.total, spans["total"], self.adjust_threshold)
        return attrs.evolve(self, rows=rows, total=total, readings_counted=True)

    unreported: tuple[str, ...] = ()
    """Names of the bodies that answered with no figure (not estimated, not in the total)."""
    outputs: tuple[Figure, ...] = ()
    """Every output of the study's registry (:mod:`repatcost.outputs`), in its order: what
    the report's appendix and JSON ``outputs`` list, so that an output declared once is
    reported everywhere."""

    @property
    def currency(self) -> str:
        """The currency of every amount (at the price year)."""
        return self.declarations.currency

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of :meth:`to_records` (:func:`record_columns`)."""
        return record_columns(self.declarations)

    def summaries(self) -> Iterator[Summary]:
        """Every summary in the report."""
        for row in (*self.rows, self.total):
            yield from row.summaries()

    def max_relative_error(self) -> float:
        """The largest Monte Carlo standard error (median or interval end) relative to its
        median, over every figure (absolute where a median is 0)."""
        return max(s.max_relative_error for s in self.summaries())

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per municipality and the total, keyed by :data:`RECORD_COLUMNS`
        (numbers as floats, ``code`` an int or None, no array)."""
        names = _ratio_names(self.declarations)
        return [_row_record(row, self.level, names) for row in (*self.rows, self.total)]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs the ``pandas`` extra)."""
        from repatcost._frames import records_frame

        return records_frame(self.to_records(), self.columns)

    def table(self) -> Table:
        """:meth:`to_records` as a :class:`~repatcost.tables.Table` (``--format csv``)."""
        rows = [tuple(r[c] for c in self.columns) for r in self.to_records()]
        decl = self.declarations
        notes = (
            () if decl.outcome is None else (f"cost per {decl.outcome} is {decl.ratio_caveat}",)
        )
        return Table(self.columns, rows, title=self.title, notes=notes)

    def summary_table(self) -> Table:
        """The main table: each municipality and the total with median, interval, hard
        range and Monte Carlo error of the annual cost (in the study's currency)."""
        rows = []
        for row in (*self.rows, self.total):
            s = row.cost.summary
            cells = (row.name, row.code, row.method, s.median, *s.interval)
            rows.append((*cells, *s.hard_range, s.median_se, row.adjust_later))
        columns = ("name", "code", "method", "median", "interval_low", "interval_high")
        return Table(
            (*columns, "range_low", "range_high", "median_mc_error", "adjust_later"),
            rows,
            title=f"{self.title}: annual cost, {self.currency} at {self.price_year} prices, "
            f"{self.level:.0%} intervals",
        )

    def __repr__(self) -> str:
        s = self.total.cost.summary
        return shorten(
            f"StudyReport({self.title!r}, {len(self.rows)} municipalities, total median "
            f"{format_number(s.median)} {self.currency}, {self.level:.0%} interval "
            f"{money_span(*s.interval)})"
        )

    def _repr_html_(self) -> str:
        return html_table(self.summary_table())

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of ``repatcost estimate --format json`` (:func:`report_dict`)."""
        return report_dict(self)


def _ratio_names(declarations: Declarations) -> tuple[str, ...]:
    """The column prefixes of the ratios: per unit, and per outcome when there is one."""
    unit = f"per_{slug(declarations.unit)}"
    return (
        (unit,) if declarations.outcome_key is None else (unit, f"per_{declarations.outcome_key}")
    )


def record_columns(declarations: Declarations) -> tuple[str, ...]:
    """Columns of :meth:`StudyReport.to_records`, of ``to_frame()`` and of ``--format csv``
    (money in the study's currency at the price year; ``unit`` is the unit of the cost
    columns; the ratio columns are named by the study's unit and outcome).

    >>> record_columns(Declarations(currency="GBP", unit="request"))[-6:-3]
    ('per_request_median', 'per_request_low', 'per_request_high')
    """
    ends = ("median", "low", "high")
    ratios = [f"{p}_{end}" for p in _ratio_names(declarations) for end in ends]
    return (
        "name",
        "code",
        "method",
        "unit",
        "level",
        *SUMMARY_COLUMNS,
        "one_off_median",
        *ratios,
        "adjust_later",
        "flags",
        "caveats",
    )


def _ratio_cells(prefix: str, figure: Figure | None) -> dict[str, float | None]:
    if figure is None:
        return {f"{prefix}_median": None, f"{prefix}_low": None, f"{prefix}_high": None}
    low, high = figure.summary.interval
    return {f"{prefix}_median": figure.median, f"{prefix}_low": low, f"{prefix}_high": high}


def _row_record(row: Row, level: float, ratios: tuple[str, ...]) -> dict[str, Any]:
    s = row.cost.summary
    caveats = [f"{f.label}: {f.caveat}" for f in row.figures() if f.caveat]
    return {
        "name": row.name,
        "code": row.code,
        "method": row.method,
        "unit": row.cost.unit,
        "level": level,
        "median": s.median,
        "mean": s.mean,
        "interval_low": s.interval[0],
        "interval_high": s.interval[1],
        "range_low": s.hard_range[0],
        "range_high": s.hard_range[1],
        "median_mc_error": s.median_se,
        "one_off_median": None if row.one_off is None else row.one_off.median,
        **_ratio_cells(ratios[0], row.per_unit),
        **(_ratio_cells(ratios[1], row.per_outcome) if len(ratios) > 1 else {}),
        "adjust_later": row.adjust_later,
        "flags": "; ".join(row.flags) or None,
        "caveats": "; ".join(caveats) or None,
    }


class _Summaries:
    """Summaries of a run's outputs at one level, each array summarised once."""

    def __init__(self, result: StudyResult, level: float) -> None:
        self.result, self.level = result, level
        self.by_name: dict[str, Summary] = {}

    def of_array(self, samples: Any, hard_range: tuple[float, float]) -> Summary:
        """The summary of ``samples``: a read-only array's quantiles are found once, by
        whichever figure asks first (:func:`~repatcost.estimate.sample_quantiles`); a figure's
        own temporary samples once, through :meth:`of`."""
        return summarise(samples, hard_range, self.level)

    def of(self, output: Output) -> Summary:
        """The summary of a registry output on the run."""
        if output.name not in self.by_name:
            self.by_name[output.name] = self._compute(output)
        return self.by_name[output.name]

    def _compute(self, output: Output) -> Summary:
        assert output.hard_range is not None  # every study output has one
        low, high = output.hard_range
        if low == high == 0.0:  # nothing can leave zero
            return Summary(0.0, 0.0, self.level, (0.0, 0.0), (0.0, 0.0))
        if output.divides is not None:
            name, d = output.divides
            base = self.of(self.result.outputs[name])
            return Summary(
                base.median / d,
                base.mean / d,
                self.level,
                (base.interval[0] / d, base.interval[1] / d),
                (low, high),
                base.median_se / d,
                (base.interval_se[0] / d, base.interval_se[1] / d),
            )
        evaluation = self.result.evaluation  # kept arrays are reused, new ones not kept
        samples = evaluation.cache.get(output.name)
        if samples is None:
            samples = output.derive(evaluation) if output.derive else output.on(evaluation)
        return self.of_array(samples, (low, high))

    def figure(self, name: str) -> Figure | None:
        """The figure of output ``name``, None when the study has no such output."""
        output = self.result.outputs.get(name)
        if output is None:
            return None
        return Figure(
            name,
            output.label,
            output.unit,
            self.of(output),
            output.caveat,
            output.note,
            output.plausible,
        )


def _implausible(figure: Figure, what: str) -> str | None:
    if figure.plausible is None:
        return None
    low, high = figure.plausible
    median = figure.median
    if low <= median <= high:
        return None
    side = "above" if median > high else "below"
    return (
        f"implausible: the implied {what} (median {median:,.0f}) lies {side} the range "
        f"{low:,.0f}-{high:,.0f} that the assumptions or the reported figures allow"
    )


def _implied(summaries: _Summaries, key: str) -> tuple[Figure, ...]:
    out = []
    decl = summaries.result.study.declarations
    for suffix, what in (
        (decl.volume, f"number of {decl.unit_plural}"),
        ("hourly_cost", "hourly cost"),
    ):
        figure = summaries.figure(f"{key}.{suffix}")
        if figure is not None:
            share = _share_inside(summaries, figure)
            out.append(
                attrs.evolve(figure, flag=_implausible(figure, what), share_plausible=share)
            )
    return tuple(out)


def _share_inside(summaries: _Summaries, figure: Figure) -> float | None:
    """The share of the figure's draws inside its plausible range (None without a range)."""
    if figure.plausible is None:
        return None
    samples = summaries.result.outputs[figure.name].on(summaries.result.evaluation)
    low, high = figure.plausible
    return float(np.mean((samples >= low) & (samples <= high)))


def _crosschecks(summaries: _Summaries, key: str, cost: Summary) -> tuple[Crosscheck, ...]:
    result = summaries.result
    main = result.estimates[key]
    out = []
    for other in result.crosschecks.get(key, ()):
        summary = summaries.of_array(other.samples, other.hard_range)
        check = agreement(main, other, level=summaries.level)
        out.append(Crosscheck(other.method, summary, check))
    return tuple(out)


def _flags(
    width: float, threshold: float, implied: tuple[Figure, ...], checks: tuple[Crosscheck, ...]
) -> tuple[str, ...]:
    flags = []
    if width > threshold:
        flags.append(
            f"adjust later: the interval spans {width:.0%} of the median "
            f"(threshold {threshold:.0%})"
        )
    flags += [f"{f.name.rpartition('.')[2]}: {f.flag}" for f in implied if f.flag]
    flags += [f"triangulation: {c.agreement.describe()}" for c in checks if not c.agreement.agree]
    return tuple(flags)


def _component_medians(summaries: _Summaries, key: str) -> dict[str, float]:
    estimate = summaries.result.estimates[key]
    if len(estimate.components) == 1:  # the cost is this one component
        cost = summaries.of(summaries.result.outputs[key])
        return dict.fromkeys(estimate.components, cost.median)
    return estimate.component_medians()


def _ratio_figures(
    summaries: _Summaries, prefix: str
) -> tuple[Figure | None, Figure | None, Figure | None]:
    """Cost per unit, per outcome and per attributed outcome (None where there is none)."""
    decl = summaries.result.study.declarations

    def one(name: str | None) -> Figure | None:
        return None if name is None else summaries.figure(f"{prefix}{name}")

    return one(decl.per_unit), one(decl.per_outcome), one(decl.per_attributed)


def _municipality_row(summaries: _Summaries, key: str, threshold: float) -> Row:
    result = summaries.result
    municipality, estimate = result.study.municipality(key), result.estimates[key]
    cost = summaries.figure(key)
    assert cost is not None
    implied = _implied(summaries, key)
    checks = _crosschecks(summaries, key, cost.summary)
    width = cost.summary.relative_width
    gaps = tuple(n.text for n in municipality.notes if n.kind is NoteKind.DATA_GAP)
    return Row(
        key,
        municipality.name,
        municipality.code,
        estimate.method,
        cost,
        _component_medians(summaries, key),
        summaries.figure(f"{key}.recurring"),
        summaries.figure(f"{key}.one_off"),
        *_ratio_figures(summaries, f"{key}."),
        implied,
        checks,
        width > threshold,
        _flags(width, threshold, implied, checks),
        tuple(t for t in estimate.leaves_out if t not in gaps),
        tuple(sorted({str(s) for s in estimate.provenance})),
        data_gaps=gaps,
    )


def _total_row(summaries: _Summaries, threshold: float) -> Row:
    cost = summaries.figure("total")
    assert cost is not None
    return Row(
        "total",
        "Total",
        None,
        "sum of the above",
        cost,
        {},
        None,
        None,
        *_ratio_figures(summaries, ""),
        (),
        (),
        cost.summary.relative_width > threshold,
        (),
        (),
        (),
    )


def _counting_readings(row: Row, span: Any, threshold: float) -> Row:
    """``row`` flagged "adjust later" when its range across readings ``span`` is wider than
    ``threshold`` of its median (as well as when its interval is)."""
    median = row.cost.summary.median
    width = (span[1] - span[0]) / abs(median) if median else 0.0
    if width <= threshold:
        return row
    flag = (
        f"adjust later: the range across readings spans {width:.0%} of the median "
        f"(threshold {threshold:.0%})"
    )
    return attrs.evolve(row, adjust_later=True, flags=(flag, *row.flags))


def build_report(result: StudyResult, level: float, threshold: float) -> StudyReport:
    """The report of ``result`` at interval ``level`` and adjust-later ``threshold``."""
    summaries = _Summaries(result, level)
    rows = tuple(
        _municipality_row(summaries, m.key, threshold) for m in result.study.municipalities
    )
    return StudyReport(
        reading_title(result.study),
        result.study.assumptions.price_year,
        level,
        result.n,
        result.seed,
        threshold,
        rows,
        _total_row(summaries, threshold),
        overrides=tuple(overrides(result.study)),
        input_flags=plausibility_flags(result.study),
        reading=reading_phrase(result.study),
        unreported=tuple(m.name for m in result.study.unreported),
        declarations=result.study.declarations,
        outcome_facts=outcome_facts(result.study),
        outputs=_every_output(summaries),
    )


def _every_output(summaries: _Summaries) -> tuple[Figure, ...]:
    """A figure for every output of the run's registry (summaries already made are reused)."""
    figures = (summaries.figure(name) for name in summaries.result.outputs)
    return tuple(f for f in figures if f is not None)


def _ratios(row: Row, report: StudyReport) -> dict[str, Any]:
    decl = report.declarations
    out: dict[str, Any] = {decl.per_unit: _maybe(row.per_unit)}
    if decl.per_outcome is not None:
        out[decl.per_outcome] = _maybe(row.per_outcome)
    if row.per_attributed is not None and decl.per_attributed is not None:
        out[decl.per_attributed] = row.per_attributed.record()
    return out


def _maybe(figure: Figure | None) -> dict[str, Any] | None:
    return None if figure is None else figure.record()


def _implied_dict(figure: Figure) -> dict[str, Any]:
    return {
        **figure.record(),
        "plausible": None if figure.plausible is None else list(figure.plausible),
        "share_plausible": figure.share_plausible,
        "plausible_note": figure.note or None,
        "flag": figure.flag,
    }


def _agreement_dict(a: Agreement) -> dict[str, Any]:
    return {
        "reported_quantile": a.reported_quantile,
        "ratio": {
            "median": a.ratio_median,
            "interval": None if a.ratio_interval is None else list(a.ratio_interval),
        },
        "verdict": a.verdict.value,
        "rule": a.rule,
        "overlap": a.overlap,
        "p_greater": a.p_greater,
    }


def _municipality_dict(row: Row, report: StudyReport) -> dict[str, Any]:
    assert row.recurring is not None
    assert row.one_off is not None
    return {
        "name": row.name,
        "code": row.code,
        "method": row.method,
        **summary_record(row.cost.summary),
        "components": dict(row.components),
        "recurring": summary_record(row.recurring.summary),
        "one_off": summary_record(row.one_off.summary),
        **_ratios(row, report),
        "implied": {f.name.rpartition(".")[2]: _implied_dict(f) for f in row.implied},
        "crosschecks": [
            {
                "method": c.method,
                **summary_record(c.summary),
                "agreement": _agreement_dict(c.agreement),
            }
            for c in row.crosschecks
        ],
        "relative_width": row.relative_width,
        "adjust_later": row.adjust_later,
        "flags": list(row.flags),
        "leaves_out": list(row.leaves_out),
        "data_gaps": list(row.data_gaps),
        "sources": list(row.sources),
    }


def report_dict(report: StudyReport) -> dict[str, Any]:
    """The typed report as the JSON-ready dict (shape documented in the README): the typed
    report's own record, here beside it so that the report needs no renderer (the renderers
    in :mod:`repatcost.report` read it)."""
    out: dict[str, Any] = {
        "title": report.title,
        "price_year": report.price_year,
        "currency": report.currency,
        "level": report.level,
        "samples": report.samples,
        "seed": report.seed,
        "adjust_threshold": report.adjust_threshold,
        "municipalities": [_municipality_dict(row, report) for row in report.rows],
        "total": {
            **summary_record(report.total.cost.summary),
            **_ratios(report.total, report),
            "relative_width": report.total.relative_width,
            "adjust_later": report.total.adjust_later,
        },
    }
    out["overrides"] = [{"name": n, "rationale": why} for n, why in report.overrides]
    out["plausibility_flags"] = list(report.input_flags)
    if report.unreported:
        out["unreported"] = list(report.unreported)
    out["outputs"] = {f.name: {"label": f.label, **f.record()} for f in report.outputs}
    if report.tolerance is not None:
        out["tolerance"] = report.tolerance
        out["max_relative_mc_error"] = report.max_relative_mc_error
    return out


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)
