"""``one_of`` over many values (a bulk run's accounts) finds exactly what a short list finds, on
both databases: on PostgreSQL the long list travels as one array's text, which must survive
every character a code may hold."""

from __future__ import annotations

from sqlalchemy import BigInteger, String, insert, select

from wallet.persistence.db import Database
from wallet.persistence.repository import ARRAY_AS_TEXT, one_of
from wallet.persistence.tables import accounts
from wallet.persistence.types import utc_now

AWKWARD = ['quote"in', "back\\slash", "comma,in", "{braces}", " spaced ", "NULL", "ünï", "semi;colon", "'single'"]


def test_many_values_find_the_same_rows_as_few(database: Database) -> None:
    codes = [f"{AWKWARD[n % len(AWKWARD)]}:{n}" for n in range(ARRAY_AS_TEXT + 50)]
    with database.writer.begin() as session:
        session.execute(insert(accounts), [
            {"code": code, "currency": "GBP", "normal_side": "credit", "must_not_go_negative": False,
             "debits_posted": 0, "credits_posted": 0, "debits_pending": 0, "credits_pending": 0,
             "created_at": utc_now()} for code in codes])
    with database.reader() as session:
        wanted = codes[::2] + ["absent", 'absent"too']
        found = {row.code: row.id for condition in one_of(session, accounts.c.code, wanted, String())
                 for row in session.execute(select(accounts.c.code, accounts.c.id).where(condition))}
        assert sorted(found) == sorted(codes[::2])
        few = {row.code for condition in one_of(session, accounts.c.code, wanted[:3], String())
               for row in session.execute(select(accounts.c.code).where(condition))}
        assert few == set(wanted[:3])
        ids = sorted(found.values())
        by_id = {row.id for condition in one_of(session, accounts.c.id, ids, BigInteger())
                 for row in session.execute(select(accounts.c.id).where(condition))}
        assert by_id == set(ids)
