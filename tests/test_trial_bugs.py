"""The three bugs issue 19's trial met, each with the scenario that showed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from repatcost.scenario import ScenarioError, load_scenario

STAFF = """
title = "trial"
[municipality.aalborg]
name = "Aalborg"
code = 851
estimator = "staff_allocation"
[[municipality.aalborg.staff_years]]
value = 1
source = { section = "3" }
"""

OWN_HOURS = """
[municipality.aalborg.assumptions.hours_per_conversation]
distribution = { dist = "uniform", min = 1, max = 3 }
rationale = "own experience"
"""


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def test_own_assumption_read_only_by_an_implied_quantity_is_drawn_under_its_own_name(
    tmp_path: Path,
) -> None:
    """Staff-years give conversations implied by the hours per conversation, which the cost
    does not read; a municipality's own hours per conversation crashed the model
    (``with_input_names`` left ``quantity_only`` under the old name)."""
    study = _load(tmp_path, STAFF + OWN_HOURS)
    model = study.model("aalborg")  # type: ignore[attr-defined]
    assert "aalborg.hours_per_conversation" in model.quantity_only
    assert "hours_per_conversation" not in model.inputs
    result = study.run(200, seed=1)  # type: ignore[attr-defined]
    held = result.estimates["aalborg"].quantities["conversations"]
    # 1 staff-year of at most 1,600 productive hours at 1-3 hours each: at most 1,600 held
    assert held.min() > 0
    assert held.max() <= 1_600


LETTERS = ("letters_per_person", "letter_handling_minutes", "letter_dispatch_cost")


def _declared(where: str, low: float, high: float, *, texts: bool = True) -> str:
    """The three assumptions the letters plugin reads, declared under ``where``."""
    extra = 'unit = "as stated"\nsource = "unsourced estimate"\n' if texts else ""
    return "".join(
        f'[{where}.{name}]\ndistribution = {{ dist = "uniform", min = {low}, max = {high} }}\n'
        f'rationale = "illustration"\n{extra}'
        for name in LETTERS
    )


def _with_letters(tmp_path: Path, extra: str) -> object:
    """The letters plugin (examples/repatcost-letters) reads assumptions of its own."""
    pytest.importorskip("repatcost_letters")
    text = STAFF.replace('"staff_allocation"', '["staff_allocation", "written_invitations"]')
    text += '[[municipality.aalborg.count]]\nvalue = 100\nmeasure = "called_in"\nperiod = 2023\n'
    text += 'source = { section = "2" }\n'
    return _load(tmp_path, text + extra)


def test_assumption_used_only_under_one_municipalitys_own_value_is_accepted(
    tmp_path: Path,
) -> None:
    """An assumption only one municipality uses may be declared under it alone (with unit,
    rationale and source) or shared with that municipality's own value beside it; both were
    refused ("the name of a shared assumption", "none reads it")."""
    alone = _with_letters(tmp_path, _declared("municipality.aalborg.assumptions", 2, 3))
    inputs = alone.model("aalborg").inputs  # type: ignore[attr-defined]
    assert inputs["aalborg.letters_per_person"].bounds == (2.0, 3.0)
    both = _with_letters(
        tmp_path,
        _declared("assumptions", 1, 2) + _declared("municipality.aalborg.assumptions", 4, 5),
    )
    inputs = both.model("aalborg").inputs  # type: ignore[attr-defined]
    assert inputs["aalborg.letter_dispatch_cost"].bounds == (4.0, 5.0)
    assert "letter_dispatch_cost" not in inputs


def test_new_assumption_under_a_municipality_still_needs_its_source(tmp_path: Path) -> None:
    """A municipality's own new assumption without unit and source is refused naming it."""
    bad = _declared("municipality.aalborg.assumptions", 2, 3, texts=False)
    with pytest.raises(
        ScenarioError, match=r"municipality\.aalborg\.assumptions\.letters_per_person"
    ):
        _with_letters(tmp_path, bad)


SILENT = """
[municipality.esbjerg]
name = "Esbjerg"
code = 561
[[municipality.esbjerg.no_figure]]
text = "The municipality does not record the cost."
source = { section = "2" }
"""


def test_a_body_that_reported_nothing_is_kept_not_refused(tmp_path: Path) -> None:
    """A municipality with only a "no figure" record is listed as answered with no figure,
    not estimated and left out of the total; it was an error ("no estimator applies")."""
    from repatcost.report import render_study, study_record

    study = _load(tmp_path, STAFF + SILENT)
    assert [m.key for m in study.unreported] == ["esbjerg"]  # type: ignore[attr-defined]
    result = study.run(200, seed=1)  # type: ignore[attr-defined]
    assert list(result.estimates) == ["aalborg"]
    assert study_record(result)["unreported"] == ["Esbjerg"]
    assert "Answered with no figure: Esbjerg." in render_study(result)


def test_a_file_where_nobody_reported_a_figure_is_refused(tmp_path: Path) -> None:
    """With no figure anywhere there is nothing to estimate: refused, naming the key."""
    with pytest.raises(ScenarioError, match="at least one with a figure"):
        _load(tmp_path, 'title = "none"\n' + SILENT)
