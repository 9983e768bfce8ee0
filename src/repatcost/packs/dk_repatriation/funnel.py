"""The Danish invitation funnel: a count of persons called in, taking part or of
conversations held -> conversations held per year, and hours per conversation.

Persons called in are invitations (some citizens are called in more than once, the repeat
invitations); they become conversations through ``distinct_invitation_share`` and
``show_up_rate``. Persons taking part become conversations through
``conversations_per_person``; conversations held are used as they are.
"""

from __future__ import annotations

from repatcost.assumptions import Assumptions
from repatcost.errors import NotApplicable
from repatcost.estimators.base import optional, require
from repatcost.estimators.parts import Part, own, per_year, shared
from repatcost.evidence import ConversationCount, HoursPerConversation, Measure, Municipality

__all__ = [
    "basis",
    "conversation_basis",
    "conversations",
    "held_conversations",
    "hours_per_conversation",
    "volume_range",
]


_FACTORS: dict[Measure, tuple[str, ...]] = {
    Measure.CALLED_IN: ("distinct_invitation_share", "show_up_rate"),
    Measure.TOOK_PART: ("conversations_per_person",),
    Measure.HELD: (),
}
"""The assumptions that turn a count of each measure into conversations held."""

_FACTOR_NOTES = {
    "distinct_invitation_share": "invitations x share not a repeat invitation = persons invited",
    "show_up_rate": "persons invited x show-up rate = conversations held (an assumption)",
    "conversations_per_person": "persons taking part x conversations per person = "
    "conversations held",
}


def conversation_basis(count: ConversationCount) -> str:
    """How :func:`conversations` turns ``count`` into conversations held, in words.

    >>> from repatcost.data import bundled_study
    >>> conversation_basis(bundled_study().municipality("kobenhavn").only(ConversationCount))
    '750 persons called in x distinct_invitation_share x show_up_rate (assumed)'
    """
    factors = _FACTORS[count.measure]
    verb = {Measure.TOOK_PART: "who took part"}.get(count.measure, count.measure.value)
    what = f"{count.value:g} {count.unit} {verb.replace('_', ' ')}"
    return (
        what
        + "".join(f" x {name}" for name in factors)
        + (" (assumed)" if factors else " (as reported)")
    )


def _at_most_one(factor: Part) -> Part:
    """``factor`` unchanged, after checking it never exceeds 1 (NotApplicable otherwise)."""
    for name, dist in factor.inputs.items():
        if dist.bounds[1] > 1.0:
            raise NotApplicable(
                f"a count of persons called in gives at most one conversation per invitation, "
                f"so '{name}' must stay <= 1; its range reaches {dist.bounds[1]:g}."
            )
    return factor


def conversations(municipality: Municipality, assumptions: Assumptions) -> Part:
    """Dedicated conversations held per year, from the municipality's count.

    The count is taken per year (:func:`per_year`). Persons *called in* are counted as
    invitations (some citizens are called in more than once): they become conversations
    through ``distinct_invitation_share`` and ``show_up_rate``, both at most 1, so the
    conversations never exceed the invitations. Persons *taking part* become conversations
    through ``conversations_per_person`` (a person may have had more than one); conversations
    *held* are used as they are.
    """
    count = require(municipality, ConversationCount)
    what = f"{count.value:g} {count.unit} ({count.measure.value.replace('_', ' ')})"
    held = own(municipality, "count", count, assumptions, f"{what} over {count.period}")
    held = per_year(held, count.period)
    for name in _FACTORS[count.measure]:
        factor = shared(assumptions, name).noted(_FACTOR_NOTES[name])
        if count.measure is Measure.CALLED_IN:
            factor = _at_most_one(factor)
        held = held * factor
    return held


def hours_per_conversation(municipality: Municipality, assumptions: Assumptions) -> Part:
    """Caseworker hours per conversation: the municipality's own figure, else the assumption."""
    reported = optional(municipality, HoursPerConversation)
    if reported is None:
        return shared(assumptions, "hours_per_conversation").noted(
            "hours per conversation not reported: the shared assumption is used"
        )
    includes = ", ".join(sorted(a.value.replace("_", " ") for a in reported.includes))
    note = f"{reported.hours:g} hours per conversation ({reported.qualifier.value}), " + (
        f"including {includes}" if includes else "what they include is not stated"
    )
    return own(municipality, "hours_per_conversation", reported, assumptions, note)


def held_conversations(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """Conversations held per year when the count is of conversations held, else None."""
    count = optional(municipality, ConversationCount)
    if count is None or count.measure is not Measure.HELD:
        return None
    return conversations(municipality, assumptions)


def volume(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """Conversations held per year when a count is reported, else None."""
    if optional(municipality, ConversationCount) is None:
        return None
    return conversations(municipality, assumptions)


def volume_range(municipality: Municipality) -> tuple[tuple[float, float], str] | None:
    """Conversations a count allows: at most the invitations, or from the participants to
    twice as many; None for a count of conversations held (nothing implied)."""
    count = optional(municipality, ConversationCount)
    if count is None or count.measure is Measure.HELD:
        return None
    persons = per_year(count.value, count.period)
    if count.measure is Measure.CALLED_IN:
        return (0.0, persons), "at most the invitations"
    return (persons, persons * 2.0), "participants to twice as many"


def basis(municipality: Municipality) -> str | None:
    """How the municipality's count becomes conversations held, in words (None: no count)."""
    count = optional(municipality, ConversationCount)
    return None if count is None else conversation_basis(count)
