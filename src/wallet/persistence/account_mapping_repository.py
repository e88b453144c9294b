"""A holder's nominal codes, as it last set them."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select

from wallet.persistence.accounting_tables import account_mappings
from wallet.persistence.repository import Repository
from wallet.persistence.types import utc_now


class AccountMappingRepository(Repository):

    def codes(self, holder_id: str) -> dict[str, str]:
        """{kind of ledger account: the holder's code}, for the kinds it has set."""
        return {account: code for account, code in self.session.execute(
            select(account_mappings.c.account, account_mappings.c.code)
            .where(account_mappings.c.holder_id == holder_id).order_by(account_mappings.c.account))}

    def replace(self, holder_id: str, codes: Mapping[str, str]) -> None:
        self.session.execute(delete(account_mappings).where(account_mappings.c.holder_id == holder_id))
        now = utc_now()
        self._insert_many(account_mappings, ({"holder_id": holder_id, "account": account, "code": code,
                                              "updated_at": now} for account, code in sorted(codes.items())))
        self.session.flush()
