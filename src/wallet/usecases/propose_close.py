"""Propose a period close: per wallet, what is unspent, what is kept as contingency, what is surplus,
and what the funder's rules would do with it, in postings and in words. Nothing moves yet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput
from wallet.domain.planned_budgets import budget_between
from wallet.domain.principals import Principal, Role
from wallet.domain.unspent import (
    assess,
    final_settlement,
    plan,
    review_due_dates,
    underspent,
    unspent_lots,
)
from wallet.domain.wallet_balances import wallet_balances
from wallet.domain.wallets import Source, format_pounds
from wallet.persistence.close_repository import (
    CloseItemRecord,
    CloseRecord,
    CloseRepository,
    available_movements,
    funded_between,
    savings_by_source,
    wallet_fingerprint,
)
from wallet.persistence.budget_repository import PlannedBudgetRepository
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.wallet_repository import PolicyRepository, WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.events import emit_event
from wallet.usecases.raise_alert import raise_alert
from wallet.usecases.visibility import load_wallet
from wallet.usecases.authorisation import allowed

MAX_WALLETS_PER_CLOSE = 10_000


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


def propose_item(session: Session, close: CloseRecord, wallet: WalletRecord) -> CloseItemRecord:
    policy = PolicyRepository(session).get(wallet.policy_id)
    assert policy is not None
    rules = policy.rules
    states = LedgerRepository(session).accounts_of_wallet(wallet.id)
    balances = wallet_balances(wallet.accounts, states)
    committed = balances.committed + balances.awaiting_approval
    final = wallet.closed_on is not None and wallet.closed_on <= close.period_end
    budgets = PlannedBudgetRepository(session)
    weekly = budgets.weekly_budget(wallet.id, close.period_end)
    opening_float = sum(budgets.opening_floats(wallet.id).values())
    # Money set aside for holds and approvals is a committed cost: it takes the oldest money first.
    movements = available_movements(session, wallet.accounts)
    for source in Source:
        pending = states[wallet.accounts.available(source)].pending_out if wallet.accounts.available(source) in states else 0
        if pending:
            movements.append((source, close.period_end, -pending))
    lots = unspent_lots(movements)
    if final:
        # Pool shares come back to the wallet first, then everything left is settled.
        from_pools = {s: states[c].balance for c, s in _share_codes(states, wallet.id)}
        by_source = {s: balances.by_source[s.value] + from_pools.get(s, 0) for s in Source}
        settlement = final_settlement(wallet.accounts, by_source, savings_by_source(session, wallet.accounts.savings),
                                      recovery_account=recovery_account(wallet),
                                      after_death=wallet.closure_reason == "death")
        assessment = assess(lots, rules, weekly, close.period_end, final=True)
        planned, action, reason = settlement, "final_settlement", assessment.reason
        if balances.in_pools:
            reason += f"; {format_pounds(balances.in_pools)} comes back from pools first"
        if committed:
            reason += f"; {format_pounds(committed)} stays committed to holds and approvals until they are settled"
    else:
        assessment = assess(lots, rules, weekly, close.period_end, opening_float=opening_float)
        planned = plan(wallet.accounts, assessment.surplus_by_source, rules,
                       recovery_account=recovery_account(wallet), efficiency_account=efficiency_account(wallet))
        action, reason = rules.surplus_action.value, assessment.reason
    previous_end = CloseRepository(session).last_confirmed_period_end(wallet.id)
    funded = funded_between(session, wallet.accounts, previous_end, close.period_end)
    # Underspend is measured against the plan's budget for the period's days, where there is a plan.
    budget_in_period = budget_between(budgets.of_wallet(wallet.id),
                                      previous_end + timedelta(days=1) if previous_end else wallet.opened_on,
                                      close.period_end)
    item = CloseRepository(session).add_item(
        close_id=close.id, wallet_id=wallet.id, final=final,
        fingerprint=wallet_fingerprint(session, wallet.id, policy.version),
        available=balances.available, committed=committed, in_pools=balances.in_pools, savings=balances.savings,
        funded_in_period=funded, weekly_budget=weekly, contingency_cap=assessment.contingency_cap,
        contingency_kept=assessment.contingency_kept, over_cap=assessment.over_cap, aged=assessment.aged,
        surplus=assessment.surplus, action=action,
        reason=(reason + ". " + "; ".join(planned.words)).strip()[:1000],
        plan={"postings": _serialise(planned.postings), "words": planned.words, "recovered": planned.recovered,
              "refunded_to_person": planned.refunded_to_person, "to_savings": planned.to_savings,
              "to_holder": planned.to_holder, "policy_version": policy.version,
              "to_net_off": planned.to_net_off or None, "float_held": assessment.float_held or None,
              "budget_in_period": budget_in_period},
    )
    _raise_alerts(session, close, wallet, item, policy.rules)
    return item


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
    close = CloseRepository(session).add(principal.organisation_id, period_end)
    items = []
    for done, wallet in enumerate(wallets, start=1):
        item = propose_item(session, close, wallet)
        _record_proposed(session, principal, close, wallet, item)
        items.append(item)
        if progress:
            progress(done, len(wallets))
    if not items:  # nothing to propose for, but the close itself was made
        record_change(session, principal, "period_close.proposed", object_type="period_close", object_id=close.id,
                      funder_id=close.funder_id, period_end=period_end, wallets=0)
    # Only the funder: a proposal is its own review until confirmed; holders hear when money moves.
    emit_event(session, "period_close.proposed", wallets=[], also=[close.funder_id],
               data={"close_id": close.id, "period_end": period_end, "wallet_ids": [w.id for w in wallets]})
    session.flush()
    return Proposal(close, items)


def _record_proposed(session: Session, principal: Principal, close: CloseRecord, wallet: WalletRecord,
                    item: CloseItemRecord) -> None:
    """One entry per wallet, so an auditor granted that wallet alone reads the proposal for it."""
    record_change(session, principal, "period_close.proposed", object_type="period_close", object_id=close.id,
                  wallet=wallet, item_id=item.id, period_end=close.period_end, final=item.final,
                  available=item.available, committed=item.committed, contingency_kept=item.contingency_kept,
                  surplus=item.surplus, surplus_action=item.action, policy_version=item.plan.get("policy_version"))
