"""Faults are reported as what is known: a connection lost while committing is "outcome unknown,
retry with the same key", never "nothing was changed"; a database that cannot be reached is a
503 with Retry-After."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.scenario import Council
from tests.support import Api


class ServerGone(Exception):
    pass


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_a_connection_lost_while_committing_says_the_outcome_is_unknown(council: Council, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    wallet = council.wallet()
    real_commit = Session.commit

    def commit_then_lose_the_connection(session: Session) -> None:
        real_commit(session)  # the server committed ...
        # ... and the connection dropped before the client heard so (an immediate restart).
        raise OperationalError("COMMIT", {}, ServerGone("server closed the connection unexpectedly"),
                               connection_invalidated=True)

    body = {"amount": 5000, "source": "funder", "effective_date": "2026-04-06", "reference": "r"}
    monkeypatch.setattr(Session, "commit", commit_then_lose_the_connection)
    lost = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key, body, idempotency_key="fund-1")
    monkeypatch.undo()

    assert lost.status == 503 and lost.body["type"] == "outcome-unknown", lost.body
    assert lost.headers["retry-after"] == "1"
    assert "nothing was changed" not in lost.body["detail"] and "same Idempotency-Key" in lost.body["detail"]
    # The retry with the same key replays the committed answer: the money arrived once.
    again = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key, body, idempotency_key="fund-1")
    assert again.status == 201 and again.headers.get("idempotent-replayed") == "true", again.body
    assert council.balances(wallet)["available"] == 5000


def test_an_unreachable_database_is_a_503_and_changes_nothing(council: Council, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    wallet = council.wallet()
    council.fund(wallet, 5000)
    from wallet.persistence.ledger_repository import LedgerRepository

    def refused(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT", {}, ServerGone("connection refused"))

    monkeypatch.setattr(LedgerRepository, "post", refused)
    down = council.pay(wallet, 1000)
    monkeypatch.undo()
    assert down.status == 503 and down.body["type"] == "database-unavailable", down.body
    assert down.headers["retry-after"] == "1" and "nothing was changed" in down.body["detail"]
    assert council.balances(wallet)["available"] == 5000


def test_a_mistake_in_sql_is_a_500_not_an_outage(council: Council, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """SQLite reports an SQL mistake as an OperationalError too: that is a bug to fix, not a
    database to wait for, so it must not tell the client to retry."""
    wallet = council.wallet()
    from wallet.persistence.ledger_repository import LedgerRepository

    def mistaken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT", {}, ServerGone("no such table: wallets_typo"))

    monkeypatch.setattr(LedgerRepository, "post", mistaken)
    broken = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key,
                              {"amount": 100, "source": "funder", "effective_date": "2026-04-06"})
    monkeypatch.undo()
    assert broken.status == 500 and broken.body["type"] == "internal-error", broken.body
