"""The typed client in clients/python/ drives README's "A day's work", refusal included; and it is
the one `make client` generates from the committed document."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "clients" / "python"
sys.path.insert(0, str(CLIENT))

from wallet_client import AuthenticatedClient  # noqa: E402
from wallet_client.api.money import create_funding, create_payment  # noqa: E402
from wallet_client.api.organisations import create_api_key, create_organisation  # noqa: E402
from wallet_client.api.wallets import accredit_holder, create_policy, create_wallet, get_wallet  # noqa: E402
from wallet_client.models import (  # noqa: E402
    AccreditationIn,
    AccreditationInStatus,
    ApiKeyIn,
    Arrangement,
    FundingIn,
    OrganisationIn,
    PaymentIn,
    PaymentOut,
    PolicyIn,
    PolicyInRules,
    Problem,
    Role,
    Source,
    TransactionOut,
    WalletIn,
    WalletOut,
)


def _key() -> str:
    return str(uuid.uuid4())


def _as(app: Any, key: str) -> AuthenticatedClient:
    # The app in-process: the client's requests go through a TestClient (an httpx.Client) to it.
    client = AuthenticatedClient(base_url="http://testserver", token=key)
    return client.set_httpx_client(TestClient(app, base_url="http://testserver",
                                              headers={"Authorization": f"Bearer {key}"}))


def test_a_days_work_through_the_typed_client(app: Any, api: Any) -> None:
    admin = _as(app, api.admin_key)
    council = create_organisation.sync(client=admin, idempotency_key=_key(),
                                       body=OrganisationIn(name="Anytown Council", kind="funder"))
    provider = create_organisation.sync(client=admin, idempotency_key=_key(),
                                        body=OrganisationIn(name="Thrive Support", kind="holder"))
    assert not isinstance(council, Problem) and not isinstance(provider, Problem)
    funder_key = create_api_key.sync(client=admin, idempotency_key=_key(),
                                     body=ApiKeyIn(organisation_id=council.id, role=Role.FUNDER))
    holder_key = create_api_key.sync(client=admin, idempotency_key=_key(),
                                     body=ApiKeyIn(organisation_id=provider.id, role=Role.HOLDER))
    assert not isinstance(funder_key, Problem) and not isinstance(holder_key, Problem)
    funder, holder = _as(app, funder_key.key), _as(app, holder_key.key)

    accredited = accredit_holder.sync(client=funder, idempotency_key=_key(), body=AccreditationIn(
        holder_id=provider.id, status=AccreditationInStatus.ACCREDITED))
    assert not isinstance(accredited, Problem)
    rules = PolicyInRules.from_dict({"management_fee": {"percent_bp": 500}, "approval_threshold": 50000,
                                     "blocked_categories": ["gambling"], "hourly_rate": 1750})
    policy = create_policy.sync(client=funder, idempotency_key=_key(), body=PolicyIn(name="ISF", rules=rules))
    assert not isinstance(policy, Problem)
    wallet = create_wallet.sync(client=funder, idempotency_key=_key(), body=WalletIn(
        person_ref="ANY-0042", holder_id=provider.id, arrangement=Arrangement.ISF, policy_id=policy.id,
        opened_on=date(2026, 10, 26)))
    assert isinstance(wallet, WalletOut)

    funding = create_funding.sync(wallet.id, client=funder, idempotency_key=_key(), body=FundingIn(
        amount=140_000, source=Source.FUNDER, effective_date=date(2026, 10, 26), reference="4 weeks"))
    assert isinstance(funding, TransactionOut)

    paid = create_payment.sync_detailed(wallet.id, client=holder, idempotency_key=_key(), body=PaymentIn(
        amount=25_000, category="personal_assistant", payee="PA-17", effective_date=date(2026, 10, 29),
        reference="timesheet 44"))
    assert paid.status_code == 201 and isinstance(paid.parsed, PaymentOut)
    assert paid.parsed.status == "posted"

    read = get_wallet.sync(wallet.id, client=holder)
    assert isinstance(read, WalletOut)
    available = read.balances.available
    refused = create_payment.sync_detailed(wallet.id, client=holder, idempotency_key=_key(), body=PaymentIn(
        amount=available + 1_500, category="equipment", effective_date=date(2026, 10, 30)))
    assert refused.status_code == 422
    problem = refused.parsed
    assert isinstance(problem, Problem)
    assert (problem.type_, problem.status) == ("insufficient-funds", 422)
    assert problem["shortfall"] == 1_500


def _generate(into: Path) -> None:
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    if generator is None:
        pytest.skip("openapi-python-client is not installed in this venv (it is in the test extra)")
    bin_dir = str(Path(sys.executable).parent)
    subprocess.run([generator, "generate", "--path", str(ROOT / "openapi" / "openapi.json"),
                    "--config", str(ROOT / "clients" / "openapi-python-client.yaml"),
                    "--output-path", str(into), "--overwrite"],
                   check=True, capture_output=True,
                   env={"PATH": bin_dir, "HOME": str(into.parent), "RUFF_NO_CACHE": "true"})


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found = [str(Path(left.name) / name) for name in compared.left_only + compared.right_only + compared.diff_files]
    for name in compared.common_dirs:
        found += _differences(left / name, right / name)
    return found


def test_the_committed_client_is_the_one_the_document_generates(tmp_path: Path) -> None:
    regenerated = tmp_path / "python"
    _generate(regenerated)
    assert _differences(CLIENT, regenerated) == [], "the document changed: run `make client` and commit clients/"
