"""The Danish repatriation conversations: the domain of question no. 184 as a pack.

Everything specific to the dedicated guidance conversations about repatriation that Danish
municipalities hold lives here: the declarations (DKK, the conversation as the unit, persons
repatriated as the outcome, the funnel called in -> took part -> held, the sentences about
Table 1 and the caveat of the ratio), the Danish 2023 defaults with their sources
(``defaults_2023.toml``), the invitation funnel with its repeat invitations
(:mod:`~repatcost.packs.dk_repatriation.funnel`), interpreter fees and their billing rules
(:mod:`~repatcost.packs.dk_repatriation.fees`), the estimator order, the municipality code
scheme (1-999), the source document's date and the bundled study
(``question_184.toml``).

>>> PACK.declarations.per_unit, PACK.declarations.per_outcome
('cost_per_conversation', 'cost_per_repatriated')
>>> PACK.default_assumptions()["wage_cost"].unit
'DKK per staff-year'
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from repatcost.constraints import count
from repatcost.declarations import Declarations
from repatcost.estimators.base import Estimator
from repatcost.estimators.combinators import Sum
from repatcost.estimators.reported_spending import ReportedSpending
from repatcost.estimators.staff_allocation import StaffAllocation
from repatcost.estimators.total_hours import TotalHoursEstimator
from repatcost.evidence import Municipality
from repatcost.outputs import outcome_count
from repatcost.packs import Pack
from repatcost.packs.dk_repatriation import funnel, words
from repatcost.packs.dk_repatriation.conversation_time import ConversationTime
from repatcost.packs.dk_repatriation.fees import InterpreterFees, interpreter_fees
from repatcost.study_report import record_columns

__all__ = [
    "DEFAULTS_FILE",
    "DOCUMENT",
    "NO_COUNT_BASIS",
    "PACK",
    "RATIOS",
    "RATIO_CAVEAT",
    "RECORD_COLUMNS",
    "SCHEME",
    "repatriated_persons",
]

DEFAULTS_FILE = "defaults_2023.toml"
"""Name of the pack's default-assumptions file."""

DOCUMENT = "UIM answer to UUI alm. del spm. 184, 22 Feb 2024"
"""Citation of the source document of the bundled study (in ``shared/seed``)."""

SCHEME = "Danish municipality code"
"""The identifier scheme of Danish municipalities: a whole number from 1 to 999."""

_HERE = Path(str(resources.files("repatcost") / "packs" / "dk_repatriation"))

DECLARATIONS = Declarations(
    currency="DKK",
    unit="conversation",
    outcome="repatriated person",
    outcome_key="repatriated",
    attributed_key="attributed_repatriation",
    funnel=("called in", "took part", "held"),
    domain="dk-repatriation",
    texts={
        "ratio_caveat": "a ratio, not an effect: nothing in the data says a conversation "
        "caused a repatriation",
        "outcome_phrase": "the persons repatriated",
        "outcome_noun": "repatriations",
        "outcome_lag": "the conversations of a year may lead to repatriations in later years",
        "outcome_scale": "Read it as a scale, not as the price of one repatriation.",
        "outcome_counted": "persons",
        "fees": "interpreter fees",
        "no_count_basis": "no count of persons or conversations in the source",
        "counted_things": "persons or conversations",
        "counts_differ": "The counts measure different things (persons called in, persons who "
        "took part, conversations held), so the figures are not directly comparable: one "
        "that rests on assumed shares is as uncertain as they are.",
        "outcome_short": "repatriated",
        "attributed": "attributed repatriation",
    },
)
"""Currency, unit, outcome, funnel and the sentences about question 184's source."""


NO_COUNT_BASIS = DECLARATIONS.texts["no_count_basis"]
"""The basis cell of a municipality without a count (the per-conversation table)."""

RATIO_CAVEAT = DECLARATIONS.ratio_caveat
"""How not to read the cost per repatriated person."""

RECORD_COLUMNS: tuple[str, ...] = record_columns(DECLARATIONS)
"""The columns of ``--format csv`` for a study in this pack."""

RATIOS: tuple[str, ...] = ("cost_per_conversation", "cost_per_repatriated")
"""Names of the study-wide ratio outputs of a study in this pack."""


def repatriated_persons(municipality: Municipality, year: int) -> int | None:
    """Persons repatriated in ``year`` (else the latest year reported), or None."""
    return outcome_count(municipality, year)


def _findings(result: Any) -> tuple[Any, ...]:
    from repatcost.packs.dk_repatriation.gap_finding import gap_findings

    return tuple(gap_findings(result))


def _order() -> tuple[Estimator, ...]:
    """Money reported beats hours reported, which beat counts priced bottom-up, which beat
    staff-years."""
    return (
        ReportedSpending(),
        TotalHoursEstimator(),
        Sum(ConversationTime(), InterpreterFees()),
        ConversationTime(),
        StaffAllocation(),
    )


_OLD = {
    "repatcost:Activity": "repatcost.evidence:Activity",
    "repatcost:ConversationCount": "repatcost.evidence:ConversationCount",
    "repatcost:ConversationTime": "repatcost.estimators:ConversationTime",
    "repatcost:HoursPerConversation": "repatcost.evidence:HoursPerConversation",
    "repatcost:InterpreterFees": "repatcost.estimators:InterpreterFees",
    "repatcost:Measure": "repatcost.evidence:Measure",
    "repatcost:Repatriations": "repatcost.evidence:Repatriations",
    "repatcost.estimators:ConversationTime": "conversation_time:ConversationTime",
    "repatcost.estimators:InterpreterFees": "fees:InterpreterFees",
    "repatcost.estimators.parts:conversations": "funnel:conversations",
    "repatcost.estimators.parts:hours_per_conversation": "funnel:hours_per_conversation",
    "repatcost.evidence:UIM_184": ":DOCUMENT",
    "repatcost.assumptions:DEFAULTS_FILE": ":DEFAULTS_FILE",
    "repatcost.outputs:RATIO_CAVEAT": ":RATIO_CAVEAT",
    "repatcost.outputs:RATIOS": ":RATIOS",
    "repatcost.outputs:repatriated_persons": ":repatriated_persons",
    "repatcost.study_report:RECORD_COLUMNS": ":RECORD_COLUMNS",
    "repatcost.derived:RATIO_CAVEAT": ":RATIO_CAVEAT",
    "repatcost.data.gap_finding:gap_findings": "gap_finding:gap_findings",
    "repatcost.report_text:per_conversation_table": "repatcost.report_text:per_unit_table",
    "repatcost.report_text:per_conversation_intro": "repatcost.report_text:per_unit_intro",
    "repatcost.report_text:per_conversation_name": "repatcost.report_text:per_unit_name",
    "repatcost.report_text:per_repatriated_intro": "repatcost.report_text:per_outcome_intro",
    "repatcost.report_text:per_repatriated_table": "repatcost.report_text:per_outcome_table",
    "repatcost.report_text:NO_COUNT_BASIS": ":NO_COUNT_BASIS",
    "repatcost.data.gap_finding:per_invitation_hour": "gap_finding:per_invitation_hour",
    "repatcost.derived:repatriated_persons": ":repatriated_persons",
    "repatcost.derived:cost_per_conversation": "derived:cost_per_conversation",
    "repatcost.derived:cost_per_repatriated": "derived:cost_per_repatriated",
    "repatcost.derived:total_per_conversation": "derived:total_per_conversation",
    "repatcost.derived:total_per_repatriated": "derived:total_per_repatriated",
}


def _where(new: str) -> str:
    """A target of :data:`_OLD` in full (``fees:X`` is this pack's module ``fees``)."""
    if new.startswith("repatcost."):
        return new
    return f"repatcost.packs.dk_repatriation{'' if new.startswith(':') else '.'}{new}"


PACK = Pack(
    name="dk-repatriation",
    title="Danish municipalities' dedicated guidance conversations about repatriation",
    declarations=DECLARATIONS,
    defaults=_HERE / DEFAULTS_FILE,
    estimators=(ConversationTime, InterpreterFees),
    order=_order,
    volume=funnel.volume,
    counted=funnel.held_conversations,
    effort=funnel.hours_per_conversation,
    volume_range=funnel.volume_range,
    not_counted=words.not_counted,
    basis=funnel.basis,
    findings=_findings,
    fees=interpreter_fees,
    fee_estimator=InterpreterFees.name,
    schemes={SCHEME: count(minimum=1, maximum=999, name="municipality code")},
    documents={DOCUMENT: date(2024, 2, 22)},
    document=DOCUMENT,
    aliases={"spending": {"amount_dkk": "amount"}, "one_off": {"amount_dkk": "amount"}},
    bundled=_HERE / "question_184.toml",
    moved={old: _where(new) for old, new in _OLD.items()},
)
"""The pack (see module docs)."""
