"""Sensitivity of a study's outputs: which assumption drives the answer, what to learn next.

Every method works on one output of a study (``"total"``, a municipality key, or a ratio such
as ``"cost_per_request"``; see :mod:`repatcost.outputs`) by re-evaluating its vectorised
function on designed inputs; each has a twin ending in ``_of`` for a plain function of named
inputs (a reference model, a user's own model). Results are frozen values with ``.table()``.

* :func:`tornado`: one input at a time, swung between two quantiles, others at medians;
  the study's readings ranked beside the inputs (rows of kind ``reading``).
* :func:`rank_correlations`: Spearman correlations from an ordinary Monte Carlo run.
* :func:`sobol`: first-order and total Sobol indices with confidence intervals.
* :func:`grid`: the output over a grid of two inputs.
* :func:`value_of_information`: how much the interval and the variance would shrink if an
  input (or a group) were known exactly.
* :func:`switching_values`: the input value, or the reading of the source, at which each
  verdict of the report (a cross-check, a plausibility flag, a ranking) flips.

Every method that samples takes ``seed`` (an integer or a ``numpy.random.Generator``) and
repeats bit for bit under it. :mod:`repatcost.sensitivity.reference` holds models with
analytic answers (a linear model, the Ishigami function).

>>> from repatcost.data import bundled_study
>>> from repatcost.sensitivity import tornado
>>> print(tornado(bundled_study(), "aalborg").table().to_markdown().splitlines()[0])
| input | kind | input_low | input_high | output_low | output_high | swing |
"""

from repatcost.sensitivity.grid import GridResult, grid, grid_of
from repatcost.sensitivity.rank import RankResult, RankRow, rank_correlations, rank_correlations_of
from repatcost.sensitivity.reference import ReferenceModel, ishigami, linear_model
from repatcost.sensitivity.sobol import (
    DEFAULT_REPEATS,
    SobolIndex,
    SobolResult,
    sobol,
    sobol_indices_of,
)
from repatcost.sensitivity.switch import (
    SwitchResult,
    SwitchRow,
    switching_values,
    switching_values_of,
)
from repatcost.sensitivity.tornado import TornadoResult, TornadoRow, tornado, tornado_of
from repatcost.sensitivity.voi import (
    VoiResult,
    VoiRow,
    value_of_information,
    value_of_information_of,
)

__all__ = [
    "DEFAULT_REPEATS",
    "GridResult",
    "RankResult",
    "RankRow",
    "ReferenceModel",
    "SobolIndex",
    "SobolResult",
    "SwitchResult",
    "SwitchRow",
    "TornadoResult",
    "TornadoRow",
    "VoiResult",
    "VoiRow",
    "grid",
    "grid_of",
    "ishigami",
    "linear_model",
    "rank_correlations",
    "rank_correlations_of",
    "sobol",
    "sobol_indices_of",
    "switching_values",
    "switching_values_of",
    "tornado",
    "tornado_of",
    "value_of_information",
    "value_of_information_of",
]
