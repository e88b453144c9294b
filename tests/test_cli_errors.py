"""Every CLI error is one line on stderr, never a traceback (issue 13, part 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from wallet.cli import app


@pytest.fixture
def migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("WALLET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    return runner


def _one_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_move_holder_with_an_unknown_funder_is_one_line(migrated: CliRunner) -> None:
    result = migrated.invoke(app, ["move-holder", "--funder", "no-such-funder", "--from", "a", "--to", "b",
                                   "--on", "2026-04-06"])
    assert result.exit_code == 1
    assert _one_line(result).startswith("wallet: ")


def test_a_bad_setting_is_one_line_naming_the_variable(migrated: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLET_RATE_LIMIT_BURST", "lots")
    result = migrated.invoke(app, ["serve", "--no-migrate"])
    assert result.exit_code == 2
    assert _one_line(result) == "wallet: WALLET_RATE_LIMIT_BURST must be a whole number, got 'lots'"


def test_a_funding_run_for_an_unknown_funder_is_one_line(migrated: CliRunner) -> None:
    result = migrated.invoke(app, ["funding-run", "--funder", "no-such-funder", "--as-of", "2026-04-06"])
    assert result.exit_code != 0
    assert "no-such-funder" in _one_line(result)


def test_an_unreachable_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLET_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["keys", "create"])
    assert result.exit_code == 1
    assert _one_line(result).startswith("wallet: the database could not be used")
