"""A council's case system opens and changes many wallets in one request.

Every item is decided by the rules of its single call: an opening by ``open_wallet``'s own checks
(``checked_person_ref``, ``check_holder``, the policy lookup) and each of its schedules by
``ScheduleTerms.check``; a change by the schedule use cases themselves. Openings are then written
set-based: each policy and holder is looked up once for the whole batch, and the wallets, their
accounts, schedules and audit entries go in as multi-row inserts, so opening 10,000 wallets costs a
few dozen statements rather than ten for each wallet. Changes name wallets that already exist and
run one by one through their use cases, each in its own savepoint.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.batches import (
    BatchMode,
    BatchOutcome,
    ItemResult,
    ItemStatus,
    check_batch_shape,
    settle,
)
from wallet.domain.errors import DomainError
from wallet.domain.principals import Principal, Role
from wallet.domain.schedules import Every, ScheduleTerms
from wallet.domain.wallets import Arrangement, Source
from wallet.persistence.batch_writes import (
    audit_entry_rows,
    item_savepoint,
    new_account_rows,
    schedule_rows,
    wallet_rows,
)
from wallet.persistence.bulk_rows import EncodedRows
from wallet.persistence.repository import new_ids
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import (
    PolicyVersion,
    WalletRecord,
    WalletRepository,
)
from wallet.persistence.write_behind import WriteBehind
from wallet.usecases.audit_trail import audit_entry
from wallet.usecases.authorisation import allowed
from wallet.usecases.cycle_collector import bulk_run
from wallet.usecases.events import emit_events
from wallet.usecases.manage_policies import get_policy
from wallet.usecases.manage_schedules import (
    change_schedule_amount,
    create_schedule,
    end_schedule,
    schedule_created_facts,
)
from wallet.usecases.open_wallet import (
    check_holder,
    checked_person_ref,
    wallet_account_specs,
    wallet_opened_facts,
)


@dataclass(frozen=True, slots=True)
class NewSchedule:
    amount: int
    source: Source
    every: Every
    in_advance: bool
    starts_on: date
    ends_on: date | None = None
    opening_float: int | None = None

    @property
    def terms(self) -> ScheduleTerms:
        return ScheduleTerms(amount=self.amount, every=self.every, in_advance=self.in_advance,
                             starts_on=self.starts_on, ends_on=self.ends_on, opening_float=self.opening_float)


@dataclass(frozen=True, slots=True)
class OpenWalletItem:
    ref: str
    person_ref: str
    holder_id: str
    arrangement: Arrangement
    policy_id: str
    opened_on: date
    schedules: tuple[NewSchedule, ...] = ()


@dataclass(frozen=True, slots=True)
class AddScheduleItem:
    ref: str
    wallet_id: str
    schedule: NewSchedule


@dataclass(frozen=True, slots=True)
class ChangeAmountItem:
    ref: str
    wallet_id: str
    schedule_id: str
    amount: int
    effective_from: date


@dataclass(frozen=True, slots=True)
class EndScheduleItem:
    ref: str
    wallet_id: str
    schedule_id: str
    ends_on: date


WalletBatchItem = OpenWalletItem | AddScheduleItem | ChangeAmountItem | EndScheduleItem


@allowed(Role.FUNDER)
@bulk_run
def run_wallet_batch(session: Session, principal: Principal, items: Sequence[WalletBatchItem], *,
                     mode: BatchMode) -> BatchOutcome:
    """Each item's result, in item order. All or nothing: one refusal raises ``BatchRefused``
    (carrying every item's result) and the caller's transaction rolls back."""
    check_batch_shape([item.ref for item in items])
    openings = [(index, item) for index, item in enumerate(items) if isinstance(item, OpenWalletItem)]
    results, accepted = _decide_openings(session, principal, openings)
    for index, item in enumerate(items):
        if not isinstance(item, OpenWalletItem):
            results.append(_change(session, principal, index, item))
    if accepted and not (mode is BatchMode.ALL_OR_NOTHING and any(r.refused for r in results)):
        _write_openings(session, principal, accepted)
    results.extend(ItemResult(o.index, o.ref, ItemStatus.APPLIED, ids={
        "wallet_id": o.wallet.id, "schedule_ids": [schedule_id for schedule_id, _, _ in o.schedules]})
        for o in accepted)
    return settle(mode, results)


# --- openings, set-based ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Opening:
    index: int
    ref: str
    wallet: WalletRecord
    policy: PolicyVersion
    schedules: list[tuple[str, NewSchedule, ScheduleTerms]]


def _decide_openings(session: Session, principal: Principal, openings: Sequence[tuple[int, OpenWalletItem]]
                     ) -> tuple[list[ItemResult], list[_Opening]]:
    """The refused openings' results, and the openings that stand, ready to write."""
    if not openings:
        return [], []
    policies = _looked_up(lambda policy_id: get_policy(session, principal, policy_id),
                          {item.policy_id for _, item in openings})
    repository = WalletRepository(session)
    accreditations = {holder_id: repository.accreditation(principal.organisation_id, holder_id)
                      for holder_id in sorted({item.holder_id for _, item in openings})}
    now = utc_now()
    ids = iter(new_ids(sum(1 + len(item.schedules) for _, item in openings)))
    refused: list[ItemResult] = []
    accepted: list[_Opening] = []
    for index, item in openings:
        try:
            accepted.append(_decide_opening(principal, index, item, policies, accreditations, now, ids))
        except DomainError as error:
            refused.append(ItemResult(index, item.ref, ItemStatus.REFUSED, error))
    return refused, accepted


def _looked_up(find, keys):  # type: ignore[no-untyped-def]
    """Each key's record, or the refusal its lookup raised (given to every item naming it)."""
    found: dict[str, PolicyVersion | DomainError] = {}
    for key in sorted(keys):
        try:
            found[key] = find(key)
        except DomainError as error:
            found[key] = error
    return found


def _decide_opening(principal: Principal, index: int, item: OpenWalletItem,
                    policies: dict[str, PolicyVersion | DomainError], accreditations: dict[str, str | None],
                    now, ids) -> _Opening:  # type: ignore[no-untyped-def]
    person_ref = checked_person_ref(item.person_ref)
    policy = policies[item.policy_id]
    if isinstance(policy, DomainError):
        raise policy
    check_holder(item.holder_id, accreditations[item.holder_id])
    wallet = WalletRecord(id=next(ids), person_ref=person_ref, funder_id=principal.organisation_id,
                          holder_id=item.holder_id, arrangement=item.arrangement, policy_id=policy.policy_id,
                          currency="GBP", opened_on=item.opened_on, status="open", closed_on=None,
                          closure_reason=None, moved_to_wallet_id=None, moved_from_wallet_id=None, created_at=now)
    schedules = []
    for schedule in item.schedules:
        terms = schedule.terms
        terms.check(opened_on=wallet.opened_on)
        schedules.append((next(ids), schedule, terms))
    return _Opening(index, item.ref, wallet, policy, schedules)


def _write_openings(session: Session, principal: Principal, accepted: Sequence[_Opening]) -> None:
    """Each table's rows made ready while the table before them is written (``WriteBehind``),
    in the order their foreign keys need: a batch of 10,000 wallets writes 100,000 accounts,
    most of a second of the server's time, and the Python making the schedules, the audit
    entries and the events had waited for it."""
    with WriteBehind(session) as writer:
        def send(rows: EncodedRows) -> None:
            writer.submit(functools.partial(rows.send, session))

        send(wallet_rows(session, [
            {"id": w.id, "person_ref": w.person_ref, "funder_id": w.funder_id, "holder_id": w.holder_id,
             "arrangement": w.arrangement.value, "policy_id": w.policy_id, "currency": w.currency,
             "opened_on": w.opened_on, "status": w.status, "moved_from_wallet_id": None, "created_at": w.created_at}
            for w in (o.wallet for o in accepted)]))
        send(new_account_rows(session, [spec for o in accepted for spec in wallet_account_specs(o.wallet)]))
        send(schedule_rows(session, [
            {"id": schedule_id, "wallet_id": o.wallet.id, "funder_id": o.wallet.funder_id, "amount": terms.amount,
             "source": schedule.source.value, "every": terms.every.value, "in_advance": terms.in_advance,
             "starts_on": terms.starts_on, "ends_on": terms.ends_on, "opening_float": terms.opening_float,
             "created_at": o.wallet.created_at}
            for o in accepted for schedule_id, schedule, terms in o.schedules]))
        entries = []
        opened = []
        for o in accepted:
            facts = wallet_opened_facts(o.wallet, o.policy)
            entries.append(audit_entry(principal, "wallet.opened", object_type="wallet", object_id=o.wallet.id,
                                       wallet=o.wallet, **facts))
            entries.extend(audit_entry(principal, "schedule.created", object_type="schedule", object_id=schedule_id,
                                       wallet=o.wallet, **schedule_created_facts(schedule.source, terms))
                           for schedule_id, schedule, terms in o.schedules)
            opened.append(([o.wallet], {"wallet_id": o.wallet.id, **facts}))
        emit_events(session, "wallet.opened", opened)  # staged for the commit: no statement
        send(audit_entry_rows(session, entries))
    session.flush()


# --- changes, one by one through their use cases -----------------------------------------


def _change(session: Session, principal: Principal, index: int, item: WalletBatchItem) -> ItemResult:
    try:
        with item_savepoint(session):
            match item:
                case AddScheduleItem():
                    s = item.schedule
                    record = create_schedule(session, principal, item.wallet_id, amount=s.amount, source=s.source,
                                             every=s.every, in_advance=s.in_advance, starts_on=s.starts_on,
                                             ends_on=s.ends_on, opening_float=s.opening_float)
                case ChangeAmountItem():
                    record = change_schedule_amount(session, principal, item.wallet_id, item.schedule_id,
                                                    amount=item.amount, effective_from=item.effective_from)
                case EndScheduleItem():
                    record = end_schedule(session, principal, item.wallet_id, item.schedule_id,
                                          ends_on=item.ends_on)
                case _:
                    raise TypeError(f"not a wallet batch item: {item!r}")
    except DomainError as error:
        return ItemResult(index, item.ref, ItemStatus.REFUSED, error)
    return ItemResult(index, item.ref, ItemStatus.APPLIED,
                      ids={"wallet_id": record.wallet_id, "schedule_ids": [record.id]})
