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
:func:`with_defaults`.

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
import numpy as np

from repatcost.assumptions import Assumptions, Parameter
from repatcost.distributions import PERT, FloatArray
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import Estimator
from repatcost.evidence import ConversationCount, Measure, Municipality
from repatcost.model import CostModel, Values

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

_OWN = tuple(p.name for p in PARAMETERS)
_HOURLY = ("wage_cost", "overhead_share", "productive_hours")


def with_defaults(assumptions: Assumptions) -> Assumptions:
    """``assumptions`` plus :data:`PARAMETERS` (those already present are kept)."""
    return assumptions.with_parameters(*(p for p in PARAMETERS if p.name not in assumptions))


def _positive(assumptions: Assumptions, name: str) -> None:
    low = assumptions.distribution(name).bounds[0]
    if not low > 0:
        raise InvalidValueError.for_field(
            "WrittenInvitations",
            name,
            assumptions.distribution(name),
            "> 0 throughout its range (persons called in are divided by it)",
        )


@attrs.frozen
class WrittenInvitations(Estimator):
    """Invitation letters and reminders, priced per letter (see the module docs).

    Output: component ``letters``; quantities ``persons_called_in`` and ``letters_sent``
    (per year).
    """

    name: ClassVar[str] = "written_invitations"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        count = municipality.only(ConversationCount)
        if count is None:
            raise NotApplicable(
                f"{municipality.name} reported no count of persons called in, persons taking "
                "part or conversations held; add a 'count' record to price its letters."
            )
        missing = [name for name in (*_OWN, *_HOURLY) if name not in assumptions]
        if missing:
            raise NotApplicable(
                f"The assumptions lack {', '.join(missing)}; add them to the scenario file "
                "under [assumptions.NAME] (see the repatcost-letters README) or use "
                "repatcost_letters.with_defaults(assumptions)."
            )
        key = f"{municipality.key}.count"
        divisors = []  # from the count to persons called in
        if count.measure is Measure.HELD:
            divisors.append("conversations_per_person")
        if count.measure in (Measure.HELD, Measure.TOOK_PART):
            divisors.append("show_up_rate")
        for name in ("productive_hours", *divisors):
            _positive(assumptions, name)
        years = count.period.years
        names = (*_OWN, *_HOURLY, *divisors)

        def cost(v: Values) -> dict[str, FloatArray]:
            persons = np.divide(v[key], years)
            for name in divisors:
                persons = persons / v[name]
            letters = persons * v["letters_per_person"]
            hourly = v["wage_cost"] * (1.0 + v["overhead_share"]) / v["productive_hours"]
            per_letter = v["letter_handling_minutes"] / 60.0 * hourly + v["letter_dispatch_cost"]
            return {
                "letters": letters * per_letter,
                "persons_called_in": persons,
                "letters_sent": letters,
            }

        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs={key: count.distribution(assumptions.qualifiers)}
            | {name: assumptions.distribution(name) for name in names},
            function=cost,
            components=("letters",),
            quantities=("persons_called_in", "letters_sent"),
            decreasing=frozenset({"productive_hours", *divisors}),
            provenance=(count.source,),
            leaves_out=tuple(n.text for n in municipality.notes if n.covered_by != self.name),
            notes=(
                f"letters to {count.value:g} {count.unit} ({count.measure.value}) over "
                f"{count.period}",
                "letters per person, minutes per letter and dispatch "
                "cost are unsourced estimates (repatcost-letters)",
            ),
        )
