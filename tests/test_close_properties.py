"""For any policy and any history, a confirmed close neither creates nor destroys money and never
leaves a negative balance: what leaves the wallet is exactly what the plan said went elsewhere."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.support import make_world
from wallet.domain.errors import DomainError
from wallet.domain.wallets import Arrangement, Source
from wallet.persistence.db import Database
from wallet.persistence.tables import accounts
from wallet.usecases.confirm_close import confirm_close
from wallet.usecases.holds import place_hold
from wallet.usecases.make_payment import make_payment
from wallet.usecases.open_wallet import open_wallet
from wallet.usecases.propose_close import propose_close
from wallet.usecases.record_funding import record_funding
from wallet.usecases.view_wallet import view_wallet

OPENED = date(2026, 1, 5)


@st.composite
def policies(draw: st.DrawFn) -> dict[str, object]:
    action = draw(st.sampled_from(["recover", "carry_forward", "savings", "share"]))
    rules: dict[str, object] = {
        "contingency_weeks": draw(st.integers(0, 8)),
        "surplus_action": action,
        "spend_order": draw(st.permutations([s.value for s in Source])),
    }
    if draw(st.booleans()):
        rules["surplus_max_age_weeks"] = draw(st.integers(1, 12))
    if action == "share":
        person = draw(st.integers(0, 10_000))
        holder = draw(st.integers(0, 10_000 - person))
        rules["share_split"] = {"person": person, "holder": holder, "funder": 10_000 - person - holder}
    return rules


history = st.lists(st.one_of(
    st.tuples(st.just("fund"), st.sampled_from(list(Source)), st.integers(1, 200_000), st.integers(0, 60)),
    st.tuples(st.just("pay"), st.just(Source.FUNDER), st.integers(1, 150_000), st.integers(0, 60)),
    st.tuples(st.just("hold"), st.just(Source.FUNDER), st.integers(1, 50_000), st.integers(0, 60)),
), max_size=10)


def _outside(database: Database, wallet_id: str) -> int:
    """Credits minus debits on every account outside this wallet's own: what the rest of the ledger holds."""
    with database.reader() as session:
        rows = session.execute(select(accounts.c.wallet_id, accounts.c.debits_posted, accounts.c.credits_posted)).all()
    return sum(credits - debits for owner, debits, credits in rows if owner != wallet_id)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(policies(), history, st.integers(0, 70), st.booleans())
def test_a_confirmed_close_conserves_money(database: Database, rules: dict[str, object],
                                           steps: list[tuple[str, Source, int, int]], end_offset: int,
                                           ended: bool) -> None:
    world = make_world(database, rules)
    funder, holder = world.funder, world.holder
    with database.writer.begin() as session:
        wallet = open_wallet(session, funder, person_ref="P", holder_id=holder.organisation_id,
                             arrangement=Arrangement.ISF, policy_id=world.policy_id, opened_on=OPENED)
    for operation, source, amount, offset in steps:
        day = OPENED + timedelta(days=offset)
        try:
            with database.writer.begin() as session:
                if operation == "fund":
                    record_funding(session, funder, wallet.id, amount=amount, source=source, effective_date=day, reference=None)
                elif operation == "pay":
                    make_payment(session, holder, wallet.id, amount=amount, category="support", payee=None,
                                 effective_date=day, reference=None, description=None)
                else:
                    place_hold(session, holder, wallet.id, amount=amount, category="invoice", payee=None,
                               reference=None, description=None, expires_on=None)
        except DomainError:
            pass
    period_end = OPENED + timedelta(days=end_offset)
    if ended:
        from wallet.usecases.end_wallet import end_wallet

        with database.writer.begin() as session:
            end_wallet(session, funder, wallet.id, reason="ended", effective_date=period_end)
    with database.reader() as session:
        held_before = view_wallet(session, funder, wallet.id).balances.held_for_person
    outside_before = _outside(database, wallet.id)
    with database.writer.begin() as session:
        proposal = propose_close(session, funder, period_end=period_end, wallet_ids=[wallet.id])
    with database.writer.begin() as session:
        confirmation = confirm_close(session, funder, proposal.close.id)
    item = confirmation.items[0]
    moved_out = item.plan["recovered"] + item.plan["refunded_to_person"] + item.plan["to_holder"]
    with database.reader() as session:
        held_after = view_wallet(session, funder, wallet.id).balances
        rows = session.execute(select(accounts.c.code, accounts.c.must_not_go_negative, accounts.c.debits_posted,
                                      accounts.c.credits_posted, accounts.c.debits_pending)).all()
    assert held_after.held_for_person == held_before - moved_out
    assert _outside(database, wallet.id) - outside_before == held_before - held_after.held_for_person
    assert sum(debits - credits for _, _, debits, credits, _ in rows) == 0
    for code, guarded, debits, credits, pending in rows:
        assert not guarded or credits - debits - pending >= 0, code
