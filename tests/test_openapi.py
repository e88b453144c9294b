"""The committed OpenAPI document is the one the app generates."""

from __future__ import annotations

from pathlib import Path

from wallet.openapi import render

COMMITTED = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_committed_openapi_matches_the_app() -> None:
    assert COMMITTED.read_text() == render(), "the API changed: run `make openapi` and commit openapi/"


def test_every_money_moving_post_requires_an_idempotency_key() -> None:
    import json

    spec = json.loads(render())
    checked = 0
    for path, operations in spec["paths"].items():
        post = operations.get("post")
        if post is None or not post.get("x-moves-money"):
            continue
        headers = {p["name"] for p in post.get("parameters", []) if p["in"] == "header" and p.get("required")}
        assert "Idempotency-Key" in headers, path
        checked += 1
    assert checked >= 1
