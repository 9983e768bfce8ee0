"""The library's side of each benchmark: what a user calls, through the public API only."""

from __future__ import annotations

from typing import Any

import numpy as np

import floor
from repatcost.data import bundled_study
from repatcost.estimate import Summary
from repatcost.estimators import ConversationTime, InterpreterFees, Sum
from repatcost.evidence import Municipality
from repatcost.report import render_study
from repatcost.study import Study, StudyResult

LEVEL = floor.LEVEL


def summaries(result: StudyResult, level: float = LEVEL) -> dict[str, Summary]:
    """The main table's figures: each municipality's summary and the total's."""
    out = {key: estimate.summary(level) for key, estimate in result.estimates.items()}
    out["total"] = result.total.summary(level)
    return out


def study_summary(study: Study, n: int, seed: int) -> dict[str, Summary]:
    """Run the study and summarise it as the CLI's main table does (the floor's work)."""
    return summaries(study.run(n, seed=seed))


def cli_report(study: Study, n: int, seed: int) -> str:
    """What ``repatcost estimate --samples n`` computes: the run and the whole report."""
    return render_study(study.run(n, seed=seed), "markdown", level=LEVEL)


def synthetic_study(count: int) -> Study:
    """``count`` municipalities with Aarhus' evidence under distinct keys, each priced as
    caseworker time plus interpreter fees (two own inputs, eight shared ones)."""
    aarhus = bundled_study().municipality("aarhus")
    towns = [
        Municipality(
            name=f"Synthetic {i}", code=100 + i, evidence=aarhus.evidence, key=f"synthetic_{i:03d}"
        )
        for i in range(count)
    ]
    estimator = Sum(ConversationTime(), InterpreterFees())
    return Study(
        towns, bundled_study().assumptions, estimators={town.key: estimator for town in towns}
    )


def sensitivity_available() -> bool:
    """True when ``repatcost.sensitivity.sobol`` can be imported."""
    try:
        from repatcost.sensitivity import sobol  # noqa: F401
    except ImportError:
        return False
    return True


def sobol_library(study: Study, n: int, seed: int, repeats: int) -> dict[str, float]:
    """First-order indices of the total through repatcost (``repeats`` x ``n`` designs)."""
    from repatcost.sensitivity import sobol

    return sobol(study, "total", n=n, seed=seed, repeats=repeats).first_order


def sobol_direct(n: int, seed: int, repeats: int) -> dict[str, float]:
    """The same work by hand: ``repeats`` direct ``scipy.stats.sobol_indices`` calls on the
    floor's plain function of the total, first-order indices averaged."""
    from scipy import stats

    dists = floor.scipy_dists()
    first = np.zeros(len(floor.UNCERTAIN))
    for child in np.random.SeedSequence(seed).spawn(repeats):
        res = stats.sobol_indices(
            func=floor.total_of_columns, n=n, dists=dists, rng=np.random.default_rng(child)
        )
        first += np.asarray(res.first_order) / repeats
    return dict(zip(floor.UNCERTAIN, (float(f) for f in first), strict=True))


def as_record(summary: Summary | dict[str, Any]) -> dict[str, Any]:
    """A summary (library or floor) as a JSON-ready dict of the same keys."""
    if isinstance(summary, Summary):
        return {
            "median": summary.median,
            "median_se": summary.median_se,
            "interval": list(summary.interval),
            "interval_se": list(summary.interval_se),
            "hard_range": [float(x) for x in summary.hard_range],
        }
    return {
        "median": summary["median"],
        "median_se": summary["median_se"],
        "interval": list(summary["interval"]),
        "interval_se": list(summary["interval_se"]),
        "hard_range": [float(x) for x in summary["hard_range"]],
    }
