"""The words of the study report, one home for each: the Markdown and HTML renderers both
take their sentences, rounded figures and table cells from here and add only markup.

Every function returns plain text (no Markdown, no HTML): the renderer escapes it. Money is
rounded to three significant digits (:func:`money`), what the evidence supports.

>>> money(1_234_567.0), money(872.6), signed(-643_210.0), span((755_012.0, 845_499.0))
('1,230,000', '873', '-643,000', '755,000 - 845,000')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from repatcost.across_readings import NOISE_RULE, ReadingsResult
from repatcost.readings import SetEstimator
from repatcost.study_report import Crosscheck, Figure, Row, StudyReport
from repatcost.tables import Table

__all__ = [
    "COSTS_NOT_COUNTED",
    "DATA_GAPS",
    "DECLARED_TITLE",
    "FINDINGS_TITLE",
    "FLAGS_TITLE",
    "IMPLIED_TITLE",
    "NONE_NOTED",
    "NOTHING_NOTED",
    "NOT_INCLUDED_TITLE",
    "NO_CHANGE",
    "NO_COUNT",
    "OUTPUTS_TITLE",
    "OVERRIDES_TITLE",
    "READINGS_COLUMNS",
    "READINGS_TITLE",
    "TOTAL_WIDE",
    "TRIANGULATION_TITLE",
    "UNUSED_TITLE",
    "Finding",
    "costs_not_counted",
    "costs_table",
    "data_gaps",
    "envelope_sentence",
    "flags",
    "implied_table",
    "intro",
    "mc_error_note",
    "median_span",
    "method_words",
    "money",
    "no_count_basis",
    "one_off_sentence",
    "outputs_table",
    "overrides",
    "overrides_title",
    "per_outcome_intro",
    "per_outcome_table",
    "per_outcome_title",
    "per_unit_intro",
    "per_unit_name",
    "per_unit_table",
    "percent_change",
    "reading_cells",
    "readings_intro",
    "readings_report_table",
    "signed",
    "span",
    "triangulation_table",
    "unreported_sentence",
    "unused_figures",
    "verdict_rule",
]

FINDINGS_TITLE = "Findings: one per gap"


def _lines(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Finding:
    """A finding of the report: a title and its lines, plain text (a line led by two spaces
    is a sub-item of the line before); a study's own module writes them, the renderers
    add markup.

    >>> Finding("A gap", ["what", "  why"]).record()
    {'title': 'A gap', 'lines': ['what', '  why'], 'covers': []}
    """

    title: str
    lines: tuple[str, ...] = attrs.field(converter=_lines)
    covers: tuple[str, ...] = attrs.field(default=(), converter=_lines, kw_only=True)
    """The report's flags this finding states (the Flags section points here instead)."""

    def record(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"title": self.title, "lines": list(self.lines), "covers": list(self.covers)}


READINGS_TITLE = "Range across readings"
READINGS_COLUMNS = (
    "reading",
    "alternative",
    "total median",
    "change from central",
    "most affected",
    "its median",
    "its change",
)
UNUSED_TITLE = "Figures of the source the central reading does not use:"
NO_COUNT = "n/a (no count: it would restate an assumption)"
NO_CHANGE = "none"
TOTAL_WIDE = "adjust later: the interval is wide relative to the median"
IMPLIED_TITLE = "Implied quantities (not in the source; implied by the model)"
TRIANGULATION_TITLE = "Triangulation (other estimates of the same cost, same draws)"
FLAGS_TITLE = "Flags"
OVERRIDES_TITLE = "Assumptions changed from the defaults"
DECLARED_TITLE = "Assumptions declared in the file"
"""The title of the same list in a study without a pack: it has no defaults to change."""
NOT_INCLUDED_TITLE = "Not included in these figures"
NOTHING_NOTED = "nothing noted"
NONE_NOTED = "none noted"
COSTS_NOT_COUNTED = "Costs not counted:"
DATA_GAPS = "Data gaps (figures the source could not give, not costs):"


def money(x: float) -> str:
    """A figure rounded to three significant digits: what the evidence supports (the
    source's money is rounded to a tenth of a million, its hours are "about")."""
    return f"{float(f'{x:.3g}'):,.0f}" if abs(x) >= 1_000 else f"{x:,.0f}"


def span(pair: tuple[float, float] | list[float]) -> str:
    """An interval of two :func:`money` figures."""
    return f"{money(pair[0])} - {money(pair[1])}"


def signed(x: float) -> str:
    """A change as :func:`money` with its sign (none on zero)."""
    text = money(abs(x))
    return text if text == "0" else ("+" if x > 0 else "-") + text


def percent_change(relative: float) -> str:
    """A relative change in whole percent, to 0.1% below 1%, never a signed zero.

    >>> percent_change(0.364), percent_change(-0.0046), percent_change(0.0002)
    ('+36%', '-0.5%', 'under 0.1%')
    """
    if abs(relative) >= 0.01:
        return f"{relative:+.0%}"
    if abs(relative) >= 0.0005:
        return f"{relative:+.1%}"
    return "under 0.1%"


def median_span(figure: Figure | None, missing: str = "n/a") -> str:
    """``median (low - high)`` of a figure, ``missing`` without one."""
    if figure is None:
        return missing
    return f"{money(figure.median)} ({span(figure.summary.interval)})"


def intro(report: StudyReport) -> str:
    """What the main table shows: reading, interval, range under the bounds, rounding, and
    what "adjust later" means."""
    across = " or its range across readings" if report.readings_counted else ""
    return (
        f"Annual cost, {report.currency} at {report.price_year} prices, under "
        f"{report.reading}: median, "
        f"equal-tailed {report.level:.0%} interval (parameter uncertainty) and "
        "the range under the stated bounds (what no combination of inputs within their "
        f"stated bounds can leave; not a limit on the truth), from {report.samples:,} Monte "
        f"Carlo samples (seed {report.seed}). Figures are rounded to three significant "
        'digits; the JSON output keeps full precision. "Adjust later" marks a figure whose '
        f"{report.level:.0%} interval{across} is wider than {report.adjust_threshold:.0%} of "
        "its median: one to agree provisionally and settle afterwards against what was spent."
    )


def mc_error_note(report: StudyReport) -> str:
    """The Monte Carlo standard error of every median, as a note."""
    errors = ", ".join(
        f"{r.name} {r.cost.summary.median_se:,.0f}" for r in (*report.rows, report.total)
    )
    return (
        "Monte Carlo standard error of each median (sampling noise of this run, not the "
        f"uncertainty of the cost), {report.currency}: {errors}."
    )


def readings_intro(across: ReadingsResult, level: float, *, defined: bool = False) -> str:
    """What the range across readings is, and the total's; ``defined``: the summary above
    has already said what a reading and the range across readings are (a term is explained
    once, where the reader first meets it)."""
    pct = f"{level:.0%}"
    total = f"{span(across.envelope(level)['total'])} {across.central.study.declarations.currency}"
    if defined:
        return (
            "Each alternative below was run on its own, on the same draws, and the extremes "
            f"together: the total ranges over {total} across them. In the table, "
            f"{NOISE_RULE}."
        )
    return (
        f"The {pct} intervals above hold one reading of the source. Read differently "
        "(each alternative below, one at a time, on the same draws, and the extremes "
        f"together), the total ranges over {total}: the "
        f"lowest lower end to the highest upper end of every {pct} interval. It spans the "
        "readings named below and no others: it is not a bound on the answer. In the table, "
        f"{NOISE_RULE}."
    )


def _questions(across: ReadingsResult) -> dict[str, str]:
    """Each reading's question: its name in words (the name stays in JSON)."""
    return {r.name: r.question for r in across.central.study.readings}


def _names(across: ReadingsResult) -> dict[str, str]:
    return {m.key: m.name for m in across.central.study.municipalities}


def reading_cells(across: ReadingsResult, level: float) -> list[tuple[str, ...]]:
    """One row of :data:`READINGS_COLUMNS` per alternative, biggest change first."""
    names, questions = _names(across), _questions(across)
    return [
        (
            questions.get(row.reading, row.reading),
            row.label,
            money(row.total.median),
            f"{signed(row.change)} ({percent_change(row.relative)})" if row.moves else NO_CHANGE,
            names[row.municipality],
            money(row.municipality_median),
            signed(row.municipality_change) if row.moves_municipality else NO_CHANGE,
        )
        for row in across.rows(level)
    ]


def envelope_sentence(across: ReadingsResult, level: float) -> str:
    """The range across readings of each municipality."""
    names = _names(across)
    towns = ", ".join(
        f"{names[k]} {span(v)}" for k, v in across.envelope(level)["municipalities"].items()
    )
    return f"Range across readings by municipality: {towns}."


def unused_figures(across: ReadingsResult) -> list[str]:
    """Reported figures the central reading leaves aside (the same estimator reading
    another figure, such as another year's spending), and what they would give (shown under
    :data:`UNUSED_TITLE`); an alternative that changes the method is not a figure."""
    names, lines = _names(across), []
    study = across.central.study
    for run in across.runs:
        changes = [c for c in run.alternative.changes if isinstance(c, SetEstimator)]
        if run.is_central or not changes:
            continue
        town = changes[0].municipality
        if type(changes[0].estimator) is not type(study.estimator_for(town)):
            continue
        median = run.result.estimates[town].median
        lines.append(
            f"{names[town]}, read as '{run.alternative.label}': "
            f"{run.alternative.rationale} It would give {money(median)} for "
            f"{names[town]} and {money(run.result.total.median)} in total."
        )
    return lines


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def per_outcome_intro(report: StudyReport) -> str:
    """What the cost per outcome is and is not: the years, sections and periods are those of
    the figures it divides, the sentences about the source the pack's or the scenario's."""
    decl, facts = report.declarations, report.outcome_facts
    plural = decl.outcome_plural or "outcomes"
    counted = decl.text("outcome_phrase", f"the {plural} counted")
    years = _and([str(y) for y in facts.years]) if facts.years else str(report.price_year)
    where = f" (section {_and(list(facts.sections))} of the source)" if facts.sections else ""
    lag = decl.text("outcome_lag", f"the {decl.unit_plural} of a year may lead to {plural} later")
    other = [f"{name}'s {period}" for name, period in facts.other_periods]
    against = (
        f", and a count over another period ({_and(other)}) is set against calendar-year "
        f"{decl.text('outcome_noun', plural)}"
        if other
        else ""
    )
    scale = decl.text("outcome_scale", "Read it as a scale, not as the price of one.")
    return (
        f"Annual cost divided by {counted} in {years}{where}. It is {decl.ratio_caveat}; "
        f"{lag}{against}. {scale}"
    )


def unreported_sentence(report: StudyReport) -> str | None:
    """The bodies that answered with no figure, or None when every one gave one."""
    if not report.unreported:
        return None
    return (
        f"Answered with no figure: {', '.join(report.unreported)}. They count among the "
        "bodies that answered; no cost is estimated for them and the total leaves them out."
    )


def per_unit_name(row: Row) -> str:
    """The row's name, with what its per-unit figure covers when noted."""
    note = row.per_unit.note if row.per_unit is not None else ""
    return f"{row.name} ({note})" if note else row.name


def verdict_rule(report: StudyReport) -> str | None:
    """The triangulation's verdict rule, None without cross-checks."""
    checks = [c for r in report.rows for c in r.crosschecks]
    return f"Verdict rule: {checks[0].agreement.rule}." if checks else None


def flags(report: StudyReport, findings: Iterable[Finding] = ()) -> list[str]:
    """Every flag, each after its municipality's name; the flags a finding covers give way
    to one line pointing at it (one gap, one line).

    >>> from repatcost.data import bundled_study
    >>> report = bundled_study().run(1_000, seed=1).report()
    >>> gap = Finding("One gap", ["..."], covers=report.rows[0].flags)
    >>> [f for f in flags(report, [gap]) if f.startswith("København")]
    ['København: One gap (see Findings: one per gap)']
    >>> len(flags(report)) - len(flags(report, [gap])) == len(report.rows[0].flags) - 1
    True
    """
    covered = {(finding, flag) for finding in findings for flag in finding.covers}
    out = []
    for r in report.rows:
        pointed = set()
        for flag in r.flags:
            finding = next((f for f, c in covered if c == flag), None)
            if finding is None:
                out.append(f"{r.name}: {flag}")
            elif finding.title not in pointed:
                pointed.add(finding.title)
                lead = "" if finding.title.startswith(r.name) else f"{r.name}: "
                out.append(f"{lead}{finding.title} (see {FINDINGS_TITLE})")
    out += [f"Total: {flag}" for flag in report.total.flags]
    if report.total.relative_width > report.adjust_threshold:
        out.append(f"Total: {TOTAL_WIDE}")
    return out + [f"Inputs: {flag}" for flag in report.input_flags]


def overrides_title(report: StudyReport) -> str:
    """:data:`OVERRIDES_TITLE`, or :data:`DECLARED_TITLE` in a study without a pack."""
    return OVERRIDES_TITLE if report.declarations.domain is not None else DECLARED_TITLE


def overrides(report: StudyReport) -> list[str]:
    """Each assumption changed from its default, with the rationale given (under
    :data:`OVERRIDES_TITLE`)."""
    return [f"{name}: {why}" for name, why in report.overrides]


def _not_counted(report: StudyReport) -> list[str]:
    """Costs no estimate of this report counts, by the methods used (the pack's words)."""
    from repatcost.packs import get_pack

    domain = report.declarations.domain
    return [] if domain is None else list(get_pack(domain).not_counted(report))


def costs_not_counted(report: StudyReport) -> list[str]:
    """What each municipality leaves out, then what the methods used do not count."""
    left_out = [f"{r.name}: {item}" for r in report.rows for item in r.leaves_out]
    return left_out + _not_counted(report)


def data_gaps(report: StudyReport) -> list[str]:
    """Figures the source could not give (not costs), each after its municipality."""
    return [f"{r.name}: {item}" for r in report.rows for item in r.data_gaps]


def one_off_sentence(report: StudyReport) -> str | None:
    """The one-off costs included in the annual figures, None without any."""
    parts = [(r.name, r.one_off) for r in report.rows if r.one_off is not None]
    listed = ", ".join(
        f"{name} {money(f.median)}" for name, f in parts if f.summary.hard_range[1] > 0
    )
    if not listed:
        return None
    return f"One-off costs included above (not recurring): {listed}."


def method_words(method: str) -> str:
    """An estimator's name (or a sum of them) in words, for the reader; the name itself
    stays in JSON and CSV.

    >>> method_words("conversation_time + interpreter_fees")
    'conversation time and interpreter fees'
    """
    return " and ".join(part.strip().replace("_", " ") for part in method.split("+"))


def _cost_cells(r: Row) -> tuple[str | int | bool | None, ...]:
    s = r.cost.summary
    median = money(s.median)
    return (
        r.name,
        r.code,
        method_words(r.method),
        median,
        span(s.interval),
        span(s.hard_range),
        r.adjust_later,
    )


def costs_table(report: StudyReport) -> Table:
    """The main table: each municipality's and the total's annual cost, rounded."""
    pct = f"{report.level:.0%}"
    interval, bounds = f"{pct} interval", "range under the stated bounds"
    rows = [_cost_cells(r) for r in (*report.rows, report.total)]
    return Table(
        ("municipality", "code", "method", "median", interval, bounds, "adjust later"),
        rows,
        numeric=("median", interval, bounds),
    )


def no_count_basis(report: StudyReport) -> str:
    """The basis cell of a municipality without a count of units."""
    decl = report.declarations
    return decl.text("no_count_basis", f"no count of {decl.unit_plural} in the source")


def _basis(r: Row, report: StudyReport) -> str:
    if r.key == "total":
        return ""
    if r.per_unit is None:
        return no_count_basis(report)
    return r.per_unit.note.replace("_", " ")  # input names in words


def per_unit_table(report: StudyReport) -> Table:
    """Cost per unit at the funnel's last stage, where a count of units exists (the rule
    and the warning: :func:`per_unit_intro`)."""
    rows = [
        (
            per_unit_name(r) if r.key == "total" else r.name,
            median_span(r.per_unit, NO_COUNT),
            _basis(r, report),
        )
        for r in (*report.rows, report.total)
    ]
    counted = report.declarations.counted
    column = f"per {counted}"
    title = f"Per {counted} ({report.level:.0%} intervals)"
    return Table(("municipality", column, "basis"), rows, title=title, numeric=(column,))


def per_unit_intro(report: StudyReport) -> str:
    """Which municipalities the per-unit table shows, and why its rows are not directly
    comparable (the pack's words, and the source's own warning when its document has one)."""
    from repatcost.data.source_words import comparability_warning

    decl = report.declarations
    warning = comparability_warning(tuple(s for r in report.rows for s in r.sources))
    quoted = f" The source says so itself ({warning})." if warning else ""
    differ = decl.text("counts_differ", "")
    return (
        f"Rule: a municipality has a figure when the source gives it a count of "
        f"{decl.text('counted_things', decl.unit_plural)}; its {decl.counted_plural} are that "
        "count, times the assumptions named in the basis column where it names any. A "
        "municipality without a "
        f"count has none: its {decl.unit_plural} would come from assumptions alone, and the "
        f"figure would restate them.{' ' + differ if differ else ''}{quoted}"
    )


def per_outcome_title(report: StudyReport) -> str:
    """The title of the cost per outcome section."""
    return f"Cost per {report.declarations.outcome} (a ratio, not an effect)"


def per_outcome_table(report: StudyReport) -> Table | None:
    """Cost per outcome (read with :func:`per_outcome_intro`); None without an outcome."""
    if report.declarations.outcome is None:
        return None
    rows = [(r.name, median_span(r.per_outcome)) for r in (*report.rows, report.total)]
    column = f"per {report.declarations.outcome} ({report.level:.0%} interval)"
    title = per_outcome_title(report)
    return Table(("municipality", column), rows, title=title, numeric=(column,))


def _plausible(f: Figure) -> str:
    if f.plausible is None:
        return f.note or "none"
    return f"{span(f.plausible)} ({f.note})" if f.note else span(f.plausible)


def _implied_cells(r: Row, f: Figure) -> tuple[str, ...]:
    quantity = f"{f.name.rpartition('.')[2].replace('_', ' ')} ({f.unit})"
    share = "n/a" if f.share_plausible is None else f"{f.share_plausible:.0%}"
    return (r.name, quantity, money(f.median), span(f.summary.interval), _plausible(f), share)


def implied_table(report: StudyReport) -> Table | None:
    """The quantities the model implies, with their plausible ranges; None without any."""
    pct = f"{report.level:.0%}"
    rows = [_implied_cells(r, f) for r in report.rows for f in r.implied]
    if not rows:
        return None
    numbers = ("median", f"{pct} interval", "plausible range", "share of draws inside")
    return Table(
        ("municipality", "quantity", *numbers), rows, title=IMPLIED_TITLE, numeric=numbers
    )


def _ratio(check: Crosscheck) -> str:
    a = check.agreement
    if a.ratio_interval is None:
        return f"{a.ratio_median:.2f}"
    low, high = a.ratio_interval
    return f"{a.ratio_median:.2f} ({low:.2f} - {high:.2f})"


def _check_cells(r: Row, c: Crosscheck) -> tuple[str, ...]:
    quantile = f"{c.agreement.reported_quantile:.2f}"
    estimate = f"{method_words(r.method)} (main) vs {method_words(c.method)}"
    median, interval = money(c.summary.median), span(c.summary.interval)
    return (r.name, estimate, median, interval, quantile, _ratio(c), c.agreement.verdict.value)


def triangulation_table(report: StudyReport) -> Table | None:
    """Other estimates of each cost and their verdicts (rule: :func:`verdict_rule`)."""
    pct = f"{report.level:.0%}"
    rows = [_check_cells(r, c) for r in report.rows for c in r.crosschecks]
    if not rows:
        return None
    ratio = f"ratio main / other ({pct} interval)"
    numbers = ("median", f"{pct} interval", "main median's quantile", ratio)
    return Table(
        ("municipality", "estimate", *numbers, "verdict"),
        rows,
        title=TRIANGULATION_TITLE,
        numeric=numbers,
    )


OUTPUTS_TITLE = "Appendix: every figure of the run, by name"


def outputs_table(report: StudyReport) -> Table | None:
    """Every output of the study's registry with its name (an identifier, as in the JSON),
    unit, median and interval; None without any."""
    pct = f"{report.level:.0%}"
    rows = [
        (f.label, f.name, f.unit, money(f.median), span(f.summary.interval))
        for f in report.outputs
    ]
    if not rows:
        return None
    numbers = ("median", f"{pct} interval")
    return Table(("figure", "name", "unit", *numbers), rows, title=OUTPUTS_TITLE, numeric=numbers)


def readings_report_table(across: ReadingsResult, level: float) -> Table:
    """The alternatives' effects (:func:`reading_cells`), biggest first."""
    numbers = ("total median", "change from central", "its median", "its change")
    return Table(
        READINGS_COLUMNS, reading_cells(across, level), title=READINGS_TITLE, numeric=numbers
    )


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)
