from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditGrantIn")


@_attrs_define
class AuditGrantIn:
    """
    Attributes:
        auditor_id (str):
        wallet_ids (list[str] | None | Unset): the wallets the auditor may read; leave out to grant every wallet you
            fund, now and later
    """

    auditor_id: str
    wallet_ids: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        auditor_id = self.auditor_id

        wallet_ids: list[str] | None | Unset
        if isinstance(self.wallet_ids, Unset):
            wallet_ids = UNSET
        elif isinstance(self.wallet_ids, list):
            wallet_ids = self.wallet_ids

        else:
            wallet_ids = self.wallet_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "auditor_id": auditor_id,
            }
        )
        if wallet_ids is not UNSET:
            field_dict["wallet_ids"] = wallet_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auditor_id = d.pop("auditor_id")

        def _parse_wallet_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                wallet_ids_type_0 = cast(list[str], data)

                return wallet_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        wallet_ids = _parse_wallet_ids(d.pop("wallet_ids", UNSET))

        audit_grant_in = cls(
            auditor_id=auditor_id,
            wallet_ids=wallet_ids,
        )

        return audit_grant_in
