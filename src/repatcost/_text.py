"""Text from files: one normal form, no control characters in names, one notion of "same name".

The one home of these rules, used by every reader of data files (:func:`clean_tree` runs over
a parsed TOML document before anything reads it) and by every writer of output
(:func:`printable`):

- every key and string is put in Unicode normal form C, so ``"Å"`` typed as one character
  or as ``A`` + combining ring is one name;
- a key or a name (any string that is not free text) holding a control or format character
  (categories Cc and Cf: NUL, tab, line breaks, bidirectional overrides and isolates such as
  U+202E, zero-width spaces) is refused, naming the key and the character's code point;
- two keys of one table that are the same name (:func:`identity`: equal after normal form C,
  case folding and removal of invisible characters) are refused: they would be counted twice;
- free text (rationales, notes, quoted words) keeps tabs and line breaks, refuses NUL, and
  passes through :func:`printable` on the way out, so no other control character and no
  bidirectional override reaches a report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

__all__ = [
    "FREE_TEXT_KEYS",
    "clean_tree",
    "control_in",
    "describe_char",
    "identity",
    "printable",
]

FREE_TEXT_KEYS = frozenset(
    {
        "rationale",
        "reason",
        "words",
        "text",
        "question",
        "purpose",
        "derivation",
        "note",
        "notes",
        "description",
        "section",
        "document",
        "source",
        "hint_low",
        "hint_high",
    }
)
"""Keys whose string values are free text (may hold tabs and line breaks); any other
string is a name, label or choice and holds no control or format character."""

_FREE_TEXT_ALLOWED = frozenset("\t\n\r")

_INVISIBLE_EXTRA = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)
"""Characters shown as nothing that are not format characters: the combining grapheme
joiner, Hangul fillers, Khmer inherent vowels, the blank Braille pattern, variation selectors."""

_WHITESPACE = re.compile(r"\s+")

_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""What :func:`printable` removes: control characters other than tab and line breaks, and the
bidirectional marks, embeddings, overrides and isolates (they can make a figure next to a
name read backwards)."""


def describe_char(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: the code point and, where known, its name.

    >>> describe_char("\\x00"), describe_char("\\u202e")
    ('U+0000', 'U+202E (RIGHT-TO-LEFT OVERRIDE)')
    """
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def control_in(text: str, *, free: bool = False) -> str | None:
    """The first control or format character (Unicode Cc, Cf) in ``text``, or None.

    With ``free`` (free text), tabs and line breaks are allowed and only NUL is refused
    (other characters are removed on output by :func:`printable`).

    >>> control_in("Aar\\u202ehus"), control_in("Aarhus"), control_in("a\\nb", free=True)
    ('\\u202e', None, None)
    """
    for char in text:
        if free:
            if char == "\x00":
                return char
        elif unicodedata.category(char) in ("Cc", "Cf"):
            return char
    return None


def identity(name: str) -> str:
    """What two names must share to be one name: normal form C, case folded, without
    invisible characters, with runs of white space as one space.

    >>> identity("A\\u030arhus") == identity("århus") == identity("Å\\u200brhus ")
    True
    """
    text = unicodedata.normalize("NFC", name).casefold()
    text = "".join(
        c
        for c in text
        if unicodedata.category(c) not in ("Cf", "Cc") and c not in _INVISIBLE_EXTRA
    )
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", text).strip())


def printable(text: str) -> str:
    """``text`` without control characters (but tab and line breaks) and bidirectional
    formatting characters: what any output writes.

    >>> printable("Odense \\u202e0001 DKK\\x00")
    'Odense 0001 DKK'
    """
    return _UNPRINTABLE.sub("", text)


Report = Callable[[str, Any, str], None]
"""Where :func:`clean_tree` records a problem: ``(key path, value, expected)``."""


def _shown(key: str) -> str:
    """``key`` with each control or format character written as an escape (``\\u202e``),
    so that a key path in a message cannot itself reorder or hide text."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in key
    )


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{_shown(key)}" if path else _shown(key)


def _string(text: str, path: str, key: str, report: Report) -> str:
    text = unicodedata.normalize("NFC", text)
    free = key in FREE_TEXT_KEYS
    bad = control_in(text, free=free)
    if bad is not None:
        kind = "free text without NUL" if free else "a name without control characters"
        report(path, text, f"{kind} (found {describe_char(bad)})")
    return text


def _table(table: dict[str, Any], path: str, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for raw, value in table.items():
        key = unicodedata.normalize("NFC", raw)
        where = _child(path, key)
        bad = control_in(key)
        if bad is not None:
            report(where, key, f"a key without control characters (found {describe_char(bad)})")
        same = identity(key)
        if same in seen:
            report(
                where,
                key,
                f"a key unlike the others of its table ({seen[same]!r} is the same name "
                "after Unicode normalisation, case folding and removing invisible characters)",
            )
        seen.setdefault(same, key)
        out[key] = _clean(value, where, key, report)
    return out


def _clean(value: Any, path: str, key: str, report: Report) -> Any:
    if isinstance(value, str):
        return _string(value, path, key, report)
    if isinstance(value, dict):
        return _table(value, path, report)
    if isinstance(value, list):
        return [_clean(v, _child(path, i), key, report) for i, v in enumerate(value)]
    return value


def clean_tree(document: dict[str, Any], report: Report) -> dict[str, Any]:
    """``document`` (parsed TOML) with every key and string in normal form C; each refused
    key or string is passed to ``report`` with its key path.

    >>> found = []
    >>> clean_tree({"municipality": {"a\\u202eb": {"name": "X\\x00"}}}, lambda *p: found.append(p))
    {'municipality': {'a\\u202eb': {'name': 'X\\x00'}}}
    >>> print(*(p[0] for p in found))
    municipality.a\\u202eb municipality.a\\u202eb.name
    """
    return _table(document, "", report)
