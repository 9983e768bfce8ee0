"""What a command declares: its words, its run, its own options and which shared ones it takes.

:func:`repatcost.cli.build_parser` turns each module's :data:`COMMAND` into its parser, so a
command module states only what is its own.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any, Literal

import attrs

from repatcost.cli import _common as common
from repatcost.tables import FORMATS

__all__ = ["Command", "ScopedOption", "refuse_inapplicable"]


def _none(parser: argparse.ArgumentParser) -> None:
    """No options of the command's own."""


@attrs.frozen
class Command:
    """One ``repatcost`` command. Its parser gets, in this order: ``--scenario`` and
    ``--reading`` (``scenario``), ``--samples``, ``--seed`` and ``--level`` (``run_options``:
    ``"fixed"``, or ``"auto"`` where ``--samples auto`` is taken), ``--design`` (``design``:
    the run's sampling design, where the command passes it to the run), the command's own
    ``options``, ``--format`` and ``--output`` (unless ``formats`` is empty; ``what`` names
    the thing written), the ``scoped`` options and ``--quiet``. ``run`` takes the parsed
    arguments and returns what the command writes to ``--output`` (standard output without
    it); errors are raised (:class:`~repatcost.cli._common.CliError` and the library's own).

    >>> hello = Command("hello", "say hello", "Say hello.", run=lambda args: "hi\\n", formats=())
    >>> commands = argparse.ArgumentParser().add_subparsers()
    >>> args = hello.add_to(commands).parse_args(["--quiet"])
    >>> args.scenario, args.quiet
    (None, True)
    >>> args.func(args)
    hi
    0
    """

    name: str
    help: str
    description: str
    run: Callable[[argparse.Namespace], str | bytes]
    options: Callable[[argparse.ArgumentParser], None] = _none
    scenario: bool = True
    run_options: Literal["none", "fixed", "auto"] = "none"
    design: bool = False
    formats: tuple[str, ...] = FORMATS
    what: str = ""
    scoped: tuple[ScopedOption, ...] = ()

    def add_to(self, commands: Any) -> argparse.ArgumentParser:
        """Add this command's parser to ``commands`` (argparse's sub-parsers) and return it."""
        parser: argparse.ArgumentParser = commands.add_parser(
            self.name, help=self.help, description=self.description
        )
        if self.scenario:
            common.add_scenario(parser)
        if self.run_options != "none":
            common.add_run_options(parser, auto=self.run_options == "auto")
        if self.design:
            common.add_design(parser)
        self.options(parser)
        if self.formats:
            common.add_output(parser, self.formats, what=self.what)
        for option in self.scoped:
            option.add_to(parser)
        common.add_quiet(parser)
        parser.set_defaults(func=self.execute)
        return parser

    def execute(self, args: argparse.Namespace) -> int:
        """Run the command and write what it returns; the exit status (0: errors are raised)."""
        common.emit(self.run(args), getattr(args, "output", None), args)
        return 0


@attrs.frozen
class ScopedOption:
    """An option that applies only to some values of a command's choice (``applies``: the
    sensitivity methods, the chart kinds); not given, it is None and the choice's own default
    holds, and given with another choice it is refused by :func:`refuse_inapplicable`.

    >>> parser = argparse.ArgumentParser()
    >>> ScopedOption("--points", ("grid",), "grid: values per axis", type=int).add_to(parser)
    >>> parser.parse_args([]).points, parser.parse_args(["--points", "3"]).points
    (None, 3)
    """

    flag: str
    applies: tuple[str, ...]
    help: str
    type: Callable[[str], Any] = str
    metavar: str | None = None
    action: Literal["store", "append"] = "store"

    @property
    def dest(self) -> str:
        """The attribute of the parsed arguments (``--x-values``: ``x_values``)."""
        return self.flag.removeprefix("--").replace("-", "_")

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        """Add the option to ``parser``, with default None."""
        parser.add_argument(
            self.flag,
            type=self.type,
            action=self.action,
            default=None,
            metavar=self.metavar,
            help=self.help,
        )


def refuse_inapplicable(
    args: argparse.Namespace, options: Iterable[ScopedOption], choice: str, chosen: str
) -> None:
    """Refuse an option given (not None) that does not apply to ``choice``; the message names
    the option, what was ``chosen`` (e.g. ``--method grid``) and where the option applies."""
    for option in options:
        if getattr(args, option.dest) is not None and choice not in option.applies:
            raise common.CliError(
                f"{option.flag} does not apply to {chosen} "
                f"(it applies to {', '.join(option.applies)})",
                common.EXIT_USAGE,
            )
