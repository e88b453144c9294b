"""The `wallet` command: migrate, make the first key, and serve as `make run` and the image do."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from wallet.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_migrate_then_create_the_first_admin_key(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WALLET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    created = runner.invoke(app, ["keys", "create"])
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    assert key.startswith("wk_")


# Generous: on a loaded machine (a parallel run, CI) starting Python, importing the app and
# migrating can take far longer than the second or so it takes on an idle one. A server that
# stops early fails the test at once, with its output.
STARTUP_DEADLINE_SECONDS = 180
LISTENING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def _wait_until_ready(server: subprocess.Popen[bytes], log: Path) -> str:
    """The server's base URL once /readyz answers 200. It listens on a port the kernel chose
    (``--port 0``) and says which, so no other process can take that port first."""
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    base: str | None = None
    while True:
        output = log.read_text(errors="replace")
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode} before it was ready:\n{output}")
        if base is None and (listening := LISTENING.search(output)):
            base = f"http://127.0.0.1:{listening.group(1)}"
        if base is not None:
            try:
                ready = httpx.get(f"{base}/readyz", timeout=10)
            except httpx.TransportError:
                pass
            else:
                assert ready.status_code == 200, f"{ready.text}\n{output}"
                return base
        if time.monotonic() > deadline:
            pytest.fail(f"the server was not ready within {STARTUP_DEADLINE_SECONDS} seconds:\n{output}")
        time.sleep(0.05)


def test_serve_migrates_and_answers(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "WALLET_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "wallet.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
            env=env, cwd=tmp_path, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        base = _wait_until_ready(server, log)
        assert httpx.get(f"{base}/v1/transactions/x", timeout=10).status_code == 401
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)


def test_sweep_holds_runs_against_an_empty_database(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WALLET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    result = runner.invoke(app, ["sweep-holds"])
    assert result.exit_code == 0 and "released 0 expired holds" in result.output


def test_period_close_and_move_holder_from_the_command_line(database_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from wallet.domain.principals import OrganisationKind, Principal, Role
    from wallet.domain.wallets import Arrangement, Source
    from wallet.persistence.db import Database
    from wallet.persistence.organisation_repository import OrganisationRepository
    from wallet.usecases.accredit_holder import accredit_holder
    from wallet.usecases.manage_policies import create_policy
    from wallet.usecases.open_wallet import open_wallet
    from wallet.usecases.record_funding import record_funding
    from wallet.usecases.view_wallet import list_wallets

    database = Database.connect(database_url)
    with database.writer.begin() as session:
        organisations = OrganisationRepository(session)
        funder_org = organisations.add("Council", OrganisationKind.FUNDER)
        old, new = (organisations.add(n, OrganisationKind.HOLDER) for n in ("Old", "New"))
        funder = Principal("cli", funder_org.id, OrganisationKind.FUNDER, Role.FUNDER)
        for holder in (old, new):
            accredit_holder(session, funder, holder_id=holder.id, status="accredited")
        policy = create_policy(session, funder, name="p", rules={"surplus_action": "recover"})
        for i in range(3):
            wallet = open_wallet(session, funder, person_ref=f"P-{i}", holder_id=old.id, arrangement=Arrangement.ISF,
                                 policy_id=policy.policy_id, opened_on=date(2026, 1, 5))
            record_funding(session, funder, wallet.id, amount=1000 * (i + 1), source=Source.FUNDER,
                           effective_date=date(2026, 1, 5), reference=None)
    monkeypatch.setenv("WALLET_DATABASE_URL", database_url)
    runner = CliRunner()
    closed = runner.invoke(app, ["period-close", "--funder", funder_org.id, "--period-end", "2026-02-01", "--confirm"])
    assert closed.exit_code == 0, closed.output
    assert "3 wallet(s), surplus £60.00, recovered £60.00" in closed.output and "confirmed 3 wallet(s)" in closed.output
    moved = runner.invoke(app, ["move-holder", "--funder", funder_org.id, "--from", old.id, "--to", new.id,
                                "--on", "2026-02-02"])
    assert moved.exit_code == 0 and "moved 3 wallet(s)" in moved.output
    with database.reader() as session:
        open_now = list_wallets(session, funder, status="open", after_id=None, limit=10)
    assert {v.wallet.holder_id for v in open_now} == {new.id} and len(open_now) == 3
    database.dispose()
