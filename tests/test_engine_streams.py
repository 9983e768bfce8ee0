"""Random streams: keyed by the input name itself, so no two names share a stream."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost.distributions import Uniform
from repatcost.engine import draw_inputs, evaluate_costs, stream, stream_key
from repatcost.model import CostModel

COLLIDING = ("plumless", "buckeroo")
"""Two names with the same CRC-32 (the key the engine used to use)."""


def test_pair_collides_under_crc32() -> None:
    """The pair really is a CRC-32 collision, so the next test means something."""
    first, second = (zlib.crc32(name.encode()) for name in COLLIDING)
    assert first == second


def test_crc32_colliding_names_get_uncorrelated_draws() -> None:
    """Names whose CRC-32 collide draw independent samples (correlation near 0)."""
    inputs = {name: Uniform(0.0, 1.0) for name in COLLIDING}
    draws = draw_inputs(inputs, 20_000, seed=3)
    a, b = (draws.values[name] for name in COLLIDING)
    assert not np.array_equal(a, b)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.05  # sd of r at n = 20,000 is 0.007


def test_key_is_length_prefixed_bytes() -> None:
    """The key is the UTF-8 length followed by the bytes, so a prefix gets a different key."""
    assert stream_key("a") == (1, 97)
    assert stream_key("a\x00") == (2, 97, 0)
    assert stream_key("å") == (2, 0xC3, 0xA5)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12), st.text(max_size=12))
def test_distinct_names_distinct_keys(first: str, second: str) -> None:
    """Different names never share a key (the key determines the stream)."""
    if first != second:
        assert stream_key(first) != stream_key(second)


def test_same_seed_and_name_same_stream() -> None:
    """A stream is reproducible from its seed and name."""
    assert np.array_equal(stream(5, "wage_cost").random(8), stream(5, "wage_cost").random(8))
    assert not np.array_equal(stream(5, "wage_cost").random(8), stream(6, "wage_cost").random(8))


def _model(names: tuple[str, ...]) -> CostModel:
    return CostModel(
        "m",
        "sum",
        {name: Uniform(0.0, 1.0 + i) for i, name in enumerate(names)},
        lambda v: {"cost": np.sum([v[name] for name in names], axis=0)},
        components=("cost",),
    )


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    other_seed=st.integers(0, 2**32),
    n=st.integers(1, 50),
    chunk=st.integers(1, 60),
    moved=st.booleans(),
)
def test_known_draws_give_the_costs_of_fresh_draws(
    seed: int, other_seed: int, n: int, chunk: int, moved: bool
) -> None:
    """Costs evaluated with ``known`` draws equal those drawn afresh, bit for bit, whether
    ``known`` shares the seed (its samples are reused), has another seed, or drew one input
    from another distribution (those are drawn again)."""
    model = _model(("a", "b"))
    fresh = evaluate_costs({"m": model}, model.inputs, n, seed=seed, chunk=chunk)
    inputs = dict(model.inputs)
    if moved:
        inputs["b"] = Uniform(0.0, 9.0)
    for known_seed in (seed, other_seed):
        known = draw_inputs(inputs, n, seed=known_seed)
        again = evaluate_costs({"m": model}, model.inputs, n, seed=seed, chunk=chunk, known=known)
        assert np.array_equal(again["m"], fresh["m"])


def test_known_draws_are_taken_not_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """An input whose samples ``known`` holds is not sampled again: with sampling switched
    off the costs still evaluate, from ``known``'s numbers."""
    model = _model(("a",))
    known = draw_inputs(model.inputs, 10, seed=4)

    def refuse(self: Uniform, rng: np.random.Generator, n: int) -> np.ndarray:
        raise AssertionError("sampled although known")

    monkeypatch.setattr(Uniform, "sample", refuse)
    costs = evaluate_costs({"m": model}, model.inputs, 10, seed=4, chunk=3, known=known)
    assert np.array_equal(costs["m"], known.values["a"])
    with pytest.raises(AssertionError, match="sampled although known"):
        evaluate_costs({"m": model}, model.inputs, 10, seed=5, chunk=3, known=known)
