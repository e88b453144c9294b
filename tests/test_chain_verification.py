"""Verification names the same first broken link on both paths: set-based in PostgreSQL (the
canonical form written in SQL, Python only for values it cannot vouch for) and the Python walk on
SQLite. Each test tampers the way someone with the database's credentials could."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from tests.scenario import Council
from tests.support import Api
from tests.test_trust_journal import around_the_ledger, auditor_of, position_of, verify
from wallet.domain.hashing import GENESIS, BrokenLink, canonical_text
from wallet.persistence.chain_verification import suspects
from wallet.persistence.db import Database
from wallet.persistence.journal_chain import chain_existing, hash_at, read_head
from wallet.persistence.parallel_verification import first_broken_in_chunks


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def three_payments(council: Council) -> tuple[list[str], str]:
    """A funding then three payments (positions 1..4); their ids and an auditor's key."""
    wallet = council.wallet()
    council.fund(wallet, 50000)
    payments = [council.pay(wallet, 1000 + n).body["transaction"]["id"] for n in range(3)]
    return payments, auditor_of(council)


def sealed_with_details(database: Database, details: dict[str, Any]) -> int:
    """A balanced 1p transaction carrying ``details``, written in SQL beside the last one's
    accounts and then chained as the migration that added the chain did; its position."""
    with database.engine.connect() as connection:
        last = connection.execute(text("SELECT max(seq) FROM transactions")).scalar_one()
        accounts = connection.execute(text(
            "SELECT account_id, currency, side FROM postings WHERE transaction_seq = :s ORDER BY id"),
            {"s": last}).all()
    pg = database.dialect == "postgresql"
    moment, zone = "2026-04-07 10:00:00.000100", "+00" if pg else ""
    debit = next(a for a in accounts if a.side == "debit")
    credit = next(a for a in accounts if a.side == "credit")
    around_the_ledger(database, (
        "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
        f"VALUES ('detailed', 'funding', '2026-04-07', '{moment}{zone}', {as_json(database)})",
        {"d": json.dumps(details)}), *((
            "INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, net_posted_after, "
            "debits_pending_after, credits_pending_after, recorded_at, effective_date) SELECT seq, :account, "
            f":currency, :side, 'posted', 1, 0, 0, 0, '{moment}{zone}', '2026-04-07' FROM transactions "
            "WHERE id = 'detailed'",
            {"account": line.account_id, "currency": line.currency, "side": line.side}) for line in (debit, credit)))
    # The totals follow the postings, so only the chain is in question.
    around_the_ledger(database, *((
        f"UPDATE accounts SET {column} = {column} + 1 WHERE id = :id", {"id": line.account_id})
        for line, column in ((debit, "debits_posted"), (credit, "credits_posted"))), *((
        "INSERT INTO account_day_totals (account_id, effective_date, debits_posted, credits_posted, debits_pending, "
        f"credits_pending) VALUES (:id, '2026-04-07', {d}, {c}, 0, 0) ON CONFLICT (account_id, effective_date) "
        "DO UPDATE SET debits_posted = account_day_totals.debits_posted + excluded.debits_posted, "
        "credits_posted = account_day_totals.credits_posted + excluded.credits_posted", {"id": line.account_id})
        for line, d, c in ((debit, 1, 0), (credit, 0, 1))))
    with database.engine.begin() as connection:
        chain_existing(connection)
    return position_of(database, "detailed")


def as_json(database: Database) -> str:
    return "CAST(:d AS json)" if database.dialect == "postgresql" else ":d"


def suspects_in(database: Database, first: int, last: int) -> list[int]:
    with database.engine.connect() as connection:
        start = GENESIS if first == 1 else connection.execute(text(
            "SELECT hash FROM transaction_hashes WHERE position = :p"), {"p": first - 1}).scalar_one()
        return [s.position for s in suspects(connection, first, last, start)]


@pytest.mark.tampers
def test_an_altered_transaction_field_is_caught_at_its_position(council: Council) -> None:
    api, database = council.api, council.api.database
    payments, key = three_payments(council)
    around_the_ledger(database, ("UPDATE transactions SET description = 'nothing to see' WHERE id = :id",
                                 {"id": payments[1]}))
    found = verify(api, key)
    assert not found["ok"] and found["hash_at_to"] is None
    assert found["first_broken"]["position"] == position_of(database, payments[1]) == 3
    assert "differ from what was sealed" in found["first_broken"]["reason"]
    assert found["accounts_agree"]  # the amounts were not touched: only the chain can tell


@pytest.mark.tampers
def test_a_rewritten_previous_hash_is_named_as_a_broken_link(council: Council) -> None:
    api, database = council.api, council.api.database
    payments, key = three_payments(council)
    around_the_ledger(database, ("UPDATE transaction_hashes SET prev_hash = :h WHERE position = 4", {"h": "f" * 64}))
    broken = verify(api, key)["first_broken"]
    assert broken["position"] == 4 and broken["transaction_id"] == payments[2]
    assert "link to the previous transaction" in broken["reason"]
    # Up to the link before, everything holds.
    assert verify(api, key, to=3)["ok"]


@pytest.mark.tampers
def test_a_removed_transaction_is_missing_at_its_position(council: Council) -> None:
    api, database = council.api, council.api.database
    payments, key = three_payments(council)
    around_the_ledger(
        database,
        ("DELETE FROM transaction_hashes WHERE position = 2", {}),
        ("DELETE FROM postings WHERE transaction_seq = (SELECT seq FROM transactions WHERE id = :id)",
         {"id": payments[0]}),
        ("DELETE FROM transactions WHERE id = :id", {"id": payments[0]}))
    found = verify(api, key)
    assert found["first_broken"]["position"] == 2 and "position 2 is missing" in found["first_broken"]["reason"]
    # The last link removed: the head still counts it, and verification says where the chain stops.
    around_the_ledger(database, ("DELETE FROM transaction_hashes WHERE position = 4", {}))
    assert "position 4 is missing" in verify(api, key, from_=4)["first_broken"]["reason"]


@pytest.mark.tampers
def test_details_in_every_shape_verify_in_sql_and_a_change_to_them_is_caught(council: Council) -> None:
    api, database = council.api, council.api.database
    _, key = three_payments(council)
    # Sorted by code point ("Z" < "a" < "é"), escapes as Python writes them, nesting three deep,
    # an empty object and array, and a big integer: none needs Python, so none is a suspect.
    details = {"é": "quote \" backslash \\ newline \n tab \t bell \u0007 snowman \u2603",
               "a": {"z": [1, {"y": None, "x": [True, False]}], "b": {}, "c": []},
               "Z": 123456789012345678901234567890, "deep": {"a": {"b": {"c": {"d": "e"}}}}}
    position = sealed_with_details(database, details)
    assert verify(api, key)["ok"]
    if database.dialect == "postgresql":
        assert suspects_in(database, 1, position) == []

    around_the_ledger(database, (f"UPDATE transactions SET details = {as_json(database)} WHERE id = 'detailed'",
                                 {"d": json.dumps({**details, "deep": {"a": {"b": {"c": {"d": "f"}}}}})}))
    broken = verify(api, key)["first_broken"]
    assert broken["position"] == position and "differ from what was sealed" in broken["reason"]


def test_transactions_of_many_postings_pass_in_sql_with_their_lines_in_id_order(council: Council) -> None:
    """The statement joins each transaction's lines in id order from one sort: were they joined
    out of order, every such link would be left to Python (right, but slow). None is."""
    api, database = council.api, council.api.database
    fee = council.policy("with a fee", management_fee={"percent_bp": 200, "fixed_per_period": 50})
    for n in range(4):
        wallet = council.wallet(fee, person_ref=f"P-{n}")
        for week in range(3):
            council.fund(wallet, 40000 + week, on=f"2026-04-{6 + 7 * week:02d}")
        assert council.pay(wallet, 1500 + n).status == 201
    with database.engine.connect() as connection:
        most = connection.execute(text(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM postings GROUP BY transaction_seq) AS c")).scalar_one()
    assert most >= 3
    assert verify(api, auditor_of(council))["ok"]
    if database.dialect == "postgresql":
        assert suspects_in(database, 1, read_head(database.engine.connect()).count) == []


@pytest.mark.tampers
def test_numbers_python_reads_its_own_way_are_recomputed_in_python(council: Council) -> None:
    api, database = council.api, council.api.database
    _, key = three_payments(council)
    position = sealed_with_details(database, {"rate": 1.5, "big": 1e16, "small": 1e-05})
    assert verify(api, key)["ok"]
    if database.dialect == "postgresql":
        assert suspects_in(database, 1, position) == [position]  # SQL left it to Python, which vouched

    # The same value written another way is still a change to what was sealed: 1.5 -> 1.50 reads
    # back as 1.5 (no break), but 1e16 -> 10000000000000000 is an int, not the float sealed.
    around_the_ledger(database, (f"UPDATE transactions SET details = {as_json(database)} WHERE id = 'detailed'",
                                 {"d": '{"rate": 1.50, "big": 1e16, "small": 1e-05}'}))
    assert verify(api, key)["ok"]
    around_the_ledger(database, (f"UPDATE transactions SET details = {as_json(database)} WHERE id = 'detailed'",
                                 {"d": '{"rate": 1.5, "big": 10000000000000000, "small": 1e-05}'}))
    broken = verify(api, key)["first_broken"]
    assert broken["position"] == position and "differ from what was sealed" in broken["reason"]


def test_a_call_verifies_as_far_as_its_path_allows(council: Council) -> None:
    payments, key = three_payments(council)
    found = verify(council.api, key, from_=2)
    assert found["ok"] and found["from_position"] == 2 and found["to_position"] == 4 and found["next_from"] is None
    with council.api.database.engine.connect() as connection:
        assert found["hash_at_to"] == read_head(connection).hash


def in_chunks(database: Database, first: int, last: int, workers: int, chunk: int | None) -> BrokenLink | None:
    with database.reader() as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        start = hash_at(session, first - 1)
        assert start is not None
        return first_broken_in_chunks(session, first, last, start, workers=workers, chunk=chunk)


@pytest.mark.tampers
def test_chunks_on_several_connections_name_the_same_first_break_as_one_statement(council: Council) -> None:
    database = council.api.database
    if database.dialect != "postgresql":
        pytest.skip("chunks on several connections are PostgreSQL's; SQLite walks the chain in Python")
    wallet = council.wallet()
    council.fund(wallet, 50000)
    payments = [council.pay(wallet, 1000 + n).body["transaction"]["id"] for n in range(6)]  # positions 2..7
    last = read_head_count(database)
    ways = [(1, None), (2, 1), (2, 2), (3, 3), (4, 1)]  # one statement; chunks of 1, 2 and 3 links

    def answers(first: int = 1) -> list[BrokenLink | None]:
        return [in_chunks(database, first, last, workers, chunk) for workers, chunk in ways]

    assert answers() == [None] * len(ways) and answers(3) == [None] * len(ways)
    # Two breaks: the first one is named, whichever chunk finds the later one first.
    around_the_ledger(database, ("UPDATE transaction_hashes SET prev_hash = :h WHERE position = 6", {"h": "f" * 64}),
                      ("UPDATE transactions SET description = 'nothing to see' WHERE id = :id", {"id": payments[1]}))
    found = answers()
    assert found[0] is not None and found[0].position == 3 and found == [found[0]] * len(ways)
    assert {b.position for b in answers(4)} == {6}  # type: ignore[union-attr]
    # A link missing at the start of a chunk: the chunk before names it.
    around_the_ledger(database, ("DELETE FROM transaction_hashes WHERE position = 5", {}))
    found = answers(4)
    assert found[0] is not None and found[0].position == 5 and "missing" in found[0].reason
    assert found == [found[0]] * len(ways)


def read_head_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return read_head(connection).count


@pytest.mark.tampers
def test_a_verify_request_checks_its_chunks_on_several_connections_in_one_snapshot(
        council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over HTTP the key is read first, at READ COMMITTED: the request must still verify from a
    snapshot other connections can share, or a long range runs on one core."""
    database = council.api.database
    if database.dialect != "postgresql":
        pytest.skip("chunks on several connections are PostgreSQL's; SQLite walks the chain in Python")
    from wallet.persistence import parallel_verification

    payments, key = three_payments(council)  # positions 1..4
    exported: list[str | None] = []
    export = parallel_verification._exported_snapshot
    monkeypatch.setattr(parallel_verification, "CHUNK", 1)
    monkeypatch.setattr(parallel_verification, "_exported_snapshot",
                        lambda connection: exported.append(export(connection)) or exported[-1])
    assert verify(council.api, key)["ok"]
    assert exported and exported[0] is not None, "the verification did not share its snapshot"
    around_the_ledger(database, ("UPDATE transactions SET description = 'nothing to see' WHERE id = :id",
                                 {"id": payments[1]}))
    broken = verify(council.api, key)["first_broken"]
    assert broken["position"] == 3 and len(exported) == 2 and exported[1] is not None


@pytest.mark.tampers
def test_details_stored_canonically_are_hashed_as_they_stand_and_other_texts_still_verify(council: Council) -> None:
    """The ledger stores a transaction's details in their canonical text, which the set-based
    check hashes as it stands; the same details in any other text (as written before, or
    compact but out of order) verify as before, and a change to them is caught either way."""
    api, database = council.api, council.api.database
    payments, key = three_payments(council)
    position = position_of(database, payments[1])

    def stored() -> str:
        with database.engine.connect() as connection:
            return str(connection.execute(text("SELECT CAST(details AS text) FROM transactions WHERE id = :id"),
                                          {"id": payments[1]}).scalar_one())

    details = json.loads(stored())
    if database.dialect == "postgresql":
        assert stored() == canonical_text(details)
        assert suspects_in(database, 1, 4) == []

    def rewrite(as_text: str) -> None:
        around_the_ledger(database, (f"UPDATE transactions SET details = {as_json(database)} WHERE id = :id",
                                     {"d": as_text, "id": payments[1]}))

    for same in (json.dumps(details), json.dumps(dict(reversed(list(details.items()))), separators=(",", ":"))):
        rewrite(same)
        assert verify(api, key)["ok"], same
    if database.dialect == "postgresql":
        assert suspects_in(database, 1, 4) == [position]  # out of order: hashed as it stands, so Python judges
    rewrite(canonical_text({**details, "wallet_id": "someone else"}))
    broken = verify(api, key)["first_broken"]
    assert broken["position"] == position and "differ from what was sealed" in broken["reason"]


@pytest.mark.tampers
@pytest.mark.parametrize("beside", ["on their own connection", "after, when that connection fails"])
def test_the_ledger_wide_checks_of_a_long_book_are_made_beside_the_chain_and_still_catch_what_they_catch(
        council: Council, monkeypatch: pytest.MonkeyPatch, beside: str) -> None:
    """From CHECKS_APART_FROM transactions on, a verification sums the accounts' postings and counts
    the unchained transactions on a connection of its own, in the request's snapshot, while the
    chain is checked; where that connection cannot be had, on the request's, after."""
    database = council.api.database
    if database.dialect != "postgresql":
        pytest.skip("SQLite walks the chain in Python, on its one connection")
    import threading

    from wallet.persistence import parallel_verification
    from wallet.usecases import journal_integrity

    monkeypatch.setattr(journal_integrity, "CHECKS_APART_FROM", 0)
    made_on: list[str] = []
    checks = journal_integrity._ledger_checks
    monkeypatch.setattr(journal_integrity, "_ledger_checks",
                        lambda executor: made_on.append(threading.current_thread().name) or checks(executor))
    if beside != "on their own connection":
        def no_connection(*_args: Any) -> Any:
            raise ConnectionError("no connection to spare")
        monkeypatch.setattr(parallel_verification, "_in_snapshot", no_connection)
    payments, key = three_payments(council)
    found = verify(council.api, key)
    assert found["ok"] and found["accounts_agree"] and found["unchained_transactions"] == 0
    apart = beside == "on their own connection"
    assert len(made_on) == 1 and (made_on[0] == "verify-beside") == apart, made_on

    around_the_ledger(database, (
        "UPDATE accounts SET debits_posted = debits_posted + 1 WHERE id = "
        "(SELECT account_id FROM postings p JOIN transactions t ON t.seq = p.transaction_seq WHERE t.id = :id "
        "ORDER BY p.id LIMIT 1)", {"id": payments[0]}), (
        "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
        "VALUES ('forged', 'funding', '2026-04-07', '2026-04-07 10:00:00', '{}')", {}))
    found = verify(council.api, key)
    assert not found["ok"] and not found["accounts_agree"] and found["unchained_transactions"] == 1
    assert found["first_broken"] is None and found["account_out_of_step"]
    assert len(made_on) == 2 and (made_on[1] == "verify-beside") == apart, made_on
