"""TOML date-times in periods: their date at midnight, refused at any other time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.errors import ScenarioError
from repatcost.evidence import Period
from repatcost.scenario import load_scenario

AALBORG = "period = { start = 2022-09-01, end = 2023-09-01 }"


def _with_period(tmp_path: Path, period: str) -> Path:
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8")
    assert AALBORG in text
    path = tmp_path / "s.toml"
    path.write_text(text.replace(AALBORG, period), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "start",
    [
        "2022-09-01T00:00:00Z",
        "2022-09-01T00:00:00+02:00",
        "2022-09-01T00:00:00",
        "2022-09-01 00:00:00",
    ],
)
def test_a_midnight_date_time_is_read_as_its_date(tmp_path: Path, start: str) -> None:
    """Midnight with an offset, in UTC or local: the period is the same as with a date."""
    path = _with_period(tmp_path, f"period = {{ start = {start}, end = 2023-09-01T00:00:00Z }}")
    study = load_scenario(path)
    aalborg = next(m for m in study.municipalities if m.key == "aalborg")
    periods = {r.period for r in aalborg.evidence if getattr(r, "period", None) is not None}
    assert Period(date(2022, 9, 1), date(2023, 9, 1)) in periods


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        ("2022-09-01T12:00:00Z", "2023-09-01", "start"),
        ("2022-09-01", "2023-09-01T00:00:00.5", "end"),
        ("2022-09-01T23:59:59-05:00", "2023-09-01", "start"),
        ("08:00:00", "2023-09-01", "start"),
    ],
)
def test_a_time_of_day_is_refused_naming_the_key(
    tmp_path: Path, start: str, end: str, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A date-time not at midnight (or a bare time): a problem at period.start/end; the CLI
    exits 2 with the key, for validate and estimate alike."""
    path = _with_period(tmp_path, f"period = {{ start = {start}, end = {end} }}")
    with pytest.raises(ScenarioError, match=rf"aalborg\.\w+\[0\]\.period\.{key}: expected a date"):
        load_scenario(path)
    for command in (["validate", str(path)], ["estimate", "--scenario", str(path)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"period.{key}" in err
        assert "internal error" not in err
