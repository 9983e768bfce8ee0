"""An example repatcost plugin: the cost of invitation letters and reminders.

Every person called in to a dedicated guidance conversation gets a written invitation, and
some get reminders or new appointments. :class:`WrittenInvitations` prices those letters:

    persons called in x letters per person x
        (caseworker minutes per letter / 60 x hourly cost + dispatch cost per letter)

where the hourly cost is repatcost's own (wage cost x (1 + overhead) / productive hours).
Persons called in come from the municipality's count: used as they are when it counts
persons *called in*; divided by the show-up rate when it counts persons who *took part*;
also divided by conversations per person when it counts conversations *held*.

The estimator needs three assumptions of its own, :data:`PARAMETERS` (all unsourced
estimates: nobody has published these figures). Add them to a scenario file under
``[assumptions.NAME]`` (see ``scenario.toml``), or to an assumption set in code with
:func:`with_defaults`. It is written with repatcost's parts: each figure is a
:class:`~repatcost.estimators.Part`, ``*``, ``/`` and ``+`` combine them (inputs, notes,
sources and the direction of the cost in each input come along), and
:func:`~repatcost.estimators.cost_model` turns the named results into the model.

>>> from repatcost import Municipality, ConversationCount, Period, Source, default_assumptions
>>> kbh = Municipality(name="København", code=101, evidence=(ConversationCount(
...     value=750, measure="called_in", period=Period.calendar_year(2023),
...     source=Source(section="2")),))
>>> model = WrittenInvitations().build(kbh, with_defaults(default_assumptions()))
>>> model.components, sorted(model.decreasing)
(('letters',), ['productive_hours'])
>>> [round(x) for x in model.hard_range()]  # 750 letters, cheapest, to 1,875, dearest
[12234, 309375]
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions, Parameter
from repatcost.distributions import PERT
from repatcost.errors import NotApplicable
from repatcost.estimators import (
    Estimator,
    cost_model,
    hourly,
    own,
    per_year,
    positive,
    require,
    shared,
)
from repatcost.evidence import ConversationCount, Measure, Municipality
from repatcost.model import CostModel

__all__ = ["PARAMETERS", "WrittenInvitations", "with_defaults"]

UNSOURCED = "unsourced estimate"

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "letters_per_person",
        PERT(1.0, 1.4, 2.5),
        unit="letters per person called in",
        rationale="One invitation per person, plus reminders and new appointments for some; "
        "the UIM answer to spm. 184 (section 2) says some citizens were called in more than "
        "once but gives no figure.",
        source=UNSOURCED,
    ),
    Parameter(
        "letter_handling_minutes",
        PERT(3.0, 6.0, 15.0),
        unit="caseworker minutes per letter",
        rationale="Filling in the template, checking it, sending it and noting it in the case "
        "file.",
        source=UNSOURCED,
    ),
    Parameter(
        "letter_dispatch_cost",
        PERT(0.5, 2.0, 15.0),
        unit="DKK per letter",
        rationale="Digital Post, the norm for public authorities, costs little per letter; "
        "paper post for citizens exempt from it costs postage and printing.",
        source=UNSOURCED,
    ),
)
"""The assumptions this estimator adds to repatcost's (DKK at 2023 prices)."""


def with_defaults(assumptions: Assumptions) -> Assumptions:
    """``assumptions`` plus :data:`PARAMETERS` (those already present are kept)."""
    return assumptions.with_parameters(*(p for p in PARAMETERS if p.name not in assumptions))


def _check_own(assumptions: Assumptions) -> None:
    """NotApplicable naming the missing :data:`PARAMETERS` and how to add them."""
    missing = [p.name for p in PARAMETERS if p.name not in assumptions]
    if missing:
        raise NotApplicable(
            f"The assumptions lack {', '.join(missing)}; add them to the scenario file under "
            "[assumptions.NAME] (see the repatcost-letters README) or use "
            "repatcost_letters.with_defaults(assumptions)."
        )


_BACK_TO_CALLED_IN = (
    ("conversations_per_person", (Measure.HELD,)),
    ("show_up_rate", (Measure.HELD, Measure.TOOK_PART)),
)
"""What a count is divided by to give persons called in, and the counts it applies to."""


@attrs.frozen
class WrittenInvitations(Estimator):
    """Invitation letters and reminders, priced per letter (see the module docs).

    Output: component ``letters``; quantities ``persons_called_in`` and ``letters_sent``
    (per year).
    """

    name: ClassVar[str] = "written_invitations"
    needs: ClassVar[tuple[type, ...]] = (ConversationCount,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        _check_own(assumptions)
        count = require(municipality, ConversationCount)
        note = (
            f"letters to {count.value:g} {count.unit} ({count.measure.value}) over {count.period}"
        )
        persons = per_year(own(municipality, "count", count, assumptions, note), count.period)
        for name, measures in _BACK_TO_CALLED_IN:
            if count.measure in measures:
                persons = persons / positive(shared(assumptions, name), self.name, "the count")
        letters = persons * shared(assumptions, "letters_per_person")
        minutes = shared(assumptions, "letter_handling_minutes")
        dispatch = shared(assumptions, "letter_dispatch_cost")
        per_letter = minutes / 60 * hourly(assumptions) + dispatch
        return cost_model(
            self.name,
            municipality,
            {"letters": letters * per_letter},
            {"persons_called_in": persons, "letters_sent": letters},
            notes=[f"{', '.join(p.name for p in PARAMETERS)}: {UNSOURCED}s (repatcost-letters)"],
        )
