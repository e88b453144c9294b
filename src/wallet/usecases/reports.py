"""Reports an auditor checks the books with: the trial balance and the holder's reconciliation.

``on`` is a value date: a report on a day counts every posting dated on or before it, so it can
be set beside a bank statement for that day. ``as_of`` is a moment: only what had been recorded by
then counts (the report as it would have been printed then). Both together: on that value date, as
known at that moment. Without either, everything recorded so far counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState
from wallet.domain.errors import Forbidden, NotFound
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.domain.reconciliation import HolderPosition, Reconciliation, by_funder
from wallet.domain.wallet_balances import wallet_balances
from wallet.domain.wallets import HolderAccounts, rollup_of
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.report_repository import NetLine, ReportRepository, accounts_adding_up_to, reconciled_wallets
from wallet.persistence.visibility_sql import accounts_of_wallets, holder_wallets_condition, visible_wallets_condition
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.authorisation import allowed

OUTSIDE_GRANT = "(every account outside your grants)"
HOLDER_BOOK_READERS = (Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR)


class HolderNotFound(NotFound):
    type = "holder-not-found"
    title = "Holder not found"


@dataclass(frozen=True, slots=True)
class TrialBalance:
    on: date | None
    as_of: datetime | None
    lines: list[NetLine]
    # Per currency: total of debit balances, total of credit balances, over every line the caller
    # may see (with, for an auditor, one line standing for the rest of the ledger).
    totals: dict[str, tuple[int, int]]
    ledger_balanced: bool
    outside: dict[str, int]  # auditors: the net of the accounts they may not see, per currency


@allowed(Role.ADMIN, Role.AUDITOR)
def trial_balance(session: Session, principal: Principal, *, on: date | None, as_of: datetime | None = None,
                  after_code: str | None, limit: int) -> TrialBalance:
    if principal.role not in (Role.ADMIN, Role.AUDITOR):
        raise Forbidden("the trial balance is for the operator and auditors",
                        allowed_roles=[Role.ADMIN.value, Role.AUDITOR.value])
    reports = ReportRepository(session)
    everything = reports.net_totals(None, on=on, as_of=as_of)
    balanced = all(debit == credit for debit, credit in everything.values())
    if principal.is_admin:
        return TrialBalance(on, as_of, reports.net_lines(None, on=on, as_of=as_of, after_code=after_code, limit=limit),
                            everything, balanced, {})
    visible = accounts_of_wallets(visible_wallets_condition(principal))
    seen = reports.net_totals(visible, on=on, as_of=as_of)
    # The rest of the ledger nets to minus what the auditor sees (the whole nets to zero), so this
    # line tells it nothing it could not work out, and its own lines still visibly balance.
    outside = {currency: credit - debit for currency, (debit, credit) in seen.items()}
    totals = {currency: (debit + max(outside[currency], 0), credit + max(-outside[currency], 0))
              for currency, (debit, credit) in seen.items()}
    return TrialBalance(on, as_of, reports.net_lines(visible, on=on, as_of=as_of, after_code=after_code, limit=limit),
                        totals, balanced, outside)


def wallets_at_holder(principal: Principal, holder_id: str, what: str) -> tuple[ColumnElement[bool], bool]:
    """Which of a holder's wallets the caller may see (a condition on ``wallets``), and whether that
    is the holder's whole book: the holder and the operator see all, a funder the wallets it funds
    there, an auditor what its grants cover; another holder is told there is no such holder."""
    if principal.role not in HOLDER_BOOK_READERS:
        raise Forbidden(f"{what} is for holders, their funders and auditors",
                        allowed_roles=[role.value for role in HOLDER_BOOK_READERS])
    if principal.role is Role.HOLDER and principal.organisation_id != holder_id:
        raise HolderNotFound(f"no holder {holder_id}", holder_id=holder_id)
    whole = principal.is_admin or principal.role is Role.HOLDER
    return holder_wallets_condition(principal, holder_id), whole


@allowed(Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR)
def reconciliation(session: Session, principal: Principal, *, holder_id: str, on: date | None,
                   as_of: datetime | None = None, bank_balance: int, currency: str = "GBP") -> Reconciliation:
    """The holder sees every funder's line and the ledger's view of its client account; a funder
    its own line; an auditor the lines of the wallets its grants cover."""
    scope, whole = wallets_at_holder(principal, holder_id, "the reconciliation")
    condition = reconciled_wallets(scope, currency)
    reports = ReportRepository(session)
    funder_of = reports.funders_of(condition)
    if not funder_of and not (whole and is_holder(session, holder_id)):
        raise HolderNotFound(f"no holder {holder_id} with wallets you may see", holder_id=holder_id)
    by_wallet: dict[str, dict[str, AccountState]] = defaultdict(dict)
    for wallet_id, state in reports.states(accounts_of_wallets(condition), on=on, as_of=as_of):
        by_wallet[wallet_id][state.code] = state  # type: ignore[index]
    repository = WalletRepository(session)
    balances = []
    for wallet_id, funder_id in sorted(funder_of.items()):
        wallet = repository.get(wallet_id)
        assert wallet is not None
        balances.append((funder_id, wallet_balances(wallet.accounts, by_wallet[wallet_id])))
    position = None
    if whole:
        book = HolderAccounts(holder_id)
        codes = (book.client_bank, book.fee_income, book.efficiency_income)
        own: dict[str, int] = defaultdict(int)
        for _, state in reports.states(accounts_adding_up_to(codes), on=on, as_of=as_of):
            own[rollup_of(state.code) or state.code] += state.balance
        client_bank, fee_income, efficiency_income = (own[code] for code in codes)
        position = HolderPosition(client_bank, fee_income, efficiency_income,
                                  sum(b.reserve_drawn for _, b in balances))
    return Reconciliation(holder_id, on, currency, by_funder(balances), bank_balance, position, as_of)


def is_holder(session: Session, organisation_id: str) -> bool:
    organisation = OrganisationRepository(session).get(organisation_id)
    return organisation is not None and organisation.kind is OrganisationKind.HOLDER
