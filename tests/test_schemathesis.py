"""The app answers as its OpenAPI document says, under generated requests (schemathesis).

Every operation, as every role, on both databases: a few derandomised examples each in `make test`;
`make fuzz` (WALLET_FUZZ=1) runs many more and the stateful phase, which follows the document's
links from each create to the operations on what it made.

Counted per check: server errors, undocumented status codes, undocumented content types, and
responses that break their schema. Each must be 0.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.scenario import Council
from wallet.config import Settings

FUZZ = os.environ.get("WALLET_FUZZ") == "1"
EXAMPLES = 60 if FUZZ else 3
CHECKS = {
    "server errors": not_a_server_error,
    "undocumented status codes": status_code_conformance,
    "undocumented content types": content_type_conformance,
    "responses breaking their schema": response_schema_conformance,
}
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


ROLES = ("admin", "funder", "holder", "auditor", "person")


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Rate limits off: thousands of generated requests per key would otherwise be answered 429.
    return Settings(database_url=database_url, migrations_dir=MIGRATIONS, rate_limit_per_minute=0, rate_limit_burst=0)


def _keys_and_objects(api: Any) -> tuple[dict[str, str], dict[str, str]]:
    """A key for every role, and real ids so generated requests reach past the 404 of a made-up id."""
    council = Council.create(api)
    wallet_id = council.wallet()
    funding = council.fund(wallet_id, 100_000)
    auditor_id = api.organisation("auditor")
    keys = {
        "admin": api.admin_key,
        "funder": council.funder_key,
        "holder": council.holder_key,
        "auditor": api.key_for(auditor_id, "auditor"),
        "person": api.key_for(council.funder_id, "person", wallet_id=wallet_id, issuer=council.funder_key),
    }
    objects = {"wallet_id": wallet_id, "holder_id": council.holder_id, "policy_id": council.policies["standard"],
               "transaction_id": funding["id"]}
    return keys, objects


def _answering_500s(app: Any) -> Any:
    """The app, minus Starlette's re-raise after a 500 was sent: the 500 is counted, not raised."""
    async def application(scope: Any, receive: Any, send: Any) -> None:
        sent = False

        async def noting(message: Any) -> None:
            nonlocal sent
            sent = sent or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, receive, noting)
        except Exception:
            if not sent:
                raise

    return application


class Tally:
    def __init__(self, app: Any) -> None:
        self.app = _answering_500s(app)
        self.cases = 0
        self.failed: Counter[str] = Counter()
        self.examples: list[str] = []

    def examine(self, operation: Any, key: str, role: str, path_parameters: dict[str, str]) -> None:
        headers = {"Authorization": f"Bearer {key}"}

        @hypothesis_settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(path_parameters=path_parameters or None))
        def call(case: Any) -> None:
            self.cases += 1
            response = case.call(headers=headers, app=self.app)
            for name, check in CHECKS.items():
                try:
                    case.validate_response(response, checks=[check], headers=headers)
                except (Failure, FailureGroup) as failure:  # each failure is counted, not raised
                    self.failed[name] += 1
                    if len(self.examples) < 20:
                        self.examples.append(f"{role} {operation.label} -> {response.status_code} [{name}]: "
                                             f"{str(failure).strip().splitlines()[0][:300]}")

        call()


def _run(schema: Any, keys: dict[str, str], objects: dict[str, str]) -> Tally:
    tally = Tally(schema.app)
    for result in schema.get_all_operations():
        operation = result.ok()
        path_parameters = {p.name: objects[p.name] for p in operation.path_parameters if p.name in objects}
        for role in ROLES:
            tally.examine(operation, keys[role], role, path_parameters)
    return tally


def test_the_app_answers_as_its_document_says(app: Any, api: Any, capsys: pytest.CaptureFixture[str]) -> None:
    keys, objects = _keys_and_objects(api)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    tally = _run(schema, keys, objects)
    with capsys.disabled():
        counts = ", ".join(f"{tally.failed[name]} {name}" for name in CHECKS)
        print(f"\nschemathesis: {tally.cases} generated requests; {counts}")
    assert tally.cases > 0
    assert dict(tally.failed) == {}, "\n".join(tally.examples)


@pytest.mark.skipif(not FUZZ, reason="the stateful phase runs in `make fuzz` (WALLET_FUZZ=1)")
def test_stateful_runs_follow_the_links(app: Any, api: Any, capsys: pytest.CaptureFixture[str]) -> None:
    keys, _ = _keys_and_objects(api)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"Authorization": f"Bearer {keys['funder']}"}
    statuses: Counter[int] = Counter()

    class Funder(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            statuses[response.status_code] += 1
            case.validate_response(response, checks=list(CHECKS.values()), headers=headers)

    # Generation only: the database carries state from one run to the next, so replaying or shrinking
    # a run would meet a different ledger and Hypothesis would call the strategy flaky.
    Funder.run(settings=hypothesis_settings(max_examples=30, database=None, deadline=None, phases=[Phase.generate],
                                            suppress_health_check=list(HealthCheck), stateful_step_count=10))
    with capsys.disabled():
        by_status = dict(sorted(statuses.items()))
        print(f"\nschemathesis stateful: {sum(statuses.values())} linked calls, by status {by_status}")
    assert sum(statuses.values()) > 0
