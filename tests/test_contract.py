"""The OpenAPI document describes what the service really answers (src/wallet/http/contract.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from wallet.http.contract import CAMEL_CASE, problem_table
from wallet.openapi import render

README = Path(__file__).resolve().parents[1] / "README.md"
SPEC = json.loads(render())
OPERATIONS = [(path, method, operation) for path, operations in SPEC["paths"].items()
              for method, operation in operations.items()]


def test_operation_ids_are_unique_and_camel_case() -> None:
    ids = Counter(operation["operationId"] for _, _, operation in OPERATIONS)
    assert [name for name, count in ids.items() if count > 1] == []
    assert [name for name in ids if not CAMEL_CASE.match(name)] == []


def test_every_operation_has_a_summary_description_and_tag() -> None:
    for path, method, operation in OPERATIONS:
        assert operation.get("summary") and operation.get("description") and operation.get("tags"), (method, path)


def test_every_error_is_a_problem_in_problem_json() -> None:
    assert "HTTPValidationError" not in SPEC["components"]["schemas"]
    for path, method, operation in OPERATIONS:
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert set(response["content"]) == {"application/problem+json"}, (method, path, status)
        if path.startswith("/v1"):
            assert {"401", "403", "404", "422", "429", "500", "503"} <= set(operation["responses"]), (method, path)


def test_operations_that_take_an_idempotency_key_can_answer_409() -> None:
    for path, method, operation in OPERATIONS:
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if "Idempotency-Key" in headers:
            assert "409" in operation["responses"], (method, path)


def test_the_api_key_is_a_bearer_scheme() -> None:
    schemes = SPEC["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]


def test_creating_a_wallet_links_to_reading_it() -> None:
    created = SPEC["paths"]["/v1/wallets"]["post"]["responses"]["201"]
    assert created["links"]["getWallet"] == {"operationId": "getWallet",
                                             "parameters": {"wallet_id": "$response.body#/id"}}


def test_insufficient_funds_lists_its_extension_members() -> None:
    listed = {entry["type"]: entry for entry in SPEC["x-problem-types"]}
    assert {"shortfall", "available", "requested"} <= set(listed["insufficient-funds"]["extensions"])
    assert listed["insufficient-funds"]["status"] == 422
    assert listed["validation-error"]["extensions"] == ["errors"]


def test_the_readme_lists_every_problem_type() -> None:
    assert problem_table() in README.read_text(), (
        "the problem types changed: paste `python -m wallet.http.contract` into README's Problem types")
