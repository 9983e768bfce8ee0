"""ConversationTime: conversations held x caseworker hours per conversation x hourly cost."""

from __future__ import annotations

from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.estimators.base import Estimator
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import hourly
from repatcost.evidence import ConversationCount, Municipality
from repatcost.model import CostModel
from repatcost.packs.dk_repatriation.funnel import conversations, hours_per_conversation

__all__ = ["ConversationTime"]


@attrs.frozen
class ConversationTime(Estimator):
    """Caseworker time of the dedicated conversations, priced at the hourly cost.

    conversations held per year x hours per conversation x hourly cost, where the hourly
    cost is wage cost x (1 + overhead) / productive hours. A count of persons called in or
    taking part becomes conversations held through explicit assumptions (see
    :func:`~repatcost.packs.dk_repatriation.funnel.conversations`).

    Outputs: component ``caseworker_time``; quantities ``conversations`` and
    ``caseworker_hours`` (per year).

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> model = ConversationTime().build(study.municipality("aarhus"), study.assumptions)
    >>> sorted(model.inputs)[:3]
    ['aarhus.count', 'aarhus.hours_per_conversation', 'conversations_per_person']
    """

    name: ClassVar[str] = "conversation_time"
    needs: ClassVar[tuple[type, ...]] = (ConversationCount,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        held = conversations(municipality, assumptions)
        hours = held * hours_per_conversation(municipality, assumptions)
        time = hours * hourly(assumptions)
        return cost_model(
            self.name,
            municipality,
            {"caseworker_time": time},
            {"conversations": held, "caseworker_hours": hours},
        )
