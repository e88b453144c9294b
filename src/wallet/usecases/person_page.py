"""Everything the person's own page shows, gathered through the use cases every API caller uses,
as the person: so the page can show nothing the person's own key could not read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.person_page import (
    InAndOut,
    Names,
    NextMoney,
    Week,
    in_and_out,
    long_date,
    next_money,
    recent_weeks,
)
from wallet.domain.principals import Principal, Role
from wallet.domain.wallet_balances import WalletBalances
from wallet.persistence.journal_repository import read_from_one_snapshot
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.authorisation import allowed
from wallet.usecases.manage_schedules import list_schedules
from wallet.usecases.pools.view_pool import list_pools, view_pool
from wallet.usecases.view_wallet import view_wallet
from wallet.usecases.wallet_statement import wallet_statement

MOST_POOLS_SHOWN = 50
MOST_SCHEDULES_READ = 50


@dataclass(frozen=True, slots=True)
class PoolShare:
    pool_id: str
    name: str
    share: int


@dataclass(frozen=True, slots=True)
class PersonView:
    wallet: WalletRecord
    names: Names
    today: date
    balances: WalletBalances
    hourly_rate: int | None
    management_fee: bool
    pools: tuple[PoolShare, ...]
    first_day: date
    last_day: date
    in_and_out: InAndOut  # in − out is the four weeks' statement's movement
    weeks: tuple[Week, ...]
    next_money: NextMoney | None
    suspended: str | None = None  # in words, while the funder has suspended the wallet


@allowed(Role.PERSON)
def person_page(session: Session, principal: Principal, wallet_id: str, *, today: date | None = None) -> PersonView:
    read_from_one_snapshot(session)  # five statements and the balances, all of one moment
    today = today or utc_now().date()
    wallet_view = view_wallet(session, principal, wallet_id)  # first: another wallet is not found
    wallet = wallet_view.wallet
    weeks = recent_weeks(today)
    first_day, last_day = weeks[0][0], weeks[-1][1]
    # Only the lines are shown: no payments listed.
    whole = wallet_statement(session, principal, wallet.id, first_day=first_day, last_day=last_day,
                             payments_limit=0)
    names = Names(funder=whole.funder_name, holder=whole.holder_name)
    weekly = []
    for start, end in weeks:
        found = in_and_out(wallet_statement(session, principal, wallet.id, first_day=start, last_day=end,
                                            payments_limit=0)
                           .statement.lines, names)
        weekly.append(Week(start, end, found.total_in, found.total_out))
    rules = wallet_view.policy.rules
    fee = rules.management_fee
    return PersonView(
        wallet=wallet, names=names, today=today, balances=wallet_view.balances, hourly_rate=rules.hourly_rate,
        management_fee=bool(fee.percent_bp or fee.fixed_per_period),
        pools=_pool_shares(session, principal, wallet.id), first_day=first_day, last_day=last_day,
        in_and_out=in_and_out(whole.statement.lines, names),
        weeks=tuple(weekly), next_money=_next_money(session, principal, wallet, today),
        suspended=_suspended(wallet, names, today, refuses=rules.while_suspended.value == "refuse"),
    )


def _suspended(wallet: WalletRecord, names: Names, today: date, *, refuses: bool) -> str | None:
    if wallet.suspended_from is None or not wallet.suspended_on(today):
        return None
    then = (" No payments can be made from it until it starts again." if refuses
            else f" Until it starts again, {names.funder} must agree each payment first.")
    return f"{names.funder} has put your money on hold from {long_date(wallet.suspended_from)}.{then}"


def _pool_shares(session: Session, principal: Principal, wallet_id: str) -> tuple[PoolShare, ...]:
    shares = []
    for pool in list_pools(session, principal, after_id=None, limit=MOST_POOLS_SHOWN):
        for member in view_pool(session, principal, pool.id).members:
            if member.wallet_id == wallet_id and (member.left_on is None or member.share):
                shares.append(PoolShare(pool.id, pool.name, member.share))
    return tuple(shares)


def _next_money(session: Session, principal: Principal, wallet: WalletRecord, today: date) -> NextMoney | None:
    if not wallet.is_open:
        return None
    schedules = list_schedules(session, principal, wallet.id, limit=MOST_SCHEDULES_READ)
    paid = ScheduleRepository(session).paid(schedules)
    return next_money(((s.terms.until(wallet.closed_on), paid[s.id].includes) for s in schedules), today)
