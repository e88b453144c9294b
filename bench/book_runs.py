"""The book-size runs: a funding run and a period close (propose, then confirm) of N wallets.

For each size in ``WALLET_BENCH_WALLETS`` (default 1,000 and 10,000) a fresh PostgreSQL database
gets one funder, one accredited holder and one policy with a management fee (2% and a fixed 50p a
period, under an annual cap), then N wallets at that holder, each with a weekly funder schedule
(every fifth also a weekly person contribution), opened through the bulk API's use case
(``run_wallet_batch``, as ``POST /v1/wallet-batches`` runs it), 5,000 wallets a batch. So the state
is exactly what the service would have made; the setup is not timed.

Timed, each in one database transaction through the use cases, as ``POST /v1/funding-runs`` and
``POST /v1/period-closes`` (+ confirm) run them:
- the first weekly funding run (one period a schedule, paid in advance: 1.2N fundings, N fees),
- the proposal of a period close at the end of that week, then its confirmation.
Afterwards the ledger is checked: every funding stored, debits equal credits, the chain sealed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, text

from bench.databases import PostgresServer, migrate
from bench.proc_cpu import process_cpu_seconds
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.domain.schedules import Every
from wallet.domain.wallets import Arrangement, Source
from wallet.persistence.db import Database
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.tables import postings, transactions
from wallet.persistence.trust_tables import transaction_hashes

OPENED_ON = date(2026, 4, 6)  # a Monday, the first day of a financial year
RUN_AS_OF = OPENED_ON  # the first weekly run: one period a schedule, paid in advance
CLOSE_AT = OPENED_ON + timedelta(days=6)  # the end of that first week
WEEKLY = 40_000  # £400 a week from the council
CONTRIBUTION = 2_500  # £25 a week from the person, for every fifth wallet
POLICY = {"management_fee": {"percent_bp": 200, "fixed_per_period": 50, "annual_cap": 100_000},
          "contingency_weeks": 2, "surplus_action": "recover"}
SETUP_BATCH = 5_000


@dataclass(frozen=True)
class BookRun:
    wallets: int
    schedules: int
    setup_seconds: float
    funding_seconds: float
    fundings: int
    propose_seconds: float
    confirm_seconds: float
    closed_items: int
    transactions: int
    # CPU time of the PostgreSQL backend that ran the funding run, body and commit (None when the
    # server's processes cannot be read here). One database transaction is one backend on one
    # core: the run cannot end sooner than this, however little the client spends.
    funding_backend_seconds: float | None = None

    @property
    def funding_ms_per_wallet(self) -> float:
        return 1000 * self.funding_seconds / self.wallets

    @property
    def close_seconds(self) -> float:
        return self.propose_seconds + self.confirm_seconds

    @property
    def close_ms_per_wallet(self) -> float:
        return 1000 * self.close_seconds / self.wallets

    def as_json(self) -> dict[str, object]:
        return asdict(self) | {"funding_ms_per_wallet": round(self.funding_ms_per_wallet, 3),
                               "close_ms_per_wallet": round(self.close_ms_per_wallet, 3)}


class BookCheckFailed(RuntimeError):
    pass


def _principal(organisation_id: str, kind: OrganisationKind, role: Role) -> Principal:
    return Principal(key_id="bench", organisation_id=organisation_id, organisation_kind=kind, role=role)


def build_book(database: Database, wallets: int, say: Callable[[str], None]) -> Principal:
    from wallet.domain.batches import BatchMode
    from wallet.usecases.accredit_holder import accredit_holder
    from wallet.usecases.manage_policies import create_policy
    from wallet.usecases.wallet_batch import NewSchedule, OpenWalletItem, run_wallet_batch

    with database.writer.begin() as session:
        organisations = OrganisationRepository(session)
        funder = organisations.add("Bench Council", OrganisationKind.FUNDER)
        holder = organisations.add("Bench Provider", OrganisationKind.HOLDER)
        principal = _principal(funder.id, OrganisationKind.FUNDER, Role.FUNDER)
        accredit_holder(session, principal, holder_id=holder.id, status="accredited")
        policy_id = create_policy(session, principal, name="bench", rules=POLICY).policy_id
    # Opened through the bulk API's use case (``POST /v1/wallet-batches``), so the book is what an
    # integrator's batches make, at about a millisecond a wallet rather than ten.
    for first in range(0, wallets, SETUP_BATCH):
        items = []
        for index in range(first, min(first + SETUP_BATCH, wallets)):
            schedules = [NewSchedule(amount=WEEKLY, source=Source.FUNDER, every=Every.WEEK, in_advance=True,
                                     starts_on=OPENED_ON)]
            if index % 5 == 0:
                schedules.append(NewSchedule(amount=CONTRIBUTION, source=Source.PERSON_CONTRIBUTION, every=Every.WEEK,
                                             in_advance=True, starts_on=OPENED_ON))
            items.append(OpenWalletItem(ref=f"w{index}", person_ref=f"BOOK-{index:06d}", holder_id=holder.id,
                                        arrangement=Arrangement.ISF, policy_id=policy_id, opened_on=OPENED_ON,
                                        schedules=tuple(schedules)))
        with database.writer.begin() as session:
            # All or nothing: a refused wallet raises, so the bench never times a partial book.
            run_wallet_batch(session, principal, items, mode=BatchMode.ALL_OR_NOTHING)
        say(f"book: {min(first + SETUP_BATCH, wallets):,} of {wallets:,} wallets opened")
    return principal


def run_book(server: PostgresServer, wallets: int, say: Callable[[str], None]) -> BookRun:
    from wallet.usecases.confirm_close import confirm_close
    from wallet.usecases.funding_run import run_funding
    from wallet.usecases.propose_close import propose_close

    with server.scratch_database(f"_book_{wallets}") as name:
        url = server.url_for(name)
        migrate(url)
        database = Database.connect(url, pool_size=2)
        try:
            began = time.perf_counter()
            principal = build_book(database, wallets, say)
            setup = time.perf_counter() - began
            schedules = wallets + (wallets + 4) // 5
            began = time.perf_counter()
            with database.writer.begin() as session:
                backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
                backend_before = process_cpu_seconds(backend)
                run = run_funding(session, principal, RUN_AS_OF, today=RUN_AS_OF)
            funding = time.perf_counter() - began
            backend_after = process_cpu_seconds(backend)
            backend_busy = (None if backend_before is None or backend_after is None
                            else round(backend_after - backend_before, 2))
            say(f"book {wallets:,}: funding run {funding:.1f} s ({len(run.paid):,} fundings)")
            began = time.perf_counter()
            with database.writer.begin() as session:
                proposal = propose_close(session, principal, period_end=CLOSE_AT)
            propose = time.perf_counter() - began
            began = time.perf_counter()
            with database.writer.begin() as session:
                confirmed = confirm_close(session, principal, proposal.close.id)
            confirm = time.perf_counter() - began
            say(f"book {wallets:,}: close proposed in {propose:.1f} s, confirmed in {confirm:.1f} s")
            stored = _check(database, len(run.paid))
            return BookRun(wallets, schedules, round(setup, 2), round(funding, 3), len(run.paid),
                           round(propose, 3), round(confirm, 3),
                           sum(1 for item in confirmed.items if item.status == "confirmed"), stored, backend_busy)
        finally:
            database.dispose()


def _check(database: Database, fundings: int) -> int:
    with database.reader() as session:
        stored = session.execute(select(func.count()).select_from(transactions)).scalar_one()
        chained = session.execute(select(func.count()).select_from(transaction_hashes)).scalar_one()
        scheduled = session.execute(select(func.count()).select_from(transactions)
                                    .where(transactions.c.kind == "scheduled_funding")).scalar_one()
        debits, credits = session.execute(select(
            func.coalesce(func.sum(postings.c.amount).filter(postings.c.side == "debit"), 0),
            func.coalesce(func.sum(postings.c.amount).filter(postings.c.side == "credit"), 0))).one()
    if scheduled != fundings or chained != stored or debits != credits:
        raise BookCheckFailed(f"{scheduled} scheduled fundings stored of {fundings}; {chained} of {stored} "
                              f"transactions chained; debits {debits}, credits {credits}")
    return int(stored)


# The targets at 100,000 wallets, as time a wallet: 20 s (aim 10 s) and 30 s (aim 15 s).
FUNDING_TARGET_MS, CLOSE_TARGET_MS = 0.2, 0.3


def table(books: list[BookRun]) -> str:
    """Per size: seconds and milliseconds a wallet, and the growth a wallet from the smallest size."""
    if not books:
        return "book runs: none (WALLET_BENCH_WALLETS)"
    smallest = books[0]
    lines = ["| wallets | funding run | ms a wallet | growth a wallet | close (propose + confirm) | ms a wallet | "
             "growth a wallet |", "|---|---|---|---|---|---|---|"]
    for b in books:
        lines.append(
            f"| {b.wallets:,} | {b.funding_seconds:.1f} s ({b.fundings:,} fundings) | {b.funding_ms_per_wallet:.2f} | "
            f"x{b.funding_ms_per_wallet / smallest.funding_ms_per_wallet:.2f} | "
            f"{b.close_seconds:.1f} s ({b.propose_seconds:.1f} + {b.confirm_seconds:.1f}) | "
            f"{b.close_ms_per_wallet:.2f} | x{b.close_ms_per_wallet / smallest.close_ms_per_wallet:.2f} |")
    for b in books:
        if b.funding_backend_seconds is not None:
            lines.append(f"funding run of {b.wallets:,}: its PostgreSQL backend was busy {b.funding_backend_seconds:.1f} s "
                         f"of its {b.funding_seconds:.1f} s (one transaction, one backend, one core)")
    largest = books[-1]
    for what, measured, target in (("funding run", largest.funding_ms_per_wallet, FUNDING_TARGET_MS),
                                   ("period close", largest.close_ms_per_wallet, CLOSE_TARGET_MS)):
        verdict = "met" if measured <= target else f"missed by x{measured / target:.1f}"
        lines.append(f"target {what}: <= {target} ms a wallet (100,000 in {target * 100:.0f} s): "
                     f"{measured:.2f} at {largest.wallets:,}, {verdict}")
    return "\n".join(lines)


def main() -> int:
    import sys

    from bench.config import Params

    params = Params.from_env()
    server = PostgresServer(params.postgres_url)
    try:
        books = [run_book(server, size, lambda m: print(m, file=sys.stderr, flush=True))
                 for size in params.book_wallets]
    finally:
        server.dispose()
    print(table(books))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
