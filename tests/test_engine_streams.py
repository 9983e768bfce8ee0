"""Random streams: keyed by the input name itself, so no two names share a stream."""

from __future__ import annotations

import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost.distributions import Uniform
from repatcost.engine import draw_inputs, stream, stream_key

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
