from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HoldOut")


@_attrs_define
class HoldOut:
    """
    Attributes:
        amount (int):
        captured_amount (int):
        category (str):
        created_at (datetime.datetime):
        expires_on (datetime.date | None):
        id (str):
        payee (None | str):
        pending_transaction_id (str):
        reference (None | str):
        resolution_transaction_id (None | str):
        status (str):
        wallet_id (str):
    """

    amount: int
    captured_amount: int
    category: str
    created_at: datetime.datetime
    expires_on: datetime.date | None
    id: str
    payee: None | str
    pending_transaction_id: str
    reference: None | str
    resolution_transaction_id: None | str
    status: str
    wallet_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        captured_amount = self.captured_amount

        category = self.category

        created_at = self.created_at.isoformat()

        expires_on: None | str
        if isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        id = self.id

        payee: None | str
        payee = self.payee

        pending_transaction_id = self.pending_transaction_id

        reference: None | str
        reference = self.reference

        resolution_transaction_id: None | str
        resolution_transaction_id = self.resolution_transaction_id

        status = self.status

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "captured_amount": captured_amount,
                "category": category,
                "created_at": created_at,
                "expires_on": expires_on,
                "id": id,
                "payee": payee,
                "pending_transaction_id": pending_transaction_id,
                "reference": reference,
                "resolution_transaction_id": resolution_transaction_id,
                "status": status,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        captured_amount = d.pop("captured_amount")

        category = d.pop("category")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_expires_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_on_type_0 = datetime.date.fromisoformat(data)

                return expires_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        expires_on = _parse_expires_on(d.pop("expires_on"))

        id = d.pop("id")

        def _parse_payee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payee = _parse_payee(d.pop("payee"))

        pending_transaction_id = d.pop("pending_transaction_id")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_resolution_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolution_transaction_id = _parse_resolution_transaction_id(d.pop("resolution_transaction_id"))

        status = d.pop("status")

        wallet_id = d.pop("wallet_id")

        hold_out = cls(
            amount=amount,
            captured_amount=captured_amount,
            category=category,
            created_at=created_at,
            expires_on=expires_on,
            id=id,
            payee=payee,
            pending_transaction_id=pending_transaction_id,
            reference=reference,
            resolution_transaction_id=resolution_transaction_id,
            status=status,
            wallet_id=wallet_id,
        )

        hold_out.additional_properties = d
        return hold_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
