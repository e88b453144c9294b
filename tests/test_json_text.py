"""orjson is used only where its bytes are the standard library's: the chain's canonical form must never change."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.domain.hashing import canonical, canonical_text
from wallet.domain.json_text import as_json_gives_back, canonical_bytes, compact_text, holds_float


def reference(value: object) -> bytes:
    """The canonical form as it was first written, by the standard library alone."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


# Any text, lone surrogates included; integers well past 64 bits; floats of every size.
text = st.text(alphabet=st.characters(), max_size=10)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), text,
                    st.floats(allow_nan=False, allow_infinity=False))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(text, inner, max_size=4)), max_leaves=12)


def outcome(make, value):  # the bytes, or the kind of refusal
    try:
        return make(value)
    except (TypeError, ValueError, UnicodeError) as error:
        return type(error).__name__


@settings(max_examples=1500, deadline=None)
@given(values)
def test_canonical_bytes_are_the_standard_librarys(value: object) -> None:
    assert outcome(canonical_bytes, value) == outcome(reference, value)


@settings(max_examples=500, deadline=None)
@given(values)
def test_compact_text_reads_back_as_the_same_value(value: object) -> None:
    try:
        expected = json.loads(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
    except (TypeError, ValueError):
        return
    assert json.loads(compact_text(value)) == expected


def test_floats_are_found_wherever_they_are() -> None:
    assert not holds_float({"a": [1, "x", None, {"b": (True, date(2026, 1, 1))}]})
    assert holds_float({"a": [1, {"b": (True, 0.5)}]})
    assert holds_float([[[[1e-7]]]])
    assert canonical({"x": 1e-7, "y": [1e16]}) == b'{"x":1e-07,"y":[1e+16]}'  # as the standard library writes them


def test_what_the_standard_library_refuses_is_still_refused() -> None:
    with pytest.raises(ValueError):
        canonical({"x": float("nan")})
    with pytest.raises(TypeError):
        canonical({"x": {1, 2}})
    with pytest.raises(UnicodeError):
        canonical({"x": "\ud800"})
    assert canonical({1: "one"}) == b'{"1":"one"}'
    assert canonical_text({"big": 2**80, "moment": datetime(2026, 4, 6, 11, 0, tzinfo=timezone(timedelta(hours=1)))}) \
        == '{"big":1208925819614629174706176,"moment":"2026-04-06T10:00:00.000000Z"}'


def given_back(value: object) -> object:
    return json.loads(json.dumps(value, default=str))


moments = st.one_of(st.dates(), st.datetimes(timezones=st.just(timezone.utc)), st.datetimes())
with_moments = st.recursive(st.one_of(scalars, moments, st.just(float("nan")), st.just(float("inf"))),
                            lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                    st.dictionaries(text, inner, max_size=4),
                                                    st.dictionaries(st.integers(), inner, max_size=2)), max_leaves=12)


@settings(max_examples=1000, deadline=None)
@given(with_moments)
def test_what_json_gives_back_is_the_standard_librarys(value: object) -> None:
    # Compared as JSON again: NaN is not equal to itself.
    assert outcome(lambda v: json.dumps(as_json_gives_back(v)), value) == outcome(
        lambda v: json.dumps(given_back(v)), value)
