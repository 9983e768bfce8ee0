"""Typed reading of parsed TOML with every problem collected, each named by its key path.

Private helper of :mod:`repatcost.scenario` and :mod:`repatcost.assumptions`: a :class:`Node`
is a value with its key path; its accessors return the typed value or ``None`` after recording
a problem, so one pass over a file reports all of its problems together.
"""

from __future__ import annotations

import enum
import os
import tomllib
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import attrs

from repatcost._text import clean_tree
from repatcost.distributions import DISTRIBUTIONS, Distribution, Fixed
from repatcost.domains import figure, figure_problem
from repatcost.errors import InvalidTypeError, InvalidValueError, Problem, ScenarioError

__all__ = ["Node", "Problem", "Problems", "ScenarioError", "load_toml", "optional"]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

MAX_FILE_BYTES = 10_000_000
"""Largest data file read (10 MB; the bundled scenario is 5 kB): never more is read."""

MAX_SHOWN_PROBLEMS = 20
"""Problems listed in an error message; the rest are counted ("and N more")."""


@attrs.define
class Problems:
    """Collector of problems found while reading one file."""

    file: str
    found: list[Problem] = attrs.Factory(list)

    def add(self, path: str, value: Any, expected: str) -> None:
        """Record one problem (once: a repeat of a recorded one is dropped)."""
        problem = Problem(path, value, expected)
        if problem not in self.found:
            self.found.append(problem)

    def has(self, path: str) -> bool:
        """Whether a problem was already recorded at ``path``."""
        return any(p.path == path for p in self.found)

    def raise_if_any(self, max_shown: int | None = MAX_SHOWN_PROBLEMS) -> None:
        """Raise :class:`ScenarioError` listing the problems, if there are any.

        With ``max_shown``, the message prints at most that many (and says how many more
        there are); the error's ``problems`` still holds all of them.
        """
        if self.found:
            count = len(self.found)
            if count == 1:
                message = f"1 problem in {self.file}: {self.found[0]}"
            else:
                shown = self.found if max_shown is None else self.found[:max_shown]
                lines = [f"{count} problems in {self.file}:", *(f"  {p}" for p in shown)]
                if len(shown) < count:
                    lines.append(f"  ... and {count - len(shown)} more")
                message = "\n".join(lines)
            raise ScenarioError(message, self.file, tuple(self.found))


_MISSING = object()


def _type_name(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        dict: "a table",
        list: "an array",
    }
    return names.get(type(value), type(value).__name__)


@attrs.frozen
class Node:
    """A parsed value, its key path and the collector its problems go to."""

    value: Any
    path: str
    problems: Problems

    def child(self, key: str | int, value: Any) -> Node:
        """The node of ``value`` found under ``key``."""
        path = (
            f"{self.path}[{key}]"
            if isinstance(key, int)
            else (f"{self.path}.{key}" if self.path else key)
        )
        return Node(value, path, self.problems)

    def fail(self, expected: str, value: Any = _MISSING) -> None:
        """Record that this node is not what was expected."""
        self.problems.add(self.path, self.value if value is _MISSING else value, expected)

    def table(
        self,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
        open_keys: bool = False,
    ) -> dict[str, Node] | None:
        """A table; unknown keys (unless ``open_keys``) and missing ones are problems."""
        if not isinstance(self.value, dict):
            self.fail("a table")
            return None
        out: dict[str, Node] = {}
        for key, value in self.value.items():
            if open_keys or key in required or key in optional:
                out[key] = self.child(key, value)
            else:
                allowed = ", ".join(sorted((*required, *optional)))
                self.child(key, value).fail(f"no such key (allowed: {allowed})", value=key)
        for key in required:
            if key not in self.value:
                self.child(key, None).fail("a value (required key is missing)", value="<missing>")
        return out

    def items(self) -> Iterator[Node]:
        """A table, or an array of tables, as a sequence of nodes."""
        if isinstance(self.value, list):
            for i, value in enumerate(self.value):
                yield self.child(i, value)
        else:
            yield self

    def number(
        self,
        *,
        min_value: float | None = None,
        exclusive_min: bool = False,
        max_value: float | None = None,
    ) -> float | None:
        """A number within the given bounds, under the one rule for figures in files
        (:func:`repatcost.domains.figure_problem`: finite, not huge, not subnormal; ``-0.0``
        read as ``0.0``)."""
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"a number, not {_type_name(value)}")
            return None
        problem = figure_problem(value)
        if problem is not None:
            self.fail(problem)
            return None
        if min_value is not None and (value < min_value or (exclusive_min and value == min_value)):
            self.fail(f"a number {'>' if exclusive_min else '>='} {min_value:g}")
            return None
        if max_value is not None and value > max_value:
            self.fail(f"a number <= {max_value:g}")
            return None
        return figure(value)

    def integer(self, *, min_value: int | None = None, max_value: int | None = None) -> int | None:
        """A whole number within the given bounds (and the magnitude limit of every figure,
        :func:`repatcost.domains.figure_problem`)."""
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"an integer, not {_type_name(value)}")
            return None
        problem = figure_problem(value)
        if problem is not None:
            self.fail(problem.replace("a number", "an integer"))
            return None
        if (min_value is not None and value < min_value) or (
            max_value is not None and value > max_value
        ):
            self.fail(f"an integer in [{min_value}, {max_value}]")
            return None
        return value

    def string(self) -> str | None:
        """A non-empty string."""
        if not isinstance(self.value, str) or not self.value.strip():
            self.fail("a non-empty string")
            return None
        return self.value

    def choice(self, enum_type: type[E]) -> E | None:
        """A member of ``enum_type`` given by its value."""
        for member in enum_type:
            if member.value == self.value:
                return member
        self.fail("one of " + ", ".join(repr(m.value) for m in enum_type))
        return None

    def date(self) -> date | None:
        """A date, as a TOML date or an ISO string; a TOML date-time is read as its date when
        its time is midnight (with an offset or local), and refused otherwise."""
        value = self.value
        if isinstance(value, datetime):
            if value.time() == time(0, 0):
                return value.date()
            self.fail(
                "a date (YYYY-MM-DD), or a date-time at midnight; this one has a time of day"
            )
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail("a date (YYYY-MM-DD)")
        return None

    def build(self, factory: Callable[..., T], fields: dict[str, str], **kwargs: Any) -> T | None:
        """Call ``factory(**kwargs)``; turn its validation error into a problem at this path.

        ``fields`` maps the factory's parameter names to the file's key names, so the problem
        names the key the user wrote.
        """
        if any(v is None for v in kwargs.values() if v is not _OPTIONAL_NONE):
            return None  # a problem was already recorded for the missing part
        clean = {k: (None if v is _OPTIONAL_NONE else v) for k, v in kwargs.items()}
        try:
            return factory(**clean)
        except InvalidValueError as err:
            child = self.child(fields.get(err.field, err.field), err.value)
            if not self.problems.has(child.path):  # a bad value is reported once, where read
                child.fail(err.expected)
            return None


_OPTIONAL_NONE = object()
"""Marks an optional argument that is genuinely None (not missing after a problem)."""


def optional(value: Any) -> Any:
    """Wrap an optional argument for :meth:`Node.build` so None means "not given"."""
    return _OPTIONAL_NONE if value is None else value


def read_distribution(node: Node) -> Distribution | None:
    """A distribution from a number (fixed) or a table such as ``{dist = "pert", min = 1, ...}``.

    The ``dist`` key names a registered kind (:data:`repatcost.distributions.DISTRIBUTIONS`);
    each kind declares its own keys. Built in: ``fixed``: value; ``uniform``: min, max;
    ``triangular`` and ``pert``: min, mode, max (pert also ``shape``); ``normal``: mean, sd,
    optional min, max; ``lognormal``: low, high (its central ``level`` interval, 0.9 by
    default) or mu, sigma, and optional truncation min, max.
    """
    if isinstance(node.value, int | float) and not isinstance(node.value, bool):
        value = node.number()
        return None if value is None else Fixed(value)
    if not isinstance(node.value, dict):
        node.fail(
            'a number or a distribution table such as {dist = "pert", min = ..., '
            "mode = ..., max = ...}"
        )
        return None
    kind_node = node.child("dist", node.value.get("dist"))
    cls = DISTRIBUTIONS.get(kind_node.value) if isinstance(kind_node.value, str) else None
    if cls is None:
        kind_node.fail("one of " + ", ".join(repr(k) for k in DISTRIBUTIONS))
        return None
    required, extra = cls.table_keys()
    keys = node.table(required=("dist", *required), optional=extra)
    if keys is None:
        return None
    values = {k: keys[k].number() for k in keys if k != "dist"}
    return node.build(lambda **table: cls.from_table(table), {}, **values)


def as_path(value: Any, owner: str) -> Path:
    """``value`` (a ``str`` or path-like) as a :class:`~pathlib.Path`; anything else is the
    house type error naming the ``path`` parameter of ``owner``.

    >>> as_path(None, "load_scenario")
    Traceback (most recent call last):
    ...
    repatcost.errors.InvalidTypeError: The 'path' parameter of load_scenario must be ...
    """
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise InvalidTypeError.for_field(owner, "path", value, "a file path (a str or pathlib.Path)")


def read_text(path: Path, problems: Problems, max_bytes: int | None = None) -> str | None:
    """The UTF-8 text of ``path`` (a byte order mark is dropped), or None after a problem.

    Reads at most ``max_bytes`` + 1 bytes (default :data:`MAX_FILE_BYTES`), so an endless
    file such as ``/dev/zero`` ends at once; a missing, unreadable, oversized or undecodable
    file is a problem naming the path or the cap.
    """
    cap = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as err:
        problems.add("<file>", str(path), f"a readable file ({err.strerror or err})")
        return None
    if len(data) > cap:
        size = f"{cap // 1_000_000} MB ({cap:,} bytes)" if cap >= 1_000_000 else f"{cap:,} bytes"
        problems.add("<file>", f"more than {cap:,} bytes", f"a file of at most {size}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.add("<file>", path.name, f"UTF-8 text ({err.reason} at byte {err.start})")
        return None


def load_toml(path: Path, problems: Problems) -> dict[str, Any] | None:
    """Parse a TOML file read-only (see :func:`read_text`); any failure becomes a problem.

    Keys and strings come back in Unicode normal form C; a control character in a key or a
    name, or two keys of one table that are the same name, is a problem (see
    :mod:`repatcost._text`)."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        return clean_tree(tomllib.loads(text), problems.add)
    except tomllib.TOMLDecodeError as err:
        problems.add("<file>", path.name, f"valid TOML ({err})")
    except RecursionError:
        problems.add("<file>", path.name, "TOML nested less deeply (the parser ran out of depth)")
    except (ValueError, MemoryError) as err:
        problems.add("<file>", path.name, f"TOML the parser can read ({type(err).__name__})")
    return None
