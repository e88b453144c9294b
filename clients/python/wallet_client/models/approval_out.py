from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApprovalOut")


@_attrs_define
class ApprovalOut:
    """
    Attributes:
        amount (int):
        category (str):
        decided_at (datetime.datetime | None):
        decision_reason (None | str):
        effective_date (datetime.date):
        id (str):
        payee (None | str):
        pending_transaction_id (str):
        reference (None | str):
        resolution_transaction_id (None | str):
        status (str):
        wallet_id (str):
        why (str):
    """

    amount: int
    category: str
    decided_at: datetime.datetime | None
    decision_reason: None | str
    effective_date: datetime.date
    id: str
    payee: None | str
    pending_transaction_id: str
    reference: None | str
    resolution_transaction_id: None | str
    status: str
    wallet_id: str
    why: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        category = self.category

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_reason: None | str
        decision_reason = self.decision_reason

        effective_date = self.effective_date.isoformat()

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

        why = self.why

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "decided_at": decided_at,
                "decision_reason": decision_reason,
                "effective_date": effective_date,
                "id": id,
                "payee": payee,
                "pending_transaction_id": pending_transaction_id,
                "reference": reference,
                "resolution_transaction_id": resolution_transaction_id,
                "status": status,
                "wallet_id": wallet_id,
                "why": why,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        category = d.pop("category")

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

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

        why = d.pop("why")

        approval_out = cls(
            amount=amount,
            category=category,
            decided_at=decided_at,
            decision_reason=decision_reason,
            effective_date=effective_date,
            id=id,
            payee=payee,
            pending_transaction_id=pending_transaction_id,
            reference=reference,
            resolution_transaction_id=resolution_transaction_id,
            status=status,
            wallet_id=wallet_id,
            why=why,
        )

        approval_out.additional_properties = d
        return approval_out

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
