from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JournalRowOut")


@_attrs_define
class JournalRowOut:
    """
    Attributes:
        account (str):
        credit (int): minor units
        currency (str):
        debit (int): minor units
        effective_date (datetime.date): the value date
        kind (str):
        kind_label (str): what the kind of transaction is, in plain words
        memo (None | str): the spending category, or what a fee or movement was
        phase (str): posted; with include_pending also pending and release
        pool_id (None | str):
        posting_id (int):
        recorded_at (datetime.datetime):
        reference (None | str):
        source (None | str): the funding source, for an available or pool share account
        transaction_id (str):
        wallet_id (None | str): the wallet whose account it is (a pool share's member)
    """

    account: str
    credit: int
    currency: str
    debit: int
    effective_date: datetime.date
    kind: str
    kind_label: str
    memo: None | str
    phase: str
    pool_id: None | str
    posting_id: int
    recorded_at: datetime.datetime
    reference: None | str
    source: None | str
    transaction_id: str
    wallet_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        credit = self.credit

        currency = self.currency

        debit = self.debit

        effective_date = self.effective_date.isoformat()

        kind = self.kind

        kind_label = self.kind_label

        memo: None | str
        memo = self.memo

        phase = self.phase

        pool_id: None | str
        pool_id = self.pool_id

        posting_id = self.posting_id

        recorded_at = self.recorded_at.isoformat()

        reference: None | str
        reference = self.reference

        source: None | str
        source = self.source

        transaction_id = self.transaction_id

        wallet_id: None | str
        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "credit": credit,
                "currency": currency,
                "debit": debit,
                "effective_date": effective_date,
                "kind": kind,
                "kind_label": kind_label,
                "memo": memo,
                "phase": phase,
                "pool_id": pool_id,
                "posting_id": posting_id,
                "recorded_at": recorded_at,
                "reference": reference,
                "source": source,
                "transaction_id": transaction_id,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        credit = d.pop("credit")

        currency = d.pop("currency")

        debit = d.pop("debit")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        kind = d.pop("kind")

        kind_label = d.pop("kind_label")

        def _parse_memo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        memo = _parse_memo(d.pop("memo"))

        phase = d.pop("phase")

        def _parse_pool_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pool_id = _parse_pool_id(d.pop("pool_id"))

        posting_id = d.pop("posting_id")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        transaction_id = d.pop("transaction_id")

        def _parse_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id"))

        journal_row_out = cls(
            account=account,
            credit=credit,
            currency=currency,
            debit=debit,
            effective_date=effective_date,
            kind=kind,
            kind_label=kind_label,
            memo=memo,
            phase=phase,
            pool_id=pool_id,
            posting_id=posting_id,
            recorded_at=recorded_at,
            reference=reference,
            source=source,
            transaction_id=transaction_id,
            wallet_id=wallet_id,
        )

        journal_row_out.additional_properties = d
        return journal_row_out

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
