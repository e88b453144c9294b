"""The ledger repository: the only code that writes postings or account totals.

Posting a transaction locks the accounts it touches in id order (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), lets the domain apply the
postings and check every rule, then writes the transaction, its postings with the running totals
they leave, and the new account totals. The caller's session owns the database transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.errors import (
    AccountNotFound,
    AlreadyReversed,
    PendingAlreadyResolved,
    TransactionNotFound,
)
from wallet.domain.postings import TransactionDraft, apply_postings
from wallet.domain.wallets import rollup_of
from wallet.persistence.db import is_postgresql
from wallet.persistence.event_repository import WalletOwners, record_posted
from wallet.persistence.journal_chain import content_of
from wallet.persistence.ledger_records import RecordedPosting, TransactionRecord
from wallet.persistence.ledger_writes import (
    LockedAccount,
    add_day_totals,
    day_deltas,
    insert_skipping_existing,
    locked_in,
    note_posted,
    write_in_one_statement,
)
from wallet.persistence.repository import Repository, new_id
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.types import utc_now


@dataclass(frozen=True, slots=True)
class AccountSpec:
    code: str
    normal_side: Side
    must_not_go_negative: bool = False
    currency: str = "GBP"
    wallet_id: str | None = None
    organisation_id: str | None = None


def _state(row: Any) -> AccountState:
    return AccountState(
        id=row.id,
        code=row.code,
        currency=row.currency,
        normal_side=Side(row.normal_side),
        must_not_go_negative=bool(row.must_not_go_negative),
        debits_posted=row.debits_posted,
        credits_posted=row.credits_posted,
        debits_pending=row.debits_pending,
        credits_pending=row.credits_pending,
    )


class LedgerRepository(Repository):

    # --- accounts -------------------------------------------------------------------------

    def open_accounts(self, specs: Iterable[AccountSpec]) -> dict[str, AccountState]:
        """Create the accounts that do not exist yet; return all of them by code. Two requests
        opening the same account at once (the first wallets at a new holder) both succeed: the
        insert skips a code that another transaction has just created."""
        specs = list(specs)
        existing = self.accounts_by_code([s.code for s in specs])
        missing = [s for s in specs if s.code not in existing]
        if missing:
            now = utc_now()
            self.session.execute(
                insert_skipping_existing(self.session, accounts, "code"),
                [
                    {
                        "code": s.code, "currency": s.currency, "normal_side": s.normal_side.value,
                        "must_not_go_negative": s.must_not_go_negative, "debits_posted": 0,
                        "credits_posted": 0, "debits_pending": 0, "credits_pending": 0,
                        "wallet_id": s.wallet_id, "organisation_id": s.organisation_id,
                        "created_at": now, "rollup_code": rollup_of(s.code),
                    }
                    for s in missing
                ],
            )
            existing.update(self.accounts_by_code([s.code for s in missing]))
        return existing

    def accounts_by_code(self, codes: Sequence[str], *, lock: bool = False) -> dict[str, AccountState]:
        return {row.code: _state(row) for row in self._account_rows(codes, lock=lock)}

    def _account_rows(self, codes: Sequence[str], *, lock: bool) -> Sequence[Any]:
        if not codes:
            return []
        query = select(accounts).where(accounts.c.code.in_(sorted(set(codes)))).order_by(accounts.c.id)
        if lock:
            # One order for every writer, so two transactions never wait on each other in a circle.
            query = query.with_for_update()
        return self.session.execute(query).all()

    def account(self, code: str) -> AccountState:
        found = self.accounts_by_code([code])
        if code not in found:
            raise AccountNotFound(f"no account {code}", account=code)
        return found[code]

    def accounts_of_wallet(self, wallet_id: str) -> dict[str, AccountState]:
        rows = self.session.execute(
            select(accounts).where(accounts.c.wallet_id == wallet_id).order_by(accounts.c.id)
        )
        return {row.code: _state(row) for row in rows}

    def lock_accounts(self, codes: Sequence[str]) -> dict[str, AccountState]:
        """Lock every account an operation will touch, in id order, before deciding anything.

        Deciding on an unlocked read and locking later could deadlock two operations over
        several wallets (a pool); locking the whole set in one ordered statement cannot. Accounts
        this database transaction has locked already are not read again: their totals are known.
        """
        return {code: locked.state for code, locked in self._locked(codes).items()}

    def _locked(self, codes: Sequence[str]) -> dict[str, LockedAccount]:
        held = locked_in(self.session)
        wanted = set(codes)
        for row in self._account_rows([c for c in wanted if c not in held], lock=True):
            held[row.code] = LockedAccount(_state(row), row.wallet_id, row.organisation_id)
        return {code: held[code] for code in wanted if code in held}

    def memo_net(self, account_codes: Sequence[str], memo: str, effective_from: date,
                 effective_to: date) -> int:
        """Posted debits minus credits carrying ``memo`` on these accounts between two value dates."""
        signed = case((postings.c.side == "debit", postings.c.amount), else_=-postings.c.amount)
        return int(self.session.execute(
            select(func.coalesce(func.sum(signed), 0))
            .select_from(postings.join(accounts, accounts.c.id == postings.c.account_id)
                         .join(transactions, transactions.c.seq == postings.c.transaction_seq))
            .where(accounts.c.code.in_(list(account_codes)), postings.c.memo == memo,
                   postings.c.phase == "posted",
                   transactions.c.effective_date >= effective_from,
                   transactions.c.effective_date <= effective_to)
        ).scalar_one())

    def balance_as_of(self, account: AccountState, moment: datetime) -> AccountState:
        """The account's totals as they stood at ``moment``: one index lookup, whatever the history."""
        row = self.session.execute(
            select(
                postings.c.net_posted_after,
                postings.c.debits_pending_after,
                postings.c.credits_pending_after,
            )
            .where(postings.c.account_id == account.id, postings.c.recorded_at <= moment)
            .order_by(postings.c.recorded_at.desc(), postings.c.id.desc())
            .limit(1)
        ).first()
        net, debits_pending, credits_pending = row if row else (0, 0, 0)
        # Only the net is kept per posting; split it back on the normal side.
        return AccountState(
            id=account.id, code=account.code, currency=account.currency,
            normal_side=account.normal_side, must_not_go_negative=account.must_not_go_negative,
            debits_posted=max(net, 0), credits_posted=max(-net, 0),
            debits_pending=debits_pending, credits_pending=credits_pending,
        )

    # --- posting --------------------------------------------------------------------------

    def post(self, draft: TransactionDraft, *, organisation_id: str | None,
             owners: Sequence[WalletOwners] = ()) -> TransactionRecord:
        """Write the transaction and return it as stored, without reading it back: every value is
        one this method wrote (posting ids come from ``RETURNING``). A busy ledger posts on every
        payment, so each round trip saved counts: the accounts the caller locked are not locked
        again, and on PostgreSQL the transaction, its postings and the new totals are one statement."""
        locked = self._locked(draft.account_codes)
        missing = set(draft.account_codes) - set(locked)
        if missing:
            code = sorted(missing)[0]
            raise AccountNotFound(f"no account {code}", account=code)
        before = {code: held.state for code, held in locked.items()}
        after, trail = apply_postings(before, draft.postings)

        recorded_at = utc_now()
        values: dict[str, Any] = {
            "id": new_id(), "kind": draft.kind, "effective_date": draft.effective_date,
            "recorded_at": recorded_at, "organisation_id": organisation_id,
            "reference": draft.reference, "description": draft.description,
            "reverses_id": draft.reverses_id, "resolves_id": draft.resolves_id,
            "details": dict(draft.metadata),
        }
        lines = [
            {
                "account_id": state.id, "currency": posting.currency,
                "side": posting.side.value, "phase": posting.phase.value, "amount": posting.amount,
                "memo": posting.memo, "net_posted_after": state.net_posted,
                "debits_pending_after": state.debits_pending,
                "credits_pending_after": state.credits_pending, "recorded_at": recorded_at,
                "effective_date": draft.effective_date,
            }
            for posting, state in trail
        ]
        totals = [
            {"account_id": s.id, "dp": s.debits_posted, "cp": s.credits_posted,
             "dpe": s.debits_pending, "cpe": s.credits_pending}
            for code, s in after.items() if s != before[code]
        ]
        if is_postgresql(self.session) and not values["reverses_id"] and not values["resolves_id"]:
            values["seq"], ids = write_in_one_statement(self.session, values, lines, totals)
        else:
            values["seq"] = self._insert_transaction(values)
            ids = self._insert_postings(values["seq"], lines)
            self._update_totals(totals)
            add_day_totals(self.session, day_deltas(lines))
        for code, state in after.items():
            locked[code] = replace(locked[code], state=state)
        locked_in(self.session).update(locked)

        written = [{**line, "transaction_seq": values["seq"], "id": posting_id, "account": posting.account}
                   for line, posting_id, (posting, _) in zip(lines, ids, trail, strict=True)]
        record = TransactionRecord(
            id=values["id"], seq=values["seq"], kind=draft.kind, effective_date=draft.effective_date,
            recorded_at=recorded_at, organisation_id=organisation_id, reference=draft.reference,
            description=draft.description, reverses_id=draft.reverses_id, resolves_id=draft.resolves_id,
            details=dict(values["details"]),
            postings=tuple(RecordedPosting(id=line["id"], account_id=line["account_id"], account=line["account"],
                                           side=posting.side, phase=posting.phase, amount=posting.amount,
                                           currency=posting.currency, memo=posting.memo)
                           for line, (posting, _) in zip(written, trail, strict=True)),
        )
        note_posted(self.session, draft.kind, len(lines))
        # Chained at commit, and announced on the event feed.
        record_posted(self.session, record, digest=content_of(values, written),
                      wallet_ids={held.wallet_id for held in locked.values() if held.wallet_id},
                      organisation_ids={held.organisation_id for held in locked.values() if held.organisation_id},
                      known_owners=owners)
        return record

    def _insert_postings(self, seq: int, lines: list[dict[str, Any]]) -> list[int]:
        return list(self.session.execute(
            insert(postings).returning(postings.c.id, sort_by_parameter_order=True),
            [{**line, "transaction_seq": seq} for line in lines]).scalars().all())

    def _update_totals(self, totals: list[dict[str, Any]]) -> None:
        if not totals:
            return
        self.session.execute(
            update(accounts).where(accounts.c.id == bindparam("account_id")).values(
                debits_posted=bindparam("dp"), credits_posted=bindparam("cp"),
                debits_pending=bindparam("dpe"), credits_pending=bindparam("cpe"),
            ),
            totals,
            execution_options={"synchronize_session": False},
        )

    def _insert_transaction(self, values: dict[str, Any]) -> int:
        statement = insert(transactions).returning(transactions.c.seq)
        if not values.get("reverses_id") and not values.get("resolves_id"):
            return int(self.session.execute(statement, values).scalar_one())
        # Only these two unique columns can refuse a well-formed transaction: a savepoint lets the
        # refusal be told plainly without losing the caller's database transaction.
        try:
            with self.session.begin_nested():
                return int(self.session.execute(statement, values).scalar_one())
        except IntegrityError as error:
            # Two requests raced to reverse or resolve the same transaction: the unique index
            # let one through; say plainly what happened to the other.
            message = str(error.orig)
            if values.get("reverses_id") and "reverses_id" in message:
                raise AlreadyReversed(
                    f"transaction {values['reverses_id']} has already been reversed",
                    transaction_id=values["reverses_id"],
                ) from None
            if values.get("resolves_id") and "resolves_id" in message:
                raise PendingAlreadyResolved(
                    f"transaction {values['resolves_id']} has already been resolved",
                    transaction_id=values["resolves_id"],
                ) from None
            raise

    # --- reading the journal --------------------------------------------------------------

    def transaction(self, transaction_id: str) -> TransactionRecord:
        records = self.transactions_by_id([transaction_id])
        if not records:
            raise TransactionNotFound(f"no transaction {transaction_id}", transaction_id=transaction_id)
        return records[0]

    def transactions_by_id(self, ids: Sequence[str]) -> list[TransactionRecord]:
        return self._transactions_where(transactions.c.id, ids)

    def transactions_by_seq(self, seqs: Sequence[int]) -> list[TransactionRecord]:
        return self._transactions_where(transactions.c.seq, seqs)

    def _transactions_where(self, column: Any, values: Sequence[Any]) -> list[TransactionRecord]:
        """The transactions whose ``column`` is one of ``values``, in journal order."""
        if not values:
            return []
        rows = self.session.execute(
            select(transactions).where(column.in_(list(values))).order_by(transactions.c.seq)).all()
        return self._with_postings(rows)

    def _with_postings(self, rows: Sequence[Any]) -> list[TransactionRecord]:
        by_seq: dict[int, list[RecordedPosting]] = {row.seq: [] for row in rows}
        if by_seq:
            lines = self.session.execute(
                select(postings, accounts.c.code)
                .join(accounts, accounts.c.id == postings.c.account_id)
                .where(postings.c.transaction_seq.in_(list(by_seq)))
                .order_by(postings.c.id)
            )
            for line in lines:
                by_seq[line.transaction_seq].append(
                    RecordedPosting(
                        id=line.id, account_id=line.account_id, account=line.code,
                        side=Side(line.side), phase=Phase(line.phase), amount=line.amount,
                        currency=line.currency, memo=line.memo,
                    )
                )
        return [
            TransactionRecord(
                id=row.id, seq=row.seq, kind=row.kind, effective_date=row.effective_date,
                recorded_at=row.recorded_at, organisation_id=row.organisation_id,
                reference=row.reference, description=row.description,
                reverses_id=row.reverses_id, resolves_id=row.resolves_id,
                details=dict(row.details or {}), postings=tuple(by_seq[row.seq]),
            )
            for row in rows
        ]

    def reversal_of(self, transaction_id: str) -> str | None:
        return self._transaction_id_where(transactions.c.reverses_id == transaction_id)

    def resolution_of(self, transaction_id: str) -> str | None:
        return self._transaction_id_where(transactions.c.resolves_id == transaction_id)

    def _transaction_id_where(self, condition: ColumnElement[bool]) -> str | None:
        return self.session.execute(select(transactions.c.id).where(condition)).scalar_one_or_none()
