"""Optional peers (the ``bench`` extra): squigglepy and SALib on the same model.

Each is used only when importable. squigglepy is written three ways, from its own idioms:

* ``shared``: every input sampled once with ``sq.sample(dist, n)``, the model in numpy
  arithmetic on those arrays (the floor's), percentiles by ``sq.get_percentiles``; shares
  the drivers as the model requires.
* ``lazy``: the model written as arithmetic on squigglepy distributions and the total
  sampled with ``sq.sample(total, n)``, its most natural idiom. squigglepy draws every
  *occurrence* of an input afresh, so the wage cost in Aarhus, Odense and Aalborg are three
  independent draws: a different (wrong) model whose interval comes out too narrow.
* ``loop``: a Python function drawing one sample per call, ``sq.sample(model, n)``, the
  other documented idiom; it loops over samples in Python.

SALib computes Sobol indices of the floor's plain function of the total: its Saltelli design
mapped through the same ``ppf``s, then ``SALib.analyze.sobol.analyze`` (with its default
bootstrap confidence intervals, which is what a SALib user gets).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np

import floor

PERCENTILES = [5, 50, 95]


def available(module: str) -> bool:
    """True when ``module`` can be imported."""
    return importlib.util.find_spec(module) is not None


def _sq_inputs() -> dict[str, Any]:
    import squigglepy as sq

    dists: dict[str, Any] = {name: sq.pert(*abc, lam=4) for name, abc in floor.PERTS.items()}
    dists |= {name: sq.uniform(*ab) for name, ab in floor.UNIFORMS.items()}
    return dists


def _percentiles(samples: Any) -> dict[str, float]:
    import squigglepy as sq

    got = sq.get_percentiles(samples, percentiles=PERCENTILES)
    return {"p5": float(got[5]), "p50": float(got[50]), "p95": float(got[95])}


def squigglepy_shared(n: int, seed: int) -> dict[str, dict[str, float]]:
    """Each row's 5/50/95th percentiles, inputs sampled once and shared."""
    import squigglepy as sq

    sq.set_seed(seed)
    values = {name: np.asarray(sq.sample(dist, n=n)) for name, dist in _sq_inputs().items()}
    outputs = floor.model(values)
    return {row: _percentiles(outputs[row]["cost"]) for row in floor.ROWS}


def _lazy_total() -> Any:
    import squigglepy as sq

    d = _sq_inputs()
    hourly = d["wage_cost"] * (1 + d["overhead_share"]) / d["productive_hours"]
    billed = sq.dist_max(1, sq.dist_ceil(d["interpreted_meeting_hours"]))
    held = floor.FIXED["aarhus.count"] * d["conversations_per_person"]
    aarhus = (
        held * d["aarhus.hours_per_conversation"] * hourly
        + held * d["interpreter_share"] * billed * d["interpreter_fee"]
    )
    odense = floor.FIXED["odense.staff_years"] * d["wage_cost"] * (1 + d["overhead_share"])
    aalborg = d["aalborg.total_hours"] * hourly
    return d["kobenhavn.spending_2023_actual"] + aarhus + odense + aalborg


def squigglepy_lazy(n: int, seed: int) -> dict[str, dict[str, float]]:
    """The total's percentiles from squigglepy's lazy arithmetic (re-draws every occurrence)."""
    import squigglepy as sq

    sq.set_seed(seed)
    return {"total": _percentiles(np.asarray(sq.sample(_lazy_total(), n=n)))}


def squigglepy_loop(n: int, seed: int) -> dict[str, dict[str, float]]:
    """The total's percentiles from a per-sample Python function, inputs shared."""
    import squigglepy as sq

    d = _sq_inputs()
    count, staff = floor.FIXED["aarhus.count"], floor.FIXED["odense.staff_years"]

    def model() -> float:
        wage, over, prod = ~d["wage_cost"], ~d["overhead_share"], ~d["productive_hours"]
        hourly = wage * (1 + over) / prod
        held = count * ~d["conversations_per_person"]
        billed = max(1.0, float(np.ceil(~d["interpreted_meeting_hours"])))
        aarhus = held * (
            ~d["aarhus.hours_per_conversation"] * hourly
            + ~d["interpreter_share"] * billed * ~d["interpreter_fee"]
        )
        return float(
            ~d["kobenhavn.spending_2023_actual"]
            + aarhus
            + staff * wage * (1 + over)
            + ~d["aalborg.total_hours"] * hourly
        )

    sq.set_seed(seed)
    return {"total": _percentiles(np.asarray(sq.sample(model, n=n, verbose=False)))}


def salib_sobol(n: int, seed: int) -> dict[str, float]:
    """First-order indices of the total by SALib (Saltelli design, ``n`` base samples)."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    names = list(floor.UNCERTAIN)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sample.sample(problem, n, calc_second_order=False, seed=seed)
    x = np.vstack(
        [
            dist.ppf(unit[:, j])  # type: ignore[attr-defined]
            for j, dist in enumerate(floor.scipy_dists())
        ]
    )
    y = floor.total_of_columns(x)
    res = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    return dict(zip(names, (float(s) for s in res["S1"]), strict=True))
