"""One finding per gap: reported spending against the bottom-up estimate of the same cost.

In the bundled study København reported its spending, and the report checks it against a
bottom-up estimate from its 750 invitations (the cross-check) and divides it into an implied
hourly cost. Both say the same thing, on two bases: the spending is larger than the modelled
conversations explain. :func:`gap_findings` states it once per municipality, with:

- the verdict and the implied hourly cost side by side, each with its basis (numerator: the
  spending as reported, what it covers, minus the interpreter fees the model puts inside
  it; denominator: modelled conversations held x hours per conversation);
- the per-invitation-hour alternative (the same numerator over every invitation's hours:
  the spending also pays for invitations that led to no conversation);
- the scope caveat (the spending may cover more than the conversations);
- switching values of the verdict in the unsourced inputs it depends on, one at a time and
  with one of them at the bound that favours agreement
  (:func:`repatcost.sensitivity.switching_values`), and the readings that change it.

It applies to any study whose municipality has a cross-check and an implied hourly cost
(reported spending with a count); the words come from the study's own records.

>>> from repatcost.data import bundled_study
>>> (finding,) = gap_findings(bundled_study().run(4_000, seed=1), n=2_000, points=5)
>>> finding.title
'København: the reported spending against the bottom-up estimate (one gap, two views)'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from repatcost.distributions import FloatArray
from repatcost.estimators.parts import per_year
from repatcost.evidence import ConversationCount, Measure
from repatcost.report_text import Finding, method_words, money, span
from repatcost.sensitivity.switch import SwitchResult, SwitchRow, switching_values
from repatcost.study import StudyResult
from repatcost.study_report import Figure, Row

__all__ = ["gap_findings", "per_invitation_hour"]

_ORDER = {"consistent": 0, "tension": 1, "inconsistent": 2}
"""The verdicts from the best agreement to the worst."""


def _g(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _span(figure: Figure) -> str:
    low, high = figure.summary.interval
    return f"{_g(figure.median)} ({_g(low)} - {_g(high)})"


def _unsourced(result: StudyResult, names: Any) -> list[str]:
    """The assumptions among ``names`` with no source at all: 'unsourced estimate' alone,
    not an estimate anchored on a source."""
    assumptions = result.study.assumptions
    return sorted(
        n
        for n in names
        if n in assumptions and assumptions[n].source.strip().lower() == "unsourced estimate"
    )


def _verdict_lines(row: Row, hourly: Figure) -> list[str]:
    check = row.crosschecks[0]
    a = check.agreement
    low, high = hourly.plausible or (float("nan"), float("nan"))
    return [
        f"Verdict: the reported {money(a.reported)} lies at quantile {a.reported_quantile:.2f} "
        f"of the bottom-up estimate ({method_words(check.method)}: {money(check.summary.median)}, "
        f"{span(check.summary.interval)}): "
        f"{a.verdict.value}. The implied hourly cost, {_span(hourly)} DKK per hour against "
        f"{_g(low)} - {_g(high)} that the assumptions allow, is the same gap seen per hour, "
        "not a second finding.",
    ]


def _basis_lines(result: StudyResult, row: Row, conversations: Figure) -> list[str]:
    model = result.models[row.key]
    spent = next((n for n in model.notes if "as reported" in n), "the reported figure")
    rule = next((n for n in model.notes if n.startswith("implied hourly cost")), "")
    units = result.study.declarations.unit_plural
    caveat = rule.partition("; ")[2] or "the spending may cover more than these units"
    caveat = caveat.replace("these units", f"the {units} modelled")
    basis = row.per_unit.note if row.per_unit is not None else ""
    return [
        f"Basis of the hourly cost: numerator = {spent}, minus the interpreter fees the model "
        f"puts inside it; denominator = modelled conversations held "
        f"({_span(conversations)}, {basis.replace('_', ' ')}) x hours per conversation.",
        f"Scope, as the model notes: {caveat}. The source does not split the spending, so "
        "part of the gap may be work outside the modelled conversations (handling invitations "
        "that led to none, other guidance) rather than a wrong assumption.",
    ]


def per_invitation_hour(result: StudyResult, key: str) -> tuple[FloatArray, float] | None:
    """Municipality ``key``'s implied cost per invitation-hour, sample by sample: the
    implied hourly cost's numerator over (invitations per year x hours per conversation),
    and the invitations per year; None unless its count is of persons called in.

    >>> from repatcost.data import bundled_study
    >>> samples, invitations = per_invitation_hour(bundled_study().run(2_000, seed=1),
    ...                                            "kobenhavn")
    >>> invitations, bool(400 < float(np.median(samples)) < 560)
    (750.0, True)
    """
    count = result.study.municipality(key).only(ConversationCount)
    name = f"{key}.hourly_cost"
    if count is None or count.measure is not Measure.CALLED_IN or name not in result.outputs:
        return None
    evaluation = result.evaluation
    per_hour = result.outputs[name].on(evaluation)
    held = result.outputs[f"{key}.conversations"].on(evaluation)
    invitations = per_year(float(count.value), count.period)
    return per_hour * held / invitations, invitations


def _per_invitation(result: StudyResult, row: Row, hourly: Figure) -> list[str]:
    """The same numerator over every invitation's hours, when the count is of invitations."""
    found = per_invitation_hour(result, row.key)
    if found is None or hourly.plausible is None:
        return []
    samples, invitations = found
    low, mid, high = np.quantile(samples, [0.05, 0.5, 0.95])
    inside = float(np.mean((samples >= hourly.plausible[0]) & (samples <= hourly.plausible[1])))
    return [
        f"Per invitation-hour instead (the same numerator over {invitations:,.0f} invitations "
        f"x hours per conversation, as if every invitation took a conversation's time): "
        f"{_g(mid)} ({_g(low)} - {_g(high)}) DKK per hour, {inside:.0%} of draws inside "
        f"{_g(hourly.plausible[0])} - {_g(hourly.plausible[1])}."
    ]


def _switch_words(row: SwitchRow, condition: str = "") -> str:
    name = row.changed.replace("_", " ")
    lead = f"{condition}: " if condition else ""
    return f"{lead}{row.after} if {name} is at least {row.value:.3g}, {row.before} below"


def _conditional(
    result: StudyResult, verdict: str, flipping: list[str], settings: dict[str, Any]
) -> list[str]:
    """For each flipping input B at the bound that favours agreement, the values of the
    others from which the verdict is at its best (``consistent``)."""
    study, out = result.study, []
    for other in flipping:
        rest = [n for n in flipping if n != other]
        bounds = study.assumptions.distribution(other).bounds
        at = [  # the verdict with B at each bound, nothing scanned
            switching_values(
                study, verdict, given={other: b}, inputs=[], readings=False, **settings
            )
            for b in bounds
        ]
        bound = min(zip(at, bounds, strict=True), key=lambda p: _rank(p[0]))[1]
        if not rest:
            continue
        best = switching_values(
            study, verdict, given={other: bound}, inputs=rest, readings=False, **settings
        )
        side = "upper" if bound == bounds[1] else "lower"
        condition = f"with {other.replace('_', ' ')} at {bound:g} (its {side} bound)"
        out += [_switch_words(r, condition) for r in best.rows if _ORDER.get(r.after) == 0]
    return out


def _rank(result: SwitchResult) -> int:
    return _ORDER.get(result.verdicts[0].as_run, len(_ORDER))


def _switch_lines(result: StudyResult, key: str, n: int, points: int) -> list[str]:
    verdict = f"{key}.crosscheck"
    study = result.study
    main = result.models[key]
    inputs = {**main.inputs, **study.crosscheck_models()[key][0].inputs}
    unsourced = _unsourced(result, [k for k, d in inputs.items() if not d.is_degenerate])
    settings: dict[str, Any] = {"n": min(n, result.n), "seed": result.seed, "points": points}
    one = switching_values(study, verdict, inputs=unsourced, **settings)
    inputs_rows = [r for r in one.rows if r.kind == "input"]
    flipping = sorted({r.changed for r in inputs_rows})
    lines = [_switch_words(r) for r in inputs_rows]
    lines += _conditional(result, verdict, flipping, settings)
    lines += [
        f"reading {r.changed} = {r.value}: {r.after} (central reading: {r.before})"
        for r in one.rows
        if r.kind == "reading"
    ]
    steady = [n for n in unsourced if n not in flipping]
    head = (
        "Switching values of the verdict in the inputs with no source "
        f"({', '.join(n.replace('_', ' ') for n in unsourced)}"
        f"; one fixed at a time, or two, every other input drawn; {settings['n']:,} draws, "
        f"seed {result.seed}) and the readings that change it:"
    )
    steady_words = ", ".join(n.replace("_", " ") for n in steady)
    tail = [f"no flip within its range: {steady_words}"] if steady else []
    return [head, *(f"  {line}" for line in [*lines, *tail] or ["none"])]


def gap_findings(result: StudyResult, *, n: int = 10_000, points: int = 9) -> list[Finding]:
    """One :class:`Finding` per municipality of ``result`` whose reported spending has a
    cross-check and an implied hourly cost (see module docs); switching values from at most
    ``n`` draws of the run's seed, ``points`` values per input before bisection."""
    report = result.report()
    found = []
    for row in report.rows:
        implied = {f.name.rpartition(".")[2]: f for f in row.implied}
        if not row.crosschecks or "hourly_cost" not in implied or "conversations" not in implied:
            continue
        hourly = implied["hourly_cost"]
        lines = _verdict_lines(row, hourly)
        lines += _basis_lines(result, row, implied["conversations"])
        lines += _per_invitation(result, row, hourly)
        lines += _switch_lines(result, row.key, n, points)
        title = f"{row.name}: the reported spending against the bottom-up estimate"
        covers = [f for f in row.flags if f.startswith(("hourly_cost:", "triangulation:"))]
        found.append(Finding(f"{title} (one gap, two views)", lines, covers=covers))
    return found
