"""ConversationTime: conversations held x caseworker hours per conversation x hourly cost."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.estimators.base import Estimator, Part, conversations, hourly, left_out, shared
from repatcost.evidence import HoursPerConversation, Municipality
from repatcost.model import CostModel, Values

__all__ = ["ConversationTime", "hours_per_conversation"]


def hours_per_conversation(municipality: Municipality, assumptions: Assumptions) -> Part:
    """Caseworker hours per conversation: the municipality's own figure, else the assumption."""
    reported = municipality.only(HoursPerConversation)
    if reported is None:
        return attrs.evolve(
            shared(assumptions, "hours_per_conversation"),
            notes=("hours per conversation not reported: the shared assumption is used",),
        )
    key = f"{municipality.key}.hours_per_conversation"
    includes = ", ".join(sorted(a.value.replace("_", " ") for a in reported.includes))
    note = f"{reported.hours:g} hours per conversation ({reported.qualifier.value}), " + (
        f"including {includes}" if includes else "what they include is not stated"
    )
    return Part(
        {key: reported.distribution(assumptions.qualifiers)},
        lambda v: v[key],
        (note,),
        (reported.source,),
    )


@attrs.frozen
class ConversationTime(Estimator):
    """Caseworker time of the dedicated conversations, priced at the hourly cost.

    conversations held per year x hours per conversation x hourly cost, where the hourly
    cost is wage cost x (1 + overhead) / productive hours. A count of persons called in or
    taking part becomes conversations held through explicit assumptions (see
    :func:`~repatcost.estimators.base.conversations`).

    Outputs: component ``caseworker_time``; quantities ``conversations`` and
    ``caseworker_hours`` (per year).

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> model = ConversationTime().build(study.municipality("aarhus"), study.assumptions)
    >>> sorted(model.inputs)[:3]
    ['aarhus.count', 'aarhus.hours_per_conversation', 'conversations_per_person']
    """

    name: ClassVar[str] = "conversation_time"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        held = conversations(municipality, assumptions)
        hours = hours_per_conversation(municipality, assumptions)
        rate = hourly(assumptions)

        def cost(v: Values) -> dict[str, FloatArray]:
            n_held = held.fn(v)
            total_hours = n_held * hours.fn(v)
            time = rate.fn(v)  # a fresh array: the product goes into it
            np.multiply(total_hours, time, out=time)
            return {
                "caseworker_time": time,
                "conversations": n_held,
                "caseworker_hours": total_hours,
            }

        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=dict(held.inputs) | dict(hours.inputs) | dict(rate.inputs),
            function=cost,
            components=("caseworker_time",),
            quantities=("conversations", "caseworker_hours"),
            decreasing=rate.decreasing,
            provenance=held.provenance + hours.provenance,
            leaves_out=left_out(municipality, [self.name]),
            notes=held.notes + hours.notes,
        )
