"""The real app served in-process, for the bench's whole-request figures.

``create_app`` built as `wallet serve` builds it (its settings read from the environment), on a
database the caller has migrated, with no per-key rate limit and no webhook worker (its polling
would cross the figures), inside a TestClient, and an admin key bootstrapped to set a tenancy up.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bench import api_setup


@dataclass(frozen=True)
class Served:
    app: Any
    client: Any
    send: api_setup.Send
    admin_key: str

    @property
    def database(self) -> Any:
        return self.app.state.database


@contextmanager
def served(url: str, **variables: str) -> Iterator[Served]:
    """The app on ``url`` (with any further ``WALLET_*`` variables), disposed of afterwards."""
    with warnings.catch_warnings():
        # Starlette's notice about its httpx-based TestClient says nothing about the figures.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    from wallet.config import Settings
    from wallet.http.app import create_app
    from wallet.usecases.create_api_key import bootstrap_admin_key

    with environment(WALLET_DATABASE_URL=url, WALLET_RATE_LIMIT_PER_MINUTE="0", WALLET_WEBHOOKS="0", **variables):
        app = create_app(Settings.from_env())
    try:
        with TestClient(app) as client:
            with app.state.database.writer.begin() as session:
                admin_key = bootstrap_admin_key(session).secret
            yield Served(app, client, sender(client), admin_key)
    finally:
        app.state.database.dispose()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Variables set while the block runs, as they were afterwards: settings are read by name, as
    `wallet serve` reads them, so the settings' own field names do not matter here."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def sender(client: Any) -> api_setup.Send:
    """Requests through ``client``, each POST with an Idempotency-Key of its own."""
    def send(method: str, path: str, key: str, body: Any) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {key}"}
        if method == "POST":
            headers["Idempotency-Key"] = api_setup.new_idempotency_key()
        response = client.request(method, path, json=body, headers=headers)
        return response.status_code, response.json()
    return send
