"""A statement's payments a page at a time: every page joined is the whole list, in the same order,
each payment once, and the figures the same whatever the page size."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api
from tests.test_statements import END, day, ok_statement, realistic_month, statement


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def pages(council: Council, wallet: str, limit: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every page's body, the payments of all of them joined)."""
    bodies, cursor = [], None
    while True:
        params: dict[str, Any] = {"payments_limit": limit, **({"payments_cursor": cursor} if cursor else {})}
        response = statement(council, wallet, day(0), END.isoformat(), **params)
        assert response.status == 200, response.body
        bodies.append(response.body)
        cursor = response.body["payments_next_cursor"]
        if cursor is None:
            return bodies, [item for body in bodies for item in body["payments"]]


def test_paging_through_the_payments_lists_each_once_in_order(council: Council) -> None:
    wallet = realistic_month(council)
    # Two payments on one day, the second a correction of the first: the keyset orders them by journal.
    paid = council.pay(wallet, 700, "transport", on=day(8))
    assert paid.status == 201
    assert council.api.post(f"/v1/transactions/{paid.body['transaction']['id']}/reversals", council.holder_key,
                            {"effective_date": day(8), "reason": "wrong wallet"}).status == 201
    whole = ok_statement(council, wallet, day(0), END.isoformat())
    assert whole["payments_next_cursor"] is None and len(whole["payments"]) == 9
    for limit in (1, 2, 3, 8, 9):
        bodies, joined = pages(council, wallet, limit)
        assert joined == whole["payments"]
        assert len(bodies) == math.ceil(len(whole["payments"]) / limit)  # no empty page at the end
        for body in bodies:
            # The figures do not depend on the page: only the list does.
            assert {k: v for k, v in body.items() if k not in ("payments", "payments_next_cursor")} == \
                   {k: v for k, v in whole.items() if k not in ("payments", "payments_next_cursor")}
            assert len(body["payments"]) <= limit and body["reconciled"] is True


def test_a_cursor_that_was_not_issued_is_refused(council: Council) -> None:
    wallet = realistic_month(council)
    response = statement(council, wallet, day(0), END.isoformat(), payments_cursor="made-up")
    assert response.status == 400 and response.body["type"] == "invalid-cursor"
    too_many = statement(council, wallet, day(0), END.isoformat(), payments_limit=501)
    assert too_many.status == 422
