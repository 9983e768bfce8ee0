"""Words of the bundled source document that reports quote (content of the Danish study).

Keyed by the document's citation, as :data:`repatcost.domains.DOCUMENT_DATES` is; a report
quotes a warning when the evidence it reports cites that document. Other studies' documents
have no entry and their reports quote nothing.

>>> print(COMPARABILITY["UIM answer to UUI alm. del spm. 184, 22 Feb 2024"])
section 2: "Tallene er således ikke direkte sammenlignelige" (the figures are thus not \
directly comparable), and "nogle borgere fx er indkaldt flere gange" (some citizens were \
called in more than once)
"""

from __future__ import annotations

__all__ = ["COMPARABILITY", "comparability_warning"]

COMPARABILITY: dict[str, str] = {
    "UIM answer to UUI alm. del spm. 184, 22 Feb 2024": (
        'section 2: "Tallene er således ikke direkte sammenlignelige" (the figures are thus '
        'not directly comparable), and "nogle borgere fx er indkaldt flere gange" (some '
        "citizens were called in more than once)"
    ),
}
"""The source's own warning that its counts of conversations are not comparable."""


def comparability_warning(sources: tuple[str, ...]) -> str | None:
    """The warning of the first document cited in ``sources`` that has one, else None.

    >>> comparability_warning(("Some other report, p. 4",)) is None
    True
    """
    for cited in sources:
        for document, warning in COMPARABILITY.items():
            if cited.startswith(document):
                return f"{document}, {warning}"
    return None
