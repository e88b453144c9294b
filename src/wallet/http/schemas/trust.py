"""Audit grants, the audit trail, the journal's head and verification, the event feed, reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from wallet.domain.reconciliation import Reconciliation
from wallet.http.schemas.common import RequestBody
from wallet.persistence.event_repository import EventRecord
from wallet.persistence.report_repository import NetLine
from wallet.persistence.trust_repository import AuditEntry, GrantRecord
from wallet.usecases.audit_grants import MAX_NAMED_WALLETS
from wallet.usecases.journal_integrity import SignedHead, Verification
from wallet.usecases.reports import OUTSIDE_GRANT, TrialBalance

PublicIdIn = Field(min_length=1, max_length=36)


class AuditGrantIn(RequestBody):
    auditor_id: str = PublicIdIn
    wallet_ids: list[str] | None = Field(
        None, min_length=1, max_length=MAX_NAMED_WALLETS,
        description="the wallets the auditor may read; leave out to grant every wallet you fund, now and later")


class AuditGrantOut(BaseModel):
    id: str
    funder_id: str
    auditor_id: str
    all_wallets: bool
    wallet_ids: list[str]
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, grant: GrantRecord) -> AuditGrantOut:
        return cls(id=grant.id, funder_id=grant.funder_id, auditor_id=grant.auditor_id, all_wallets=grant.all_wallets,
                   wallet_ids=list(grant.wallet_ids), created_at=grant.created_at, revoked_at=grant.revoked_at)


class AuditEntryOut(BaseModel):
    id: int
    recorded_at: datetime
    organisation_id: str | None = Field(description="who: the caller's organisation (null: the system itself)")
    key_id: str | None
    role: str | None
    request_id: str | None = Field(description="the X-Request-ID of the request that made the change")
    action: str
    object_type: str
    object_id: str | None
    funder_id: str | None
    holder_id: str | None
    wallet_id: str | None
    details: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(**{name: getattr(entry, name) for name in cls.model_fields})


class HeadOut(BaseModel):
    count: int = Field(description="transactions on the chain")
    hash: str = Field(description="the hash of the last link (sha256, hex); 64 zeros for an empty journal")
    signed_at: datetime
    message: str = Field(description="the exact text signed, UTF-8")
    algorithm: str | None = Field(description="Ed25519, or null when the deployment has no signing key")
    public_key: str | None = Field(description="raw Ed25519 public key, base64")
    signature: str | None = Field(description="signature over `message`, base64")

    @classmethod
    def of(cls, head: SignedHead) -> HeadOut:
        return cls(count=head.count, hash=head.hash, signed_at=head.signed_at, message=head.message,
                   algorithm=head.algorithm, public_key=head.public_key, signature=head.signature)


class BrokenLinkOut(BaseModel):
    position: int
    transaction_id: str | None = Field(description="only when you may see that transaction")
    reason: str


class VerificationOut(BaseModel):
    ok: bool
    from_position: int
    to_position: int
    head_count: int
    head_hash: str
    hash_at_to: str | None = Field(description="the recomputed hash at `to`, when every link up to it holds")
    expected_hash: str | None
    matches_expected: bool | None = Field(description="whether `hash_at_to` is the head you kept")
    first_broken: BrokenLinkOut | None
    unchained_transactions: int = Field(description="transactions written around the ledger, never chained")
    accounts_agree: bool = Field(description="every account's totals equal the sum of its postings")
    account_out_of_step: str | None = Field(description="the first account that does not, if you may see it")
    next_from: int | None = Field(description="where to continue; verification covers at most 1,000,000 a call "
                                                "on PostgreSQL, 10,000 on SQLite")

    @classmethod
    def of(cls, v: Verification) -> VerificationOut:
        broken = v.broken and BrokenLinkOut(position=v.broken.position, transaction_id=v.broken.transaction_id,
                                            reason=v.broken.reason)
        return cls(ok=v.ok, from_position=v.first, to_position=v.last, head_count=v.head_count,
                   head_hash=v.head_hash, hash_at_to=v.hash_at_last, expected_hash=v.expected_hash,
                   matches_expected=v.matches_expected, first_broken=broken, unchained_transactions=v.unchained,
                   accounts_agree=v.accounts_agree, account_out_of_step=v.account_out_of_step, next_from=v.next_from)


class EventOut(BaseModel):
    seq: int = Field(description="the cursor: ask for events after the last seq you processed")
    id: str
    type: str
    occurred_at: datetime
    data: dict[str, Any]

    @classmethod
    def of(cls, event: EventRecord) -> EventOut:
        return cls(seq=event.seq, id=event.event_id, type=event.type, occurred_at=event.occurred_at, data=event.data)


class EventPage(BaseModel):
    items: list[EventOut]
    next_after: int = Field(description="pass as `after` next time; unchanged when nothing new happened")


class TrialBalanceLineOut(BaseModel):
    account: str
    currency: str
    normal_side: str
    debit: int = Field(description="the account's balance when it is a debit balance, else 0")
    credit: int = Field(description="the account's balance when it is a credit balance, else 0")

    @classmethod
    def of(cls, line: NetLine) -> TrialBalanceLineOut:
        return cls(account=line.code, currency=line.currency, normal_side=line.normal_side,
                   debit=max(line.net, 0), credit=max(-line.net, 0))


class TotalOut(BaseModel):
    currency: str
    debit: int
    credit: int
    balanced: bool


ON_FIELD = "the value date counted up to: every posting dated on or before it (every day when null)"
AS_OF_FIELD = "only postings recorded by this moment count (everything recorded so far when null)"


class TrialBalanceOut(BaseModel):
    on: date | None = Field(description=ON_FIELD)
    as_of: datetime | None = Field(description=AS_OF_FIELD)
    lines: list[TrialBalanceLineOut]
    outside_your_grants: list[TrialBalanceLineOut] = Field(
        description="auditors: one line per currency standing for every account they may not see")
    totals: list[TotalOut] = Field(description="over every line, on every page")
    ledger_balanced: bool = Field(description="debits equal credits over the whole ledger")
    next_cursor: str | None

    @classmethod
    def of(cls, report: TrialBalance, lines: list[NetLine], cursor: str | None) -> TrialBalanceOut:
        outside = [TrialBalanceLineOut.of(NetLine(OUTSIDE_GRANT, currency, "debit", None, net))
                   for currency, net in sorted(report.outside.items())]
        return cls(on=report.on, as_of=report.as_of, lines=[TrialBalanceLineOut.of(line) for line in lines],
                   outside_your_grants=outside,
                   totals=[TotalOut(currency=c, debit=d, credit=k, balanced=d == k) for c, (d, k) in sorted(report.totals.items())],
                   ledger_balanced=report.ledger_balanced, next_cursor=cursor)


class FunderLineOut(BaseModel):
    funder_id: str
    wallets: int
    available: int
    committed: int
    awaiting_approval: int
    savings: int
    in_pools: int
    total: int


class HolderPositionOut(BaseModel):
    expected_bank_balance: int = Field(description="the ledger's view of the client bank account")
    unexplained: int = Field(description="bank_balance − expected_bank_balance: movements one side has not seen")
    fee_income: int
    efficiency_income: int
    reserve_drawn: int = Field(description="overspends the holder's own reserve covered")
    other_ledger_items: int = Field(description="recoveries not yet repaid to funders, money moving between holders")


class ReconciliationOut(BaseModel):
    holder_id: str
    on: date | None = Field(description=ON_FIELD)
    as_of: datetime | None = Field(description=AS_OF_FIELD)
    currency: str
    by_funder: list[FunderLineOut]
    held_for_people: int = Field(description="what the holder must hold: every line's total")
    bank_balance: int
    difference: int = Field(description="bank_balance − held_for_people; negative is a shortfall")
    shortfall: int
    reconciled: bool = Field(description="the bank holds exactly what the people's money adds up to")
    holder_position: HolderPositionOut | None = Field(description="the holder (and the operator) only")

    @classmethod
    def of(cls, r: Reconciliation) -> ReconciliationOut:
        position = None
        if r.position is not None:
            position = HolderPositionOut(
                expected_bank_balance=r.position.ledger_client_bank, unexplained=r.unexplained or 0,
                fee_income=r.position.fee_income, efficiency_income=r.position.efficiency_income,
                reserve_drawn=r.position.reserve_drawn, other_ledger_items=r.other_ledger_items or 0)
        return cls(holder_id=r.holder_id, on=r.on, as_of=r.as_of, currency=r.currency,
                   by_funder=[FunderLineOut(total=line.total, **{k: getattr(line, k) for k in (
                       "funder_id", "wallets", "available", "committed", "awaiting_approval", "savings", "in_pools")})
                       for line in r.lines],
                   held_for_people=r.held_for_people, bank_balance=r.bank_balance, difference=r.difference,
                   shortfall=r.shortfall, reconciled=r.difference == 0, holder_position=position)
