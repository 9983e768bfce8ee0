"""repatcost: honest cost estimates, with uncertainty, from municipalities' partial reports.

Evidence (what was reported, with its source) and assumptions (named, sourced, uncertain) go
into estimator strategies; each builds a vectorised :class:`CostModel`; one engine draws every
input once per name and evaluates the models; the results are :class:`Estimate` values with
medians, intervals and hard ranges.

>>> import repatcost
>>> result = repatcost.bundled_study().run(10_000, seed=1)
>>> low, high = result.estimates["kobenhavn"].interval(0.9)
>>> 750_000 <= low < high <= 850_000
True
"""

# isort: off
import repatcost._interrupt  # noqa: F401 - first: the CLI's Ctrl-C during imports, one line

# isort: on
from typing import TYPE_CHECKING, Any

_HOMES = {
    "Assumptions": "repatcost.assumptions",
    "BUNDLED_SCENARIO": "repatcost.data",
    "CostModel": "repatcost.model",
    "Distribution": "repatcost.distributions",
    "Draws": "repatcost.engine",
    "Estimate": "repatcost.estimate",
    "Estimator": "repatcost.estimators",
    "Fixed": "repatcost.distributions",
    "InvalidValueError": "repatcost.errors",
    "LogNormal": "repatcost.distributions",
    "Municipality": "repatcost.evidence",
    "NationalResult": "repatcost.national_result",
    "Normal": "repatcost.distributions",
    "NotApplicable": "repatcost.errors",
    "Note": "repatcost.evidence",
    "NoteKind": "repatcost.evidence",
    "OneOff": "repatcost.evidence",
    "OneOffCost": "repatcost.estimators",
    "PERT": "repatcost.distributions",
    "Parameter": "repatcost.assumptions",
    "Period": "repatcost.evidence",
    "Problem": "repatcost.errors",
    "Qualifier": "repatcost.qualifiers",
    "QualifierMapping": "repatcost.qualifiers",
    "RepatcostError": "repatcost.errors",
    "ReportedSpending": "repatcost.estimators",
    "RunMismatchError": "repatcost.errors",
    "ScenarioError": "repatcost.errors",
    "Source": "repatcost.evidence",
    "Spending": "repatcost.evidence",
    "SpendingKind": "repatcost.evidence",
    "StaffAllocation": "repatcost.estimators",
    "StaffYears": "repatcost.evidence",
    "Study": "repatcost.study",
    "StudyResult": "repatcost.study",
    "Sum": "repatcost.estimators",
    "Summary": "repatcost.estimate",
    "TotalHours": "repatcost.evidence",
    "TotalHoursEstimator": "repatcost.estimators",
    "Triangular": "repatcost.distributions",
    "Uniform": "repatcost.distributions",
    "bundled_study": "repatcost.data",
    "default_assumptions": "repatcost.assumptions",
    "draw_inputs": "repatcost.engine",
    "load_scenario": "repatcost.scenario",
    "national": "repatcost.national_model",
}
"""Where each public name lives: imported on first use (PEP 562), so that ``import repatcost``
costs little more than numpy's own import and each command loads only what it runs."""

if TYPE_CHECKING:  # the names, for type checkers and readers
    from repatcost.assumptions import Assumptions, Parameter, default_assumptions
    from repatcost.data import BUNDLED_SCENARIO, bundled_study
    from repatcost.distributions import (
        PERT,
        Distribution,
        Fixed,
        LogNormal,
        Normal,
        Triangular,
        Uniform,
    )
    from repatcost.engine import Draws, draw_inputs
    from repatcost.errors import (
        InvalidValueError,
        NotApplicable,
        Problem,
        RepatcostError,
        RunMismatchError,
        ScenarioError,
    )
    from repatcost.estimate import Estimate, Summary
    from repatcost.estimators import (
        Estimator,
        OneOffCost,
        ReportedSpending,
        StaffAllocation,
        Sum,
        TotalHoursEstimator,
    )
    from repatcost.evidence import (
        Municipality,
        Note,
        NoteKind,
        OneOff,
        Period,
        Source,
        Spending,
        SpendingKind,
        StaffYears,
        TotalHours,
    )
    from repatcost.model import CostModel
    from repatcost.national_model import national
    from repatcost.national_result import NationalResult
    from repatcost.qualifiers import Qualifier, QualifierMapping
    from repatcost.scenario import load_scenario
    from repatcost.study import Study, StudyResult


__version__ = "0.1.0"

__all__ = [
    "BUNDLED_SCENARIO",
    "PERT",
    "Assumptions",
    "CostModel",
    "Distribution",
    "Draws",
    "Estimate",
    "Estimator",
    "Fixed",
    "InvalidValueError",
    "LogNormal",
    "Municipality",
    "NationalResult",
    "Normal",
    "NotApplicable",
    "Note",
    "NoteKind",
    "OneOff",
    "OneOffCost",
    "Parameter",
    "Period",
    "Problem",
    "Qualifier",
    "QualifierMapping",
    "RepatcostError",
    "ReportedSpending",
    "RunMismatchError",
    "ScenarioError",
    "Source",
    "Spending",
    "SpendingKind",
    "StaffAllocation",
    "StaffYears",
    "Study",
    "StudyResult",
    "Sum",
    "Summary",
    "TotalHours",
    "TotalHoursEstimator",
    "Triangular",
    "Uniform",
    "bundled_study",
    "default_assumptions",
    "draw_inputs",
    "load_scenario",
    "national",
]


def __getattr__(name: str) -> Any:
    """The public name ``name``, its module imported on first use."""
    home = _HOMES.get(name)
    if home is None:  # a name a pack took over (the bundled study's record types, ...)
        from repatcost.packs import moved

        return moved(__name__, name)
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
