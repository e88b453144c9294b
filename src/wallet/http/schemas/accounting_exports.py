"""The accounting exports as files (CSV in the vendor's layout), and the holder's account mapping."""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel, Field

from wallet.domain.accounting_exports import DEFAULT_CODES, LAYOUTS, AccountMapping, LedgerAccount, vendor_rows
from wallet.http.schemas.common import RequestBody
from wallet.usecases.accounting_export import AccountingExport


def accounting_csv(export: AccountingExport) -> str:
    """The header row of the vendor's template, then every line of the part's journals: nothing
    else, so the importer reads only journal lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LAYOUTS[export.vendor].columns)
    for journal in export.journals:
        writer.writerows(vendor_rows(export.vendor, journal, export.mapping))
    return out.getvalue()


def export_headers(export: AccountingExport) -> dict[str, str]:
    name = (f"journal-{export.holder_id}-{export.first_day}-{export.last_day}-{export.vendor.value}"
            f"-part-{export.part}-of-{export.parts}.csv")
    return {"Content-Disposition": f'attachment; filename="{name}"', "X-Export-Part": str(export.part),
            "X-Export-Parts": str(export.parts), "X-Export-Lines-Per-File": str(export.lines_per_file),
            "X-Export-Fingerprint": export.fingerprint}


class MappedAccountOut(BaseModel):
    account: LedgerAccount = Field(description="the kind of ledger account")
    name: str = Field(description="what it holds, in plain words")
    code: str = Field(description="the holder's nominal code, or the default when it has set none")
    default_code: str
    is_default: bool


class AccountMappingOut(BaseModel):
    holder_id: str
    accounts: list[MappedAccountOut]

    @classmethod
    def of(cls, holder_id: str, mapping: AccountMapping) -> AccountMappingOut:
        return cls(holder_id=holder_id, accounts=[
            MappedAccountOut(account=account, name=name, code=mapping.code_for(account), default_code=default,
                             is_default=mapping.is_default(account))
            for account, (default, name) in DEFAULT_CODES.items()])


class AccountMappingIn(RequestBody):
    codes: dict[str, str] = Field(
        description="{kind of ledger account: nominal code} for the kinds to map; every kind left out takes "
                    "its default code. Codes are 1 to 10 letters or digits.",
        examples=[{"client_bank": "090", "held_for_people_funder": "2100", "fee_income": "200"}])
