"""Tamper evidence for the journal: a hash chain over every transaction and its postings.

Each transaction's *content* (its fields and every posting, with the running totals it left) is
serialised canonically and digested; each *link* hashes that digest with the transaction's place
in the chain and the previous link's hash. Changing, removing or reordering anything already
chained changes every later link, so a head (count and last hash) kept by an auditor proves that
nothing before it has changed since.

The format is versioned and must never change for links already written: verification recomputes
them years later.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from wallet.domain.json_text import canonical_bytes, holds_float

GENESIS = "0" * 64
LINK_FORMAT = "wallet-journal-v1"
HEAD_FORMAT = "wallet-journal-head-v1"
_FLAT = frozenset({str, int, bool, float, type(None)})
# What a transaction's and its postings' own fields hold (``details``, the one dict, is checked apart).
_ROW_VALUES = frozenset({str, int, bool, type(None), date, datetime, dict})


def canonical(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8, no floats that print two ways."""
    return canonical_bytes(_plain(value))


def canonical_text(value: Any) -> str:
    """``canonical`` as text: the form the ledger stores a transaction's details in, so that a
    verification can hash the stored text as it stands (anything stored otherwise, it makes
    canonical first)."""
    return canonical_bytes(_plain(value)).decode("utf-8")


def _plain(value: Any) -> Any:
    # Most details are a flat object of strings and numbers: already plain, nothing to copy.
    if type(value) is dict and set(map(type, value.values())) <= _FLAT and set(map(type, value)) <= {str}:
        return value
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@functools.lru_cache(maxsize=256)
def _moment(value: datetime) -> str:
    # Cached: every row of a batch carries the same moment, and formatting it is most of a digest's cost.
    if value.tzinfo is None:
        raise ValueError("a naive datetime has no single canonical form")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def transaction_content(transaction: Mapping[str, Any], postings: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What a link covers: the transaction's stored fields and its postings in the order written."""
    return {"transaction": dict(transaction), "postings": [dict(p) for p in postings]}


def content_digest(content: Mapping[str, Any]) -> str:
    """``sha256(canonical(content))`` for what ``transaction_content`` makes, without walking it in
    Python: a bulk run digests a hundred thousand of them. Only the transaction's ``details`` (any
    JSON the caller gave) is walked; every other key is one of the ledger's own fields, a string, so
    the C encoder alone gives the same bytes, calling ``_scalar`` for the dates and moments."""
    transaction, lines = content.get("transaction"), content.get("postings")
    if set(content) != {"transaction", "postings"} or not isinstance(transaction, dict) or not isinstance(lines, list):
        return hashlib.sha256(canonical(content)).hexdigest()
    return transaction_digest(transaction, lines)


def transaction_digest(transaction: Mapping[str, Any], postings: list[dict[str, Any]]) -> str:
    """``content_digest(transaction_content(transaction, postings))`` without copying either: the
    ledger's own fields (string keys), with ``details`` as any JSON."""
    fields = {**transaction, "details": _plain(transaction["details"])} if "details" in transaction else transaction
    # The float check without walking the document: a bulk run digests a hundred thousand.
    kinds = set(map(type, fields.values()))
    for row in postings:
        kinds.update(map(type, row.values()))
    floats = not kinds <= _ROW_VALUES or holds_float(fields.get("details"))
    return hashlib.sha256(canonical_bytes({"transaction": fields, "postings": postings}, _scalar,
                                          may_hold_float=floats)).hexdigest()


def _scalar(value: Any) -> Any:
    """What the C encoder cannot write itself, as ``_plain`` writes it (anything else is refused)."""
    # A moment and a day first, by exact type: every digest has several, and the checks below
    # cost more than the writing.
    kind = type(value)
    if kind is datetime:
        return _moment(value)
    if kind is date:
        return value.isoformat()
    if isinstance(value, (date, Mapping)):
        return _plain(value if isinstance(value, date) else dict(value))
    raise TypeError(f"{type(value).__name__} has no canonical form")


def link_hash(prev_hash: str, position: int, digest: str) -> str:
    return hashlib.sha256(f"{LINK_FORMAT}|{position}|{prev_hash}|{digest}".encode()).hexdigest()


def head_message(count: int, head_hash: str, signed_at: datetime) -> bytes:
    """The exact bytes a deployment signs for a head, so anyone can check the signature."""
    return f"{HEAD_FORMAT}|{count}|{head_hash}|{_plain(signed_at)}".encode()


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A link as the database holds it, with the digest recomputed from the stored content
    (``None`` when the transaction it names is gone)."""

    position: int
    seq: int
    transaction_id: str | None
    prev_hash: str
    hash: str
    recomputed_digest: str | None


@dataclass(frozen=True, slots=True)
class BrokenLink:
    position: int
    seq: int | None
    transaction_id: str | None
    reason: str


def first_broken(links: Iterable[StoredLink], *, start_position: int, start_prev: str) -> tuple[BrokenLink | None, str]:
    """Walk links in position order from ``start_position``; return the first break (if any)
    and the last hash proven good."""
    expected_position, prev = start_position, start_prev
    for link in links:
        if link.position != expected_position:
            return BrokenLink(expected_position, None, None,
                              f"the transaction at position {expected_position} is missing"), prev
        if link.recomputed_digest is None:
            return BrokenLink(link.position, link.seq, None, "the sealed transaction is missing"), prev
        if link.prev_hash != prev:
            return BrokenLink(link.position, link.seq, link.transaction_id,
                              "the link to the previous transaction does not match its hash"), prev
        if link_hash(prev, link.position, link.recomputed_digest) != link.hash:
            return BrokenLink(link.position, link.seq, link.transaction_id,
                              "the transaction or its postings differ from what was sealed"), prev
        prev = link.hash
        expected_position += 1
    return None, prev
