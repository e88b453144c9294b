"""Open a person's wallet at an accredited holder, with its own accounts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.accounts import Side
from wallet.domain.errors import InvalidInput, NotFound, RuleViolation
from wallet.domain.planned_budgets import BudgetEvery, PlannedBudget
from wallet.domain.principals import Principal, Role
from wallet.domain.wallets import Arrangement
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository
from wallet.persistence.wallet_repository import PolicyVersion, WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.manage_policies import get_policy
from wallet.usecases.planned_budgets import add_planned_budget


class HolderNotAccredited(RuleViolation):
    type = "holder-not-accredited"
    title = "The holder is not on this funder's list of accredited holders"


@allowed(Role.FUNDER)
def open_wallet(session: Session, principal: Principal, *, person_ref: str, holder_id: str,
                arrangement: Arrangement, policy_id: str, opened_on: date,
                moved_from_wallet_id: str | None = None,
                planned_budget: tuple[int, BudgetEvery] | None = None) -> WalletRecord:
    person_ref = checked_person_ref(person_ref)
    policy = get_policy(session, principal, policy_id)
    repository = WalletRepository(session)
    check_holder(holder_id, repository.accreditation(principal.organisation_id, holder_id))
    wallet = repository.add(person_ref=person_ref, funder_id=principal.organisation_id, holder_id=holder_id,
                            arrangement=arrangement, policy_id=policy.policy_id, opened_on=opened_on,
                            moved_from_wallet_id=moved_from_wallet_id)
    open_wallet_accounts(session, wallet)
    if planned_budget is not None:
        # The support plan's budget from the day the wallet opens; later changes have their own dates.
        add_planned_budget(session, wallet, PlannedBudget(opened_on, *planned_budget))
    facts = {**wallet_opened_facts(wallet, policy, moved_from_wallet_id),
             **({"planned_budget": {"amount": planned_budget[0], "every": planned_budget[1].value}}
                if planned_budget else {})}
    record_change(session, principal, "wallet.opened", object_type="wallet", object_id=wallet.id, wallet=wallet,
                  **facts)
    emit_event(session, "wallet.opened", wallets=[wallet], data={"wallet_id": wallet.id, **facts})
    return wallet


# The rules of opening a wallet, shared with the bulk batch (usecases/wallet_batch.py), which
# looks each policy and holder up once for many wallets and then decides every item with these.

def checked_person_ref(person_ref: str) -> str:
    person_ref = person_ref.strip()
    if not person_ref:
        raise InvalidInput("person_ref is the funder's reference for the person and cannot be empty")
    return person_ref


def check_holder(holder_id: str, accreditation: str | None) -> None:
    """New wallets open only at a holder on the funder's list, and only while it is accredited."""
    if accreditation is None:
        raise NotFound(f"no holder {holder_id} on this funder's list", holder_id=holder_id)
    if accreditation != "accredited":
        raise HolderNotAccredited(f"holder {holder_id} is {accreditation}; new wallets open only at accredited "
                                  "holders", holder_id=holder_id, accreditation=accreditation)


def wallet_opened_facts(wallet: WalletRecord, policy: PolicyVersion,
                        moved_from_wallet_id: str | None = None) -> dict[str, Any]:
    """What the audit entry and the event of an opening say. Never the person reference: it
    stays in the wallet's own row and nowhere else."""
    return {"arrangement": wallet.arrangement.value, "policy_id": policy.policy_id, "policy_version": policy.version,
            "opened_on": wallet.opened_on, "moved_from_wallet_id": moved_from_wallet_id}


def wallet_account_specs(wallet: WalletRecord) -> list[AccountSpec]:
    accounts = wallet.accounts
    owned = [AccountSpec(code, side, guarded, wallet.currency, wallet_id=wallet.id)
             for code, side, guarded in accounts.own_accounts()]
    cash_owner = wallet.funder_id if wallet.arrangement is Arrangement.NOTIONAL else wallet.holder_id
    shared = [
        AccountSpec(accounts.cash, Side.DEBIT, False, wallet.currency, organisation_id=cash_owner),
        AccountSpec(accounts.fee_income, Side.CREDIT, False, wallet.currency, organisation_id=wallet.holder_id),
    ]
    return owned + shared


def open_wallet_accounts(session: Session, wallet: WalletRecord) -> None:
    LedgerRepository(session).open_accounts(wallet_account_specs(wallet))
