"""Propose a period close: per wallet, what is unspent, what is kept as contingency, what is surplus,
and what the funder's rules would do with it, in postings and in words. Nothing moves yet."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput
from wallet.domain.planned_budgets import budget_between
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import WalletState, final_close_due, late_invoices_until
from wallet.domain.unspent import (
    ClosePlan,
    SurplusAssessment,
    assess,
    final_settlement,
    plan,
    review_due_dates,
    underspent,
    unspent_lots,
)
from wallet.domain.wallet_balances import wallet_balances
from wallet.domain.wallets import Source, format_pounds
from wallet.persistence.batch_reads import without_jit
from wallet.persistence.batch_writes import audit_entry_rows
from wallet.persistence.bulk_rows import EncodedRows
from wallet.persistence.close_facts import WalletCloseFacts, read_close_facts
from wallet.persistence.close_repository import (
    CloseItemRecord,
    CloseRecord,
    CloseRepository,
)
from wallet.persistence.wallet_repository import (
    PolicyRepository,
    PolicyVersion,
    WalletRecord,
    WalletRepository,
)
from wallet.persistence.write_behind import WriteBehind
from wallet.usecases.audit_trail import audit_entry, record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.cycle_collector import bulk_run
from wallet.usecases.events import emit_event
from wallet.usecases.raise_alert import raise_alert
from wallet.usecases.visibility import load_wallet
from wallet.usecases.wallet_context import with_invoice_window

# A whole book (issue 12: 100,000 wallets), read and decided a batch at a time.
MAX_WALLETS_PER_CLOSE = 200_000
# Wallets read, decided and written together.
BATCH = 1_000


def recovery_account(wallet: WalletRecord) -> str:
    return wallet.accounts.funder.recovered


def efficiency_account(wallet: WalletRecord) -> str:
    return wallet.accounts.holder.efficiency_income


@dataclass(frozen=True, slots=True)
class Proposal:
    close: CloseRecord
    items: list[CloseItemRecord]


def _serialise(postings) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return [{"account": p.account, "side": p.side.value, "amount": p.amount, "memo": p.memo} for p in postings]


def decide_item(close: CloseRecord, wallet: WalletRecord, policy: PolicyVersion, facts: WalletCloseFacts,
                ending: WalletState) -> dict[str, object]:
    """The item's values, decided by the domain from what was read about the wallet (``ending``:
    its spending state, told of the after-ending window for a wallet that has ended)."""
    rules = policy.rules
    states = facts.states
    codes = wallet.accounts  # made afresh on every use: once an item
    balances = wallet_balances(codes, states)
    committed = balances.committed + balances.awaiting_approval
    final = final_close_due(rules, ending, close.period_end)
    waiting = not final and wallet.closed_on is not None and wallet.closed_on <= close.period_end
    weekly = facts.weekly_budget
    # Money set aside for holds and approvals is a committed cost: it takes the oldest money first.
    movements = list(facts.movements)
    for source in Source:
        state = states.get(codes.available(source))
        pending = state.pending_out if state is not None else 0
        if pending:
            movements.append((source, close.period_end, -pending))
    lots = unspent_lots(movements)
    if final:
        # Pool shares come back to the wallet first, then everything left is settled.
        from_pools = {s: states[c].balance for c, s in _share_codes(states, wallet.id)}
        by_source = {s: balances.by_source[s.value] + from_pools.get(s, 0) for s in Source}
        settlement = final_settlement(codes, by_source, facts.savings,
                                      recovery_account=recovery_account(wallet),
                                      after_death=wallet.closure_reason == "death")
        assessment = assess(lots, rules, weekly, close.period_end, final=True)
        planned, action, reason = settlement, "final_settlement", assessment.reason
        if balances.in_pools:
            reason += f"; {format_pounds(balances.in_pools)} comes back from pools first"
        if committed:
            reason += f"; {format_pounds(committed)} stays committed to holds and approvals until they are settled"
    elif waiting:
        assessment, planned = _waiting_for_invoices(balances.available, wallet, late_invoices_until(rules, ending))
        action, reason = "awaiting_invoices", assessment.reason
    else:
        assessment = assess(lots, rules, weekly, close.period_end, opening_float=facts.opening_float)
        planned = plan(codes, assessment.surplus_by_source, rules,
                       recovery_account=recovery_account(wallet), efficiency_account=efficiency_account(wallet))
        action, reason = rules.surplus_action.value, assessment.reason
    previous_end = facts.last_confirmed_period_end
    funded = facts.funded_between(previous_end, close.period_end)
    # Underspend is measured against the plan's budget for the period's days, where there is a plan.
    budget_in_period = budget_between(facts.planned, previous_end + timedelta(days=1) if previous_end
                                      else wallet.opened_on, close.period_end)
    return {
        "close_id": close.id, "wallet_id": wallet.id, "final": final,
        "fingerprint": facts.fingerprint(policy.version),
        "available": balances.available, "committed": committed, "in_pools": balances.in_pools, "savings": balances.savings,
        "funded_in_period": funded, "weekly_budget": weekly, "contingency_cap": assessment.contingency_cap,
        "contingency_kept": assessment.contingency_kept, "over_cap": assessment.over_cap, "aged": assessment.aged,
        "surplus": assessment.surplus, "action": action,
        "reason": (reason + ". " + "; ".join(planned.words)).strip()[:1000],
        "plan": {"postings": _serialise(planned.postings), "words": planned.words, "recovered": planned.recovered,
              "refunded_to_person": planned.refunded_to_person, "to_savings": planned.to_savings,
              "to_holder": planned.to_holder, "policy_version": policy.version,
              "to_net_off": planned.to_net_off or None, "float_held": assessment.float_held or None,
              "budget_in_period": budget_in_period},
    }


@dataclass(frozen=True, slots=True)
class _BatchFacts:
    """Everything read to decide a batch: deciding it then needs no database."""

    facts: dict[str, WalletCloseFacts]
    ending: dict[str, WalletState]  # each wallet's spending state, told of its after-ending window
    policies: dict[str, PolicyVersion]


def _read_batch(session: Session, close: CloseRecord, wallets: Sequence[WalletRecord],
                known: Collection[str]) -> _BatchFacts:
    """A few reads for all of a batch's wallets (``known``: the policies read already)."""
    policies = {}
    for policy_id in {w.policy_id for w in wallets} - set(known):
        found = PolicyRepository(session).get(policy_id)
        assert found is not None, "a wallet always has a policy"
        policies[policy_id] = found
    return _BatchFacts(read_close_facts(session, wallets, close.period_end),
                       {w.id: with_invoice_window(session, w, w.spending_state({})) for w in wallets}, policies)


def _propose_batches(session: Session, principal: Principal, close: CloseRecord, wallets: Sequence[WalletRecord],
                     progress: Callable[[int, int], None] | None) -> list[CloseItemRecord]:
    """A batch at a time: its reads, each wallet decided on its own, then its items and their audit
    entries written in one statement each. The next batch is read, and this one written, while
    this one is decided (``WriteBehind``); the alerts, which read and write as they go, are
    raised once everything is written."""
    items: list[CloseItemRecord] = []
    policies: dict[str, PolicyVersion] = {}
    repository = CloseRepository(session)
    batches = [wallets[first:first + BATCH] for first in range(0, len(wallets), BATCH)]
    with WriteBehind(session) as writer:
        ahead = writer.submit(functools.partial(_read_batch, session, close, batches[0], ())) if batches else None
        for number, batch in enumerate(batches):
            assert ahead is not None
            read = ahead.result()
            policies.update(read.policies)
            if number + 1 < len(batches):
                ahead = writer.submit(functools.partial(_read_batch, session, close, batches[number + 1],
                                                        set(policies)))
            made, rows = repository.item_rows([decide_item(close, w, policies[w.policy_id], read.facts[w.id],
                                                           read.ending[w.id]) for w in batch])
            # By COPY on PostgreSQL, as the bulk opening writes its entries: a thousand rows a batch.
            entries = audit_entry_rows(session, [_proposed_entry(principal, close, wallet, item)
                                                 for wallet, item in zip(batch, made, strict=True)])
            writer.submit(functools.partial(_write_batch, session, rows, entries))
            items += made
            if progress:
                for done in range(len(items) - len(batch) + 1, len(items) + 1):
                    progress(done, len(wallets))
    for wallet, item in zip(wallets, items, strict=True):
        _raise_alerts(session, close, wallet, item, policies[wallet.policy_id].rules)
    return items


def _write_batch(session: Session, items: EncodedRows, entries: EncodedRows) -> None:
    items.send(session)
    entries.send(session)


def _waiting_for_invoices(available: int, wallet: WalletRecord, until: date | None) -> tuple[SurplusAssessment, ClosePlan]:
    """An ended wallet whose invoices for support before the end may still come: nothing moves,
    none of it is surplus, and the final close waits for the window or the funder's word."""
    reason = (f"the wallet ended on {wallet.closed_on}; invoices for support given by then may come until {until}, "
              f"so the {format_pounds(available)} unspent stays until the window ends or the funder confirms "
              "no more invoices come, and the final close waits")
    return SurplusAssessment(available, 0, available, 0, 0, 0, {}, reason), ClosePlan((), 0, 0, 0, 0, [])


def _share_codes(states, wallet_id: str):  # type: ignore[no-untyped-def]
    for code in states:
        if code.startswith("pool:") and f":share:{wallet_id}:" in code:
            yield code, Source(code.rsplit(":", 1)[1])


def _budget_of(item: CloseItemRecord) -> int:
    """What the period was budgeted at: the plan's budget for its days, else what was paid in."""
    planned = item.plan.get("budget_in_period")
    return int(planned) if planned is not None else item.funded_in_period


def _raise_alerts(session: Session, close: CloseRecord, wallet: WalletRecord, item: CloseItemRecord, rules) -> None:  # type: ignore[no-untyped-def]
    if item.over_cap > 0 and not item.final:
        raise_alert(session, wallet, kind="surplus_over_cap", dedupe_key=f"surplus_over_cap:{wallet.id}:{close.period_end}",
                    message=f"{format_pounds(item.over_cap)} unspent above the {format_pounds(item.contingency_cap)} "
                            f"contingency at {close.period_end}",
                    over_cap=item.over_cap, period_end=str(close.period_end))
    alert = rules.underspend_alert
    if alert is not None and underspent(item.available, _budget_of(item), alert.percent):
        history = CloseRepository(session).confirmed_items_of(wallet.id, alert.periods - 1)
        if len(history) == alert.periods - 1 and all(
                underspent(h.available, _budget_of(h), alert.percent) for h in history):
            raise_alert(session, wallet, kind="underspend", dedupe_key=f"underspend:{wallet.id}:{close.period_end}",
                        message=f"more than {alert.percent}% of the budget unspent for {alert.periods} periods: "
                                "less support may be needed than the budget pays for",
                        percent=alert.percent, periods=alert.periods, period_end=str(close.period_end))
    for due in review_due_dates(wallet.opened_on, rules.first_review_weeks, close.period_end)[-1:]:
        raise_alert(session, wallet, kind="review_due", dedupe_key=f"review_due:{wallet.id}:{due}",
                    message=f"a review of this person's support was due on {due}", due_on=str(due))


@allowed(Role.FUNDER)
@bulk_run
def propose_close(session: Session, principal: Principal, *, period_end: date,
                  wallet_ids: Sequence[str] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Proposal:
    if principal.role is not Role.FUNDER:
        raise Forbidden("only a funder closes a period", allowed_roles=["funder"])
    if wallet_ids is not None:
        if not wallet_ids:
            raise InvalidInput("name at least one wallet, or omit wallet_ids for all of them", field="wallet_ids")
        wallets = [load_wallet(session, principal, w) for w in dict.fromkeys(wallet_ids)]
        closed = [w.id for w in wallets if not w.is_open]
        if closed:
            raise InvalidInput("closed wallets have nothing left to close", wallet_ids=closed)
    else:
        wallets = WalletRepository(session).list(funder_id=principal.organisation_id, status="open",
                                                 limit=MAX_WALLETS_PER_CLOSE)
    without_jit(session)
    close = CloseRepository(session).add(principal.organisation_id, period_end)
    items = _propose_batches(session, principal, close, wallets, progress)
    if not items:  # nothing to propose for, but the close itself was made
        record_change(session, principal, "period_close.proposed", object_type="period_close", object_id=close.id,
                      funder_id=close.funder_id, period_end=period_end, wallets=0)
    # Only the funder: a proposal is its own review until confirmed; holders hear when money moves.
    emit_event(session, "period_close.proposed", wallets=[], also=[close.funder_id],
               data={"close_id": close.id, "period_end": period_end, "wallet_ids": [w.id for w in wallets]})
    session.flush()
    return Proposal(close, items)


def _proposed_entry(principal: Principal, close: CloseRecord, wallet: WalletRecord,
                    item: CloseItemRecord) -> dict[str, object]:
    """One entry per wallet, so an auditor granted that wallet alone reads the proposal for it."""
    return audit_entry(principal, "period_close.proposed", object_type="period_close", object_id=close.id,
                       wallet=wallet, item_id=item.id, period_end=close.period_end, final=item.final,
                       available=item.available, committed=item.committed, contingency_kept=item.contingency_kept,
                       surplus=item.surplus, surplus_action=item.action,
                       policy_version=item.plan.get("policy_version"))
