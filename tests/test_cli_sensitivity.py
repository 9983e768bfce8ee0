"""`repatcost sensitivity` and `repatcost plot`, driven through the real entry point."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys

import numpy as np
import pytest

from repatcost.cli import main
from repatcost.tables import FORMATS

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="the plot extra is not installed"
)

METHOD_ARGS = {
    "tornado": [],
    "sobol": ["--samples", "128", "--repeats", "2"],
    "grid": ["--x", "wage_cost", "--y", "overhead_share", "--points", "3"],
    "voi": ["--samples", "256", "--points", "4"],
    "rank": ["--samples", "300"],
}


def sensitivity(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["sensitivity", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("method", list(METHOD_ARGS))
def test_every_method_prints_a_csv_table_with_a_header(capsys, method: str) -> None:
    """Each --method prints a CSV table whose rows name the inputs of the output."""
    status, out, err = sensitivity(
        capsys, "--method", method, "--format", "csv", *METHOD_ARGS[method]
    )
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) >= 3
    if method != "grid":
        assert rows[0][0] == "input"
        assert "wage_cost" in [row[0] for row in rows[1:]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(capsys, fmt: str) -> None:
    """--format markdown, csv, json and latex each print the tornado table."""
    status, out, _ = sensitivity(capsys, "--of", "aalborg", "--format", fmt)
    assert status == 0
    assert "wage" in out
    if fmt == "json":
        assert json.loads(out)["columns"][0] == "input"
    elif fmt == "latex":
        assert out.startswith(r"\begin{tabular}")
    elif fmt == "markdown":
        assert out.startswith("## Tornado: Aalborg")
        assert "\n- Each input swung" in out


def test_ratio_and_municipality_outputs_are_accepted(capsys) -> None:
    """--of takes a municipality key or a ratio name as well as total."""
    for name in ("odense", "cost_per_repatriated"):
        status, out, err = sensitivity(capsys, "--of", name, "--format", "json")
        assert status == 0, err
        assert json.loads(out)["rows"]


def test_same_seed_gives_identical_sobol_and_voi_tables(capsys) -> None:
    """The sampling methods print the same bytes for the same --seed, not for another."""
    outs = []
    for method, seed in (
        ("sobol", "5"),
        ("sobol", "5"),
        ("sobol", "6"),
        ("voi", "5"),
        ("voi", "5"),
    ):
        outs.append(
            sensitivity(
                capsys, "--method", method, "--seed", seed, "--format", "csv", *METHOD_ARGS[method]
            )[1]
        )
    assert outs[0] == outs[1] != outs[2]
    assert outs[3] == outs[4]


def test_write_puts_the_table_in_a_file_and_prints_nothing(capsys, tmp_path) -> None:
    """--output FILE writes the table (atomically) instead of printing it."""
    target = tmp_path / "voi.json"
    status, out, _ = sensitivity(
        capsys, "--method", "voi", "--format", "json", "--output", str(target), *METHOD_ARGS["voi"]
    )
    assert status == 0
    assert out == ""
    assert json.loads(target.read_text())["title"].startswith("Value of information")


def test_voi_groups_are_ranked_with_the_inputs(capsys) -> None:
    """--group NAME=a,b adds a row for knowing those inputs together."""
    status, out, err = sensitivity(
        capsys,
        "--method",
        "voi",
        "--format",
        "json",
        "--group",
        "hourly=wage_cost,overhead_share,productive_hours",
        *METHOD_ARGS["voi"],
    )
    assert status == 0, err
    assert json.loads(out)["rows"][0]["input"] == "hourly"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--of", "narnia"], "not an output of this study"),
        (["--method", "grid", "--x", "wage_cost"], "needs --x NAME and --y NAME"),
        (["--method", "tornado", "--samples", "100"], "--samples does not apply"),
        (["--method", "sobol", "--x", "wage_cost"], "--x does not apply"),
        (["--method", "sobol", "--samples", "1000"], "power of 2"),
        (["--method", "nope"], "invalid choice"),
        (["--low", "2"], "expected a number in [0, 1]"),
        (["--method", "voi", "--group", "oops"], "NAME=input,input"),
    ],
)
def test_usage_errors_print_one_line_and_exit_2(capsys, args, message: str) -> None:
    """Impossible or malformed options exit 2 with one `repatcost: error:` line."""
    status, out, err = sensitivity(capsys, *args)
    assert status == 2
    assert out == ""
    assert err.startswith("repatcost: error:")
    assert err.count("\n") == 1
    assert message in err


def test_unknown_input_for_grid_exits_2_naming_it(capsys) -> None:
    """A grid over an input the output does not have fails with the value in the message."""
    status, _, err = sensitivity(capsys, "--method", "grid", "--x", "wage_cost", "--y", "nope")
    assert status == 2
    assert "'nope'" in err
    assert err.count("\n") == 1


@needs_matplotlib
def test_plot_tornado_writes_a_png_that_is_not_blank(tmp_path) -> None:
    """`repatcost plot tornado --output x.png` writes a PNG of sensible size with content."""
    from matplotlib.image import imread

    target = tmp_path / "x.png"
    assert main(["plot", "tornado", "--output", str(target)]) == 0
    image = np.asarray(imread(target))
    height, width = image.shape[:2]
    assert width >= 600
    assert height >= 300
    assert float(image[..., :3].std()) > 0.05


@needs_matplotlib
@pytest.mark.parametrize(
    "args",
    [["interval", "--samples", "1000"], ["histogram", "--of", "aarhus", "--samples", "1000"]],
)
def test_plot_interval_and_histogram_write_pngs(tmp_path, args) -> None:
    """The interval and histogram kinds write PNG files too."""
    target = tmp_path / "chart.png"
    assert main(["plot", *args, "--output", str(target)]) == 0
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_plot_without_matplotlib_exits_non_zero_with_an_install_hint(
    monkeypatch, capsys, tmp_path
) -> None:
    """With matplotlib unimportable, `plot` fails with the pip hint and writes no file."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    target = tmp_path / "x.png"
    status = main(["plot", "tornado", "--output", str(target)])
    err = capsys.readouterr().err
    assert status != 0
    assert 'pip install "repatcost[plot]"' in err
    assert err.startswith("repatcost: error:")
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["interval", "--output", "x.png", "--of", "aarhus"], "--of does not apply"),
        (["tornado", "--output", "x.txt"], ".png"),
        (["tornado"], "--output"),
    ],
)
def test_plot_usage_errors_exit_2(capsys, args, message: str) -> None:
    """Options a chart kind does not use, a non-PNG or missing --output: exit 2, one line."""
    status = main(["plot", *args])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err


def test_help_lists_the_new_commands() -> None:
    """`repatcost --help` lists sensitivity and plot."""
    done = subprocess.run(
        [sys.executable, "-m", "repatcost", "--help"], capture_output=True, text=True, check=True
    )
    assert "sensitivity" in done.stdout
    assert "plot" in done.stdout
