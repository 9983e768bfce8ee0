"""Reading a scenario file: BOM, size cap, parser failures, short values, bounded problem lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost import _reader
from repatcost._reader import MAX_FILE_BYTES, MAX_SHOWN_PROBLEMS, Problems, ScenarioError
from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.errors import SHOWN_CHARS, InvalidValueError, shorten
from repatcost.scenario import load_scenario

BUNDLED = BUNDLED_SCENARIO.read_text(encoding="utf-8")


def _problems(path: Path) -> tuple[str, ...]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return tuple(str(p) for p in info.value.problems)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A file saved with a BOM (as some Windows editors do) loads like the same file without."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BUNDLED.encode("utf-8"))
    with_bom = load_scenario(path)
    assert with_bom.municipalities == load_scenario(BUNDLED_SCENARIO).municipalities


def test_a_file_over_the_cap_is_refused_naming_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file one byte over the cap is a problem naming the cap; one at the cap is read."""
    text = BUNDLED + "#" * 20_000 + "\n"  # larger than the packaged defaults, read under the cap
    monkeypatch.setattr(_reader, "MAX_FILE_BYTES", len(text.encode("utf-8")))
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).municipalities
    path.write_text(text + " ", encoding="utf-8")
    (problem,) = _problems(path)
    assert "at most" in problem
    assert f"{len(text.encode('utf-8')):,} bytes" in problem


def test_the_cap_is_10_mb_and_named_in_the_cli_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 10 MB + 1 byte file: exit 2 and the error names '10 MB'."""
    assert MAX_FILE_BYTES == 10_000_000
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert main(["validate", str(path)]) == 2
    assert "at most 10 MB" in capsys.readouterr().err


def test_an_endless_file_is_read_only_up_to_the_cap(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate /dev/zero` ends (reading cap + 1 bytes) with exit 2 and the cap named."""
    assert main(["validate", "/dev/zero"]) == 2
    assert "at most 10 MB" in capsys.readouterr().err


def test_reading_asks_for_no_more_than_cap_plus_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every read of a data file asks for MAX_FILE_BYTES + 1 bytes, never "all"."""
    asked: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object) -> object:
        handle = real_open(self, *args, **kwargs)  # type: ignore[call-overload]
        real_read = handle.read

        def read(size: int = -1) -> bytes:
            asked.append(size)
            return real_read(size)  # type: ignore[no-any-return]

        handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", spy_open)
    path = tmp_path / "s.toml"
    path.write_text(BUNDLED, encoding="utf-8")
    load_scenario(path)
    assert asked  # the scenario (and the packaged defaults), each with one bounded read
    assert set(asked) == {MAX_FILE_BYTES + 1}


def test_deep_nesting_becomes_one_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 5,000-deep array is one problem about nesting, exit 2, a short message."""
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (problem,) = _problems(path)
    assert "nested" in problem
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe not utf-8", "UTF-8 text"),
        (b"x = = 1", "valid TOML"),
        (b"\xef\xbb\xbf\xef\xbb\xbfx = 1", "valid TOML"),
    ],
)
def test_parser_failures_are_problems(tmp_path: Path, content: bytes, expected: str) -> None:
    """Undecodable bytes, bad syntax and a doubled BOM are each one problem naming the file."""
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    (problem,) = _problems(path)
    assert expected in problem
    assert "bad.toml" in problem


@pytest.mark.parametrize("target", ["missing.toml", "."])
def test_an_unreadable_path_is_a_problem_and_exit_2(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file or a folder given as the scenario: exit 2, one problem, no traceback."""
    assert main(["validate", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert "a readable file" in err
    assert "Traceback" not in err


def test_a_huge_value_is_shown_truncated(tmp_path: Path) -> None:
    """A 5 MB string where a number belongs is shown as 60 characters and '...'."""
    path = tmp_path / "big.toml"
    path.write_text(BUNDLED.replace("value = 750", f'value = "{"about" * 1_000_000}"'))
    (problem,) = _problems(path)
    shown = problem.split("; got ", 1)[1]
    assert shown.endswith("...")
    assert len(shown) == SHOWN_CHARS + 3
    assert len(problem) < 200


@given(st.text(min_size=0, max_size=300) | st.integers() | st.lists(st.integers(), max_size=80))
@settings(max_examples=100, deadline=None)
def test_shorten_never_exceeds_the_limit_and_keeps_short_values_whole(value: object) -> None:
    """shorten gives repr() when it fits and a 60-character prefix plus '...' otherwise."""
    text = shorten(value)
    assert len(text) <= SHOWN_CHARS + 3
    if len(repr(value)) <= SHOWN_CHARS:
        assert text == repr(value)
    else:
        assert text.endswith("...")


def test_house_errors_truncate_the_value_too() -> None:
    """InvalidValueError.for_field shows a huge value shortened."""
    err = InvalidValueError.for_field("Thing", "name", "x" * 10_000, "short")
    assert len(str(err)) < 200
    assert err.value == "x" * 10_000


def test_a_bad_optional_value_is_reported_once(tmp_path: Path) -> None:
    """precision = "about" gives one problem ('about'), not a second one with None."""
    path = tmp_path / "p.toml"
    path.write_text(BUNDLED.replace("precision = 100_000", 'precision = "about"', 1))
    problems = _problems(path)
    assert len(problems) == 1
    assert "got 'about'" in problems[0]


def test_no_problem_is_printed_twice_for_any_bad_field(tmp_path: Path) -> None:
    """Every spending field set to a string in turn: each message lists distinct problems."""
    for key in ("amount_dkk", "year", "precision", "qualifier", "kind", "scope"):
        path = tmp_path / f"{key}.toml"
        path.write_text(re.sub(rf"(?m)^{key} = .*$", f"{key} = []", BUNDLED, count=1))
        problems = _problems(path)
        assert len(problems) == len(set(problems)), problems
        assert len({p.split(":")[0] for p in problems}) == len(problems), problems


@pytest.mark.parametrize("count", [1, 20, 21, 196])
def test_at_most_twenty_problems_are_printed_then_and_n_more(count: int) -> None:
    """The message lists the first 20 problems and ends 'and N more'; all stay in .problems."""
    found = Problems("f.toml")
    for i in range(count):
        found.add(f"k{i}", i, "a string")
    with pytest.raises(ScenarioError) as info:
        found.raise_if_any()
    lines = str(info.value).splitlines()
    assert len(info.value.problems) == count
    listed = [line for line in lines if line.startswith("  k")]
    assert len(listed) == min(count, MAX_SHOWN_PROBLEMS) or count == 1
    if count > MAX_SHOWN_PROBLEMS:
        assert lines[-1] == f"  ... and {count - MAX_SHOWN_PROBLEMS} more"
    else:
        assert "more" not in lines[-1]


def test_many_problems_in_a_real_file_are_bounded(tmp_path: Path) -> None:
    """A file with every section number wrong prints at most 22 lines."""
    path = tmp_path / "many.toml"
    path.write_text(re.sub(r'section = "[0-9.]+"', "section = 5", BUNDLED))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert len(info.value.problems) > 3
    assert len(str(info.value).splitlines()) <= MAX_SHOWN_PROBLEMS + 2
