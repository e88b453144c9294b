"""Compact JSON, by orjson wherever its bytes are the standard library's.

The chain's canonical form is ``json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False, allow_nan=False)``, and it must never change. orjson writes the very same bytes
for strings, integers within 64 bits, ``true``/``false``/``null``, arrays and objects with string
keys, about ten times faster: a bulk run digests and sends a hundred thousand transactions. It
writes floats its own way (``1e-7`` where the standard library writes ``1e-07``), so a value that
holds a float goes the standard library's way; so does anything orjson refuses (an integer beyond
64 bits, a lone surrogate, a key that is not a string), to be written or refused as it always was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any

import orjson

# Moments and dataclasses go to ``default``, as the standard library sends them: orjson would
# otherwise write them in its own forms.
_SORTED = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_AS_GIVEN = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_SCALARS = frozenset({str, int, bool, type(None), date, datetime})


def canonical_bytes(value: Any, default: Callable[[Any], Any] | None = None, *, may_hold_float: bool = True) -> bytes:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    allow_nan=False, default=default)`` as UTF-8. ``may_hold_float=False``: the caller has checked
    that no float is in ``value`` (``holds_float``)."""
    if not (may_hold_float and holds_float(value)):
        try:
            return orjson.dumps(value, default=default, option=_SORTED)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                      default=default).encode("utf-8")


def compact_text(value: Any) -> str:
    """``json.dumps(value, separators=(",", ":"), ensure_ascii=False)``, keys as given: what a
    statement's JSON parameter carries (PostgreSQL reads it; nothing hashes it)."""
    if not holds_float(value):
        try:
            return orjson.dumps(value, option=_AS_GIVEN).decode("utf-8")
        except orjson.JSONEncodeError:
            pass
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def as_json_gives_back(value: Any, default: Callable[[Any], Any] | None = str) -> Any:
    """``json.loads(json.dumps(value, default=default))``: what a reader of ``value`` as JSON gets
    (tuples as lists, a moment as ``default`` writes it). A float goes the standard library's way,
    so ``NaN`` and the infinities come back as they always did."""
    if not holds_float(value):
        try:
            return orjson.loads(orjson.dumps(value, default=default, option=_AS_GIVEN))
        except orjson.JSONEncodeError:
            pass
    return json.loads(json.dumps(value, default=default))


def holds_float(value: Any) -> bool:
    """Whether a float is anywhere in ``value``, through mappings, lists and tuples."""
    kind = type(value)
    if kind in _SCALARS:
        return False
    if kind is dict:
        return holds_float_in(value.values())
    if kind is list or kind is tuple:
        return holds_float_in(value)
    if isinstance(value, float):
        return True
    if isinstance(value, Mapping):
        return holds_float_in(list(value.values()))
    if isinstance(value, (list, tuple)):
        return holds_float_in(value)
    return False  # anything else is written by ``default``, or refused


def holds_float_in(values: Collection[Any]) -> bool:
    # The common case, a row of plain values, costs one pass in C.
    if set(map(type, values)) <= _SCALARS:
        return False
    return any(holds_float(v) for v in values)
