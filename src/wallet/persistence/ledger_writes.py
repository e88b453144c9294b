"""The ledger's writes at the level of statements: what a posting costs in round trips.

- The accounts a database transaction has locked are remembered on its session, with the totals
  they hold, so the ledger never locks and reads them twice. The memory is dropped whenever a
  savepoint or the transaction ends, because a rolled-back savepoint may have undone a posting.
- On PostgreSQL a transaction, its postings, its accounts' new totals and their totals by value
  date are written in one statement (data-modifying CTEs), instead of four round trips.
- Every writer of postings, one transaction or many at once, sets each posting's
  ``effective_date`` and adds ``day_deltas`` of the rows it writes to ``account_day_totals``
  (``add_day_totals``, or folded into its own statement as ``write_in_one_statement`` does; a
  batch on PostgreSQL has the server add up the postings it sends), so a balance on a value date
  stays a sum over days.
- The rows themselves (a transaction, its postings with the totals they leave, the accounts' new
  totals) are made by the same functions whether one transaction is written or a batch of them
  (``write_batch``: the bulk runs), so both paths store exactly the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, bindparam, event, insert, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.sql.dml import Insert

from wallet.domain.accounts import AccountState
from wallet.domain.hashing import canonical_text
from wallet.domain.json_text import compact_text
from wallet.domain.postings import Posting, TransactionDraft
from wallet.persistence.db import is_postgresql
from wallet.persistence.driver_statements import DriverStatement
from wallet.persistence.repository import array_literal, new_id
from wallet.persistence.tables import account_day_totals, accounts, postings, transactions

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


# A day's totals already stored are added to, not replaced: the one-statement writes' last step.
_ADD_TO_STORED_DAYS = """
    ON CONFLICT (account_id, effective_date) DO UPDATE SET
        debits_posted = account_day_totals.debits_posted + EXCLUDED.debits_posted,
        credits_posted = account_day_totals.credits_posted + EXCLUDED.credits_posted,
        debits_pending = account_day_totals.debits_pending + EXCLUDED.debits_pending,
        credits_pending = account_day_totals.credits_pending + EXCLUDED.credits_pending
    RETURNING 1
)"""

# One transaction's totals by value date, made in Python (``day_deltas``) and sent as JSON.
_DAYS_CTE = """days AS (
    INSERT INTO account_day_totals (account_id, effective_date, debits_posted, credits_posted,
                                    debits_pending, credits_pending)
    SELECT day.account_id, day.effective_date, day.debits_posted, day.credits_posted,
           day.debits_pending, day.credits_pending
    FROM jsonb_to_recordset(CAST(:days AS jsonb))
         AS day(account_id bigint, effective_date date, debits_posted bigint, credits_posted bigint,
                debits_pending bigint, credits_pending bigint)""" + _ADD_TO_STORED_DAYS


def _days_json(lines: Iterable[Mapping[str, Any]]) -> str:
    return compact_text([{**day, "effective_date": day["effective_date"].isoformat()} for day in day_deltas(lines)])


_WRITE = DriverStatement(text("""
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
    -- The ids again, as an array: the planner guesses a hundred rows from JSON, and against a
    -- holder's ten thousand accounts it chose to read them all (1.5 ms a payment) over the index.
    WHERE accounts.id = total.account_id AND accounts.id = ANY(CAST(:account_ids AS bigint[]))
    RETURNING accounts.id
), """ + _DAYS_CTE + """
SELECT (SELECT seq FROM written) AS seq, ARRAY(SELECT id FROM lines ORDER BY id) AS posting_ids,
       (SELECT count(*) FROM totals) AS updated, (SELECT count(*) FROM days) AS days
"""))


def write_in_one_statement(session: Session, values: dict[str, Any], lines: list[dict[str, Any]],
                           totals: list[dict[str, Any]]) -> tuple[int, list[int]]:
    """PostgreSQL: the transaction row, its postings (ids in the order given), the new account
    totals and the totals by value date, in one round trip. Only for transactions no unique index can refuse (no reversal or
    resolution): those keep their savepoint so a refusal is told plainly."""
    row = _WRITE.one(session, {
        **{k: values[k] for k in ("id", "kind", "effective_date", "recorded_at", "organisation_id", "reference",
                                  "description", "reverses_id", "resolves_id")},
        "details": canonical_text(values["details"]),
        "effective_date": values["effective_date"],
        "lines": compact_text([{**{k: v for k, v in line.items() if k not in ("recorded_at", "effective_date")}, "n": n}
                             for n, line in enumerate(lines)]),
        "totals": compact_text(totals),
        "account_ids": array_literal([total["account_id"] for total in totals]),
        "days": _days_json(lines),
    })
    assert row.updated == len(totals), "every account whose totals changed is updated"
    return int(row.seq), [int(i) for i in row.posting_ids]


# --- the rows, shared by the one-transaction path and the batches ---------------------------

def transaction_row(draft: TransactionDraft, organisation_id: str | None, recorded_at: datetime,
                    transaction_id: str | None = None) -> dict[str, Any]:
    """The transaction's row as written (without ``seq``, which the database gives)."""
    return {
        "id": transaction_id or new_id(), "kind": draft.kind, "effective_date": draft.effective_date,
        "recorded_at": recorded_at, "organisation_id": organisation_id,
        "reference": draft.reference, "description": draft.description,
        "reverses_id": draft.reverses_id, "resolves_id": draft.resolves_id,
        "details": dict(draft.metadata),
    }


def posting_rows(trail: Sequence[tuple[Posting, AccountState]], recorded_at: datetime,
                 effective_date: date) -> list[dict[str, Any]]:
    """One row a posting, with the account's totals right after it and its transaction's value
    date (without ``transaction_seq``)."""
    return [
        {
            "account_id": state.id, "currency": posting.currency,
            "side": posting.side.value, "phase": posting.phase.value, "amount": posting.amount,
            "memo": posting.memo, "net_posted_after": state.net_posted,
            "debits_pending_after": state.debits_pending,
            "credits_pending_after": state.credits_pending, "recorded_at": recorded_at,
            "effective_date": effective_date,
        }
        for posting, state in trail
    ]


def total_rows(before: Mapping[str, AccountState], after: Mapping[str, AccountState]) -> list[dict[str, Any]]:
    """The new totals of every account whose totals changed."""
    return [
        {"account_id": s.id, "dp": s.debits_posted, "cp": s.credits_posted,
         "dpe": s.debits_pending, "cpe": s.credits_pending}
        for code, s in after.items() if s != before[code]
    ]


@dataclass
class BatchedTransaction:
    """A transaction's rows waiting in a batch; ``seq`` and the posting ids once written."""

    values: dict[str, Any]
    lines: list[dict[str, Any]]
    posting_ids: list[int] = field(default_factory=list)


def write_batch(session: Session, batch: Sequence[BatchedTransaction], totals: Sequence[dict[str, Any]],
                encoded: dict[str, Any] | None = None) -> None:
    """THE place a batch of transactions is written: their rows, their postings and the final
    totals of every account they changed (one row an account), in a few statements whatever the
    batch's size. Sets each transaction's ``values["seq"]`` and ``posting_ids``. Only for
    transactions no unique index can refuse (no reversal or resolution). Every row has the same
    ``recorded_at``: a batch is written at one moment. ``encoded``: the batch's values for
    PostgreSQL, made beforehand (``encode_batch``) by a run that writes behind its decisions."""
    if not batch:
        return
    assert not any(t.values["reverses_id"] or t.values["resolves_id"] for t in batch), \
        "reversals and resolutions are written one at a time"
    if is_postgresql(session):
        _send_batch(session, batch, totals, encoded or encode_batch(batch, totals))
        return
    seqs = session.execute(insert(transactions).returning(transactions.c.seq, sort_by_parameter_order=True),
                           [t.values for t in batch]).scalars().all()
    for transaction, seq in zip(batch, seqs, strict=True):
        transaction.values["seq"] = int(seq)
    rows = [{**line, "transaction_seq": t.values["seq"]} for t in batch for line in t.lines]
    ids = iter(session.execute(insert(postings).returning(postings.c.id, sort_by_parameter_order=True),
                               rows).scalars().all())
    for transaction in batch:
        transaction.posting_ids = [int(next(ids)) for _ in transaction.lines]
    update_totals(session, totals)
    add_day_totals(session, day_deltas(rows))


def update_totals(session: Session, totals: Sequence[dict[str, Any]]) -> None:
    if not totals:
        return
    session.execute(
        update(accounts).where(accounts.c.id == bindparam("account_id")).values(
            debits_posted=bindparam("dp"), credits_posted=bindparam("cp"),
            debits_pending=bindparam("dpe"), credits_pending=bindparam("cpe"),
        ),
        list(totals),
        execution_options={"synchronize_session": False},
    )


# ``day_deltas`` of a batch, added up by the server from the postings it is sent (``x ->> 1`` the
# account, ``3`` the side, ``4`` the phase, ``5`` the amount, ``10`` the value date), rather than in
# Python and sent again: the same sums (a release takes back what its pending posting set aside).
_BATCH_DAYS_CTE = """days AS (
    INSERT INTO account_day_totals (account_id, effective_date, debits_posted, credits_posted,
                                    debits_pending, credits_pending)
    SELECT day.account_id, day.effective_date,
           sum(CASE WHEN day.side = 'debit' AND day.phase = 'posted' THEN day.amount ELSE 0 END),
           sum(CASE WHEN day.side <> 'debit' AND day.phase = 'posted' THEN day.amount ELSE 0 END),
           sum(CASE WHEN day.side <> 'debit' OR day.phase = 'posted' THEN 0
                    WHEN day.phase = 'pending' THEN day.amount ELSE -day.amount END),
           sum(CASE WHEN day.side = 'debit' OR day.phase = 'posted' THEN 0
                    WHEN day.phase = 'pending' THEN day.amount ELSE -day.amount END)
    FROM (SELECT (x ->> 1)::bigint AS account_id, (x ->> 10)::date AS effective_date, x ->> 3 AS side,
                 x ->> 4 AS phase, (x ->> 5)::bigint AS amount
          FROM jsonb_array_elements(CAST(:lines AS jsonb)) AS line(x)) AS day
    GROUP BY day.account_id, day.effective_date
    ORDER BY day.account_id, day.effective_date""" + _ADD_TO_STORED_DAYS

_WRITE_BATCH = text("""
WITH written AS (
    INSERT INTO transactions (id, kind, effective_date, recorded_at, organisation_id, reference, description, details)
    SELECT t.id, t.kind, t.effective_date, :recorded_at, t.organisation_id, t.reference, t.description,
           CAST(t.details AS json)
    FROM (SELECT x ->> 0 AS id, x ->> 1 AS kind, (x ->> 2)::date AS effective_date, x ->> 3 AS organisation_id,
                 x ->> 4 AS reference, x ->> 5 AS description, x ->> 6 AS details, n
          FROM jsonb_array_elements(CAST(:transactions AS jsonb)) WITH ORDINALITY AS rows(x, n)) AS t
    ORDER BY t.n
    RETURNING seq, id
), lines AS (
    INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, memo, net_posted_after,
                          debits_pending_after, credits_pending_after, recorded_at, effective_date)
    SELECT written.seq, (x ->> 1)::bigint, x ->> 2, x ->> 3, x ->> 4, (x ->> 5)::bigint, x ->> 6, (x ->> 7)::bigint,
           (x ->> 8)::bigint, (x ->> 9)::bigint, :recorded_at, (x ->> 10)::date
    FROM jsonb_array_elements(CAST(:lines AS jsonb)) WITH ORDINALITY AS line(x, n)
    JOIN written ON written.id = line.x ->> 0
    ORDER BY line.n
    RETURNING id
), totals AS (
    UPDATE accounts SET debits_posted = total.dp, credits_posted = total.cp,
                        debits_pending = total.dpe, credits_pending = total.cpe
    FROM jsonb_to_recordset(CAST(:totals AS jsonb))
         AS total(account_id bigint, dp bigint, cp bigint, dpe bigint, cpe bigint)
    WHERE accounts.id = total.account_id
    RETURNING accounts.id
), """ + _BATCH_DAYS_CTE + """
SELECT ARRAY(SELECT seq FROM written ORDER BY seq) AS seqs, ARRAY(SELECT id FROM lines ORDER BY id) AS posting_ids,
       (SELECT count(*) FROM totals) AS updated, (SELECT count(*) FROM days) AS days
""")


# A posting row's values in the order ``_WRITE_BATCH`` reads them (``x ->> 1`` to ``x ->> 9``).
_LINE_VALUES = itemgetter("account_id", "currency", "side", "phase", "amount", "memo", "net_posted_after",
                          "debits_pending_after", "credits_pending_after")


def encode_batch(batch: Sequence[BatchedTransaction], totals: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A batch's values as ``_WRITE_BATCH`` takes them on PostgreSQL: all the Python its write
    costs, so that it can be spent before the write is sent."""
    # Sequences hand out rising numbers in the order rows are inserted (ORDER BY n), so sorted seqs
    # and posting ids line up with the order given, even beside concurrent writers.
    recorded_at = batch[0].values["recorded_at"]
    assert all(t.values["recorded_at"] == recorded_at for t in batch), "a batch is written at one moment"
    # Rows as JSON arrays, not objects: a hundred thousand of them encode and parse faster keyless.
    # A batch has a few value dates: each is written out once.
    days = {day: day.isoformat() for day in {t.values["effective_date"] for t in batch}
            | {line["effective_date"] for t in batch for line in t.lines}}
    lines = [(t.values["id"], *_LINE_VALUES(line), days[line["effective_date"]]) for t in batch for line in t.lines]
    return {
        "recorded_at": recorded_at,
        "transactions": compact_text([
            (t.values["id"], t.values["kind"], days[t.values["effective_date"]], t.values["organisation_id"],
             t.values["reference"], t.values["description"], canonical_text(t.values["details"]))
            for t in batch]),
        "lines": compact_text(lines),
        "totals": compact_text(list(totals)),
    }


def _send_batch(session: Session, batch: Sequence[BatchedTransaction], totals: Sequence[dict[str, Any]],
                encoded: dict[str, Any]) -> None:
    row = session.execute(_WRITE_BATCH, encoded).one()
    assert row.updated == len(totals), "every account whose totals changed is updated"
    lines = sum(len(t.lines) for t in batch)
    assert len(row.seqs) == len(batch) and len(row.posting_ids) == lines, "every row is written"
    ids = iter(row.posting_ids)
    for transaction, seq in zip(batch, row.seqs, strict=True):
        transaction.values["seq"] = int(seq)
        transaction.posting_ids = [int(next(ids)) for _ in transaction.lines]
