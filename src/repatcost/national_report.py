"""The national report: JSON record, one table (CSV, LaTeX) and Markdown.

The answer leads with the median and the central 50% (which hardly depend on the prior for
the between-municipality scale); the prior table shows the interval under each prior. No mean
of a heavy-tailed figure is printed: the observed total's and the naive ratio's means (bounded
figures) come with what drives them. The JSON shape (``repatcost national --format json``)::

    {"title", "area", "currency", "price_year", "level", "samples", "seed", "driver", "prior",
     "national": {"median", "central_50", "interval", "range", "prior", "upper_end"},
     "medians_across_priors", "priors": [...], "model": {...}, "observed": {...},
     "naive": {...}, "between_municipality": {...}, "drivers": [...], "readings": [...],
     "bounding_case": [...], "assumptions": [...], "municipalities": [... with members=True]}

>>> from repatcost.data import bundled_study
>>> from repatcost.national_model import national
>>> record = national_record(national(bundled_study(), n=2_000, seed=1), level=0.9)
>>> len(record["priors"]) >= 3, record["national"]["range"][1] is None
(True, True)
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from repatcost.estimate import Estimate, check_interval_samples, interval_quantiles
from repatcost.national_model import ASSUMPTIONS
from repatcost.national_result import DriverOutcome, NationalResult
from repatcost.report_text import money
from repatcost.tables import Format, Table, markdown_cell, markdown_inline

__all__ = ["national_record", "national_table", "render_national"]

BOUNDED_MEAN = (
    "a bounded figure: the observed municipalities' own estimates, no between-municipality tail"
)


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _quantiles(samples: np.ndarray, level: float) -> dict[str, Any]:
    tail_low, tail_high = interval_quantiles(level)
    low, q25, median, q75, high = np.quantile(samples, [tail_low, 0.25, 0.5, 0.75, tail_high])
    return {
        "median": float(median),
        "central_50": [float(q25), float(q75)],
        "interval": [float(low), float(high)],
    }


def _bounded(estimate: Estimate, level: float) -> dict[str, Any]:
    return {
        **_quantiles(estimate.samples, level),
        "range": [_finite(x) for x in estimate.hard_range],
        "mean": {"value": float(estimate.samples.mean()), "driven_by": BOUNDED_MEAN},
    }


def _prior_rows(answer: NationalResult, level: float) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "label": o.prior.label,
            "source": o.prior.source,
            "bound": _finite(o.prior.bound),
            "central": name == answer.prior_name,
            "scale": _quantiles(o.tau, level),
            **_quantiles(o.national.samples, level),
        }
        for name, o in answer.priors.items()
    ]


def _model(answer: NationalResult, level: float) -> dict[str, Any]:
    population = answer.population
    fixed = population.fixed_cost
    part = None
    if fixed is not None:
        part = {
            "name": fixed.name,
            "distribution": repr(fixed.distribution),
            "unit": fixed.unit,
            "rationale": fixed.rationale,
            "source": fixed.source,
            **_quantiles(answer.fixed, level),
        }
    return {
        "rule": "cost = fixed part (each member that holds the activity: driver > 0) + "
        "driver x variable cost per unit (log-normal between members, estimated from the "
        "observed)",
        "fixed_part": part,
        "members_holding": population.holders(answer.central_name),
        "members": len(population.members),
        "variable_part": {
            "typical_cost_per_unit": _quantiles(np.exp(answer.central.mu), level),
            "unobserved_cost_per_unit": _quantiles(answer.central.ratio, level),
        },
    }


def _between(answer: NationalResult, level: float) -> dict[str, Any]:
    outcome = answer.central
    name = outcome.driver.name
    members = {m.id: m for m in answer.population.members}
    rows: list[dict[str, Any]] = []
    for m, member_id in zip(_observed_estimates(answer), answer.observed_ids, strict=True):
        member = members[member_id]
        ratio = (m.samples - answer.fixed) / member.drivers[name]
        rows.append(
            {
                "id": member.id,
                "name": member.name,
                "driver": member.drivers[name],
                "variable_cost_per_unit": _quantiles(ratio, level),
            }
        )
    medians = [r["variable_cost_per_unit"]["median"] for r in rows]
    return {
        "model": "log variable cost per unit of driver ~ Normal(mu, tau^2) between members; "
        "(mu, tau) drawn per sample from their posterior given the observed members under "
        "the prior (see priors)",
        "observed": rows,
        "spread_factor": max(medians) / min(medians),
        "scale": _quantiles(outcome.tau, level),
    }


def _observed_estimates(answer: NationalResult) -> list[Estimate]:
    keys = [m.key for m in answer.result.study.municipalities if m.key in answer.result.estimates]
    return [answer.result.estimates[k] for k in keys]


def _driver_record(answer: NationalResult, outcome: DriverOutcome) -> dict[str, Any]:
    d = outcome.driver
    total = answer.population.total(d.name)
    members = {m.id: m for m in answer.population.members}
    seen = math.fsum(members[i].drivers[d.name] for i in answer.observed_ids)
    return {
        "name": d.name,
        "unit": d.unit,
        "total": total,
        "observed": seen,
        "observed_share": seen / total if total > 0 else None,
        "bounding": d.bounding,
        "source": d.source,
        "rationale": d.rationale,
    }


def _municipality_rows(answer: NationalResult, level: float) -> list[dict[str, Any]]:
    outcome = answer.central
    name = outcome.driver.name
    own = dict(zip(answer.observed_ids, _observed_estimates(answer), strict=True))
    probs = [interval_quantiles(level)[0], 0.5, interval_quantiles(level)[1]]
    unit = np.quantile(outcome.ratio, probs)
    fixed = np.quantile(answer.fixed, probs)
    rows: list[dict[str, Any]] = []
    for member in answer.population.members:
        value = member.drivers[name]
        if member.id in own:
            low, median, high = own[member.id].quantiles(probs)
        else:  # the fixed part's and the ratio's quantiles added: an approximate interval
            low, median, high = (unit * value + fixed) if value > 0 else (0.0, 0.0, 0.0)
        rows.append(
            {
                "id": member.id,
                "name": member.name,
                "group": member.group,
                "observed": member.id in own,
                "driver": value,
                "median": float(median),
                "interval": [float(low), float(high)],
            }
        )
    return rows


def _reading(answer: NationalResult, level: float, bounding: bool) -> list[dict[str, Any]]:
    return [
        {
            "label": name,
            "rationale": o.driver.rationale,
            "source": o.driver.source,
            "national": _quantiles(o.national.samples, level),
        }
        for name, o in answer.outcomes.items()
        if o.driver.bounding is bounding
    ]


def _headline(answer: NationalResult, level: float) -> dict[str, Any]:
    return {
        **_quantiles(answer.central.national.samples, level),
        "range": [_finite(answer.central.national.hard_range[0]), None],
        "prior": answer.prior_name,
        "upper_end": "depends on the prior for the between-municipality scale tau: see "
        "'priors'; the median and the central 50% hardly do",
    }


def national_record(
    answer: NationalResult, *, level: float = 0.9, members: bool = False
) -> dict[str, Any]:
    """The national result as a JSON-ready dict (module docs); ``members``: one row per
    member of the population. Refuses too few samples for ``level``."""
    result, population = answer.result, answer.population
    check_interval_samples("national_record", result.n, level)
    priors = _prior_rows(answer, level)
    medians = [p["median"] for p in priors]
    record: dict[str, Any] = {
        "title": f"{population.words.activity} in {population.title}",
        "area": population.area,
        "currency": answer.currency,
        "price_year": result.study.assumptions.price_year,
        "level": level,
        "samples": result.n,
        "seed": result.seed,
        "driver": answer.central_name,
        "prior": answer.prior_name,
        "national": _headline(answer, level),
        "medians_across_priors": [min(medians), max(medians)],
        "priors": priors,
        "model": _model(answer, level),
        "observed": {
            "municipalities": [m.name for m in result.study.municipalities],
            **_bounded(answer.observed, level),
        },
        "naive": {
            "rule": "the observed total x total driver / observed driver (no spread)",
            **_bounded(answer.central.naive, level),
        },
        "between_municipality": _between(answer, level),
        "drivers": [_driver_record(answer, o) for o in answer.outcomes.values()],
        "readings": [_readings_entry(answer, level)],
        "bounding_case": _reading(answer, level, bounding=True),
        "assumptions": [*ASSUMPTIONS, *population.words.notes],
    }
    if members:
        record["municipalities"] = _municipality_rows(answer, level)
    return record


def _readings_entry(answer: NationalResult, level: float) -> dict[str, Any]:
    return {
        "name": "national.driver",
        "question": answer.population.words.question,
        "central": answer.central_name,
        "alternatives": _reading(answer, level, bounding=False),
    }


def _summary_rows(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    area, driver = record["area"], record["driver"]
    rows: list[tuple[Any, ...]] = [
        ("national", None, area, driver, p["name"], None, *_cells(p)) for p in record["priors"]
    ]
    for group, kind in (("readings", "reading"), ("bounding_case", "bounding case")):
        entries = record[group][0]["alternatives"] if group == "readings" else record[group]
        rows += [
            (kind, None, area, e["label"], record["prior"], None, *_cells(e["national"]))
            for e in entries
            if e["label"] != driver
        ]
    rows.append(("naive", None, area, driver, None, None, *_cells(record["naive"])))
    rows.append(
        ("observed", None, "observed total", None, None, None, *_cells(record["observed"]))
    )
    return rows


def _member_rows(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        ("observed" if r["observed"] else "predicted", r["id"], r["name"], record["driver"],
         record["prior"], r["driver"], r["median"], None, None, *r["interval"])
        for r in record.get("municipalities", [])
    ]  # fmt: skip


def national_table(answer: NationalResult, *, level: float = 0.9, members: bool = False) -> Table:
    """One table: the central figure under each prior, each driver, the naive ratio, the
    observed total and (``members``) every member (CSV and LaTeX output)."""
    record = national_record(answer, level=level, members=members)
    pct, cur = f"{level:.0%}", record["currency"]
    money_columns = ("median", "central_50_low", "central_50_high",
                     f"interval_{pct}_low", f"interval_{pct}_high")  # fmt: skip
    return Table(
        ("row", "id", "name", "driver", "prior", "driver_value",
         *(f"{c}_{cur}" for c in money_columns)),
        [*_summary_rows(record), *_member_rows(record)],
        title=f"{record['title']}, {cur} at {record['price_year']} prices",
        notes=tuple(record["assumptions"]),
    )  # fmt: skip


def _cells(figure: dict[str, Any]) -> tuple[float, ...]:
    return (figure["median"], *figure["central_50"], *figure["interval"])


def _span(pair: list[float]) -> str:
    return f"{money(pair[0])} - {money(pair[1])}"


def _municipality_lines(record: dict[str, Any], pct: str) -> list[str]:
    if "municipalities" not in record:
        return []
    lines = [
        "",
        f"## Members ({markdown_inline(record['driver'])})",
        "",
        f"| id | name | group | driver | median | {pct} interval |",
        "|---|---|---|---:|---:|---:|",
    ]
    for r in record["municipalities"]:
        seen = " (observed)" if r["observed"] else ""
        lines.append(
            f"| {markdown_cell(r['id'])} | {markdown_cell(r['name'])}{seen} "
            f"| {markdown_cell(r['group'] or '')} | {r['driver']:g} "
            f"| {money(r['median'])} | {_span(r['interval'])} |"
        )
    return lines


def _head_lines(record: dict[str, Any], pct: str) -> list[str]:
    nat, cur = record["national"], record["currency"]
    central = next(p for p in record["priors"] if p["central"])
    low, high = record["medians_across_priors"]
    return [
        f"# {markdown_inline(record['title'][:1].upper() + record['title'][1:])}, "
        f"{record['price_year']}",
        "",
        f"**Median {money(nat['median'])} {cur} a year; half of the draws between "
        f"{money(nat['central_50'][0])} and {money(nat['central_50'][1])} {cur}** "
        f"({cur} at {record['price_year']} prices; driver "
        f"{markdown_inline(record['driver'])}; {record['samples']:,} samples, seed "
        f"{record['seed']}).",
        "",
        f"Across the priors below the median runs from {money(low)} to "
        f"{money(high)}. The {pct} interval's upper end depends on the prior for the "
        f"between-municipality scale: {_span(nat['interval'])} under "
        f"{markdown_inline(central['label'])}; the table shows it under each prior. No mean "
        "is given: it is driven by the upper tail of that prior.",
        "",
        f"## The {pct} interval under each prior for the between-municipality scale",
        "",
        f"| prior | source | scale: median | median | central 50% | {pct} interval |",
        "|---|---|---:|---:|---:|---:|",
        *(
            f"| {markdown_cell(p['label'])}{' (central)' if p['central'] else ''} "
            f"| {markdown_cell(p['source'])} | {p['scale']['median']:.2f} "
            f"| {money(p['median'])} | {_span(p['central_50'])} "
            f"| {_span(p['interval'])} |"
            for p in record["priors"]
        ),
    ]


def _model_lines(record: dict[str, Any], pct: str) -> list[str]:
    model, cur = record["model"], record["currency"]
    part = model["fixed_part"]
    fixed = (
        "no fixed part stated (cost proportional to the driver)"
        if part is None
        else f"{markdown_inline(part['distribution'])} {markdown_inline(part['unit'])} "
        f"(median {money(part['median'])}, {pct} {_span(part['interval'])}; "
        f"{markdown_inline(part['source'])}): {markdown_inline(part['rationale'])}"
    )
    naive, seen = record["naive"], record["observed"]
    return [
        "",
        "## Model: a fixed part plus a part scaling with the driver",
        "",
        f"- Fixed part per member that holds the activity ({model['members_holding']} of "
        f"{model['members']}): {fixed}.",
        "- Variable part: driver x cost per unit, log-normal between members; typical cost per "
        f"unit {money(model['variable_part']['typical_cost_per_unit']['median'])} {cur}.",
        "",
        f"| figure | median | central 50% | {pct} interval |",
        "|---|---:|---:|---:|",
        f"| naive ratio (no spread) | {money(naive['median'])} | "
        f"{_span(naive['central_50'])} | {_span(naive['interval'])} |",
        f"| observed ({markdown_cell(', '.join(seen['municipalities']))}) "
        f"| {money(seen['median'])} | {_span(seen['central_50'])} "
        f"| {_span(seen['interval'])} |",
    ]


def _driver_lines(record: dict[str, Any], pct: str) -> list[str]:
    reading = record["readings"][0]
    lines = [
        "",
        f"## Reading: {markdown_inline(reading['question'])}",
        "",
        f"| driver | rationale | median | {pct} interval |",
        "|---|---|---:|---:|",
    ]
    for alt in reading["alternatives"]:
        mark = " (central)" if alt["label"] == record["driver"] else ""
        lines.append(
            f"| {markdown_cell(alt['label'])}{mark} | {markdown_cell(alt['rationale'])} | "
            f"{money(alt['national']['median'])} | {_span(alt['national']['interval'])} |"
        )
    for case in record["bounding_case"]:
        lines += [
            "",
            f"Bounding case, not a reading ({markdown_inline(case['label'])}: "
            f"{markdown_inline(case['rationale'])}): median "
            f"{money(case['national']['median'])}, {pct} {_span(case['national']['interval'])}.",
        ]
    return lines


def _markdown(answer: NationalResult, level: float, members: bool) -> str:
    record = national_record(answer, level=level, members=members)
    pct = f"{level:.0%}"
    lines = [*_head_lines(record, pct), *_model_lines(record, pct), *_driver_lines(record, pct)]
    lines += ["", "## What the result rests on", ""]
    lines += [f"- {markdown_inline(text)}" for text in record["assumptions"]]
    lines += _municipality_lines(record, pct)
    return "\n".join(lines) + "\n"


def render_national(
    answer: NationalResult, fmt: Format = "markdown", *, level: float = 0.9, members: bool = False
) -> str:
    """The national report as text in ``fmt`` (markdown, csv, json or latex)."""
    if fmt == "json":
        record = national_record(answer, level=level, members=members)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(answer, level, members)
    text = national_table(answer, level=level, members=members).render(fmt)
    return text if text.endswith("\n") else text + "\n"
