"""The per-conversation table's rule, basis and the source's warning (issue 21, item 3)."""

from __future__ import annotations

import pytest

from repatcost import report_text as text
from repatcost.data import bundled_study
from repatcost.evidence import ConversationCount
from repatcost.packs.dk_repatriation.funnel import conversation_basis


@pytest.fixture(scope="module")
def report():
    return bundled_study().run(2_000, seed=5).report()


def test_each_row_states_its_basis_and_odense_has_none(report) -> None:
    table = text.per_conversation_table(report)
    basis = {row[0]: row[2] for row in table.rows}
    assert basis["København"] == (
        "from 750 persons called in x distinct invitation share x show up rate (assumed)"
    )
    assert basis["Aarhus"] == "from 194 persons who took part x conversations per person (assumed)"
    assert basis["Aalborg"] == "from 120 conversations held (as reported)"
    assert basis["Odense"] == text.NO_COUNT_BASIS
    assert {row[0]: row[1] for row in table.rows}["Odense"] == text.NO_COUNT


def test_the_rule_and_the_sources_warning_are_printed(report) -> None:
    intro = text.per_conversation_intro(report)
    assert intro.startswith("Rule: a municipality has a figure when the source gives it a count")
    assert "ikke direkte sammenlignelige" in intro
    assert "section 2" in intro


def test_a_study_citing_another_document_gets_the_rule_without_the_quote(report) -> None:
    import attrs

    rows = tuple(attrs.evolve(r, sources=("A report of my own, p. 3",)) for r in report.rows)
    intro = text.per_conversation_intro(attrs.evolve(report, rows=rows))
    assert intro.startswith("Rule:")
    assert "ikke direkte" not in intro


def test_conversation_basis_names_the_assumptions_of_each_measure() -> None:
    kbh = bundled_study().municipality("kobenhavn").only(ConversationCount)
    assert conversation_basis(kbh).endswith("x distinct_invitation_share x show_up_rate (assumed)")
