"""Did-you-mean suggestions for unknown names (assumptions, municipalities, keys).

>>> did_you_mean("show_up_rat", ["show_up_rate", "wage_cost"])
" (did you mean 'show_up_rate'?)"
>>> did_you_mean("show_up_r\\u0430te", ["show_up_rate"])  # a Cyrillic a
" (did you mean 'show_up_rate'? the name contains the non-ASCII character 'а' U+0430)"
>>> did_you_mean("zzz", ["wage_cost"])
''
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A parenthesised suggestion of the closest known name, or ``""`` when none is close.

    A name with characters outside ASCII (a look-alike Cyrillic letter, say) is told so.
    """
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    odd = [c for c in name if not c.isascii()]
    note = (
        f" the name contains the non-ASCII character {odd[0]!r} U+{ord(odd[0]):04X}" if odd else ""
    )
    if close:
        return f" (did you mean {close[0]!r}?{note})"
    return f" ({note.strip()})" if note else ""
