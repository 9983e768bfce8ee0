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

import repatcost._interrupt  # noqa: F401 - first: the CLI's Ctrl-C during imports, one line
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
    ConversationTime,
    Estimator,
    InterpreterFees,
    OneOffCost,
    ReportedSpending,
    StaffAllocation,
    Sum,
    TotalHoursEstimator,
)
from repatcost.evidence import (
    Activity,
    ConversationCount,
    HoursPerConversation,
    Measure,
    Municipality,
    Note,
    NoteKind,
    OneOff,
    Period,
    Repatriations,
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
    "Activity",
    "Assumptions",
    "ConversationCount",
    "ConversationTime",
    "CostModel",
    "Distribution",
    "Draws",
    "Estimate",
    "Estimator",
    "Fixed",
    "HoursPerConversation",
    "InterpreterFees",
    "InvalidValueError",
    "LogNormal",
    "Measure",
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
    "Repatriations",
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
