"""A holder's mapping of ledger accounts to its own nominal codes, used by the accounting exports."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import APIRouter, Header

from wallet.domain.accounting_exports import DEFAULT_CODES
from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import IdempotentRequest, SessionDep, require
from wallet.http.schemas.accounting_exports import AccountMappingIn, AccountMappingOut
from wallet.usecases.account_mapping import get_account_mapping, replace_account_mapping

router = APIRouter(prefix="/v1", tags=["reports"])

DEFAULTS = "\n".join(f"- `{account.value}` ({name}): `{code}`" for account, (code, name) in DEFAULT_CODES.items())
MAPPING_DESCRIPTION = f"""\
The nominal code of the holder's own chart of accounts for each kind of ledger account, as
`GET /v1/reports/journal?format=xero|sage` books it. A kind the holder has not set takes its
default:

{DEFAULTS}
"""


@router.get("/holders/{holder_id}/account-mapping", response_model=AccountMappingOut,
            operation_id="getAccountMapping", summary="The holder's nominal code for each kind of ledger account",
            description=MAPPING_DESCRIPTION)
def get_mapping(holder_id: str, session: SessionDep,
                principal: Principal = require(Role.HOLDER, Role.ADMIN)) -> AccountMappingOut:
    return AccountMappingOut.of(holder_id, get_account_mapping(session, principal, holder_id))


@router.put("/holders/{holder_id}/account-mapping", response_model=AccountMappingOut,
            operation_id="replaceAccountMapping", summary="Replace the holder's nominal codes",
            description="Replaces the whole mapping: every kind left out of `codes` goes back to its default. "
                        "Recorded in the audit trail. Sending the same body again changes nothing; with an "
                        "`Idempotency-Key` a retry also replays the first response.\n\n" + MAPPING_DESCRIPTION)
def put_mapping(
    holder_id: str, body: AccountMappingIn, session: SessionDep,
    principal: Principal = require(Role.HOLDER, Role.ADMIN),
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255,
                                                  description="optional: a retry with the same key and body "
                                                              "replays the first response")] = None,
):  # type: ignore[no-untyped-def]
    def replace() -> AccountMappingOut:
        return AccountMappingOut.of(holder_id, replace_account_mapping(session, principal, holder_id, body.codes))

    if idempotency_key is None:
        return replace()
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    fingerprint = hashlib.sha256(f"PUT /v1/holders/{holder_id}/account-mapping\n{canonical}".encode()).hexdigest()
    return IdempotentRequest(principal, idempotency_key, fingerprint).respond(session, 200, replace)
