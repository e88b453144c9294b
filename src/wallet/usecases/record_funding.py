"""Money in: a one-off funding, and the funding posting every schedule run makes too.

The management fee is charged on each funding of public money as its own postings to the
holder's fee account, never taking the financial year's fees past the policy's annual cap.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.funding_runs import management_fee
from wallet.domain.kinds import Kind
from wallet.domain.policies import fee_year_start
from wallet.domain.principals import Principal, Role
from wallet.domain.wallet_postings import MANAGEMENT_FEE, funding_postings
from wallet.domain.wallets import FEE_BEARING_SOURCES, Source
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.usecases.authorisation import allowed
from wallet.usecases.wallet_context import WalletContext, wallet_context


def fee_for(context: WalletContext, source: Source, amount: int, effective_date: date, *,
            per_period: bool) -> int:
    if source not in FEE_BEARING_SOURCES:
        return 0  # no fee, so no need to read what has been charged
    year_start = fee_year_start(effective_date)
    year_end = date(year_start.year + 1, 3, 31)
    accounts = context.accounts
    charged = context.ledger.memo_net(accounts.fee_bearing, MANAGEMENT_FEE,
                                      year_start, year_end)
    return management_fee(context.policy.rules.management_fee, source, amount, per_period=per_period,
                          charged_this_year=charged)


def post_funding(context: WalletContext, *, amount: int, source: Source, effective_date: date,
                 reference: str | None, per_period: bool, kind: Kind = Kind.FUNDING,
                 description: str | None = None, **details: object) -> TransactionRecord:
    context.check_date(effective_date)
    fee = fee_for(context, source, amount, effective_date, per_period=per_period)
    return context.post(
        kind, funding_postings(context.accounts, source, amount, fee, context.wallet.currency),
        effective_date=effective_date, reference=reference,
        description=description or f"{source.value} funding", source=source.value,
        management_fee=fee or None, **details,
    )


@allowed(Role.FUNDER)
def record_funding(session: Session, principal: Principal, wallet_id: str, *, amount: int,
                   source: Source, effective_date: date, reference: str | None) -> TransactionRecord:
    context = wallet_context(session, principal, wallet_id, roles=(Role.FUNDER,))
    return post_funding(context, amount=amount, source=source, effective_date=effective_date,
                        reference=reference, per_period=False)

