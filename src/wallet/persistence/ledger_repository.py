"""The ledger repository: the only code that writes postings or account totals.

Posting a transaction locks the accounts it touches in id order (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), lets the domain apply the
postings and check every rule, then writes the transaction, its postings with the running totals
they leave, and the new account totals. The caller's session owns the database transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ARRAY, BigInteger, ColumnElement, String, any_, bindparam, case, cast, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import NullType

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
from wallet.persistence.driver_statements import DriverStatement
from wallet.persistence.event_repository import Posted, WalletOwners, record_many_posted
from wallet.persistence.journal_chain import content_of
from wallet.persistence.ledger_records import RecordedPosting, TransactionRecord
from wallet.persistence.ledger_writes import (
    BatchedTransaction,
    LockedAccount,
    add_day_totals,
    day_deltas,
    encode_batch,
    insert_skipping_existing,
    locked_in,
    note_posted,
    posting_rows,
    total_rows,
    transaction_row,
    update_totals,
    write_batch,
    write_in_one_statement,
)
from wallet.persistence.repository import MANY_WALLETS, Repository, array_literal, new_ids, one_of
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.types import utc_now

# Above this many accounts a read goes by array (PostgreSQL) or in parts (SQLite): the same bound as
# for wallets, a statement's parameters.
MANY_CODES = MANY_WALLETS


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """Transactions decided and applied, their rows made, not yet written (``prepare_many``)."""

    drafts: Sequence[tuple[TransactionDraft, Sequence[WalletOwners]]]
    transactions: list[BatchedTransaction]
    trails: list[Sequence[tuple[Any, AccountState]]]
    totals: list[dict[str, Any]]
    encoded: dict[str, Any] | None  # the values PostgreSQL is sent (``encode_batch``)

    @property
    def transaction_ids(self) -> list[str]:
        return [t.values["id"] for t in self.transactions]


@dataclass(frozen=True, slots=True)
class AccountSpec:
    code: str
    normal_side: Side
    must_not_go_negative: bool = False
    currency: str = "GBP"
    wallet_id: str | None = None
    organisation_id: str | None = None


# What the ledger reads of an account: its totals and owners, not its creation time and roll-up.
_ACCOUNT_COLUMNS = (accounts.c.id, accounts.c.code, accounts.c.currency, accounts.c.normal_side,
                    accounts.c.must_not_go_negative, accounts.c.debits_posted, accounts.c.credits_posted,
                    accounts.c.debits_pending, accounts.c.credits_pending, accounts.c.wallet_id,
                    accounts.c.organisation_id)
# Built once, as one_of would build them on PostgreSQL: every payment locks its accounts.
_BY_CODES = (select(*_ACCOUNT_COLUMNS)
             .where(accounts.c.code == any_(cast(bindparam("codes", type_=NullType()), ARRAY(String()))))
             .order_by(accounts.c.id))
# SQLite: no arrays, so an IN of at most MANY_CODES codes a read (and no row locks to take).
_BY_CODES_IN = select(*_ACCOUNT_COLUMNS).where(accounts.c.code.in_(bindparam("codes", expanding=True)))
_BY_CODES_LOCKED = DriverStatement(_BY_CODES.with_for_update())
_BY_CODES = DriverStatement(_BY_CODES)


_SIDES = {side.value: side for side in Side}


def _state(values: Sequence[Any]) -> AccountState:
    """An account's state from ``_ACCOUNT_COLUMNS`` by position, the side from a dict
    (``Side(...)`` for anything else, to refuse it as before): a bulk run reads 320,000 accounts."""
    account_id, code, currency, side, guarded, debits_posted, credits_posted, debits_pending, credits_pending = \
        values[:9]
    return AccountState(account_id, code, currency, _SIDES.get(side) or Side(side), bool(guarded), debits_posted,
                        credits_posted, debits_pending, credits_pending)


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
        return {values[1]: _state(values) for values in self._account_rows(codes, lock=lock)}

    def _account_rows(self, codes: Sequence[str], *, lock: bool) -> Sequence[Any]:
        """The accounts in id order, so two transactions locking them never wait on each other in a
        circle, as ``_ACCOUNT_COLUMNS`` by position. On PostgreSQL one ordered statement, whatever
        their number (a bulk run locks hundreds of thousands); SQLite locks nothing row by row (its
        writers queue on BEGIN IMMEDIATE), so it may read them in parts."""
        if not codes:
            return []
        if is_postgresql(self.session):
            # The codes as the array's text: psycopg's list dumper costs microseconds a value, and
            # a bulk run locks hundreds of thousands. Unsorted: the server sorts an = ANY array
            # itself, and ORDER BY id is the locking order.
            return (_BY_CODES_LOCKED if lock else _BY_CODES).all(
                self.session, {"codes": array_literal(list(set(codes)))}, named=False)
        wanted = sorted(set(codes))
        rows: list[Any] = []
        for first in range(0, len(wanted), MANY_CODES):
            rows += self.session.execute(_BY_CODES_IN, {"codes": wanted[first:first + MANY_CODES]}).all()
        return sorted(rows, key=lambda row: row.id)

    def account(self, code: str) -> AccountState:
        found = self.accounts_by_code([code])
        if code not in found:
            raise AccountNotFound(f"no account {code}", account=code)
        return found[code]

    def accounts_of_wallet(self, wallet_id: str) -> dict[str, AccountState]:
        rows = self.session.execute(
            select(*_ACCOUNT_COLUMNS).where(accounts.c.wallet_id == wallet_id).order_by(accounts.c.id)
        )
        return {values[1]: _state(values) for values in rows}

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
        for values in self._account_rows([c for c in wanted if c not in held], lock=True):
            held[values[1]] = LockedAccount(_state(values), values[9], values[10])
        return {code: held[code] for code in wanted if code in held}

    def memo_net(self, account_codes: Sequence[str], memo: str, effective_from: date,
                 effective_to: date) -> int:
        """Posted debits minus credits carrying ``memo`` on these accounts between two value dates."""
        signed = case((postings.c.side == "debit", postings.c.amount), else_=-postings.c.amount)
        return int(self.session.execute(
            select(func.coalesce(func.sum(signed), 0))
            .select_from(postings.join(accounts, accounts.c.id == postings.c.account_id))
            .where(accounts.c.code.in_(list(account_codes)), postings.c.memo == memo,
                   postings.c.phase == "posted",
                   postings.c.effective_date >= effective_from,
                   postings.c.effective_date <= effective_to)
        ).scalar_one())

    def fees_charged(self, available_by_wallet: Mapping[str, Sequence[str]], memo: str,
                     years: Iterable[date]) -> dict[tuple[str, date], int]:
        """``memo_net`` for many wallets and financial years at once: ``(wallet id, 1 April)`` ->
        posted debits minus credits carrying ``memo`` on the wallet's available accounts (those
        named) in that year. Only what is not zero is returned."""
        wallet_of = {code: wallet_id for wallet_id, codes in available_by_wallet.items() for code in codes}
        # By account id (the run has them locked, so known), so each account's year is one range of
        # the index by account and value date: naming the accounts by code made the planner scan
        # every posting once a batch, a cost that grew with the journal.
        held = locked_in(self.session)
        id_of = {code: held[code].state.id for code in wallet_of if code in held}
        unknown = sorted(code for code in wallet_of if code not in id_of)
        for condition in one_of(self.session, accounts.c.code, unknown, String()):
            id_of.update(self.session.execute(select(accounts.c.code, accounts.c.id).where(condition)).all())
        wallet_of_id = {id_of[code]: wallet_of[code] for code in wallet_of if code in id_of}
        found: dict[tuple[str, date], int] = {}
        signed = case((postings.c.side == "debit", postings.c.amount), else_=-postings.c.amount)
        for year_start in sorted(set(years)):
            year_end = date(year_start.year + 1, 3, 31)
            for named in one_of(self.session, postings.c.account_id, sorted(wallet_of_id), BigInteger()):
                for account_id, net in self.session.execute(
                    select(postings.c.account_id, func.sum(signed))
                    .where(named, postings.c.memo == memo,
                           postings.c.phase == "posted", postings.c.effective_date >= year_start,
                           postings.c.effective_date <= year_end)
                    .group_by(postings.c.account_id)
                ):
                    key = (wallet_of_id[account_id], year_start)
                    found[key] = found.get(key, 0) + int(net)
        return {key: net for key, net in found.items() if net}

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
        values = transaction_row(draft, organisation_id, recorded_at)
        lines = posting_rows(trail, recorded_at, draft.effective_date)
        totals = total_rows(before, after)
        if is_postgresql(self.session) and not values["reverses_id"] and not values["resolves_id"]:
            values["seq"], ids = write_in_one_statement(self.session, values, lines, totals)
        else:
            values["seq"] = self._insert_transaction(values)
            ids = self._insert_postings(values["seq"], lines)
            update_totals(self.session, totals)
            add_day_totals(self.session, day_deltas(lines))
        for code, state in after.items():
            locked[code] = replace(locked[code], state=state)
        locked_in(self.session).update(locked)
        written = _written(lines, ids, trail)
        record_many_posted(self.session, [self._posted(draft, values, written, locked, owners)])
        return _record(draft, values, written, trail)

    def post_many(self, drafts: Sequence[tuple[TransactionDraft, Sequence[WalletOwners]]], *,
                  organisation_id: str | None) -> list[TransactionRecord]:
        """Post many transactions, in the order given, as if each were posted by ``post``: each is
        applied to the totals the ones before it left and checked on its own, gets its own row,
        seq, digest on the chain and event. The rows are written together (``write_batch``), so a
        run of thousands costs a few statements, not thousands. Every account must already be
        locked by this database transaction (``lock_accounts``, in one ordered statement), and
        none may be a reversal or a resolution. A refusal raises before anything is written."""
        prepared = self.prepare_many(drafts, organisation_id=organisation_id)
        self.write_prepared(prepared)
        return self.records_of(prepared)

    def prepare_many(self, drafts: Sequence[tuple[TransactionDraft, Sequence[WalletOwners]]], *,
                     organisation_id: str | None) -> PreparedBatch:
        """``post_many`` up to its write, touching no database: the transactions applied and
        checked, their rows made, and the locked accounts' remembered totals moved on, so the next
        batch can be decided while this one is written (``write_behind``). Ids are made here, so a
        transaction's id is known before it is written; its seq and its postings' ids are not."""
        held = locked_in(self.session)
        codes = {posting.account for draft, _ in drafts for posting in draft.postings}
        # Not ``codes - set(held)``: a run holds 240,000 accounts, and a batch touches a few thousand.
        unlocked = sorted(code for code in codes if code not in held)
        if unlocked:
            raise AccountNotFound(f"no account {unlocked[0]} locked for this run", account=unlocked[0])
        states = {code: held[code].state for code in codes}
        recorded_at = utc_now()
        batch: list[BatchedTransaction] = []
        trails = []
        for (draft, _), transaction_id in zip(drafts, new_ids(len(drafts)), strict=True):
            after, trail = apply_postings({p.account: states[p.account] for p in draft.postings}, draft.postings)
            states.update(after)
            batch.append(BatchedTransaction(transaction_row(draft, organisation_id, recorded_at, transaction_id),
                                            posting_rows(trail, recorded_at, draft.effective_date)))
            trails.append(trail)
        before = {code: held[code].state for code in codes}
        totals = total_rows(before, states)
        for code in codes:
            # Not ``replace``: it looks the fields up again each call, and a batch holds thousands.
            was = held[code]
            held[code] = LockedAccount(states[code], was.wallet_id, was.organisation_id)
        # The values as PostgreSQL takes them, made now: a run writing behind spends no Python on it then.
        encoded = encode_batch(batch, totals) if batch and is_postgresql(self.session) else None
        return PreparedBatch(drafts, batch, trails, totals, encoded)

    def write_prepared(self, prepared: PreparedBatch) -> None:
        """Write a prepared batch; its transactions' seqs and postings' ids are known after."""
        write_batch(self.session, prepared.transactions, prepared.totals, prepared.encoded)

    def records_of(self, prepared: PreparedBatch, *, without_reads: bool = False) -> list[TransactionRecord]:
        """A written batch's transactions as records, each staged for the chain and announced."""
        written = self.announce(prepared, without_reads=without_reads)
        return [_record(draft, t.values, lines, trail) for (draft, _), t, lines, trail
                in zip(prepared.drafts, prepared.transactions, written, prepared.trails, strict=True)]

    def announce(self, prepared: PreparedBatch, *, without_reads: bool = False) -> list[list[dict[str, Any]]]:
        """Stage a written batch's transactions for the chain and announce them, without making
        their records: a funding run of 100,000 needs a record for the few it nets off only, and
        making them all took a tenth of its time. Gives each transaction's postings as written,
        for ``record_of``. ``without_reads``: the caller has a write in flight (``write_behind``),
        so the owners of every wallet touched must be given; announcing would otherwise read them."""
        held = locked_in(self.session)
        written = [_written(t.lines, t.posting_ids, trail) for t, trail in zip(prepared.transactions, prepared.trails,
                                                                                 strict=True)]
        posted = [self._posted(draft, t.values, lines, {p.account: held[p.account] for p in draft.postings}, owners)
                  for (draft, owners), t, lines in zip(prepared.drafts, prepared.transactions, written, strict=True)]
        # The events of all of them made together.
        record_many_posted(self.session, posted, may_read=not without_reads)
        return written

    @staticmethod
    def record_of(prepared: PreparedBatch, index: int, written: list[dict[str, Any]]) -> TransactionRecord:
        """The ``index``-th transaction of an announced batch as a record."""
        return _record(prepared.drafts[index][0], prepared.transactions[index].values, written,
                       prepared.trails[index])

    def _posted(self, draft: TransactionDraft, values: dict[str, Any], written: list[dict[str, Any]],
                locked: dict[str, LockedAccount], owners: Sequence[WalletOwners]) -> Posted:
        """What ``record_many_posted`` chains and announces a written transaction by."""
        note_posted(self.session, draft.kind, len(written))
        # Chained at commit, and announced on the event feed.
        return Posted(values["id"], values["seq"], draft.kind, draft.effective_date, content_of(values, written),
                      {held.wallet_id for held in locked.values() if held.wallet_id},
                      {held.organisation_id for held in locked.values() if held.organisation_id}, owners,
                      pool_id=values["details"].get("pool_id"), reverses_id=draft.reverses_id,
                      resolves_id=draft.resolves_id)

    def _insert_postings(self, seq: int, lines: list[dict[str, Any]]) -> list[int]:
        return list(self.session.execute(
            insert(postings).returning(postings.c.id, sort_by_parameter_order=True),
            [{**line, "transaction_seq": seq} for line in lines]).scalars().all())

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


def _written(lines: list[dict[str, Any]], ids: Sequence[int],
             trail: Sequence[tuple[Any, AccountState]]) -> list[dict[str, Any]]:
    """Each posting as the chain digests it: its account's code, its id, and the values written."""
    return [{"account": posting.account, "id": posting_id, **line}
            for line, posting_id, (posting, _) in zip(lines, ids, trail, strict=True)]


def _record(draft: TransactionDraft, values: dict[str, Any], written: list[dict[str, Any]],
            trail: Sequence[tuple[Any, AccountState]]) -> TransactionRecord:
    """The written transaction as a record: every value is one that was written."""
    return TransactionRecord(
        id=values["id"], seq=values["seq"], kind=draft.kind, effective_date=draft.effective_date,
        recorded_at=values["recorded_at"], organisation_id=values["organisation_id"], reference=draft.reference,
        description=draft.description, reverses_id=draft.reverses_id, resolves_id=draft.resolves_id,
        details=dict(values["details"]),
        postings=tuple(RecordedPosting(id=line["id"], account_id=line["account_id"], account=line["account"],
                                       side=posting.side, phase=posting.phase, amount=posting.amount,
                                       currency=posting.currency, memo=posting.memo)
                       for line, (posting, _) in zip(written, trail, strict=True)),
    )
