"""The bulk runs' fast digest is byte for byte the chain's canonical form (which must never change)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.domain.hashing import canonical, content_digest, transaction_content

text = st.text(max_size=12)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15), text)
# Details are any JSON the caller gave: floats too, which orjson would print its own way.
detail_scalars = st.one_of(scalars, st.floats(allow_nan=False, allow_infinity=False), st.integers(-2**70, 2**70))
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=1))]))
json_values = st.recursive(st.one_of(detail_scalars, st.dates()), lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)), max_leaves=8)
transactions = st.fixed_dictionaries({
    "seq": st.integers(1, 10**9), "id": text, "kind": text, "effective_date": st.dates(), "recorded_at": moments,
    "organisation_id": st.none() | text, "reference": st.none() | text, "description": st.none() | text,
    "reverses_id": st.none() | text, "resolves_id": st.none() | text,
    "details": st.dictionaries(text, json_values, max_size=4)})
postings = st.lists(st.fixed_dictionaries({
    "account": text, "id": st.integers(1, 10**9), "currency": st.just("GBP"), "side": st.sampled_from(["debit", "credit"]),
    "phase": st.sampled_from(["posted", "pending", "released"]), "amount": st.integers(0, 10**12),
    "memo": st.none() | text, "net_posted_after": st.integers(-10**12, 10**12), "recorded_at": moments}), max_size=5)


@settings(max_examples=300, deadline=None)
@given(transactions, postings)
def test_the_fast_digest_is_the_canonical_one(transaction: dict, lines: list[dict]) -> None:
    content = transaction_content(transaction, lines)
    assert content_digest(content) == hashlib.sha256(canonical(content)).hexdigest()


def test_a_naive_moment_is_still_refused() -> None:
    content = transaction_content({"recorded_at": datetime(2026, 1, 1), "details": {}}, [])
    with pytest.raises(ValueError):
        content_digest(content)


def test_what_has_no_canonical_form_is_still_refused() -> None:
    with pytest.raises(TypeError):
        content_digest(transaction_content({"details": {}, "amount": 1.5j}, []))
    assert content_digest(transaction_content({"details": {"on": date(2026, 4, 6)}}, [])) == \
        hashlib.sha256(canonical({"transaction": {"details": {"on": "2026-04-06"}}, "postings": []})).hexdigest()


@settings(max_examples=100, deadline=None)
@given(transactions, postings)
def test_the_ledgers_digest_is_the_canonical_one(transaction: dict, lines: list[dict]) -> None:
    from wallet.domain.hashing import transaction_digest

    expected = hashlib.sha256(canonical(transaction_content(transaction, lines))).hexdigest()
    assert transaction_digest(transaction, lines) == expected
