"""The ledger's writes at the level of statements: what a posting costs in round trips.

- The accounts a database transaction has locked are remembered on its session, with the totals
  they hold, so the ledger never locks and reads them twice. The memory is dropped whenever a
  savepoint or the transaction ends, because a rolled-back savepoint may have undone a posting.
- On PostgreSQL a transaction, its postings, its accounts' new totals and their totals by value
  date are written in one statement (data-modifying CTEs), instead of four round trips.
- Every writer of postings, one transaction or many at once, sets each posting's
  ``effective_date`` and adds ``day_deltas`` of the rows it writes to ``account_day_totals``
  (``add_day_totals``, or folded into its own statement as ``write_in_one_statement`` does), so a
  balance on a value date stays a sum over days.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.sql.dml import Insert

from wallet.domain.accounts import AccountState
from wallet.persistence.db import is_postgresql
from wallet.persistence.tables import account_day_totals

LOCKED = "wallet.locked_accounts"
POSTED = "wallet.posted_kinds"


@dataclass(frozen=True, slots=True)
class LockedAccount:
    state: AccountState
    wallet_id: str | None
    organisation_id: str | None


def locked_in(session: Session) -> dict[str, LockedAccount]:
    """The accounts this session's database transaction holds locked, by code."""
    return session.info.setdefault(LOCKED, {})  # type: ignore[no-any-return]


def note_posted(session: Session, kind: str, postings: int) -> None:
    """Remember what this database transaction posted, for whoever counts it once it commits."""
    session.info.setdefault(POSTED, []).append((kind, postings))


def posted_in(session: Session) -> list[tuple[str, int]]:
    """(kind, number of postings) of every transaction this session's last commit wrote."""
    return session.info.pop(POSTED, [])  # type: ignore[no-any-return]


@event.listens_for(Session, "after_transaction_end")
def _forget_locks(session: Session, transaction: SessionTransaction) -> None:
    # Outermost: the locks are gone. A savepoint: its end may have undone what we remember.
    if transaction.parent is None or transaction.nested:
        session.info.pop(LOCKED, None)
    if transaction.parent is None:
        session.info.pop(POSTED, None)


def insert_skipping_existing(session: Session, table: Table, unique_column: str) -> Insert:
    """``INSERT ... ON CONFLICT (unique_column) DO NOTHING`` in the session's dialect."""
    dialect = postgresql if is_postgresql(session) else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=[unique_column])


DAY_TOTALS = ("debits_posted", "credits_posted", "debits_pending", "credits_pending")


def day_deltas(lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What posting rows (of one transaction or of many) add to ``account_day_totals``: one row per
    account and value date, so one multi-row upsert never touches a row twice. Each row needs
    ``account_id``, ``effective_date``, ``side``, ``phase`` and ``amount``; a release takes back
    what its pending posting set aside on the same side."""
    found: dict[tuple[int, date], dict[str, Any]] = {}
    for line in lines:
        key = (int(line["account_id"]), line["effective_date"])
        row = found.setdefault(key, {"account_id": key[0], "effective_date": key[1], **dict.fromkeys(DAY_TOTALS, 0)})
        side = "debits" if line["side"] == "debit" else "credits"
        if line["phase"] == "posted":
            row[f"{side}_posted"] += line["amount"]
        else:
            row[f"{side}_pending"] += line["amount"] if line["phase"] == "pending" else -line["amount"]
    return [found[key] for key in sorted(found)]


def add_day_totals(session: Session, deltas: list[dict[str, Any]]) -> None:
    """Add ``day_deltas`` to the accounts' totals by value date, in one statement. The caller holds
    the accounts' locks (the ledger's order), so no other writer touches these rows meanwhile."""
    if not deltas:
        return
    dialect = postgresql if is_postgresql(session) else sqlite
    statement = dialect.insert(account_day_totals)
    session.execute(statement.on_conflict_do_update(
        index_elements=["account_id", "effective_date"],
        set_={name: account_day_totals.c[name] + statement.excluded[name] for name in DAY_TOTALS}), deltas)


_WRITE = text("""
WITH written AS (
    INSERT INTO transactions (id, kind, effective_date, recorded_at, organisation_id, reference, description,
                              reverses_id, resolves_id, details)
    VALUES (:id, :kind, :effective_date, :recorded_at, :organisation_id, :reference, :description,
            :reverses_id, :resolves_id, CAST(:details AS json))
    RETURNING seq
), lines AS (
    INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, memo, net_posted_after,
                          debits_pending_after, credits_pending_after, recorded_at, effective_date)
    SELECT written.seq, line.account_id, line.currency, line.side, line.phase, line.amount, line.memo,
           line.net_posted_after, line.debits_pending_after, line.credits_pending_after, :recorded_at,
           :effective_date
    FROM written, jsonb_to_recordset(CAST(:lines AS jsonb))
         AS line(account_id bigint, currency varchar, side varchar, phase varchar, amount bigint, memo varchar,
                 net_posted_after bigint, debits_pending_after bigint, credits_pending_after bigint, n bigint)
    ORDER BY line.n
    RETURNING id
), totals AS (
    UPDATE accounts SET debits_posted = total.dp, credits_posted = total.cp,
                        debits_pending = total.dpe, credits_pending = total.cpe
    FROM jsonb_to_recordset(CAST(:totals AS jsonb))
         AS total(account_id bigint, dp bigint, cp bigint, dpe bigint, cpe bigint)
    WHERE accounts.id = total.account_id
    RETURNING accounts.id
), days AS (
    INSERT INTO account_day_totals (account_id, effective_date, debits_posted, credits_posted,
                                    debits_pending, credits_pending)
    SELECT day.account_id, day.effective_date, day.debits_posted, day.credits_posted,
           day.debits_pending, day.credits_pending
    FROM jsonb_to_recordset(CAST(:days AS jsonb))
         AS day(account_id bigint, effective_date date, debits_posted bigint, credits_posted bigint,
                debits_pending bigint, credits_pending bigint)
    ON CONFLICT (account_id, effective_date) DO UPDATE SET
        debits_posted = account_day_totals.debits_posted + EXCLUDED.debits_posted,
        credits_posted = account_day_totals.credits_posted + EXCLUDED.credits_posted,
        debits_pending = account_day_totals.debits_pending + EXCLUDED.debits_pending,
        credits_pending = account_day_totals.credits_pending + EXCLUDED.credits_pending
    RETURNING 1
)
SELECT (SELECT seq FROM written) AS seq, ARRAY(SELECT id FROM lines ORDER BY id) AS posting_ids,
       (SELECT count(*) FROM totals) AS updated, (SELECT count(*) FROM days) AS days
""")


def write_in_one_statement(session: Session, values: dict[str, Any], lines: list[dict[str, Any]],
                           totals: list[dict[str, Any]]) -> tuple[int, list[int]]:
    """PostgreSQL: the transaction row, its postings (ids in the order given), the new account
    totals and the totals by value date, in one round trip. Only for transactions no unique index can refuse (no reversal or
    resolution): those keep their savepoint so a refusal is told plainly."""
    row = session.execute(_WRITE, {
        **{k: values[k] for k in ("id", "kind", "effective_date", "recorded_at", "organisation_id", "reference",
                                  "description", "reverses_id", "resolves_id")},
        "details": json.dumps(values["details"]),
        "effective_date": values["effective_date"],
        "lines": json.dumps([{**{k: v for k, v in line.items() if k not in ("recorded_at", "effective_date")}, "n": n}
                             for n, line in enumerate(lines)]),
        "totals": json.dumps(totals),
        "days": json.dumps([{**day, "effective_date": day["effective_date"].isoformat()}
                            for day in day_deltas(lines)]),
    }).one()
    assert row.updated == len(totals), "every account whose totals changed is updated"
    return int(row.seq), [int(i) for i in row.posting_ids]
