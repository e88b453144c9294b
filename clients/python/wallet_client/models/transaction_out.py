from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.posting_out import PostingOut
    from ..models.transaction_out_details import TransactionOutDetails


T = TypeVar("T", bound="TransactionOut")


@_attrs_define
class TransactionOut:
    """
    Attributes:
        description (None | str):
        details (TransactionOutDetails):
        effective_date (datetime.date):
        id (str):
        kind (str):
        postings (list[PostingOut]):
        recorded_at (datetime.datetime):
        reference (None | str):
        resolves_id (None | str):
        reverses_id (None | str):
    """

    description: None | str
    details: TransactionOutDetails
    effective_date: datetime.date
    id: str
    kind: str
    postings: list[PostingOut]
    recorded_at: datetime.datetime
    reference: None | str
    resolves_id: None | str
    reverses_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description: None | str
        description = self.description

        details = self.details.to_dict()

        effective_date = self.effective_date.isoformat()

        id = self.id

        kind = self.kind

        postings = []
        for postings_item_data in self.postings:
            postings_item = postings_item_data.to_dict()
            postings.append(postings_item)

        recorded_at = self.recorded_at.isoformat()

        reference: None | str
        reference = self.reference

        resolves_id: None | str
        resolves_id = self.resolves_id

        reverses_id: None | str
        reverses_id = self.reverses_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "details": details,
                "effective_date": effective_date,
                "id": id,
                "kind": kind,
                "postings": postings,
                "recorded_at": recorded_at,
                "reference": reference,
                "resolves_id": resolves_id,
                "reverses_id": reverses_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.posting_out import PostingOut  # noqa: PLC0415
        from ..models.transaction_out_details import TransactionOutDetails  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        details = TransactionOutDetails.from_dict(d.pop("details"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        id = d.pop("id")

        kind = d.pop("kind")

        postings = []
        _postings = d.pop("postings")
        for postings_item_data in _postings:
            postings_item = PostingOut.from_dict(postings_item_data)

            postings.append(postings_item)

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_resolves_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolves_id = _parse_resolves_id(d.pop("resolves_id"))

        def _parse_reverses_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reverses_id = _parse_reverses_id(d.pop("reverses_id"))

        transaction_out = cls(
            description=description,
            details=details,
            effective_date=effective_date,
            id=id,
            kind=kind,
            postings=postings,
            recorded_at=recorded_at,
            reference=reference,
            resolves_id=resolves_id,
            reverses_id=reverses_id,
        )

        transaction_out.additional_properties = d
        return transaction_out

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
