"""The floor: the bundled four-municipality study written by hand in plain numpy.

Exactly the model ``repatcost.data.bundled_study().run(n)`` evaluates, with nothing of the
library: the same distributions (the defaults of ``defaults_dk_2023.toml`` and the qualifier
readings of ``question_184.toml``, typed in here by hand), every input drawn once and shared
by every municipality that uses it, every output of the four models (cost components and
quantities) and of København's cross-check, the total, and the summary the CLI's main table
prints for each municipality and the total: median with its Monte Carlo standard error,
equal-tailed 90% interval with the errors of its ends, mean and hard range, all quantiles of
one figure from one ``np.quantile`` call.

Draws come from one ``numpy.random.Generator`` (``Generator.beta`` for PERT inputs, as
repatcost draws them), so the floor agrees with the library within Monte Carlo error. Passing
``rng_for`` (input name -> Generator, e.g. ``repatcost.engine.stream``) gives each input the
library's own stream instead, which reproduces its samples to rounding; the tests use that to
pin the floor to the model.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
RngFor = Callable[[str], np.random.Generator]

LEVEL = 0.9
ROWS = ("kobenhavn", "aarhus", "odense", "aalborg", "total")

# name -> (low, mode, high) of a PERT (shape 4), or (low, high) of a Uniform.
PERTS: dict[str, tuple[float, float, float]] = {
    "wage_cost": (460_000.0, 530_000.0, 600_000.0),
    "overhead_share": (0.10, 0.20, 0.35),
    "productive_hours": (1_350.0, 1_450.0, 1_600.0),
    "interpreter_fee": (360.0, 450.0, 700.0),
    "interpreted_meeting_hours": (1.0, 1.25, 1.5),
    "interpreter_share": (0.15, 0.35, 0.60),
    "hours_per_conversation": (1.25, 1.75, 2.5),
    "conversations_per_person": (1.0, 1.05, 1.3),
    "distinct_invitation_share": (0.75, 0.9, 1.0),
    # Aarhus: "cautious estimate of about 1.5 hours": PERT(1.5 x 0.9, 1.5, 1.5 x 1.5)
    "aarhus.hours_per_conversation": (1.5 * 0.9, 1.5, 1.5 * 1.5),
    # Aalborg: "about 240 hours": PERT(240 x 0.8, 240, 240 x 1.2)
    "aalborg.total_hours": (240.0 * 0.8, 240.0, 240.0 * 1.2),
}
UNIFORMS: dict[str, tuple[float, float]] = {
    "show_up_rate": (0.5, 0.9),
    # København: DKK 0.8 million in 2023, rounded to 0.1 million
    "kobenhavn.spending_2023_actual": (750_000.0, 850_000.0),
}
FIXED: dict[str, float] = {
    "kobenhavn.count": 750.0,  # persons called in, 2023
    "aarhus.count": 194.0,  # persons who took part, 2023
    "odense.staff_years": 1.0,
    "interpreter_minimum_billing": 1.0,
}
AALBORG_HELD = 120.0  # conversations held over one year (Sept 2022 to Sept 2023)
UNCERTAIN = tuple(sorted({*PERTS, *UNIFORMS}))
"""The uncertain inputs in sorted order: the draw order and the columns of a Sobol design."""


def draw(n: int, seed: int, rng_for: RngFor | None = None) -> dict[str, Array]:
    """``n`` draws of every uncertain input, each drawn once."""
    shared = np.random.default_rng(seed)
    out: dict[str, Array] = {}
    for name in UNCERTAIN:
        rng = shared if rng_for is None else rng_for(name)
        if name in PERTS:
            low, mode, high = PERTS[name]
            width = high - low
            a = 1.0 + 4.0 * (mode - low) / width
            b = 1.0 + 4.0 * (high - mode) / width
            out[name] = low + width * rng.beta(a, b, n)
        else:
            out[name] = rng.uniform(*UNIFORMS[name], n)
    return out


def model(v: dict[str, Array]) -> dict[str, dict[str, Array]]:
    """Every output of the four models and of København's cross-check, and the total."""
    staff_year = v["wage_cost"] * (1.0 + v["overhead_share"])
    hourly = staff_year / v["productive_hours"]
    billed = np.maximum(
        FIXED["interpreter_minimum_billing"], np.ceil(v["interpreted_meeting_hours"])
    )
    fee_per_held = v["interpreter_share"] * billed * v["interpreter_fee"]

    kbh_held = FIXED["kobenhavn.count"] * v["distinct_invitation_share"] * v["show_up_rate"]
    kbh_money = v["kobenhavn.spending_2023_actual"]
    kbh = {
        "cost": kbh_money,
        "conversations": kbh_held,
        # net of the interpreter fees the model itself puts inside the spending
        "implied_hourly_cost": (kbh_money - kbh_held * fee_per_held)
        / (kbh_held * v["hours_per_conversation"]),
    }
    kbh_hours = kbh_held * v["hours_per_conversation"]
    kbh_check_time = kbh_hours * hourly
    kbh_check_fees = kbh_held * fee_per_held
    check = {
        "cost": kbh_check_time + kbh_check_fees,
        "caseworker_time": kbh_check_time,
        "interpreter_fees": kbh_check_fees,
        "caseworker_hours": kbh_hours,
    }

    aar_held = FIXED["aarhus.count"] * v["conversations_per_person"]
    aar_hours = aar_held * v["aarhus.hours_per_conversation"]
    aar_time = aar_hours * hourly
    aar_fees = aar_held * fee_per_held
    aarhus = {
        "cost": aar_time + aar_fees,
        "caseworker_time": aar_time,
        "interpreter_fees": aar_fees,
        "conversations": aar_held,
        "caseworker_hours": aar_hours,
    }

    ode_hours = FIXED["odense.staff_years"] * v["productive_hours"]
    odense = {
        "cost": FIXED["odense.staff_years"] * staff_year,
        "caseworker_hours": ode_hours,
        "conversations": ode_hours / v["hours_per_conversation"],
    }

    aal_hours = v["aalborg.total_hours"]
    aalborg = {
        "cost": aal_hours * hourly,
        "caseworker_hours": aal_hours,
        "conversations": np.full_like(aal_hours, AALBORG_HELD),
    }

    total = kbh["cost"] + aarhus["cost"] + odense["cost"] + aalborg["cost"]
    return {
        "kobenhavn": kbh,
        "aarhus": aarhus,
        "odense": odense,
        "aalborg": aalborg,
        "total": {"cost": total},
        "kobenhavn_check": check,
    }


def total(v: dict[str, Array]) -> Array:
    """The total alone: the plain function the direct Sobol benchmark hands to scipy."""
    staff_year = v["wage_cost"] * (1.0 + v["overhead_share"])
    hourly = staff_year / v["productive_hours"]
    billed = np.maximum(1.0, np.ceil(v["interpreted_meeting_hours"]))
    aarhus = (
        FIXED["aarhus.count"]
        * v["conversations_per_person"]
        * (
            v["aarhus.hours_per_conversation"] * hourly
            + v["interpreter_share"] * billed * v["interpreter_fee"]
        )
    )
    return (
        v["kobenhavn.spending_2023_actual"]
        + aarhus
        + FIXED["odense.staff_years"] * staff_year
        + v["aalborg.total_hours"] * hourly
    )


def scipy_dists() -> list[object]:
    """The uncertain inputs as frozen ``scipy.stats`` distributions, in ``UNCERTAIN`` order."""
    from scipy import stats

    out: list[object] = []
    for name in UNCERTAIN:
        if name in PERTS:
            low, mode, high = PERTS[name]
            width = high - low
            out.append(
                stats.beta(
                    1.0 + 4.0 * (mode - low) / width,
                    1.0 + 4.0 * (high - mode) / width,
                    loc=low,
                    scale=width,
                )
            )
        else:
            low, high = UNIFORMS[name]
            out.append(stats.uniform(loc=low, scale=high - low))
    return out


def total_of_columns(x: Array) -> Array:
    """:func:`total` on a ``(len(UNCERTAIN), rows)`` matrix, as ``scipy.stats.sobol_indices``
    passes it."""
    return total({name: x[j] for j, name in enumerate(UNCERTAIN)})


def hard_ranges() -> dict[str, tuple[float, float]]:
    """Each row's hard range from the input bounds (every cost is monotone in each input)."""
    wage, over, prod = PERTS["wage_cost"], PERTS["overhead_share"], PERTS["productive_hours"]
    staff = (wage[0] * (1 + over[0]), wage[2] * (1 + over[2]))
    hourly = (staff[0] / prod[2], staff[1] / prod[0])
    billed = (1.0, math.ceil(PERTS["interpreted_meeting_hours"][2]))
    fee = tuple(
        PERTS["interpreter_share"][i] * billed[j] * PERTS["interpreter_fee"][i]
        for i, j in ((0, 0), (2, 1))
    )
    cpp, hours = PERTS["conversations_per_person"], PERTS["aarhus.hours_per_conversation"]
    held = (FIXED["aarhus.count"] * cpp[0], FIXED["aarhus.count"] * cpp[2])
    aarhus = tuple(held[i] * (hours[2 * i] * hourly[i] + fee[i]) for i in (0, 1))
    aal = PERTS["aalborg.total_hours"]
    rows = {
        "kobenhavn": UNIFORMS["kobenhavn.spending_2023_actual"],
        "aarhus": (aarhus[0], aarhus[1]),
        "odense": staff,
        "aalborg": (aal[0] * hourly[0], aal[2] * hourly[1]),
    }
    rows["total"] = (sum(r[0] for r in rows.values()), sum(r[1] for r in rows.values()))
    return rows


def summary(
    samples: Array, hard_range: tuple[float, float], level: float = LEVEL
) -> dict[str, float | tuple[float, float]]:
    """Median, mean, interval, hard range and the quantiles' Monte Carlo errors."""
    tail = (1.0 - level) / 2.0
    probs = np.array([tail, 0.5, 1.0 - tail])
    d = np.sqrt(probs * (1.0 - probs) / samples.size)
    values = np.quantile(samples, np.concatenate([probs, probs - d, probs + d]))
    se = (values[6:] - values[3:6]) / 2.0
    return {
        "median": float(values[1]),
        "mean": float(samples.mean()),
        "interval": (float(values[0]), float(values[2])),
        "hard_range": hard_range,
        "median_se": float(se[1]),
        "interval_se": (float(se[0]), float(se[2])),
    }


def run(
    n: int, seed: int, rng_for: RngFor | None = None
) -> dict[str, dict[str, float | tuple[float, float]]]:
    """Draw, evaluate and summarise: the floor's whole run (what the benchmark times)."""
    outputs = model(draw(n, seed, rng_for))
    ranges = hard_ranges()
    return {row: summary(outputs[row]["cost"], ranges[row]) for row in ROWS}


# --- The whole report: every figure `repatcost estimate --format json` prints -------------

PERSONS = {"kobenhavn": 30.0, "aarhus": 20.0, "odense": 17.0, "aalborg": 19.0}
"""Persons repatriated in 2023 (question_184.toml)."""
MUNICIPALITIES = ROWS[:4]
COUNTED = ("kobenhavn", "aarhus", "aalborg")
"""The municipalities that reported a count (Odense's conversations rest on assumed hours,
so it has no cost per conversation and is left out of the total's)."""
IMPLIED = (("kobenhavn", "conversations"), ("kobenhavn", "implied_hourly_cost"))
IMPLIED += (("aarhus", "conversations"), ("odense", "conversations"))
"""The implied quantities the report shows (Aalborg reported its conversations held)."""


def corner_ranges() -> dict[str, dict[str, tuple[float, float]]]:
    """Every output's hard range: the model on every corner of the box of input bounds."""
    bounds = {n: (PERTS[n][0], PERTS[n][2]) if n in PERTS else UNIFORMS[n] for n in UNCERTAIN}
    grid = np.indices((2,) * len(UNCERTAIN)).reshape(len(UNCERTAIN), -1)
    corners = {n: np.array(bounds[n])[grid[j]] for j, n in enumerate(UNCERTAIN)}
    out = model(corners)
    return {
        row: {k: (float(a.min()), float(a.max())) for k, a in figures.items()}
        for row, figures in out.items()
    }


def _divide(top: tuple[float, float], bottom: tuple[float, float]) -> tuple[float, float]:
    lo, hi = top
    return (min(lo / bottom[0], lo / bottom[1]), max(hi / bottom[0], hi / bottom[1]))


def _scaled(s: dict[str, Any], d: float) -> dict[str, Any]:
    """The summary of samples / d (d > 0): every figure divided, no new partition."""
    return {
        "median": s["median"] / d,
        "mean": s["mean"] / d,
        "interval": (s["interval"][0] / d, s["interval"][1] / d),
        "hard_range": (s["hard_range"][0] / d, s["hard_range"][1] / d),
        "median_se": s["median_se"] / d,
        "interval_se": (s["interval_se"][0] / d, s["interval_se"][1] / d),
    }


def _agreement(a: dict[str, Any], b: dict[str, Any], p_greater: float) -> dict[str, Any]:
    (lo_a, hi_a), (lo_b, hi_b) = a["interval"], b["interval"]
    shorter = min(hi_a - lo_a, hi_b - lo_b)
    common = max(0.0, min(hi_a, hi_b) - max(lo_a, lo_b))
    disjoint = hi_a < lo_b or hi_b < lo_a
    tail = (1.0 - LEVEL) / 2.0
    return {
        "overlap": common / shorter if shorter > 0 else float(not disjoint),
        "p_greater": p_greater,
        "median_ratio": a["median"] / b["median"],
        "agree": not disjoint and tail <= p_greater <= 1.0 - tail,
    }


def _municipality(out: dict[str, Any], ranges: dict[str, Any], key: str) -> dict[str, Any]:
    figures, r = out[key], ranges[key]
    cost = summary(figures["cost"], r["cost"])
    parts = [k for k in ("reported_spending", "caseworker_time", "interpreter_fees") if k in r]
    row: dict[str, Any] = {
        "cost": cost,
        "components": {k: float(np.median(figures[k])) for k in parts if len(parts) > 1},
        "recurring": cost,
        "one_off": _scaled(cost, math.inf),  # no one-off costs: every figure 0
        "cost_per_conversation": None
        if key not in COUNTED
        else summary(
            figures["cost"] / figures["conversations"], _divide(r["cost"], r["conversations"])
        ),
        "cost_per_repatriated": _scaled(cost, PERSONS[key]),
        "implied": {name: summary(figures[name], r[name]) for k, name in IMPLIED if k == key},
    }
    row["relative_width"] = (cost["interval"][1] - cost["interval"][0]) / cost["median"]
    return row


def report(n: int, seed: int, rng_for: RngFor | None = None) -> dict[str, Any]:
    """The whole report: every municipality's row (cost, components, recurring and one-off
    parts, both ratios, implied quantities), København's cross-check with its agreement,
    and the total with its ratios; all quantiles of an array from one partition."""
    out = model(draw(n, seed, rng_for))
    ranges = corner_ranges()
    ranges["total"] = {"cost": hard_ranges()["total"]}
    rows = {key: _municipality(out, ranges, key) for key in MUNICIPALITIES}
    check = out["kobenhavn_check"]
    check_summary = summary(check["cost"], ranges["kobenhavn_check"]["cost"])
    p_greater = float(np.mean(out["kobenhavn"]["cost"] > check["cost"]))
    rows["kobenhavn"]["crosscheck"] = {
        **check_summary,
        "agreement": _agreement(rows["kobenhavn"]["cost"], check_summary, p_greater),
    }
    total = summary(out["total"]["cost"], ranges["total"]["cost"])
    held = sum(out[k]["conversations"] for k in COUNTED)
    held_range = tuple(sum(ranges[k]["conversations"][i] for k in COUNTED) for i in (0, 1))
    counted_cost = sum(out[k]["cost"] for k in COUNTED)
    counted_range = tuple(sum(ranges[k]["cost"][i] for k in COUNTED) for i in (0, 1))
    rows["total"] = {
        "cost": total,
        "cost_per_conversation": summary(counted_cost / held, _divide(counted_range, held_range)),
        "cost_per_repatriated": _scaled(total, sum(PERSONS.values())),
        "relative_width": (total["interval"][1] - total["interval"][0]) / total["median"],
    }
    return rows


def _main(argv: list[str]) -> int:
    """``python floor.py N [SEED]``: the floor's whole report as JSON on standard output."""
    import json
    import sys

    n, seed = int(argv[0]), int(argv[1]) if len(argv) > 1 else 0
    sys.stdout.write(json.dumps(report(n, seed), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
