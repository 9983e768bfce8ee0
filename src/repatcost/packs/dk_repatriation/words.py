"""What the Danish pack's methods leave out, in the words of its domain (for the report's
"Costs not counted" list)."""

from __future__ import annotations

from typing import Any

__all__ = ["not_counted"]


def not_counted(report: Any) -> tuple[str, ...]:
    """Costs no estimate of ``report`` counts, by the methods its municipalities used."""
    rows = [r for r in report.rows if "reported_spending" not in r.method]
    bottom_up = [r.name for r in rows]
    no_fees = [r.name for r in rows if "interpreter_fees" not in r.method]
    out = []
    if no_fees:
        out.append(
            f"interpreter fees ({', '.join(no_fees)}): hours that include interpreting "
            "count the caseworker's time, not the interpreter's fee"
        )
    if bottom_up:
        names = ", ".join(bottom_up)
        out += [
            f"invitation handling and no-shows ({names}): letters, booking and time set "
            "aside for invitations that led to no conversation",
            f"caseworker time beyond the overhead ({names}): supervision, travel and team "
            "meetings about the conversations",
        ]
    return tuple(out)
