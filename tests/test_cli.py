"""The command line, driven for real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "repatcost", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_estimate_prints_four_municipalities_and_total() -> None:
    """`repatcost estimate` prints one row per municipality and a total row."""
    done = run_cli("estimate", "--samples", "5000")
    assert done.returncode == 0, done.stderr
    first_table = next(b for b in done.stdout.split("\n\n") if b.startswith("| "))
    rows = [line for line in first_table.splitlines() if line.startswith("| ")][1:]
    assert [r.split("|")[1].strip() for r in rows] == [
        "København",
        "Aarhus",
        "Odense",
        "Aalborg",
        "Total",
    ]
    assert "2023 prices" in done.stdout
    assert "90% interval" in done.stdout


@pytest.mark.slow
def test_same_seed_gives_byte_identical_output() -> None:
    """Two runs with the same --seed print the same bytes; another seed differs."""
    a = run_cli("estimate", "--samples", "3000", "--seed", "42", "--format", "json")
    b = run_cli("estimate", "--samples", "3000", "--seed", "42", "--format", "json")
    c = run_cli("estimate", "--samples", "3000", "--seed", "43", "--format", "json")
    assert a.stdout == b.stdout
    assert a.stdout != c.stdout


def test_json_output_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json matches the shape given in the core issue."""
    assert main(["estimate", "--samples", "2000", "--seed", "1", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["price_year"] == 2023
    assert doc["level"] == 0.9
    assert doc["samples"] == 2000
    assert doc["seed"] == 1
    names = [(m["name"], m["code"]) for m in doc["municipalities"]]
    assert names == [("København", 101), ("Aarhus", 751), ("Odense", 461), ("Aalborg", 851)]
    for row in (*doc["municipalities"], doc["total"]):
        for key in ("median", "mean"):
            assert isinstance(row[key], float)
        lo, hi = row["interval"]
        r_lo, r_hi = row["range"]
        assert r_lo <= lo <= row["median"] <= hi <= r_hi
    for m in doc["municipalities"]:
        assert isinstance(m["method"], str)
        assert all(isinstance(v, float) for v in m["components"].values())
    aarhus = doc["municipalities"][1]
    assert set(aarhus["components"]) == {"caseworker_time", "interpreter_fees"}


@pytest.mark.parametrize("fmt", ["csv", "latex", "markdown"])
def test_other_formats_render(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV, LaTeX and Markdown all carry the five rows."""
    assert main(["estimate", "--samples", "1000", "--format", fmt]) == 0
    out = capsys.readouterr().out
    for name in ("København", "Aarhus", "Odense", "Aalborg", "Total"):
        assert name in out


def test_level_option_changes_the_interval(capsys: pytest.CaptureFixture[str]) -> None:
    """--level 0.5 gives a narrower interval than the default 0.9."""
    main(["estimate", "--samples", "4000", "--format", "json", "--level", "0.5"])
    narrow = json.loads(capsys.readouterr().out)["total"]["interval"]
    main(["estimate", "--samples", "4000", "--format", "json"])
    wide = json.loads(capsys.readouterr().out)["total"]["interval"]
    assert wide[0] < narrow[0] < narrow[1] < wide[1]


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--samples", "-3"],
        ["estimate", "--samples", "many"],
        ["estimate", "--seed", "-1"],
        ["estimate", "--level", "1.5"],
        ["estimate", "--level", "x"],
        ["estimate", "--format", "xml"],
        ["estimate", "--bogus"],
        ["frobnicate"],
        [],
        ["estimate", "--scenario", "/no/such/file.toml"],
    ],
)
def test_bad_options_exit_non_zero_with_one_line_and_no_traceback(args: list[str]) -> None:
    """Bad options print a single 'repatcost: error:' line, no traceback, and fail."""
    done = run_cli(*args)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("repatcost: error:")
    assert "Traceback" not in done.stderr


def test_output_file_is_written_and_stdout_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output writes the report to the file (atomically) and nothing to stdout."""
    target = tmp_path / "out.json"
    assert main(["estimate", "--samples", "500", "--format", "json", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["samples"] == 500
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    """An unwritable --output fails with one line and leaves no file behind."""
    done = run_cli("estimate", "--samples", "100", "--output", str(tmp_path / "no" / "x.md"))
    assert done.returncode == 2
    assert done.stderr.startswith("repatcost: error:")
    assert not (tmp_path / "no").exists()


def test_data_lists_every_figure_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    """`repatcost data` shows each reported figure with its section of the source."""
    assert main(["data", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "amount=800000" in out
    assert "section 3" in out
    assert "hours=240" in out


def test_validate_accepts_the_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled scenario validates."""
    assert main(["validate", str(BUNDLED_SCENARIO)]) == 0
    assert "OK, 4 municipalities" in capsys.readouterr().out


@pytest.mark.slow
def test_python_dash_m_and_console_script_agree() -> None:
    """`python -m repatcost` and the `repatcost` script print the same bytes."""
    script = Path(sys.executable).with_name("repatcost")
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    args = ["estimate", "--samples", "500", "--seed", "3"]
    via_script = subprocess.run(
        [str(script), *args], capture_output=True, text=True, check=True, timeout=120
    )
    assert via_script.stdout == run_cli(*args).stdout


def test_design_option_runs_the_study_on_that_design(capsys: pytest.CaptureFixture[str]) -> None:
    """``estimate --design sobol`` reports the run of a Sobol design: its JSON equals the
    library's report of study.run(n, seed, design='sobol'); a non-power-of-2 sample count is a
    usage error naming --samples, an unknown design one naming --design."""
    from repatcost.data import bundled_study
    from repatcost.report import study_record

    args = ["--samples", "256", "--seed", "3", "--design", "sobol", "--format", "json"]
    assert main(["estimate", *args]) == 0
    record = json.loads(capsys.readouterr().out)
    expected = study_record(bundled_study().run(256, seed=3, design="sobol"))
    assert record["total"]["median"] == expected["total"]["median"]
    assert record["total"]["interval"] == expected["total"]["interval"]
    assert main(["estimate", "--samples", "1000", "--design", "sobol"]) == 2
    err = capsys.readouterr().err
    assert "--samples" in err
    assert "power of 2" in err
    assert main(["estimate", "--design", "qmc"]) == 2
    assert "--design" in capsys.readouterr().err
