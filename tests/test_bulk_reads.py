"""The fast ways bulk runs read and write give exactly what the plain ones give: stored rows as
records, new ids, and a batch's weekly budgets against one wallet's."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import create_engine, text

from wallet.persistence.db import Database
from wallet.persistence.repository import new_id, new_ids, record_from


@dataclass(frozen=True, slots=True)
class Pair:
    left: int
    right: str


def _rows(sql: str):  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        return connection.execute(text(sql)).all()


def test_new_ids_are_distinct_time_ordered_version_7_uuids_in_their_usual_text():
    before = time.time_ns() // 1_000_000
    ids = new_ids(5_000)
    after = time.time_ns() // 1_000_000
    assert len(set(ids)) == 5_000 and ids == sorted(ids)
    for made in ids:
        parsed = uuid.UUID(made)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == made
        assert before <= parsed.int >> 80 <= after  # the first 48 bits: Unix time in milliseconds
    assert new_ids(0) == []
    time.sleep(0.002)
    assert new_id() > ids[-1], "an id made later sorts after those made before"


def test_records_are_built_by_name_whatever_the_column_order():
    rows = _rows("SELECT 'b' AS right, 1 AS left, 'x' AS extra UNION ALL SELECT 'c', 2, 'y'")
    assert [record_from(Pair, row) for row in rows] == [Pair(1, "b"), Pair(2, "c")]
    assert record_from(Pair, rows[1], right="given") == Pair(2, "given")
    # Another result with the columns the other way round: its own positions, not the last ones.
    (other,) = _rows("SELECT 7 AS left, 'z' AS right")
    assert record_from(Pair, other) == Pair(7, "z")


def test_a_field_the_row_lacks_comes_from_the_converted_values():
    (row,) = _rows("SELECT 3 AS left")
    assert record_from(Pair, row, right="made") == Pair(3, "made")


def test_a_batch_reads_the_amount_in_force_on_each_schedule_as_one_wallet_does(database: Database) -> None:
    from tests.support import make_world
    from wallet.domain.schedules import Every
    from wallet.domain.wallets import Arrangement, Source
    from wallet.persistence.schedule_repository import ScheduleRepository
    from wallet.usecases.manage_schedules import change_schedule_amount, create_schedule
    from wallet.usecases.open_wallet import open_wallet

    world = make_world(database, {})
    opened = date(2026, 4, 6)
    with database.writer.begin() as session:
        wallets = [open_wallet(session, world.funder, person_ref=f"P{n}", holder_id=world.holder.organisation_id,
                               arrangement=Arrangement.ISF, policy_id=world.policy_id, opened_on=opened)
                   for n in range(3)]
        schedules = [create_schedule(session, world.funder, wallet.id, amount=35_000, source=Source.FUNDER,
                                     every=Every.WEEK, in_advance=True, starts_on=opened, ends_on=None,
                                     opening_float=None) for wallet in wallets[:2]]
        # The second wallet's schedule changes twice: once before the day read, once after it.
        for amount, day in ((12_000, date(2026, 4, 13)), (13_000, date(2026, 4, 27))):
            change_schedule_amount(session, world.funder, wallets[1].id, schedules[1].id, amount=amount,
                                   effective_from=day)
    on = date(2026, 4, 20)
    with database.reader() as session:
        repository = ScheduleRepository(session)
        ids = [wallet.id for wallet in wallets]
        assert repository.weekly_budgets(ids, on) == {ids[0]: 35_000, ids[1]: 12_000, ids[2]: 0}
        assert repository.weekly_budgets(ids, on) == {i: repository.weekly_budget(i, on) for i in ids}


def test_rows_written_in_bulk_read_back_as_given_whatever_their_kind(database: Database) -> None:
    """``encoded_rows`` sends PostgreSQL each value in COPY's text form (SQLite, bound): every
    kind a bulk row holds comes back as it went in, NULLs, escapes and odd moments included."""
    from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, Integer, MetaData, String, Table, select

    from wallet.persistence.bulk_rows import encoded_rows
    from wallet.persistence.types import UtcDateTime

    table = Table("bulk_kinds_probe", MetaData(), Column("n", Integer, primary_key=True), Column("s", String(100)),
                  Column("b", Boolean), Column("i", BigInteger), Column("d", Date), Column("m", UtcDateTime),
                  Column("j", JSON))
    table.create(database.engine)
    zone = timezone(timedelta(hours=-5))
    rows = [
        {"n": 1, "s": "tab\there\nnew line \\ back\\slash \r end", "b": True, "i": -(2**62), "d": date(2026, 4, 6),
         "m": datetime(2026, 4, 6, 9, 30, 0, 1, tzinfo=timezone.utc), "j": {"k": "\\N \t \u00e9 \u2603", "n": [1, None]}},
        {"n": 2, "s": "\\N", "b": False, "i": 0, "d": date(1999, 12, 31),
         "m": datetime(2026, 10, 25, 1, 0, tzinfo=zone), "j": ["a", {"b": True}]},
        {"n": 3, "s": None, "b": None, "i": None, "d": None, "m": None, "j": {}},
        {"n": 4, "s": "", "b": True, "i": 2**62, "d": date(2026, 4, 6),
         "m": datetime(2026, 4, 6, 9, 30, 0, 1, tzinfo=timezone.utc), "j": "just text"},
        # COPY's end-of-data marker, alone on a line, and a value that is only a newline.
        {"n": 5, "s": "\\.", "b": False, "i": 1, "d": date(2026, 4, 6), "m": None, "j": ["\\.\n"]},
        {"n": 6, "s": "\n", "b": None, "i": None, "d": None, "m": None, "j": None},
    ]
    try:
        with database.writer.begin() as session:
            encoded_rows(session, table, rows).send(session)
        with database.reader() as session:
            found = [dict(row._mapping) for row in session.execute(select(table).order_by(table.c.n))]
    finally:
        table.drop(database.engine)
    assert found == rows
